"""Commercial intent of a sentence, independent of brand lists: pitch, teaser, comment-spam shape.

Two models, both fitted offline by ``tools/train_spam_intent.py`` (scikit-learn) and shipped as
plain data; at run time they are dictionary look-ups and one dot product (no scikit-learn,
numpy or scipy on the check path).

1. The **intent classifier** (``rules/models/spam-intent.tsv``): an L2 logistic regression over
   the sentence features of ``spammodel.features`` (word and character n-grams with numbers,
   URLs and money folded to shapes) plus the brand-independent *shape* features of
   ``shape_features``: a call to action, a price or percentage off, reward and urgency words,
   superlatives and customer-benefit words ("seamless", "no prescription"), the seller's "we
   offer / our team", praise of "your blog / this article" (comment spam), a testimonial ("I
   contacted ... who helped me recover"), a clickbait teaser ("what happens", a number-led list,
   a Title Case headline inside body text), second-person address, a contact (URL, handle,
   WhatsApp/Telegram), a name written like a brand (CamelCase, all capitals, a domain). It is
   trained on pitches (the fit part of bench/data/realweb_spam.jsonl, spam-mail sentences,
   YouTube and SMS spam) and clickbait headlines (the native-ad teaser shape) against news,
   encyclopaedia, crypto-news and other article sentences and ordinary headlines.
2. The **scorer** (``rules/models/spam-intent-scorer.json``): a logistic regression over the
   sentence in its article (``SCORER_FEATURES``): the intent log-odds and how far it stands
   above the article's own sentences, the TF-IDF and topic similarity to the rest of the article
   (``spamsignals``), a product or site name that occurs nowhere else in the article, a
   commercial or affiliate link in the sentence (``linkhosts``), quotation, and how much of the
   article itself reads like a pitch (a press release or a deals page is not an insertion into
   it). Its thresholds come from the same tool, set on untouched fit-split news articles.

Modules: ``intentshapes`` (shape cues, new names), ``intentsignals`` (the classifier on every
unit, the models), ``intentscorer`` (which units the scorer weighs and what it reads); this one
is the detector and its messages.
"""

from __future__ import annotations

import math
from collections.abc import Iterator

from ..analyse.lexicons import matcher_for
from ..findings import Hit, Severity
from ..segment.document import Document
from .base import Detector, ParamError
from .intentscorer import scored_units, scorer_value
from .intentsignals import (
    INTENT_MODEL,
    SCORER_MODEL,
    IntentSignals,
    intent_signals,
    load_intent_model,
    load_scorer,
)
from .linkhosts import HostClassifier
from .spamsignals import sentence_signals
from .spamunits import units_with_phrases

_CUE_WORDS = (
    ("@price", "a price or discount"),
    ("@cta-open", "a call to action"),
    ("@cta", "a call to action"),
    ("@reward", "a bonus or reward"),
    ("@praise+page", "praise of the page itself ('your blog', 'this article')"),
    ("@praise-writing", "generic praise of the writing"),
    ("@testimonial", "a testimonial"),
    ("@seller", "the seller's own voice ('we offer', 'our service')"),
    ("@teaser", "a clickbait formula"),
    ("@title-case", "a Title Case headline inside body text"),
    ("@number-led", "a numbered-list headline"),
    ("@benefit", "customer-benefit claims"),
    ("@superlative", "sales superlatives"),
    ("@urgency", "urgency"),
    ("@contact", "contact details or a link"),
    ("@you2", "second-person address"),
    ("@you", "second-person address"),
)


def describe(isig: IntentSignals, text: str) -> tuple[str, str, list[str]]:
    """(kind of insertion, what it sells, cue descriptions) for a flagged unit."""
    shapes = isig.shapes
    if isig.links and any(cat or aff for *_, cat, aff in isig.links):
        host = next(h for _, _, h, cat, aff in isig.links if cat or aff)
    else:
        host = isig.links[0][2] if isig.links else ""
    name = isig.names[0][2] if isig.names else ""
    if shapes & {"@praise+page", "@praise-writing"} and not isig.names:
        kind = "comment spam"
    elif shapes & {"@teaser", "@title-case", "@number-led"} and not host and (
            "@contact" not in shapes):
        kind = "native-ad teaser"  # (a Title Case headline makes "names" of its own words)
        name = ""
    elif "@testimonial" in shapes and shapes & {"@scam-words", "@earn"}:
        kind = "testimonial pitch"
    else:
        kind = "advert"
    if name:
        what = f"'{' '.join(name.split())}', a name the article never mentions"
    elif host:
        what = f"a link to {host}"
    elif kind == "native-ad teaser":
        what = "a click to a sponsored page"
    elif kind == "comment spam":
        what = "the commenter's own site"
    else:
        what = "a product or service the article does not cover"
    cues: list[str] = []
    for feat, words in _CUE_WORDS:
        if feat in shapes and words not in cues:
            cues.append(words)
    for _, _, h, cat, aff in isig.links:
        if cat and cat != "shortener":
            cues.insert(0, f"a link to a {cat} site ({h})")
        elif aff:
            cues.insert(0, f"an affiliate-tracked link ({h})")
    return kind, what, cues[:4]


class CommercialIntentDetector(Detector):
    """Kind ``commercial-intent`` (module docstring)."""

    kind = "commercial-intent"
    english_only = True

    def __init__(self, params: dict) -> None:
        super().__init__(params)
        model = self.text("model", INTENT_MODEL)
        scorer = self.text("scorer", SCORER_MODEL)
        self.category_files = self.categories("categories", required=False)
        host_files = self.categories("hosts", required=False)
        self.max_similarity = self.number("max_similarity", 0.25, 0.0, 1.0)
        self.min_words = self.integer("min_words", 3, 1)
        self.min_sentences = self.integer("min_sentences", 4, 1)
        self.join_margin = self.number("join_margin", 2.0, 0.0, 50.0)
        self.tail_blocks = self.integer("tail_blocks", 2, 0)
        self.finish_params()
        try:
            self.model_file = model
            load_intent_model(model)
            self.scorer = load_scorer(scorer)
        except (OSError, ValueError) as err:
            raise ParamError("scorer", f"cannot read the SP104 models: {err}") from None
        self.warning_at = float(self.scorer["warning_at"])
        self.error_at = float(self.scorer["error_at"])
        self.gate = float(self.scorer.get("gate", 0.0))
        self.hosts = HostClassifier(host_files)
        self.matcher = matcher_for(tuple(
            (cat, name) for cat, files in self.category_files.items() for name in files))


    def detect(self, doc: Document) -> Iterator[Hit]:
        sigs = sentence_signals(doc)
        if sum(1 for s in sigs if s.words >= self.min_words) < self.min_sentences:
            return
        isigs = intent_signals(doc, self.model_file, self.hosts)
        # units SP101 (a lexicon phrase or link it reports) or SP102 already report; a phrase
        # SP101 only notes (on-topic, reported speech) does not keep SP104 away
        sp101 = doc.cache.get("commercial_insertion:reported")
        if sp101 is None:  # SP101 not run: leave every lexicon unit to it
            skip = units_with_phrases(doc, self.matcher, sigs)
        else:
            skip = {k for k, sig in enumerate(sigs) if sig.sentence in sp101}
        skip |= doc.cache.get("spam_sentence:reported", set())
        scores = {k: scorer_value(self.scorer, x) for k, x in scored_units(
            doc, sigs, isigs, self.gate, self.max_similarity, self.min_words, skip,
            self.tail_blocks)}
        flagged = sorted(k for k, v in scores.items() if v >= self.warning_at)
        members = set(flagged)
        join_at = self.warning_at - self.join_margin
        for k in flagged:  # a neighbour leaning the same way belongs to the same insertion
            for step in (-1, 1):
                j = k + step
                while (j in scores and j not in members and scores[j] >= join_at
                       and doc.sentences[sigs[j].sentence].block
                       == doc.sentences[sigs[k].sentence].block):
                    members.add(j)
                    j += step
        groups: list[list[int]] = []
        for k in sorted(members):
            if groups and groups[-1][-1] == k - 1:
                groups[-1].append(k)
            else:
                groups.append([k])
        text = doc.lint_text
        for group in groups:
            best = max(group, key=lambda k: scores[k])
            sig, isig = sigs[best], isigs[best]
            # the message describes the whole passage: names, links and cues of every unit
            merged = IntentSignals(
                isig.logit, isig.z,
                names=[n for k in group for n in isigs[k].names],
                shapes=frozenset().union(*(isigs[k].shapes for k in group)),
                links=[lk for k in group for lk in isigs[k].links])
            kind, what, cues = describe(merged, text[sig.start:sig.end])
            fit = (f"shares almost no words with the article (similarity {sig.cos:.2f})"
                   if sig.cos < 0.05 else f"fits the article poorly (similarity {sig.cos:.2f})")
            detail = f"it promotes {what}"
            if cues:
                detail += f" ({', '.join(cues)})"
            data = {
                "kind": kind,
                "what": what,
                "cues": ", ".join(cues) or "none",
                "why": f"{detail}; {fit}",
                "score": round(scores[best], 2),
                "intent_probability": round(1 / (1 + math.exp(-max(-30.0, isig.logit))), 3),
                "similarity": round(sig.cos, 3),
            }
            if merged.names:
                data["names"] = [n for _, _, n in merged.names]
            severity = Severity.ERROR if scores[best] >= self.error_at else Severity.WARNING
            yield Hit(sigs[group[0]].start, sigs[group[-1]].end,
                      1.0 if severity == Severity.ERROR else 0.6, data, severity=severity)

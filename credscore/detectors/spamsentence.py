"""Kind ``spam-sentence``: a sentence that reads like a spam message and does not fit the article.

Signals per sentence (``spamsignals``): the shipped spam classifier's log-odds, how far that is
above the article's own sentences (z-score), the TF-IDF similarity of the sentence to the rest
of the article, quotation marks, commercial cues (phone numbers, SMS short codes, URLs, calls to
action, money prizes), shouting, first/second-person address in a third-person report, the
share of its words found nowhere else in the article or unknown to news vocabulary.
Small gradient-boosted trees fitted on cross-fitted examples of the benchmark's fit split
(``tools/train_spam_combiner.py``, exported as JSON, evaluated in pure Python) weigh them into
one score; ``warning_at`` and ``error_at`` come from the same file (chosen for low article
false-positive rates on untouched news, scored out of fold).

The combined score never flags a sentence on topical and stylistic oddity alone: one of the
classifiers must lean towards spam (log-odds > 0) or a commercial cue must be present
(``has_spam_evidence``). Paragraphs of a labelled notice (disclaimer, disclosure, editor's
note, about the author) and a site's name-and-tagline line are skipped. Sentences holding a
phrase from the commercial lexicons (``categories``) are left to the ``commercial-insertion``
kind (SP101), which reports the phrase itself, unless they sit between flagged sentences:
consecutive flagged sentences become one finding spanning the whole inserted passage.

Parameters: ``model`` (combiner file under rules/models/, default ``spam-combiner.json``),
``categories`` (the commercial lexicons, as for SP101), ``max_similarity`` (a sentence at least
this similar to the rest of the article is never flagged, default 0.25), ``min_words`` (shorter
sentences are flagged only with a contact or self-promotion: "pls subscribe!", default 3),
``min_sentences`` (texts with fewer sentences of that length are skipped: there is no article for
a sentence to be foreign to; default 4), ``join_at`` (a unit next to a flagged one, in the same
paragraph, joins its finding when its own combined score reaches this: the finding then covers
the whole inserted passage; default 0.0, the combiner's even odds).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from functools import lru_cache

from ..analyse.lexicons import matcher_for
from ..findings import Hit, Severity
from ..paths import rules_dir
from ..regex import patterncache
from ..segment.document import Document
from .base import Detector, ParamError
from .spamcombiner import (
    COMBINER_FEATURES,
    candidate,
    combiner_features,
    has_spam_evidence,
    tree_score,
)
from .spamsignals import SentenceSignals, sentence_signals
from .spamunits import units_with_phrases

_NOTICE = patterncache.compile(
    r"\s*[#*_]*\s*(?:disclaimer|disclosure|risk warning|important notice|legal notice|"
    r"editor'?s note|about the author|terms and conditions)\b", re.IGNORECASE)
#: a site's own name-and-tagline line ("hokanews.com – Not Just Crypto News."): page template,
#: reported by the promo family (PR103), not a message inserted into the story. A tagline is a
#: short calm phrase: a line with figures or an exclamation ("shop.xyz - Get 70% off, click
#: now!") is a pitch and is scored like any other
_MASTHEAD = patterncache.compile(
    r"[ \t]*[\w-]+\.(?:com|net|io|org|news|co|info|xyz|media|co\.uk)[ \t]+[-–—|:][ \t]+"
    r"[^\n\d!%$€£]{3,80}$", re.IGNORECASE)


def notice_blocks(doc: Document) -> set[int]:
    """Blocks of a labelled notice (a disclaimer, disclosure, editor's note or author box, by
    its own label or the heading right above it) and a site's name-and-tagline line: they
    address the reader by design, so their sentences are not taken for inserted messages (the
    promo family reports them)."""
    out: set[int] = set()
    text = doc.lint_text
    for i, block in enumerate(doc.blocks):
        if _MASTHEAD.fullmatch(text, block.start, block.end):
            out.add(i)
        elif _NOTICE.match(text, block.start):
            out.add(i)
            if block.kind == "heading" and i + 1 < len(doc.blocks):
                out.add(i + 1)
    return out


@lru_cache(maxsize=4)
def load_combiner(name: str) -> dict:
    path = rules_dir() / "models" / name
    with path.open(encoding="utf-8") as fh:
        data = json.load(fh)
    if tuple(data.get("features", ())) != COMBINER_FEATURES:
        raise ValueError(f"{name}: its features do not match this version of credscore "
                         "(re-run tools/train_spam_combiner.py)")
    return data


class SpamSentenceDetector(Detector):
    kind = "spam-sentence"
    english_only = True

    def __init__(self, params: dict) -> None:
        super().__init__(params)
        model = self.text("model", "spam-combiner.json")
        self.category_files = self.categories("categories", required=False)
        self.max_similarity = self.number("max_similarity", 0.25, 0.0, 1.0)
        self.min_words = self.integer("min_words", 3, 1)
        self.min_sentences = self.integer("min_sentences", 4, 1)
        self.join_at = self.number("join_at", 0.0, -50.0, 50.0)
        self.finish_params()
        try:
            self.combiner = load_combiner(model)
        except (OSError, ValueError) as err:
            raise ParamError("model", f"cannot read rules/models/{model}: {err}") from None
        self.trees = self.combiner["trees"]
        self.baseline = float(self.combiner["baseline"])
        self.warning_at = float(self.combiner["warning_at"])
        self.error_at = float(self.combiner["error_at"])
        self.matcher = matcher_for(tuple(
            (cat, name) for cat, files in self.category_files.items() for name in files
        ))


    def _grow(self, flagged: list[int], scores: dict[int, float],
              signals: list[SentenceSignals], doc: Document) -> set[int]:
        """The flagged units plus, on each side, the run of adjacent units of the same paragraph
        scored at least ``join_at`` ("Had your mobile 11 months or more?" before a flagged
        prize text): the finding then spans the whole passage. Growing never starts one."""
        members = set(flagged)
        for k in flagged:
            for step in (-1, 1):
                j = k + step
                while (j in scores and j not in members and scores[j] >= self.join_at
                       and doc.sentences[signals[j].sentence].block
                       == doc.sentences[signals[k].sentence].block):
                    members.add(j)
                    j += step
        return members

    def score(self, feats: list[float]) -> float:
        return tree_score(self.baseline, self.trees, feats)

    def detect(self, doc: Document) -> Iterator[Hit]:
        signals = sentence_signals(doc)
        if sum(1 for sig in signals if sig.words >= self.min_words) < self.min_sentences:
            return  # too short to have an article for a sentence to be foreign to
        # (unit, score, owned by SP101): owned units only join a group, never start one alone
        flagged: list[tuple[int, float, bool]] = []
        notices = notice_blocks(doc)
        owned = units_with_phrases(doc, self.matcher, signals)
        scores: dict[int, float] = {}  # every unit the combiner scored
        for k, sig in enumerate(signals):
            if not candidate(sig, self.max_similarity, self.min_words):
                continue
            if doc.sentences[sig.sentence].block in notices:
                continue
            if not has_spam_evidence(sig):
                continue
            value = scores[k] = self.score(combiner_features(sig))
            if value >= self.warning_at:
                flagged.append((k, value, k in owned))
        # a neighbour leaning the same way belongs to the same inserted passage
        members = self._grow([k for k, _, _ in flagged], scores, signals, doc)
        groups: list[list[tuple[int, float, bool]]] = []
        for k in sorted(members):
            item = (k, scores[k], k in owned)
            if groups and groups[-1][-1][0] == k - 1:
                groups[-1].append(item)
            else:
                groups.append([item])
        # a group of sentences SP101 already reports (a lexicon phrase in each) is left to it
        groups = [[(k, v) for k, v, _ in g] for g in groups if not all(o for _, _, o in g)]
        # the units reported here, so that the commercial-intent rule (SP104) does not report
        # the same sentence again
        doc.cache["spam_sentence:reported"] = {k for g in groups for k, _ in g}
        for group in groups:
            first, last = signals[group[0][0]], signals[group[-1][0]]
            best_k, best = max(group, key=lambda kv: kv[1])
            sig = signals[best_k]
            cues = sorted({kind for _, _, kind in sig.cues})
            data = {
                "spam_probability": round(sig.probability, 3),
                "similarity": round(sig.cos, 3),
                "score": round(best, 2),
                "cues": ", ".join(cues) or "no commercial cue",
                "why": self._why(sig, cues),
            }
            severity = Severity.ERROR if best >= self.error_at else Severity.WARNING
            confidence = 1.0 if severity == Severity.ERROR else 0.6
            yield Hit(first.start, last.end, confidence, data, severity=severity)

    @staticmethod
    def _why(sig, cues: list[str]) -> str:  # type: ignore[no-untyped-def]
        parts = [f"reads like a spam message (p={sig.probability:.2f})"]
        if cues:
            parts.append("has " + ", ".join(cues))
        parts.append(f"shares almost no words with the article (similarity {sig.cos:.2f})"
                     if sig.cos < 0.05 else f"fits the article poorly (similarity {sig.cos:.2f})")
        return "; ".join(parts)

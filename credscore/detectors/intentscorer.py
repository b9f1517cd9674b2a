"""What SP104's scorer (``rules/models/spam-intent-scorer.json``) weighs of a unit in its
article, which units it weighs at all (commercial evidence, not page furniture, not reported by
another rule), and its value; training (``tools/train_spam_intent.py``) and the detector share
this selection.
"""

from __future__ import annotations

import math

from ..segment.document import Document
from .intentshapes import new_names
from .intentsignals import IntentSignals
from .spamcombiner import candidate, tree_score
from .spamsentence import notice_blocks
from .spamsignals import SentenceSignals

_PITCH_CUES = frozenset({"@cta-open", "@cta", "@price", "@seller", "@contact"})
"""("@reward" alone is not one: "Why do we reward mediocrity so highly?")"""
_TEASER_CUES = frozenset({"@title-case", "@number-led", "@teaser"})
#: shapes that are commercial evidence on their own (a register cue such as "you", urgency or
#: a superlative is not: columnists write "When you are gunning for ultimate success")
COMMERCIAL_SHAPES = _PITCH_CUES | _TEASER_CUES | frozenset(
    {"@praise+page", "@praise-writing", "@testimonial", "@camel-name", "@caps-name"})


#: sales-copy claims that are evidence only when stacked (three or more: "the most
#: user-friendly platform, a seamless experience for both beginners and seasoned traders")
_SOFT_CUES = frozenset({"@superlative", "@benefit", "@audience", "@product-talk", "@earn",
                        "@urgency", "@reward"})


def has_commercial_evidence(isig: IntentSignals) -> bool:
    """A pitch, teaser, comment-spam or testimonial cue, a new product or site name, or a
    link: the scorer only weighs units with some (names must be set, ``unit_features``). A
    unit that reports what someone said ("One blogger said he sold $4,000 of machines through
    a referral link", "predicted Morgan Stanley strategist ...") needs a link or a pitch cue:
    news narrates pitches it does not make."""
    if isig.reported and not (isig.links or isig.shapes & _PITCH_CUES):
        return False
    return bool(isig.shapes & COMMERCIAL_SHAPES or isig.names or isig.links
                or len(isig.shapes & _SOFT_CUES) >= 3)


def scorer_features(sig: SentenceSignals, isig: IntentSignals) -> list[float]:
    """The facts the scorer weighs (names in ``SCORER_FEATURES``), clipped to sane ranges."""
    link = 0.0
    for *_, cat, affiliate in isig.links:
        link = max(link, 1.0 if (cat and cat != "shortener") or affiliate else 0.5)
    if not link and any(kind in ("url", "e-mail") for _, _, kind in sig.cues):
        link = 0.5
    return [
        max(-12.0, min(12.0, isig.logit)),
        max(-5.0, min(8.0, isig.z)),
        sig.cos,
        sig.topic_cos,
        1.0 if isig.names else 0.0,
        link,
        1.0 if sig.own_quote else 0.0,
        1.0 if sig.quoted and not sig.own_quote else 0.0,
        isig.host_intent,
        sig.address,
        math.log1p(sig.tokens),
        1.0 if sig.continues else 0.0,
        float(min(4, sig.person)),
        float(min(3, sig.exclaim)),
        sig.novel,
        sig.rare,
        sig.host_voice,
        float(min(3, sig.chat)),
        1.0 if sig.imperative else 0.0,
        float(len(isig.shapes & _PITCH_CUES)),
        float(len(isig.shapes & _TEASER_CUES)),
        (1.0 if "@praise+page" in isig.shapes else 0.0)
        + (1.0 if "@praise-writing" in isig.shapes else 0.0),
        (1.0 if "@testimonial" in isig.shapes else 0.0)
        + (1.0 if isig.shapes & {"@scam-words", "@earn"} else 0.0),
        1.0 if isig.shapes & {"@camel-name", "@caps-name"} else 0.0,
        1.0 if isig.reported else 0.0,
    ]


def unit_features(doc: Document, sig: SentenceSignals, isig: IntentSignals) -> list[float]:
    """``scorer_features`` of a unit after finding its new names (set on ``isig``)."""
    isig.names = new_names(doc, sig.start, sig.end)
    return scorer_features(sig, isig)


def furniture_blocks(doc: Document, tail: int = 2) -> set[int]:
    """Blocks that are page structure rather than article prose: headings, one-sentence blocks
    among the last ``tail`` text blocks and a closing block of one or two sentences (sign-offs,
    "read more on our site", "subscribe to ...": the publisher's own promotion, which the
    promo family reports)."""
    out = {i for i, b in enumerate(doc.blocks) if b.kind == "heading"}
    if tail:
        per_block: dict[int, int] = {}
        for s in doc.sentences:
            per_block[s.block] = per_block.get(s.block, 0) + 1
        text_blocks = [i for i, b in enumerate(doc.blocks) if b.kind != "heading"]
        for i in text_blocks[-tail:]:
            if per_block.get(i, 0) <= 1:
                out.add(i)
        if text_blocks and per_block.get(text_blocks[-1], 0) <= 2:
            out.add(text_blocks[-1])  # the closing lines: "Join us next Friday for more ..."
    return out


def scored_units(doc: Document, sigs: list[SentenceSignals], isigs: list[IntentSignals],
                 gate: float, max_similarity: float = 0.25, min_words: int = 3,
                 skip: set[int] | frozenset[int] = frozenset(), tail_blocks: int = 2
                 ) -> list[tuple[int, list[float]]]:
    """(unit index, ``scorer_features``) of the units the scorer weighs: candidates (not on the
    article's topic, long enough or with a contact) whose intent log-odds exceed ``gate``, with
    commercial evidence, outside labelled notices, headings and footer blocks, and not in
    ``skip`` (units other rules report). Training and the detector share this selection."""
    notices = notice_blocks(doc) | furniture_blocks(doc, tail_blocks)
    out = []
    for k, (sig, isig) in enumerate(zip(sigs, isigs)):
        if isig.logit <= gate or k in skip or not candidate(sig, max_similarity, min_words):
            continue
        if doc.sentences[sig.sentence].block in notices:
            continue
        x = unit_features(doc, sig, isig)
        if has_commercial_evidence(isig):
            out.append((k, x))
    return out


def scorer_value(scorer: dict, x: list[float]) -> float:
    """Log-odds of the scorer for feature vector ``x``: gradient-boosted trees
    (``spamcombiner.tree_score``) or a standardised linear model."""
    if "trees" in scorer:
        return tree_score(scorer["baseline"], scorer["trees"], x)
    total = scorer["intercept"]
    for v, mean, scale, w in zip(x, scorer["mean"], scorer["scale"], scorer["coef"]):
        total += w * (v - mean) / scale
    return float(total)

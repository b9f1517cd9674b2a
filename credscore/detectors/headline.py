"""Kind ``clickbait-headline``: a headline written to make the reader click, not to inform.

The model is a logistic regression over the headline's words and word pairs (numbers folded to
``<n>``) and a few shape cues (opens with a number, second person, a question, a teaser
pronoun: "This", "These", "Here's"), fitted by ``tools/train_clickbait.py`` (scikit-learn) on the
``clickbait_headlines`` corpus (Chakraborty et al. 2016: BuzzFeed, Upworthy, ViralNova... against
WikiNews, NYT, Guardian, The Hindu). Its weights ship as plain data in
``rules/models/clickbait.tsv``; at run time scoring a headline is a dictionary look-up per
feature. The headline itself comes from ``credscore.segment.headline``.

Parameters: ``min_probability`` (default 0.85): report the headline at or above it.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from functools import lru_cache

from ..findings import Hit
from ..modeldata import read_table
from ..regex import patterncache
from ..segment.document import Document
from ..segment.headline import headline
from .base import Detector

MODEL_FILE = "clickbait.tsv"
_WORD = patterncache.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+(?:['’][^\W\d_]+)*")
_TEASERS = frozenset({"this", "these", "here's", "heres", "here", "why", "what", "how", "who"})
_SECOND = frozenset({"you", "your", "you're", "you'll", "yours", "yourself"})


def headline_features(text: str) -> set[str]:
    """Binary features of one headline (training and run time share this function)."""
    words = [("<n>" if w[0].isdigit() else w.lower().replace("’", "'"))
             for w in _WORD.findall(text)]
    feats = set(words)
    feats.update(f"{a} {b}" for a, b in zip(words, words[1:]))
    if words:
        feats.add(f"^{words[0]}")
        if words[0] == "<n>":
            feats.add("#opens-with-number")
        if words[0] in _TEASERS:
            feats.add("#teaser-opening")
    if _SECOND.intersection(words):
        feats.add("#second-person")
    stripped = text.strip()
    if stripped.endswith("?"):
        feats.add("#question")
    if "!" in stripped:
        feats.add("#exclamation")
    n = len(words)
    feats.add("#len<=6" if n <= 6 else "#len<=10" if n <= 10 else "#len<=14" if n <= 14
              else "#len>14")
    return feats


@lru_cache(maxsize=2)
def _model(name: str = MODEL_FILE) -> tuple[float, dict[str, float]]:
    headers, weights = read_table(name)
    return headers.get("bias", 0.0), weights


def clickbait_probability(text: str) -> float:
    """Probability (0..1) that ``text`` is a clickbait headline."""
    bias, weights = _model()
    feats = headline_features(text)
    if not feats:
        return 0.0
    z = bias + sum(weights.get(f, 0.0) for f in feats) / math.sqrt(len(feats))
    return 1.0 / (1.0 + math.exp(-z)) if z > -30 else 0.0


def headline_clickbait(doc: Document) -> float | None:
    """Clickbait probability of the document's headline (cached); None without a headline."""
    if "clickbait" not in doc.cache:
        head = headline(doc)
        doc.cache["clickbait"] = None if head is None else clickbait_probability(head.text)
    return doc.cache["clickbait"]


class ClickbaitHeadlineDetector(Detector):
    kind = "clickbait-headline"

    def __init__(self, params: dict) -> None:
        super().__init__(params)
        self.min_probability = self.number("min_probability", 0.85, 0.0, 1.0)
        self.finish_params()

    def detect(self, doc: Document) -> Iterator[Hit]:
        head = headline(doc)
        if head is None or head.start is None or head.end is None:
            return
        probability = headline_clickbait(doc)
        if probability is not None and probability >= self.min_probability:
            yield Hit(head.start, head.end, confidence=probability,
                      data={"probability": round(probability, 3)})

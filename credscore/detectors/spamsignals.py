"""Per-sentence spam-insertion signals shared by the spam detectors (computed once per document).

The unit is a sentence of ``Document.sentences``, further cut after ``.!?`` wherever white
space follows (whatever the case of the next character: inserted messages often start in
lower case or with symbols, so the general splitter keeps them glued to the host sentence).
For every unit:

* ``logit``: the shipped sentence spam classifier (``spammodel``), log-odds;
* ``logit_z``: that logit z-scored against the article's other sentences (a sentence that reads
  far more like a message/advert than the rest of *this* article);
* ``cos``: TF-IDF cosine of the sentence to the rest of the article (the centroid of all
  units minus this one and its ``NEIGHBOURS`` on each side, so a multi-sentence insertion is
  not its own context), computed from dot products so the pass stays linear in article length;
* ``cos_z``: that cosine z-scored against the article's own spread of sentence cosines;
* ``cues``: commercial cues with their spans (phone number, SMS short code, URL or bare domain,
  e-mail address, call to action, money prize, shouted FREE/WIN words);
* ``quoted``: the sentence is inside quotation marks (reported speech, rarely an insertion).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from ..document import Document
from ..vectors import tokenize, vectorize
from .spammodel import load_model

_UNIT_END = re.compile(r"""[.!?…]+["'”’»)\]]*\s+(?=\S)""")

CUE_PATTERNS: dict[str, re.Pattern[str]] = {
    "phone number": re.compile(
        r"(?<![\w,.])(?:\+?\d[\d -]{8,15}\d)(?![\w,.])"),
    "short code": re.compile(
        r"\b(?:txt|text|send|reply|call|dial|ring|sms)\b[^.!?\n]{0,40}?(?<![\w,.£$€])\d{4,6}\b",
        re.IGNORECASE),
    "url": re.compile(r"(?:https?://|www\.)\S+|\b[\w-]{2,}\s?(?:\.|\*|dot)\s?"
                      r"(?:com|net|org|info|biz|xyz|ru|tk|co\.uk)\b(?!\.\w)", re.IGNORECASE),
    "e-mail": re.compile(r"\b[\w.+-]+@[\w-]+\.[\w.-]+\b"),
    "call to action": re.compile(
        r"(?:^|[.!?:]\s+|\s-+\s+)[\"'“(]*(?:please\s+)?(?:call|txt|text|reply|click|visit|"
        r"subscribe|check\s+(?:out|it\s+out|my)|sign\s+up|join|order|buy|download|claim|"
        r"apply\s+now|log\s*on(?:to)?|go\s+to|follow\s+(?:me|us)|like\s+(?:my|this)|"
        r"add\s+me|watch\s+my|listen\s+to\s+my)\b", re.IGNORECASE),
    "money prize": re.compile(
        r"(?:[£$€]\s?\d[\d,.]*|\b\d[\d,.]*\s?(?:pounds|dollars|euros|usd|gbp)\b)"
        r"(?=[^.!?\n]{0,60}\b(?:prize|cash|win|won|award|reward|claim|bonus|free|guaranteed)\b)"
        r"|\b(?:prize|win|won|claim|reward|bonus)\b[^.!?\n]{0,40}?[£$€]\s?\d[\d,.]*",
        re.IGNORECASE),
    "shouting": re.compile(r"\b(?:FREE|WIN|WINNER|URGENT|CASH|PRIZE|CLICK|NOW|CALL|TXT|"
                           r"SUBSCRIBE|CHECK|BONUS|GUARANTEED|OFFER)\b"),
}


@dataclass
class SentenceSignals:
    start: int
    end: int
    sentence: int
    """Index of the enclosing ``Document.sentences`` entry."""
    logit: float
    logit_z: float
    cos: float
    cos_z: float
    tokens: int
    words: int
    quoted: bool
    cues: list[tuple[int, int, str]] = field(default_factory=list)
    """(start, end, cue kind) in document offsets."""

    @property
    def probability(self) -> float:
        return 1.0 / (1.0 + math.exp(-self.logit)) if self.logit > -35 else 0.0


def _zscores(values: list[float], weights: list[bool]) -> list[float]:
    """z-scores of ``values`` against the mean/std of the entries flagged in ``weights``."""
    sample = [v for v, w in zip(values, weights) if w] or values
    if len(sample) < 3:
        return [0.0] * len(values)
    mean = sum(sample) / len(sample)
    var = sum((v - mean) ** 2 for v in sample) / len(sample)
    std = max(math.sqrt(var), 1e-3)
    return [(v - mean) / std for v in values]


_QUOTE_OPEN = "\"“‘'«"
_QUOTE_CLOSE = "\"”’'»"


def _quoted(text: str) -> bool:
    s = text.strip()
    if not s:
        return False
    return s[0] in _QUOTE_OPEN or s.rstrip(".!?,")[-1:] in _QUOTE_CLOSE or s[-1] in _QUOTE_CLOSE


NEIGHBOURS = 2
"""Units on each side left out of the "rest of the article" (an insertion of several
sentences must not count as its own context)."""


def _cosine_to_rest(vectors: list[dict[str, float]], k: int, centroid: dict[str, float],
                    c_norm2: float) -> float:
    """Cosine of unit ``k`` to the article centroid minus units ``k-2..k+2``, in O(unit size)."""
    vec = vectors[k]
    near: dict[str, float] = {}
    for j in range(max(0, k - NEIGHBOURS), min(len(vectors), k + NEIGHBOURS + 1)):
        for t, v in vectors[j].items():
            near[t] = near.get(t, 0.0) + v
    # rest = C - near;  s.rest = s.C - s.near;  |rest|^2 = |C|^2 - 2 C.near + |near|^2
    s_rest = sum(v * (centroid.get(t, 0.0) - near.get(t, 0.0)) for t, v in vec.items())
    c_near = sum(v * centroid.get(t, 0.0) for t, v in near.items())
    rest2 = c_norm2 - 2 * c_near + sum(v * v for v in near.values())
    s2 = sum(v * v for v in vec.values())
    if rest2 <= 1e-9 or s2 <= 0:
        return 0.0
    return max(0.0, s_rest / math.sqrt(s2 * rest2))


def units(doc: Document) -> list[tuple[int, int, int]]:
    """(start, end, sentence index) of the units (see module docstring)."""
    text = doc.lint_text
    out = []
    for i, s in enumerate(doc.sentences):
        pos = s.start
        for m in _UNIT_END.finditer(text, s.start, s.end):
            out.append((pos, m.end() - (len(m.group(0)) - len(m.group(0).rstrip())), i))
            pos = m.end()
        if pos < s.end:
            out.append((pos, s.end, i))
    return out


def sentence_signals(doc: Document) -> list[SentenceSignals]:
    """Signals for every unit of ``doc`` (cached in ``doc.cache``)."""
    cached = doc.cache.get("spam_signals")
    if cached is not None:
        return cached
    model = load_model()
    text = doc.lint_text
    spans = units(doc)
    toks = [tokenize(text[a:b]) for a, b, _ in spans]
    vectors = [vectorize(t) for t in toks]
    centroid: dict[str, float] = {}
    for vec in vectors:
        for t, v in vec.items():
            centroid[t] = centroid.get(t, 0.0) + v
    c_norm2 = sum(v * v for v in centroid.values())
    logits: list[float] = []
    coss: list[float] = []
    quoted: list[bool] = []
    cues_all: list[list[tuple[int, int, str]]] = []
    for k, ((start, end, _), vec) in enumerate(zip(spans, vectors)):
        chunk = text[start:end]
        logits.append(model.logit(chunk))
        quoted.append(_quoted(chunk))
        coss.append(_cosine_to_rest(vectors, k, centroid, c_norm2) if vec else 0.0)
        cues: list[tuple[int, int, str]] = []
        for kind, pattern in CUE_PATTERNS.items():
            for m in pattern.finditer(chunk):
                a, b = m.span()
                while a < b and not chunk[a].isalnum() and chunk[a] not in "£$€+":
                    a += 1
                if b > a:
                    cues.append((start + a, start + b, kind))
        cues_all.append(cues)
    substantial = [len(t) >= 4 for t in toks]
    logit_z = _zscores(logits, substantial)
    cos_z = _zscores(coss, substantial)
    out = [
        SentenceSignals(a, b, i, lg, lz, c, cz, len(t), len(text[a:b].split()), q, cu)
        for (a, b, i), lg, lz, c, cz, t, q, cu in zip(spans, logits, logit_z, coss, cos_z, toks,
                                                      quoted, cues_all)
    ]
    doc.cache["spam_signals"] = out
    return out


COMBINER_FEATURES = ("logit", "logit_z", "similarity", "quoted", "cues", "shouting", "length")


def combiner_features(sig: SentenceSignals) -> list[float]:
    """The signals SP102 weighs (names in ``COMBINER_FEATURES``), clipped to sane ranges."""
    kinds = {kind for _, _, kind in sig.cues}
    return [
        max(-15.0, min(15.0, sig.logit)),
        max(-5.0, min(10.0, sig.logit_z)),
        sig.cos,
        1.0 if sig.quoted else 0.0,
        float(min(3, len(kinds - {"shouting"}))),
        1.0 if "shouting" in kinds else 0.0,
        math.log1p(sig.tokens),
    ]

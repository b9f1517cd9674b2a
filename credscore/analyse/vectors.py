"""Sparse TF-IDF vectors and cosine similarity for sentences, without importing scikit-learn.

The IDF table (``rules/models/idf.tsv``) is fitted offline with scikit-learn's TfidfVectorizer by
``tools/build_idf.py`` using this module's ``tokenize``; at run time we only look weights up, so
a cold ``credscore check`` does not pay scikit-learn's ~1.5 s import. Weights follow sklearn's
defaults: sublinear-free term counts times smoothed IDF, L2-normalised.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache

from ..modeldata import read_table
from ..regex import patterncache

_TOKEN = patterncache.compile(r"[^\W\d_]{2,}(?:['’][^\W\d_]+)?", re.UNICODE)
STOP_WORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been
    before being below between both but by can could did do does doing down during each few
    for from further had has have having he her here hers herself him himself his how i if in
    into is it its itself just me more most my myself no nor not now of off on once only or
    other our ours ourselves out over own same she should so some such than that the their
    theirs them themselves then there these they this those through to too under until up
    very was we were what when where which while who whom why will with would you your yours
    yourself yourselves said says say told according also would could may might must shall
    one two three new year years mr mrs ms its it's many much like get got make made""".split()
)

Vector = dict[str, float]


def tokenize(text: str) -> list[str]:
    """Lower-cased word tokens (letters only, 2+ chars) minus stop words."""
    words = map(str.lower, _TOKEN.findall(text))  # findall: no per-match objects (hot path)
    if "’" in text:  # curly apostrophes are rare: fold them only when there are any
        words = (w.replace("’", "'") for w in words)
    return [t for t in words if t not in STOP_WORDS]


@lru_cache(maxsize=1)
def idf_table() -> tuple[dict[str, float], float]:
    """(term -> idf, idf for unseen terms)."""
    headers, table = read_table("idf.tsv")
    return table, headers.get("unseen", 1.0)


@lru_cache(maxsize=1)
def topic_table() -> dict[str, float]:
    """(term -> topic cluster number) of ``rules/models/topics.tsv`` (tools/build_topics.py).
    The numbers stay the floats the table reader gives: they are only dictionary keys, and
    converting 13,000 of them would double the table's share of a cold start."""
    return read_table("topics.tsv")[1]


def topic_vector(tokens: Iterable[str]) -> dict[float, float]:
    """IDF-weighted counts of the topic clusters of ``tokens`` (words without a cluster are
    left out), L2-normalised: a sentence's topic mix, comparable across different words."""
    table, default = idf_table()
    topics = topic_table()
    vec: dict[float, float] = {}
    for t in tokens:
        c = topics.get(t)
        if c is not None:
            vec[c] = vec.get(c, 0.0) + table.get(t, default)
    norm = math.sqrt(sum(v * v for v in vec.values()))
    return {c: v / norm for c, v in vec.items()} if norm else {}


def vectorize(tokens: Iterable[str]) -> Vector:
    """L2-normalised TF-IDF vector of a token sequence."""
    table, default = idf_table()
    counts = Counter(tokens)
    vec = {t: c * table.get(t, default) for t, c in counts.items()}
    norm = math.sqrt(sum(v * v for v in vec.values()))
    return {t: v / norm for t, v in vec.items()} if norm else {}


def cosine(a: Vector, b: Vector) -> float:
    """Cosine similarity of two vectors (normalised or not)."""
    if len(a) > len(b):
        a, b = b, a
    dot = sum(v * b.get(t, 0.0) for t, v in a.items())
    if not dot:
        return 0.0
    na = math.sqrt(sum(v * v for v in a.values()))
    nb = math.sqrt(sum(v * v for v in b.values()))
    return dot / (na * nb)


def add_into(total: Vector, vec: Vector, sign: float = 1.0) -> None:
    for t, v in vec.items():
        total[t] = total.get(t, 0.0) + sign * v

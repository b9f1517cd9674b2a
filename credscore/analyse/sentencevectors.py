"""Per-document facts several detectors share, computed once and cached on the Document."""

from __future__ import annotations

from ..segment.document import Document
from .vectors import Vector, add_into, tokenize, vectorize


def sentence_tokens(doc: Document) -> list[list[str]]:
    cached = doc.cache.get("sentence_tokens")
    if cached is None:
        text = doc.lint_text
        # one string object per word type, shared by every sentence (and by the vectors'
        # keys): a long article repeats its words, and each token would otherwise be its own
        # object (~55 bytes each, ~6 MB per MB of text)
        shared: dict[str, str] = {}
        one = shared.setdefault
        cached = [[one(t, t) for t in tokenize(text[s.start : s.end])] for s in doc.sentences]
        doc.cache["sentence_tokens"] = cached
    return cached


def sentence_vectors(doc: Document) -> list[Vector]:
    cached = doc.cache.get("sentence_vectors")
    if cached is None:
        cached = [vectorize(tokens) for tokens in sentence_tokens(doc)]
        doc.cache["sentence_vectors"] = cached
    return cached


def article_centroid(doc: Document) -> Vector:
    """Sum of the sentence vectors (unnormalised; cosine normalises)."""
    cached = doc.cache.get("centroid")
    if cached is None:
        cached = {}
        for vec in sentence_vectors(doc):
            add_into(cached, vec)
        doc.cache["centroid"] = cached
    return cached


def leave_one_out(doc: Document, index: int) -> Vector:
    """The article centroid without sentence ``index`` (and without its block's other hits)."""
    rest = dict(article_centroid(doc))
    add_into(rest, sentence_vectors(doc)[index], -1.0)
    return {t: v for t, v in rest.items() if v > 1e-9}

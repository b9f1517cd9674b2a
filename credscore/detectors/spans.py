"""Span helpers shared by detectors: quotation ranges, sentence and block extents."""

from __future__ import annotations

import re

from ..document import Document

_QUOTE = re.compile(r"“[^“”]{1,600}”|\"[^\"\n]{1,600}\"|«[^«»]{1,600}»")


def quote_spans(doc: Document) -> list[tuple[int, int]]:
    """Ranges of quoted speech/text (cached per document)."""
    cached = doc.cache.get("quote_spans")
    if cached is None:
        cached = [m.span() for m in _QUOTE.finditer(doc.lint_text)]
        doc.cache["quote_spans"] = cached
    return cached


def inside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s <= start and end <= e for s, e in spans)


def widen(doc: Document, start: int, end: int, unit: str) -> tuple[int, int]:
    """Grow a span to its sentence or block (``unit`` = match|sentence|block)."""
    if unit == "match":
        return start, end
    i = doc.sentence_index_at(start)
    if i is None:
        return start, end
    if unit == "sentence":
        j = doc.sentence_index_at(max(start, end - 1)) or i
        return min(start, doc.sentences[i].start), max(end, doc.sentences[j].end)
    block = doc.block_of_sentence(i)
    return min(start, block.start), max(end, block.end)

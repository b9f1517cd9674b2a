"""Span helpers shared by detectors: quotation ranges, sentence and block extents."""

from __future__ import annotations

from bisect import bisect_right

from ..regex import patterncache
from ..segment.document import Document

_QUOTE = patterncache.compile(r"“[^“”]{1,600}”|\"[^\"\n]{1,600}\"|«[^«»]{1,600}»")


def quote_spans(doc: Document) -> list[tuple[int, int]]:
    """Ranges of quoted speech/text (cached per document)."""
    cached = doc.cache.get("quote_spans")
    if cached is None:
        cached = QuoteSpans(m.span() for m in _QUOTE.finditer(doc.lint_text))
        cached.starts = [s for s, _ in cached]
        cached.ends = [e for _, e in cached]
        doc.cache["quote_spans"] = cached
    return cached


class QuoteSpans(list):
    """``quote_spans``' list of ``(start, end)``, with ``starts`` and ``ends`` for bisection.
    The spans come from one ``finditer``, so they are sorted and disjoint and both lists
    ascend."""

    starts: list[int]
    ends: list[int]


def quote_at(spans: list[tuple[int, int]], pos: int) -> int:
    """Index of a span with ``start <= pos < end``, or -1. O(log n) on ``QuoteSpans``
    (sorted, disjoint: at most one span holds ``pos``); any other list is scanned."""
    if not isinstance(spans, QuoteSpans):
        return next((k for k, (s, e) in enumerate(spans) if s <= pos < e), -1)
    k = bisect_right(spans.starts, pos) - 1
    return k if k >= 0 and pos < spans[k][1] else -1


def overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Does a span overlap ``[start, end)`` (``qs < end and qe > start``)? O(log n) on
    ``QuoteSpans``: the first span ending after ``start`` has the smallest start of those that
    do; any other list is scanned."""
    if not isinstance(spans, QuoteSpans):
        return any(qs < end and qe > start for qs, qe in spans)
    k = bisect_right(spans.ends, start)
    return k < len(spans) and spans[k][0] < end


def inside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Is ``[start, end)`` within one span (``s <= start and end <= e``)?"""
    if end <= start or not isinstance(spans, QuoteSpans):
        return any(s <= start and end <= e for s, e in spans)
    k = quote_at(spans, start)  # only the span holding ``start`` can hold a non-empty range
    return k >= 0 and end <= spans[k][1]


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

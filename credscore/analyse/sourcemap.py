"""From the reported text back to the file: where a finding is in the source.

For plain text and Markdown the reported text is the file as read, so every offset is its own
source offset. For HTML credscore reports on the extracted article text; the HTML loader
records, while it extracts, where each character of that text came from (a
:class:`SourceMap`), and this module puts spans back into the HTML source.

The contract with ``credscore.load``: a loader that tracks positions stores
``doc.cache[SOURCE_MAP_KEY] = (source_text, to_source)``, where ``to_source(offset)`` gives
the offset in ``source_text`` of the character at ``offset`` of ``doc.text``. A
:class:`SourceMap` also knows where each character's source ends (``to_source.end(offset)``:
an entity such as ``&#8217;`` is one character of text from seven of source), so a span that
ends with an entity covers all of it; for a plain function a span ends one past the source
position of its last character. :func:`source_offsets` and :func:`source_span` are the only
places that read it. Without a map, HTML findings have no source position: renderers then
anchor them to the start of the file and quote the text and its extracted-text position.
"""

from __future__ import annotations

import bisect
import re
from array import array
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace

from ..findings import Finding, SourceSpan
from ..segment.document import Document

SOURCE_MAP_KEY = "source_map"
_LINE_BREAK = re.compile(r"\r\n|\r|\n")  # as Document.line_col and the renderers count lines


class SourceMap:
    """Where each character of a text came from in its source, as sorted segments.

    Segment ``k`` covers the text offsets ``starts[k]`` up to the next segment's start (the last
    one up to ``length``). When ``widths[k]`` is 0 the segment is one to one: the character at
    ``starts[k] + d`` came from source offset ``sources[k] + d`` (one source character, though
    not always the same one: a line break of the source read as a space). Otherwise every
    character of the segment came from the ``widths[k]`` source characters at ``sources[k]``:
    an entity (``&amp;`` -> ``&``), a run of white space read as one space, a tag read as a line
    break (``<br>``, ``</p>``). Looking an offset up is a bisection over the segment starts;
    the segments take three machine integers each, so the map stays small next to the text.

    Every offset maps into ``[0, source_length]``, and the map is monotone: a later character
    never comes from an earlier place.
    """

    __slots__ = ("length", "source_length", "sources", "starts", "widths")

    def __init__(self, source_length: int, starts: array[int] | None = None,
                 sources: array[int] | None = None, widths: array[int] | None = None) -> None:
        self.starts = array("q") if starts is None else starts
        self.sources = array("q") if sources is None else sources
        self.widths = array("q") if widths is None else widths
        self.length = 0
        """Length of the text (set by :meth:`finish`)."""
        self.source_length = source_length

    def add(self, start: int, source: int, width: int = 0) -> None:
        """Begin a segment at text offset ``start`` (after the last one's start)."""
        if self.starts:
            k = len(self.starts) - 1
            if self.starts[k] == start:  # an empty segment before: replaced
                self.starts.pop()
                self.sources.pop()
                self.widths.pop()
                return self.add(start, source, width)
            if width == 0 and self.widths[k] == 0 and (
                    self.sources[k] - self.starts[k] == source - start):
                return  # goes on one to one
            if width and self.widths[k] == width and self.sources[k] == source:
                return  # more characters from the same place
        self.starts.append(start)
        self.sources.append(source)
        self.widths.append(width)

    def finish(self, length: int) -> SourceMap:
        """Close the map at text length ``length`` (segments starting at or after it dropped)."""
        while self.starts and self.starts[-1] >= length:
            self.starts.pop()
            self.sources.pop()
            self.widths.pop()
        self.length = length
        return self

    def __call__(self, offset: int) -> int:
        """Source offset of the character at ``offset`` (the source end for ``length``)."""
        if not self.starts:
            return 0
        if offset >= self.length:
            return self.end(self.length - 1)
        k = max(bisect.bisect_right(self.starts, offset) - 1, 0)
        at = self.sources[k] if self.widths[k] else self.sources[k] + offset - self.starts[k]
        return min(max(at, 0), self.source_length)

    def end(self, offset: int) -> int:
        """Source offset just after the source of the character at ``offset``."""
        if not self.starts:
            return 0
        offset = min(max(offset, 0), self.length - 1)
        k = max(bisect.bisect_right(self.starts, offset) - 1, 0)
        if self.widths[k]:
            at = self.sources[k] + self.widths[k]
        else:
            at = self.sources[k] + offset - self.starts[k] + 1
        return min(max(at, 0), self.source_length)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Source span of the text span ``[start, end)`` (empty spans stay empty)."""
        first = self(start)
        return (first, max(first, self.end(end - 1))) if end > start else (first, first)

    def segments(self) -> Iterable[tuple[int, int, int, int]]:
        """``(start, end, source, width)`` of each segment, in order."""
        n = len(self.starts)
        for k in range(n):
            stop = self.starts[k + 1] if k + 1 < n else self.length
            yield self.starts[k], stop, self.sources[k], self.widths[k]


def compose(outer: Iterable[tuple[int, int, int, int]], inner: SourceMap, length: int
            ) -> SourceMap:
    """Chain two maps: ``outer`` takes a text of ``length`` characters to offsets of
    ``inner``'s text, as ``(start, end, offset, width)`` segments in order (what
    :meth:`SourceMap.segments` gives); ``inner`` takes those on to the source. Both are walked
    forward once, so the cost is linear in the two."""
    out = SourceMap(inner.source_length)
    starts, sources, widths = inner.starts, inner.sources, inner.widths
    n = len(starts)
    if not n:
        return out.finish(length)
    o_starts, o_sources, o_widths = out.starts, out.sources, out.widths
    push_start, push_source, push_width = o_starts.append, o_sources.append, o_widths.append
    k = 0
    shift: int | None = None  # source - text of the last segment if one to one
    last_source = last_width = -1
    for t0, t1, d0, width in outer:
        if t1 <= t0:
            continue
        if width:  # all from one place: where the inner characters came from
            first = inner(d0)
            w = max(inner.end(d0 + width - 1) - first, 1)
            if w != last_width or first != last_source:
                push_start(t0)
                push_source(first)
                push_width(w)
                last_source, last_width, shift = first, w, None
            continue
        d1 = d0 + (t1 - t0)
        if starts[k] > d0:
            k = max(bisect.bisect_right(starts, d0) - 1, 0)
        while k + 1 < n and starts[k + 1] <= d0:
            k += 1
        while True:
            w = widths[k]
            if w:
                src = sources[k]
                if w != last_width or src != last_source:
                    push_start(t0)
                    push_source(src)
                    push_width(w)
                    last_source, last_width, shift = src, w, None
            else:
                src = sources[k] + d0 - starts[k]
                if src - t0 != shift:
                    push_start(t0)
                    push_source(src)
                    push_width(0)
                    shift, last_width = src - t0, -1
            if k + 1 >= n or starts[k + 1] >= d1:
                break
            t0 += starts[k + 1] - d0
            d0 = starts[k + 1]
            k += 1
    return out.finish(length)


def source_offsets(doc: Document) -> tuple[str, Callable[[int], int]] | None:
    """The file's text and a function from reported-text offsets to file offsets; None when
    the reported text is not the file and the loader recorded no map."""
    if doc.fmt != "html":
        return doc.text, lambda offset: offset
    entry = doc.cache.get(SOURCE_MAP_KEY)
    if entry is None:
        return None
    source, to_source = entry
    return source, to_source


def source_span(to_source: Callable[[int], int], start: int, end: int) -> tuple[int, int]:
    """The file span of the reported span ``[start, end)`` through a loader's map."""
    if isinstance(to_source, SourceMap):
        return to_source.span(start, end)
    first = to_source(start)
    return (first, max(first, to_source(end - 1) + 1)) if end > start else (first, first)


class _Lines:
    def __init__(self, text: str) -> None:
        self.starts = [0, *(m.end() for m in _LINE_BREAK.finditer(text))]

    def line_col(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.starts, offset) - 1
        return line + 1, offset - self.starts[line] + 1


def attach_sources(doc: Document, findings: Sequence[Finding]) -> list[Finding]:
    """HTML findings with ``source`` set from the loader's map (unchanged without one)."""
    mapped = source_offsets(doc) if doc.fmt == "html" else None
    if mapped is None:
        return list(findings)
    source, to_source = mapped
    lines = _Lines(source)
    out = []
    for f in findings:
        start, end = source_span(to_source, f.start, f.end)
        line, column = lines.line_col(start)
        end_line, end_column = lines.line_col(end)
        out.append(replace(f, source=SourceSpan(start, end, line, column, end_line, end_column)))
    return out

"""The HTML walk's text, character by character: white space collapsed as a browser shows it,
character references decoded, spaces around line breaks tidied, and for each piece of text the
offsets in the page it came from (the segments of the document's source map). Used by
``credscore.load.html``.
"""

from __future__ import annotations

import bisect
import re
from array import array
from html import unescape

from ..analyse.sourcemap import SourceMap, compose
from ..segment.document import Link

_WHITE_RUN = re.compile(r"\s{2,}")  # str.split's white space, as the walk collapses it
# html.unescape's character references (its own pattern): one match is one reference decoded
_CHARREF = re.compile(r"&(#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[^\t\n\f <&#;]{1,32};?)")
_EVENT = re.compile(r"\s{2,}|" + _CHARREF.pattern)  # what changes a data token's length
_TIDY_RUN = re.compile(r"^[ \n]+|[ \n]{2,}|\n")  # what tidy may shorten: see there

Segments = list[tuple[int, int, int]]
"""``(text offset, source offset, width)``: the start of each segment of a SourceMap."""


def collapse(data: str) -> str:
    """A data token's text: each run of white space one space (the ends' too)."""
    text = " ".join(data.split())
    if not text:
        return " " if data else ""
    if data[:1].isspace():
        text = " " + text
    if data[-1:].isspace():
        text += " "
    return text


def _decoded_head(ref: str, char: str) -> int:
    """How much of ``char``, what a reference decodes to, comes from the reference itself: all
    but what ``html.unescape`` leaves as written after a name without ``;`` (``&notit;`` reads
    ``¬it;``: ``it;`` is the source's own)."""
    k = 0
    while k < len(char) - 1 and k < len(ref) - 2 and char[-1 - k] == ref[-1 - k]:
        k += 1
    return len(char) - k


def token_segments(raw: str, at: int, text: str) -> Segments:
    """Where each character of ``text``, the walk's text of one data token, came from: its
    source is ``raw`` at offset ``at``, read by the parser with references decoded (or, for
    some malformed markup, as it is), then white space collapsed (:func:`collapse`).

    A run of white space read as one space comes from the run's first character; a reference
    (``&amp;``, ``&#8217;``) from the whole reference. A token whose text is neither reading
    (another parser's) maps as a whole to ``raw``."""
    whole = [(0, at, max(len(raw), 1))]
    if "&" in raw and collapse(unescape(raw)) == text:
        events = _EVENT.finditer(raw)
    elif collapse(raw) == text:
        events = _WHITE_RUN.finditer(raw)
    else:
        return whole
    segments = [(0, at, 0)]
    t = last = 0  # text offset of raw[last], where the current one-to-one segment goes on
    for m in events:
        start, end = m.span()
        if raw[start] != "&":  # a run of white space: one space
            t += start - last + 1
            segments.append((t, at + end, 0))
        else:
            ref = m.group()
            char = unescape(ref)
            t += start - last
            if any(c.isspace() for c in char):
                return _spaced_segments(raw, at, text)
            if char != ref:
                head = _decoded_head(ref, char)
                tail = len(char) - head
                segments.append((t, at + start, len(ref) - tail))
                if end - tail < len(raw):
                    segments.append((t + head, at + end - tail, 0))
            t += len(char)
        last = end
    t += len(raw) - last
    if t != len(text):
        return whole
    if segments[-1][0] >= len(text):  # (a run of white space at the very end)
        segments.pop()
    return segments


def _spaced_segments(raw: str, at: int, text: str) -> Segments:
    """:func:`token_segments` for a token with references to white space (``&nbsp;``,
    ``&#10;``): white space runs are found in the decoded text, then placed in ``raw``."""
    starts, sources, widths = [], [], []  # where each character of decoded came from
    d = last = 0
    for m in _CHARREF.finditer(raw):
        if m.start() > last:
            starts.append(d)
            sources.append(at + last)
            widths.append(0)
            d += m.start() - last
        ref = m.group()
        char = unescape(ref)
        head = _decoded_head(ref, char) if char != ref else len(char)
        if char:
            starts.append(d)
            sources.append(at + m.start())
            widths.append(0 if char == ref else len(ref) - (len(char) - head))
        if head < len(char):
            starts.append(d + head)
            sources.append(at + m.end() - (len(char) - head))
            widths.append(0)
        d += len(char)
        last = m.end()
    if last < len(raw):
        starts.append(d)
        sources.append(at + last)
        widths.append(0)
        d += len(raw) - last
    inner = SourceMap(at + len(raw), array("q", starts), array("q", sources), array("q", widths))
    inner.finish(d)
    decoded = unescape(raw)
    outer = []
    t = last = 0
    for m in _WHITE_RUN.finditer(decoded):
        outer.append((t, t + m.start() - last + 1, last, 0))
        t += m.start() - last + 1
        last = m.end()
    outer.append((t, t + len(decoded) - last, last, 0))
    t += len(decoded) - last
    if t != len(text):
        return [(0, at, max(len(raw), 1))]
    out = compose(outer, inner, len(text))
    return list(zip(out.starts, out.sources, out.widths))


def tidy(
    raw: str, links: list[Link], points: list[int] | None = None
) -> tuple[str, list[Link], list[tuple[int, int, int, int]]]:
    """Strip spaces around line breaks while keeping link offsets valid.

    Read left to right, a space goes when nothing or a space or line break was kept before it,
    or a line break follows it; a line break goes after two kept ones; then the ends are
    stripped. Only white-space runs other than a single space between words can change, so
    those are the only ones looked at (``_TIDY_RUN``). Offsets in ``points`` (suppression
    markers) are moved in place to the tidied text. Also returns, as ``(start, end, offset,
    0)`` segments, where each character of the tidied text is in ``raw``."""
    pieces: list[str] = []
    selection: list[tuple[int, int, int, int]] = []
    run_starts: list[int] = []
    runs: list[tuple[int, int, list[int]]] = []  # (end, tidied offset, raw offsets kept)
    last = size = 0
    for m in _TIDY_RUN.finditer(raw):
        start, end = m.span()
        if start > last:
            pieces.append(raw[last:start])
            selection.append((size, size + start - last, last, 0))
            size += start - last
        run = m.group()
        kept = [start] if start and run.startswith("  ") else []
        first = run.find("\n")
        if first >= 0:
            kept.append(start + first)
            second = run.find("\n", first + 1)
            if second >= 0:
                kept.append(start + second)
        run_starts.append(start)
        runs.append((end, size, kept))
        for offset in kept:
            selection.append((size, size + 1, offset, 0))
            size += 1
        pieces.append("".join(raw[offset] for offset in kept))
        last = end
    if last < len(raw):
        pieces.append(raw[last:])
        selection.append((size, size + len(raw) - last, last, 0))
    text = "".join(pieces)

    def mapping(offset: int) -> int:  # tidied offset of raw ``offset`` (or of what follows it)
        k = bisect.bisect_right(run_starts, offset) - 1
        if k < 0:
            return offset
        end, at, kept = runs[k]
        if offset < end:
            return at + sum(1 for o in kept if o < offset)
        return at + len(kept) + offset - end

    moved = []
    for link in links:
        s, e = mapping(link.start), mapping(link.end)
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            moved.append(Link(s, e, text[s:e], link.href))
    stripped = text.rstrip()
    lead = min(len(text) - len(text.lstrip()), len(stripped))  # (no text: offsets stay at 0)
    if points:
        points[:] = [min(max(mapping(p) - lead, 0), len(stripped) - lead) for p in points]
    kept_selection = [(max(t0, lead) - lead, min(t1, len(stripped)) - lead,
                       r0 + max(lead - t0, 0), 0)
                      for t0, t1, r0, _ in selection if t1 > lead and t0 < len(stripped)]
    return (stripped[lead:], [Link(lk.start - lead, lk.end - lead, lk.anchor, lk.href)
                              for lk in moved if lk.end <= len(stripped)], kept_selection)

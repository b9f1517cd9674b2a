"""From the reported text back to the file: where a finding is in the source.

For plain text and Markdown the reported text is the file as read, so every offset is its own
source offset. For HTML credscore reports on the extracted article text; its spans can be put
back into the HTML source only when the loader recorded a map while extracting.

The contract with ``credscore.loaders``: a loader that tracks positions stores
``doc.cache[SOURCE_MAP_KEY] = (source_text, to_source)``, where ``to_source(offset)`` gives
the offset in ``source_text`` of the character at ``offset`` of ``doc.text`` (a span ends one
past the source position of its last character). :func:`source_offsets` is the only place that
reads it. Without a map, HTML findings have no source position: renderers then
anchor them to the start of the file and quote the text and its extracted-text position.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence
from dataclasses import replace

from .document import Document
from .findings import Finding, SourceSpan

SOURCE_MAP_KEY = "source_map"


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


class _Lines:
    def __init__(self, text: str) -> None:
        self.starts = [0, *(i + 1 for i, c in enumerate(text) if c == "\n")]

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
        start = to_source(f.start)
        end = max(start, to_source(f.end - 1) + 1) if f.end > f.start else start
        line, column = lines.line_col(start)
        end_line, end_column = lines.line_col(end)
        out.append(replace(f, source=SourceSpan(start, end, line, column, end_line, end_column)))
    return out

"""Line/column arithmetic shared by the CI renderers (same line breaks as Document.line_col)."""

from __future__ import annotations

import bisect
import re

_BREAK = re.compile(r"\r\n|\r|\n")


class LineIndex:
    """1-based line and column (in code points) of any offset of one text."""

    def __init__(self, text: str) -> None:
        self.starts = [0, *(m.end() for m in _BREAK.finditer(text))]

    def line_col(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.starts, offset) - 1
        return line + 1, offset - self.starts[line] + 1

    def end_line_col(self, end: int) -> tuple[int, int]:
        """Line and exclusive column of a span ending at ``end`` (SARIF's endLine/endColumn)."""
        return self.line_col(end)

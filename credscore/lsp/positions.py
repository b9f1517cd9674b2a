"""Offsets in a text <-> LSP positions (0-based line, character in the negotiated code units).

Lines break at ``\\r\\n``, ``\\r`` and ``\\n`` (the protocol's definition, not Python's
``splitlines``, which also breaks at form feeds and U+2028). Characters are counted in UTF-16
code units unless the client negotiated ``utf-8`` or ``utf-32``.
"""

from __future__ import annotations

import bisect
import re

_BREAK = re.compile(r"\r\n|\r|\n")


def _units(text: str, encoding: str) -> int:
    if encoding == "utf-32" or text.isascii():
        return len(text)
    if encoding == "utf-8":
        return len(text.encode("utf-8"))
    return len(text) + sum(1 for c in text if ord(c) > 0xFFFF)


class Positions:
    """Position arithmetic for one text."""

    def __init__(self, text: str, encoding: str = "utf-16") -> None:
        self.text = text
        self.encoding = encoding
        self.starts = [0, *(m.end() for m in _BREAK.finditer(text))]

    def position(self, offset: int) -> tuple[int, int]:
        """(line, character) of a code-point offset."""
        offset = max(0, min(offset, len(self.text)))
        line = bisect.bisect_right(self.starts, offset) - 1
        return line, _units(self.text[self.starts[line]:offset], self.encoding)

    def offset(self, line: int, character: int) -> int:
        """The code-point offset of an LSP position (clamped to the line)."""
        if line >= len(self.starts):
            return len(self.text)
        start = self.starts[max(0, line)]
        end = self.starts[line + 1] if line + 1 < len(self.starts) else len(self.text)
        body = self.text[start:end].rstrip("\r\n")
        if self.encoding == "utf-32" or body.isascii():
            return start + min(character, len(body))
        units = 0
        for i, c in enumerate(body):
            if units >= character:
                return start + i
            units += _units(c, self.encoding)
        return start + len(body)

    def line_start(self, offset: int) -> int:
        return self.starts[bisect.bisect_right(self.starts, offset) - 1]

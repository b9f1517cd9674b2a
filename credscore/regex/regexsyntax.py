"""A reader of Python's regular-expression syntax, for ``credscore.regex.literals`` alone.

:func:`parse` turns a valid pattern's source into a tree of ``(kind, value)`` nodes (the kinds
below). Python's own parser (``re._parser``) is private and changes between versions, and no
library exposes one; whatever this reader does not know raises an exception, so the analysis
built on it gives no facts rather than wrong ones.
"""

from __future__ import annotations

import re
import unicodedata

from . import patterncache

# Node kinds of the parse tree :func:`parse` builds: ``(kind, value)`` pairs, shaped like the
# tree of Python's own (private) ``re._parser`` that this module once read.
LITERAL = "literal"  # value: the character's code point
BRANCH = "branch"  # value: (None, [branch, ...]), each branch a list of nodes
SUBPATTERN = "group"  # value: (group number or None, flags added, flags removed, nodes)
REPEAT = "repeat"  # value: (least, most, nodes)
REPEATS = (REPEAT,)
ATOMIC = "atomic"  # value: nodes
AT = "at"  # \b, \B, ^, $, \A, \Z
ASSERT = "assert"  # look-ahead or look-behind, value: nodes
ZERO_WIDTH = (AT, ASSERT)
OTHER = "other"  # a class, ".", a back-reference, a conditional: no literal to name
_MAX_REPEAT = 1 << 32


class _Unfamiliar(Exception):
    """Syntax :func:`parse` does not read (verbose patterns): no facts, the same matches."""


_FLAG_BITS = {"i": re.IGNORECASE, "x": re.VERBOSE, "m": 0, "s": 0, "a": 0, "u": 0, "L": 0}
_ESCAPED_CHARS = {"n": 10, "t": 9, "r": 13, "f": 12, "v": 11, "a": 7}
_OCTAL_DIGITS = tuple("01234567")  # "in" on a tuple: "" is no digit
_QUANTIFIER = patterncache.compile(r"\{(\d*)(?:(,)(\d*))?\}")


class _Parser:
    """Python's regular-expression syntax, read into nodes for this module's analysis only.

    It assumes a valid pattern (``re`` compiled it first) and reads just what the analysis
    needs: literals, groups, alternations, repeats with their bounds, and the zero-width
    parts; a class, ``.``, a back-reference or a conditional is opaque."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.i = 0
        self.flags = 0
        self.groups = 0

    def parse(self) -> list[tuple]:
        nodes = self._alternation()
        if self.i != len(self.source):
            raise _Unfamiliar(f"stopped at {self.i}")
        return nodes

    def _alternation(self) -> list[tuple]:
        branches = [self._sequence()]
        while self.source[self.i : self.i + 1] == "|":
            self.i += 1
            branches.append(self._sequence())
        return branches[0] if len(branches) == 1 else [(BRANCH, (None, branches))]

    def _sequence(self) -> list[tuple]:
        src, items = self.source, []
        while self.i < len(src) and src[self.i] not in "|)":
            node = self._atom()
            if node is not None:
                items.append(self._quantified(node))
        return items

    def _quantified(self, node: tuple) -> tuple:
        src = self.source
        ch = src[self.i : self.i + 1]
        if ch == "*":
            least, most = 0, _MAX_REPEAT
            self.i += 1
        elif ch == "+":
            least, most = 1, _MAX_REPEAT
            self.i += 1
        elif ch == "?":
            least, most = 0, 1
            self.i += 1
        elif ch == "{" and (m := _QUANTIFIER.match(src, self.i)):
            low, comma, high = m.groups()
            least = int(low) if low else 0
            most = (int(high) if high else _MAX_REPEAT) if comma else least
            self.i = m.end()
        else:
            return node
        if src[self.i : self.i + 1] in ("?", "+"):  # lazy or possessive: the same literals
            self.i += 1
        return (REPEAT, (least, most, [node]))

    def _atom(self) -> tuple | None:
        src = self.source
        ch = src[self.i]
        self.i += 1
        if ch == "(":
            return self._group()
        if ch == "[":
            self._skip_class()
            return (OTHER, None)
        if ch == ".":
            return (OTHER, None)
        if ch in "^$":
            return (AT, None)
        if ch == "\\":
            return self._escape()
        return (LITERAL, ord(ch))

    def _skip_class(self) -> None:
        src, i = self.source, self.i
        if src[i : i + 1] == "^":
            i += 1
        if src[i : i + 1] == "]":  # a "]" first is a literal
            i += 1
        while src[i] != "]":
            i += 2 if src[i] == "\\" else 1
        self.i = i + 1

    def _escape(self) -> tuple:
        src = self.source
        ch = src[self.i]
        self.i += 1
        if ch in "bBAZ":
            return (AT, None)
        if ch in "dDwWsS":
            return (OTHER, None)
        if ch in _ESCAPED_CHARS:
            return (LITERAL, _ESCAPED_CHARS[ch])
        if ch in "xuU":
            width = {"x": 2, "u": 4, "U": 8}[ch]
            code = int(src[self.i : self.i + width], 16)
            self.i += width
            return (LITERAL, code)
        if ch == "N":
            end = src.index("}", self.i)
            name = src[self.i + 1 : end]
            self.i = end + 1
            return (LITERAL, ord(unicodedata.lookup(name)))
        if ch == "0":  # an octal escape: up to two more octal digits
            digits = ch
            while len(digits) < 3 and src[self.i : self.i + 1] in _OCTAL_DIGITS:
                digits += src[self.i]
                self.i += 1
            return (LITERAL, int(digits, 8))
        if ch.isdigit():  # three octal digits, else a back-reference of one or two digits
            two = src[self.i : self.i + 1]
            if two.isdigit():
                self.i += 1
                third = src[self.i : self.i + 1]
                if ch in _OCTAL_DIGITS and two in _OCTAL_DIGITS and third in _OCTAL_DIGITS:
                    self.i += 1
                    return (LITERAL, int(ch + two + third, 8))
            return (OTHER, None)
        return (LITERAL, ord(ch))

    def _group(self) -> tuple | None:
        src = self.source
        if src[self.i : self.i + 1] != "?":
            self.groups += 1
            return self._body((SUBPATTERN, self.groups, 0, 0))
        self.i += 1
        ch = src[self.i]
        if ch == ":":
            self.i += 1
            return self._body((SUBPATTERN, None, 0, 0))
        if (ch == "P" and src[self.i + 1] == "<") or (ch == "<" and src[self.i + 1] not in "=!"):
            self.i = src.index(">", self.i) + 1
            self.groups += 1
            return self._body((SUBPATTERN, self.groups, 0, 0))
        if ch == "P" and src[self.i + 1] == "=":
            self.i = src.index(")", self.i) + 1
            return (OTHER, None)
        if ch in "=!":
            self.i += 1
            return self._body((ASSERT,))
        if ch == "<":
            self.i += 2
            return self._body((ASSERT,))
        if ch == ">":
            self.i += 1
            return self._body((ATOMIC,))
        if ch == "#":
            self.i = src.index(")", self.i) + 1
            return None
        if ch == "(":  # a conditional: (?(group)yes|no)
            self.i = src.index(")", self.i) + 1
            self._alternation()
            self.i += 1
            return (OTHER, None)
        return self._flags()

    def _flags(self) -> tuple | None:
        src = self.source
        add = remove = 0
        sign = 1
        while src[self.i] not in ":)":
            ch = src[self.i]
            self.i += 1
            if ch == "-":
                sign = -1
                continue
            bit = _FLAG_BITS[ch]
            if bit & re.VERBOSE:
                raise _Unfamiliar("verbose pattern")
            if sign > 0:
                add |= bit
            else:
                remove |= bit
        if src[self.i] == ")":  # global flags, at the start of the pattern
            self.i += 1
            self.flags |= add
            return None
        self.i += 1
        return self._body((SUBPATTERN, None, add, remove))

    def _body(self, head: tuple) -> tuple:
        nodes = self._alternation()
        self.i += 1  # the closing ")"
        kind = head[0]
        if kind == SUBPATTERN:
            return (SUBPATTERN, (head[1], head[2], head[3], nodes))
        return (kind, nodes)


def parse(source: str) -> tuple[list[tuple], int]:
    """(nodes, global inline flags) of a valid pattern's source (see :class:`_Parser`)."""
    parser = _Parser(source)
    return parser.parse(), parser.flags

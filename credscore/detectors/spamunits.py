"""The units of the spam family and their similarity to the rest of the article.

A unit is a sentence of ``Document.sentences``, further cut after ``.!?`` wherever white space
follows, except after an abbreviation or dotted initials; ``cosines_to_rest`` gives each unit's
cosine to the article minus the unit and its ``NEIGHBOURS`` on each side, in linear time.
"""

from __future__ import annotations

import bisect
import math
import re
from collections.abc import Sequence
from typing import Any

from ..analyse.lexicons import PhraseMatcher
from ..regex import patterncache
from ..segment.document import Document
from ..segment.sentences import is_abbreviation

_UNIT_END = patterncache.compile(r"""(?<![.!?…])[.!?…]+["'”’»)\]]*\s+(?=\S)""")

NEIGHBOURS = 2
"""Units on each side left out of the "rest of the article" (an insertion of several
sentences must not count as its own context)."""


def _dot(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum([v * b[t] for t, v in a.items() if t in b])


def cosines_to_rest(vectors: list[dict[str, float]], centroid: dict[str, float],
                     c_norm2: float) -> list[float]:
    """Cosine of every unit to the article centroid minus that unit and its ``NEIGHBOURS`` on
    each side. Only dot products of a unit with the centroid and with its next few units are
    computed (linear in article length):
    ``s.rest = s.C - sum_j s.v_j``, ``|rest|^2 = |C|^2 - 2 sum_j C.v_j + sum_jl v_j.v_l``."""
    n = len(vectors)
    width = 2 * NEIGHBOURS
    d_c = [_dot(v, centroid) for v in vectors]
    pair = [[_dot(vectors[j], vectors[j + o]) if j + o < n else 0.0 for o in range(width + 1)]
            for j in range(n)]

    out = []
    for k in range(n):
        s2 = pair[k][0]
        if s2 <= 0:
            out.append(0.0)
            continue
        window = range(max(0, k - NEIGHBOURS), min(n, k + NEIGHBOURS + 1))
        # pair[a][b - a] is v_a.v_b for a <= b (the matrix is symmetric); summed in the same
        # order as ever, so the floats do not move
        s_rest = d_c[k] - sum([pair[k][j - k] if k <= j else pair[j][k - j] for j in window])
        near2 = sum([pair[a][b - a] if a <= b else pair[b][a - b]
                     for a in window for b in window])
        rest2 = c_norm2 - 2 * sum(d_c[j] for j in window) + near2
        out.append(max(0.0, s_rest / math.sqrt(s2 * rest2)) if rest2 > 1e-9 else 0.0)
    return out


_EMOTICON_END = patterncache.compile(r"(?<!\w)[:;=]-?[A-Za-z]$")
"""An emoticon before a full stop (":D.", ";P."): the letter is not an initial."""
_SHORT_CAPITAL = patterncache.compile(r"(?<![\w.'’-])[A-Z][a-z]{0,4}$")
"""A short capitalised word before a full stop that the next word continues in lower case: an
abbreviation the list does not know ("Ind.", "Calif.", "Kans.", "Me."); a host sentence that
ends on such a word before a lower-case insertion stays glued to it, a rarer loss."""
_INITIALISM = patterncache.compile(r"(?<![\w.])(?:[A-Za-z]\.){2,}$")
"""Dotted initials ending at a full stop ("L.A.", "D.C."): not a sentence end."""


def units(doc: Document) -> list[tuple[int, int, int]]:
    """(start, end, sentence index) of the units (see module docstring)."""
    text = doc.lint_text
    out = []
    for i, s in enumerate(doc.sentences):
        pos = s.start
        for m in _UNIT_END.finditer(text, s.start, s.end):
            single_dot = m.group(0).rstrip()[:2] in (".", '."', ".'", ".”", ".’", ".)")
            if single_dot and not _EMOTICON_END.search(text, max(0, m.start() - 3), m.start()) and (
                    is_abbreviation(text, m.start())
                    or _INITIALISM.search(text, max(0, m.start() - 12), m.start() + 1)):
                continue  # "U.S.", "Inc.", "Jan.": the document splitter does not cut there either
            lower_next = m.end() < len(text) and text[m.end()].islower()
            if not single_dot and lower_next:
                continue  # a title's "?" or "!" in a sentence ("or Who is Sylvia?) or Ben")
            if lower_next and (m.group(0).rstrip().endswith(")") or _SHORT_CAPITAL.search(
                    text, max(0, m.start() - 8), m.start())):
                continue  # "Sen. Richard Lugar (R-Ind.) read", "Portland, Me. and": abbreviations
            out.append((pos, m.end() - (len(m.group(0)) - len(m.group(0).rstrip())), i))
            pos = m.end()
        if pos < s.end:
            out.append((pos, s.end, i))
    return out


_LINK = patterncache.compile(r"(?<!\S)(?:\S*(?:https?://|www\.|\.com\b|\.co\b|/)\S*|\S+@\S+)",
                   re.IGNORECASE)
_WORD2 = patterncache.compile(r"[^\W\d_]{2,}")


def word_count(text: str) -> int:
    return len(_WORD2.findall(_LINK.sub(" ", text)))


def units_with_phrases(doc: Document, matcher: PhraseMatcher, spans: Sequence[Any]) -> set[int]:
    """Indexes of the units (anything with ``start``/``end``, in text order) that hold a phrase
    of ``matcher``: one pass over the folded text, each match placed by bisection."""
    if not matcher.size:
        return set()
    starts = [s.start for s in spans]
    out = set()
    for m in matcher.iter_matches(doc.folded):
        k = bisect.bisect_right(starts, m.start) - 1
        if k >= 0 and m.start < spans[k].end:
            out.add(k)
    return out

"""Literal strings a regular expression cannot match without: a cheap test before a full scan.

Most cue patterns look for words an article seldom uses ("reportedly", "on condition of
anonymity"), yet ``finditer`` still tries the pattern at every letter of the text. Python's
``in`` finds a plain string with a fast C search, so when none of a pattern's *required
literals* occurs in the text, the scan can be skipped: it would find nothing.

:func:`required_literals` reads the pattern's syntax tree and returns a set of strings such
that every match contains at least one of them, or None when it cannot say. The tree comes from
:func:`parse` (``credscore.regex.regexsyntax``), a reader of Python's pattern syntax written for
this analysis alone: Python's own parser (``re._parser``) is private and changes between
versions, and no library exposes one (RE2's prefilter computes required strings, but for RE2's
syntax and without the prefixes that :class:`PrefixScanner` needs). Whatever :func:`parse` does
not read gives no facts, never wrong ones; ``tests/test_literals.py`` checks the facts of every
pattern credscore compiles.

* a run of literal characters in a sequence is required as a whole, and so is a run of
  parts with a few exact spellings ("analyst(?:s)?": {"analyst", "analysts"});
* a sequence requires what its most selective element requires;
* an alternation requires the union of its branches' requirements (None if one branch has none);
* a group requires what its content requires; a repeat does too when it repeats at least once;
* anything else (character classes, ``.``, anchors, look-arounds, back-references) requires
  nothing that can be named, and case-insensitive parts give up (a literal could match in
  another case).

The result only ever skips a scan that would have found nothing, so matches are unchanged.
:class:`LiteralIndex` tests a text for the strings of many patterns at once.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from operator import itemgetter

from . import patterncache
from .regexsyntax import ATOMIC, BRANCH, LITERAL, REPEATS, SUBPATTERN, ZERO_WIDTH, parse

Needles = frozenset[str]


class _CaseInsensitive(Exception):
    """A part of the pattern ignores case: its literals prove nothing."""


_MAX_EXACT = 64
"""Largest set of alternative spellings tracked for one part of a pattern."""
_MAX_LEADING = 256
"""Largest set of prefixes tracked (a cue may start with any of ~100 source nouns)."""


def _most_selective(options: Iterable[Needles | None]) -> Needles | None:
    """The requirement whose shortest string is longest (then the one with fewest strings)."""
    known = [o for o in options if o]
    if not known:
        return None
    return max(known, key=lambda needles: (min(map(len, needles)), -len(needles)))


def _product(left: Needles, right: Needles, limit: int = _MAX_EXACT) -> Needles | None:
    if len(left) * len(right) > limit:
        return None
    return frozenset(a + b for a in left for b in right)


def _sequence(items: Iterable[tuple], memo: dict) -> tuple[Needles | None, Needles | None]:
    """(required strings, exact spellings) of a sequence. ``re`` factors common prefixes out of
    alternations ("said|says" parses as "sa" + "id|ys"), so adjacent parts with a few exact
    spellings are joined back ({"said", "says"}) before a requirement is chosen."""
    options: list[Needles | None] = []
    run: Needles = frozenset([""])  # exact spellings of the parts since the last gap
    chars: list[str] = []  # literal characters not yet joined to ``run``
    gapped = False
    for op, av in getattr(items, "data", items):  # a SubPattern's list: faster to iterate
        if op is LITERAL:
            chars.append(chr(av))
            continue
        if chars:
            run, chars = _product(run, frozenset(["".join(chars)])) or run, []
        needles, exact = _element(op, av, memo)
        options.append(needles)
        if exact is not None:
            joined = _product(run, exact)
            if joined is not None:
                run = joined
                continue
        # a gap: the exact run so far is one candidate requirement
        if "" not in run:
            options.append(run)
        run = exact if exact is not None else frozenset([""])
        gapped = True
    if chars:
        run = _product(run, frozenset(["".join(chars)])) or run
    if "" not in run:
        options.append(run)
    return _most_selective(options), None if gapped else run


def _element(op: object, av: object, memo: dict) -> tuple[Needles | None, Needles | None]:
    """(required strings, exact spellings or None) of one parsed element (``memo``: results by
    element, as prefixes and requirements visit the same elements)."""
    if op is LITERAL:
        char = chr(av)  # type: ignore[call-overload]
        return frozenset([char]), frozenset([char])
    key = (id(op), id(av))  # the parse tree outlives the memo: ids are stable
    if key not in memo:
        memo[key] = _element_uncached(op, av, memo)
    return memo[key]  # type: ignore[no-any-return]


def _element_uncached(op: object, av: object, memo: dict
                      ) -> tuple[Needles | None, Needles | None]:
    if op is LITERAL:
        char = chr(av)  # type: ignore[call-overload]
        return frozenset([char]), frozenset([char])
    if op is BRANCH:
        union: set[str] = set()
        spellings: set[str] | None = set()
        for branch in av[1]:  # type: ignore[index]
            needles, exact = _sequence(branch, memo)
            if spellings is not None and exact is not None and len(spellings | exact) <= _MAX_EXACT:
                spellings |= exact
            else:
                spellings = None
            if needles is None or union is None:
                union = None  # type: ignore[assignment]
            else:
                union |= needles
        return (None if not union else frozenset(union),
                None if spellings is None else frozenset(spellings))
    if op is SUBPATTERN:
        _group, add_flags, _del_flags, body = av  # type: ignore[misc]
        if add_flags & re.IGNORECASE:
            raise _CaseInsensitive
        return _sequence(body, memo)
    if op in REPEATS:
        low, high, body = av  # type: ignore[misc]
        needles, exact = _sequence(body, memo)
        if exact is None or high != 1:  # repeated: too many spellings to track
            return (needles if low >= 1 else None), None
        # "x?" is spelled "" or as x, "(?:x){1}" as x
        return (needles if low >= 1 else None), (exact | {""} if low == 0 else exact)
    if ATOMIC is not None and op is ATOMIC:
        return _sequence(av, memo)  # type: ignore[arg-type]
    if op in ZERO_WIDTH:  # "\\b", "^", look-arounds: they consume no text
        return None, frozenset([""])
    return None, None


def _prefixes(items: Iterable[tuple], memo: dict) -> Needles | None:
    """Strings one of which every match of the sequence starts with, or None."""
    leading: Needles = frozenset([""])  # exact spellings of the elements read so far
    for op, av in getattr(items, "data", items):
        _needles, exact = _element(op, av, memo)
        if exact is None:
            lead = _leading(op, av, memo)
            joined = None if lead is None else _product(leading, lead, _MAX_LEADING)
            leading = joined if joined is not None else leading
            break
        joined = _product(leading, exact, _MAX_LEADING)
        if joined is None:
            break
        leading = joined
    return None if "" in leading else leading


def _leading(op: object, av: object, memo: dict) -> Needles | None:
    """Strings one of which every match of a (not exactly spelled) element starts with."""
    if op is BRANCH:
        union: set[str] = set()
        for branch in av[1]:  # type: ignore[index]
            lead = _prefixes(branch, memo)
            if lead is None:
                return None
            union |= lead
        return frozenset(union) if len(union) <= _MAX_LEADING else None
    if op is SUBPATTERN:
        if av[1] & re.IGNORECASE:  # type: ignore[index]
            raise _CaseInsensitive
        return _prefixes(av[3], memo)  # type: ignore[index]
    if op in REPEATS:
        low, _high, body = av  # type: ignore[misc]
        return _prefixes(body, memo) if low >= 1 else None
    if ATOMIC is not None and op is ATOMIC:
        return _prefixes(av, memo)  # type: ignore[arg-type]
    return None


def _minimal(needles: Needles) -> Needles:
    """Drop every string that contains another one: finding the shorter one is enough."""
    ordered = sorted(needles, key=len)
    kept: list[str] = []
    for s in ordered:
        if not any(k in s for k in kept):
            kept.append(s)
    return frozenset(kept)


def _parsed(pattern: re.Pattern[str]) -> list | None:
    """The parse tree of ``pattern``, or None when case-insensitive, verbose or not a text
    pattern."""
    if not isinstance(pattern.pattern, str) or pattern.flags & (re.IGNORECASE | re.VERBOSE):
        return None
    items, flags = parse(pattern.pattern)
    if flags & re.IGNORECASE:  # an inline (?i) at the start
        return None
    return items


def _minimal_prefixes(prefixes: Needles) -> Needles:
    """Drop every string that starts with another one: it adds no start position."""
    kept: list[str] = []
    for p in sorted(prefixes, key=len):
        if not any(p.startswith(k) for k in kept):
            kept.append(p)
    return frozenset(kept)


def _analyse(pattern: re.Pattern[str]) -> tuple[Needles | None, Needles | None]:
    """(required literals, required prefixes) of ``pattern``; None where nothing is known."""
    try:
        items = _parsed(pattern)
        if items is None:
            return None, None
        memo: dict = {}
        needles, _ = _sequence(items, memo)
        prefixes = _prefixes(items, memo)
    except _CaseInsensitive:
        return None, None
    except Exception:  # an unfamiliar parse tree (another Python): no shortcut, same results
        return None, None
    return (_minimal(needles) if needles else None,
            _minimal_prefixes(prefixes) if prefixes else None)


def _valid(facts: object) -> bool:
    return (isinstance(facts, tuple) and len(facts) == 2 and all(
        part is None or (isinstance(part, frozenset) and part
                         and all(isinstance(x, str) and x for x in part))
        for part in facts))


def _facts(pattern: re.Pattern[str]) -> tuple[Needles | None, Needles | None]:
    """:func:`_analyse`, kept in the on-disk pattern cache (parsing a 20 KB cue pattern again
    on every start would cost more than compiling it)."""
    # the kind names this analysis: a change to what it computes needs a new one, or facts
    # stored on disk by the old code would be read back
    return patterncache.derived("literals-2", pattern, _analyse, _valid)  # type: ignore[no-any-return]


def required_literals(pattern: re.Pattern[str]) -> Needles | None:
    """Strings one of which every match of ``pattern`` contains, or None (see module doc)."""
    return _facts(pattern)[0]


def required_prefixes(pattern: re.Pattern[str]) -> Needles | None:
    """Strings one of which every match of ``pattern`` starts with, or None."""
    return _facts(pattern)[1]


class PrefixScanner:
    """``pattern.finditer(text)``, trying the pattern only where one of its required prefixes
    starts (found in one Aho-Corasick pass) instead of at every position.

    Identical matches: ``finditer`` yields, from the end of the previous match on, the first
    position where ``pattern.match`` succeeds; a match can only start where a required prefix
    starts, so trying those positions in order finds the same position and the same match
    (``match(text, pos)`` sees the text before ``pos`` for look-behinds and ``\\b``).
    """

    def __init__(self, pattern: re.Pattern[str], prefixes: Needles) -> None:
        import ahocorasick

        self.pattern = pattern
        automaton = ahocorasick.Automaton()
        for prefix in prefixes:
            automaton.add_word(prefix, len(prefix) - 1)
        automaton.make_automaton()
        self._automaton = automaton

    def finditer(self, text: str, pos: int = 0, endpos: int | None = None
                 ) -> Iterator[re.Match[str]]:
        """As ``pattern.finditer(text, pos, endpos)``."""
        endpos = len(text) if endpos is None else min(endpos, len(text))
        # prefixes that lie within [pos, endpos): a match cannot read past endpos
        # a slice, not iter(text, pos, endpos): pyahocorasick copies the whole text per call
        found = self._automaton.iter(text[pos:endpos]) if pos < endpos else ()
        starts = sorted({pos + end - back for end, back in found})
        match = self.pattern.match
        for start in starts:
            if start < pos:
                continue
            m = match(text, start, endpos)
            if m is not None:
                yield m
                pos = max(m.end(), start + 1)  # prefixes are not empty: never an empty match


def prefix_scanner(pattern: re.Pattern[str]) -> PrefixScanner | None:
    """A :class:`PrefixScanner` for ``pattern``, or None when it would not be faster: the
    matches may start anywhere, or with one of a few letters (a prefix of one character), or
    all with the same character (``re`` itself then jumps from one occurrence to the next)."""
    prefixes = required_prefixes(pattern)
    if prefixes is None or min(map(len, prefixes)) < 2 or len({p[0] for p in prefixes}) < 2:
        return None
    return PrefixScanner(pattern, prefixes)


def may_match(needles: Needles | None, text: str) -> bool:
    """False only when ``text`` holds none of ``needles`` (so the pattern cannot match)."""
    return needles is None or any(n in text for n in needles)


class LiteralIndex:
    """Which of several patterns can match a text, from one Aho-Corasick pass over it
    (pyahocorasick, as for the phrase lexicons) that collects the required strings present."""

    def __init__(self, patterns: Iterable[re.Pattern[str]]) -> None:
        self.needles = [required_literals(p) for p in patterns]
        self._automaton = None
        every = set().union(*(n for n in self.needles if n is not None))
        if every:
            import ahocorasick

            automaton = ahocorasick.Automaton()
            for needle in every:
                automaton.add_word(needle, needle)
            automaton.make_automaton()
            self._automaton = automaton

    def possible(self, text: str) -> list[bool]:
        """Per pattern: False only when ``text`` holds none of its required strings."""
        if self._automaton is None:
            return [True] * len(self.needles)
        present = set(map(itemgetter(1), self._automaton.iter(text)))
        return [n is None or not n.isdisjoint(present) for n in self.needles]

"""Regular expressions compiled when first used, with facts about them kept on disk.

The rule packs and detectors define about a hundred regular expressions, some of them 20 KB
alternations built from the lexicons; compiling all of them costs ~40 ms of a cold
``credscore check``. CPython has no public way to save a compiled pattern (pickling one keeps
only its source), and this module uses no private part of ``re``. Instead:

* :func:`compile` returns a :class:`LazyPattern`: ``re.compile`` runs on its first match, so a
  pattern that a document never needs (the Markdown cues for a text file, the strict form of a
  cue whose loose form found nothing, rules switched off) is never compiled. Once compiled, its
  methods are the compiled pattern's own (no proxy on the hot path).
* :func:`derived` keeps a fact computed from a pattern's source (the literal strings a pattern
  needs, ``credscore.regex.literals``) in a :class:`credscore.diskcache.MarshalStore`, so the fact
  is computed once, not on every start. The store holds strings and sets only, never article
  text, and a damaged or missing file only means recomputing.
"""

from __future__ import annotations

import marshal
import re
from collections.abc import Callable
from typing import Any

from ..diskcache import MarshalStore

_STORE = MarshalStore("pattern-facts")

_METHODS = ("search", "match", "fullmatch", "finditer", "findall", "sub", "subn", "split")


class LazyPattern:
    """``re.compile(pattern, flags)``, done on first use; ``pattern`` and ``flags`` are known
    without compiling (``flags`` as ``re`` reports them, with ``re.UNICODE`` for text)."""

    __slots__ = ("__dict__", "_compiled", "flags", "pattern")

    def __init__(self, pattern: str, flags: int) -> None:
        self.pattern = pattern
        self.flags = flags | re.UNICODE if not flags & re.ASCII else flags
        self._compiled: re.Pattern[str] | None = None

    def compiled(self) -> re.Pattern[str]:
        """The compiled pattern (compiled now if it was not yet)."""
        rx = self._compiled
        if rx is None:
            rx = self._compiled = re.compile(self.pattern, self.flags)
            for name in _METHODS:  # from now on, calls go straight to the compiled pattern
                self.__dict__[name] = getattr(rx, name)
        return rx

    def __getattr__(self, name: str) -> Any:
        # Only reached for what is not set yet: the match methods before the first use, and
        # the rest of re.Pattern's attributes (groups, groupindex, scanner).
        return getattr(self.compiled(), name)

    def __repr__(self) -> str:
        return f"LazyPattern({self.pattern!r}, {self.flags!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (LazyPattern, (self.pattern, self.flags))


def compile(pattern: str, flags: int = 0) -> Any:
    """A pattern equivalent to ``re.compile(pattern, flags)``, compiled on first use."""
    flags = int(flags)
    if not isinstance(pattern, str):
        return re.compile(pattern, flags)
    return LazyPattern(pattern, flags)


def checked(pattern: str, flags: int = 0) -> Any:
    """:func:`compile`, with the pattern's syntax checked now (``re.error`` if it is bad); the
    check runs once per pattern and is remembered on disk, so it costs no start-up time."""
    from ..diskcache import memo

    def check() -> str | None:
        try:
            re.compile(pattern, flags)
        except re.error as err:
            return str(err)
        return None

    error = memo(("pattern-syntax", 1, pattern, int(flags)), check)
    if error is not None:
        raise re.error(error)
    return compile(pattern, flags)


def derived(kind: str, pattern: Any, compute: Callable[[Any], Any],
            valid: Callable[[Any], bool]) -> Any:
    """A fact about a pattern (``compute(pattern)``, a value ``marshal`` can store), kept on
    disk under the pattern's source and flags, so that it is computed once, not on every
    start. ``valid`` rejects a damaged or foreign stored value (it is then recomputed)."""
    if not isinstance(pattern.pattern, str):
        return compute(pattern)
    key = (kind, pattern.pattern, int(pattern.flags))
    value = _STORE.get(key)
    if value is not None and valid(value):
        return value
    value = compute(pattern)
    try:
        marshal.dumps(value)
    except ValueError:
        return value  # not storable: computed each time
    _STORE.put(key, value)
    return value


def save() -> None:
    """Write newly computed facts now (also done at exit); never raises."""
    _STORE.save()

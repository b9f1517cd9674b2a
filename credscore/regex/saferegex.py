"""Rule-pack regular expressions under a bound: one pattern can never stall a batch.

A pack pattern (``params.patterns`` of the ``pattern`` and ``boilerplate-block`` kinds, built in
or from a user's pack) is checked when the pack is loaded and then runs in one of two ways:

* **RE2** (google-re2), in time linear in the text whatever the pattern, when the pattern means
  exactly the same there. Python's ``\\d``, ``\\w``, ``\\s`` (and their negations) are Unicode
  classes; they are translated to the same classes in RE2's syntax. A pattern that RE2 cannot
  run, or whose meaning would change, stays on Python's ``re``: look-arounds, back-references,
  ``\\b``/``\\B`` (ASCII-only in RE2: "caf\\u00e9" would gain a word boundary), a negated shorthand
  inside a class (``[^\\S\\n]``), possessive or atomic groups.
* **re with a time budget**: the rules that run a pack's regular expressions (kinds
  ``pattern``, ``boilerplate-block``, ``vague-attribution``) share, per document,
  :func:`budget_seconds` (5 s plus 2 s per MB of text). Past it the rule is stopped
  (``SIGALRM``, which ``re`` polls while it backtracks: :func:`run_bounded`) and
  :class:`PatternTimeout` is raised; the engine then reports no findings from that rule for that
  document, and a warning. The alarm needs the main thread; elsewhere (a Dask worker thread)
  the budget is checked between matches only.
  Such a pattern is also refused at load time when it repeats a group that itself repeats
  without bound (``(a+)+``, ``(\\w+\\s?)*``), the shape of catastrophic backtracking.

``(a+)+$`` in a pack therefore runs on RE2 and takes microseconds; ``\\b(a+)+$`` is refused.
"""

from __future__ import annotations

import re
import signal
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

T = TypeVar("T")

BUDGET_BASE_SECONDS = 5.0
BUDGET_SECONDS_PER_MB = 2.0


def budget_seconds(text_length: int) -> float:
    """The pattern time budget of one document of ``text_length`` characters."""
    return BUDGET_BASE_SECONDS + BUDGET_SECONDS_PER_MB * text_length / 1_000_000


class PatternTimeout(Exception):
    """A document's pattern time budget ran out."""


class UnsafePattern(ValueError):
    """A pattern refused at load time (the message says why)."""


# --------------------------------------------------------------------------- translation

_WORD = r"\p{L}\p{N}_"
_SPACE = (r"\t\n\x{b}\x{c}\r\x{1c}-\x{1f} \x{85}\x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}"
          r"\x{2029}\x{202f}\x{205f}\x{3000}")
"""Python's white space (``str.isspace``), which its ``\\s`` matches."""
_INSIDE = {"d": r"\p{Nd}", "w": _WORD, "s": _SPACE}
_OUTSIDE = {"d": r"\p{Nd}", "D": r"\P{Nd}", "w": f"[{_WORD}]", "W": f"[^{_WORD}]",
            "s": f"[{_SPACE}]", "S": f"[^{_SPACE}]"}


class _NotExact(Exception):
    """The pattern would not mean the same in RE2."""


def to_re2(source: str, ascii_boundaries: bool = False) -> str:
    """``source`` in RE2's syntax with Python's meaning, or _NotExact.

    With ``ascii_boundaries`` the pattern is for a text without non-ASCII letters or digits,
    where RE2's ASCII ``\\b``, ``\\B``, ``\\w`` and ``\\d`` mean what Python's do (and are far
    cheaper to compile than Unicode classes); ``\\s`` stays Python's Unicode white space."""
    out: list[str] = []
    i, n = 0, len(source)
    in_class = False
    class_start = 0
    while i < n:
        ch = source[i]
        if ch == "\\":
            if i + 1 >= n:
                raise _NotExact("trailing backslash")
            nxt = source[i + 1]
            if nxt in "bBAZ" and not in_class:
                if nxt == "Z":
                    out.append(r"\z")
                elif nxt == "A":
                    out.append(r"\A")
                elif ascii_boundaries:
                    out.append("\\" + nxt)
                else:
                    raise _NotExact("word boundary")
                i += 2
                continue
            if nxt.isdigit() and nxt != "0" and not in_class:
                raise _NotExact("back-reference")
            if ascii_boundaries and nxt in "dwDW":
                out.append(source[i:i + 2])
                i += 2
                continue
            if nxt in "dwsDWS":
                if in_class:
                    if nxt.isupper():
                        raise _NotExact("negated class inside a class")
                    out.append(_INSIDE[nxt])
                else:
                    out.append(_OUTSIDE[nxt])
                i += 2
                continue
            if nxt == "u" and i + 6 <= n:
                out.append(r"\x{" + source[i + 2:i + 6] + "}")
                i += 6
                continue
            if nxt == "U" and i + 10 <= n:
                out.append(r"\x{" + source[i + 2:i + 10] + "}")
                i += 10
                continue
            if nxt in "Nbg" or (nxt == "0"):
                raise _NotExact(f"escape \\{nxt}")
            out.append(source[i:i + 2])
            i += 2
            continue
        if in_class:
            if ch == "[" and source[i + 1:i + 2] == ":":
                raise _NotExact("POSIX class syntax")
            if ch == "]" and i > class_start:
                in_class = False
            out.append(ch)
            i += 1
            continue
        if ch == "[":
            in_class = True
            out.append(ch)
            i += 1
            if source[i:i + 1] == "^":
                out.append("^")
                i += 1
            class_start = i  # a "]" right here is a literal
            continue
        if ch == "(" and source[i + 1:i + 2] == "?":
            rest = source[i + 2:i + 4]
            if rest[:1] in ("=", "!", ">", "(") or rest in ("<=", "<!") or rest[:2] == "P=":
                raise _NotExact("look-around, atomic group or back-reference")
        if ch in "*+?}" and source[i + 1:i + 2] == "+":
            raise _NotExact("possessive repeat")
        out.append(ch)
        i += 1
    return "".join(out)


# --------------------------------------------------------------------------- load-time check

def _nested_unbounded(source: str) -> bool:
    """Does ``source`` repeat without bound a group that itself holds an unbounded repeat?"""
    stack: list[bool] = []  # per open group: does it contain an unbounded repeat?
    i, n = 0, len(source)
    while i < n:
        ch = source[i]
        if ch == "\\":
            i += 2
            if _unbounded_repeat_at(source, i) and stack:
                stack[-1] = True
            continue
        if ch == "[":
            j = i + 1
            if source[j:j + 1] == "^":
                j += 1
            if source[j:j + 1] == "]":
                j += 1
            while j < n and source[j] != "]":
                j += 2 if source[j] == "\\" else 1
            i = j + 1
            if _unbounded_repeat_at(source, i) and stack:
                stack[-1] = True
            continue
        if ch == "(":
            stack.append(False)
            i += 1
            continue
        if ch == ")":
            inner = stack.pop() if stack else False
            i += 1
            if inner and _unbounded_repeat_at(source, i):
                return True
            if stack and (inner or _unbounded_repeat_at(source, i)):
                stack[-1] = True
            continue
        i += 1
        if _unbounded_repeat_at(source, i) and stack:
            stack[-1] = True
    return False


def _unbounded_repeat_at(source: str, i: int) -> bool:
    if i >= len(source):
        return False
    if source[i] in "*+":
        return True
    m = re.match(r"\{\d*,\}", source[i:])
    return m is not None


# --------------------------------------------------------------------------- the pattern

_RE2: Any = None


def _re2() -> Any:
    global _RE2
    if _RE2 is None:
        try:
            import re2
        except ImportError:  # pragma: no cover - a dependency; without it every pattern is on re
            _RE2 = False
        else:
            _RE2 = re2
    return _RE2 or None


class RulePattern:
    """A pack pattern: ``finditer`` gives ``(start, end)`` of a group of each match."""

    __slots__ = ("_re", "_re2", "_re2_ascii", "engine", "flags", "groups", "pattern")

    def __init__(self, source: str, flags: int = 0) -> None:
        from ..diskcache import memo
        from .patterncache import compile as lazy_compile

        # The syntax check (re.compile) runs once per pattern and is remembered on disk.
        groups, error, nested = memo(("rule-pattern", 2, source, int(flags)),
                                     lambda: _check(source, flags))
        if error is not None:
            raise UnsafePattern(error)
        self._re = lazy_compile(source, flags)  # the reference meaning; compiled when needed
        self.pattern = source
        self.flags = flags
        self.groups = groups
        self._re2 = self._compile_re2(source, flags, groups)
        self._re2_ascii = (self._re2 if self._re2 is not None
                           else self._compile_re2(source, flags, groups, ascii_boundaries=True))
        self.engine = ("re2" if self._re2 is not None
                       else "re2 for text without non-ASCII letters, else re"
                       if self._re2_ascii is not None else "re")
        if self._re2 is None and nested:
            raise UnsafePattern(
                f"regular expression {source!r} repeats a group that itself repeats without "
                "bound (catastrophic backtracking), and RE2 cannot run it in linear time here "
                "(it uses \\b, a look-around or a back-reference): rewrite it, e.g. without the "
                "outer repeat")

    @staticmethod
    def _compile_re2(source: str, flags: int, groups: int, ascii_boundaries: bool = False
                     ) -> Any:
        re2 = _re2()
        if re2 is None or flags & ~(re.IGNORECASE | re.MULTILINE | re.DOTALL | re.UNICODE):
            return None
        try:
            translated = to_re2(source, ascii_boundaries)
        except _NotExact:
            return None
        options = re2.Options()
        options.log_errors = False
        options.case_sensitive = not flags & re.IGNORECASE
        options.dot_nl = bool(flags & re.DOTALL)
        options.never_nl = False
        prefix = "(?m)" if flags & re.MULTILINE else ""
        try:
            compiled = re2.compile(prefix + translated, options)
        except Exception:  # re2.error, or anything the binding raises for syntax it refuses
            return None
        if compiled.groups != groups:
            return None
        return compiled

    def finditer(self, text: str, group: int = 0,
                 deadline: float | None = None) -> Iterator[tuple[int, int]]:
        """Spans of ``group`` in every match; PatternTimeout past ``deadline`` (re only)."""
        engine = None
        if self._re2 is not None or self._re2_ascii is not None:
            non_ascii_word, surrogates = _text_facts(text)
            if not surrogates:  # RE2 reads UTF-8, which a lone surrogate is not
                engine = self._re2 if self._re2 is not None else (
                    self._re2_ascii if not non_ascii_word else None)
        if engine is not None:
            for m in engine.finditer(text):
                yield m.span(group)
            return
        yield from _bounded(self._re, text, group, deadline)


_NON_ASCII_WORD = re.compile(r"(?![\x00-\x7f])\w")
_SURROGATE = re.compile("[\ud800-\udfff]")
_last_checked: list[Any] = [None, (False, False)]


def _text_facts(text: str) -> tuple[bool, bool]:
    """(holds a letter, digit or underscore outside ASCII, where RE2's ``\\b`` would differ
    from Python's; holds a lone surrogate). The last answer is kept: every pattern asks about
    the same text."""
    if _last_checked[0] is text:
        return _last_checked[1]  # type: ignore[no-any-return]
    if text.isascii():
        answer = (False, False)
    else:
        answer = (_NON_ASCII_WORD.search(text) is not None, _SURROGATE.search(text) is not None)
    _last_checked[0], _last_checked[1] = text, answer
    return answer


def _check(source: str, flags: int) -> tuple[int, str | None, bool]:
    """(number of groups, None, nested unbounded repeats?) for a valid pattern, else
    (0, the error, False)."""
    try:
        return re.compile(source, flags).groups, None, _nested_unbounded(source)
    except (re.error, OverflowError, RecursionError, ValueError) as err:
        return 0, f"bad regular expression: {err}", False


def _bounded(rx: Any, text: str, group: int,
             deadline: float | None) -> Iterator[tuple[int, int]]:
    """``rx``'s spans, with the deadline checked between matches (the alarm of
    :func:`run_bounded` stops a single long match in the main thread)."""
    for m in rx.finditer(text):
        if deadline is not None and time.monotonic() > deadline:
            raise PatternTimeout
        yield m.span(group)


class _Alarm(Exception):
    pass


def _raise_alarm(signum: int, frame: Any) -> None:
    raise _Alarm


def alarm_available() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


def run_bounded(doc: Any, work: Callable[[], T]) -> T:
    """``work()`` within what is left of ``doc``'s pattern budget: PatternTimeout past it.

    In the main thread a ``SIGALRM`` interrupts even one long regular-expression match (``re``
    polls for signals while it backtracks); the caller's own timer and handler are put back.
    Elsewhere only the checks between matches apply. (The engine runs a document's rules in one
    :class:`BoundedRegion`.)
    """
    with BoundedRegion(doc) as region:
        return region.run(work)


class BoundedRegion:
    """:func:`run_bounded` for several rules on one document, with one timer: the handler and
    the alarm are set up once (not per rule), and the alarm only interrupts work run through
    :meth:`run`. When it goes off between such runs, the next run finds the budget spent and
    raises PatternTimeout at once, as :func:`run_bounded` would."""

    def __init__(self, doc: Any) -> None:
        self.doc = doc
        self.active = False
        self._armed = False

    def __enter__(self) -> BoundedRegion:
        return self

    def _arm(self) -> None:
        """Start the alarm for what is left of the budget (first bounded run only)."""
        self._armed = True
        self._alarm = alarm_available()
        if not self._alarm:
            return
        remaining = document_deadline(self.doc) - time.monotonic()
        self._previous = signal.signal(signal.SIGALRM, self._handle)
        self._started = time.monotonic()
        self._old = signal.setitimer(signal.ITIMER_REAL, max(remaining, 1e-6))

    def _handle(self, signum: int, frame: Any) -> None:
        if self.active:
            raise _Alarm

    def run(self, work: Callable[[], T]) -> T:
        """``work()`` within what is left of the document's budget: PatternTimeout past it."""
        if document_deadline(self.doc) - time.monotonic() <= 0:
            raise PatternTimeout
        if not self._armed:
            self._arm()
        self.active = True
        try:
            return work()
        except _Alarm:
            raise PatternTimeout from None
        finally:
            self.active = False

    def __exit__(self, *exc: object) -> None:
        if not self._armed or not self._alarm:
            return
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, self._previous)
        old_delay, old_interval = self._old
        if old_delay:  # someone else's timer was running: give it back what is left
            left = max(old_delay - (time.monotonic() - self._started), 0.001)
            signal.setitimer(signal.ITIMER_REAL, left, old_interval)


def document_deadline(doc: Any) -> float:
    """The moment the pattern budget of ``doc`` runs out (set on first use)."""
    deadline = doc.cache.get("pattern_deadline")
    if deadline is None:
        deadline = time.monotonic() + budget_seconds(len(doc.text))
        doc.cache["pattern_deadline"] = deadline
    return float(deadline)

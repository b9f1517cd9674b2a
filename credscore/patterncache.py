"""Compiled regular expressions kept on disk between runs, as Python keeps bytecode.

The rule packs become about a hundred regular expressions, some of them 20 KB alternations
built from the lexicons. Compiling them costs ~60 ms of every cold ``credscore check``, more
than a third of a whole proselint run. CPython has no public way to save a compiled pattern
(pickling one only stores its source), so this module keeps what ``re`` computes, the
pattern's SRE code, in one file per interpreter, and rebuilds a pattern from it with the same
``_sre.compile`` call that ``re`` itself makes. The cache is an optimisation only:

* The file is named by the interpreter's bytecode tag and SRE version
  (``patterns-cpython-311-20220615.marshal``): another Python never reads it.
* Any surprise (a missing private function, a damaged or foreign file, a code array the
  interpreter's SRE validator rejects, an unwritable folder) falls back to ``re.compile``
  silently. The result is the same pattern object either way.
* It lives in ``$CREDSCORE_CACHE_DIR``, else ``$XDG_CACHE_HOME/credscore``, else
  ``~/.cache/credscore``. ``CREDSCORE_NO_CACHE=1`` turns it off. It holds regular expressions
  only (never article text) and is rewritten atomically, so concurrent processes are safe.
* It keeps the patterns this version of the rules needs. When the file would grow past
  :data:`MAX_ENTRIES` (many rule edits), only the patterns used by the current process are kept.
"""

from __future__ import annotations

import array
import atexit
import marshal
import os
import re
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

try:  # Python 3.11+
    from re import _compiler as _sre_compiler
    from re import _parser as _sre_parser
except ImportError:  # pragma: no cover - Python 3.10
    import sre_compile as _sre_compiler  # type: ignore[no-redef]
    import sre_parse as _sre_parser  # type: ignore[no-redef]

import _sre

MAX_ENTRIES = 2000
_FORMAT = 1  # bump when the layout of an entry changes

# (pattern, flags) -> (flags after parsing, code as bytes, groups - 1, groupindex, indexgroup)
_Entry = tuple[int, bytes, int, dict[str, int], tuple[Any, ...]]


def cache_dir() -> Path | None:
    """The folder of the on-disk pattern cache, or None when caching is off."""
    if os.environ.get("CREDSCORE_NO_CACHE", "").strip() not in ("", "0"):
        return None
    explicit = os.environ.get("CREDSCORE_CACHE_DIR")
    if explicit:
        return Path(explicit)
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg) if xdg else Path.home() / ".cache"
    return base / "credscore"


def cache_file() -> Path | None:
    """This interpreter's pattern-cache file, or None when caching is off."""
    folder = cache_dir()
    if folder is None:
        return None
    tag = sys.implementation.cache_tag or sys.implementation.name
    return folder / f"patterns-{tag}-{_sre.MAGIC}.marshal"


class _PatternCache:
    def __init__(self) -> None:
        self._loaded_from: Path | None = None
        self._entries: dict[tuple[str, int], _Entry] = {}
        self._used: set[tuple[str, int]] = set()
        self._dirty = False
        self._enabled = True

    def _load(self, path: Path) -> None:
        self._loaded_from = path
        try:
            data = marshal.loads(path.read_bytes())
        except (OSError, EOFError, ValueError, TypeError):
            return
        valid = isinstance(data, tuple) and len(data) == 2 and data[0] == _FORMAT
        if valid and isinstance(data[1], dict):
            self._entries = data[1]

    def compile(self, pattern: str, flags: int = 0) -> re.Pattern[str]:
        flags = int(flags)
        path = cache_file() if self._enabled else None
        if path is None or not isinstance(pattern, str):
            return re.compile(pattern, flags)
        if self._loaded_from != path:
            self._entries, self._dirty = {}, False
            self._load(path)
        key = (pattern, flags)
        self._used.add(key)
        entry = self._entries.get(key)
        if entry is not None:
            compiled = _from_entry(pattern, entry)
            if compiled is not None:
                return compiled
        compiled, entry = _compile_with_entry(pattern, flags)
        if entry is None:
            return compiled
        if not self._dirty:
            atexit.register(self.save)
        self._entries[key] = entry
        self._dirty = True
        return compiled

    def derived(self, kind: str, pattern: re.Pattern[str], compute: Callable[[Any], Any],
                valid: Callable[[Any], bool]) -> Any:
        """``compute(pattern)``, kept in the cache file under ``(kind, source, flags)``."""
        path = cache_file() if self._enabled else None
        if path is None or not isinstance(pattern.pattern, str):
            return compute(pattern)
        if self._loaded_from != path:
            self._entries, self._dirty = {}, False
            self._load(path)
        key = (kind, pattern.pattern, pattern.flags)
        self._used.add(key)  # type: ignore[arg-type]
        value = self._entries.get(key)  # type: ignore[call-overload]
        if value is not None and valid(value):
            return value
        value = compute(pattern)
        try:
            marshal.dumps(value)
        except ValueError:
            return value  # not storable: computed each time
        if not self._dirty:
            atexit.register(self.save)
        self._entries[key] = value  # type: ignore[index]
        self._dirty = True
        return value

    def save(self) -> None:
        """Write the cache if this process compiled anything new; never raises."""
        path = self._loaded_from
        if not self._dirty or path is None:
            return
        self._dirty = False
        entries = self._entries
        if len(entries) > MAX_ENTRIES:
            entries = {key: entries[key] for key in self._used if key in entries}
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".patterns-", dir=path.parent)
            try:
                with os.fdopen(fd, "wb") as handle:
                    handle.write(marshal.dumps((_FORMAT, entries)))
                os.replace(tmp, path)
            except BaseException:
                os.unlink(tmp)
                raise
        except (OSError, ValueError):
            pass


def _compile_with_entry(pattern: str, flags: int) -> tuple[re.Pattern[str], _Entry | None]:
    """Compile as ``re`` does, keeping the SRE code; plain ``re.compile`` on any surprise."""
    try:
        parsed = _sre_parser.parse(pattern, flags)
        code = _sre_compiler._code(parsed, flags)
        groupindex = dict(parsed.state.groupdict)
        indexgroup: list[Any] = [None] * parsed.state.groups
        for name, index in groupindex.items():
            indexgroup[index] = name
        entry: _Entry = (flags | parsed.state.flags, array.array("I", code).tobytes(),
                         parsed.state.groups - 1, groupindex, tuple(indexgroup))
    except Exception:
        return re.compile(pattern, flags), None
    compiled = _from_entry(pattern, entry)
    if compiled is None:
        return re.compile(pattern, flags), None
    return compiled, entry


def _from_entry(pattern: str, entry: _Entry) -> re.Pattern[str] | None:
    try:
        final_flags, code_bytes, groups, groupindex, indexgroup = entry
        code = array.array("I")
        code.frombytes(code_bytes)
        return _sre.compile(pattern, final_flags, code.tolist(), groups, groupindex, indexgroup)
    except Exception:
        return None


_CACHE = _PatternCache()


def compile(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile(pattern, flags)``, served from the on-disk cache when possible."""
    return _CACHE.compile(pattern, flags)


def derived(kind: str, pattern: re.Pattern[str], compute: Callable[[Any], Any],
            valid: Callable[[Any], bool]) -> Any:
    """A fact about a compiled pattern (``compute(pattern)``, a value ``marshal`` can store),
    kept in the cache file next to the patterns' code, so that it is computed once, not on
    every start. ``valid`` rejects a damaged or foreign stored value (it is then recomputed)."""
    return _CACHE.derived(kind, pattern, compute, valid)


def save() -> None:
    """Write newly compiled patterns now (also done at exit); never raises."""
    _CACHE.save()

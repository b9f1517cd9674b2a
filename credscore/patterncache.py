"""Compiled regular expressions kept on disk between runs, as Python keeps bytecode.

The rule packs become about a hundred regular expressions, some of them 20 KB alternations
built from the lexicons. Compiling them costs ~60 ms of every cold ``credscore check``, more
than a third of a whole proselint run. CPython has no public way to save a compiled pattern
(pickling one only stores its source), so this module keeps what ``re`` computes, the
pattern's SRE code, in one file per interpreter, and rebuilds a pattern from it with the same
``_sre.compile`` call that ``re`` itself makes. The cache is an optimisation only:

* The file is named by the SRE version and the interpreter's bytecode tag
  (``patterns-sre20220615-cpython-311.marshal``): another Python never reads it.
* Any surprise (a missing private function, a damaged or foreign file, a code array the
  interpreter's SRE validator rejects, an unwritable folder) falls back to ``re.compile``
  silently. The result is the same pattern object either way.
* It is a :class:`credscore.diskcache.MarshalStore` (folder, ``CREDSCORE_NO_CACHE``, atomic
  writes, bounded size: see there). It holds regular expressions only, never article text.
"""

from __future__ import annotations

import array
import marshal
import re
from collections.abc import Callable
from typing import Any

try:  # Python 3.11+
    from re import _compiler as _sre_compiler
    from re import _parser as _sre_parser
except ImportError:  # pragma: no cover - Python 3.10
    import sre_compile as _sre_compiler  # type: ignore[no-redef]
    import sre_parse as _sre_parser  # type: ignore[no-redef]

import _sre

from .diskcache import MarshalStore

# (pattern, flags) -> (flags after parsing, code as bytes, groups - 1, groupindex, indexgroup)
_Entry = tuple[int, bytes, int, dict[str, int], tuple[Any, ...]]

_STORE = MarshalStore(f"patterns-sre{_sre.MAGIC}")


def compile(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile(pattern, flags)``, served from the on-disk cache when possible."""
    flags = int(flags)
    if not isinstance(pattern, str):
        return re.compile(pattern, flags)
    key = (pattern, flags)
    entry = _STORE.get(key)
    if entry is not None:
        compiled = _from_entry(pattern, entry)
        if compiled is not None:
            return compiled
    compiled, entry = _compile_with_entry(pattern, flags)
    if entry is not None:
        _STORE.put(key, entry)
    return compiled


def derived(kind: str, pattern: re.Pattern[str], compute: Callable[[Any], Any],
            valid: Callable[[Any], bool]) -> Any:
    """A fact about a compiled pattern (``compute(pattern)``, a value ``marshal`` can store),
    kept in the cache file next to the patterns' code, so that it is computed once, not on
    every start. ``valid`` rejects a damaged or foreign stored value (it is then recomputed)."""
    if not isinstance(pattern.pattern, str):
        return compute(pattern)
    key = (kind, pattern.pattern, pattern.flags)
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
    """Write newly compiled patterns now (also done at exit); never raises."""
    _STORE.save()


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

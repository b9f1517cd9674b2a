"""A small on-disk store of derived data that is slow to rebuild at start-up, as Python keeps
bytecode in ``__pycache__``.

Only values ``marshal`` can hold (numbers, strings, bytes, tuples, lists, dicts, sets) go in,
never article text, and never anything that runs code when read. One file per store and
interpreter (``<name>-cpython-311.marshal``), in ``$CREDSCORE_CACHE_DIR``, else
``$XDG_CACHE_HOME/credscore``, else ``~/.cache/credscore``; ``CREDSCORE_NO_CACHE=1`` turns every
store off. A store is written atomically at exit (or by :meth:`MarshalStore.save`) only when
this process added something, so concurrent processes are safe. Any problem (a damaged file, an
unwritable folder) means "not cached": the caller rebuilds, and nothing fails.
"""

from __future__ import annotations

import atexit
import contextlib
import marshal
import os
import sys
from pathlib import Path
from typing import Any

_FORMAT = 1  # bump when the layout of a store file changes
_SETTINGS = ("CREDSCORE_NO_CACHE", "CREDSCORE_CACHE_DIR", "XDG_CACHE_HOME", "HOME")


def cache_dir() -> Path | None:
    """The folder of the on-disk caches, or None when caching is off."""
    if os.environ.get("CREDSCORE_NO_CACHE", "").strip() not in ("", "0"):
        return None
    explicit = os.environ.get("CREDSCORE_CACHE_DIR")
    if explicit:
        return Path(explicit)
    xdg = os.environ.get("XDG_CACHE_HOME")
    if xdg:
        return Path(xdg) / "credscore"
    try:
        return Path.home() / ".cache" / "credscore"
    except RuntimeError:  # no home folder to be found: no cache
        return None


_STORES: list[MarshalStore] = []


def save_all() -> None:
    """Write every store that has new entries now (normally done at exit); never raises."""
    for store in _STORES:
        store.save()


class MarshalStore:
    """A dict kept in one marshal file per interpreter, loaded on first use.

    ``max_entries`` and ``max_bytes`` bound the file: when it would grow past either (rules
    edited many times), only the entries this process used are written.
    """

    def __init__(self, name: str, max_entries: int = 2000, max_bytes: int = 16 << 20) -> None:
        self.name = name
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self._path: Path | None = None
        self._entries: dict[Any, Any] = {}
        self._used: set[Any] = set()
        self._dirty = False
        self._exit_hook = False
        self._settings: tuple[str | None, ...] | None = None  # the environment _path is for
        _STORES.append(self)

    def file(self) -> Path | None:
        folder = cache_dir()
        if folder is None:
            return None
        tag = sys.implementation.cache_tag or sys.implementation.name
        return folder / f"{self.name}-{tag}.marshal"

    def _current(self) -> bool:
        """Load the store for the current cache folder; False when caching is off."""
        settings = tuple(os.environ.get(name) for name in _SETTINGS)
        if settings == self._settings:  # the common case: nothing changed since the last call
            return self._path is not None
        self._settings = settings
        path = self.file()
        if path is None:
            self._path = None
            return False
        if path != self._path:
            self._path, self._entries, self._used, self._dirty = path, {}, set(), False
            try:
                data = marshal.loads(path.read_bytes())
            except (OSError, EOFError, ValueError, TypeError):
                return True
            valid = isinstance(data, tuple) and len(data) == 2 and data[0] == _FORMAT
            if valid and isinstance(data[1], dict):
                self._entries = data[1]
        return True

    def get(self, key: Any) -> Any:
        """The value stored under ``key``, or None."""
        if not self._current():
            return None
        self._used.add(key)
        return self._entries.get(key)

    def put(self, key: Any, value: Any) -> None:
        if not self._current():
            return
        try:  # one entry marshal cannot hold (an enum in a key) must not sink the whole file
            marshal.dumps((key, value))
        except ValueError:
            return
        self._used.add(key)
        self._entries[key] = value
        self._dirty = True
        if not self._exit_hook:
            atexit.register(self.save)
            self._exit_hook = True

    def save(self) -> None:
        """Write the store if this process added anything; never raises."""
        path = self._path
        if not self._dirty or path is None:
            return
        self._dirty = False
        entries = self._entries
        used = {key: entries[key] for key in self._used if key in entries}
        try:
            payload = marshal.dumps((_FORMAT, entries))
            if len(used) < len(entries) and (len(entries) > self.max_entries
                                             or len(payload) > self.max_bytes):
                payload = marshal.dumps((_FORMAT, used))
            path.parent.mkdir(parents=True, exist_ok=True)
            # Written next to the file and moved over it, as baselines and audit outputs are;
            # the process id keeps concurrent writers apart.
            temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
            try:
                temporary.write_bytes(payload)
                os.replace(temporary, path)
            finally:
                temporary.unlink(missing_ok=True)
        except (OSError, ValueError):
            pass


_DATA = MarshalStore("data")


def file_key(path: Path) -> tuple[str, int, int] | None:
    """``path``'s identity for a cache key (name, size, modification time), as for bytecode."""
    try:
        stat = path.stat()
    except OSError:
        return None
    return (str(path), stat.st_size, stat.st_mtime_ns)


def memo(key: Any, build: Any) -> Any:
    """``build()``, remembered across runs under ``key`` (marshal-able key and value).

    The key must name everything the value depends on: a file's :func:`file_key`, the words a
    pattern is built from, and a version number of the code that builds it. Every call returns
    a fresh copy, so a caller may change what it gets.
    """
    blob = _DATA.get(key)
    if isinstance(blob, bytes):
        try:
            return marshal.loads(blob)
        except (EOFError, ValueError, TypeError):
            pass
    value = build()
    with contextlib.suppress(ValueError):  # a value marshal cannot hold is not cached
        _DATA.put(key, marshal.dumps(value))
    return value

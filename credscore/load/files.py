"""Which files a run reads: folders expanded (sorted, patterns, no hidden folders, symlink
aliases), and anything that is not a regular file turned into a Failure row before it is opened."""

from __future__ import annotations

import errno
import fnmatch
import os
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..names import escape_path
from ..report import Failure

DEFAULT_PATTERNS = ("*.txt", "*.md", "*.markdown", "*.html", "*.htm")


def _matches(name: str, rel: str, patterns: Iterable[str]) -> bool:
    return any(fnmatch.fnmatch(name, p) or fnmatch.fnmatch(rel, p) for p in patterns)


def _walked_alias(full: Path, root_real: str, inc: tuple[str, ...], exc: tuple[str, ...]
                  ) -> str | None:
    """For a symlink met in a folder walk: the target's path relative to the walked folder when
    the walk reaches that target under its own name (a regular file inside the folder, not in a
    hidden folder, matching the patterns), else None (the link is checked as a file)."""
    if not full.is_symlink():
        return None
    real = os.path.realpath(full)
    if not os.path.isfile(real):
        return None
    try:
        rel = Path(real).relative_to(root_real).as_posix()
    except ValueError:
        return None  # outside the folder: only reached through this link
    parts = rel.split("/")
    if any(part.startswith(".") for part in parts[:-1]):
        return None
    if not _matches(parts[-1], rel, inc) or _matches(parts[-1], rel, exc):
        return None
    return rel


def _first_visit(path: Path, shown: str | None, seen: set[str]) -> Iterator[Path | Failure]:
    """``path`` the first time its real path is met (a file reached twice is read once), or a
    Failure row when it is not a regular file (``shown``: its name as given, else escaped from
    the path only then)."""
    real = os.path.realpath(path)
    if real in seen:
        return
    seen.add(real)
    problem = _not_regular(path)
    if problem:
        shown = shown or escape_path(str(path))
        yield Failure(shown, f"{shown}: {problem}")
    else:
        yield path


def iter_files(
    paths: Iterable[str | Path],
    include: Iterable[str] = (),
    exclude: Iterable[str] = (),
    aliases: list[tuple[str, str]] | None = None,
) -> Iterator[Path | Failure]:
    """Expand files and folders (recursively, sorted) into files to check.

    Folders yield files matching ``include`` (default: txt, md, markdown, html, htm) and not
    ``exclude``; a file named explicitly is always checked, under the name given. A file
    reached twice is checked once. In a folder, a symlink to a file the walk reaches under its
    own name is an alias: the file is checked under its real name, and ``(alias, target)`` is
    appended to ``aliases`` (when given) so that the caller can say so. Symlinked folders are
    not followed (no loops). Missing paths, folders that cannot be read, and anything that is
    not a regular file (a FIFO, socket or device, which would block or never end) become
    Failure rows.
    """
    inc = tuple(include) or DEFAULT_PATTERNS
    exc = tuple(exclude)
    seen: set[str] = set()
    for raw in paths:
        p = Path(raw)
        shown = escape_path(str(raw))
        try:
            st = p.stat()
        except OSError as err:
            if not p.is_symlink():
                yield Failure(shown, f"{shown}: no such file or directory")
            else:
                yield Failure(shown, f"{shown}: {_link_problem(err)}")
            continue
        if stat.S_ISDIR(st.st_mode):
            root_real = os.path.realpath(p)
            problems: list[OSError] = []
            for root, dirs, files in os.walk(p, onerror=problems.append):
                yield from _folder_failures(problems)
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    full = Path(root) / name
                    rel = full.relative_to(p).as_posix()
                    if not _matches(name, rel, inc) or _matches(name, rel, exc):
                        continue
                    target = _walked_alias(full, root_real, inc, exc)
                    if target is not None:
                        if aliases is not None:
                            aliases.append((str(full), str(p / target)))
                        continue
                    yield from _first_visit(full, None, seen)
            yield from _folder_failures(problems)
        else:
            yield from _first_visit(p, shown, seen)


def _folder_failures(problems: list[OSError]) -> Iterator[Failure]:
    """Failure rows for the folders ``os.walk`` could not list (then forgets them)."""
    for err in problems:
        name = escape_path(str(err.filename))
        reason = "permission denied" if isinstance(err, PermissionError) else (
            err.strerror or str(err)).lower()
        yield Failure(name, f"{name}: cannot read folder ({reason}); its files were not checked")
    problems.clear()


def _link_problem(err: OSError) -> str:
    if err.errno == errno.ELOOP:
        return "symbolic link loop (too many levels of symbolic links)"
    return "broken symbolic link (its target does not exist)"


def _not_regular(path: Path) -> str | None:
    """Why ``path`` is not a regular file to read, or None when it is one."""
    try:
        mode = path.stat().st_mode
    except OSError as err:
        if path.is_symlink():
            return _link_problem(err)
        return None  # reading it reports the problem (e.g. it disappeared)
    if stat.S_ISREG(mode):
        return None
    return f"not a regular file ({file_kind(mode)}); only regular files are read"


def file_kind(mode: int) -> str:
    """A name for a file type that is not a regular file."""
    for test, kind in ((stat.S_ISFIFO, "a named pipe"), (stat.S_ISSOCK, "a socket"),
                       (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
                       (stat.S_ISDIR, "a directory")):
        if test(mode):
            return kind
    return "a special file"

"""Writing outputs without ever destroying an input or leaving half a file.

* :func:`atomic_writer` writes next to the target and moves the finished file over it
  (``os.replace``), so a crash, a full disk or Ctrl-C leaves the old file whole.
* :func:`file_id` and :func:`same_file` compare files by device and inode after resolving
  symlinks, so ``--out a.txt`` and ``--out ./link-to-a.txt`` are both recognised as ``a.txt``.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

FileId = tuple[int, int]


def file_id(path: str | os.PathLike[str]) -> FileId | None:
    """(device, inode) of the file ``path`` resolves to, or None if there is none."""
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return None
    return (st.st_dev, st.st_ino)


def same_file(a: str | os.PathLike[str], b: str | os.PathLike[str]) -> bool:
    ida, idb = file_id(a), file_id(b)
    if ida is not None and ida == idb:
        return True
    return os.path.realpath(a) == os.path.realpath(b)


def partner(path: Path, tag: str) -> Path:
    """A hidden file next to ``path`` for work in progress (``.rows.jsonl.<tag>``)."""
    return path.with_name(f".{path.name}.{tag}")


@contextlib.contextmanager
def atomic_writer(path: str | os.PathLike[str], mode: str = "w", *,
                  encoding: str | None = "utf-8", newline: str | None = "") -> Iterator[IO[Any]]:
    """Open a temporary file next to ``path``; on success it replaces ``path`` in one step.

    On any exception the temporary file is removed and ``path`` is left as it was.
    """
    target = Path(path)
    temporary = partner(target, f"{os.getpid()}.tmp")
    binary = "b" in mode
    fh: IO[Any] = (temporary.open(mode) if binary
                   else temporary.open(mode, encoding=encoding, newline=newline))
    try:
        with fh:
            yield fh
            fh.flush()
            with contextlib.suppress(OSError):
                os.fsync(fh.fileno())
        os.replace(temporary, target)
    finally:
        with contextlib.suppress(OSError):
            temporary.unlink()


def finish(temporary: Path, target: Path) -> None:
    """Move a finished work file over ``target`` (after syncing it to disk)."""
    with contextlib.suppress(OSError), temporary.open("rb+") as fh:
        os.fsync(fh.fileno())
    os.replace(temporary, target)

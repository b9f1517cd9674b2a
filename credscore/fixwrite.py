"""``check --fix`` and ``--diff``: apply the suggested fixes to files, or show them as a diff.

Nothing is written without ``--fix``. A file is rewritten only when all of this holds:

- it is plain text or Markdown (HTML is reported on its extracted text; no fix is offered);
- it was read and scored without error, and is UTF-8 (with or without a byte-order mark, kept);
- the fixed text loads again as the same format;
- its bytes are still the ones that were scored when it is written.

The original is kept next to it as ``NAME.orig`` (``NAME.orig.1``, ... when that exists; a
backup is never overwritten), then the fixed text replaces the file atomically (a temporary
file in the same folder, renamed over it, with the original's permissions). A symlink is
followed: the file it points to is fixed and the link stays a link.
"""

from __future__ import annotations

import codecs
import difflib
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from .analyse import fixes
from .errors import CredscoreError
from .findings import Fix


@dataclass
class FileFix:
    """The fixes for one file and the text they give."""

    path: str
    original: str = ""
    fixed: str = ""
    applied: list[Fix] = field(default_factory=list)
    offered: int = 0
    """Fixes offered for the file (some may overlap and wait for the next run)."""
    error: str | None = None
    """Why the file cannot be fixed (one line, naming the file)."""
    html: bool = False
    """HTML: no fix is offered (not an error)."""
    bom: bool = False
    data: bytes = b""

    @property
    def changed(self) -> bool:
        return self.error is None and self.fixed != self.original


@dataclass
class FixSummary:
    files_changed: int = 0
    fixes_applied: int = 0
    failed: int = 0


def plan_file(checker: Any, path: str | Path) -> FileFix:
    """Read, score and fix one file in memory (nothing is written)."""
    from .load import decode_bytes, format_for, parse_text, read_file

    name = str(path)
    out = FileFix(name)
    fmt = format_for(name)
    if fmt not in fixes.FIXABLE_FORMATS:
        out.html = True
        return out
    try:
        data = read_file(path, checker.config.max_bytes)
        if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            out.error = f"{name}: not fixed: only UTF-8 files are rewritten"
            return out
        text = decode_bytes(data, name)
        report = checker.check_document(parse_text(text, fmt, name))
    except CredscoreError as err:
        out.error = f"{err} (not fixed)"
        return out
    out.data, out.bom = data, data.startswith(codecs.BOM_UTF8)
    out.original = report.text
    offered = fixes.fixes_of(report.findings)
    out.offered = len(offered)
    out.fixed, out.applied = fixes.apply(report.text, offered)
    try:
        parse_text(out.fixed, fmt, name)
    except CredscoreError as err:  # pragma: no cover - a fix must keep the file loadable
        out.error = f"{name}: not fixed: the fixed text would not load ({err})"
    return out


def unified_diff(ff: FileFix) -> str:
    relative = not os.path.isabs(ff.path)
    lines = difflib.unified_diff(ff.original.splitlines(keepends=True),
                                 ff.fixed.splitlines(keepends=True),
                                 fromfile=f"a/{ff.path}" if relative else ff.path,
                                 tofile=f"b/{ff.path}" if relative else ff.path)
    out = []
    for line in lines:
        out.append(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n")
    return "".join(out)


def _backup_name(target: Path) -> Path:
    candidate = target.with_name(target.name + ".orig")
    n = 0
    while candidate.exists() or candidate.is_symlink():
        n += 1
        candidate = target.with_name(f"{target.name}.orig.{n}")
    return candidate


def write(ff: FileFix) -> Path:
    """Keep a backup, then replace the file with the fixed text; return the backup's path.

    Raises CredscoreError when the file changed since it was read or cannot be written.
    """
    target = Path(os.path.realpath(ff.path))
    try:
        if target.read_bytes() != ff.data:
            raise CredscoreError(f"{ff.path}: not fixed: the file changed while it was checked")
        backup = _backup_name(target)
        with open(backup, "xb") as fh:
            fh.write(ff.data)
        shutil.copymode(target, backup)
        payload = (codecs.BOM_UTF8 if ff.bom else b"") + ff.fixed.encode("utf-8")
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".credscore-tmp",
                                   dir=target.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(payload)
            shutil.copymode(target, tmp)
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as err:
        raise CredscoreError(f"{ff.path}: not fixed: {err.strerror or err}") from None
    return backup


def run_fixes(checker: Any, paths: Iterable[str], *, apply: bool, diff_out: TextIO | None,
              note: Callable[[str], None]) -> FixSummary:
    """Plan the fixes of every file under ``paths``; show diffs and/or write them."""
    from .load.files import iter_files
    from .render.words import plural
    from .report import Failure

    summary = FixSummary()
    for item in iter_files(paths, checker.config.include, checker.config.exclude):
        if isinstance(item, Failure):
            if not apply:  # with --fix, the check that follows reports it
                note(f"credscore: {item.error}")
            summary.failed += 1
            continue
        ff = plan_file(checker, item)
        if ff.html:
            note(f"credscore: {ff.path}: no fixes for HTML (findings point into its extracted "
                 "text)")
            continue
        if ff.error is not None:
            note(f"credscore: {ff.error}")
            summary.failed += 1
            continue
        if not ff.changed:
            continue
        if diff_out is not None:
            diff_out.write(unified_diff(ff))
        summary.files_changed += 1
        summary.fixes_applied += len(ff.applied)
        if apply:
            try:
                backup = write(ff)
            except CredscoreError as err:
                note(f"credscore: {err}")
                summary.failed += 1
                continue
            left = ff.offered - len(ff.applied)
            more = (f"; {plural(left, 'overlapping fix', 'overlapping fixes')} left for the "
                    "next run") if left else ""
            note(f"credscore: {ff.path}: applied {plural(len(ff.applied), 'fix', 'fixes')} "
                 f"(original kept as {backup.name}){more}")
    return summary

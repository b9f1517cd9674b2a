"""The audit's output files: CSV rows, refusing to overwrite an existing output unless
--resume or --force, and the names shown in messages.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from ..names import escape_path
from ..safeio import file_id
from .rows import AuditError, RowInfo


def _csv_cell(value: str) -> str:
    """Neutralise spreadsheet formulas in free-text cells (paths, errors)."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


CSV_COLUMNS = ("path", "score", "grade", "language", "word_count", "findings", "top_rules",
               "error", "content_hash", "assessed")


def csv_row(info: RowInfo) -> list[str]:
    """One CSV row: path, score, grade, language, word_count, findings, top_rules, error, hash."""
    from ..render.summary import top_ids

    if info.failed:
        return [_csv_cell(info.path), "", "", "", "", "", "", _csv_cell(info.error or ""),
                info.content_hash or "", ""]
    return [_csv_cell(info.path), "" if info.score is None else str(info.score),
            info.grade or "", info.language or "", str(info.word_count), str(len(info.rules)),
            top_ids(info), "", info.content_hash or "", "yes" if info.assessed else "no"]


def check_outputs(outputs: dict[str, Path | None], resume: bool, force: bool,
                  inputs: Iterable[str] = (), include: Iterable[str] = (),
                  exclude: Iterable[str] = ()) -> None:
    """Refuse to overwrite an existing output unless --resume or --force; refuse clashes.

    An output that is one of the inputs (the same file, by device and inode, through any
    symlink) is refused even with --force: credscore never overwrites an article.
    """

    seen: dict[str, str] = {}
    dashes = [flag for flag, path in outputs.items() if path is not None and str(path) == "-"]
    if len(dashes) > 1 or "--html" in dashes:
        raise AuditError(f"only --out can be - (standard output), not {' and '.join(dashes)}")
    existing: dict[tuple[int, int], str] = {}
    for flag, path in outputs.items():
        if path is None or str(path) == "-":
            continue
        real = os.path.realpath(path)
        if real in seen:
            raise AuditError(f"{flag} and {seen[real]} are the same file ({_shown(path)})")
        seen[real] = flag
        if path.is_dir():
            raise AuditError(f"{flag} {_shown(path)}: is a directory")
        ident = file_id(path)
        if ident is not None:
            existing[ident] = flag
        if path.exists() and not (resume or force):
            raise AuditError(
                f"{flag} {_shown(path)} already exists; pass --resume to continue that audit or "
                "--force to overwrite it"
            )
        if not path.parent.exists():
            raise AuditError(f"{flag} {_shown(path)}: folder {_shown(path.parent)} does not "
                             "exist")
    if not existing:
        return
    from ..load.files import iter_files
    from ..render.html import is_audit_report

    # An existing output is about to be replaced: make sure it is not an article being audited
    # (an HTML report of an earlier audit is ours, not an article).
    for item in iter_files(inputs, include, exclude):
        if isinstance(item, Path) and not is_audit_report(str(item)):
            flag = existing.get(file_id(item))  # type: ignore[arg-type]
            if flag is not None:
                raise AuditError(f"{flag} {_shown(outputs[flag])} is one of the audited files; "
                                 "credscore never overwrites an input (choose another name)")


def _shown(path: Path | str | None) -> str:

    return escape_path(str(path))



"""CSV: one row per finding with the article's path, score and grade (spreadsheet-friendly).

An article without findings still gets one row (finding columns empty) so that every article's
score is listed; an unreadable input gets one row with ``error`` set. Text cells that a
spreadsheet would run as a formula (starting with = + - @ or a tab) are prefixed with ``'``.

Library use::

    from credscore.render.csv import FIELDS, report_rows, write_csv
    rows = report_rows(report)            # list of dicts keyed by FIELDS
    write_csv(sys.stdout, reports, failures)
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import Any, TextIO

from ..report import Failure, Report

FIELDS = (
    "path", "score", "grade", "rule_id", "rule", "family", "severity", "line", "column",
    "start", "end", "penalty", "suppressed", "message", "evidence", "error", "not_assessed",
)
"""``score`` and ``grade`` are empty and ``not_assessed`` holds the reason when an article was
not assessed (``credscore.score.assess``)."""
_TEXT_FIELDS = ("path", "message", "evidence", "error", "not_assessed")


def _safe(value: str) -> str:
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def _clean(row: dict[str, Any]) -> dict[str, Any]:
    for key in _TEXT_FIELDS:
        if isinstance(row.get(key), str):
            row[key] = _safe(row[key])
    return row


def report_rows(report: Report) -> list[dict[str, Any]]:
    """The CSV rows of one article: one per finding, or one with empty finding columns."""
    base = {key: "" for key in FIELDS}
    base.update(path=report.path, score="" if report.score is None else report.score,
                grade=report.grade or "",
                not_assessed=report.not_assessed.reason if report.not_assessed else "")
    if not report.findings:
        return [_clean(base)]
    rows = []
    for f in report.findings:
        row = dict(base)
        row.update(
            rule_id=f.rule_id, rule=f.rule, family=f.family, severity=f.severity.label,
            line=f.line, column=f.column, start=f.start, end=f.end,
            penalty=f"{f.penalty:.2f}", suppressed="yes" if f.suppressed else "no",
            message=f.message, evidence=" ".join(f.evidence.split()),
        )
        rows.append(_clean(row))
    return rows


def failure_row(failure: Failure) -> dict[str, Any]:
    row = {key: "" for key in FIELDS}
    row.update(path=failure.path, error=failure.error)
    return _clean(row)


def write_csv(out: TextIO, reports: Iterable[Report], failures: Iterable[Failure] = (),
              header: bool = True) -> None:
    writer = csv.DictWriter(out, fieldnames=FIELDS, lineterminator="\n")
    if header:
        writer.writeheader()
    for r in reports:
        writer.writerows(report_rows(r))
    for fail in failures:
        writer.writerow(failure_row(fail))

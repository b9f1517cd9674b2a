"""One line per finding, as compilers and ruff print them: ``path:line:col: RULE message``.

Editors and terminals turn ``path:line:col`` into a link. Suppressed findings are left out. An
HTML finding is placed in the HTML source, where the HTML loader's map puts it (see
credscore.analyse.sourcemap); a document without a map would get ``1:1`` and its place in the
extracted text in brackets.
The last line counts the findings, and how many of them ``--fix`` can fix.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from ..findings import Finding
from ..report import Report
from .words import plural


def one_line(value: str) -> str:
    return " ".join(value.split())


def finding_line(path: str, finding: Finding, html: bool = False) -> str:
    f = finding
    where = f"{f.line}:{f.column}"
    note = ""
    if f.source is not None:
        where = f"{f.source.line}:{f.source.column}"
    elif html:
        where, note = "1:1", f" [extracted text {f.line}:{f.column}]"
    fixable = " [*]" if f.fixes else ""
    return f"{path}:{where}: {f.rule_id}{fixable} {one_line(f.message)}{note}"


def report_lines(report: Report) -> Iterator[str]:
    html = report.metrics.get("format") == "html"
    for f in report.findings:
        if not f.suppressed:
            yield finding_line(report.path, f, html)


def totals_line(reports: Iterable[Report]) -> str:
    reports = list(reports)
    shown = [f for r in reports for f in r.findings if not f.suppressed]
    fixable = sum(1 for f in shown if f.fixes)
    text = f"Found {plural(len(shown), 'finding')} in {plural(len(reports), 'article')}"
    if fixable:
        text += f" ({fixable:,} fixable with --fix)"
    return text + "."

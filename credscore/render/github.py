"""GitHub Actions workflow commands: findings become pull-request annotations.

One ``::error``/``::warning``/``::notice`` line per unsuppressed finding (error, warning, info)
with file, line, column, end line and end column, then one ``::notice`` per article with its
score and grade. Unreadable inputs are ``::error`` lines. HTML findings are placed in the HTML
source, where the HTML loader's map of the extracted text puts them (credscore.analyse.sourcemap); a
document without a map would get file-level annotations whose message quotes the text and its
extracted-text position.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TextIO

from ..findings import Severity
from ..report import Failure, Report
from .positions import LineIndex
from .words import plural

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def _command(kind: str, props: dict[str, object], message: str) -> str:
    joined = ",".join(f"{k}={escape_property(str(v))}" for k, v in props.items())
    return f"::{kind} {joined}::{escape_data(message)}"


def report_lines(report: Report) -> Iterator[str]:
    html = report.metrics.get("format") == "html"
    index = LineIndex(report.text)
    for f in report.findings:
        if f.suppressed:
            continue
        evidence = " ".join(f.evidence.split())
        if len(evidence) > 200:
            evidence = evidence[:199] + "…"
        props: dict[str, object] = {"file": report.path}
        cost = f"-{f.penalty:.1f} pts" if f.penalty else "0 pts"
        message = f"{f.message} (“{evidence}”, {cost})"
        if f.source is not None:
            props.update(line=f.source.line, col=f.source.column, endLine=f.source.end_line,
                         endColumn=f.source.end_column)
        elif html:
            message += f" [extracted text line {f.line}, column {f.column}]"
        else:
            end_line, end_col = index.end_line_col(f.end)
            props.update(line=f.line, col=f.column, endLine=end_line, endColumn=end_col)
        props["title"] = f"credscore {f.rule_id} {f.rule}"
        yield _command(COMMANDS[f.severity], props, message)
    suppressed = sum(f.suppressed for f in report.findings)
    if report.not_assessed is not None:
        summary = (f"not assessed: {report.not_assessed.reason}; "
                   f"{plural(len(report.findings), 'finding')}")
    else:
        summary = (f"score {report.score}/100, grade {report.grade}, "
                   f"{plural(len(report.findings), 'finding')}")
    if suppressed:
        summary += f" ({suppressed} suppressed in the text)"
    yield _command("notice", {"file": report.path, "title": "credscore score"}, summary)


def failure_line(failure: Failure) -> str:
    return _command("error", {"file": failure.path, "title": "credscore"}, failure.error)


def write_github(out: TextIO, reports: Iterable[Report], failures: Iterable[Failure]) -> None:
    for r in reports:
        for line in report_lines(r):
            out.write(line + "\n")
    for fail in failures:
        out.write(failure_line(fail) + "\n")

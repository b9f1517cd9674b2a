"""Terminal view (rich): per article a header, findings grouped by family with the flagged span
highlighted in its sentence, then the points table that explains the score.

In a colour terminal the flagged span is underlined and long lines wrap with a hanging indent.
Without colour (``--no-color``, ``NO_COLOR``, or output piped to a file or another program)
nothing is wrapped or padded to a width, and a caret line (``^^^^``) under the quoted sentence
marks the flagged span.
"""

from __future__ import annotations

from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from ..findings import Finding, Severity
from ..names import terminal_safe
from ..report import Failure, Report
from . import reasons
from .words import plural

SEVERITY_STYLE = {Severity.INFO: "cyan", Severity.WARNING: "yellow", Severity.ERROR: "bold red"}
GRADE_STYLE = {"A": "bold green", "B": "green", "C": "yellow", "D": "dark_orange", "F": "bold red"}
FAMILY_ORDER = ("spam", "promo", "attribution", "filler")
READABILITY_LABELS = {
    "flesch_reading_ease": "Flesch ease",
    "flesch_kincaid_grade": "FK grade",
    "gunning_fog": "Fog",
}


def _sentence_with_span(f: Finding, width: int = 240) -> tuple[Text, int, int]:
    """The sentence with the span highlighted, and where the span is in it (cells); control
    characters in the article (terminal escape sequences) are shown as escapes, never sent to
    the terminal."""
    sentence = terminal_safe(f.sentence)
    evidence = terminal_safe(f.evidence)
    pos = sentence.find(evidence) if evidence else -1
    text = Text()
    if pos < 0 or len(evidence) > width:
        flat = " ".join(evidence.split())
        text.append(flat[:width] + ("…" if len(flat) > width else ""), style="bold underline")
        return text, 0, text.cell_len
    before = " ".join(sentence[:pos].split())
    after = " ".join(sentence[pos + len(evidence):].split())
    room = max(20, (width - len(evidence)) // 2)
    if len(before) > room:
        before = "…" + before[-room:]
    if len(after) > room:
        after = after[:room] + "…"
    text.append(before + (" " if before and sentence[pos - 1 : pos].isspace() else ""))
    caret_at = text.cell_len
    text.append(" ".join(evidence.split()), style="bold underline")
    caret_len = text.cell_len - caret_at
    text.append((" " if after and sentence[pos + len(evidence):][:1].isspace() else "") + after)
    return text, caret_at, caret_len


def _indented(part: Text, flat: bool, indent: int = 6) -> RenderableType:
    if flat:
        return Text(" " * indent) + part
    return Padding(part, (0, 0, 0, indent), expand=False)


def render_report(console: Console, report: Report) -> None:
    # The report is built as one group and printed once: each console.print re-checks the
    # terminal (size, colour support, environment), which cost more than the rendering itself.
    parts: list[RenderableType] = []
    flat = console.color_system is None or not console.is_terminal
    head = Text()
    head.append(terminal_safe(report.path), style="bold")
    if report.not_assessed is not None:
        head.append("  not assessed", style="bold yellow")
        head.append(f": {report.not_assessed.reason}")
    else:
        grade_style = GRADE_STYLE.get(report.grade or "", "bold")
        head.append("  score ")
        head.append(f"{report.score}/100", style=grade_style)
        head.append("  grade ")
        head.append(report.grade or "", style=grade_style)
    head.append(f"  language {terminal_safe(report.language)}  {report.word_count} words")
    parts.append(head)
    readability = report.metrics.get("readability")
    if readability:
        parts.append(Text(
            "  readability: "
            + ", ".join(f"{label} {readability[key]}" for key, label in READABILITY_LABELS.items()),
            style="dim",
        ))
    families = sorted({f.family for f in report.findings},
                      key=lambda fam: (FAMILY_ORDER.index(fam) if fam in FAMILY_ORDER else 99, fam))
    for family in families:
        items = [f for f in report.findings if f.family == family]
        parts.append(Text(f"\n  {family} ({len(items)})", style="bold magenta"))
        for f in items:
            line = Text("    ")
            line.append(f"{f.line}:{f.column}", style="dim")
            line.append("  ")
            line.append(f"{f.severity.label:<7}", style=SEVERITY_STYLE[f.severity])
            line.append(f" {f.rule_id} {f.rule}", style="bold")
            if f.suppressed:
                line.append("  suppressed in the article (0 pts)", style="dim italic")
            else:
                line.append(f"  -{f.penalty:.1f} pts" if f.penalty else "  (0 pts)", style="dim")
            parts.append(line)
            parts.append(_indented(Text(terminal_safe(f.message)), flat))
            quote = Text("› ", style="dim")
            sentence, caret_at, caret_len = _sentence_with_span(f)
            quote.append_text(sentence)
            parts.append(_indented(quote, flat))
            if flat and caret_len:
                parts.append(Text(" " * (6 + 2 + caret_at) + "^" * caret_len))
            if f.fixes and not f.suppressed:
                parts.append(_indented(Text(f"fix: {f.fixes[0].description}", style="dim"),
                                       flat))
    if not report.findings:
        parts.append(_no_findings_line(report))
    if report.not_assessed is not None:
        parts.append(Text("  no score and no grade: " + report.not_assessed.reason + "\n",
                          style="yellow"))
        console.print(Group(*parts), soft_wrap=flat)
        return
    rows, total = reasons.table_rows(report)
    parts.extend((Text(), _points_table(rows, total, flat), Text()))
    console.print(Group(*parts), soft_wrap=flat)


def _no_findings_line(report: Report) -> Text:
    """"no findings", unless a baseline hid known ones: the points table still counts those."""
    known = (report.metrics.get("baseline") or {}).get("unchanged", 0)
    if known:
        return Text(f"  no new findings ({known} known from the baseline, not shown; the "
                    "points below count them)", style="green")
    return Text("  no findings", style="dim" if report.not_assessed else "green")


def _points_table(rows: list[tuple[str, str, str, str]], total: tuple[str, str, str, str],
                  flat: bool) -> RenderableType:
    if flat:  # aligned by hand: a rich Table pads its cells to the console's width
        widths = [max(len(row[i]) for row in (*rows, total)) for i in range(3)]
        lines = []
        for row in (*rows, total):
            cells = (row[0].rjust(widths[0]), row[1].ljust(widths[1]), row[2].rjust(widths[2]))
            lines.append(" ".join((*cells, row[3])).rstrip())
        out = Text("\n".join(lines[:-1]) + ("\n" if rows else ""))
        out.append(lines[-1], style="bold")
        return out
    table = Table(title=None, show_edge=False, box=None, padding=(0, 1), pad_edge=False)
    table.add_column("pts", justify="right")
    table.add_column("what")
    table.add_column("findings")
    table.add_column("description")
    for row in rows:
        table.add_row(*row)
    table.add_row(*total, style="bold")
    return table


def render_failure(console: Console, failure: Failure) -> None:
    console.print(Text(f"credscore: {terminal_safe(failure.error)}", style="bold red"),
                  soft_wrap=True)  # one line


def render_summary(console: Console, reports: list[Report], failures: list[Failure],
                   aliases: list[tuple[str, str]] | tuple[()] = ()) -> None:
    """The batch line ("2 scored, 0 failed  F:2"), and the symlinks not scored twice."""
    if len(reports) + len(failures) <= 1 and not aliases:
        return
    grades: dict[str, int] = {}
    for r in reports:
        if r.grade is not None:
            grades[r.grade] = grades.get(r.grade, 0) + 1
    dist = "  ".join(f"{g}:{grades[g]}" for g in sorted(grades))
    skipped = sum(1 for r in reports if not r.assessed)
    line = (f"{plural(len(reports) - skipped, 'article')} scored, "
            + (f"{skipped:,} not assessed, " if skipped else ""))
    console.print(Text(f"{line}{len(failures):,} failed  {dist}", style="bold"))
    if aliases:
        console.print(Text(f"{plural(len(aliases), 'symlink')} to an article already scored "
                           "under its own name, not scored again:", style="dim"))
        for link, target in aliases:
            console.print(Text(f"  {terminal_safe(link)} -> {terminal_safe(target)}",
                               style="dim"), soft_wrap=True)

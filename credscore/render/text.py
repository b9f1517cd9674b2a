"""Terminal view (rich): per article a header, findings grouped by family with the flagged span
highlighted in its sentence, then the points table that explains the score."""

from __future__ import annotations

from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from ..findings import Finding, Severity
from ..report import Failure, Report

SEVERITY_STYLE = {Severity.INFO: "cyan", Severity.WARNING: "yellow", Severity.ERROR: "bold red"}
GRADE_STYLE = {"A": "bold green", "B": "green", "C": "yellow", "D": "dark_orange", "F": "bold red"}
FAMILY_ORDER = ("spam", "promo", "attribution", "filler")
READABILITY_LABELS = {
    "flesch_reading_ease": "Flesch ease",
    "flesch_kincaid_grade": "FK grade",
    "gunning_fog": "Fog",
}


def _sentence_with_span(f: Finding, width: int = 240) -> Text:
    sentence = f.sentence
    pos = sentence.find(f.evidence) if f.evidence else -1
    text = Text()
    if pos < 0 or len(f.evidence) > width:
        flat = " ".join(f.evidence.split())
        text.append(flat[:width] + ("…" if len(flat) > width else ""), style="bold underline")
        return text
    before = " ".join(sentence[:pos].split())
    after = " ".join(sentence[pos + len(f.evidence):].split())
    room = max(20, (width - len(f.evidence)) // 2)
    if len(before) > room:
        before = "…" + before[-room:]
    if len(after) > room:
        after = after[:room] + "…"
    text.append(before + (" " if before and sentence[pos - 1 : pos].isspace() else ""))
    text.append(" ".join(f.evidence.split()), style="bold underline")
    text.append((" " if after and sentence[pos + len(f.evidence):][:1].isspace() else "") + after)
    return text


def render_report(console: Console, report: Report) -> None:
    # The report is built as one group and printed once: each console.print re-checks the
    # terminal (size, colour support, environment), which cost more than the rendering itself.
    parts: list[RenderableType] = []
    grade_style = GRADE_STYLE.get(report.grade, "bold")
    head = Text()
    head.append(report.path, style="bold")
    head.append("  score ")
    head.append(f"{report.score}/100", style=grade_style)
    head.append("  grade ")
    head.append(report.grade, style=grade_style)
    head.append(f"  language {report.language}  {report.word_count} words")
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
            parts.append(Padding(Text(f.message), (0, 0, 0, 6), expand=False))
            quote = Text("› ", style="dim")
            quote.append_text(_sentence_with_span(f))
            parts.append(Padding(quote, (0, 0, 0, 6), expand=False))
    if not report.findings:
        parts.append(_no_findings_line(report))
    table = Table(title=None, show_edge=False, box=None, padding=(0, 1), pad_edge=False)
    table.add_column("pts", justify="right")
    table.add_column("rule")
    table.add_column("n", justify="right")
    table.add_column("description")
    for r in report.reasons:
        if r.points <= 0:
            continue
        table.add_row(f"{-r.points:.1f}", f"{r.rule_id} {r.rule}", str(r.count), r.description)
    lost = sum(r.points for r in report.reasons)
    table.add_row(f"{-lost if lost else 0.0:.1f}", "total", "",
                  f"score {report.score} = 100 - {lost:.1f}{_score_note(report.score, lost)}",
                  style="bold")
    parts.extend((Text(), table, Text()))
    console.print(Group(*parts))


def _no_findings_line(report: Report) -> Text:
    """"no findings", unless a baseline hid known ones: the points table still counts those."""
    known = (report.metrics.get("baseline") or {}).get("unchanged", 0)
    if known:
        return Text(f"  no new findings ({known} known from the baseline, not shown; the "
                    "points below count them)", style="green")
    return Text("  no findings", style="green")


def _score_note(score: int, lost: float) -> str:
    """How the whole-number score follows from the points lost."""
    if 100 - lost < 0:
        return ", floored at 0"
    return ", rounded" if abs(100 - lost - score) >= 0.05 else ""


def render_failure(console: Console, failure: Failure) -> None:
    console.print(Text(f"credscore: {failure.error}", style="bold red"), soft_wrap=True)  # one line


def render_summary(console: Console, reports: list[Report], failures: list[Failure],
                   aliases: list[tuple[str, str]] | tuple[()] = ()) -> None:
    """The batch line ("2 scored, 0 failed  F:2"), and the symlinks not scored twice."""
    if len(reports) + len(failures) <= 1 and not aliases:
        return
    grades: dict[str, int] = {}
    for r in reports:
        grades[r.grade] = grades.get(r.grade, 0) + 1
    dist = "  ".join(f"{g}:{grades[g]}" for g in sorted(grades))
    console.print(Text(f"{len(reports)} scored, {len(failures)} failed  {dist}", style="bold"))
    if aliases:
        noun = "symlink" if len(aliases) == 1 else "symlinks"
        console.print(Text(f"{len(aliases)} {noun} to an article already scored under its own "
                           "name, not scored again:", style="dim"))
        for link, target in aliases:
            console.print(Text(f"  {link} -> {target}", style="dim"), soft_wrap=True)

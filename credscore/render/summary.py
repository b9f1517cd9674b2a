"""The audit summary: bounded aggregates over any number of rows, and its terminal view.

``AuditSummary.add`` takes one compact row (``credscore.audit.RowInfo``) at a time and keeps only
counters, a 5-point score histogram and fixed-size heaps (worst articles, sample failures), so its
memory does not grow with the number of files (the counters grow with the number of distinct
rules, languages and grades, which are small).
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from .words import plural

if TYPE_CHECKING:
    from ..audit.rows import RowInfo

GRADES = ("A", "B", "C", "D", "F")
GRADE_STYLE = {"A": "bold green", "B": "green", "C": "yellow", "D": "dark_orange", "F": "bold red"}
FAILURE_KINDS = (
    ("too large", "too large"),
    ("binary", "binary"),
    ("empty", "empty"),
    ("not UTF-8", "wrong encoding"),
    ("invalid utf-", "wrong encoding"),
    ("no such file", "missing"),
    ("permission denied", "unreadable"),
    ("cannot read", "unreadable"),
    ("is a directory", "unreadable"),
    ("not a regular file", "not a regular file"),
    ("symbolic link", "broken link"),
    ("time budget", "time budget"),
    ("internal error", "internal error"),
)
HIST_BINS = 20


def display(value: str) -> str:
    """A path or message made safe to show: control characters and undecodable bytes (lone
    surrogates) become visible escapes (``credscore.names``). Row paths are escaped already."""
    from ..names import terminal_safe

    return terminal_safe(value)


def failure_kind(error: str) -> str:
    """A short class for a failure message (for counting), e.g. ``binary`` or ``too large``."""
    low = error.lower()
    for needle, kind in FAILURE_KINDS:
        if needle.lower() in low:
            return kind
    return "other"


def score_bin(score: int) -> int:
    """Histogram bin of a 0-100 score: 0-4, 5-9, ..., 95-100."""
    return min(HIST_BINS - 1, max(0, int(score) // 5))


class _Inverted:
    """Reverses ordering so heapq (a min-heap) keeps the largest of the kept items on top."""

    __slots__ = ("item",)

    def __init__(self, item: tuple[Any, ...]) -> None:
        self.item = item

    def __lt__(self, other: _Inverted) -> bool:
        return other.item < self.item


@dataclass
class RuleStat:
    rule: str
    family: str
    findings: int = 0
    articles: int = 0


@dataclass
class AuditSummary:
    worst_n: int = 10
    failure_samples: int = 10
    scored: int = 0
    failed: int = 0
    words: int = 0
    score_total: int = 0
    grades: dict[str, int] = field(default_factory=dict)
    languages: dict[str, int] = field(default_factory=dict)
    rules: dict[str, RuleStat] = field(default_factory=dict)
    families: dict[str, list[int]] = field(default_factory=dict)
    """family -> [findings, articles]."""
    histogram: list[int] = field(default_factory=lambda: [0] * HIST_BINS)
    failure_kinds: dict[str, int] = field(default_factory=dict)
    not_assessed: int = 0
    """Files read but not assessed (no score: too little text, no text, not English)."""
    warned: int = 0
    """Files whose row carries a warning (a rule stopped by its time budget)."""
    warning_samples: list[tuple[str, str]] = field(default_factory=list)
    _worst: list[_Inverted] = field(default_factory=list)
    _failures: list[_Inverted] = field(default_factory=list)

    def add(self, info: RowInfo) -> None:
        if info.warnings:
            self.warned += 1
            if len(self.warning_samples) < self.failure_samples:
                self.warning_samples.append((info.path, info.warnings[0]))
        if not info.failed and (not info.assessed or info.score is None):
            self.not_assessed += 1
            lang = info.language or "?"
            self.languages[lang] = self.languages.get(lang, 0) + 1
            return
        if info.failed:
            self.failed += 1
            kind = failure_kind(info.error or "")
            self.failure_kinds[kind] = self.failure_kinds.get(kind, 0) + 1
            push_smallest(self._failures, self.failure_samples,
                           (info.path, info.error or "", kind))
            return
        self.scored += 1
        self.words += info.word_count
        self.score_total += info.score
        self.histogram[score_bin(info.score)] += 1
        grade = info.grade or "?"
        self.grades[grade] = self.grades.get(grade, 0) + 1
        lang = info.language or "?"
        self.languages[lang] = self.languages.get(lang, 0) + 1
        seen_rules: set[str] = set()
        seen_families: set[str] = set()
        for rule_id, rule, family in info.rules:
            stat = self.rules.get(rule_id)
            if stat is None:
                stat = self.rules[rule_id] = RuleStat(rule, family)
            stat.findings += 1
            fam = self.families.setdefault(family, [0, 0])
            fam[0] += 1
            if rule_id not in seen_rules:
                seen_rules.add(rule_id)
                stat.articles += 1
            if family not in seen_families:
                seen_families.add(family)
                fam[1] += 1
        push_smallest(self._worst, self.worst_n,
                       (info.score, -len(info.rules), info.path, info.grade, top_ids(info)))

    @property
    def total(self) -> int:
        return self.scored + self.failed + self.not_assessed

    @property
    def mean_score(self) -> float | None:
        return self.score_total / self.scored if self.scored else None

    def worst(self) -> list[tuple[int, int, str, str, str]]:
        """(score, findings, path, grade, top rules), lowest score first."""
        return [(s, -nf, p, g, t) for s, nf, p, g, t in sorted(x.item for x in self._worst)]

    def failures(self) -> list[tuple[str, str, str]]:
        """A sample of (path, error, kind), sorted by path."""
        return sorted(x.item for x in self._failures)

    def top_rules(self, n: int = 10) -> list[tuple[str, RuleStat]]:
        return sorted(self.rules.items(), key=lambda kv: (-kv[1].findings, kv[0]))[:n]

    def median_score(self) -> float | None:
        """Median from the histogram (bin midpoint resolution)."""
        if not self.scored:
            return None
        half, run = self.scored / 2, 0
        for i, count in enumerate(self.histogram):
            run += count
            if run >= half:
                return i * 5 + 2.5
        return 100.0


def top_ids(info: RowInfo, n: int = 3) -> str:
    counts: dict[str, int] = {}
    for rule_id, _, _ in info.rules:
        counts[rule_id] = counts.get(rule_id, 0) + 1
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:n]
    return " ".join(f"{rid}x{c}" if c > 1 else rid for rid, c in ranked)


def push_smallest(heap: list[_Inverted], n: int, item: tuple[Any, ...]) -> None:
    """Keep the ``n`` smallest items seen (a max-heap: the largest kept item is on top)."""
    if len(heap) < n:
        heapq.heappush(heap, _Inverted(item))
    elif n and item < heap[0].item:
        heapq.heapreplace(heap, _Inverted(item))


def render_summary(console: Console, summary: AuditSummary, *, seconds: float = 0.0,
                   scored_now: int = 0, skipped: int = 0, interrupted: bool = False,
                   notes: list[str] | None = None) -> None:
    """The end-of-audit tables: totals, grades, worst articles, rules, families, languages."""
    head = Text()
    head.append(plural(summary.total, "file"), style="bold")
    head.append(f": {summary.scored:,} scored, "
                + (f"{summary.not_assessed:,} not assessed, " if summary.not_assessed else "")
                + f"{summary.failed:,} failed")
    if summary.scored:
        head.append(f"; mean score {summary.mean_score:.1f}, {summary.words:,} words")
    console.print(head)
    rate = f" ({scored_now / seconds:,.1f} files/s)" if seconds > 0 and scored_now else ""
    line = f"checked {plural(scored_now, 'file')} in {seconds:.1f} s{rate}"
    if skipped:
        line += f"; {skipped:,} unchanged since the earlier run (--resume) kept"
    console.print(line, style="dim")
    for note in notes or ():
        console.print(note, style="yellow")
    if summary.warned:
        console.print(f"warnings ({summary.warned:,} files):", style="bold yellow")
        for path, warning in summary.warning_samples:
            console.print(f"  {display(path)}: {display(warning)}", style="yellow", markup=False)
    if interrupted:
        console.print("interrupted: rows written so far are kept; rerun with --resume to continue",
                      style="bold yellow")

    if summary.scored:
        grades = Table(title="grades", show_edge=False, box=None, padding=(0, 1),
                       title_justify="left", title_style="bold")
        grades.add_column("grade")
        grades.add_column("files", justify="right")
        grades.add_column("share", justify="right")
        grades.add_column("")
        for g in (*GRADES, *sorted(set(summary.grades) - set(GRADES))):
            n = summary.grades.get(g, 0)
            share = n / summary.scored
            grades.add_row(Text(g, style=GRADE_STYLE.get(g, "")), f"{n:,}", f"{share:.1%}",
                           Text("█" * round(share * 30), style=GRADE_STYLE.get(g, "")))
        console.print()
        console.print(grades)

        worst = Table(title="worst articles", show_edge=False, box=None, padding=(0, 1),
                      title_justify="left", title_style="bold")
        for col, just in (("score", "right"), ("grade", "left"), ("findings", "right"),
                          ("top rules", "left"), ("path", "left")):
            worst.add_column(col, justify=just,  # type: ignore[arg-type]
                             overflow="fold" if col == "path" else "ellipsis")
        for score, nf, path, grade, top in summary.worst():
            worst.add_row(str(score), Text(grade, style=GRADE_STYLE.get(grade, "")), str(nf),
                          top, Text(display(path)))
        console.print()
        console.print(worst)

    if summary.rules:
        rules = Table(title="most frequent rules", show_edge=False, box=None, padding=(0, 1),
                      title_justify="left", title_style="bold")
        for col, just in (("rule", "left"), ("family", "left"), ("findings", "right"),
                          ("articles", "right"), ("share", "right")):
            rules.add_column(col, justify=just)  # type: ignore[arg-type]
        for rid, stat in summary.top_rules(10):
            rules.add_row(f"{rid} {stat.rule}", stat.family, f"{stat.findings:,}",
                          f"{stat.articles:,}", f"{stat.articles / max(1, summary.scored):.1%}")
        console.print()
        console.print(rules)
        fams = Table(title="families", show_edge=False, box=None, padding=(0, 1),
                     title_justify="left", title_style="bold")
        for col, just in (("family", "left"), ("findings", "right"), ("articles", "right")):
            fams.add_column(col, justify=just)  # type: ignore[arg-type]
        for fam, (nf, na) in sorted(summary.families.items(), key=lambda kv: -kv[1][0]):
            fams.add_row(fam, f"{nf:,}", f"{na:,}")
        console.print()
        console.print(fams)

    if summary.languages:
        read = max(1, summary.scored + summary.not_assessed)
        langs = ", ".join(f"{code} {n:,} ({n / read:.1%})" for code, n in
                          sorted(summary.languages.items(), key=lambda kv: (-kv[1], kv[0])))
        console.print()
        console.print(Text("languages: ", style="bold") + Text(langs))

    if summary.failed:
        console.print()
        kinds = ", ".join(f"{k} {n:,}" for k, n in sorted(summary.failure_kinds.items(),
                                                          key=lambda kv: (-kv[1], kv[0])))
        console.print(Text(f"failures ({summary.failed:,}): ", style="bold red") + Text(kinds))
        for _path, error, _kind in summary.failures():
            console.print(Text("  " + display(error)))
        if summary.failed > len(summary.failures()):
            console.print(f"  … and {summary.failed - len(summary.failures()):,} more "
                          "(every failure is a row in --out/--csv)", style="dim")

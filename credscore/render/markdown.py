"""A Markdown report to paste into a review (pull request, ticket, CMS note).

A summary table (article, score, grade, findings, suppressed), then per article a table of
findings (line:column, severity, rule, flagged text, message, points) and the points that
explain its score. Cells are escaped so that article text cannot break the table.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TextIO

from ..report import Failure, Report
from . import reasons


def cell(value: object, limit: int = 160) -> str:
    """One table cell: a single line, pipes and markup characters escaped, length bounded."""
    text = " ".join(str(value).split())
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    for ch in "\\|`*_<>[]":
        text = text.replace(ch, "\\" + ch)
    return text


def _code(value: str) -> str:
    return "`" + value.replace("`", "'") + "`"


def render_markdown(reports: Iterable[Report], failures: Iterable[Failure] = ()) -> str:
    reports = list(reports)
    failures = list(failures)
    lines = ["# credscore report", ""]
    if reports:
        lines += ["| article | score | grade | findings | suppressed | largest reason |",
                  "|---|---:|:---:|---:|---:|---|"]
        for r in reports:
            sup = sum(f.suppressed for f in r.findings)
            score, grade = (r.score, r.grade) if r.assessed else ("–", "not assessed")
            top = reasons.top_reasons(r, 1)
            main = (f"{cell(reasons.label(top[0]))} {reasons.effect(top[0]):+.1f}" if top
                    else "")
            lines.append(f"| {_code(r.path)} | {score} | {grade} | {len(r.findings)} | "
                         f"{sup} | {main} |")
        lines.append("")
    for r in reports:
        if r.not_assessed is not None:
            lines += [f"## {_code(r.path)}: not assessed", "",
                      f"No score and no grade: {cell(r.not_assessed.reason, 300)}.", ""]
        else:
            lines += [f"## {_code(r.path)}: {r.score}/100, grade {r.grade}", ""]
        base = r.metrics.get("baseline")
        if base:
            lines += [f"Compared with the baseline: {base['new']} new, {base['unchanged']} "
                      f"unchanged, {base['fixed']} fixed findings; baseline score "
                      f"{base['baseline_score']}.", ""]
        if not r.findings:
            lines += ["No findings.", ""]
        else:
            lines += ["| where | severity | rule | flagged text | message | pts |",
                      "|---|---|---|---|---|---:|"]
            for f in r.findings:
                pts = "suppressed" if f.suppressed else (f"-{f.penalty:.1f}" if f.penalty else "0")
                lines.append(
                    f"| {f.line}:{f.column} | {f.severity.label} | {f.rule_id} {cell(f.rule)} | "
                    f"{cell(f.evidence, 120)} | {cell(f.message)} | {pts} |"
                )
            lines.append("")
        if r.reasons:
            rows, total = reasons.table_rows(r)
            lines += ["<details><summary>Why this score</summary>", "",
                      "| pts | what | findings | description |", "|---:|---|---|---|"]
            lines += [f"| {pts} | {cell(what)} | {cell(rules)} | {cell(desc)} |"
                      for pts, what, rules, desc in (*rows, total)]
            lines += ["", "</details>", ""]
    if failures:
        lines += ["## Not scored", ""]
        lines += [f"- {_code(fail.path)}: {cell(fail.error, 300)}" for fail in failures]
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def write_markdown(out: TextIO, reports: Iterable[Report], failures: Iterable[Failure] = ()
                   ) -> None:
    out.write(render_markdown(reports, failures))

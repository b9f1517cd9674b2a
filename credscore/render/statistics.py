"""``--statistics``: how often each rule fired over the whole batch, most frequent first.

Counts leave suppressed findings out (as every gate does). ``[*]`` marks a rule whose
findings carry a suggested fix (``credscore check --fix``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, TextIO

from ..report import Report


def statistics(reports: Iterable[Report]) -> list[dict[str, Any]]:
    """Per rule: code, name, family, severity, count, fixable, articles."""
    rows: dict[str, dict[str, Any]] = {}
    for r in reports:
        seen: set[str] = set()
        for f in r.findings:
            if f.suppressed:
                continue
            row = rows.setdefault(f.rule_id, {
                "code": f.rule_id, "name": f.rule, "family": f.family,
                "severity": f.severity.label, "count": 0, "fixable": 0, "articles": 0})
            row["count"] += 1
            row["fixable"] += bool(f.fixes)
            if f.rule_id not in seen:
                seen.add(f.rule_id)
                row["articles"] += 1
    return sorted(rows.values(), key=lambda row: (-row["count"], row["code"]))


def write_text(out: TextIO, reports: Iterable[Report]) -> None:
    rows = statistics(reports)
    if not rows:
        out.write("No findings.\n")
        return
    width = max(len(str(row["count"])) for row in rows)
    for row in rows:
        mark = "[*]" if row["fixable"] else "   "
        out.write(f"{row['count']:>{width}}\t{row['code']}\t{mark} {row['name']}\t"
                  f"{row['severity']}\n")


def write_json(out: TextIO, reports: Iterable[Report]) -> None:
    json.dump(statistics(reports), out, ensure_ascii=False, indent=2)
    out.write("\n")

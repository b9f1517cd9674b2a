"""The reasons behind a score, in a few words, for editors and agents (LSP, MCP).

Reads ``Report.reasons`` through ``to_dict()`` only, so that it does not depend on how the
scorer builds its points table: each reason has a rule id and the points it is worth, and the
score moves by ``effect(reason)`` points.
"""

from __future__ import annotations

from typing import Any


def effect(reason: dict[str, Any]) -> float:
    """How far one reason moved the score (negative: points taken off)."""
    return -float(reason.get("points", 0.0))


def top_reasons(report: Any, n: int = 3) -> list[dict[str, Any]]:
    """The reasons that moved the score most, largest first."""
    rows = [r.to_dict() for r in report.reasons]
    rows = [r for r in rows if effect(r)]
    return sorted(rows, key=lambda r: (-abs(effect(r)), str(r.get("rule_id"))))[:n]


def summary(report: Any, n: int = 3) -> str:
    """``score 19/100, grade F: SP101 -55.0, FL101 -10.7, FL105 -7.5``."""
    head = f"score {report.score}/100, grade {report.grade}"
    parts = [f"{r.get('rule_id')} {effect(r):+.1f}" for r in top_reasons(report, n)]
    return head + (": " + ", ".join(parts) if parts else ": no points taken off")

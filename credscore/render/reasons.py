"""The points table behind a score, shared by every view (text, Markdown, LSP, MCP).

Reads ``Report.reasons``: a ``base`` line (the reference article's score), one signed line per
feature of the credibility model and one per hard floor that applied; the points add up to the
score before rounding.
"""

from __future__ import annotations

from typing import Any

SMALL = 0.5
"""Feature lines under this many points are summed into one "other features" line."""


def _get(reason: Any, key: str, default: Any = None) -> Any:
    return reason.get(key, default) if isinstance(reason, dict) else getattr(reason, key, default)


def effect(reason: Any) -> float:
    """How far one reason moved the score (negative: points taken off); 0 for the base."""
    if _get(reason, "kind") == "base":
        return 0.0
    return float(_get(reason, "points", 0.0))


def label(reason: Any) -> str:
    """``padding_share``, ``floor: spam-insertion``."""
    key = str(_get(reason, "key", ""))
    return "floor: " + key.split(":", 1)[1] if key.startswith("floor:") else key


def top_reasons(report: Any, n: int = 3) -> list[dict[str, Any]]:
    """The reasons that moved the score most, largest first (the base left out)."""
    rows = [r.to_dict() for r in report.reasons]
    rows = [r for r in rows if effect(r)]
    return sorted(rows, key=lambda r: (-abs(effect(r)), str(r.get("key"))))[:n]


def summary(report: Any, n: int = 3) -> str:
    """``score 19/100, grade F: floor: spam-insertion -47.5, padding_share -18.1, ...``."""
    head = f"score {report.score}/100, grade {report.grade}"
    parts = [f"{label(r)} {effect(r):+.1f}" for r in top_reasons(report, n)]
    return head + (": " + ", ".join(parts) if parts else "")


def findings_note(reason: Any) -> str:
    """``FL101 x9, FL105`` for the findings behind a line."""
    ids = _get(reason, "rule_ids") or ()
    return ", ".join(ids) if ids else ""


def table_rows(report: Any, small: float = SMALL
               ) -> tuple[list[tuple[str, str, str, str]], tuple[str, str, str, str]]:
    """(rows, total) of the points table: ``(pts, what, rules, description)`` strings."""
    rows: list[tuple[str, str, str, str]] = []
    other = 0.0
    n_other = 0
    base = 0.0
    for r in report.reasons:
        kind = _get(r, "kind")
        points = float(_get(r, "points", 0.0))
        if kind == "base":
            base = points
            rows.append((f"{points:.1f}", "base", "", str(_get(r, "description"))))
            continue
        if kind == "feature" and abs(points) < small:
            other += points
            n_other += 1
            continue
        rows.append((f"{points:+.1f}", label(r), findings_note(r), str(_get(r, "description"))))
    if n_other:
        rows.append((f"{other:+.1f}", "other", "",
                     f"{n_other} more features, each under {small:g} points"))
    exact = base + sum(effect(r) for r in report.reasons)
    note = "" if abs(exact - report.score) < 0.05 else f" ({exact:.1f}, rounded)"
    if exact < 0 or exact > 100:
        note = f" ({exact:.1f}, kept within 0-100)"
    total = (f"= {report.score}", "score", "", f"grade {report.grade}{note}")
    return rows, total

"""Scoring: a pure function from findings and article length to score, grade and reasons.

It imports no detector and no renderer. Weights and caps come from the Policy (rules/scoring.toml).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from .findings import Finding, Severity
from .packs import Policy


@dataclass(frozen=True)
class Reason:
    """Points one rule took off, SpamAssassin style: ``pts rule description``."""

    rule_id: str
    rule: str
    family: str
    count: int
    points: float
    description: str

    def to_dict(self) -> dict[str, object]:
        return {
            "rule_id": self.rule_id,
            "rule": self.rule,
            "family": self.family,
            "count": self.count,
            "points": round(self.points, 2),
            "description": self.description,
        }


@dataclass(frozen=True)
class Verdict:
    score: int
    grade: str
    findings: tuple[Finding, ...]
    """The input findings with ``penalty`` filled in."""
    reasons: tuple[Reason, ...]


def length_factor(words: int, policy: Policy) -> float:
    """Per-hit cost multiplier for length-scaled families: 1 up to the reference length."""
    if words <= policy.length_reference_words:
        return 1.0
    return math.sqrt(policy.length_reference_words / words)


def score_findings(
    findings: list[Finding] | tuple[Finding, ...],
    word_count: int,
    policy: Policy,
    descriptions: dict[str, str] | None = None,
) -> Verdict:
    """Score ``findings`` of one article of ``word_count`` words under ``policy``."""
    raw: list[float] = []
    seen_per_rule: dict[str, int] = {}
    factor = length_factor(word_count, policy)
    for f in findings:
        if f.severity == Severity.INFO or f.suppressed:
            raw.append(0.0)
            continue
        k = seen_per_rule.get(f.rule_id, 0)
        seen_per_rule[f.rule_id] = k + 1
        fam = policy.families.get(f.family)
        points = policy.weights.get(f.rule_id, 0.0) * f.confidence * policy.decay**k
        if fam and fam.length_scaled:
            points *= factor
        raw.append(points)

    family_totals: dict[str, float] = {}
    for f, p in zip(findings, raw):
        family_totals[f.family] = family_totals.get(f.family, 0.0) + p
    scale = {}
    for family, total in family_totals.items():
        fam = policy.families.get(family)
        cap = fam.cap if fam else 0.0
        scale[family] = (cap / total) if total > cap and total > 0 else 1.0

    scored = tuple(replace(f, penalty=p * scale[f.family]) for f, p in zip(findings, raw))
    total = sum(f.penalty for f in scored)
    score = int(max(0, min(policy.base, round(policy.base - total))))
    grade = next(g for g, lo in policy.grades if score >= lo)

    by_rule: dict[str, list[Finding]] = {}
    for f in scored:
        by_rule.setdefault(f.rule_id, []).append(f)
    reasons = []
    for rule_id, items in by_rule.items():
        points = sum(f.penalty for f in items)
        desc = (descriptions or {}).get(rule_id) or items[0].message
        capped = scale[items[0].family] < 1.0
        if capped and points:
            desc += f" (family '{items[0].family}' capped)"
        count = sum(1 for f in items if not f.suppressed)  # what the article still carries
        reasons.append(Reason(rule_id, items[0].rule, items[0].family, count, points, desc))
    reasons.sort(key=lambda r: (-r.points, r.rule_id))
    return Verdict(score, grade, scored, tuple(reasons))

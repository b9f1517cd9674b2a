"""Scoring: a pure function from an article's findings and measures to score, grade and reasons.

It imports no detector and no renderer. The score comes from the fitted credibility model
(``credscore.score.credibility``: 100 x the calibrated probability that the article is credible),
explained as a points table: the base (the reference article), then every feature's points,
positive (credit: named sources, specifics) and negative (padding, vague attribution, spam).
Hard floors from ``rules/scoring.toml`` then cap the score when confident evidence of spam or
promotional boilerplate is present, whatever the rest of the article looks like; a floor is a
points line of its own. Grade bands come from the same file.

Each finding's ``penalty`` is its share of the negative points of the features it stands
behind (a feature's points are shared equally among its findings), plus its share of a floor
it triggered. Suppressed findings count for nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from ..findings import Finding, Severity
from ..packs import HOUSE_DECAY, Floor, Policy
from .credibility.features import BY_NAME, evidence_from, feature_vector
from .credibility.model import CredibilityModel


@dataclass(frozen=True)
class Reason:
    """One line of the points table, SpamAssassin style: ``pts what``."""

    key: str
    """``base``, a feature name (see docs/features.md), a house rule's id or
    ``floor:<name>``."""
    kind: str
    """``base``, ``feature``, ``rule`` (a house rule from a user pack) or ``floor``."""
    family: str
    points: float
    """Signed points (the base line carries the base score)."""
    description: str
    value: float | None = None
    """The feature's raw value in ``unit`` (None for base and floor lines)."""
    unit: str = ""
    rule_ids: tuple[str, ...] = ()
    """Rules whose findings in this article stand behind the line."""
    count: int = 0
    """How many (non-suppressed) findings stand behind the line."""

    def to_dict(self) -> dict[str, object]:
        out: dict[str, object] = {
            "key": self.key,
            "kind": self.kind,
            "family": self.family,
            "points": round(self.points, 2),
            "description": self.description,
        }
        if self.value is not None:
            out["value"] = round(self.value, 4)
            out["unit"] = self.unit
        if self.rule_ids:
            out["rule_ids"] = list(self.rule_ids)
            out["count"] = self.count
        return out


@dataclass(frozen=True)
class Verdict:
    score: int
    grade: str
    probability: float
    """The model's calibrated probability (before any floor)."""
    findings: tuple[Finding, ...]
    """The input findings with ``penalty`` filled in."""
    reasons: tuple[Reason, ...]
    features: dict[str, float | None]


def _floor_applies(floor: Floor, findings: list[Finding]) -> list[Finding]:
    hits = [f for f in findings if not f.suppressed and f.rule_id in floor.rules
            and f.severity >= floor.min_severity]
    if len(hits) < floor.min_findings or len({f.rule_id for f in hits}) < floor.min_distinct_rules:
        return []
    return hits


def _number(x: float) -> str:
    if x == int(x) or abs(x) >= 100:
        return f"{x:.0f}"
    return f"{x:.2f}" if abs(x) < 10 else f"{x:.1f}"


def _describe(name: str, raw: float | None, reference: float | None) -> str:
    """``named sources: 2.4 per 10 sentences (typical 1.1)``; yes/no for 0-or-1 features."""
    feature = BY_NAME[name]
    if raw is None:
        return feature.meaning
    if feature.unit == "0 or 1":
        return f"{feature.meaning}: {'yes' if raw else 'no'}"
    unit = feature.unit[:-1] if raw == 1 and feature.unit in ("findings", "headings") else (
        feature.unit)
    text = f"{feature.meaning}: {_number(raw)} {unit}"
    if reference is not None:
        text += f" (typical {_number(feature.inverse(reference))})"
    return text


def _house_rules(findings: list[Finding], policy: Policy
                 ) -> list[tuple[Reason, dict[int, float]]]:
    """Points taken off for the findings of house rules (user packs with ``[weights]``): the
    rule's weight for its first finding, 0.7x less for each next one, each house family capped.
    Returns one points line per rule and the share of each finding (by index)."""
    if not policy.weights:
        return []
    raw: dict[str, dict[int, float]] = {}
    for i, f in enumerate(findings):
        weight = policy.weights.get(f.rule_id)
        if weight is None or f.suppressed or f.severity == Severity.INFO:
            continue
        shares = raw.setdefault(f.rule_id, {})
        shares[i] = weight * f.confidence * HOUSE_DECAY ** len(shares)
    by_family: dict[str, float] = {}
    for shares in raw.values():
        family = findings[next(iter(shares))].family
        by_family[family] = by_family.get(family, 0.0) + sum(shares.values())
    out = []
    for rid, shares in raw.items():
        first = findings[next(iter(shares))]
        cap = policy.families.get(first.family)
        total = by_family[first.family]
        scale = cap.cap / total if cap is not None and total > cap.cap > 0 else 1.0
        shares = {i: p * scale for i, p in shares.items()}
        points = sum(shares.values())
        note = f" (family '{first.family}' capped)" if scale < 1 else ""
        out.append((Reason(rid, "rule", first.family, -points,
                           f"house rule {rid} {first.rule}: {len(shares)} "
                           f"finding{'s' if len(shares) != 1 else ''}{note}", None, "",
                           (rid,), len(shares)), shares))
    return out


def score_article(
    findings: list[Finding] | tuple[Finding, ...],
    measures: dict[str, Any],
    policy: Policy,
    model: CredibilityModel,
) -> Verdict:
    """Score one article from its findings and measures under ``policy`` and ``model``."""
    findings = list(findings)
    evidence = evidence_from(measures, findings)
    vector = feature_vector(evidence)
    prediction = model.predict(vector)
    means = {f.name: f.mean for f in model.features}

    reasons: list[Reason] = [Reason("base", "base", "general", prediction.base,
                                    "the reference article: every feature at its average")]
    penalties = [0.0] * len(findings)
    by_rule: dict[str, list[int]] = {}
    for i, f in enumerate(findings):
        if not f.suppressed:
            by_rule.setdefault(f.rule_id, []).append(i)

    for name, points in sorted(prediction.points.items(), key=lambda t: (-abs(t[1]), t[0])):
        feature = BY_NAME[name]
        rule_ids = tuple(r for r in feature.rules if r in by_rule)
        behind = [i for r in rule_ids for i in by_rule[r]]
        raw = feature.raw(evidence)
        reasons.append(Reason(name, "feature", feature.family, points,
                              _describe(name, raw, means.get(name)), raw, feature.unit,
                              rule_ids, len(behind)))
        if points < 0 and behind:
            for i in behind:
                penalties[i] += -points / len(behind)

    score = prediction.score
    for reason, shares in _house_rules(findings, policy):
        reasons.append(reason)
        score += reason.points
        for i, share in shares.items():
            penalties[i] += share
    for floor in policy.floors:
        hits = _floor_applies(floor, findings)
        if hits and score > floor.max_score:
            cut = score - floor.max_score
            score = floor.max_score
            rule_ids = tuple(sorted({f.rule_id for f in hits}))
            reasons.append(Reason(f"floor:{floor.name}", "floor", hits[0].family, -cut,
                                  f"floor: {floor.description} caps the score at "
                                  f"{floor.max_score:g}", None, "", rule_ids, len(hits)))
            index = {id(f): i for i, f in enumerate(findings)}
            for f in hits:
                penalties[index[id(f)]] += cut / len(hits)

    final = int(max(0, min(100, round(score))))
    grade = next(g for g, lo in policy.grades if final >= lo)
    scored = tuple(replace(f, penalty=penalties[i]) for i, f in enumerate(findings))
    return Verdict(final, grade, prediction.probability, scored, tuple(reasons), vector)

"""The scorer on hand-made findings and measures: model points, floors, suppression, grades."""

from __future__ import annotations

import math

import pytest

from credscore.findings import Finding, Severity
from credscore.packs import Floor, Policy, default_policy
from credscore.score.credibility.features import FEATURE_NAMES
from credscore.score.credibility.model import CredibilityModel, ModelFeature
from credscore.score.scoring import score_article

GRADES = (("A", 90), ("B", 80), ("C", 65), ("D", 50), ("F", 0))
SPAM_FLOOR = Floor("spam-insertion", "a confident spam insertion", frozenset({"SP101"}),
                   Severity.ERROR, 30)
PROMO_FLOOR = Floor("promo", "promo boilerplate", frozenset({"PR101", "PR102", "PR103"}),
                    Severity.WARNING, 45, min_distinct_rules=2)
POLICY = Policy("unused.json", (SPAM_FLOOR, PROMO_FLOOR), GRADES)
MEASURES = {"assessable": True, "words": 400, "voice_words": 400, "body_sentences": 20,
            "padding_share": 0.3, "reporting_verbs": 4}


def model(weights: dict[str, float], intercept: float = 1.0) -> CredibilityModel:
    """A model whose features are all standardised with mean 0 and scale 1."""
    features = tuple(ModelFeature(n, 0.0, 1.0, weights.get(n, 0.0)) for n in FEATURE_NAMES)
    return CredibilityModel(features, intercept, 1.0, 0.0)


def finding(rule_id: str, family: str, severity: Severity = Severity.WARNING, start: int = 0,
            suppressed: bool = False) -> Finding:
    return Finding(rule_id, rule_id.lower(), family, severity, "msg", start, start + 1, 1,
                   start + 1, "x", "x", suppressed=suppressed)


def test_points_add_up_to_the_score() -> None:
    m = model({"padding_share": -2.0, "sourcing": 0.5, "length": 0.3})
    verdict = score_article([], MEASURES, POLICY, m)
    base = next(r for r in verdict.reasons if r.kind == "base")
    total = base.points + sum(r.points for r in verdict.reasons if r.kind != "base")
    assert total == pytest.approx(100 * verdict.probability)
    assert verdict.score == round(total)


def test_points_keep_each_features_sign_and_share() -> None:
    m = model({"padding_share": -2.0, "sourcing": 0.5})
    verdict = score_article([], MEASURES, POLICY, m)
    points = {r.key: r.points for r in verdict.reasons if r.kind == "feature"}
    padding_move = -2.0 * 0.3
    reporting_move = 0.5 * math.log1p(4 / 20)
    assert points["padding_share"] < 0 < points["sourcing"]
    assert points["padding_share"] / points["sourcing"] == pytest.approx(
        padding_move / reporting_move, rel=1e-4)


def test_the_base_is_the_reference_article() -> None:
    m = model({}, intercept=0.0)
    verdict = score_article([], MEASURES, POLICY, m)
    assert verdict.score == 50 and [r.kind for r in verdict.reasons] == ["base"]


def test_penalties_share_a_features_negative_points_among_its_findings() -> None:
    m = model({"padding_sentences": -1.0})
    items = [finding("FL101", "filler", start=i) for i in range(3)]
    verdict = score_article(items, MEASURES, POLICY, m)
    line = next(r for r in verdict.reasons if r.key == "padding_sentences")
    assert line.rule_ids == ("FL101",) and line.count == 3
    assert [f.penalty for f in verdict.findings] == pytest.approx([-line.points / 3] * 3)


def test_suppressed_findings_count_for_nothing() -> None:
    m = model({"padding_sentences": -1.0})
    shown = score_article([finding("FL101", "filler")], MEASURES, POLICY, m)
    hidden = score_article([finding("FL101", "filler", suppressed=True)], MEASURES, POLICY, m)
    clean = score_article([], MEASURES, POLICY, m)
    assert hidden.score == clean.score > shown.score
    assert hidden.findings[0].penalty == 0


def test_a_confident_spam_insertion_is_a_hard_floor() -> None:
    m = model({}, intercept=4.0)  # an otherwise excellent article
    verdict = score_article([finding("SP101", "spam", Severity.ERROR)], MEASURES, POLICY, m)
    assert verdict.score == 30 and verdict.grade == "F"
    floor = next(r for r in verdict.reasons if r.kind == "floor")
    assert floor.key == "floor:spam-insertion" and floor.rule_ids == ("SP101",)
    assert floor.points == pytest.approx(30 - 100 * verdict.probability)
    assert verdict.findings[0].penalty == pytest.approx(-floor.points)


@pytest.mark.parametrize("item", [
    finding("SP101", "spam", Severity.WARNING),  # a weak hit, below the floor's severity
    finding("SP101", "spam", Severity.ERROR, suppressed=True),  # overruled by the editor
])
def test_a_weak_or_suppressed_hit_is_no_floor(item: Finding) -> None:
    verdict = score_article([item], MEASURES, POLICY, model({}, intercept=4.0))
    assert verdict.score > 90 and not any(r.kind == "floor" for r in verdict.reasons)


def test_the_promo_floor_needs_two_kinds_of_boilerplate() -> None:
    m = model({}, intercept=4.0)
    one = score_article([finding("PR101", "promo")] * 2, MEASURES, POLICY, m)
    two = score_article([finding("PR101", "promo"), finding("PR102", "promo", start=5)],
                        MEASURES, POLICY, m)
    assert one.score > 90 and two.score == 45


def test_a_missing_feature_contributes_nothing() -> None:
    m = model({"clickbait_headline": -3.0})
    verdict = score_article([], MEASURES | {"clickbait_probability": None}, POLICY, m)
    assert not any(r.key == "clickbait_headline" for r in verdict.reasons)


def test_grades_follow_the_bands() -> None:
    for intercept, grade in ((3.0, "A"), (1.6, "B"), (0.9, "C"), (0.1, "D"), (-2.0, "F")):
        assert score_article([], MEASURES, POLICY, model({}, intercept)).grade == grade


def test_the_shipped_policy_floors_name_real_rules() -> None:
    from credscore.packs import default_rules

    ids = {r.id for r in default_rules()}
    for floor in default_policy().floors:
        assert floor.rules <= ids, floor

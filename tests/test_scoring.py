"""The scorer on hand-made findings: decay, caps, length scaling, reasons, grades."""

from __future__ import annotations

from credscore.findings import Finding, Severity
from credscore.packs import FamilyPolicy, Policy
from credscore.scoring import score_findings

POLICY = Policy(
    base=100,
    decay=0.5,
    length_reference_words=500,
    families={"spam": FamilyPolicy(70, False), "filler": FamilyPolicy(10, True)},
    weights={"SP101": 50, "FL101": 5, "FL102": 2},
    grades=(("A", 90), ("B", 80), ("C", 65), ("D", 50), ("F", 0)),
)


def finding(rule_id: str, family: str, severity: Severity = Severity.WARNING,
            confidence: float = 1.0, start: int = 0) -> Finding:
    return Finding(rule_id, rule_id.lower(), family, severity, "msg", start, start + 1, 1,
                   start + 1, "x", "x", confidence=confidence)


def test_no_findings_is_full_marks() -> None:
    verdict = score_findings([], 300, POLICY)
    assert (verdict.score, verdict.grade, verdict.reasons) == (100, "A", ())


def test_nth_hit_of_a_rule_counts_less() -> None:
    verdict = score_findings([finding("FL101", "filler", start=i) for i in range(3)], 300, POLICY)
    assert [f.penalty for f in verdict.findings] == [5, 2.5, 1.25]
    assert verdict.score == round(100 - 8.75)


def test_family_cap_and_reasons_explain_every_point() -> None:
    many = [finding("FL101", "filler", start=i) for i in range(30)]
    many += [finding("FL102", "filler", start=100 + i) for i in range(30)]
    verdict = score_findings(many, 300, POLICY)
    assert abs(sum(f.penalty for f in verdict.findings) - 10) < 1e-9
    assert abs(sum(r.points for r in verdict.reasons) - 10) < 1e-9
    assert verdict.score == 90
    assert all("capped" in r.description for r in verdict.reasons)


def test_thirty_filler_sentences_do_not_outweigh_one_insertion() -> None:
    filler = score_findings([finding("FL101", "filler", start=i) for i in range(30)], 300, POLICY)
    spam = score_findings([finding("SP101", "spam", Severity.ERROR)], 300, POLICY)
    assert spam.score < filler.score


def test_info_and_suppressed_findings_cost_nothing() -> None:
    from dataclasses import replace

    info = finding("FL101", "filler", Severity.INFO)
    suppressed = replace(finding("SP101", "spam", Severity.ERROR), suppressed=True)
    verdict = score_findings([info, suppressed], 300, POLICY)
    assert verdict.score == 100


def test_long_articles_pay_less_per_filler_hit_but_not_per_spam_hit() -> None:
    short = score_findings([finding("FL101", "filler")], 400, POLICY)
    long = score_findings([finding("FL101", "filler")], 2000, POLICY)
    assert long.findings[0].penalty == short.findings[0].penalty / 2
    spam_long = score_findings([finding("SP101", "spam")], 2000, POLICY)
    assert spam_long.findings[0].penalty == 50


def test_confidence_scales_and_grades_follow_bands() -> None:
    verdict = score_findings([finding("SP101", "spam", confidence=0.5)], 300, POLICY)
    assert verdict.score == 75 and verdict.grade == "C"
    verdict = score_findings([finding("SP101", "spam")], 300, POLICY)
    assert verdict.score == 50 and verdict.grade == "D"


def test_suppressed_findings_cost_nothing_and_are_not_counted() -> None:
    from dataclasses import replace

    items = [finding("FL101", "filler", start=i) for i in range(4)]
    items[1:] = [replace(f, suppressed=True) for f in items[1:]]
    (reason,) = score_findings(items, 300, POLICY).reasons
    assert (reason.count, reason.points) == (1, 5)

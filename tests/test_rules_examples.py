"""Every rule's bad examples fire it and its good examples do not; every rule is documented."""

from __future__ import annotations

import pytest

from credscore.api import Checker
from credscore.config import Config
from credscore.packs import default_rules

RULES = default_rules()


def _report(rule_id: str, example: str):  # type: ignore[no-untyped-def]
    """The example's report; a cross-document rule's example is a batch of files separated by
    lines of five dashes, checked after a census of the batch (the last file's report)."""
    checker = Checker(Config(select=[rule_id]))
    spec = next(r for r in RULES if r.id == rule_id)
    if spec.kind != "cross-document":
        return checker.check_text(example)
    from credscore.analyse.crossdoc import ParagraphCensus
    from credscore.load import parse_text

    docs = [parse_text(part) for part in example.split("\n-----\n")]
    census = ParagraphCensus(min_files=len(docs))
    for doc in docs:
        census.add(doc)
    checker.attach_census(census.freeze())
    return checker.check_document(docs[-1])


def _fired(rule_id: str, text: str) -> bool:
    report = Checker(Config(select=[rule_id])).check_text(text)
    return any(f.rule_id == rule_id and not f.suppressed for f in report.findings
               if f.severity.label != "info" or f.penalty == 0)


@pytest.mark.parametrize(
    ("rule_id", "example"),
    [(r.id, ex) for r in RULES for ex in r.bad_examples],
)
def test_bad_example_fires(rule_id: str, example: str) -> None:
    report = _report(rule_id, example)
    fired = [f for f in report.findings if f.rule_id == rule_id]
    spec = next(r for r in RULES if r.id == rule_id)
    assert fired, f"{rule_id} did not fire on its bad example"
    # a rule's bad example must fire at the rule's own severity (not a downgraded note)
    assert any(f.severity == spec.severity for f in fired), [f.severity for f in fired]


@pytest.mark.parametrize(
    ("rule_id", "example"),
    [(r.id, ex) for r in RULES for ex in r.good_examples],
)
def test_good_example_is_quiet(rule_id: str, example: str) -> None:
    spec = next(r for r in RULES if r.id == rule_id)
    report = _report(rule_id, example)
    loud = [f for f in report.findings if f.rule_id == rule_id and f.severity == spec.severity]
    assert not loud, f"{rule_id} fired on its good example: {loud[0].evidence!r}"


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_rule_is_documented(rule) -> None:  # type: ignore[no-untyped-def]
    assert len(rule.what) >= 40, "what: say what the rule flags"
    assert len(rule.why) >= 40, "why: say why it matters"
    assert rule.bad_examples and rule.good_examples
    assert rule.message.strip()

"""A catastrophic regular expression in a rule pack never hangs check or audit."""

from __future__ import annotations

import dataclasses
import json
import re
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from credscore import api
from credscore.audit.runner import AuditOptions, run_audit
from credscore.cli import app
from credscore.config import Config
from credscore.errors import PackError
from credscore.packs import default_rules, load_rules
from credscore.paths import rules_dir as paths_rules_dir
from credscore.regex import saferegex
from credscore.regex.saferegex import RulePattern, UnsafePattern

from .conftest import ARTICLE

HOSTILE = "The minister said on Monday that the budget would rise next year. x" + "a" * 40 + "!"


def with_rule(monkeypatch: pytest.MonkeyPatch, *patterns: str) -> None:
    """The built-in rules plus a user rule of kind ``pattern`` with ``patterns``."""
    base = default_rules()
    template = next(r for r in base if r.kind == "pattern")
    extra = dataclasses.replace(template, id="XX901", name="user-rule",
                                params={"patterns": list(patterns)})
    monkeypatch.setattr(api, "default_rules", lambda: (*base, extra))


def test_nested_repeats_run_on_re2_in_linear_time(monkeypatch: pytest.MonkeyPatch) -> None:
    assert RulePattern(r"(a+)+$", re.M).engine == "re2"
    with_rule(monkeypatch, r"(a+)+$")
    start = time.monotonic()
    report = api.Checker().check_text(HOSTILE * 3)
    assert time.monotonic() - start < 5
    assert "warnings" not in report.metrics


def test_a_catastrophic_pattern_re2_cannot_run_is_refused_at_load() -> None:
    for source in (r"\b(a+)+$", r"(?<=x)(\w+\s?)*$", r"(?:(?!q)a+){2,}b"):
        with pytest.raises(UnsafePattern, match="catastrophic"):
            RulePattern(source, re.M)


def test_a_pack_with_a_refused_pattern_is_one_line(tmp_path: Path) -> None:
    packs = tmp_path / "rules"
    packs.mkdir()
    for path in paths_rules_dir().glob("*.toml"):
        (packs / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    lexicons = packs / "lexicons"
    lexicons.symlink_to(paths_rules_dir() / "lexicons")
    attribution = packs / "attribution.toml"
    text = attribution.read_text(encoding="utf-8")
    attribution.write_text(text.replace("patterns = [\n", "patterns = [\n    '\\b(a+)+$',\n", 1),
                           encoding="utf-8")
    from credscore.analyse.engine import Engine

    with pytest.raises(PackError, match=r"attribution.toml: rule AT102: key 'params.patterns'.*"
                                        r"catastrophic"):
        Engine(load_rules(packs))


def test_the_time_budget_stops_a_slow_pattern_with_a_warning(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(saferegex, "BUDGET_BASE_SECONDS", 0.5)
    slow = r"(?<=x)(?:a|a)*y"  # exponential on re, and RE2 cannot run a look-behind
    assert RulePattern(slow, re.M).engine == "re"
    with_rule(monkeypatch, slow)
    start = time.monotonic()
    report = api.Checker().check_text(ARTICLE + "\n" + HOSTILE)
    assert time.monotonic() - start < 10
    [warning] = report.metrics["warnings"]
    assert "XX901" in warning and "time budget" in warning
    assert not any(f.rule_id == "XX901" for f in report.findings)
    assert report.findings  # the other rules still ran


def test_check_and_audit_finish_with_the_warning(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(saferegex, "BUDGET_BASE_SECONDS", 0.5)
    with_rule(monkeypatch, r"(?<=x)(?:a|a)*y")
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "hostile.txt").write_text(HOSTILE, encoding="utf-8")
    (folder / "good.txt").write_text(ARTICLE, encoding="utf-8")
    result = CliRunner().invoke(app, ["check", "--format", "jsonl", str(folder)])
    assert result.exit_code in (0, 1)
    assert "warning: rule XX901" in result.stderr and "time budget" in result.stderr
    out = tmp_path / "rows.jsonl"
    audit = run_audit([str(folder)], Config(), AuditOptions(jobs=2, out=out))
    assert audit.summary.warned == 1 and audit.summary.scored == 2
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert any("XX901" in w for r in rows for w in r["metrics"].get("warnings", ()))


SAMPLES = [
    ARTICLE,
    ARTICLE.lower(),
    "This is not financial advice. Do your own research. Sign up with code WIN100 today!",
    "Caf\u00e9 owners say this is not investment advice; consult your financial advisor.\n"
    "Disclaimer: we are not responsible for any losses you may incur.",
    "\u00e9not financial advice\u00e9 and \u00fcnot investment advice",
    "Source: Twitter | via X | credit: social media\nSource:\u00a0Telegram",
]


def test_re2_gives_the_same_spans_as_re_for_the_built_in_packs() -> None:
    checked = 0
    for rule in default_rules():
        raw = rule.params.get("patterns")
        if not raw:
            continue
        flags = re.MULTILINE | (re.IGNORECASE if rule.kind == "pattern" else 0)
        sources = raw if isinstance(raw, list) else [
            "|".join(f"(?:{p})" for p in items) for items in raw.values()]
        for source in sources:
            pattern = RulePattern(source, flags)
            reference = re.compile(source, flags)
            for text in [*SAMPLES, *rule.bad_examples, *rule.good_examples]:
                for sample in (text, text.lower()):
                    expected = [m.span() for m in reference.finditer(sample)]
                    assert list(pattern.finditer(sample)) == expected, (rule.id, sample[:60])
                    checked += 1
    assert checked > 50

"""Pack lint: the shipped packs validate; broken packs fail with one line naming file/rule/key."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from credscore.analyse.engine import Engine
from credscore.analyse.lexicons import load_lexicon
from credscore.api import Checker
from credscore.config import Config
from credscore.detectors import KINDS
from credscore.errors import ConfigError, PackError
from credscore.findings import Severity
from credscore.packs import load_rules, rules_hash
from credscore.paths import rules_dir


def test_shipped_packs_are_valid_and_every_rule_compiles() -> None:
    rules = load_rules()
    assert {r.family for r in rules} >= {"filler", "spam", "attribution", "promo"}
    assert len({r.id for r in rules}) == len(rules)
    assert all(r.kind in KINDS for r in rules)
    Engine(rules)  # builds and validates every detector


def test_every_lexicon_file_is_used_and_non_empty() -> None:
    text = "".join(p.read_text() for p in rules_dir().glob("*.toml"))
    code = Path(__file__).resolve().parent.parent / "credscore"
    text += "".join(p.read_text() for p in code.rglob("*.py"))
    for path in (rules_dir() / "lexicons").glob("*.txt"):
        assert load_lexicon(path.name), f"{path.name} is empty"
        assert path.name in text, f"{path.name} is not referenced by any pack or detector"


def _copy_rules(tmp_path: Path) -> Path:
    target = tmp_path / "rules"
    shutil.copytree(rules_dir(), target)
    return target


def test_missing_key_names_file_rule_and_key(tmp_path: Path) -> None:
    rules = _copy_rules(tmp_path)
    pack = rules / "filler.toml"
    pack.write_text(pack.read_text().replace('why = "Stock phrases', 'whyy = "Stock phrases', 1))
    with pytest.raises(PackError) as err:
        load_rules(rules)
    assert str(err.value) == "filler.toml: rule FL102: key 'why': missing"


def test_bad_detector_parameter_names_the_key(tmp_path: Path) -> None:
    rules = _copy_rules(tmp_path)
    pack = rules / "spam.toml"
    pack.write_text(pack.read_text().replace("max_similarity = 0.10", "max_similarity = 3", 1))
    with pytest.raises(PackError) as err:
        Engine(load_rules(rules))
    assert str(err.value).startswith("spam.toml: rule SP101: key 'params.max_similarity':")


def test_bad_severity_names_file_rule_and_key(tmp_path: Path) -> None:
    rules = _copy_rules(tmp_path)
    pack = rules / "general.toml"
    pack.write_text(pack.read_text().replace('severity = "info"', 'severity = "fatal"', 1))
    with pytest.raises(PackError, match="general.toml: rule GN101: key 'severity'"):
        load_rules(rules)


def test_rules_hash_is_stable_and_changes_with_rules(tmp_path: Path) -> None:
    rules = _copy_rules(tmp_path)
    assert rules_hash(rules) == rules_hash()
    (rules / "scoring.toml").write_text((rules / "scoring.toml").read_text() + "\n")
    assert rules_hash(rules) != rules_hash()


def test_checker_select_and_ignore_by_family_id_and_name() -> None:
    from credscore.config import Config

    assert {r.family for r, _, _ in Checker(Config(select=["spam"])).engine.rules} == {"spam"}
    ids = {r.id for r, _, _ in Checker(Config(ignore=["filler", "AT101"])).engine.rules}
    assert "AT101" not in ids and not any(i.startswith("FL") for i in ids)
    ids = {r.id for r, _, _ in Checker(Config(select=["vague-attribution"])).engine.rules}
    assert ids == {"AT101"}


@pytest.mark.parametrize("config", [
    Config(select=["attribuion"]), Config(ignore=["ZZ"]),
    Config(severity_overrides={"FL999": Severity.INFO}), Config(disabled=["fillr"]),
])
def test_a_selector_matching_no_rule_is_an_error_not_an_empty_check(config: Config) -> None:
    with pytest.raises(ConfigError, match="matches no rule"):
        Checker(config)


def test_misspelt_select_on_the_command_line_exits_2(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from credscore.cli import app

    article = tmp_path / "a.txt"
    article.write_text("Experts say the plan will fail.\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["check", "--select", "attribuion", str(article)])
    assert result.exit_code == 2
    assert "'attribuion' matches no rule" in result.output


@pytest.mark.parametrize(("edit", "key"), [
    ('max_score = 30', "floors[0].max_score"),
    ('rules = ["SP101", "SP102", "SP104"]', "floors[0].rules"),
])
def test_a_bad_floor_names_its_key(tmp_path: Path, edit: str, key: str) -> None:
    rules = _copy_rules(tmp_path)
    scoring = rules / "scoring.toml"
    scoring.write_text(scoring.read_text().replace(edit, "", 1))
    from credscore.packs import load_policy

    with pytest.raises(PackError, match=key.replace(".", r"\.").replace("[", r"\[")):
        load_policy(rules)


def test_an_unknown_scoring_key_is_refused(tmp_path: Path) -> None:
    rules = _copy_rules(tmp_path)
    scoring = rules / "scoring.toml"
    scoring.write_text("decay = 0.7\n" + scoring.read_text())
    from credscore.packs import load_policy

    with pytest.raises(PackError, match="scoring.toml: key 'decay': unknown key"):
        load_policy(rules)

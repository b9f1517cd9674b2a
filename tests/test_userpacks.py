"""User rule packs (``packs = [...]``, ``--rules DIR``) and allow-lists for domains and terms."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from credscore.allowlists import link_host
from credscore.api import Checker
from credscore.cli import app
from credscore.config import Config, load_config_file
from credscore.errors import ConfigError
from credscore.packs import default_policy, default_rules
from credscore.userpacks import PackErrors, load_user_packs

from .conftest import ROOT

EXAMPLE = ROOT / "docs" / "example-pack"
runner = CliRunner()

PARTNER = ("The club signed a new shirt deal on Monday, the chairman said at the ground. Fans "
           "can read the terms at [the best online casino bonus](https://www.partner-bookmaker."
           "example/deal) before the season starts. The first match is in August, and tickets "
           "go on sale on Friday at the club shop.\n")


def _pack(tmp_path: Path, body: str, weights: str = "[weights]\nNR101 = 5\n",
          name: str = "house.toml") -> Path:
    folder = tmp_path / "pack"
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(body, encoding="utf-8")
    (folder / "scoring.toml").write_text(weights + "\n[families.newsroom]\ncap = 10\n",
                                         encoding="utf-8")
    return folder


RULE = '''family = "newsroom"

[[rule]]
id = "NR101"
name = "press-release"
kind = "pattern"
severity = "warning"
message = "Press release '{evidence}'"
what = "Press-release furniture."
why = "It is the company's voice."
examples.bad = ["FOR IMMEDIATE RELEASE: news."]
examples.good = ["The company said so."]

[rule.params]
patterns = ['^\\s*for immediate release\\b']
'''


def test_the_example_pack_loads_and_its_examples_are_tests() -> None:
    checker = Checker(Config(packs=[str(EXAMPLE)]))
    ours = [r for r in checker.rules if r.family == "newsroom"]
    assert [r.id for r in ours] == ["NR101", "NR102"]
    for rule in ours:
        for text in rule.bad_examples:
            assert rule.id in {f.rule_id for f in checker.check_text(text).findings}, text
        for text in rule.good_examples:
            assert rule.id not in {f.rule_id for f in checker.check_text(text).findings}, text


def test_pack_rules_are_scored_with_the_packs_weights_and_family_cap() -> None:
    checker = Checker(Config(packs=[str(EXAMPLE)]))
    report = checker.check_text("FOR IMMEDIATE RELEASE: Acme Corp announces results.\n\n"
                                "About Acme Corp: Acme makes widgets in three countries.\n")
    # house rules: fixed points after the model, 10 then 10 x 0.7 for the second finding
    points = {r.key: r.points for r in report.reasons if r.kind == "rule"}
    assert points["NR101"] == pytest.approx(-(10 + 7))
    plain = Checker(Config()).check_text("FOR IMMEDIATE RELEASE: Acme Corp announces results."
                                         "\n\nAbout Acme Corp: Acme makes widgets in three "
                                         "countries.\n")
    assert report.score <= plain.score - 16


def test_allowed_domain_drops_findings_on_its_links() -> None:
    plain = Checker(Config()).check_text(PARTNER, "md")
    assert any(f.rule_id == "SP101" for f in plain.findings)
    allowed = Checker(Config(allow_domains=["partner-bookmaker.example"])).check_text(PARTNER,
                                                                                      "md")
    assert not any(f.rule_id == "SP101" and "casino" in f.evidence for f in allowed.findings)
    assert allowed.metrics["allowed"]["by_rule"]["SP101"] >= 1
    assert allowed.score >= plain.score
    # the pack's allow.toml works the same way
    via_pack = Checker(Config(packs=[str(EXAMPLE)])).check_text(PARTNER, "md")
    assert via_pack.metrics["allowed"]["dropped"] >= 1


def test_allowed_terms_drop_findings_inside_them() -> None:
    text = ("The minister met the Betting and Gaming Council on Monday, officials said, to "
            "discuss a levy on online casino adverts before the budget in March.\n")
    plain = Checker(Config()).check_text(text)
    allowed = Checker(Config(allow_terms=["online casino adverts"])).check_text(text)
    inside = [f for f in plain.findings if "casino" in f.evidence and len(f.evidence) < 30]
    if not inside:
        pytest.skip("no short finding on the term in this text")
    assert not [f for f in allowed.findings if "casino" in f.evidence and len(f.evidence) < 30]


def test_link_host() -> None:
    assert link_host("https://WWW.Partner.example:8080/x?y") == "partner.example"
    assert link_host("www.partner.example/x") == "partner.example"
    assert link_host("/relative/path") == ""


def test_config_packs_are_relative_to_the_config_file(tmp_path: Path) -> None:
    shutil.copytree(EXAMPLE, tmp_path / "house")
    config_file = tmp_path / ".credscore.toml"
    config_file.write_text('packs = ["house"]\n[allow]\ndomains = ["shop.example"]\n'
                           'terms = ["Premier League"]\n', encoding="utf-8")
    config = load_config_file(config_file)
    assert config.packs == [str(tmp_path / "house")]
    assert config.allow_domains == ["shop.example"] and config.allow_terms == ["Premier League"]
    article = tmp_path / "a.txt"
    article.write_text("FOR IMMEDIATE RELEASE: Acme Corp announces results on Monday.\n")
    result = runner.invoke(app, ["check", "--format", "json", str(article)])
    assert '"NR101"' in result.output


@pytest.mark.parametrize(("table", "problem"), [
    ('[allow]\ndomains = ["https://partner.example/x"]\n', "is not a host name"),
    ('[allow]\nhosts = ["a.example"]\n', "unknown key 'hosts'"),
    ('packs = "one"\n[allow]\nterms = [1]\n', "'allow.terms' must be a list of strings"),
])
def test_bad_allow_lists_name_the_problem(tmp_path: Path, table: str, problem: str) -> None:
    path = tmp_path / ".credscore.toml"
    path.write_text(table, encoding="utf-8")
    with pytest.raises(ConfigError, match=problem):
        load_config_file(path)


def test_rules_option_on_the_command_line(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("The mayor slams the council over the tram delay, aides said on Monday.\n")
    out = runner.invoke(app, ["check", "--rules", str(EXAMPLE), "--format", "json",
                              str(article)]).output
    assert '"NR102"' in out
    listed = runner.invoke(app, ["rules", "--rules", str(EXAMPLE)]).output
    assert "NR101\tpress-release-boilerplate\tnewsroom" in listed
    explained = runner.invoke(app, ["explain", "NR102", "--rules", str(EXAMPLE)])
    assert explained.exit_code == 0 and "banned" in explained.output


def _problems(tmp_path: Path, body: str, weights: str = "[weights]\nNR101 = 5\n") -> list[str]:
    folder = _pack(tmp_path, body, weights)
    with pytest.raises(PackErrors) as err:
        load_user_packs([folder], default_rules(), default_policy())
    return err.value.problems


def test_every_problem_is_reported_with_file_line_rule_and_key(tmp_path: Path) -> None:
    body = (RULE.replace('severity = "warning"', 'severity = "critical"')
            .replace('name = "press-release"', 'name = "Press Release"')
            .replace("['^\\s*for immediate release\\b']", "['(unclosed']"))
    problems = _problems(tmp_path, body)
    path = tmp_path / "pack" / "house.toml"
    lines = body.splitlines()
    severity_line = next(i for i, t in enumerate(lines, 1) if t.startswith("severity"))
    name_line = next(i for i, t in enumerate(lines, 1) if t.startswith("name"))
    assert f"{path}:{severity_line}: rule NR101: key 'severity': unknown severity" in \
        "\n".join(problems)
    assert f"{path}:{name_line}: rule NR101: key 'name': must be kebab-case" in problems
    assert len(problems) == 2  # the regex is checked once the rule itself is valid


def test_a_bad_regex_names_its_line(tmp_path: Path) -> None:
    body = RULE.replace("['^\\s*for immediate release\\b']", "['(unclosed']")
    problems = _problems(tmp_path, body)
    line = next(i for i, t in enumerate(body.splitlines(), 1) if t.startswith("patterns"))
    assert len(problems) == 1
    assert problems[0].startswith(f"{tmp_path / 'pack' / 'house.toml'}:{line}: rule NR101: "
                                  "key 'params.patterns': ")
    assert "bad regular expression" in problems[0] or "bad regex" in problems[0]


@pytest.mark.parametrize(("body", "weights", "expected"), [
    (RULE.replace('id = "NR101"', 'id = "SP101"'), "[weights]\nSP101 = 5\n",
     "rule SP101: key 'id': duplicate id (also in the built-in spam.toml)"),
    (RULE.replace('name = "press-release"', 'name = "stock-phrase"'), "[weights]\nNR101 = 5\n",
     "key 'name': duplicate name (also FL102)"),
    (RULE, "[weights]\n", "rule NR101: no weight: add NR101 = POINTS under [weights]"),
    (RULE.replace('family = "newsroom"', 'family = "legal"'), "[weights]\nNR101 = 5\n",
     "key 'family': family 'legal' is not built in: give its cap"),
    (RULE.replace('kind = "pattern"', 'kind = "regex"'), "[weights]\nNR101 = 5\n",
     "key 'kind': unknown detector kind 'regex'"),
    (RULE.replace("[rule.params]\npatterns = ['^\\s*for immediate release\\b']",
                  '[rule.params]\nlexicons = ["missing.txt"]').replace('"pattern"', '"phrase"'),
     "[weights]\nNR101 = 5\n", "lexicon file 'missing.txt' not found"),
    (RULE.replace("examples.good = [", "examples.good = [] #"), "[weights]\nNR101 = 5\n",
     "key 'examples.good': must be a non-empty list of strings"),
    (RULE.replace('why = "It is', 'whyy = "It is'), "[weights]\nNR101 = 5\n",
     "key 'why': missing"),
    ('family = "newsroom"\n[[rule]\nid = 1\n', "[weights]\n", "invalid TOML"),
    (RULE, "[weights]\nNR101 = -5\n", "key 'weights.NR101': must be a number of points"),
])
def test_malformed_packs(tmp_path: Path, body: str, weights: str, expected: str) -> None:
    problems = _problems(tmp_path, body, weights)
    assert any(expected in p for p in problems), problems
    assert all(p.startswith(str(tmp_path / "pack")) for p in problems), problems


def test_a_lexicon_in_the_pack_folder_is_found(tmp_path: Path) -> None:
    body = (RULE.replace("[rule.params]\npatterns = ['^\\s*for immediate release\\b']",
                         '[rule.params]\nlexicons = ["mine.txt"]').replace('"pattern"',
                                                                           '"phrase"'))
    folder = _pack(tmp_path, body)
    (folder / "lexicons").mkdir()
    (folder / "lexicons" / "mine.txt").write_text("# ours\nfor immediate release\n")
    checker = Checker(Config(packs=[str(folder)]))
    report = checker.check_text("For immediate release: the council met on Monday.\n")
    assert "NR101" in {f.rule_id for f in report.findings}


def test_cli_prints_each_pack_problem_on_its_own_line(tmp_path: Path) -> None:
    body = (RULE.replace('severity = "warning"', 'severity = "critical"')
            .replace('name = "press-release"', 'name = "Press Release"'))
    folder = _pack(tmp_path, body)
    article = tmp_path / "a.txt"
    article.write_text("The council met on Monday.\n")
    result = runner.invoke(app, ["check", "--rules", str(folder), str(article)])
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 2 and all(line.startswith("credscore: ") for line in lines)
    assert "Traceback" not in result.output
    missing = runner.invoke(app, ["check", "--rules", str(tmp_path / "nope"), str(article)])
    assert missing.exit_code == 2 and "no such rule pack folder or file" in missing.output

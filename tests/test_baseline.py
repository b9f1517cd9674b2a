"""Baselines as a team adopting credscore on an existing archive uses them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import credscore
from credscore.baseline import fingerprints, load, normalise
from credscore.cli import app
from credscore.packs import find_rule

runner = CliRunner()

VAGUE = find_rule("AT101").bad_examples  # each fires AT101 (checked by test_rules_examples)
INTRO = ("The council met on Tuesday in Leeds and approved a budget of 4.2 million pounds for the "
         "coming year, finance chief Mary Jones told the meeting.")
EXTRA = ("Road repairs will take 1.1 million pounds of the total, the council's published "
         "accounts show.")
OLD_ARTICLE = f"# Budget\n\n{INTRO}\n\n{VAGUE[0]}\n\nThe vote was 31 to 12.\n"


def run(*args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(app, list(args))


@pytest.fixture()
def archive(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "old.md").write_text(OLD_ARTICLE, encoding="utf-8")
    (tmp_path / "articles" / "clean.md").write_text(f"{INTRO}\n\n{EXTRA}\n", encoding="utf-8")
    result = run("baseline", "write", "articles", "--output", "credscore-baseline.json")
    assert result.exit_code == 0, result.output
    return tmp_path


def test_baseline_file_records_findings_and_scores(archive: Path) -> None:
    data = json.loads((archive / "credscore-baseline.json").read_text(encoding="utf-8"))
    assert data["credscore_baseline"] == 1 and data["rules_hash"]
    old = data["files"]["articles/old.md"]
    assert old["score"] < 100 and any(f["rule_id"] == "AT101" for f in old["findings"])
    assert all(len(f["fingerprint"]) == 24 for f in old["findings"])
    assert "line" in old["findings"][0]  # for people reading the file; not in the fingerprint


def test_unchanged_archive_passes_with_nothing_to_report(archive: Path) -> None:
    plain = run("check", "--fail-on", "warning", "articles")
    assert plain.exit_code == 1  # the old article trips the gate without a baseline
    result = run("check", "--baseline", "credscore-baseline.json", "--format", "json",
                 "articles")
    assert result.exit_code == 0, result.output
    reports = json.loads(result.stdout)["reports"]
    assert all(r["findings"] == [] for r in reports)
    old = next(r for r in reports if r["path"].endswith("old.md"))
    assert old["metrics"]["baseline"]["unchanged"] > 0 and old["metrics"]["baseline"]["new"] == 0


def test_baseline_survives_unrelated_edits_elsewhere_in_the_file(archive: Path) -> None:
    path = archive / "articles" / "old.md"
    edited = OLD_ARTICLE.replace(f"{INTRO}\n", f"{EXTRA}\n\n{INTRO}\n\nA new paragraph on the "
                                 "tram line, which opens in 2027, was added by the desk.\n")
    edited = edited.replace(VAGUE[0], VAGUE[0].replace(" ", "  ", 1))  # re-spaced, same words
    path.write_text(edited + "\nUpdated at 10:40 with the vote count.\n", encoding="utf-8")
    result = run("check", "--baseline", "credscore-baseline.json", "--format", "json",
                 "--fail-on", "warning", str(path))
    report = json.loads(result.stdout)["reports"][0]
    assert report["findings"] == [] and result.exit_code == 0, report["findings"]
    assert report["metrics"]["baseline"]["fixed"] == 0


def test_new_finding_is_reported_alone_and_fails(archive: Path) -> None:
    path = archive / "articles" / "old.md"
    path.write_text(OLD_ARTICLE + f"\n{VAGUE[1]}\n", encoding="utf-8")
    result = run("check", "--baseline", "credscore-baseline.json", "--format", "json",
                 str(path))
    assert result.exit_code == 1
    report = json.loads(result.stdout)["reports"][0]
    assert report["findings"] and all(f["sentence"] in VAGUE[1] or VAGUE[1] in f["sentence"]
                                      or f["evidence"] in VAGUE[1] for f in report["findings"])
    assert report["metrics"]["baseline"]["new"] == len(report["findings"])
    # text output names the comparison
    text = run("check", "--no-color", "--baseline", "credscore-baseline.json", str(path))
    assert text.exit_code == 1 and "new" in text.output and "unchanged" in text.output


def test_score_regression_fails_and_fixes_pass(archive: Path) -> None:
    baseline = load(archive / "credscore-baseline.json")
    old_score = baseline.files["articles/old.md"].score
    path = archive / "articles" / "old.md"
    # fixing the flagged sentence: nothing new, score up, passes
    path.write_text(OLD_ARTICLE.replace(VAGUE[0], EXTRA), encoding="utf-8")
    result = run("check", "--baseline", "credscore-baseline.json", "--format", "json", str(path))
    report = json.loads(result.stdout)["reports"][0]
    assert result.exit_code == 0 and report["score"] >= old_score
    assert report["metrics"]["baseline"]["fixed"] >= 1
    # a lower score than recorded fails even when only info-level findings are new
    (archive / "low.json").write_text(
        (archive / "credscore-baseline.json").read_text(encoding="utf-8").replace(
            f'"score": {old_score}', '"score": 100'), encoding="utf-8")
    path.write_text(OLD_ARTICLE, encoding="utf-8")
    result = run("check", "--baseline", "low.json", str(path))
    assert result.exit_code == 1


def test_new_file_is_judged_by_the_normal_bar(archive: Path) -> None:
    new = archive / "articles" / "new.md"
    new.write_text(f"{INTRO}\n\n{EXTRA}\n", encoding="utf-8")
    assert run("check", "--baseline", "credscore-baseline.json", str(new)).exit_code == 0
    new.write_text(f"{INTRO}\n\n{VAGUE[0]}\n", encoding="utf-8")
    result = run("check", "--baseline", "credscore-baseline.json", "--format", "json", str(new))
    assert result.exit_code == 1
    assert json.loads(result.stdout)["reports"][0]["metrics"]["baseline"]["in_baseline"] is False


def test_baseline_paths_do_not_depend_on_the_working_directory(
    archive: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(archive / "articles")
    result = run("check", "--baseline", "../credscore-baseline.json", "--format", "json",
                 "old.md")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["reports"][0]["findings"] == []


def test_bad_baseline_files_are_one_line_exit_2(archive: Path) -> None:
    result = run("check", "--baseline", "missing.json", "articles")
    assert result.exit_code == 2 and "missing.json" in result.output
    (archive / "bad.json").write_text("{not json", encoding="utf-8")
    result = run("check", "--baseline", "bad.json", "articles")
    assert result.exit_code == 2 and "not a credscore baseline" in result.output
    assert result.output.strip().count("\n") == 0


def test_fingerprints_ignore_position_but_not_content() -> None:
    text = f"{INTRO}\n\n{VAGUE[0]}\n"
    first = credscore.check_text(text)
    moved = credscore.check_text(f"{EXTRA}\n\n\n{text}")
    fp_a = dict(zip(fingerprints(first.findings), (f.rule_id for f in first.findings)))
    fp_b = dict(zip(fingerprints(moved.findings), (f.rule_id for f in moved.findings)))
    at_a = {fp for fp, rule in fp_a.items() if rule == "AT101"}
    assert at_a and at_a <= set(fp_b)
    changed = credscore.check_text(text.replace("energy prices", "water bills"))
    if any(f.rule_id == "AT101" for f in changed.findings):
        assert not (at_a & set(fingerprints(changed.findings)))
    # the same finding twice in one article: two fingerprints
    twice = credscore.check_text(f"{VAGUE[0]}\n\n{VAGUE[0]}\n")
    fps = [fp for fp, f in zip(fingerprints(twice.findings), twice.findings)
           if f.rule_id == "AT101"]
    assert len(fps) == len(set(fps)) >= 2
    assert normalise("It\u2019s  \u201cBig\u201d\n\u2014 ok") == "it's \"big\" - ok"


def test_adding_text_above_keeps_article_level_findings(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    # FL105 (padding share) points at the first sentence; a new first sentence must not make
    # the article-level verdict "new".
    monkeypatch.chdir(tmp_path)
    seed = Path(__file__).resolve().parent.parent / "seeds" / "ai-security-slots-insertion.txt"
    article = tmp_path / "a.txt"
    article.write_text(seed.read_text(encoding="utf-8"), encoding="utf-8")
    assert run("baseline", "write", "a.txt", "--output", "b.json").exit_code == 0
    before = json.loads(run("check", "--format", "json", "a.txt").stdout)["reports"][0]
    assert any(f["rule_id"] == "FL105" for f in before["findings"])
    article.write_text("Updated on 3 March with a correction from the editor, Ann Lee.\n\n"
                       + seed.read_text(encoding="utf-8"), encoding="utf-8")
    result = run("check", "--baseline", "b.json", "--format", "json", "a.txt")
    report = json.loads(result.stdout)["reports"][0]
    assert report["metrics"]["baseline"]["new"] == 0, report["findings"]
    assert result.exit_code == 0


def test_baseline_write_never_overwrites_an_article(archive: Path) -> None:
    article = archive / "articles" / "old.md"
    result = run("baseline", "write", "articles", "--output", str(article))
    assert result.exit_code == 2
    assert "not a credscore baseline; refusing to overwrite" in result.output
    assert article.read_text(encoding="utf-8") == OLD_ARTICLE


def test_baseline_write_replaces_an_existing_baseline(archive: Path) -> None:
    result = run("baseline", "write", "articles", "--output", "credscore-baseline.json")
    assert result.exit_code == 0, result.output
    assert load(archive / "credscore-baseline.json").files

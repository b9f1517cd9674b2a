"""The rough edges a newcomer hit (issue 19), one test each."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

import credscore
from credscore.api import Checker, iter_files
from credscore.audit.runner import AuditOptions, run_audit
from credscore.cli import app
from credscore.config import Config
from credscore.packs import default_rules, first_sentence

from .conftest import ROOT, SEEDS

runner = CliRunner()


# --- the demo: a folder of 2 articles and 2 symlinks to them --------------------------------


def test_folder_walk_scores_real_names_and_lists_the_symlinks() -> None:
    aliases: list[tuple[str, str]] = []
    names = [p.name for p in iter_files([SEEDS], aliases=aliases)]
    assert names == ["ai-security-slots-insertion.txt", "crypto-news-distillation.txt"]
    assert sorted(Path(a).name for a, _ in aliases) == [
        "000_791fd88e028f9a09.txt", "003_e0cf293beb21d17e.txt"]
    assert dict((Path(a).name, Path(t).name) for a, t in aliases)[
        "003_e0cf293beb21d17e.txt"] == "ai-security-slots-insertion.txt"


def test_the_demo_says_what_it_did_with_four_files() -> None:
    result = runner.invoke(app, ["check", "--no-color", str(SEEDS)])
    out = result.output
    assert result.exit_code == 0
    assert "2 articles scored, 0 failed" in out
    assert "2 symlinks to an article already scored under its own name" in out
    assert "000_791fd88e028f9a09.txt -> " in out and "003_e0cf293beb21d17e.txt -> " in out
    # the reports carry the articles' own names
    assert re.search(r"^\S*ai-security-slots-insertion\.txt\s+score", out, re.M)


def test_a_symlink_named_on_the_command_line_keeps_its_name() -> None:
    result = runner.invoke(app, ["check", "--format", "json",
                                 str(SEEDS / "003_e0cf293beb21d17e.txt")])
    assert json.loads(result.output)["reports"][0]["path"].endswith("003_e0cf293beb21d17e.txt")


def test_a_symlink_to_a_file_outside_the_folder_is_checked(tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere.txt"
    outside.write_text("The council approved the budget on Monday by 31 votes to 12, the mayor "
                       "said.\n")
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "link.txt").symlink_to(outside)
    (folder / "loop.txt").symlink_to(folder / "loop.txt")  # a symlink loop: a failure row
    aliases: list[tuple[str, str]] = []
    walked = list(iter_files([folder], aliases=aliases))
    assert [Path(getattr(p, "path", p)).name for p in walked] == ["link.txt", "loop.txt"]
    assert aliases == []
    items = list(Checker(Config()).check_paths([folder]))
    assert items[0].path.endswith("link.txt") and items[0].score is not None
    assert "loop.txt" in items[1].error and "\n" not in items[1].error


def test_audit_notes_the_symlinks(tmp_path: Path) -> None:
    result = run_audit([str(SEEDS)], Config(), AuditOptions(jobs=1))
    assert result.summary.total == 2
    assert any("symlink(s)" in note and "not audited again" in note for note in result.notes)


# --- explain and the rule descriptions ------------------------------------------------------


def test_explain_prints_whole_examples() -> None:
    rule = next(r for r in default_rules() if max(map(len, r.bad_examples)) > 400)
    longest = max(rule.bad_examples, key=len)
    out = runner.invoke(app, ["explain", rule.id], env={"COLUMNS": "100"}).output
    assert " ".join(out.split()).count(" ".join(longest.split())) == 1


@pytest.mark.parametrize(("text", "first"), [
    ('A site slogan ("Not Just Crypto News. It\'s Crypto Culture."). More.',
     'A site slogan ("Not Just Crypto News. It\'s Crypto Culture.")'),
    ('Footers: "The post ... appeared first on ...", "Read More". Then.',
     'Footers: "The post ... appeared first on ...", "Read More"'),
    ("Scripts (Thai...) in Latin text. More.", "Scripts (Thai...) in Latin text"),
    ("Ids, e.g. SP101, in order. More.", "Ids, e.g. SP101, in order"),
    ("One sentence only.", "One sentence only"),
    ("Is it a question? Yes.", "Is it a question?"),
])
def test_first_sentence_ignores_periods_inside_quotes(text: str, first: str) -> None:
    assert first_sentence(text) == first


def test_readme_and_points_table_descriptions_are_whole_sentences() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for rule in default_rules():
        summary = rule.summary
        assert summary.count('"') % 2 == 0 and summary.count("(") == summary.count(")"), summary
        assert f"| {summary.replace('|', chr(92) + '|')}. |" in readme, rule.id


# --- baseline view --------------------------------------------------------------------------


def test_baseline_view_says_known_findings_are_counted(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_bytes((SEEDS / "ai-security-slots-insertion.txt").read_bytes())
    base = tmp_path / "b.json"
    assert runner.invoke(app, ["baseline", "write", str(article), "-o", str(base)]).exit_code == 0
    out = runner.invoke(app, ["check", "--no-color", "--baseline", str(base), str(article)]).output
    assert "no findings" not in out.replace("no new findings", "")
    assert re.search(r"no new findings \(\d+ known from the baseline", out)
    score = credscore.check_path(article).score
    assert f"= {score} score" in out and " base " in out  # the points table still explains it


# --- the HTML dashboard's filter ------------------------------------------------------------


def test_dashboard_filter_sees_every_rule_of_an_article(tmp_path: Path) -> None:
    from credscore.audit.rows import RowInfo
    from credscore.render.html import HtmlCollector
    from credscore.render.summary import AuditSummary

    rules = tuple((rid, "r", "f") for rid in
                  ("AT101", "AT101", "FL101", "FL101", "AT105", "SP101", "PR106"))
    info = RowInfo("a.txt", 20, "F", "en", 500, rules, None, None)
    collector = HtmlCollector()
    collector.add(info, json.dumps({"path": "a.txt", "findings": []}))
    summary = AuditSummary()
    summary.add(info)
    row = collector.data(summary, {})["articles"][0]
    assert len(row[6].split()) == 3  # the "top rules" column
    assert set(row[8].split()) == {"AT101", "FL101", "AT105", "SP101", "PR106"}
    from credscore.render.html import render_page

    page = render_page(summary, collector.data(summary, {}))
    assert 'r[3] + " " + r[8]' in page


# --- progress -------------------------------------------------------------------------------


def test_progress_shows_the_census_with_a_known_total(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    import credscore.audit.runner as audit

    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(4):
        (folder / f"a{i}.txt").write_text(f"Story {i}. The mayor said the budget passed.\n")
    tasks: list[tuple[str, object]] = []
    made = audit._make_progress

    def recorded(total):  # type: ignore[no-untyped-def]
        progress = made(total)
        progress.live.console = Console(file=io.StringIO())
        add = progress.add_task

        def add_task(description, total=None, **kw):  # type: ignore[no-untyped-def]
            tasks.append((description.strip(), total))
            return add(description, total=total, **kw)

        progress.add_task = add_task
        return progress

    monkeypatch.setattr(audit, "_make_progress", recorded)
    run_audit([str(folder)], Config(boilerplate_min_files=2), AuditOptions(jobs=1, progress=True))
    assert tasks == [("auditing", 4), ("reading", 4)]  # no "census 0/?" bar


# --- make demo ------------------------------------------------------------------------------


def test_make_demo_installs_only_the_runtime_dependencies(tmp_path: Path) -> None:
    make = subprocess.run(["make", "-n", "demo", f"VENV={tmp_path / 'venv'}"], cwd=ROOT,
                          capture_output=True, text=True)
    if make.returncode == 127 or "not found" in make.stderr:
        pytest.skip("make is not installed")
    assert make.returncode == 0, make.stderr
    installs = [line for line in make.stdout.splitlines() if "pip install" in line]
    assert any(line.rstrip().endswith("-e .") for line in installs), make.stdout
    assert not any("[dev]" in line or "dask" in line for line in installs), make.stdout
    assert "credscore check seeds/" in make.stdout


def test_pre_commit_hook_skips_files_that_are_not_articles() -> None:
    yaml = pytest.importorskip("yaml")
    identify = pytest.importorskip("identify.identify")
    hook = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())[0]
    exclude = re.compile(hook["exclude"])

    def selected(path: str) -> bool:
        tags = identify.tags_from_filename(path)
        return bool(tags & set(hook["types_or"])) and not exclude.search(path)

    for path in ("requirements.txt", "requirements-dev.txt", "LICENSE.txt", "CHANGELOG.md",
                 "robots.txt", "pkg.egg-info/SOURCES.txt", "constraints.txt"):
        assert not selected(path), path
    for path in ("drafts/story.txt", "news/licensing-deal.md", "index.html", "a/b/c.markdown"):
        assert selected(path), path
    assert os.path.exists(ROOT / ".pre-commit-hooks.yaml")

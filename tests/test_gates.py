"""Pre-publish gates as a newsroom runs them: exit codes, CI formats, changed-only, CMS use."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from credscore.cli import app
from credscore.packs import find_rule
from credscore.render import OutputFormat
from credscore.render.csv import FIELDS, report_rows

from .conftest import CRYPTO_SEED, SLOTS_SEED

runner = CliRunner()
VAGUE = find_rule("AT101").bad_examples[0]
CLEAN = ("The central bank raised its main interest rate to 5.25% on Thursday, the ninth rise in "
         "a row. Governor Andrew Bailey said inflation remained too high. \"We will do what is "
         "necessary,\" he told reporters in London.\n")


def run(*args: str, input: str | None = None):  # type: ignore[no-untyped-def]
    return runner.invoke(app, list(args), input=input)


# --- exit codes: 0 pass, 1 gate tripped, 2 unreadable input or usage error -----------------

def test_exit_code_table(tmp_path: Path) -> None:
    spam = str(SLOTS_SEED)  # has an error-level SP101 finding and scores low
    assert run("check", spam).exit_code == 0  # no gate: report only
    assert run("check", "--fail-on", "error", spam).exit_code == 1
    assert run("check", "--fail-under", "95", spam).exit_code == 1
    assert run("check", "--fail-under", "0", "--fail-on", "error", "--select", "filler",
               spam).exit_code == 0
    missing = tmp_path / "missing.md"
    result = run("check", "--fail-on", "error", spam, str(missing))
    assert result.exit_code == 2  # unreadable input beats a tripped gate
    assert run("check", "--fail-on", "fatal", spam).exit_code == 2


def test_gates_from_configuration(tmp_path: Path) -> None:
    (tmp_path / ".credscore.toml").write_text('fail_under = 95\n', encoding="utf-8")
    article = tmp_path / "a.txt"
    article.write_text(SLOTS_SEED.read_text(encoding="utf-8"), encoding="utf-8")
    assert run("check", str(article)).exit_code == 1
    (tmp_path / ".credscore.toml").write_text('fail_on = "error"\nselect = ["filler"]\n',
                                              encoding="utf-8")
    assert run("check", str(article)).exit_code == 0


def test_every_output_format_is_accepted() -> None:
    for fmt in OutputFormat:
        result = run("check", "--format", fmt.value, str(CRYPTO_SEED))
        assert result.exit_code == 0, (fmt, result.output)
        assert result.stdout.strip()


# --- github workflow commands --------------------------------------------------------------

def test_github_annotations(tmp_path: Path) -> None:
    article = tmp_path / "story, part 1.md"  # a comma must be escaped in the file property
    article.write_text(f"# Title\n\n{CLEAN}\n<!-- credscore-disable-next-line AT101 -->\n{VAGUE}"
                       f"\n\n{VAGUE}\n", encoding="utf-8")
    result = run("check", "--format", "github", "--select", "attribution", str(article))
    lines = result.stdout.strip().splitlines()
    warnings = [line for line in lines if line.startswith("::warning ")]
    assert len(warnings) >= 1 and lines[-1].startswith("::notice ")
    assert "suppressed" in lines[-1] and "score" in lines[-1]
    first = warnings[0]
    props, message = first[len("::warning "):].split("::", 1)
    fields = dict(p.split("=", 1) for p in props.split(","))
    assert fields["file"].endswith("story%2C part 1.md")
    assert int(fields["line"]) == 8  # the unsuppressed copy, not the one under the marker
    assert int(fields["col"]) == 1 and int(fields["endColumn"]) > 1
    assert fields["title"].startswith("credscore AT101")
    assert "\n" not in message and VAGUE.split()[0] in message  # the evidence is quoted


def test_github_failure_line(tmp_path: Path) -> None:
    result = run("check", "--format", "github", str(tmp_path / "gone.md"))
    assert result.exit_code == 2
    assert result.stdout.startswith("::error file=") and "gone.md" in result.stdout


# --- csv -----------------------------------------------------------------------------------

def test_csv_rows(tmp_path: Path) -> None:
    clean = tmp_path / "clean.txt"
    clean.write_text(CLEAN, encoding="utf-8")
    formula = tmp_path / "formula.txt"
    formula.write_text(f"=HYPERLINK(\"x\") {VAGUE}\n", encoding="utf-8")
    result = run("check", "--format", "csv", str(SLOTS_SEED), str(clean), str(formula))
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert tuple(rows[0].keys()) == FIELDS
    seed_rows = [r for r in rows if r["path"] == str(SLOTS_SEED)]
    assert any(r["rule_id"] == "SP101" and r["severity"] == "error" for r in seed_rows)
    assert len({(r["score"], r["grade"]) for r in seed_rows}) == 1
    clean_rows = [r for r in rows if r["path"] == str(clean)]
    assert len(clean_rows) >= 1 and clean_rows[0]["score"]
    assert not any(r[k].startswith("=") for r in rows for k in ("evidence", "message", "path"))


def test_csv_function_api() -> None:
    import credscore

    report = credscore.check_path(SLOTS_SEED)
    rows = report_rows(report)
    assert len(rows) == len(report.findings) and set(rows[0]) == set(FIELDS)


# --- markdown --------------------------------------------------------------------------------

def test_markdown_report_escapes_article_text(tmp_path: Path) -> None:
    article = tmp_path / "pipes.md"
    article.write_text(f"{VAGUE.replace('new', 'new | odd')}\n", encoding="utf-8")
    result = run("check", "--format", "markdown", str(article), str(SLOTS_SEED))
    out = result.stdout
    assert out.startswith("# credscore report")
    assert "| article | score | grade |" in out and "SP101" in out
    table_rows = [line for line in out.splitlines()
                  if re.match(r"\| \d+:\d+ \|", line) and "AT101" in line]
    assert table_rows
    header_cells = out.splitlines()[out.splitlines().index(
        "| where | severity | rule | flagged text | message | pts |")].count(" | ")
    assert all(row.replace("\\|", "").count(" | ") == header_cells for row in table_rows)


# --- CMS: text on stdin, JSON out, exit code as the verdict ---------------------------------

def test_cms_stdin_json_exit_code() -> None:
    ok = run("check", "-", "--stdin-format", "txt", "--stdin-name", "cms/draft-17",
             "--format", "json", "--fail-under", "60", input=CLEAN)
    assert ok.exit_code == 0
    report = json.loads(ok.stdout)["reports"][0]
    assert report["path"] == "cms/draft-17" and report["score"] >= 60
    bad = run("check", "-", "--format", "json", "--fail-on", "error",
              input=SLOTS_SEED.read_text(encoding="utf-8"))
    assert bad.exit_code == 1 and json.loads(bad.stdout)["reports"][0]["findings"]


# --- changed-only, in a real git repository -----------------------------------------------

def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True,
                          text=True).stdout


@pytest.fixture()
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    for key, value in (("GIT_AUTHOR_NAME", "t"), ("GIT_AUTHOR_EMAIL", "t@example.org"),
                       ("GIT_COMMITTER_NAME", "t"), ("GIT_COMMITTER_EMAIL", "t@example.org"),
                       ("GIT_CONFIG_GLOBAL", "/dev/null"), ("GIT_CONFIG_NOSYSTEM", "1")):
        monkeypatch.setenv(key, value)
    git(tmp_path, "init", "-q", "-b", "main")
    (tmp_path / "articles").mkdir()
    for name in ("a.md", "b.md", "c.html", "gone.md"):
        (tmp_path / "articles" / name).write_text(CLEAN, encoding="utf-8")
    (tmp_path / "notes.py").write_text("print(1)\n", encoding="utf-8")
    (tmp_path / ".gitignore").write_text("ignored.md\n", encoding="utf-8")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "archive")
    return tmp_path


def checked(result) -> list[str]:  # type: ignore[no-untyped-def]
    return sorted(Path(r["path"]).as_posix() for r in json.loads(result.stdout)["reports"])


def test_changed_since_checks_only_changed_files(repo: Path) -> None:
    result = run("check", "--changed-since", "HEAD", "--format", "json", ".")
    assert result.exit_code == 0 and checked(result) == []
    assert "no article changed" in result.stderr

    (repo / "articles" / "a.md").write_text(CLEAN + "\nUpdated.\n", encoding="utf-8")  # unstaged
    (repo / "articles" / "new.md").write_text(CLEAN, encoding="utf-8")  # untracked
    (repo / "ignored.md").write_text(CLEAN, encoding="utf-8")  # git-ignored
    (repo / "notes.py").write_text("print(2)\n", encoding="utf-8")  # not an article
    git(repo, "rm", "-q", "articles/gone.md")  # deleted: nothing to check
    (repo / "articles" / "c.html").write_text(f"<p>{CLEAN}</p>", encoding="utf-8")
    git(repo, "add", "articles/c.html")  # staged
    result = run("check", "--changed-since", "HEAD", "--format", "json", ".")
    assert result.exit_code == 0, result.output
    assert checked(result) == ["articles/a.md", "articles/c.html", "articles/new.md"]

    # committed changes count against an older ref; folder and file arguments narrow the set
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "edits")
    (repo / "articles" / "b.md").write_text(CLEAN + "\nLater.\n", encoding="utf-8")
    result = run("check", "--changed-since", "HEAD~1", "--format", "json", "articles")
    assert checked(result) == ["articles/a.md", "articles/b.md", "articles/c.html",
                               "articles/new.md"]
    result = run("check", "--changed-since", "HEAD", "--format", "json", "articles/a.md",
                 "articles/b.md")
    assert checked(result) == ["articles/b.md"]
    result = run("check", "--changed-since", "HEAD~1...HEAD", "--format", "json", "articles")
    assert checked(result) == ["articles/a.md", "articles/c.html", "articles/new.md"]


def test_changed_since_gate_and_errors(repo: Path, tmp_path_factory: pytest.TempPathFactory
                                       ) -> None:
    (repo / "articles" / "a.md").write_text(SLOTS_SEED.read_text(encoding="utf-8"),
                                            encoding="utf-8")
    assert run("check", "--changed-since", "HEAD", "--fail-on", "error", ".").exit_code == 1
    result = run("check", "--changed-since", "no-such-ref", ".")
    assert result.exit_code == 2 and "no-such-ref" in result.output
    assert result.output.strip().count("\n") == 0
    outside = tmp_path_factory.mktemp("not-a-repo")
    (outside / "x.md").write_text(CLEAN, encoding="utf-8")
    result = run("check", "--changed-since", "HEAD", str(outside / "x.md"))
    assert result.exit_code == 2 and "git" in result.output

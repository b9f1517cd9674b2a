"""The command line as a user runs it: exit codes, formats, one-line errors, batches, stdin."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

import credscore
from credscore.cli import app

from .conftest import CRYPTO_SEED, SLOTS_SEED

runner = CliRunner()

CLEAN = ("The central bank raised its main interest rate to 5.25% on Thursday, the ninth rise in "
         "a row. Governor Andrew Bailey said inflation remained too high. \"We will do what is "
         "necessary,\" he told reporters in London.\n")


def run(*args: str, input: str | bytes | None = None):  # type: ignore[no-untyped-def]
    return runner.invoke(app, list(args), input=input)


def test_version_rules_and_explain() -> None:
    assert run("--version").output.startswith("credscore ")
    result = run("rules")
    assert result.exit_code == 0 and "SP101" in result.output and "AT101" in result.output
    result = run("explain", "SP101")
    assert result.exit_code == 0
    assert "What it flags" in result.output and "Why it matters" in result.output
    result = run("explain", "vague-attribution")
    assert result.exit_code == 0 and "AT101" in result.output


def test_explain_unknown_rule_is_one_line_exit_2() -> None:
    result = run("explain", "XX999")
    assert result.exit_code == 2
    assert result.output.strip().count("\n") == 0 and "XX999" in result.output


def test_text_report_shows_score_findings_and_points_table() -> None:
    result = run("check", "--no-color", str(SLOTS_SEED))
    assert result.exit_code == 0
    out = result.output
    assert "score" in out and "grade" in out and "readability" in out
    assert "SP101" in out and "spam" in out and "pts" in out
    # the points table: the base, signed feature lines, and the score they add up to
    assert "base" in out and "padding_share" in out
    report = credscore.check_path(SLOTS_SEED)
    assert f"= {report.score} score" in out


def test_json_shape(tmp_path: Path) -> None:
    result = run("check", "--format", "json", str(SLOTS_SEED), str(CRYPTO_SEED))
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert data["schema_version"] == 2
    assert set(data) == {"schema_version", "credscore_version", "rules_hash", "reports",
                         "failures"}
    report = data["reports"][0]
    assert set(report) == {"path", "score", "grade", "language", "word_count", "findings",
                           "reasons", "metrics", "assessed", "not_assessed"}
    finding = report["findings"][0]
    assert {"rule_id", "rule", "family", "severity", "message", "start", "end", "line",
            "column", "evidence", "sentence", "penalty"} <= set(finding)
    text = SLOTS_SEED.read_text(encoding="utf-8")
    for f in report["findings"]:
        assert text[f["start"] : f["end"]] == f["evidence"]
    assert report["reasons"][0]["kind"] == "base"
    assert {"key", "kind", "family", "points", "description"} <= set(report["reasons"][1])
    exact = sum(r["points"] for r in report["reasons"])  # base + signed lines
    assert abs(max(0, min(100, exact)) - report["score"]) <= 0.5


def test_jsonl_streams_one_object_per_input() -> None:
    result = run("check", "--format", "jsonl", str(SLOTS_SEED), str(CRYPTO_SEED))
    lines = [json.loads(line) for line in result.output.splitlines()]
    assert [Path(r["path"]).name for r in lines] == [SLOTS_SEED.name, CRYPTO_SEED.name]


def test_bad_file_inside_a_batch_is_reported_and_others_are_scored(tmp_path: Path) -> None:
    good = tmp_path / "a_good.txt"
    good.write_text(CLEAN, encoding="utf-8")
    bad = tmp_path / "b_bad.txt"
    bad.write_bytes("Caf\xe9 au lait costs more this year than last.".encode("latin-1"))
    empty = tmp_path / "c_empty.md"
    empty.write_text("", encoding="utf-8")
    result = run("check", "--format", "jsonl", str(tmp_path))
    assert result.exit_code == 2
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [("error" in r) for r in rows] == [False, True, False]
    assert rows[2]["assessed"] is False and rows[2]["score"] is None  # empty: not assessed
    assert rows[1]["error"].startswith(f"{bad}: not UTF-8")
    assert bad.read_bytes().startswith(b"Caf\xe9")  # nothing a user gave is changed


def test_missing_path_is_exit_2_with_one_line() -> None:
    result = run("check", "--no-color", "does/not/exist.txt")
    assert result.exit_code == 2
    assert "does/not/exist.txt: no such file or directory" in result.output
    assert "Traceback" not in result.output


def test_fail_under_and_fail_on_gates(tmp_path: Path) -> None:
    score = credscore.check_path(SLOTS_SEED).score
    assert run("check", "--fail-under", "50", str(SLOTS_SEED)).exit_code == 1
    assert run("check", "--fail-under", str(score), str(SLOTS_SEED)).exit_code == 0
    assert run("check", "--fail-on", "error", str(SLOTS_SEED)).exit_code == 1
    clean = tmp_path / "clean.txt"
    clean.write_text(CLEAN, encoding="utf-8")
    assert run("check", "--fail-on", "warning", "--fail-under", "80", str(clean)).exit_code == 0


def test_usage_errors_exit_2() -> None:
    assert run("check", "--format", "yaml", str(SLOTS_SEED)).exit_code == 2
    assert run("check", "--min-severity", "loud", str(SLOTS_SEED)).exit_code == 2
    assert run("check").exit_code == 2


def test_stdin_with_format_and_name() -> None:
    html = "<html><body><article><p>" + CLEAN + "</p></article></body></html>"
    result = run("check", "-", "--stdin-format", "html", "--stdin-name", "cms-draft.html",
                 "--format", "json", input=html)
    assert result.exit_code == 0
    report = json.loads(result.output)["reports"][0]
    assert report["path"] == "cms-draft.html" and report["metrics"]["format"] == "html"


def test_select_ignore_and_min_severity() -> None:
    result = run("check", "--format", "json", "--select", "spam", str(SLOTS_SEED))
    families = {f["family"] for f in json.loads(result.output)["reports"][0]["findings"]}
    assert families == {"spam"}
    result = run("check", "--format", "json", "--min-severity", "warning", str(SLOTS_SEED))
    severities = {f["severity"] for f in json.loads(result.output)["reports"][0]["findings"]}
    assert "info" not in severities


def test_config_file_is_found_and_flags_win(tmp_path: Path) -> None:
    (tmp_path / ".credscore.toml").write_text('ignore = ["spam"]\nfail_under = 99\n')
    article = tmp_path / "a.txt"
    article.write_text(SLOTS_SEED.read_text(encoding="utf-8"), encoding="utf-8")
    result = run("check", "--format", "json", str(article))
    assert result.exit_code == 1  # fail_under from config
    report = json.loads(result.stdout)["reports"][0]
    assert "exit 1: 1 article scored below --fail-under 99" in result.stderr
    assert not any(f["family"] == "spam" for f in report["findings"])
    assert run("check", "--fail-under", "0", str(article)).exit_code == 0


def test_bad_config_is_one_line_exit_2(tmp_path: Path) -> None:
    (tmp_path / ".credscore.toml").write_text('min_severity = "loud"\n')
    article = tmp_path / "a.txt"
    article.write_text(CLEAN, encoding="utf-8")
    result = run("check", str(article))
    assert result.exit_code == 2
    assert ".credscore.toml" in result.output and "Traceback" not in result.output


def test_folder_walk_include_exclude_and_symlink_dedupe(tmp_path: Path) -> None:
    (tmp_path / "keep.md").write_text(CLEAN, encoding="utf-8")
    (tmp_path / "skip.txt").write_text(CLEAN, encoding="utf-8")
    (tmp_path / "data.csv").write_text("a,b\n", encoding="utf-8")
    (tmp_path / "alias.md").symlink_to(tmp_path / "keep.md")
    result = run("check", "--format", "jsonl", "--exclude", "skip.*", str(tmp_path))
    names = [Path(json.loads(line)["path"]).name for line in result.output.splitlines()]
    assert names == ["alias.md"] or names == ["keep.md"]


def test_text_format_errors_use_the_same_prefix_as_the_others(tmp_path: Path) -> None:
    bad = tmp_path / "latin1.txt"
    bad.write_bytes("Caf\xe9 au lait costs more this year than last.".encode("latin-1"))
    result = run("check", "--no-color", str(bad))
    assert result.exit_code == 2
    assert result.output.startswith(f"credscore: {bad}: not UTF-8")


def test_a_folder_with_no_articles_is_an_error_not_a_pass(tmp_path: Path) -> None:
    (tmp_path / "notes.docx").write_bytes(b"PK\x03\x04")
    result = run("check", "--fail-under", "60", str(tmp_path))
    assert result.exit_code == 2
    assert "no articles found" in result.output and "--include" in result.output


def test_rules_piped_is_one_full_tab_separated_line_per_rule() -> None:
    from credscore.packs import default_rules

    lines = run("rules").stdout.splitlines()
    assert lines[0].split("\t") == ["id", "name", "family", "kind", "severity", "feeds"]
    names = {line.split("\t")[1] for line in lines[1:]}
    assert names == {r.name for r in default_rules()}  # never cut to a terminal width

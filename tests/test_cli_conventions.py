"""The conventions users of ruff and Vale expect: concise output, statistics, explain --all,
the reason behind exit code 1, allowed values in --help, plain output when piped, fixes."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

import credscore
from credscore.analyse.sourcemap import SOURCE_MAP_KEY
from credscore.api import Checker
from credscore.cli import app
from credscore.load import parse_text
from credscore.packs import default_rules
from credscore.render.concise import finding_line
from credscore.render.sarif import sarif_log

from .conftest import CRYPTO_SEED, SLOTS_SEED
from .test_html_sourcemap import PAGE, VAGUE_END, VAGUE_START, line_col
from .test_sarif import assert_valid

runner = CliRunner()
CLEAN = ("The central bank raised its main interest rate to 5.25% on Thursday, the ninth rise "
         "in a row. Governor Andrew Bailey said inflation remained too high.\n")
CONCISE = re.compile(r"^(?P<path>[^:]+):(?P<line>\d+):(?P<col>\d+): (?P<rule>[A-Z]{2}\d{3})"
                     r"(?: \[\*\])? \S.*$")


def run(*args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(app, list(args))


def test_concise_is_one_line_per_unsuppressed_finding(tmp_path: Path) -> None:
    article = tmp_path / "a.md"
    article.write_text("<!-- credscore-disable-next-line AT101 -- checked -->\n"
                       "Experts say the merger will close in March.\n\n"
                       "Analysts say prices will fall.\n", encoding="utf-8")
    result = run("check", "--output-format", "concise", str(article))
    lines = result.stdout.splitlines()
    assert lines[-1] == "Found 1 finding in 1 article (1 fixable with --fix)."
    (line,) = lines[:-1]
    m = CONCISE.match(line)
    assert m and m["path"] == str(article) and (m["line"], m["col"], m["rule"]) == ("4", "1",
                                                                                  "AT101")
    assert "[*]" in line and "Analysts say" in line


def test_concise_lines_point_at_the_text() -> None:
    result = run("check", "-f", "concise", str(SLOTS_SEED))
    text = SLOTS_SEED.read_text(encoding="utf-8").split("\n")
    rows = [CONCISE.match(line) for line in result.stdout.splitlines()[:-1]]
    assert rows and all(rows)
    spam = next(m for m in rows if m and m["rule"] == "SP101")
    assert text[int(spam["line"]) - 1][int(spam["col"]) - 1:].startswith("star wars slots")


def test_statistics_text_and_json() -> None:
    result = run("check", "--statistics", str(SLOTS_SEED), str(CRYPTO_SEED))
    rows = [line.split("\t") for line in result.stdout.splitlines()]
    counts = [int(r[0]) for r in rows]
    assert counts == sorted(counts, reverse=True) and "score" not in result.stdout
    assert any(r[1] == "SP101" and r[2].startswith("[*]") for r in rows)
    data = json.loads(run("check", "--statistics", "-f", "json", str(SLOTS_SEED),
                          str(CRYPTO_SEED)).stdout)
    full = json.loads(run("check", "-f", "json", str(SLOTS_SEED), str(CRYPTO_SEED)).stdout)
    total = sum(1 for r in full["reports"] for f in r["findings"] if not f.get("suppressed"))
    assert sum(row["count"] for row in data) == total
    assert run("check", "--statistics", "-f", "sarif", str(SLOTS_SEED)).exit_code == 2


def test_explain_all_json_and_family() -> None:
    everything = json.loads(run("explain", "--all", "--json").stdout)
    assert [d["id"] for d in everything] == [r.id for r in default_rules()]
    assert all(d["what"] and d["why"] and d["examples"]["bad"] and d["help_uri"]
               for d in everything)
    assert next(d for d in everything if d["id"] == "SP101")["fix"]["action"] == \
        "delete-sentence"
    filler = json.loads(run("explain", "filler", "--json").stdout)
    assert {d["family"] for d in filler} == {"filler"} and len(filler) >= 5
    text = run("explain", "FL102").stdout
    assert "What it flags" in text and "Suggested fix" in text
    assert run("explain", "nonsense").exit_code == 2
    assert run("explain").exit_code == 2


def test_exit_1_says_which_gate_tripped_and_where(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(CLEAN, encoding="utf-8")
    result = run("check", "--fail-under", "60", "--fail-on", "error", str(SLOTS_SEED),
                 str(good))
    assert result.exit_code == 1
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("credscore: exit 1: 1 article scored below --fail-under 60: ")
    score = credscore.check_path(SLOTS_SEED).score
    assert f"{SLOTS_SEED} ({score})" in last and str(good) not in last
    assert f"1 article has a finding at or above --fail-on error: {SLOTS_SEED} (SP101)" in last
    assert run("check", "--fail-under", str(score), str(SLOTS_SEED)).stderr == ""


def test_help_lists_allowed_values() -> None:
    out = subprocess.run([sys.executable, "-m", "credscore", "check", "--help"],
                         capture_output=True, text=True, env={"COLUMNS": "200", "PATH": ""}).stdout
    assert "[text|concise|json|jsonl|sarif|github|csv|markdown]" in out
    assert out.count("[info|warning|error]") == 2  # --fail-on and --min-severity
    assert "--output-format" in out and "--statistics" in out and "--fix" in out


def test_piped_text_is_not_padded_and_has_carets() -> None:
    out = subprocess.run([sys.executable, "-m", "credscore", "check", str(SLOTS_SEED)],
                         capture_output=True, text=True).stdout
    lines = out.split("\n")
    assert not [line for line in lines if line != line.rstrip()]
    assert any(len(line) > 100 for line in lines)  # nothing wrapped at 80 columns
    carets = [i for i, line in enumerate(lines) if line.strip() and set(line.strip()) == {"^"}]
    assert carets
    for i in carets:
        quote, marks = lines[i - 1], lines[i]
        start = len(marks) - len(marks.lstrip())
        flagged = quote[start:start + len(marks.strip())]
        assert flagged.strip() == flagged and flagged  # the carets sit under a word span
    spam = next(i for i in carets if "star wars slots online" in lines[i - 1])
    start = len(lines[spam]) - len(lines[spam].lstrip())
    assert lines[spam - 1][start:].startswith("star wars slots online")


def test_sarif_help_uri_and_fixes_validate() -> None:
    result = run("check", "-f", "sarif", str(SLOTS_SEED))
    log = json.loads(result.stdout)
    assert_valid(log)
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    assert all(r["helpUri"].endswith("docs/rules.md#" + r["id"].lower()) for r in rules)
    spam = next(r for r in log["runs"][0]["results"] if r["ruleId"] == "SP101")
    (change,) = spam["fixes"][0]["artifactChanges"]
    (rep,) = change["replacements"]
    assert rep["insertedContent"]["text"] == "" and rep["deletedRegion"]["startLine"] == 18


def test_html_regions_come_from_the_loader_source_map() -> None:
    html = ("<html><body><article>\n<h1>Rates</h1>\n<p>The bank raised rates on Thursday.</p>\n"
            "<p>Experts say the\n <b>merger</b> will close in March.</p>\n</article></body></html>")
    report = Checker().check_text(html, "html", "page.html")
    (finding,) = [f for f in report.findings if f.rule_id == "AT101"]
    src = finding.source
    assert src is not None and html[src.start:src.end] == "Experts say"
    assert (src.line, src.column) == (4, 4)
    assert report.to_dict()["findings"][0]["source"]["line"] == 4
    log = sarif_log([report], [], {"credscore_version": "0", "rules_hash": "x"},
                    default_rules())
    assert_valid(log)
    region = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]
    assert (region["startLine"], region["startColumn"], region["endColumn"]) == (4, 4, 15)


def test_html_without_a_map_is_anchored_to_the_file() -> None:
    # what a loader that records no map gets: the start of the file and the extracted text's
    # position in the message
    html = "<html><body><article><p>Experts say the merger will close.</p></article></body></html>"
    doc = parse_text(html, "html", "page.html")
    del doc.cache[SOURCE_MAP_KEY]
    report = Checker().check_document(doc)
    assert report.findings and all(f.source is None for f in report.findings)
    log = sarif_log([report], [], {"credscore_version": "0", "rules_hash": "x"})
    region = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]
    assert region == {"startLine": 1}
    assert finding_line("page.html", report.findings[0], html=True).startswith(
        "page.html:1:1: AT101")


def _page_file(tmp_path: Path) -> Path:
    page = tmp_path / "page.html"
    page.write_bytes(PAGE.encode("utf-8"))  # CRLF kept as written
    return page


def test_concise_html_lines_point_into_the_page(tmp_path: Path) -> None:
    page = _page_file(tmp_path)
    result = run("check", "--output-format", "concise", str(page))
    rows = [CONCISE.match(line) for line in result.stdout.splitlines()[:-1]]
    assert rows and all(rows)
    vague = next(m for m in rows if m and m["rule"] == "AT101")
    assert (int(vague["line"]), int(vague["col"])) == line_col(PAGE, VAGUE_START) == (10, 10)
    assert "extracted text" not in result.stdout
    lines = PAGE.split("\r\n")
    for m in rows:  # every finding's line and column is where its text starts in the file
        assert m is not None
        assert lines[int(m["line"]) - 1][int(m["col"]) - 1:][:1].isalnum()


def test_github_html_annotations_point_into_the_page(tmp_path: Path) -> None:
    page = _page_file(tmp_path)
    result = run("check", "--format", "github", "--select", "attribution", str(page))
    (vague,) = [line for line in result.stdout.splitlines() if "credscore AT101" in line]
    props, message = vague.split(" ", 1)[1].split("::", 1)
    fields = dict(p.split("=", 1) for p in props.split(","))
    assert fields["file"].endswith("page.html")
    assert ((int(fields["line"]), int(fields["col"])), (int(fields["endLine"]),
            int(fields["endColumn"]))) == (line_col(PAGE, VAGUE_START), line_col(PAGE, VAGUE_END))
    assert "extracted text" not in message and "Experts say" in message


def test_json_html_findings_carry_their_place_in_the_page(tmp_path: Path) -> None:
    page = _page_file(tmp_path)
    result = run("check", "--format", "json", str(page))
    (report,) = json.loads(result.stdout)["reports"]
    vague = next(f for f in report["findings"] if f["rule_id"] == "AT101")
    assert vague["source"] == {"start": VAGUE_START, "end": VAGUE_END, "line": 10, "column": 10,
                               "end_line": 10, "end_column": 29}
    assert "fixes" not in vague  # a fix edits the extracted text: none for HTML


def test_diff_shows_and_writes_nothing(tmp_path: Path) -> None:
    article = tmp_path / "a.md"
    original = "In a dramatic turn of events, the bank raised rates on Thursday.\n"
    article.write_text(original, encoding="utf-8")
    result = run("check", "--diff", str(article))
    assert result.exit_code == 1
    assert f"--- {article}" in result.stdout  # an absolute path is not prefixed
    assert "-In a dramatic turn of events, the bank" in result.stdout
    assert "+The bank raised rates on Thursday." in result.stdout
    assert article.read_text(encoding="utf-8") == original
    assert not list(tmp_path.glob("*.orig*"))
    clean = tmp_path / "clean.md"
    clean.write_text(CLEAN, encoding="utf-8")
    assert run("check", "--diff", str(clean)).exit_code == 0


def test_fix_writes_keeps_backups_and_rechecks(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    original = SLOTS_SEED.read_bytes()
    article.write_bytes(original)
    result = run("check", "--fix", "--fail-on", "error", str(article))
    assert result.exit_code == 0  # the spam sentence is gone: the error gate passes
    assert (tmp_path / "a.txt.orig").read_bytes() == original
    fixed = article.read_text(encoding="utf-8")
    assert "star wars slots" not in fixed and "applied" in result.stderr
    assert "SP101" not in result.stdout
    # a second run keeps the first backup and makes a new one
    run("check", "--fix", str(article))
    assert (tmp_path / "a.txt.orig").read_bytes() == original
    assert (tmp_path / "a.txt.orig.1").exists() or not any(
        f.fixes for f in Checker().check_path(article).findings)


def test_fix_never_touches_html_or_unreadable_files(tmp_path: Path) -> None:
    page = tmp_path / "p.html"
    page.write_text("<html><body><p>Experts say the merger will close.</p></body></html>",
                    encoding="utf-8")
    latin = tmp_path / "l.txt"
    latin.write_bytes("Experts say the caf\xe9 will close.\n".encode("latin-1"))
    before = {p: p.read_bytes() for p in (page, latin)}
    result = run("check", "--fix", str(page), str(latin))
    assert result.exit_code == 2
    assert all(p.read_bytes() == data for p, data in before.items())
    assert not list(tmp_path.glob("*.orig*"))
    assert "no fixes for HTML" in result.stderr and "not UTF-8" in result.stderr
    assert "Traceback" not in result.output
    assert run("check", "--fix", "-").exit_code == 2

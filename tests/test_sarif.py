"""SARIF output validated against the official SARIF 2.1.0 JSON schema.

tests/fixtures/sarif-schema-2.1.0.json is the OASIS SARIF TC's published schema, vendored
unchanged from https://github.com/oasis-tcs/sarif-spec, file Schemata/sarif-schema-2.1.0.json
(commit 85971b3e048f61a6d643b95fc6233d073302f5b8; its $id is
https://raw.githubusercontent.com/oasis-tcs/sarif-spec/master/Schemata/sarif-schema-2.1.0.json).
No PyPI package we checked (sarif-om, sarif-tools, pysarif, sarif-pydantic, jschema-to-python,
check-jsonschema) ships the schema file, so it is vendored here for offline tests.
"""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from credscore.baseline import FINGERPRINT_KEY
from credscore.cli import app
from credscore.packs import find_rule

from .conftest import CRYPTO_SEED, SLOTS_SEED
from .test_html_sourcemap import (
    PAGE,
    VAGUE_END,
    VAGUE_START,
    assert_words_in_order,
    line_col,
    page_words,
    words,
)

SCHEMA = json.loads((Path(__file__).parent / "fixtures" / "sarif-schema-2.1.0.json")
                    .read_text(encoding="utf-8"))
VALIDATOR = jsonschema.Draft202012Validator(
    SCHEMA, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
)
runner = CliRunner()
VAGUE = find_rule("AT101").bad_examples[0]


def sarif(*args: str) -> tuple[int, dict]:  # type: ignore[type-arg]
    result = runner.invoke(app, ["check", "--format", "sarif", *args])
    return result.exit_code, json.loads(result.stdout)


def assert_valid(log: dict) -> None:  # type: ignore[type-arg]
    errors = sorted(VALIDATOR.iter_errors(log), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:5])


def test_schema_fixture_is_the_official_one() -> None:
    assert SCHEMA["$id"].endswith("/Schemata/sarif-schema-2.1.0.json")
    assert SCHEMA["properties"]["version"]["enum"] == ["2.1.0"] and len(SCHEMA["definitions"]) == 52
    # (check_schema is not used: the published file has a known slip, an "anyOf" listed under
    # region.properties, which makes the meta-schema check fail but does not affect validation)
    with pytest.raises(jsonschema.ValidationError):  # the schema really constrains
        VALIDATOR.validate({"version": "2.1.0", "runs": [{"tool": {}}]})


def test_seed_articles_give_a_valid_sarif_log() -> None:
    code, log = sarif(str(SLOTS_SEED), str(CRYPTO_SEED))
    assert code == 0
    assert_valid(log)
    run = log["runs"][0]
    assert run["tool"]["driver"]["name"] == "credscore" and run["columnKind"] == "unicodeCodePoints"
    rule_ids = [r["id"] for r in run["tool"]["driver"]["rules"]]
    results = run["results"]
    assert {r["ruleId"] for r in results} <= set(rule_ids)
    spam = [r for r in results if r["ruleId"] == "SP101"]
    assert spam and spam[0]["level"] == "error"
    assert all(rule_ids[r["ruleIndex"]] == r["ruleId"] for r in results)
    region = spam[0]["locations"][0]["physicalLocation"]["region"]
    text = SLOTS_SEED.read_text(encoding="utf-8")
    line = text.splitlines()[region["startLine"] - 1]
    assert line[region["startColumn"] - 1 : region["endColumn"] - 1] == region["snippet"]["text"]
    assert {a["properties"]["grade"] for a in run["artifacts"]} <= set("ABCDF")


def test_fingerprints_are_stable_across_runs_and_unrelated_edits(tmp_path: Path) -> None:
    article = tmp_path / "story.md"
    article.write_text(f"# Budget\n\n{VAGUE}\n\nThe vote was 31 to 12.\n", encoding="utf-8")
    _, first = sarif(str(article))
    _, again = sarif(str(article))
    article.write_text(f"# Budget\n\nA new first paragraph, added at 10:40.\n\n{VAGUE}\n\n"
                       "The vote was 31 to 12.\n", encoding="utf-8")
    _, edited = sarif(str(article))

    def prints(log: dict) -> dict[str, int]:  # type: ignore[type-arg]
        return {r["partialFingerprints"][FINGERPRINT_KEY]:
                r["locations"][0]["physicalLocation"]["region"]["startLine"]
                for r in log["runs"][0]["results"] if r["ruleId"] == "AT101"}

    assert prints(first) and prints(first) == prints(again)
    assert set(prints(first)) == set(prints(edited))
    assert all(line == prints(first)[fp] + 2 for fp, line in prints(edited).items())


def test_html_regions_are_the_flagged_text_in_the_page(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_bytes(PAGE.encode("utf-8"))  # CRLF as written
    code, log = sarif(str(page))
    assert code == 0
    assert_valid(log)
    run = log["runs"][0]
    assert run["columnKind"] == "unicodeCodePoints"
    results = run["results"]
    (vague,) = [r for r in results if r["ruleId"] == "AT101"]
    region = vague["locations"][0]["physicalLocation"]["region"]
    assert region == {"startLine": 10, "startColumn": 10, "endLine": 10, "endColumn": 29,
                      "charOffset": VAGUE_START, "charLength": VAGUE_END - VAGUE_START}
    assert "extracted text" not in vague["message"]["text"]
    assert "fixes" not in vague  # a fix edits the extracted text: none for HTML
    for result in results:  # every region holds its flagged text, lines counted as in the file
        region = result["locations"][0]["physicalLocation"]["region"]
        start, length = region["charOffset"], region["charLength"]
        end = start + length
        assert (region["startLine"], region["startColumn"]) == line_col(PAGE, start)
        assert (region["endLine"], region["endColumn"]) == line_col(PAGE, end)
        evidence = result["message"]["text"].rsplit(' ["', 1)[1][:-2]  # (cut at 200)
        if len(evidence) < 200:
            assert_words_in_order(evidence, PAGE[start:end])
        else:
            assert page_words(PAGE[start:end])[:1] == words(evidence)[:1]


def test_suppressed_html_and_unreadable_inputs_stay_valid(tmp_path: Path) -> None:
    md = tmp_path / "a.md"
    md.write_text(f"<!-- credscore-disable-next-line AT101 -->\n{VAGUE}\n", encoding="utf-8")
    html = tmp_path / "b c.html"  # a space in the name: the URI must be escaped
    html.write_text(f"<html><body><article><p>{VAGUE}</p><p>{VAGUE}</p></article></body></html>",
                    encoding="utf-8")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"binary\x00data")
    code, log = sarif(str(md), str(html), str(bad))
    assert code == 2
    assert_valid(log)
    run = log["runs"][0]
    suppressed = [r for r in run["results"] if "suppressions" in r]
    assert suppressed and suppressed[0]["suppressions"][0]["kind"] == "inSource"
    html_results = [r for r in run["results"]
                    if r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                    .endswith("b%20c.html")]
    assert len(html_results) == 2  # each copy at its place in the page
    source = html.read_text(encoding="utf-8")
    for result, start in zip(html_results, (source.index(VAGUE), source.rindex(VAGUE))):
        region = result["locations"][0]["physicalLocation"]["region"]
        assert region["charOffset"] == start and region["startLine"] == 1
        assert region["startColumn"] == start + 1
    # jsonschema has no uri-reference checker without extra packages: check the URIs here
    uris = [a["location"]["uri"] for a in run["artifacts"]]
    assert uris and not any(ch.isspace() for uri in uris for ch in uri)
    invocation = run["invocations"][0]
    assert invocation["executionSuccessful"] is False
    assert "bad.txt" in invocation["toolExecutionNotifications"][0]["message"]["text"]

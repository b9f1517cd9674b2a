"""Inline suppression as an editor uses it, in Markdown, HTML and plain text."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

import credscore
from credscore.cli import app
from credscore.packs import find_rule
from credscore.report import Report

runner = CliRunner()

LEAD = ("The council met on Tuesday in Leeds and approved a budget of 4.2 million pounds for the "
        "coming year, finance chief Mary Jones told the meeting.")
VAGUE = find_rule("AT101").bad_examples[0]  # fires AT101 (checked by test_rules_examples)
TAIL = ("The budget includes 1.1 million pounds for road repairs, according to the council's "
        "published accounts.")


def _vague_in(report: Report, label: str) -> list:  # type: ignore[type-arg]
    """AT101 findings whose span starts in the paragraph (one line) that begins with ``label``."""
    start = report.text.index(label)
    end = report.text.find("\n", start)
    end = len(report.text) if end < 0 else end
    return [f for f in report.findings if f.rule_id == "AT101" and start <= f.start < end]


def _article(fmt: str, marker_before_p2: str, marker_after_p2: str = "") -> str:
    p2 = "Second: " + VAGUE
    p3 = "Third: " + VAGUE
    if fmt == "html":
        body = (f"<p>{LEAD}</p>\n{marker_before_p2}\n<p>{p2}</p>\n{marker_after_p2}\n"
                f"<p>{p3}</p>\n<p>{TAIL}</p>")
        return f"<html><body><article><h1>Council budget</h1>\n{body}\n</article></body></html>"
    return f"{LEAD}\n\n{marker_before_p2}\n{p2}\n{marker_after_p2}\n\n{p3}\n\n{TAIL}\n"


def _markers(fmt: str, kind: str, rule: str) -> str:
    return f"credscore-{kind} {rule}" if fmt == "txt" else f"<!-- credscore-{kind} {rule} -->"


def _check(text: str, fmt: str) -> tuple[Report, list, list]:  # type: ignore[type-arg]
    report = credscore.check_text(text, fmt=fmt)
    return report, _vague_in(report, "Second: "), _vague_in(report, "Third: ")


@pytest.mark.parametrize("fmt", ["md", "html", "txt"])
@pytest.mark.parametrize("rule", ["AT101", "vague-attribution", "attribution", "at1"])
def test_disable_next_line_by_id_name_family_or_prefix(fmt: str, rule: str) -> None:
    plain, second, third = _check(_article(fmt, ""), fmt)
    assert second and third and not any(f.suppressed for f in plain.findings)

    report, second, third = _check(_article(fmt, _markers(fmt, "disable-next-line", rule)), fmt)
    assert second and all(f.suppressed for f in second)
    assert third and not any(f.suppressed for f in third)  # only the next line
    assert all(f.penalty == 0 for f in second)
    assert report.score > plain.score  # suppressed findings cost no points
    meta = report.metrics["suppression"]
    assert meta["suppressed"] == len(second) and meta["by_rule"] == {"AT101": len(second)}
    assert "problems" not in meta


@pytest.mark.parametrize("fmt", ["md", "html", "txt"])
def test_disable_enable_range(fmt: str) -> None:
    text = _article(fmt, _markers(fmt, "disable", "AT101"), _markers(fmt, "enable", "AT101"))
    _, second, third = _check(text, fmt)
    assert second and all(f.suppressed for f in second)
    assert third and not any(f.suppressed for f in third)
    # without the enable marker the rule stays off to the end of the article
    _, second, third = _check(_article(fmt, _markers(fmt, "disable", "AT101")), fmt)
    assert all(f.suppressed for f in second + third)


@pytest.mark.parametrize("fmt", ["md", "html", "txt"])
def test_other_rules_and_unknown_rules_are_not_suppressed(fmt: str) -> None:
    report, second, _ = _check(_article(fmt, _markers(fmt, "disable-next-line", "spam")), fmt)
    assert second and not any(f.suppressed for f in second)
    report, second, _ = _check(_article(fmt, _markers(fmt, "disable-next-line", "XY999")), fmt)
    assert second and not any(f.suppressed for f in second)
    problems = report.metrics["suppression"]["problems"]
    assert len(problems) == 1 and "xy999" in problems[0]


def test_markdown_marker_inside_code_is_documentation_not_a_marker() -> None:
    text = ("```\n<!-- credscore-disable all -->\n```\n\n" + _article("md", ""))
    report, second, _ = _check(text, "md")
    assert second and not any(f.suppressed for f in report.findings)
    assert "suppression" not in report.metrics


def test_plain_text_marker_lines_are_not_linted_and_allow_comment_prefixes() -> None:
    for prefix in ("", "# ", "// "):
        text = _article("txt", f"{prefix}credscore-disable-next-line AT101 -- quote checked")
        report, second, _ = _check(text, "txt")
        assert second and all(f.suppressed for f in second)
        marker_line = report.text.index("credscore-disable")
        assert not any(f.start <= marker_line < f.end for f in report.findings)


def test_suppressed_findings_do_not_trip_fail_on_and_show_in_json(tmp_path) -> None:  # type: ignore[no-untyped-def]
    article = tmp_path / "draft.md"
    article.write_text(f"{LEAD}\n\n<!-- credscore-disable attribution -->\n{VAGUE}\n\n{TAIL}\n",
                       encoding="utf-8")
    result = runner.invoke(app, ["check", "--format", "json", "--fail-on", "warning",
                                 "--select", "attribution", str(article)])
    report = json.loads(result.stdout)["reports"][0]
    suppressed = [f for f in report["findings"] if f.get("suppressed")]
    assert suppressed and all(f["penalty"] == 0 for f in suppressed)
    assert report["metrics"]["suppression"]["suppressed"] == len(suppressed)
    unsuppressed = [f for f in report["findings"] if not f.get("suppressed")
                    and f["severity"] != "info"]
    assert result.exit_code == (1 if unsuppressed else 0)
    # the same article without the marker trips the gate
    article.write_text(f"{LEAD}\n\n{VAGUE}\n\n{TAIL}\n", encoding="utf-8")
    result = runner.invoke(app, ["check", "--format", "json", "--fail-on", "warning",
                                 "--select", "attribution", str(article)])
    assert result.exit_code == 1


def test_marker_naming_no_rule_is_reported_on_stderr(tmp_path) -> None:  # type: ignore[no-untyped-def]
    article = tmp_path / "typo.md"
    article.write_text(f"<!-- credscore-disable-next-line AT1O1 -->\n{VAGUE}\n", encoding="utf-8")
    result = runner.invoke(app, ["check", "--format", "json", str(article)])
    assert result.exit_code == 0
    assert "typo.md: line 1: credscore-disable-next-line names no known rule 'at1o1'" in (
        result.stderr)
    assert json.loads(result.stdout)["reports"][0]["findings"]  # stdout stays valid JSON

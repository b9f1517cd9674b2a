"""Property-based fuzzing of check_text over txt, md and html: whatever the text, the report
holds together (scores and spans in range, evidence is the text at its span) and its JSON is
valid UTF-8, lone surrogates included."""

from __future__ import annotations

import io
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from credscore.api import Checker
from credscore.render.jsonout import jsonl_line, write_json

CHECKER = Checker()

# Pieces that steer the text into the parsers' and rules' corners.
FRAGMENTS = st.sampled_from([
    "Experts say", " according to sources", "not financial advice", "Do your own research.",
    "best online casino bonus", "https://spin.example/slots?x=1", "[link](http://a.b/c)",
    "<p>", "</p>", "<title>", "<script>alert(1)</script>", "<!-- credscore-disable all -->",
    "---\ntitle: x\n---\n", "```\ncode\n```", "# Heading\n", "\n\n", "\r\n", "\t", "\u00a0",
    "\u201cquoted\u201d", "\u2019", "\x1b[2J", "\x00", "\ud800", "\udcff", "\U0001F600", "é",
    "Das ist kein Englisch.", "\u202e", "&amp;", "&#0;", "`", "*", "_", "|", "\\",
])
TEXT = st.lists(st.one_of(FRAGMENTS, st.text(max_size=40)), max_size=30).map("".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=TEXT, fmt=st.sampled_from(["txt", "md", "html"]))
def test_any_text_gives_a_consistent_report(text: str, fmt: str) -> None:
    report = CHECKER.check_text(text, fmt, path="fuzz." + fmt)
    if report.assessed:
        assert report.score is not None and 0 <= report.score <= 100 and report.grade
    else:
        assert report.score is None and report.grade is None and report.not_assessed.reason
    for f in report.findings:
        assert 0 <= f.start < f.end <= len(report.text)
        assert report.text[f.start:f.end] == f.evidence
        assert f.line >= 1 and f.column >= 1
    line = jsonl_line(report)
    line.encode("utf-8")  # never "surrogates not allowed"
    assert json.loads(line)["path"] == "fuzz." + fmt

    sink = io.StringIO()
    write_json(sink, [report], [], {"credscore_version": "x", "rules_hash": "y"})
    json.loads(sink.getvalue().encode("utf-8"))

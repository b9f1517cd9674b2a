"""SARIF 2.1.0: findings for code-scanning dashboards (GitHub code scanning, Azure DevOps...).

One run; ``tool.driver.rules`` lists every rule with its documentation; each result has the
rule, level (error, warning, note), message, location (line and column in code points, the
flagged text as snippet) and ``partialFingerprints["credscore/v1"]``, the baseline fingerprint
(see credscore.baseline), stable across runs and unrelated edits. Inline-suppressed findings
carry ``suppressions: [{"kind": "inSource"}]``. Each article's score and grade are in
``run.artifacts[i].properties``; unreadable inputs are tool execution notifications.

For HTML inputs, lines and columns refer to the extracted article text credscore reports, not to
the HTML source, so the region is anchored to line 1 of the file and the message says where in
the text the finding is.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import quote

from ..baseline import FINGERPRINT_KEY, fingerprints
from ..findings import Finding, Severity
from ..report import Failure, Report
from .positions import LineIndex

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/credscore/credscore"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def artifact_uri(path: str) -> str:
    """A relative (or file:) URI reference for a reported path."""
    p = Path(path)
    if p.is_absolute():
        return p.as_uri()
    return quote(p.as_posix(), safe="/:@!$&'()*+,;=-._~")


def _rule_descriptor(rule: Any) -> dict[str, Any]:
    examples = ""
    if rule.bad_examples:
        examples += "\n\nFlagged: " + rule.bad_examples[0][:300]
    if rule.good_examples:
        examples += "\nNot flagged: " + rule.good_examples[0][:300]
    return {
        "id": rule.id,
        "name": rule.name,
        "shortDescription": {"text": rule.summary + "."},
        "fullDescription": {"text": rule.what},
        "help": {"text": f"{rule.what}\n\nWhy it matters: {rule.why}{examples}"},
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": {"family": rule.family, "weight": rule.weight, "tags": [rule.family]},
    }


def _result(f: Finding, fp: str, index: LineIndex, artifact: int, uri: str, html: bool,
            rule_index: dict[str, int]) -> dict[str, Any]:
    message = f.message
    if html:
        region: dict[str, Any] = {"startLine": 1}
        message += f" [extracted text line {f.line}, column {f.column}: \"{f.evidence[:200]}\"]"
    else:
        end_line, end_col = index.end_line_col(f.end)
        region = {"startLine": f.line, "startColumn": f.column, "endLine": end_line,
                  "endColumn": end_col, "snippet": {"text": f.evidence}}
    out: dict[str, Any] = {
        "ruleId": f.rule_id,
        "level": LEVELS[f.severity],
        "message": {"text": message},
        "locations": [{"physicalLocation": {
            "artifactLocation": {"uri": uri, "index": artifact},
            "region": region,
        }}],
        "partialFingerprints": {FINGERPRINT_KEY: fp},
        "properties": {"family": f.family, "penalty": round(f.penalty, 2),
                       "start": f.start, "end": f.end},
    }
    if f.rule_id in rule_index:
        out["ruleIndex"] = rule_index[f.rule_id]
    if f.suppressed:
        out["suppressions"] = [{"kind": "inSource",
                                "justification": "credscore-disable marker in the article"}]
    return out


def sarif_log(reports: Iterable[Report], failures: Iterable[Failure], versions: dict[str, str],
              rules: Sequence[Any] = ()) -> dict[str, Any]:
    """The SARIF log as a dict (``rules``: RuleSpec objects for ``tool.driver.rules``)."""
    descriptors = [_rule_descriptor(r) for r in rules]
    rule_index = {d["id"]: i for i, d in enumerate(descriptors)}
    artifacts: list[dict[str, Any]] = []
    results: list[dict[str, Any]] = []
    for r in reports:
        uri = artifact_uri(r.path)
        artifacts.append({
            "location": {"uri": uri},
            "roles": ["analysisTarget"],
            "properties": {"score": r.score, "grade": r.grade, "language": r.language,
                           "wordCount": r.word_count},
        })
        index = LineIndex(r.text)
        html = r.metrics.get("format") == "html"
        for f, fp in zip(r.findings, fingerprints(r.findings)):
            results.append(_result(f, fp, index, len(artifacts) - 1, uri, html, rule_index))
    notifications = [
        {"level": "error", "message": {"text": fail.error},
         "locations": [{"physicalLocation": {
             "artifactLocation": {"uri": artifact_uri(fail.path)}}}]}
        for fail in failures
    ]
    run: dict[str, Any] = {
        "tool": {"driver": {
            "name": "credscore",
            "version": versions.get("credscore_version", ""),
            "informationUri": INFORMATION_URI,
            "rules": descriptors,
            "properties": {"rulesHash": versions.get("rules_hash", "")},
        }},
        "invocations": [{"executionSuccessful": not notifications,
                         "toolExecutionNotifications": notifications}],
        "columnKind": "unicodeCodePoints",
        "artifacts": artifacts,
        "results": results,
    }
    return {"$schema": SARIF_SCHEMA, "version": SARIF_VERSION, "runs": [run]}


def write_sarif(out: TextIO, reports: Iterable[Report], failures: Iterable[Failure],
                versions: dict[str, str], rules: Sequence[Any] = ()) -> None:
    json.dump(sarif_log(reports, failures, versions, rules), out, ensure_ascii=False, indent=2)
    out.write("\n")

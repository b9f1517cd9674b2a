"""Inline suppression: an editor overrules a finding in the article itself.

Markers (RULE is a rule id such as ``SP101``, a name such as ``stock-phrase``, a family such as
``filler``, an id prefix of two or more characters such as ``FL1``, or ``all``; several may be
given, separated by spaces or commas; none means all rules; text after `` -- `` is a free-form
reason and is ignored)::

    Markdown and HTML (HTML comments, invisible to readers):
        <!-- credscore-disable RULE -->           ... <!-- credscore-enable RULE -->
        <!-- credscore-disable-next-line RULE -->
    Plain text (a line of its own; may be prefixed with "#" or "//"):
        credscore-disable RULE                    ... credscore-enable RULE
        credscore-disable-next-line RULE

``disable`` switches the rule off from the marker to the matching ``enable`` (``enable`` with
no RULE re-enables everything), or to the end of the article when there is none.
``disable-next-line`` covers the next line that has text: for Markdown and plain text the first
non-blank line after the marker's own line; for HTML the first line of extracted text after the
comment, that is the next paragraph or heading. A finding is covered when its span starts
inside a covered range.

Suppressed findings are kept: they are marked ``suppressed``, cost no points, never trip a gate,
and are counted in the report's ``metrics["suppression"]``. A marker naming an unknown rule
suppresses nothing and is listed there under ``problems``. Markers inside Markdown code are
ignored. In plain text the marker lines themselves are not linted (they are not prose).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import Any

from ..findings import Finding
from ..regex import patterncache
from ..segment.document import Document

HTML_MARKERS_KEY = "credscore_markers"
"""``Document.cache`` key where the HTML loader leaves ``[(offset, comment_body), ...]``."""

ALL = "all"
_PATTERNS: dict[str, re.Pattern[str]] = {}


_LIST_SEPARATOR = patterncache.compile(r"[\s,]+")


def _pattern(name: str) -> re.Pattern[str]:
    """Compiled on first use: most articles have no marker, and start-up time matters."""
    if not _PATTERNS:
        _PATTERNS["body"] = patterncache.compile(
            r"^\s*credscore-(disable-next-line|disable|enable)(?![\w-])(.*)$", re.S)
        # the Markdown loader's comments
        _PATTERNS["md"] = patterncache.compile(r"<!--(.*?)-->", re.S)
        _PATTERNS["txt"] = patterncache.compile(
            r"^[ \t]*(?:<!--|#|//)?[ \t]*(credscore-(?:disable-next-line|disable|enable)"
            r"(?![\w-])[^\n]*?)[ \t]*(?:-->)?[ \t]*$",
            re.M,
        )
    return _PATTERNS[name]


class Marker:
    """One ``credscore-...`` marker found in a document."""

    __slots__ = ("anchor", "kind", "line", "start", "tokens")

    def __init__(self, kind: str, tokens: tuple[str, ...], start: int, anchor: int, line: int
                 ) -> None:
        self.kind = kind
        """``disable``, ``enable`` or ``disable-next-line``."""
        self.tokens = tokens
        """Lower-cased rule references; ``("all",)`` when none was given."""
        self.start = start
        """Offset of the marker in ``Document.text``."""
        self.anchor = anchor
        """Where a ``disable-next-line`` starts looking for its line."""
        self.line = line


class Suppressions:
    """The covered ranges of one document, ready to apply to its findings.

    (Plain classes, not dataclasses: this module is on the cold-start path of every check.)"""

    def __init__(self, markers: list[Marker] | None = None) -> None:
        self.markers: list[Marker] = markers or []
        self.ranges: list[tuple[int, int, tuple[str, ...]]] = []

    def __bool__(self) -> bool:
        return bool(self.markers)

    def covers(self, finding: Finding) -> bool:
        return any(
            start <= finding.start < end and any(_matches(tok, finding) for tok in tokens)
            for start, end, tokens in self.ranges
        )

    def apply(
        self, findings: Sequence[Finding], rules: Iterable[Any] = ()
    ) -> tuple[list[Finding], dict[str, Any]]:
        """Mark covered findings suppressed; return them and the report metrics entry."""
        out = [replace(f, suppressed=True) if not f.suppressed and self.covers(f) else f
               for f in findings]
        by_rule: dict[str, int] = {}
        for f in out:
            if f.suppressed:
                by_rule[f.rule_id] = by_rule.get(f.rule_id, 0) + 1
        metrics: dict[str, Any] = {
            "markers": len(self.markers),
            "suppressed": sum(by_rule.values()),
            "by_rule": dict(sorted(by_rule.items())),
        }
        problems = self.problems(rules)
        if problems:
            metrics["problems"] = problems
        return out, metrics

    def problems(self, rules: Iterable[Any]) -> list[str]:
        """Markers naming no known rule (rules: RuleSpec-like with id, name, family)."""
        specs = list(rules)
        if not specs:
            return []
        out = []
        for m in self.markers:
            for tok in m.tokens:
                if tok != ALL and not any(_matches_rule(tok, r.id, r.name, r.family)
                                          for r in specs):
                    out.append(f"line {m.line}: credscore-{m.kind} names no known rule '{tok}'")
        return out


def _matches_rule(token: str, rule_id: str, name: str, family: str) -> bool:
    if token == ALL:
        return True
    rid = rule_id.lower()
    return token in (rid, name, family) or (len(token) >= 2 and rid.startswith(token)
                                            and token[:2].isalpha())


def _matches(token: str, f: Finding) -> bool:
    return _matches_rule(token, f.rule_id, f.rule, f.family)


def _parse_body(body: str) -> tuple[str, tuple[str, ...]] | None:
    m = _pattern("body").match(body)
    if not m:
        return None
    rest = m.group(2).split(" -- ", 1)[0].split("--", 1)[0]
    tokens = tuple(t.lower() for t in _LIST_SEPARATOR.split(rest) if t and t != ":")
    if not tokens or "*" in tokens:
        tokens = (ALL,)
    return m.group(1), tokens


def _line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def _end_of_line(text: str, offset: int) -> int:
    nl = text.find("\n", offset)
    return len(text) if nl < 0 else nl + 1


def _collect(doc: Document) -> list[Marker]:
    text = doc.text
    markers: list[Marker] = []
    if doc.fmt == "html":
        for offset, body in doc.cache.get(HTML_MARKERS_KEY, ()):
            parsed = _parse_body(body)
            if parsed:
                markers.append(Marker(parsed[0], parsed[1], offset, offset,
                                      _line_of(text, offset)))
        return markers
    if "credscore-" not in text:
        return markers
    if doc.fmt == "md":
        from ..load.markdown import COMMENTS_KEY

        comments = set(doc.cache.get(COMMENTS_KEY, ()))
        for m in _pattern("md").finditer(text):
            if m.span() not in comments:  # inside code: documentation, not a marker
                continue
            parsed = _parse_body(m.group(1))
            if parsed:
                markers.append(Marker(parsed[0], parsed[1], m.start(),
                                      _end_of_line(text, m.end()), _line_of(text, m.start())))
        return markers
    for m in _pattern("txt").finditer(text):
        parsed = _parse_body(m.group(1))
        if parsed:
            markers.append(Marker(parsed[0], parsed[1], m.start(), _end_of_line(text, m.end()),
                                  _line_of(text, m.start())))
    return markers


def _next_line(text: str, anchor: int) -> tuple[int, int] | None:
    i = anchor
    while i < len(text) and text[i].isspace():
        i += 1
    if i >= len(text):
        return None
    start = text.rfind("\n", 0, i) + 1
    end = text.find("\n", i)
    return start, (len(text) if end < 0 else end)


def scan(doc: Document) -> Suppressions:
    """Find the markers of ``doc`` and the ranges they cover.

    Call before the rules run: for plain text the marker lines are added to the document's
    mask so that they are not linted as prose.
    """
    markers = _collect(doc)
    sup = Suppressions(markers=markers)
    if not markers:
        return sup
    if doc.fmt == "txt" and "lint_text" not in doc.__dict__:
        doc.mask = sorted([*doc.mask, *((m.start, _end_of_line(doc.text, m.start) - 1)
                                        for m in markers)])
    text = doc.text
    open_ranges: list[tuple[str, int]] = []  # (token, start)
    for m in sorted(markers, key=lambda mk: mk.start):
        if m.kind == "disable-next-line":
            span = _next_line(text, m.anchor)
            if span:
                sup.ranges.append((span[0], span[1], m.tokens))
        elif m.kind == "disable":
            open_ranges.extend((tok, m.start) for tok in m.tokens)
        else:  # enable
            still = []
            for tok, start in open_ranges:
                if ALL in m.tokens or tok in m.tokens:
                    sup.ranges.append((start, m.start, (tok,)))
                else:
                    still.append((tok, start))
            open_ranges = still
    sup.ranges.extend((start, len(text) + 1, (tok,)) for tok, start in open_ranges)
    return sup

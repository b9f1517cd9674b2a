"""Suggested fixes: the edits a rule's ``[rule.fix]`` declares, computed on one document.

A fix is offered only where an edit of the reported text is an edit of the file: plain text and
Markdown, whose reported text is the file as read. HTML is reported on its extracted text, so no
fix is offered for it. A suppressed finding gets no fix, and neither does a fix whose edit would
start or end inside a range credscore does not lint (front matter, code, link markup).

Actions (see ``credscore.packs.FixSpec``):

- ``delete-sentence``: the sentence(s) the finding covers go, with the space after them; a line
  left empty (or holding only a list or quote marker) goes too, and so does one of two blank
  lines the deletion would leave next to each other.
- ``delete-phrase``: the phrase goes only where it stands alone: as the whole sentence, as an
  opening clause ("In a dramatic turn of events, the ..." or "It is worth noting that the ...",
  the next word then capitalised), or as a clause after a comma (", in the digital age," or
  "..., in the digital age."). Anywhere else removing it would break the sentence: no fix.
- ``replace``: the span becomes ``replacement`` with ``{evidence}`` standing for the flagged
  text (a prompt to the writer, e.g. ``experts say [who? name the source]``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from typing import Any

from ..findings import Edit, Finding, Fix
from ..segment.document import Document

FIXABLE_FORMATS = ("txt", "md")
_MARKER_ONLY = re.compile(r"[ \t]*(?:[-*+>]|\d{1,3}[.)])?[ \t]*")
_LEAD = re.compile(r"\s*(?:(?:[-*+>]|\d{1,3}[.)])[ \t]+)?")
_SENTENCE_END = ".!?"


def attach_fixes(doc: Document, findings: Sequence[Finding], rules: Mapping[str, Any]
                 ) -> list[Finding]:
    """``findings`` with ``fixes`` filled in where their rule declares one (``rules``: id ->
    RuleSpec)."""
    if doc.fmt not in FIXABLE_FORMATS:
        return list(findings)
    out = []
    for f in findings:
        spec = getattr(rules.get(f.rule_id), "fix", None)
        fix = None if spec is None or f.suppressed else suggest(doc, f, spec)
        out.append(replace(f, fixes=(fix,)) if fix else f)
    return out


def suggest(doc: Document, finding: Finding, spec: Any) -> Fix | None:
    """The fix ``spec`` (a FixSpec) gives for ``finding`` on ``doc``, or None."""
    if spec.action == "delete-sentence":
        start, end = _sentence_range(doc, finding.start, finding.end)
        edit: Edit | None = _deletion(doc.text, start, end)
    elif spec.action == "delete-phrase":
        edit = _phrase_deletion(doc, finding.start, finding.end)
    elif spec.action == "replace":
        edit = Edit(finding.start, finding.end,
                    spec.replacement.replace("{evidence}", finding.evidence))
    else:
        return None
    if edit is None or _cuts_mask(doc, edit):
        return None
    return Fix(spec.description, (edit,))


def _sentence_range(doc: Document, start: int, end: int) -> tuple[int, int]:
    """The sentences around ``[start, end)``; the span itself where no sentence holds it."""
    first = doc.sentence_index_at(start)
    last = doc.sentence_index_at(max(start, end - 1))
    if first is None or last is None:
        return start, end
    a, b = doc.sentences[first], doc.sentences[last]
    if not a.start <= start < a.end:
        return start, end
    return min(a.start, start), max(b.end, end)


def _deletion(text: str, start: int, end: int) -> Edit:
    line_start = text.rfind("\n", 0, start) + 1
    nl = text.find("\n", end)
    line_end = len(text) if nl < 0 else nl
    if text[end:line_end].strip() == "" and _MARKER_ONLY.fullmatch(text[line_start:start]):
        start = line_start
        end = line_end + 1 if nl >= 0 else line_end
        blank_before = start == 0 or text[max(0, start - 2):start] == "\n\n" or (
            text[max(0, start - 3):start] == "\n\r\n")
        if blank_before:
            if text.startswith("\r\n", end):
                end += 2
            elif text.startswith("\n", end):
                end += 1
        elif end == len(text) and start > 0:
            start -= 1  # the last line: drop the line break before it instead
            if text[start - 1 : start] == "\r":
                start -= 1
        return Edit(start, end)
    after = end
    while after < line_end and text[after] in " \t":
        after += 1
    if after < line_end:
        return Edit(start, after)
    while start > line_start and text[start - 1] in " \t":
        start -= 1
    return Edit(start, end)


def _phrase_deletion(doc: Document, start: int, end: int) -> Edit | None:
    text = doc.text
    s0, s1 = _sentence_range(doc, start, end)
    lead = _LEAD.match(text, s0, s1)
    sentence_start = lead.end() if lead else s0
    rest = text[end:s1].strip()
    if start == sentence_start and (not rest or all(c in _SENTENCE_END + "\"'”’)" for c in rest)):
        return _deletion(text, s0, s1)  # the phrase is the sentence
    if start == sentence_start:
        k = end
        if text[k : k + 1] == ",":
            k += 1
        elif not text[start:end].lower().endswith(" that"):
            return None
        while k < len(text) and text[k] in " \t":
            k += 1
        if k >= len(text) or not text[k].isalpha():
            return None
        return Edit(start, k + 1, text[k].upper())
    before = text[max(0, start - 2):start]
    if before == ", " and text[end : end + 1] in (",", *_SENTENCE_END):
        return Edit(start - 2, end)
    return None


def _cuts_mask(doc: Document, edit: Edit) -> bool:
    """Does the edit start or end strictly inside a range that is not linted? Deleting whole
    lines (a list item with its marker, a paragraph) cuts no markup: it may start inside the
    masked line break and marker before a list item."""
    text = doc.text
    whole_lines = (not edit.replacement and (edit.start == 0 or text[edit.start - 1] == "\n")
                   and (edit.end == len(text) or text[edit.end - 1] == "\n"))
    if whole_lines:
        return False
    return any(lo < edit.start < hi or lo < edit.end < hi for lo, hi in doc.mask)


def select(fixes: Iterable[Fix]) -> list[Fix]:
    """Fixes whose edits do not overlap, the wider first where two compete, in text order."""
    chosen: list[Fix] = []
    taken: list[tuple[int, int]] = []
    for fix in sorted(fixes, key=lambda x: (min(e.start for e in x.edits),
                                            -max(e.end for e in x.edits))):
        spans = [(e.start, e.end) for e in fix.edits]
        if any((a < d and c < b) or a == c for a, b in spans for c, d in taken):
            continue
        chosen.append(fix)
        taken.extend(spans)
    return sorted(chosen, key=lambda x: min(e.start for e in x.edits))


def apply(text: str, fixes: Iterable[Fix]) -> tuple[str, list[Fix]]:
    """``text`` with the non-overlapping ``fixes`` applied, and the fixes that were."""
    chosen = select(fixes)
    edits = sorted((e for fix in chosen for e in fix.edits), key=lambda e: e.start)
    out, pos = [], 0
    for e in edits:
        out.append(text[pos:e.start])
        out.append(e.replacement)
        pos = e.end
    out.append(text[pos:])
    return "".join(out), chosen


def fixes_of(findings: Iterable[Finding]) -> list[Fix]:
    """Every fix offered for unsuppressed findings."""
    return [fix for f in findings if not f.suppressed for fix in f.fixes]


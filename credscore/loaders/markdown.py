"""Markdown: front matter becomes metadata; code, URLs and markup are masked, not removed.

The Document keeps the file's text unchanged, so spans, lines and columns point into the file an
editor has open. What is not prose is masked: the linted text sees spaces there.
"""

from __future__ import annotations

import bisect
import re
from typing import Any

from .. import patterncache
from ..document import Document, Link

_FRONT_MATTER = patterncache.compile(
    r"\A(---|\+\+\+)[ \t]*\r?\n(.*?)\r?\n\1[ \t]*(?:\r?\n|\Z)", re.S)
# the (?!`)/(?!~) stop a long run of marks being re-tried at every length
_FENCE = patterncache.compile(
    r"^[ \t]{0,3}(?:(`{3,})(?!`)[^`\n]*|(~{3,})(?!~)[^\n]*)\n.*?"
    r"(?:^[ \t]{0,3}(?:\1|\2)[ \t]*$|\Z)", re.S | re.M)
# Every pattern below is linear in the text: no pattern can restart a long scan from each of
# many positions (a line of 10,000 "[" or "`", thousands of unclosed "<!--" or blank lines).
# Code spans and comments are found by ``_code_spans`` and ``_comments`` (pairing, not regex).
_BACKTICKS = patterncache.compile(r"`+")
_BLANK_LINE = patterncache.compile(r"\n[ \t]*\n")
_IMAGE = patterncache.compile(r"!\[[^\[\]\n]*\]\([^)\n]*\)")
_ANCHOR = r"((?:[^\[\]\n]|\[[^\[\]\n]*\])+)"  # link text: one level of nested brackets
_LINK = patterncache.compile(
    r"\[" + _ANCHOR + r"\]\(\s*<?([^)\s>]+)>?(?:\s+[\"'(][^\n]*?[\"')])?\s*\)")
_REF_LINK = patterncache.compile(r"\[" + _ANCHOR + r"\]\[([^\[\]\n]*)\]")
_REF_DEF = patterncache.compile(
    r"^[ \t]{0,3}\[([^\]\n]+)\]:[ \t]*<?(\S+?)>?(?:[ \t]+[\"'(].*)?$", re.M)
_AUTOLINK = patterncache.compile(r"<(https?://[^<>\s]+|[^@<>\s]+@[^<>\s]+)>")
_BARE_URL = patterncache.compile(
    r"(?<![\w./-])(?:https?://|www\.)[^\s<>()\[\]]+[^\s<>()\[\].,;:!?'\"]")
_HTML_TAG = patterncache.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")
_HEADING_MARK = patterncache.compile(r"^[ \t]{0,3}#{1,6}[ \t]+|[ \t]+#+[ \t]*$", re.M)
_QUOTE_MARK = patterncache.compile(r"^[ \t]{0,3}>[ \t]?", re.M)
_EMPHASIS = patterncache.compile(r"(?<![\w*])(\*\*|__|\*|_)(?=\S)|(?<=\S)(\*\*|__|\*|_)(?![\w*])")
_RULE = patterncache.compile(r"^[ \t]{0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$", re.M)
_TABLE_PIPE = patterncache.compile(
    r"^[ \t]*\|?(?:[ \t]*:?-{3,}:?[ \t]*\|)+[ \t]*:?-{3,}:?[ \t]*\|?[ \t]*$", re.M)


def _code_spans(text: str) -> list[tuple[int, int]]:
    """Inline code spans: a run of n backticks closed by the next run of exactly n backticks in
    the same paragraph (CommonMark); an unmatched run is literal text. Linear in the text."""
    runs = [m.span() for m in _BACKTICKS.finditer(text)]
    blanks = [m.start() for m in _BLANK_LINE.finditer(text)]
    by_length: dict[int, list[int]] = {}
    for i, (a, b) in enumerate(runs):
        by_length.setdefault(b - a, []).append(i)
    cursor = dict.fromkeys(by_length, 0)
    spans, i = [], 0
    while i < len(runs):
        a, b = runs[i]
        same = by_length[b - a]
        k = cursor[b - a]
        while k < len(same) and same[k] <= i:
            k += 1
        cursor[b - a] = k
        if k < len(same):
            j = same[k]
            c, d = runs[j]
            blank = bisect.bisect_left(blanks, b)
            if c > b and (blank == len(blanks) or blanks[blank] >= c):
                spans.append((a, d))
                i = j + 1
                continue
        i += 1
    return spans


def _comments(text: str) -> list[tuple[int, int]]:
    """HTML comments ``<!-- ... -->`` (an unclosed one runs to the end of the text)."""
    spans, pos = [], 0
    while (start := text.find("<!--", pos)) >= 0:
        end = text.find("-->", start + 4)
        if end < 0:
            spans.append((start, len(text)))
            break
        spans.append((start, end + 3))
        pos = end + 3
    return spans


def _parse_front_matter(kind: str, body: str) -> dict[str, Any]:
    try:
        if kind == "+++":
            try:
                import tomllib
            except ModuleNotFoundError:  # Python 3.10
                import tomli as tomllib  # type: ignore[no-redef]
            data = tomllib.loads(body)
        else:
            import yaml

            data = yaml.safe_load(body)
    except Exception:  # malformed front matter is kept out of linting but not fatal
        return {"front_matter_error": "front matter could not be parsed"}
    return data if isinstance(data, dict) else {}


def parse_markdown(text: str, path: str | None = None) -> Document:
    """Markdown text -> Document with metadata, links and a mask of non-prose ranges."""
    mask: list[tuple[int, int]] = []
    metadata: dict[str, Any] = {}
    links: list[Link] = []
    covered = bytearray(len(text) + 1)  # 1 where already masked: O(1) look-ups on big files

    def add(start: int, end: int) -> None:
        if end > start:
            mask.append((start, end))
            covered[start:end] = b"\x01" * (end - start)

    def masked(pos: int) -> bool:
        return bool(covered[pos])

    fm = _FRONT_MATTER.match(text)
    if fm:
        add(0, fm.end())
        raw = _parse_front_matter(fm.group(1), fm.group(2))
        metadata = {str(k): (v if isinstance(v, (str, int, float, bool)) else str(v))
                    for k, v in raw.items()}

    for start, end in [m.span() for m in _FENCE.finditer(text)] + _comments(text):
        if not masked(start):
            add(start, end)
    for start, end in _code_spans(text) + [m.span() for m in _IMAGE.finditer(text)]:
        if not masked(start):
            add(start, end)

    refs = {m.group(1).lower(): m.group(2) for m in _REF_DEF.finditer(text)}
    for m in _REF_DEF.finditer(text):
        if not masked(m.start()):
            add(*m.span())
    for m in _LINK.finditer(text):
        if masked(m.start()):
            continue
        a_start, a_end = m.span(1)
        links.append(Link(a_start, a_end, m.group(1), m.group(2)))
        add(m.start(), a_start)
        add(a_end, m.end())
    for m in _REF_LINK.finditer(text):
        if masked(m.start()):
            continue
        a_start, a_end = m.span(1)
        key = (m.group(2) or m.group(1)).lower()
        if key in refs:
            links.append(Link(a_start, a_end, m.group(1), refs[key]))
        add(m.start(), a_start)
        add(a_end, m.end())
    for m in _AUTOLINK.finditer(text):
        if not masked(m.start()):
            links.append(Link(m.start(1), m.end(1), m.group(1), m.group(1)))
            add(*m.span())
    for m in _BARE_URL.finditer(text):
        if not masked(m.start()):
            links.append(Link(m.start(), m.end(), m.group(0), m.group(0)))
            add(*m.span())
    for pattern in (_HTML_TAG, _HEADING_MARK, _QUOTE_MARK, _EMPHASIS, _RULE, _TABLE_PIPE):
        for m in pattern.finditer(text):
            if not masked(m.start()):
                add(*m.span())

    links.sort(key=lambda link: link.start)
    return Document(
        text=text, fmt="md", path=path, metadata=metadata, links=links, mask=sorted(mask)
    )

"""Markdown: front matter becomes metadata; code, URLs and markup are masked, not removed.

The Document keeps the file's text unchanged, so spans, lines and columns point into the file an
editor has open. What is not prose is masked: the linted text sees spaces there.
"""

from __future__ import annotations

import re
from typing import Any

from ..document import Document, Link

_FRONT_MATTER = re.compile(r"\A(---|\+\+\+)[ \t]*\r?\n(.*?)\r?\n\1[ \t]*(?:\r?\n|\Z)", re.S)
_FENCE = re.compile(r"^[ \t]{0,3}(`{3,}|~{3,})[^\n]*\n.*?(?:^[ \t]{0,3}\1[ \t]*$|\Z)", re.S | re.M)
_INLINE_CODE = re.compile(r"(`+)(?!`).+?(?<!`)\1", re.S)
_HTML_COMMENT = re.compile(r"<!--.*?-->", re.S)
_IMAGE = re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)")
_LINK = re.compile(r"\[([^\]\n]+)\]\(\s*<?([^)\s>]+)>?(?:\s+[\"'(][^\n]*?[\"')])?\s*\)")
_REF_LINK = re.compile(r"\[([^\]\n]+)\]\[([^\]\n]*)\]")
_REF_DEF = re.compile(r"^[ \t]{0,3}\[([^\]\n]+)\]:[ \t]*<?(\S+?)>?(?:[ \t]+[\"'(].*)?$", re.M)
_AUTOLINK = re.compile(r"<(https?://[^>\s]+|[^@>\s]+@[^>\s]+)>")
_BARE_URL = re.compile(r"(?:https?://|www\.)[^\s<>()\[\]]+[^\s<>()\[\].,;:!?'\"]")
_HTML_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")
_HEADING_MARK = re.compile(r"^[ \t]{0,3}#{1,6}[ \t]+|[ \t]+#+[ \t]*$", re.M)
_QUOTE_MARK = re.compile(r"^[ \t]{0,3}>[ \t]?", re.M)
_EMPHASIS = re.compile(r"(?<![\w*])(\*\*|__|\*|_)(?=\S)|(?<=\S)(\*\*|__|\*|_)(?![\w*])")
_RULE = re.compile(r"^[ \t]{0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$", re.M)
_TABLE_PIPE = re.compile(r"^\s*\|?(?:\s*:?-{3,}:?\s*\|)+\s*:?-{3,}:?\s*\|?\s*$", re.M)


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

    for pattern in (_FENCE, _HTML_COMMENT, _INLINE_CODE, _IMAGE):
        for m in pattern.finditer(text):
            if not masked(m.start()):
                add(*m.span())

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

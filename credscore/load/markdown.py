"""Markdown: parsed by markdown-it-py (CommonMark, plus GitHub tables and strikethrough).

The Document keeps the file's text unchanged, so spans, lines and columns point into the file an
editor has open. markdown-it gives every block its source lines but no columns, so the loader
walks each block's inline tokens in order and finds each one in the block's source lines (a
cursor that only moves forward; link destinations and titles are skipped with markdown-it's own
``parseLinkDestination``/``parseLinkTitle``). That yields three sets of ranges:

* **prose**: the text of text tokens, as a reader sees it. Everything else is masked: the rules
  see spaces there (front matter, code blocks and spans, HTML, link targets, bare URLs, markup
  characters, table pipes, list and quote markers);
* **markup**: what a reader never sees (brackets, link targets, emphasis marks, heading and
  list markers, HTML tags and comments, front matter). ``Document.display`` drops it, so a
  finding's sentence reads "some played best online casino bonus while they wait", not
  ``[best online casino bonus](https://…)``;
* **links**: anchor text span and target of every inline, reference and automatic link and of
  bare URLs in prose (found in text tokens: CommonMark has no bare URLs).

When a token cannot be found where the cursor expects it (an odd tab layout, a NUL the parser
replaced), the rest of that block stays masked: nothing is linted at a wrong offset.

Front matter (``---`` YAML, read with PyYAML's ``safe_load``, or ``+++`` TOML) becomes metadata
and is not linted; malformed front matter is reported in ``metadata["front_matter_error"]`` with
its line, and the article is still checked.
"""

from __future__ import annotations

import bisect
import re
from typing import Any

from ..regex import patterncache
from ..segment.document import Document, Link

_FRONT_MATTER = patterncache.compile(
    r"\A(---|\+\+\+)[ \t]*\r?\n(.*?)\r?\n\1[ \t]*(?:\r?\n|\Z)", re.S)
_BARE_URL = patterncache.compile(
    r"(?<![\w./-])(?:https?://|www\.)[^\s<>()\[\]]+[^\s<>()\[\].,;:!?'\"]")
_COMMENT = patterncache.compile(r"<!--.*?(?:-->|\Z)", re.S)
_LINE_BREAK = patterncache.compile(r"\r\n|\r|\n")
# What may stand between two inline tokens in the source besides markup the walk consumes
# itself: white space, quote and list markers, table pipes, heading marks.
_GAP_OK = frozenset(" \t\r\n>|#-*+.)0123456789=")

COMMENTS_KEY = "credscore_md_comments"
"""``Document.cache`` key: ``[(start, end), ...]`` of HTML comments outside code (markers)."""

UNPLACED_KEY = "credscore_md_unplaced"
"""``Document.cache`` key: how many blocks had a token the walk could not place (left masked)."""

_PARSER: Any = None


def _parser() -> Any:
    global _PARSER
    if _PARSER is None:
        from markdown_it import MarkdownIt

        md = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
        md.disable("text_join")  # keep escapes and entities as their own tokens (exact source)
        _PARSER = md
    return _PARSER


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
    except Exception as err:  # malformed front matter is kept out of linting but not fatal
        return {"front_matter_error": _front_matter_problem(kind, err)}
    if data is None:
        return {}
    if not isinstance(data, dict):
        return {"front_matter_error": f"front matter is a {type(data).__name__}, not a table "
                                      "of keys and values"}
    return data


def _front_matter_problem(kind: str, err: Exception) -> str:
    """One line: what is wrong and where (lines of the file, the opening delimiter is line 1)."""
    mark = getattr(err, "problem_mark", None)
    problem = getattr(err, "problem", None) or str(err).splitlines()[0]
    if mark is not None:
        lang = "YAML" if kind == "---" else "TOML"
        return f"{lang} front matter, line {mark.line + 2}: {problem}"
    found = re.search(r"line (\d+)", str(err))
    if found:
        line = int(found.group(1)) + 1
        return f"TOML front matter, line {line}: {str(err).split(' (at line')[0]}"
    return f"front matter could not be parsed ({problem})"


class _Walk:
    """Source ranges of one Markdown text (see the module docstring)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.prose: list[tuple[int, int]] = []
        self.visible: list[tuple[int, int]] = []  # shown to a reader but not prose (code, URLs)
        self.links: list[Link] = []
        self.comments: list[tuple[int, int]] = []
        self.lost = 0  # blocks whose tokens could not all be placed (kept masked)
        self.cursor = 0
        starts = [0]
        starts.extend(m.end() for m in _LINE_BREAK.finditer(text))
        self.line_starts = starts

    def line_offset(self, line: int) -> int:
        return self.line_starts[line] if line < len(self.line_starts) else len(self.text)

    def find(self, needle: str, limit: int) -> int:
        """Where ``needle`` starts at the cursor, past nothing but gap characters; -1 if not."""
        pos = self.text.find(needle, self.cursor, limit)
        if pos < 0:
            return -1
        gap = self.text[self.cursor : pos]
        if gap and not all(ch in _GAP_OK for ch in gap):
            return -1
        return pos

    def html(self, start: int, end: int) -> None:
        for m in _COMMENT.finditer(self.text, start, end):
            self.comments.append(m.span())

    def block(self, token: Any) -> None:
        """A block token that has no inline children: HTML blocks (comments are markers)."""
        if token.type == "html_block" and token.map:
            self.html(self.line_offset(token.map[0]), self.line_offset(token.map[1]))

    def inline(self, token: Any) -> None:
        if not token.map or not token.children:
            return
        start, limit = self.line_offset(token.map[0]), self.line_offset(token.map[1])
        self.cursor = max(self.cursor, start)
        try:
            self._children(token.children, limit)
        except _Lost:
            self.lost += 1
            self.cursor = limit  # the rest of the block stays masked

    def _children(self, children: list[Any], limit: int) -> None:
        text = self.text
        opened: list[tuple[str, int, str]] = []  # (href, anchor start, link kind)
        for child in children:
            kind = child.type
            if kind == "text":
                content = child.content
                pos = self.find(content, limit)
                if pos < 0 and "|" in content:  # a table cell: the parser unescaped "\|"
                    content = content.replace("|", "\\|")
                pos = self._at(content, limit)
                self._prose(pos, pos + len(content))
                self.cursor = pos + len(content)
            elif kind == "text_special":
                pos = self._at(child.markup, limit)
                end = pos + len(child.markup)
                # an escape ("\\*") or an entity ("&#233;") is prose as written, so that the
                # word around it stays one word for the rules ("communiqu&#233;")
                self.prose.append((pos, end))
                self.cursor = end
            elif kind in ("softbreak", "hardbreak"):
                pos = text.find("\n", self.cursor, limit)
                if pos < 0:
                    raise _Lost
                self.cursor = pos + 1
            elif kind == "code_inline":
                pos = self._at(child.markup, limit)
                close = _closing_run(text, pos + len(child.markup), child.markup, limit)
                self.visible.append((pos + len(child.markup), close))
                self.cursor = close + len(child.markup)
            elif kind in ("em_open", "em_close", "strong_open", "strong_close", "s_open",
                          "s_close"):
                self.cursor = self._at(child.markup, limit) + len(child.markup)
            elif kind == "link_open":
                href = str(child.attrs.get("href", ""))
                if child.markup == "autolink":
                    self.cursor = self._at("<", limit) + 1
                elif child.markup != "linkify":
                    self.cursor = self._at("[", limit) + 1
                opened.append((href, self.cursor, child.markup))
            elif kind == "link_close":
                if not opened:
                    raise _Lost
                href, anchor_start, markup = opened.pop()
                anchor_end = self.cursor
                if markup == "autolink":
                    self._unprose(anchor_start, anchor_end)
                    self.visible.append((anchor_start, anchor_end))
                    self.cursor = self._at(">", limit) + 1
                else:
                    self.cursor = self._at("]", limit) + 1
                    self.cursor = _skip_target(text, self.cursor, limit)
                if anchor_end > anchor_start:
                    self.links.append(Link(anchor_start, anchor_end, "", href))
            elif kind == "image":
                pos = self._at("![", limit)
                end = pos + 2 + len(child.content)
                if text[end : end + 1] != "]":
                    raise _Lost
                self.cursor = _skip_target(text, end + 1, limit)
            elif kind == "html_inline":
                pos = self._at(child.content, limit)
                self.html(pos, pos + len(child.content))
                self.cursor = pos + len(child.content)
            else:  # a token type this walk does not know: stay safe
                raise _Lost

    def _at(self, needle: str, limit: int) -> int:
        pos = self.find(needle, limit) if needle else self.cursor
        if pos < 0:
            raise _Lost
        return pos

    def _prose(self, start: int, end: int) -> None:
        """Text of a text token: prose, except bare URLs (links, not linted)."""
        pos = start
        if "://" in self.text[start:end] or "www." in self.text[start:end]:
            for m in _BARE_URL.finditer(self.text, start, end):
                if m.start() > pos:
                    self.prose.append((pos, m.start()))
                self.visible.append(m.span())
                self.links.append(Link(m.start(), m.end(), m.group(0), m.group(0)))
                pos = m.end()
        if end > pos:
            self.prose.append((pos, end))

    def _unprose(self, start: int, end: int) -> None:
        self.prose = [(a, b) for a, b in self.prose if b <= start or a >= end]
        self.links = [lk for lk in self.links if lk.end <= start or lk.start >= end]


class _Lost(Exception):
    """A token was not where the walk expected it in the source."""


def _closing_run(text: str, pos: int, run: str, limit: int) -> int:
    """Start of the next run of exactly ``len(run)`` backticks from ``pos``."""
    n = len(run)
    while True:
        found = text.find(run, pos, limit)
        if found < 0:
            raise _Lost
        end = found + n
        while end < limit and text[end] == "`":
            end += 1
        if end - found == n and (found == 0 or text[found - 1] != "`"):
            return found
        pos = end


def _skip_target(text: str, pos: int, limit: int) -> int:
    """Past a link's ``(destination "title")`` or ``[label]`` (nothing for a shortcut link)."""
    from markdown_it.helpers import parseLinkDestination, parseLinkTitle

    if text[pos : pos + 1] == "[":
        close = text.find("]", pos, limit)
        if close < 0:
            raise _Lost
        return close + 1
    if text[pos : pos + 1] != "(":
        return pos
    i = pos + 1
    while i < limit and text[i] in " \t\r\n":
        i += 1
    if i < limit and text[i] != ")":
        dest = parseLinkDestination(text, i, limit)
        if not dest.ok:
            raise _Lost
        i = dest.pos
        while i < limit and text[i] in " \t\r\n":
            i += 1
        if i < limit and text[i] != ")":
            title = parseLinkTitle(text, i, limit)
            if not title.ok:
                raise _Lost
            i = title.pos
            while i < limit and text[i] in " \t\r\n":
                i += 1
    if text[i : i + 1] != ")":
        raise _Lost
    return i + 1


def _merge(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for a, b in sorted(r for r in ranges if r[1] > r[0]):
        if out and a <= out[-1][1]:
            if b > out[-1][1]:
                out[-1] = (out[-1][0], b)
        else:
            out.append((a, b))
    return out


def _complement(ranges: list[tuple[int, int]], length: int) -> list[tuple[int, int]]:
    out, pos = [], 0
    for a, b in ranges:
        if a > pos:
            out.append((pos, a))
        pos = max(pos, b)
    if pos < length:
        out.append((pos, length))
    return out


def _without_newlines(text: str, ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """``ranges`` minus line breaks: a reader sees a line break as white space."""
    out = []
    for a, b in ranges:
        pos = a
        for m in _LINE_BREAK.finditer(text, a, b):
            if m.start() > pos:
                out.append((pos, m.start()))
            pos = m.end()
        if b > pos:
            out.append((pos, b))
    return out


def parse_markdown(text: str, path: str | None = None) -> Document:
    """Markdown text -> Document with metadata, links, a mask of non-prose and the markup."""
    metadata: dict[str, Any] = {}
    source = text
    fm = _FRONT_MATTER.match(text)
    fm_end = 0
    if fm:
        fm_end = fm.end()
        raw = _parse_front_matter(fm.group(1), fm.group(2))
        metadata = {str(k): (v if isinstance(v, (str, int, float, bool)) else str(v))
                    for k, v in raw.items()}
        # the parser sees blank lines there: same lines, so its line numbers stay valid
        source = re.sub(r"[^\r\n]", " ", text[:fm_end]) + text[fm_end:]
    walk = _Walk(text)
    walk.cursor = fm_end
    for token in _parser().parse(source):
        if token.type == "inline":
            walk.inline(token)
        else:
            walk.block(token)
    prose = _merge(walk.prose)
    visible = _merge(prose + walk.visible)
    links = []
    visible_ends = [b for _, b in visible]
    for link in sorted(walk.links, key=lambda lk: (lk.start, lk.end)):
        anchor = link.anchor or _display(text, link.start, link.end, visible, visible_ends)
        links.append(Link(link.start, link.end, anchor.strip() or text[link.start:link.end],
                          link.href))
    doc = Document(text=text, fmt="md", path=path, metadata=metadata, links=links,
                   mask=_complement(prose, len(text)),
                   markup=_without_newlines(text, _complement(visible, len(text))))
    doc.cache[COMMENTS_KEY] = sorted(walk.comments)
    doc.cache[UNPLACED_KEY] = walk.lost
    return doc


def _display(text: str, start: int, end: int, visible: list[tuple[int, int]],
             ends: list[int]) -> str:
    i = bisect.bisect_right(ends, start)
    parts = []
    while i < len(visible) and visible[i][0] < end:  # no slice: a copy per link is quadratic
        a, b = visible[i]
        parts.append(text[max(a, start) : min(b, end)])
        i += 1
    return "".join(parts)

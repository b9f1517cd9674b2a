"""HTML: extract the article's main text with a real HTML parser (the standard library's).

The walk keeps text inside ``<article>`` (or ``<main>``), drops scripts, styles, navigation,
headers (except an article's own ``<header>``), footers, asides and forms, turns block elements
into paragraph breaks, and records each link's anchor span and target plus byline/meta tags.

Inside ``<main>``, or in the body when the page has neither ("div soup"), the text comes from
the element holding the most paragraph text (a text-density rule): each ``<p>`` credits its
length to its parent and half to its grandparent; sibling elements that also hold paragraphs
(a fifth of the best one's at least) join it, so a story split into one ``<div>`` per paragraph
stays whole. Menus, sidebars, "related" boxes and comment threads in plain ``<div>``s are left
out. The ``<h1>`` just above the story (headline, then byline, date, share bar: at most
``_HEADLINE_SLACK`` characters before the story starts) is taken in, also for an ``<article>``
whose headline sits outside it. When the densest element holds under 20 words, or under half
the region's text outside links is in ``<p>``s (as in ``<br>``-laid-out e-mails), the whole
region is kept. The Document's ``text`` is the extracted text, so reported spans
index into what credscore shows.

While it walks, the loader records where each character of that text came from in the page
(``doc.cache[credscore.analyse.sourcemap.SOURCE_MAP_KEY]``, a
:class:`~credscore.analyse.sourcemap.SourceMap`),
so findings can be reported at their place in the HTML file. The parser reports each token's
span (``updatepos``); a data token's characters map one to one to its source, except where a
character reference was decoded (``&amp;`` -> ``&``: the character comes from the whole
reference) and where a run of white space (a line break and indentation, ``\r\n``) became one
space (it comes from the run's first character). The line breaks the walk adds come from the
tag that made them (``<br>``, ``</p>``). ``_tidy``'s removals are composed in. Building the map
is linear in the page: one entry per token placed, one segment per piece of text that changes
length, nothing per character.
"""

from __future__ import annotations

import bisect
import re
from array import array
from html import unescape
from html.parser import HTMLParser
from typing import Any

from ..analyse.sourcemap import SOURCE_MAP_KEY, SourceMap, compose
from ..segment.document import Document, Link

_SKIP = frozenset(
    "script style noscript template svg nav header footer aside form iframe button select "
    "textarea object embed canvas figure".split()
)
_BLOCK = frozenset(
    "p div section article main li ul ol dl dt dd blockquote pre table tr td th h1 h2 h3 h4 h5 "
    "h6 hr address figcaption details summary".split()
)
_HEADINGS = frozenset("h1 h2 h3 h4 h5 h6".split())
# At most this much text may be added when widening the densest element to take in the headline:
# room for a headline, standfirst, byline, date and share bar, not for a comment thread.
_HEADLINE_SLACK = 500
_VOID = frozenset("br hr img input meta link area base col embed param source track wbr".split())
_META_KEYS = {
    "author": "author", "article:author": "author", "byl": "author",
    "description": "description", "og:description": "description",
    "og:title": "title", "twitter:title": "title",
    "article:published_time": "date", "date": "date", "pubdate": "date",
    "og:site_name": "source", "og:url": "url",
}
_REGIONS = ("article", "main", "body")
_WHITE_RUN = re.compile(r"\s{2,}")  # str.split's white space, as the walk collapses it
# html.unescape's character references (its own pattern): one match is one reference decoded
_CHARREF = re.compile(r"&(#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[^\t\n\f <&#;]{1,32};?)")
_EVENT = re.compile(r"\s{2,}|" + _CHARREF.pattern)  # what changes a data token's length
_TIDY_RUN = re.compile(r"^[ \n]+|[ \n]{2,}|\n")  # what _tidy may shorten: see there

Segments = list[tuple[int, int, int]]
"""``(text offset, source offset, width)``: the start of each segment of a SourceMap."""


def _collapse(data: str) -> str:
    """A data token's text: each run of white space one space (the ends' too)."""
    text = " ".join(data.split())
    if not text:
        return " " if data else ""
    if data[:1].isspace():
        text = " " + text
    if data[-1:].isspace():
        text += " "
    return text


def _decoded_head(ref: str, char: str) -> int:
    """How much of ``char``, what a reference decodes to, comes from the reference itself: all
    but what ``html.unescape`` leaves as written after a name without ``;`` (``&notit;`` reads
    ``¬it;``: ``it;`` is the source's own)."""
    k = 0
    while k < len(char) - 1 and k < len(ref) - 2 and char[-1 - k] == ref[-1 - k]:
        k += 1
    return len(char) - k


def _token_segments(raw: str, at: int, text: str) -> Segments:
    """Where each character of ``text``, the walk's text of one data token, came from: its
    source is ``raw`` at offset ``at``, read by the parser with references decoded (or, for
    some malformed markup, as it is), then white space collapsed (:func:`_collapse`).

    A run of white space read as one space comes from the run's first character; a reference
    (``&amp;``, ``&#8217;``) from the whole reference. A token whose text is neither reading
    (another parser's) maps as a whole to ``raw``."""
    whole = [(0, at, max(len(raw), 1))]
    if "&" in raw and _collapse(unescape(raw)) == text:
        events = _EVENT.finditer(raw)
    elif _collapse(raw) == text:
        events = _WHITE_RUN.finditer(raw)
    else:
        return whole
    segments = [(0, at, 0)]
    t = last = 0  # text offset of raw[last], where the current one-to-one segment goes on
    for m in events:
        start, end = m.span()
        if raw[start] != "&":  # a run of white space: one space
            t += start - last + 1
            segments.append((t, at + end, 0))
        else:
            ref = m.group()
            char = unescape(ref)
            t += start - last
            if any(c.isspace() for c in char):
                return _spaced_segments(raw, at, text)
            if char != ref:
                head = _decoded_head(ref, char)
                tail = len(char) - head
                segments.append((t, at + start, len(ref) - tail))
                if end - tail < len(raw):
                    segments.append((t + head, at + end - tail, 0))
            t += len(char)
        last = end
    t += len(raw) - last
    if t != len(text):
        return whole
    if segments[-1][0] >= len(text):  # (a run of white space at the very end)
        segments.pop()
    return segments


def _spaced_segments(raw: str, at: int, text: str) -> Segments:
    """:func:`_token_segments` for a token with references to white space (``&nbsp;``,
    ``&#10;``): white space runs are found in the decoded text, then placed in ``raw``."""
    starts, sources, widths = [], [], []  # where each character of decoded came from
    d = last = 0
    for m in _CHARREF.finditer(raw):
        if m.start() > last:
            starts.append(d)
            sources.append(at + last)
            widths.append(0)
            d += m.start() - last
        ref = m.group()
        char = unescape(ref)
        head = _decoded_head(ref, char) if char != ref else len(char)
        if char:
            starts.append(d)
            sources.append(at + m.start())
            widths.append(0 if char == ref else len(ref) - (len(char) - head))
        if head < len(char):
            starts.append(d + head)
            sources.append(at + m.end() - (len(char) - head))
            widths.append(0)
        d += len(char)
        last = m.end()
    if last < len(raw):
        starts.append(d)
        sources.append(at + last)
        widths.append(0)
        d += len(raw) - last
    inner = SourceMap(at + len(raw), array("q", starts), array("q", sources), array("q", widths))
    inner.finish(d)
    decoded = unescape(raw)
    outer = []
    t = last = 0
    for m in _WHITE_RUN.finditer(decoded):
        outer.append((t, t + m.start() - last + 1, last, 0))
        t += m.start() - last + 1
        last = m.end()
    outer.append((t, t + len(decoded) - last, last, 0))
    t += len(decoded) - last
    if t != len(text):
        return [(0, at, max(len(raw), 1))]
    out = compose(outer, inner, len(text))
    return list(zip(out.starts, out.sources, out.widths))


class _Extractor(HTMLParser):
    # A <title> holds text only, so a tag after an unclosed <title> means its "</title>" is
    # missing: the title ends there and the page goes on (as libxml2 recovers; a browser would
    # show an empty page). Pythons whose HTMLParser reads <title> as RCDATA (text up to
    # "</title>" or the end) would swallow the page into the title: that mode is switched off.
    RCDATA_CONTENT_ELEMENTS: tuple[str, ...] = ()

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[tuple[str, str]] = []  # (region, text) where region: article|main|body
        self.out: dict[str, list[str]] = {"article": [], "main": [], "body": []}
        self.links: dict[str, list[Link]] = {"article": [], "main": [], "body": []}
        self.meta: dict[str, Any] = {}
        self.skip_depth = 0
        self.stack: list[str] = []
        self.region_depth = {"article": 0, "main": 0}
        self.in_title = False
        self.title_parts: list[str] = []
        self.open_links: list[tuple[str, dict[str, int], str]] = []
        self.byline_depth = 0
        self.byline_parts: list[str] = []
        self.markers: dict[str, list[tuple[int, str]]] = {"article": [], "main": [], "body": []}
        self.lens = {"article": 0, "main": 0, "body": 0}  # running len("".join(out[region]))
        # elements outside skipped subtrees: [start, end (-1 while open), parent] in the body
        # text, and each one's paragraph score
        self.nodes: list[list[int]] = []
        self.scores: list[float] = []  # paragraph text of children plus half of grandchildren
        self.direct: list[int] = []  # paragraph text of children only
        self.tags: list[str] = []
        self.node_stack: list[int] = []  # parallel to stack; -1 inside skipped subtrees
        # where each piece of out[region] came from, in step with it: its token's source
        # offset and length (negative for data, mapped character by character), appended when
        # the token is placed (_placing)
        self.src_at: dict[str, array[int]] = {r: array("q") for r in _REGIONS}
        self.src_len: dict[str, array[int]] = {r: array("q") for r in _REGIONS}
        self.fed = 0
        self.pending: list[str] = []  # regions of the pieces to place
        self.step_is_data = False  # they are one piece of data in each

    def feed(self, data: str) -> None:
        self.fed += len(data)
        super().feed(data)

    def _placing(self, i: int, j: int) -> int:
        # Stands in for HTMLParser.updatepos while something emitted waits for its source
        # (set by _emit and _break): the parser calls updatepos after each token with its span in
        # ``rawdata`` (what was fed and is not parsed yet), so what the token's handlers
        # emitted came from source offset fed - len(rawdata) + i, j - i characters long.
        at = self.fed - len(self.rawdata) + i
        # One data piece (in each region) is mapped character by character; anything else a
        # token emitted (a tag's line break, or several pieces: not seen from this Python's
        # parser) comes from the whole token.
        size = i - j if self.step_is_data else j - i
        for region in self.pending:
            self.src_at[region].append(at)
            self.src_len[region].append(size)
        self.pending = []
        del self.updatepos  # the parser's own again: most tokens emit nothing
        return HTMLParser.updatepos(self, i, j)

    def source_map(self, source: str, region: str, lo: int, hi: int) -> SourceMap:
        """Where each character of ``region``'s text from ``lo`` to ``hi`` came from in
        ``source`` (the page as fed): data character by character (:func:`_token_segments`),
        line breaks from the tag that made them. Offsets outside ``lo``-``hi`` are left out."""
        out = SourceMap(len(source))
        push_start, push_source, push_width = out.starts.append, out.sources.append, \
            out.widths.append
        last = max(len(source) - 1, 0)
        ats, lens = self.src_at[region], self.src_len[region]
        placed = len(ats)
        offset = 0
        for k, text in enumerate(self.out[region]):
            end = offset + len(text)
            if end > lo and offset < hi:
                at, width = (min(ats[k], last), lens[k]) if k < placed else (last, 0)
                if width < 0:
                    raw = source[at:at - width]
                    if raw == text:
                        push_start(offset)
                        push_source(at)
                        push_width(0)
                    else:
                        for t, src, w in _token_segments(raw, at, text):
                            push_start(offset + t)
                            push_source(src)
                            push_width(w)
                else:  # a line break from a tag; 0: by no token placed (the end)
                    push_start(offset)
                    push_source(at if width else last)
                    push_width(max(min(width, len(source) - at), 1))
            offset = end
        return out.finish(hi)

    # regions the current text belongs to
    def _regions(self) -> list[str]:
        regions = ["body"]
        if self.region_depth["main"]:
            regions.append("main")
        if self.region_depth["article"]:
            regions.append("article")
        return regions

    def _emit(self, text: str, data: bool = False) -> None:
        if not self.pending:  # the next updatepos places it
            self.updatepos = self._placing  # type: ignore[method-assign]
            self.step_is_data = data
        else:
            self.step_is_data = False
        for region in self._regions():
            self.pending.append(region)
            self.out[region].append(text)
            self.lens[region] += len(text)

    def _break(self, n: int = 2) -> None:
        for region in self._regions():
            buf = self.out[region]
            tail = "".join(buf[-3:])
            have = len(tail) - len(tail.rstrip("\n"))
            if buf and have < n:
                if not self.pending:
                    self.updatepos = self._placing  # type: ignore[method-assign]
                self.step_is_data = False
                self.pending.append(region)
                buf.append("\n" * (n - have))
                self.lens[region] += n - have

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.in_title = False  # see RCDATA_CONTENT_ELEMENTS
        a = {k: (v or "") for k, v in attrs}
        if tag == "meta":
            key = (a.get("name") or a.get("property") or "").lower()
            if key in _META_KEYS and a.get("content"):
                self.meta.setdefault(_META_KEYS[key], a["content"].strip())
            return
        if tag == "title":
            self.in_title = True
            return
        if tag in _VOID:
            if tag == "br" and not self.skip_depth:
                self._emit("\n")
            return
        classes = " ".join((a.get("class", ""), a.get("rel", ""), a.get("itemprop", ""))).lower()
        is_byline = "byline" in classes or "author" in classes.split()
        if tag in _BLOCK and self.stack and self.stack[-1].partition("#")[0] == "p":
            self.handle_endtag("p")  # a block start closes an open <p> (HTML's implied </p>)
        self.byline_depth += is_byline
        self.stack.append(tag + ("#byline" if is_byline else ""))
        in_story = self.region_depth["article"] or self.region_depth["main"]
        if self.skip_depth or (tag in _SKIP and not (tag == "header" and in_story)):
            self.skip_depth += 1
            self.node_stack.append(-1)
            return
        parent = self.node_stack[-1] if self.node_stack else -1
        self.node_stack.append(len(self.nodes))
        self.nodes.append([self.lens["body"], -1, parent])
        self.scores.append(0.0)
        self.direct.append(0)
        self.tags.append(tag)
        if tag in self.region_depth:
            self.region_depth[tag] += 1
        if tag in _BLOCK:
            self._break()
        if tag == "a":
            starts = {r: (self.lens[r], len(self.out[r])) for r in self._regions()}
            self.open_links.append((a.get("href", ""), starts, tag))

    def handle_endtag(self, tag: str) -> None:
        if tag == "title" or self.in_title:  # e.g. "</head>" after an unclosed <title>
            self.in_title = False
            if tag == "title":
                return
        if tag in _VOID or not any(t.split("#")[0] == tag for t in self.stack):
            return
        while self.stack:
            top, _, flag = self.stack.pop().partition("#")
            self.byline_depth -= flag == "byline"
            self._close(top, self.node_stack.pop())
            if top == tag:
                break

    def _close(self, tag: str, node: int) -> None:
        if self.skip_depth:
            self.skip_depth -= 1
            return
        if tag == "a" and self.open_links:
            href, starts, _ = self.open_links.pop()
            for region, (start, index) in starts.items():
                end = self.lens[region]
                text = "".join(self.out[region][index:])
                lead = len(text) - len(text.lstrip())
                trail = len(text) - len(text.rstrip())
                if text.strip():
                    self.links[region].append(
                        Link(start + lead, end - trail, text.strip(), href.strip())
                    )
        if tag in _BLOCK:
            self._break()
        if self.region_depth.get(tag):
            self.region_depth[tag] -= 1
        if node >= 0:
            record = self.nodes[node]
            record[1] = self.lens["body"]
            if tag == "p":  # paragraph text: full credit to the parent, half to the grandparent
                parent = record[2]
                if parent >= 0:
                    self.direct[parent] += record[1] - record[0]
                for share in (1.0, 0.5):
                    if parent < 0:
                        break
                    self.scores[parent] += share * (record[1] - record[0])
                    parent = self.nodes[parent][2]

    def story_span(self, region: str) -> tuple[int, int, int, int] | None:
        """Body offsets of the story and of the element it was looked for in (module doc).

        None keeps the whole region (several ``<article>``s or ``<main>``s, or no paragraphs)."""
        end_all = self.lens["body"]
        spans = [(s, e if e >= 0 else end_all) for s, e, _ in self.nodes]
        roots = [i for i, t in enumerate(self.tags) if t == region]
        if region == "body":
            lo, hi = 0, end_all
        elif len(roots) == 1:
            lo, hi = spans[roots[0]]
        else:
            return None
        if region == "article":
            start, end = lo, hi
        else:
            inside = [i for i, (s, e) in enumerate(spans)
                      if lo <= s and e <= hi and self.scores[i] > 0]
            if not inside:
                return None
            best = max(inside, key=self.scores.__getitem__)
            start, end = spans[best]
            up = self.nodes[best][2]
            if up >= 0 and self.direct[best] and lo <= spans[up][0]:
                # siblings that hold paragraphs too: a story split into one block per paragraph
                siblings = [spans[i] for i, n in enumerate(self.nodes)
                            if n[2] == up and 5 * self.direct[i] >= self.direct[best]]
                start, end = siblings[0][0], siblings[-1][1]
        heads = [spans[i][0] for i, t in enumerate(self.tags) if t == "h1" and spans[i][0] < end]
        if heads and heads[-1] < start and start - heads[-1] <= _HEADLINE_SLACK:
            start = heads[-1]  # take in the headline just above the story
        return start, end, lo, hi

    def handle_comment(self, data: str) -> None:
        """Keep ``<!-- credscore-... -->`` suppression markers with their text offset."""
        if "credscore-" in data:
            for region in self._regions():
                self.markers[region].append((self.lens[region], data))

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title_parts.append(data)
            return
        if self.byline_depth and data.strip():
            self.byline_parts.append(data.strip())
        if self.skip_depth:
            return
        text = _collapse(data)
        if text:
            self._emit(text, True)


def _tidy(
    raw: str, links: list[Link], points: list[int] | None = None
) -> tuple[str, list[Link], list[tuple[int, int, int, int]]]:
    """Strip spaces around line breaks while keeping link offsets valid.

    Read left to right, a space goes when nothing or a space or line break was kept before it,
    or a line break follows it; a line break goes after two kept ones; then the ends are
    stripped. Only white-space runs other than a single space between words can change, so
    those are the only ones looked at (``_TIDY_RUN``). Offsets in ``points`` (suppression
    markers) are moved in place to the tidied text. Also returns, as ``(start, end, offset,
    0)`` segments, where each character of the tidied text is in ``raw``."""
    pieces: list[str] = []
    selection: list[tuple[int, int, int, int]] = []
    run_starts: list[int] = []
    runs: list[tuple[int, int, list[int]]] = []  # (end, tidied offset, raw offsets kept)
    last = size = 0
    for m in _TIDY_RUN.finditer(raw):
        start, end = m.span()
        if start > last:
            pieces.append(raw[last:start])
            selection.append((size, size + start - last, last, 0))
            size += start - last
        run = m.group()
        kept = [start] if start and run.startswith("  ") else []
        first = run.find("\n")
        if first >= 0:
            kept.append(start + first)
            second = run.find("\n", first + 1)
            if second >= 0:
                kept.append(start + second)
        run_starts.append(start)
        runs.append((end, size, kept))
        for offset in kept:
            selection.append((size, size + 1, offset, 0))
            size += 1
        pieces.append("".join(raw[offset] for offset in kept))
        last = end
    if last < len(raw):
        pieces.append(raw[last:])
        selection.append((size, size + len(raw) - last, last, 0))
    text = "".join(pieces)

    def mapping(offset: int) -> int:  # tidied offset of raw ``offset`` (or of what follows it)
        k = bisect.bisect_right(run_starts, offset) - 1
        if k < 0:
            return offset
        end, at, kept = runs[k]
        if offset < end:
            return at + sum(1 for o in kept if o < offset)
        return at + len(kept) + offset - end

    moved = []
    for link in links:
        s, e = mapping(link.start), mapping(link.end)
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            moved.append(Link(s, e, text[s:e], link.href))
    stripped = text.rstrip()
    lead = min(len(text) - len(text.lstrip()), len(stripped))  # (no text: offsets stay at 0)
    if points:
        points[:] = [min(max(mapping(p) - lead, 0), len(stripped) - lead) for p in points]
    kept_selection = [(max(t0, lead) - lead, min(t1, len(stripped)) - lead,
                       r0 + max(lead - t0, 0), 0)
                      for t0, t1, r0, _ in selection if t1 > lead and t0 < len(stripped)]
    return (stripped[lead:], [Link(lk.start - lead, lk.end - lead, lk.anchor, lk.href)
                              for lk in moved if lk.end <= len(stripped)], kept_selection)


def _is_main_text(parser: _Extractor, raw: str, links: list[Link], span: tuple[int, int],
                  root: tuple[int, int]) -> bool:
    """Whether the densest element can stand for the page: it holds 20+ words, and at least half
    the text outside links where it was looked for is in ``<p>``s (else the prose is not in
    paragraphs, e.g. an e-mail laid out with ``<br>``, and its one ``<p>`` may be a footer)."""
    lo, hi = root
    prose = (hi - lo) - sum(lk.end - lk.start for lk in links if lo <= lk.start and lk.end <= hi)
    in_p = sum(e - s for (s, e, _), tag in zip(parser.nodes, parser.tags)
               if tag == "p" and lo <= s and 0 <= e <= hi)
    return len(raw[span[0] : span[1]].split()) >= 20 and 2 * in_p >= prose


def parse_html(html: str, path: str | None = None) -> Document:
    """HTML page -> Document of its main text, links and metadata."""
    parser = _Extractor()
    parser.feed(html)
    parser.close()
    region = "body"
    for candidate in ("article", "main"):
        if len("".join(parser.out[candidate]).split()) >= 20:
            region = candidate
            break
    raw, links, markers = "".join(parser.out[region]), parser.links[region], parser.markers[region]
    origin, shift = region, 0  # raw is the text of region ``origin`` from offset ``shift``
    span = parser.story_span(region)
    if span:
        body, body_links = "".join(parser.out["body"]), parser.links["body"]
        s, e, lo, hi = span
        if region == "article" or _is_main_text(parser, body, body_links, (s, e), (lo, hi)):
            raw = body[s:e]
            origin, shift = "body", s
            links = [Link(lk.start - s, lk.end - s, lk.anchor, lk.href)
                     for lk in body_links if s <= lk.start and lk.end <= e]
            markers = [(o - s, text) for o, text in parser.markers["body"] if s <= o <= e]
    offsets = [offset for offset, _ in markers]
    text, links, selection = _tidy(raw, links, offsets)
    source_map = compose([(t0, t1, r0 + shift, 0) for t0, t1, r0, _ in selection],
                         parser.source_map(html, origin, shift, shift + len(raw)), len(text))
    meta = dict(parser.meta)
    title = " ".join("".join(parser.title_parts).split())
    if title:
        meta.setdefault("title", title)
    if parser.byline_parts and "author" not in meta:
        meta["author"] = " ".join(parser.byline_parts)[:200]
    doc = Document(text=text, fmt="html", path=path, metadata=meta, links=links)
    doc.cache[SOURCE_MAP_KEY] = (html, source_map)  # read by credscore.analyse.sourcemap
    if markers:  # read by credscore.analyse.suppress
        doc.cache["credscore_markers"] = [(o, body) for o, (_, body) in zip(offsets, markers)]
    return doc

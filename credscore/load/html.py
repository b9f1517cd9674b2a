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
tag that made them (``<br>``, ``</p>``). ``htmltext.tidy``'s removals are composed in. Building
the map is linear in the page: one entry per token placed, one segment per piece of text that
changes length, nothing per character.
"""

from __future__ import annotations

from array import array
from html.parser import HTMLParser
from typing import Any

from ..analyse.sourcemap import SOURCE_MAP_KEY, SourceMap, compose
from ..segment.document import Document, Link
from .htmltext import collapse, tidy, token_segments

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
        ``source`` (the page as fed): data character by character (:func:`token_segments`),
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
                        for t, src, w in token_segments(raw, at, text):
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
        text = collapse(data)
        if text:
            self._emit(text, True)


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
    text, links, selection = tidy(raw, links, offsets)
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

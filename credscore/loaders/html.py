"""HTML: extract the article's main text with a real HTML parser (the standard library's).

The walk keeps text inside ``<article>`` (or ``<main>``, or the body when neither exists), drops
scripts, styles, navigation, headers, footers, asides and forms, turns block elements into
paragraph breaks, and records each link's anchor span and target plus byline/meta tags. The
Document's ``text`` is the extracted text, so reported spans index into what credscore shows.
"""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

from ..document import Document, Link

_SKIP = frozenset(
    "script style noscript template svg nav header footer aside form iframe button select "
    "textarea object embed canvas figure".split()
)
_BLOCK = frozenset(
    "p div section article main li ul ol dl dt dd blockquote pre table tr td th h1 h2 h3 h4 h5 "
    "h6 hr address figcaption details summary".split()
)
_HEADINGS = frozenset("h1 h2 h3 h4 h5 h6".split())
_VOID = frozenset("br hr img input meta link area base col embed param source track wbr".split())
_META_KEYS = {
    "author": "author", "article:author": "author", "byl": "author",
    "description": "description", "og:description": "description",
    "og:title": "title", "twitter:title": "title",
    "article:published_time": "date", "date": "date", "pubdate": "date",
    "og:site_name": "source", "og:url": "url",
}


class _Extractor(HTMLParser):
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

    # regions the current text belongs to
    def _regions(self) -> list[str]:
        regions = ["body"]
        if self.region_depth["main"]:
            regions.append("main")
        if self.region_depth["article"]:
            regions.append("article")
        return regions

    def _emit(self, text: str) -> None:
        for region in self._regions():
            self.out[region].append(text)

    def _break(self, n: int = 2) -> None:
        for region in self._regions():
            buf = self.out[region]
            tail = "".join(buf[-3:])
            have = len(tail) - len(tail.rstrip("\n"))
            if buf and have < n:
                buf.append("\n" * (n - have))

    def _length(self, region: str) -> int:
        return sum(len(s) for s in self.out[region])

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
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
        self.byline_depth += is_byline
        self.stack.append(tag + ("#byline" if is_byline else ""))
        if self.skip_depth or tag in _SKIP:
            self.skip_depth += 1
            return
        if tag in self.region_depth:
            self.region_depth[tag] += 1
        if tag in _BLOCK:
            self._break()
        if tag == "a":
            starts = {r: self._length(r) for r in self._regions()}
            self.open_links.append((a.get("href", ""), starts, tag))

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
            return
        if tag in _VOID or not any(t.split("#")[0] == tag for t in self.stack):
            return
        while self.stack:
            top, _, flag = self.stack.pop().partition("#")
            self.byline_depth -= flag == "byline"
            self._close(top)
            if top == tag:
                break

    def _close(self, tag: str) -> None:
        if self.skip_depth:
            self.skip_depth -= 1
            return
        if tag == "a" and self.open_links:
            href, starts, _ = self.open_links.pop()
            for region, start in starts.items():
                end = self._length(region)
                text = "".join(self.out[region])[start:end]
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

    def handle_comment(self, data: str) -> None:
        """Keep ``<!-- credscore-... -->`` suppression markers with their text offset."""
        if "credscore-" in data:
            for region in self._regions():
                self.markers[region].append((self._length(region), data))

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title_parts.append(data)
            return
        if self.byline_depth and data.strip():
            self.byline_parts.append(data.strip())
        if self.skip_depth:
            return
        text = " ".join(data.split())
        if not text:
            if data and self._regions():
                self._emit(" ")
            return
        if data[:1].isspace():
            text = " " + text
        if data[-1:].isspace():
            text += " "
        self._emit(text)


def _tidy(
    raw: str, links: list[Link], points: list[int] | None = None
) -> tuple[str, list[Link]]:
    """Strip spaces around line breaks while keeping link offsets valid.

    Offsets in ``points`` (suppression markers) are moved in place to the tidied text."""
    out: list[str] = []
    mapping = [0] * (len(raw) + 1)
    for i, ch in enumerate(raw):
        mapping[i] = len(out)
        if ch == " " and (
            not out or out[-1] in "\n " or (i + 1 < len(raw) and raw[i + 1] == "\n")
        ):
            continue
        if ch == "\n" and len(out) >= 2 and out[-1] == "\n" and out[-2] == "\n":
            continue
        out.append(ch)
    mapping[len(raw)] = len(out)
    text = "".join(out)
    moved = []
    for link in links:
        s, e = mapping[link.start], mapping[link.end]
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            moved.append(Link(s, e, text[s:e], link.href))
    stripped = text.rstrip()
    lead = len(text) - len(text.lstrip())
    if points:
        points[:] = [min(max(mapping[p] - lead, 0), len(stripped) - lead) for p in points]
    return stripped[lead:], [Link(lk.start - lead, lk.end - lead, lk.anchor, lk.href)
                             for lk in moved if lk.end <= len(stripped)]


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
    markers = parser.markers[region]
    offsets = [offset for offset, _ in markers]
    text, links = _tidy("".join(parser.out[region]), parser.links[region], offsets)
    meta = dict(parser.meta)
    title = " ".join("".join(parser.title_parts).split())
    if title:
        meta.setdefault("title", title)
    if parser.byline_parts and "author" not in meta:
        meta["author"] = " ".join(parser.byline_parts)[:200]
    doc = Document(text=text, fmt="html", path=path, metadata=meta, links=links)
    if markers:  # read by credscore.suppress
        doc.cache["credscore_markers"] = [(o, body) for o, (_, body) in zip(offsets, markers)]
    return doc

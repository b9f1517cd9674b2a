"""HTML findings at their place in the page: the loader's source map (credscore/load/html.py)
and credscore/analyse/sourcemap.py. The renderers' and the language server's use of it are tested in
test_sarif.py, test_cli_conventions.py and test_lsp.py."""

from __future__ import annotations

import html
import random
import re
from array import array

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from credscore.analyse.sourcemap import SOURCE_MAP_KEY, SourceMap, compose, source_span
from credscore.api import Checker
from credscore.load import parse_text
from credscore.load.html import parse_html
from credscore.load.htmltext import tidy
from credscore.segment.document import Link

from .conftest import SLOTS_SEED, reads_as

CHECKER = Checker()
# A page as a CMS writes it (CRLF, references, a menu, inline tags, a <br>); the renderers'
# tests check their positions against it (test_sarif, test_cli_conventions, test_lsp).
PAGE = ("<!doctype html>\r\n<html><head><title>Merger &amp; rates</title></head>\r\n<body>\r\n"
        '<nav><a href="/">Home</a> <a href="/news">News</a></nav>\r\n<article>\r\n'
        "  <h1>The bank&#8217;s merger</h1>\r\n"
        "  <p>The central bank raised its main interest rate to 5.25% on Thursday,\r\n"
        "     the ninth rise in a row, Governor Andrew Bailey said.</p>\r\n"
        "  <p>Its rival&#8217;s chairman said the move was expected.<br>\r\n"
        "     <em>Experts</em> <b>say</b> the merger will close in March.</p>\r\n"
        "</article>\r\n</body></html>\r\n")
VAGUE_START = PAGE.index("Experts")  # AT101's evidence "Experts say", in the page
VAGUE_END = PAGE.index("say</b>") + 3
_INLINE = ("a b i em strong span small sub sup u font code mark abbr cite q s tt big del ins "
           "time label").split()
_TAG = re.compile(r"<!--.*?-->|<(/?)([A-Za-z][\w-]*)[^>]*>|<[^>]*>", re.S)


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text)


def page_words(piece: str) -> list[str]:
    """The words of a stretch of HTML as a reader sees them: comments and inline tags vanish,
    other tags separate words, references are decoded."""
    def repl(m: re.Match[str]) -> str:
        return "" if m.group(0).startswith("<!--") or (m.group(2) or "").lower() in _INLINE \
            else " "
    return words(html.unescape(_TAG.sub(repl, piece)))


def assert_words_in_order(evidence: str, piece: str) -> None:
    """The evidence's words appear in order in the source slice, which starts with the first
    and ends with the last (modulo references, white space and markup)."""
    want, have = words(evidence), page_words(piece)
    assert want, evidence
    assert have[:1] == want[:1] and have[-1:] == want[-1:], (evidence, piece)
    rest = iter(have)
    assert all(w in rest for w in want), (evidence, piece)


def line_col(source: str, offset: int) -> tuple[int, int]:
    starts = [0, *(m.end() for m in re.finditer(r"\r\n|\r|\n", source))]
    n = sum(1 for s in starts if s <= offset)
    return n, offset - starts[n - 1] + 1


def test_the_renderers_page_is_what_their_tests_expect() -> None:
    assert line_col(PAGE, VAGUE_START) == (10, 10) and line_col(PAGE, VAGUE_END) == (10, 29)
    report = CHECKER.check_text(PAGE, "html", "page.html")
    (vague,) = [f for f in report.findings if f.rule_id == "AT101"]
    assert vague.evidence == "Experts say"
    assert (vague.source.start, vague.source.end) == (VAGUE_START, VAGUE_END)
    assert_findings_placed(report, PAGE)


def mapped(doc):  # type: ignore[no-untyped-def]
    source, to_source = doc.cache[SOURCE_MAP_KEY]
    assert isinstance(to_source, SourceMap)
    return source, to_source


def assert_map_holds(doc) -> None:  # type: ignore[no-untyped-def]
    """In range, monotone, and every character reads as its source."""
    source, m = mapped(doc)
    assert m.length == len(doc.text)
    last_start = last_end = 0
    for i, ch in enumerate(doc.text):
        start, end = m(i), m.end(i)
        assert 0 <= start < end <= len(source), (i, ch)
        assert start >= last_start and end >= last_end, (i, ch)
        assert reads_as(ch, source[start:end]), (i, ch, source[start:end])
        last_start, last_end = start, end
    assert m(len(doc.text)) == (last_end if doc.text else 0)


def assert_findings_placed(report, source: str) -> None:  # type: ignore[no-untyped-def]
    assert report.findings
    for f in report.findings:
        src = f.source
        assert src is not None, f
        assert_words_in_order(f.evidence, source[src.start:src.end])
        assert (src.line, src.column) == line_col(source, src.start)
        assert (src.end_line, src.end_column) == line_col(source, src.end)


# ---------------------------------------------------------------- the map itself

def test_segments_merge_and_look_up() -> None:
    m = SourceMap(100)
    m.add(0, 10)          # "abc" from 10..12
    m.add(3, 13)          # goes on one to one: merged
    m.add(5, 20, 6)       # one character from a 6-character reference
    m.add(6, 26)
    m.finish(9)
    assert list(m.starts) == [0, 5, 6] and list(m.widths) == [0, 6, 0]
    assert [m(i) for i in range(9)] == [10, 11, 12, 13, 14, 20, 26, 27, 28]
    assert [m.end(i) for i in range(9)] == [11, 12, 13, 14, 15, 26, 27, 28, 29]
    assert m(9) == 29 and m.span(4, 6) == (14, 26) and m.span(3, 3) == (13, 13)
    assert source_span(m, 5, 6) == (20, 26)
    assert source_span(lambda i: i + 1, 2, 4) == (3, 5)  # a plain function: one past the last
    assert SourceMap(0).finish(0)(0) == 0


def test_compose_walks_both_maps() -> None:
    inner = SourceMap(50, array("q", [0, 4, 5]), array("q", [10, 20, 30]), array("q", [0, 3, 0]))
    inner.finish(10)  # 0-3 -> 10-13, 4 -> 20..22, 5-9 -> 30-34
    out = compose([(0, 2, 1, 0), (2, 5, 4, 0), (5, 6, 9, 0)], inner, 6)
    assert [out(i) for i in range(6)] == [11, 12, 20, 30, 31, 34]
    assert [out.end(i) for i in range(6)] == [12, 13, 23, 31, 32, 35]


# ---------------------------------------------------------------- the loader's map

@pytest.mark.parametrize("page", [
    "<p>AT&amp;T&#8217;s caf&eacute; &hellip; x&nbsp;y &#x27;q&#x27; &lt;b&gt; &ampfoo &#0; "
    "&notit; &unknown; &amp</p>",
    "<html>\r\n<body>\r\n<article>\r\n<h1>Title</h1>\r\n<p>one\r\n    two\r\n\r\n three</p>\r\n"
    "</article>\r\n</body>\r\n</html>\r\n",
    "<p>line one<br>line two<br/>line three<BR >four</p>",
    "<p>Ex<b>pe<i>rts</i></b> s<span>ay</span> the <a href='/x'>mer<em>ger</em></a> will</p>",
    "<div><p>unclosed<div>block<p>para</div>tail</div>",
    "a < b and c<d <a<b x> </> <!x> <?pi?> <![CDATA[c]]> text &amp",
    "<p>text</p><!-- credscore-disable-next-line all --><p>more</p><!-- unclosed",
    "<title>T</title><nav><a href='/'>menu</a></nav><p>body <script>x()</script>text</p>",
    "no markup at all,\tjust  text\n\nand\r\rlines",
    "",
    "<p> </p>",
    "<article><!-- credscore-disable-next-line AT101 --> </article>",
])
def test_every_character_reads_as_its_source(page: str) -> None:
    assert_map_holds(parse_html(page))


def test_a_marker_in_a_page_without_text_is_no_internal_error() -> None:
    page = "<article><!-- credscore-disable-next-line AT101 --> </article>"
    assert parse_html(page).cache["credscore_markers"][0][0] == 0  # was -2: an IndexError
    assert CHECKER.check_text(page, "html", "empty.html").not_assessed is not None


def test_entities_map_to_the_whole_reference() -> None:
    page = "<p>The bank&#8217;s deal with AT&amp;T&hellip;</p>"
    doc = parse_html(page)
    source, m = mapped(doc)
    assert doc.text == "The bank’s deal with AT&T…"
    assert source[slice(*m.span(doc.text.index("’"), doc.text.index("’") + 1))] == "&#8217;"
    assert source[slice(*m.span(doc.text.index("AT&T"), len(doc.text)))] == "AT&amp;T&hellip;"


def test_text_split_across_tags_and_lines() -> None:
    page = ("<html><body><article>\r\n  <p>The central bank said\r\n      on <b>Thurs</b>day "
            "that <a href=\"/r\">rates <em>would</em>\r\n rise</a>.</p>\r\n</article></body>"
            "</html>")
    doc = parse_html(page)
    source, m = mapped(doc)
    assert doc.text == "The central bank said on Thursday that rates would rise."
    start, end = m.span(doc.text.index("said"), doc.text.index("would") + 5)
    assert source[start:end] == ("said\r\n      on <b>Thurs</b>day that <a href=\"/r\">rates "
                                 "<em>would")
    assert line_col(source, start) == (2, 23) and line_col(source, end) == (3, 59)
    link = doc.links[0]
    assert source[slice(*m.span(link.start, link.end))] == "rates <em>would</em>\r\n rise"


def test_story_cut_from_div_soup_maps_to_the_page() -> None:
    # the density rule takes the story out of the body text: the slice is composed in
    menu = "".join(f'<li><a href="/{s}">{s} section</a></li>' for s in ("news", "sport", "travel"))
    story = "\n".join(f"<p>{html.escape(p)} &mdash; said the council&#8217;s leader.</p>"
                      for p in ("The council approved a budget of 4.2 million pounds for road "
                                "repairs on Tuesday.", "Opposition members said the money would "
                                "not cover the backlog.", "Funding would be sought from the "
                                "regional transport authority."))
    page = (f'<body><div class="menu"><ul>{menu}</ul></div><div class="content"><h1>Council '
            f'backs road budget</h1><div class="story">{story}</div></div><div class="side">'
            '<p>Celebrity chef opens restaurant</p></div></body>')
    doc = parse_html(page)
    assert doc.text.startswith("Council backs road budget") and "section" not in doc.text
    assert_map_holds(doc)


def _seed_page(crlf: bool, layout: str) -> str:
    """The slots-insertion seed as a web page: paragraphs with references, inline emphasis, a
    link in the spam sentence, wrapped lines."""
    rng = random.Random(3)
    paras = []
    for line in SLOTS_SEED.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        escaped = html.escape(line.replace("star wars slots online", "\x00")).split(" ")
        for k in range(3, len(escaped), 11):
            escaped[k] = f"<em>{escaped[k]}</em>"
        body = "\n        ".join(" ".join(escaped[i:i + 9]) for i in range(0, len(escaped), 9))
        body = body.replace("\x00", '<a href="https://slots.example/">star wars\r\n  slots '
                                    "online</a>")
        tag = "h2" if len(line) < 60 else "p"
        paras.append(f"    <{tag}>{body}</{tag}>")
        if rng.random() < 0.2:
            paras.append("    <!-- ad slot --><div class=\"ad\"></div>")
    story = "\n".join(paras)
    if layout == "article":
        page = (f"<!doctype html>\n<html><head><title>AI security</title></head>\n<body>\n"
                f"<nav><a href=\"/\">Home</a></nav>\n<article>\n{story}\n</article>\n"
                "<footer>Copyright</footer>\n</body></html>\n")
    else:
        page = (f"<html><body><div class=\"menu\"><a href=\"/\">Home</a> <a href=\"/n\">News</a>"
                f"</div>\n<div class=\"wrap\"><div class=\"story\">\n{story}\n</div>\n"
                "<div class=\"side\"><p>Most read: a storm warning.</p></div></div></body></html>")
    return page.replace("\n", "\r\n") if crlf else page


@pytest.mark.parametrize(("crlf", "layout"), [(False, "article"), (True, "article"),
                                              (True, "divsoup")])
def test_every_finding_of_a_real_article_is_placed(crlf: bool, layout: str) -> None:
    page = _seed_page(crlf, layout)
    doc = parse_text(page, "html", "slots.html")
    assert_map_holds(doc)
    report = CHECKER.check_document(doc)
    assert {"SP101", "FL102"} <= {f.rule_id for f in report.findings}
    assert_findings_placed(report, page)
    spam = next(f for f in report.findings if f.rule_id == "SP101")
    breaks = "\r\r\n" if crlf else "\r\n"  # (the CRLF page has a lone CR there too)
    assert page[spam.source.start:spam.source.end] == f"star wars{breaks}  slots online"


# ---------------------------------------------------------------- generated pages

WORDS = st.sampled_from([
    "bank", "rates", "Experts", "say", "AT&amp;T", "bank&#8217;s", "caf&eacute;", "&hellip;",
    "x&nbsp;y", "&#x27;q&#x27;", "&lt;b&gt;", "&ampfoo", "&#0;", "&#x1F600;", "&notit;", "&",
    "a<b", "<", "3 < 4", "é", "\u00a0", "\u2019", "best online casino bonus",
])
SPACE = st.sampled_from([" ", "  ", "\n", "\r\n", "\t", "\n      ", "\r\n   \r\n", ""])
INLINE = st.sampled_from(["b", "i", "em", "span", "a", "strong"])
BLOCK = st.sampled_from(["p", "div", "h1", "h2", "li", "blockquote", "section", "td"])
SKIPPED = st.sampled_from(["<nav><a href='/'>Home</a> <a href='/n'>News</a></nav>",
                           "<script>var x = '<p>not text</p>';</script>", "<style>p{}</style>",
                           "<aside><p>Most read</p></aside>", "<footer>Copyright</footer>",
                           "<!-- a comment -->", "<!-- credscore-disable-next-line AT101 -->",
                           "<br>", "<br/>", "<hr>", "<img src='x.png' alt='x'>", "</p>", "</>",
                           "<!doctype html>", "<?xml x?>", "<![CDATA[x]]>", "<p", "</div>"])


@st.composite
def inline_text(draw: st.DrawFn, depth: int = 0) -> str:
    parts = []
    for _ in range(draw(st.integers(1, 6))):
        kind = draw(st.integers(0, 5 if depth < 2 else 3))
        if kind <= 3:
            parts.append(draw(WORDS) + draw(SPACE))
        elif kind == 4:
            tag = draw(INLINE)
            attrs = ' href="https://x.example/?a=1&amp;b=2"' if tag == "a" else ""
            parts.append(f"<{tag}{attrs}>{draw(inline_text(depth + 1))}</{tag}>")
        else:
            parts.append(draw(SKIPPED))
    return "".join(parts)


@st.composite
def pages(draw: st.DrawFn) -> str:
    blocks = []
    for _ in range(draw(st.integers(0, 8))):
        if draw(st.booleans()):
            tag = draw(BLOCK)
            close = f"</{tag}>" if draw(st.integers(0, 4)) else ""
            blocks.append(f"<{tag}>{draw(inline_text())}{close}")
        else:
            blocks.append(draw(st.one_of(SKIPPED, inline_text())))
        blocks.append(draw(SPACE))
    body = "".join(blocks)
    wrap = draw(st.sampled_from(["{}", "<article>{}</article>", "<main>{}</main>",
                                 "<html><head><title>T &amp; t</title></head><body>{}</body>"
                                 "</html>", "<div class='content'>{}</div>"]))
    page = wrap.format(body)
    return page.replace("\n", "\r\n") if draw(st.booleans()) else page


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(page=pages())
def test_generated_pages_map_monotone_and_in_range(page: str) -> None:
    assert_map_holds(parse_html(page))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(page=pages())
def test_generated_pages_place_their_findings(page: str) -> None:
    report = CHECKER.check_text(page, "html", "fuzz.html")  # conftest checks every source span
    for f in report.findings:
        assert f.source is not None


def _tidy_before(raw: str, links: list[Link], points: list[int]) -> tuple[str, list[Link]]:
    """tidy as it was, one character at a time: the reference for the faster one (but for
    suppression markers in a page without text, which it put at negative offsets)."""
    out: list[str] = []
    mapping = [0] * (len(raw) + 1)
    for i, ch in enumerate(raw):
        mapping[i] = len(out)
        if ch == " " and (not out or out[-1] in "\n " or (i + 1 < len(raw) and raw[i + 1] == "\n")):
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
    lead = min(len(text) - len(text.lstrip()), len(stripped))  # (was negative without text)
    points[:] = [min(max(mapping[p] - lead, 0), len(stripped) - lead) for p in points]
    return stripped[lead:], [Link(lk.start - lead, lk.end - lead, lk.anchor, lk.href)
                             for lk in moved if lk.end <= len(stripped)]


@settings(max_examples=500, deadline=None)
@given(raw=st.text(alphabet="ab \n", max_size=40), data=st.data())
def test_tidy_keeps_what_it_did_and_says_where_each_character_was(raw: str,
                                                                   data: st.DataObject) -> None:
    offsets = st.integers(0, len(raw))
    links = []
    for _ in range(data.draw(st.integers(0, 3))):
        a, b = sorted((data.draw(offsets), data.draw(offsets)))
        links.append(Link(a, b, raw[a:b], "/x"))
    points = data.draw(st.lists(offsets, max_size=3))
    expected_points = list(points)
    expected = _tidy_before(raw, links, expected_points)
    text, moved, selection = tidy(raw, links, points)
    assert (text, moved, points) == (*expected, expected_points)
    got = [raw[r0 + i] for t0, t1, r0, _ in selection for i in range(t1 - t0)]
    assert "".join(got) == text
    flat = [r0 + i for t0, t1, r0, _ in selection for i in range(t1 - t0)]
    assert flat == sorted(set(flat))

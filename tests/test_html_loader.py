"""HTML main-text extraction: the cases bench/html_extract.py found broken, kept fixed."""

from __future__ import annotations

from credscore.load.html import parse_html
from credscore.segment.document import Document

STORY = [
    "The council approved a budget of 4.2 million pounds for road repairs on Tuesday, after a "
    "debate that lasted most of the afternoon.",
    "Opposition members said the money would not cover the backlog of potholes reported by "
    "residents over the winter months.",
    "The leader of the council said further funding would be sought from the regional "
    "transport authority later in the year.",
]
MENU = "".join(f'<li><a href="/{s}">{s} section</a></li>' for s in
               ("news", "sport", "business", "weather", "culture", "travel"))
SIDEBAR = ('<div class="sidebar"><h2>Most read</h2><ul><li><a href="/1">Celebrity chef opens '
           'restaurant</a></li><li><a href="/2">Storm warning for the coast</a></li></ul></div>')
COMMENTS = ('<div class="comments"><div class="comment"><p>Totally agree, great read!!</p></div>'
            '<div class="comment"><p>Click my profile for free followers</p></div></div>')
FOOTER = '<div class="footer"><p>Copyright 2024 Example Media Ltd. All rights reserved.</p></div>'


def paras(wrap: bool = False) -> str:
    out = [f"<p>{p}</p>" for p in STORY]
    out[1] = out[1].replace("backlog of potholes", '<a href="/potholes">backlog of potholes</a>')
    if wrap:
        out = [f'<div class="text-block">{p}</div>' for p in out]
    return "\n".join(out)


def check_links(doc: Document) -> None:
    assert doc.links
    for link in doc.links:
        assert doc.text[link.start : link.end] == link.anchor


def assert_story_only(doc: Document) -> None:
    for p in STORY:
        assert p in doc.text
    for junk in ("section", "Most read", "Celebrity chef", "Totally agree", "free followers",
                 "Copyright"):
        assert junk not in doc.text
    check_links(doc)


def test_headline_in_the_articles_own_header_is_kept() -> None:
    page = (f'<body><header class="site"><a href="/">Site name</a><nav>{MENU}</nav></header>'
            f"<article><header><h1>Council backs road budget</h1></header>{paras()}</article>"
            "</body>")
    doc = parse_html(page)
    assert doc.text.startswith("Council backs road budget\n\n")
    assert "Site name" not in doc.text and "section" not in doc.text


def test_div_soup_keeps_the_densest_element_and_its_headline() -> None:
    page = (f'<body><div class="menu"><ul>{MENU}</ul></div><div id="wrapper">'
            f'<div class="content"><h1>Council backs road budget</h1><div class="byline">By A. '
            f'Writer</div><div class="story-body">{paras()}</div></div>{SIDEBAR}{COMMENTS}</div>'
            f"{FOOTER}</body>")
    doc = parse_html(page)
    assert doc.text.startswith("Council backs road budget\n\nBy A. Writer\n\n")
    assert_story_only(doc)


def test_story_split_into_one_block_per_paragraph_stays_whole() -> None:
    page = (f'<body><div class="menu"><ul>{MENU}</ul></div><div class="content">'
            f"<h1>Council backs road budget</h1>{paras(wrap=True)}</div>{SIDEBAR}{COMMENTS}"
            f"{FOOTER}</body>")
    assert_story_only(parse_html(page))


def test_related_box_and_comments_inside_main_are_left_out() -> None:
    page = (f"<body><header><nav>{MENU}</nav></header><main><h1>Council backs road budget</h1>"
            f'<div class="story-body">{paras()}</div>{SIDEBAR}{COMMENTS}</main>'
            "<footer>Copyright</footer></body>")
    doc = parse_html(page)
    assert doc.text.startswith("Council backs road budget")
    assert_story_only(doc)


def test_headline_just_above_the_article_is_taken_in() -> None:
    page = (f'<body><div class="headline"><h1>Council backs road budget</h1></div>'
            f"<article>{paras()}</article>{COMMENTS}</body>")
    doc = parse_html(page)
    assert doc.text.startswith("Council backs road budget\n\n")
    assert "Totally agree" not in doc.text


def test_unclosed_paragraphs_are_closed_by_the_next_block() -> None:
    page = "<body><div>" + "".join(f"<p>{p}" for p in STORY) + f"</div>{SIDEBAR}</body>"
    doc = parse_html(page)
    assert doc.text == "\n\n".join(STORY)


def test_prose_outside_paragraphs_keeps_the_whole_body() -> None:
    # an e-mail laid out with <br>: its only <p> is the footer, which must not become the text
    letter = "<br><br>".join(STORY)
    page = (f"<html><body><div>Dear friend,<br><br>{letter}</div>"
            "<div><p>To unsubscribe from this list reply with the word remove in the subject "
            "line and you will not hear from us again, we promise you that.</p></div></body>"
            "</html>")
    doc = parse_html(page)
    assert doc.text.startswith("Dear friend,")
    for p in STORY:
        assert p in doc.text


def test_suppression_marker_offsets_follow_the_extracted_story() -> None:
    story = paras().replace("<p>Opposition", "<!-- credscore-disable-next-line x --><p>Opposition")
    page = (f'<body><div class="menu"><ul>{MENU}</ul></div><div class="content">'
            f"<h1>Council backs road budget</h1>{story}</div>{SIDEBAR}</body>")
    doc = parse_html(page)
    ((offset, body),) = doc.cache["credscore_markers"]
    assert "credscore-disable-next-line" in body
    assert doc.text[offset:].lstrip().startswith("Opposition members")


def test_many_links_on_a_long_page_parse_with_valid_spans() -> None:
    # link spans used to be found by re-joining the whole text at every </a> (quadratic)
    para = "<p>" + " ".join(f'word <a href="/{i}">anchor {i}</a>' for i in range(40)) + "</p>"
    doc = parse_html("<body><article>" + para * 100 + "</article></body>")
    assert len(doc.links) == 4000
    check_links(doc)

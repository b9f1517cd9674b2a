"""Loaders: encodings, Markdown front matter/code/links, HTML extraction, offsets."""

from __future__ import annotations

import pytest

from credscore.errors import InputError
from credscore.load import load_path, parse_bytes, parse_text


def test_utf8_bom_is_stripped_and_offsets_hold() -> None:
    doc = parse_bytes("\ufeffExperts say prices will rise.".encode(), "txt", "a.txt")
    assert doc.text.startswith("Experts")


def test_utf16_with_bom_is_decoded() -> None:
    doc = parse_bytes("Hello there, world.".encode("utf-16"), "txt", "a.txt")
    assert doc.text == "Hello there, world."


def test_latin1_is_refused_with_one_line_naming_the_file() -> None:
    with pytest.raises(InputError) as err:
        parse_bytes("Café prices rose.".encode("latin-1"), "txt", "notes.txt")
    message = str(err.value)
    assert message.startswith("notes.txt: not UTF-8") and "\n" not in message


def test_binary_and_too_large_are_refused() -> None:
    with pytest.raises(InputError, match="binary"):
        parse_bytes(b"\x89PNG\x00\x00\x00", "txt", "img.txt")
    assert parse_bytes(b"  \n\n", "txt", "blank.txt").word_count == 0  # not assessed, no error
    with pytest.raises(InputError, match="too large"):
        parse_bytes(b"x" * 100, "txt", "big.txt", max_bytes=10)


def test_missing_file_and_directory(tmp_path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InputError, match="no such file"):
        load_path(tmp_path / "nope.txt")
    with pytest.raises(InputError, match="directory"):
        load_path(tmp_path)


MARKDOWN = """---
title: Budget day
author: Jane Doe
date: 2024-03-06
---
# Budget day

The [Treasury](https://gov.example/budget) said taxes will rise by 2%.

```python
experts_say = "not linted"
```

See https://example.com/experts-say for `experts say` details.
"""


def test_markdown_front_matter_code_and_links() -> None:
    doc = parse_text(MARKDOWN, "md", "budget.md")
    assert doc.metadata["title"] == "Budget day"
    assert doc.metadata["author"] == "Jane Doe"
    assert len(doc.lint_text) == len(doc.text)
    assert "experts_say" not in doc.lint_text  # code block masked
    assert "title:" not in doc.lint_text  # front matter masked
    assert "experts say" not in doc.lint_text  # inline code masked
    assert "https://example.com" not in doc.lint_text  # bare URL masked
    treasury = next(link for link in doc.links if link.anchor == "Treasury")
    assert doc.text[treasury.start : treasury.end] == "Treasury"
    assert treasury.href == "https://gov.example/budget"


def test_markdown_toml_front_matter() -> None:
    doc = parse_text('+++\ntitle = "T"\nsource = "Wire"\n+++\nBody text here.\n', "md")
    assert doc.metadata == {"title": "T", "source": "Wire"}


HTML = """<!doctype html><html><head><title>Page title</title>
<meta name="author" content="Jane Doe"><meta property="article:published_time" content="2024-01-02">
<script>var experts = "say";</script></head>
<body><nav><a href="/">Home</a> Experts say nav</nav>
<article><h1>Rates rise</h1>
<p>The central bank raised rates to 5%,
<a href="https://bank.example/statement">its statement</a> said.</p>
<p>Markets &amp; traders reacted calmly. <script>alert("x")</script></p>
</article><footer>Copyright 2024. Experts say footer</footer></body></html>"""


def test_html_main_text_links_and_meta() -> None:
    doc = parse_text(HTML, "html", "page.html")
    assert doc.text.startswith("Rates rise")
    assert "Experts say" not in doc.text  # nav and footer dropped
    assert "alert" not in doc.text and "var experts" not in doc.text
    assert "Markets & traders" in doc.text
    assert doc.metadata["title"] == "Page title"
    assert doc.metadata["author"] == "Jane Doe"
    assert doc.metadata["date"] == "2024-01-02"
    (link,) = doc.links
    assert doc.text[link.start : link.end] == "its statement"
    assert link.href == "https://bank.example/statement"


def test_html_without_article_uses_body() -> None:
    doc = parse_text("<html><body><p>First paragraph.</p><p>Second one.</p></body></html>",
                     "html")
    assert doc.text == "First paragraph.\n\nSecond one."


def test_reuters_style_hard_wraps_are_one_paragraph() -> None:
    text = ("Dun and Bradstreet Corp said business\nfailures in February increased 10.8 pct,"
            " to 5,390.\n    The largest increase was reported in the West South Central\n"
            "states, Dun said.\n")
    doc = parse_text(text)
    assert len(doc.blocks) == 2
    assert [doc.text[s.start : s.end].split()[0] for s in doc.sentences] == ["Dun", "The"]


def test_headings_and_list_items_are_their_own_blocks() -> None:
    doc = parse_text("Intro sentence here.\nWhat Happens Next?\n- First item: a point.\n")
    assert [b.kind for b in doc.blocks] == ["text", "heading", "list"]


def test_abbreviations_do_not_split_sentences() -> None:
    doc = parse_text("Mr. Smith met U.S. Senate staff at 3 p.m. on Monday. They agreed.")
    assert len(doc.sentences) == 2


def test_a_long_run_of_dots_splits_in_linear_time() -> None:
    # Dot leaders ("Chapter 1 ........ 5") once made the sentence splitter quadratic.
    import time

    from credscore.load import parse_text

    text = "Contents.\n\n" + "." * 200_000 + " Next sentence here."
    start = time.process_time()
    doc = parse_text(text, "txt", None)
    assert len(doc.sentences) == 3
    assert time.process_time() - start < 5.0  # about 0.01 s; the quadratic form took minutes


@pytest.mark.parametrize(("source", "masked", "kept"), [
    ("Use `pip install` now.", ["pip install"], ["Use", "now."]),
    ("Type ``a ` b`` here.", ["a ` b"], ["Type", "here."]),
    ("A lone ` backtick stays text.", [], ["lone ` backtick stays text."]),
    ("Open `code\n\nnext paragraph` here.", [], ["Open `code", "next paragraph` here."]),
    ("Before <!-- note --> after.", ["note"], ["Before", "after."]),
    # CommonMark: a comment opening a line is an HTML block up to "-->" or the end; one that
    # is never closed in mid-line is literal text, which a reader sees
    ("Before.\n\n<!-- never closed\n\nstill hidden", ["never closed", "still hidden"],
     ["Before."]),
    ("Before <!-- never closed", [], ["Before", "never closed"]),
    ("See [the [2023] report](https://x.example/r) today.", ["https://x.example"],
     ["the [2023] report", "today."]),
])
def test_markdown_code_comments_and_links_are_masked(source: str, masked: list[str],
                                                     kept: list[str]) -> None:
    doc = parse_text(source, "md")
    for piece in masked:
        assert piece not in doc.lint_text, piece
    for piece in kept:
        assert piece in doc.lint_text, piece


def test_markdown_link_text_with_brackets_keeps_its_target() -> None:
    doc = parse_text("See [the [2023] report](https://x.example/r) today.", "md")
    assert [(link.anchor, link.href) for link in doc.links] == [
        ("the [2023] report", "https://x.example/r")]

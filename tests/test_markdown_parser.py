"""Markdown through markdown-it-py: exact spans into the file, prose sentences, links and
front matter."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

import credscore
from credscore.load import load_path, parse_text
from credscore.load.markdown import _BARE_URL, UNPLACED_KEY, _parser

from .conftest import ROOT, SLOTS_SEED

CASINO = ("# Council budget\n\nThe council approved the budget on Monday after a long debate "
          "about schools and roads in the\nnorth of the city. Parents waited outside, and some "
          "played [best online casino bonus](https://casino-partner.example/offer \"Offer\") "
          "while they wait.\n")
_REST = """
The mayor said the vote was close, with 27 councillors in favour and 25 against the plan.
"""
CASINO += "\n" + _REST.lstrip("\n")


def test_a_links_sentence_is_prose_not_markup() -> None:
    report = credscore.check_text(CASINO, fmt="md", path="a.md")
    spam = [f for f in report.findings if f.rule_id == "SP101"]
    assert spam, report.findings
    f = spam[0]
    assert f.evidence == "best online casino bonus"
    assert f.sentence == ("Parents waited outside, and some played best online casino bonus "
                          "while they wait.")
    line = CASINO.splitlines()[f.line - 1]
    assert line[f.column - 1 :].startswith("best online casino bonus")


def test_spans_lines_and_columns_point_into_the_file_on_disk(tmp_path: Path) -> None:
    body = ("---\ntitle: Slots\nauthor: Desk\n---\n" + SLOTS_SEED.read_text(encoding="utf-8")
            .replace("star wars slots online", "[star wars slots online](https://slots.example)"))
    path = tmp_path / "a.md"
    path.write_bytes(body.replace("\n", "\r\n").encode("utf-8"))  # CRLF, as saved on Windows
    report = credscore.check_path(path)
    on_disk = path.read_bytes().decode("utf-8")
    assert report.text == on_disk
    lines = on_disk.split("\r\n")
    assert report.findings
    for f in report.findings:
        assert on_disk[f.start : f.end] == f.evidence
        assert lines[f.line - 1][f.column - 1 :].startswith(f.evidence.split("\r")[0])
    spam = next(f for f in report.findings if f.rule_id == "SP101")
    assert spam.evidence == "star wars slots online" and "](" not in spam.sentence


def test_links_keep_anchor_text_and_target() -> None:
    doc = parse_text(
        "See [the *2023* report](https://x.example/r \"title\") and [ref][r], <https://auto.example>,"
        " https://bare.example/page. and ![a chart](c.png).\n\n[r]: https://ref.example\n", "md")
    assert [(lk.anchor, lk.href) for lk in doc.links] == [
        ("the 2023 report", "https://x.example/r"), ("ref", "https://ref.example"),
        ("https://auto.example", "https://auto.example"),
        ("https://bare.example/page", "https://bare.example/page")]
    for lk in doc.links:
        assert doc.display(lk.start, lk.end) == lk.anchor
    # link targets, the image and the reference definition are not prose
    for hidden in ("x.example/r", "title", "c.png", "a chart", "ref.example", "bare.example"):
        assert hidden not in doc.lint_text, hidden


def test_markup_is_masked_and_hidden_but_prose_keeps_its_offsets() -> None:
    text = ("## A heading with `code`\n\n> Quoted **strong** words\n> and _more_ here.\n\n"
            "1. First item with \\*escaped\\* stars\n2. Second &amp; last\n\n"
            "| col | other |\n|-----|-------|\n| a \\| b | c |\n\n"
            "```python\nprint('experts say')\n```\n\n<div class=\"ad\">Buy now</div>\n")
    doc = parse_text(text, "md")
    assert doc.cache[UNPLACED_KEY] == 0
    words = doc.lint_text.split()
    assert words == ["A", "heading", "with", "Quoted", "strong", "words", "and", "more", "here.",
                     "First", "item", "with", "\\*escaped\\*", "stars", "Second", "&amp;", "last",
                     "col", "other", "a", "\\|", "b", "c"]
    assert doc.display(0, text.index("\n\n")) == "A heading with code"
    assert "experts say" not in doc.lint_text and "Buy now" not in doc.lint_text
    assert len(doc.lint_text) == len(text)


def _unescaped(words: list[str]) -> list[str]:
    return [re.sub(r"\\(?=[!-/:-@\[-`{-~])", "", w) for w in words]


def _token_words(text: str) -> list[str]:
    """The words of markdown-it's own text tokens (the reference the walk must agree with),
    without bare URLs (links, not prose) and escaping backslashes."""
    out: list[str] = []
    for token in _parser().parse(text):
        auto = False  # inside <https://...> or <name@host>: a link, not prose
        for child in token.children or ():
            if child.type in ("link_open", "link_close"):
                auto = child.type == "link_open" and child.markup == "autolink"
            if child.type in ("text", "text_special") and not auto:
                out.append(child.markup if child.type == "text_special" else child.content)
            elif child.type != "text_special":
                out.append(" ")
        out.append(" ")
    return _unescaped(_BARE_URL.sub(" ", "".join(out)).split())


def _random_markdown(rng: random.Random, sentences: list[str]) -> str:
    blocks = []
    for _ in range(rng.randint(3, 8)):
        words = rng.choice(sentences).split()
        for _ in range(rng.randint(0, 3)):
            i = rng.randrange(len(words))
            j = min(len(words), i + rng.randint(1, 3))
            piece = " ".join(words[i:j])
            form = rng.choice(["*{}*", "**{}**", "[{}](https://e.example/p_(q))",
                               "[{}](<a b> 'T')", "`{}`", "~~{}~~", "[{}][r]", "<b>{}</b>",
                               "![{}](i.png)", "{} <https://auto.example>"])
            words[i:j] = [form.format(piece)]
        line = " ".join(words)
        if rng.random() < 0.3:  # a hard wrap at a space outside markup
            depth, spaces = 0, []
            for i, ch in enumerate(line):
                depth += (ch in "([<`") - (ch in ")]>`" and depth > 0)
                if ch == " " and depth == 0:
                    spaces.append(i)
            if spaces:
                cut = rng.choice(spaces)
                line = line[:cut] + "\n" + line[cut + 1 :]
        kind = rng.choice(["p", "p", "h", "q", "li", "table"])
        blocks.append({"p": line, "h": "## " + line.replace("\n", " "),
                       "q": "> " + line.replace("\n", "\n> "),
                       "li": "- " + line.replace("\n", "\n  "),
                       "table": "| a | b |\n|---|---|\n| " + line.replace("\n", " ")
                       .replace("|", "\\|") + " | x |"}[kind])
    return "\n\n".join(blocks) + "\n\n[r]: https://ref.example\n"


def test_the_walk_agrees_with_markdown_its_tokens_on_generated_articles() -> None:
    sentences = [s.strip() for s in re.split(r"(?<=[.!?])\s+",
                                              SLOTS_SEED.read_text(encoding="utf-8"))
                 if len(s.split()) >= 4]
    rng = random.Random(19)
    for _ in range(200):
        text = _random_markdown(rng, sentences)
        doc = parse_text(text, "md")
        assert doc.cache[UNPLACED_KEY] == 0, text
        assert _unescaped(doc.lint_text.split()) == _token_words(text), text
        for lk in doc.links:
            assert 0 <= lk.start < lk.end <= len(text)


def test_a_block_the_walk_cannot_place_stays_masked() -> None:
    # a link target broken over two lines of a block quote: markdown-it strips the "> " of
    # the second line, the file has it; the block is left out rather than linted askew
    text = "> Read [the report](<a\n> b> 'T') now, experts say.\n\nThe mayor said no.\n"
    doc = parse_text(text, "md")
    assert doc.cache[UNPLACED_KEY] <= 1
    assert doc.lint_text.split()[-4:] == ["The", "mayor", "said", "no."]
    for a, b in doc.mask:
        assert 0 <= a < b <= len(text)


def test_real_markdown_files_are_placed_completely() -> None:
    for name in ("README.md", "BENCHMARKS.md"):
        doc = load_path(ROOT / name)
        assert doc.cache[UNPLACED_KEY] == 0, name
        assert _unescaped(doc.lint_text.split()) == _token_words(doc.text), name


@pytest.mark.parametrize(("source", "expected"), [
    ("---\ntitle: A\nauthor: [unclosed\n---\nBody text here.\n", "YAML front matter, line 3"),
    ("+++\ntitle = \"A\nauthor = 1\n+++\nBody text here.\n", "TOML front matter, line 2"),
    ("---\n- just\n- a list\n---\nBody text here.\n", "not a table of keys and values"),
])
def test_malformed_front_matter_is_reported_with_its_line(source: str, expected: str) -> None:
    doc = parse_text(source, "md")
    assert expected in doc.metadata["front_matter_error"]
    assert doc.lint_text.split() == ["Body", "text", "here."]


def test_front_matter_metadata_and_comments_as_markers() -> None:
    text = ("---\ntitle: Rates\ndate: 2024-05-01\ntags: [a, b]\n---\n"
            "<!-- credscore-disable-next-line AT101 -->\nAnalysts say the merger will close.\n\n"
            "```\n<!-- credscore-disable all -->\n```\n")
    doc = parse_text(text, "md")
    assert doc.metadata == {"title": "Rates", "date": "2024-05-01", "tags": "['a', 'b']"}
    report = credscore.check_text(text, fmt="md")
    at101 = [f for f in report.findings if f.rule_id == "AT101"]
    assert at101 and all(f.suppressed for f in at101)
    assert report.metrics["suppression"]["markers"] == 1  # the one in code is documentation

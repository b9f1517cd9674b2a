"""Paragraph and sentence splitting of hard-wrapped text (wire copy)."""

from __future__ import annotations

from credscore.segment.document import Document


def _sentences(text: str) -> list[str]:
    return [" ".join(text[s.start : s.end].split()) for s in Document(text).sentences]


def test_a_wrapped_line_ending_mid_sentence_continues_the_paragraph() -> None:
    text = ("    Crazy Eddie has yet to respond to two competing takeover\n"
            "bids, one by founder and chairman Eddie Antar with First City\n"
            "Capital Corp and a second for about 235 mln dlrs by\n"
            "Entertainment Marketing Inc, S and P noted.\n")
    assert len(_sentences(text)) == 1


def test_a_wrapped_line_ending_in_an_abbreviation_continues_the_paragraph() -> None:
    text = ("    Volcker said severe problems remain in some sectors of the U.S.\n"
            "economy despite progress in others.\n"
            "    He noted that the net flow of foreign capital into the U.S.\n"
            "In 1986 it exceeded all the savings by U.S. households.\n")
    got = _sentences(text)
    assert got[0] == ("Volcker said severe problems remain in some sectors of the U.S. economy "
                      "despite progress in others.")
    assert len(got) == 2  # the abbreviation dot is read as inside a line: no sentence end


def test_short_lines_and_headings_still_start_blocks() -> None:
    text = "Markets\nShares rose on Monday.\nBonds fell.\n"
    doc = Document(text)
    assert doc.blocks[0].kind == "heading"
    assert len(doc.blocks) == 3


def test_a_one_line_paragraph_ending_in_an_abbreviation_still_ends() -> None:
    first = ("Exports rose sharply last year as the company won new contracts with utilities, "
             "carmakers and hospital groups across the U.S.")
    text = first + "\nThe board will meet in March to discuss the dividend.\n"
    assert _sentences(text) == [first, "The board will meet in March to discuss the dividend."]


def test_headings_and_salutations_keep_their_own_blocks() -> None:
    for text in ("# Sign in\n# Register\n", "## What to look out for\nShares rose on Monday.\n",
                 "Q&A\nShares rose on Monday.\n", "Portland, OR\nShares rose on Monday.\n",
                 "Dear Sir,\nMy name is Mrs Jane Doe.\n"):
        assert len(Document(text).blocks) == 2, text


def test_a_sentence_ending_in_a_single_letter_still_ends_the_paragraph() -> None:
    text = ("    The patients in the trial had lacked enough vitamin C.\n"
            "The trial will be repeated in spring.\n")
    assert len(_sentences(text)) == 2

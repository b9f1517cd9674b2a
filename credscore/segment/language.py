"""Language of an article and of each paragraph.

A cheap test comes first: English prose is dense in a small set of function words ("the", "of",
"and"...), so a block whose share of them is high is English without further work. Only when that
test is unsure does langdetect run (seeded, so output is deterministic), on at most a few
thousand characters. This keeps langdetect's 55-profile load (~0.5 s) off the common path.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..regex import patterncache
from .sentences import Block

ENGLISH_FUNCTION_WORDS = frozenset(
    """the of and to a in is that for it as was with be by on not he she they this are or his
    her from at which but have an has had were their its been would will there we you can who
    more also than said them into after about what when these all one other could our up some
    do does did should only so over new such may any because between those while where how
    being both through during before most then out if i no""".split()
)
_WORD = patterncache.compile(r"[^\W\d_]+", re.UNICODE)
SURE_ENGLISH_SHARE = 0.22
"""Function-word share above which a block of 12+ words is taken as English (BBC/Reuters
paragraphs sit around 0.40-0.50; French, German or Spanish prose below 0.08)."""
MIN_WORDS_FOR_DETECTION = 12
MAX_DETECT_CHARS = 3000
MAX_CAPITALISED_SHARE = 0.6
"""A block whose words mostly start with a capital (a team sheet, a list of names, a headline in
title case, shouting) is not prose: no detector tells its language reliably, so it is reported as
``not-prose`` instead of being guessed by langdetect (German prose, nouns capitalised, sits near
0.3)."""


@dataclass(frozen=True)
class LanguageInfo:
    """Language of the whole article and of each paragraph (block index -> code)."""

    code: str
    """ISO 639-1 code (``en``, ``de``...) or ``unknown``."""
    confidence: float
    method: str
    """``function-words``, ``langdetect``, ``too-short`` or ``not-prose``."""
    blocks: dict[int, str] = field(default_factory=dict)

    @property
    def is_english(self) -> bool:
        return self.code in ("en", "unknown")


def english_share(text: str) -> tuple[float, int]:
    """Share of English function words among the words of ``text``, and the word count."""
    hits, n = _function_words(text)
    return (hits / n if n else 0.0), n


def _function_words(text: str) -> tuple[int, int]:
    """(English function words, words) of ``text``."""
    words = _WORD.findall(text.lower())
    return sum(1 for w in words if w in ENGLISH_FUNCTION_WORDS), len(words)


def capitalised_share(text: str) -> float:
    """Share of the words of ``text`` that start with an upper-case letter."""
    words = _WORD.findall(text)
    return sum(1 for w in words if w[0].isupper()) / len(words) if words else 0.0


def _langdetect(text: str) -> tuple[str, float]:
    from langdetect import DetectorFactory, detect_langs
    from langdetect.lang_detect_exception import LangDetectException

    DetectorFactory.seed = 0
    try:
        best = detect_langs(text[:MAX_DETECT_CHARS])[0]
    except LangDetectException:
        return "unknown", 0.0
    return str(best.lang), float(best.prob)


ENGLISH_MARKERS = frozenset(
    "the of and is that with for are was has have this which from by were been will".split()
)
"""Words frequent in English and absent as words from other Latin-script languages' prose."""
LIKELY_ENGLISH_SHARE = 0.10
"""Dense nominal English (headline-style or machine-written prose) can fall below
SURE_ENGLISH_SHARE; it still counts as English when its function-word share reaches this and at
least two distinct ENGLISH_MARKERS occur."""


def _likely_english(text: str, share: float) -> bool:
    if share < LIKELY_ENGLISH_SHARE:
        return False
    markers = {w for w in _WORD.findall(text.lower()) if w in ENGLISH_MARKERS}
    return len(markers) >= 2


def detect_text_language(text: str) -> tuple[str, float, str]:
    """(code, confidence, method) for one piece of text."""
    return _detect(text, *english_share(text))


def _detect(text: str, share: float, n: int) -> tuple[str, float, str]:
    """``detect_text_language`` given ``english_share(text)``."""
    if n < MIN_WORDS_FOR_DETECTION:
        return "unknown", 0.0, "too-short"
    if share >= SURE_ENGLISH_SHARE or _likely_english(text, share):
        return "en", min(1.0, 0.5 + share), "function-words"
    if capitalised_share(text) > MAX_CAPITALISED_SHARE:
        return "unknown", 0.0, "not-prose"
    code, prob = _langdetect(text)
    return code, prob, "langdetect"


def detect_document_language(text: str, doc_blocks: Sequence[Block]) -> LanguageInfo:
    """Article language plus per-paragraph languages for paragraphs long enough to tell, for a
    document's ``lint_text`` and its ``blocks`` (``Document.language`` calls it).

    The article's function-word share is summed from its blocks' (headings included): every
    word of the text lies in a block, blocks are separated by white space, so the words of the
    whole text are the blocks' words in order and the text is not read a second time."""
    blocks: dict[int, str] = {}
    hits = words = 0
    for i, block in enumerate(doc_blocks):
        piece = text[block.start : block.end]
        found, n = _function_words(piece)
        hits += found
        words += n
        if block.kind == "heading":
            continue
        code, _, method = _detect(piece, found / n if n else 0.0, n)
        if method not in ("too-short", "not-prose"):
            blocks[i] = code
    code, conf, method = _detect(text, hits / words if words else 0.0, words)
    return LanguageInfo(code, round(conf, 3), method, blocks)

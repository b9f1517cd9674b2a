"""Phrase lists from ``rules/lexicons/*.txt`` and a fast whole-phrase matcher over them.

Lexicon files hold one lower-case phrase per line (``#`` starts a comment). Matching runs on
``Document.folded`` (lower-cased, white space and quotes folded, same offsets as the text) with
an Aho-Corasick automaton (pyahocorasick), so hundreds of phrases cost one pass over the text.
Phrase edges must fall on word boundaries, except for scripts written without spaces (CJK, Thai),
where compounds attach directly to neighbouring words.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ..diskcache import file_key, memo
from ..paths import lexicon_path
from ..regex import patterncache

_SPACES = patterncache.compile(r"\s+")
_FOLD = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"',
                       "\u2013": "-", "\u2014": "-"})


class LexiconError(ValueError):
    """A lexicon file that is missing or malformed."""


def normalise_phrase(phrase: str) -> str:
    return _SPACES.sub(" ", phrase.strip().lower().translate(_FOLD))


@cache
def load_lexicon(name: str) -> tuple[str, ...]:
    """Entries of ``rules/lexicons/<name>`` (normalised, de-duplicated, in file order)."""
    path = lexicon_path(name)
    key = file_key(path)
    if key is None:
        raise LexiconError(f"lexicon file {name!r} not found in rules/lexicons/")
    return memo(("lexicon", 1, key), lambda: _read_lexicon(path))


def _read_lexicon(path: Path) -> tuple[str, ...]:
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise LexiconError(f"lexicon file {path.name!r} not found in rules/lexicons/") from None
    seen: dict[str, None] = {}
    for line in raw.splitlines():
        entry = line.split(" #", 1)[0].strip() if not line.lstrip().startswith("#") else ""
        if entry:
            seen.setdefault(normalise_phrase(entry), None)
    return tuple(seen)


def _unspaced_script(ch: str) -> bool:
    """Scripts written without spaces between words (boundaries are not checked there)."""
    if not ch:
        return False
    code = ord(ch)
    return (
        0x0E00 <= code <= 0x0EFF  # Thai, Lao
        or 0x1780 <= code <= 0x17FF  # Khmer
        or 0x3040 <= code <= 0x30FF  # Hiragana, Katakana
        or 0x3400 <= code <= 0x9FFF  # CJK
        or 0xAC00 <= code <= 0xD7AF  # Hangul (particles attach to nouns)
        or 0xF900 <= code <= 0xFAFF
    )


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_" or unicodedata.category(ch) == "Mn"


@dataclass(frozen=True)
class PhraseMatch:
    start: int
    end: int
    phrase: str
    tag: str
    """The label the phrase was registered with (e.g. its lexicon category)."""


def _distinct_keys(pairs: tuple[tuple[str, str], ...]) -> list[tuple[str, str]]:
    """(normalised phrase, tag) for each distinct non-empty phrase, the first tag winning."""
    keys: dict[str, str] = {}
    for phrase, tag in pairs:
        key = normalise_phrase(phrase)
        if key:
            keys.setdefault(key, tag)
    return list(keys.items())


_REMEMBERED = 256


class PhraseMatcher:
    """Whole-phrase, case-insensitive matching of many phrases in one pass."""

    def __init__(self, tagged_phrases: Iterable[tuple[str, str]]) -> None:
        import ahocorasick

        self._automaton = ahocorasick.Automaton()
        pairs = tuple(tagged_phrases)
        keys = memo(("phrase-keys", 1, pairs), lambda: _distinct_keys(pairs))
        for key, tag in keys:
            self._automaton.add_word(key, (key, tag))
        count = len(keys)
        self.size = count
        if count:
            self._automaton.make_automaton()
        # the matches of the last whole text scanned (one of _REMEMBERED characters or more,
        # so that short strings in between, such as link anchors, do not push it out): rules
        # sharing a matcher (SP101, SP102) scan a document's folded text once
        self._last: tuple[str | None, list[PhraseMatch]] = (None, [])

    def iter_matches(self, folded: str, start: int = 0, end: int | None = None) -> Iterator[
        PhraseMatch
    ]:
        """All whole-phrase matches in ``folded[start:end]`` (overlaps included)."""
        if not self.size:
            return
        start = max(start, 0)
        stop = len(folded) if end is None else min(end, len(folded))
        if start == 0 and stop == len(folded) and stop >= _REMEMBERED:
            last = self._last
            if last[0] is not folded:
                last = self._last = (folded, list(self._scan(folded, 0, stop)))
            yield from last[1]
            return
        yield from self._scan(folded, start, stop)

    def _scan(self, folded: str, start: int, stop: int) -> Iterator[PhraseMatch]:
        # pyahocorasick's iter(text, start, end) copies the whole text on every call (quadratic
        # when called once per sentence of a long article): search a slice of the window
        window = folded if start == 0 and stop >= len(folded) else folded[start:stop]
        shift = 0 if window is folded else start
        for last, (phrase, tag) in self._automaton.iter(window):
            last += shift
            first = last - len(phrase) + 1
            if (_is_word_char(phrase[0]) and not _unspaced_script(phrase[0]) and first > 0
                    and _is_word_char(folded[first - 1])):
                continue
            if (_is_word_char(phrase[-1]) and not _unspaced_script(phrase[-1])
                    and last + 1 < len(folded) and _is_word_char(folded[last + 1])):
                continue
            yield PhraseMatch(first, last + 1, phrase, tag)

    def longest_matches(self, folded: str, start: int = 0, end: int | None = None) -> list[
        PhraseMatch
    ]:
        """Non-overlapping matches, preferring the longest (then the earliest)."""
        found = sorted(self.iter_matches(folded, start, end),
                       key=lambda m: (m.start, -(m.end - m.start)))
        out: list[PhraseMatch] = []
        for m in found:
            if out and m.start < out[-1].end:
                if m.end - m.start > out[-1].end - out[-1].start and m.start == out[-1].start:
                    out[-1] = m
                continue
            out.append(m)
        return out


@cache
def matcher_for(files: tuple[tuple[str, str], ...]) -> PhraseMatcher:
    """A cached matcher over ``(tag, lexicon file)`` pairs."""
    return PhraseMatcher((phrase, tag) for tag, name in files for phrase in load_lexicon(name))

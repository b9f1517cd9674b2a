"""Document: the text as read plus the per-document facts every rule shares (computed once)."""

from __future__ import annotations

import bisect
import re
from array import array
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from itertools import chain
from typing import Any

from ..regex import patterncache
from .sentences import Block, SentenceSpan, split_blocks, split_sentences

_NOT_NEWLINE = patterncache.compile(r"[^\r\n]")
_WORD = patterncache.compile(r"[^\W_]+(?:['’][^\W_]+)*", re.UNICODE)
# Folding keeps every offset: one character in, one character out.
_FOLD = {
    "\n": " ", "\r": " ", "\t": " ", "\u00a0": " ", "\u2009": " ", "\u202f": " ",
    "\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-",
}


def replace_chars(text: str, table: dict[str, str]) -> str:
    """``text.translate(str.maketrans(table))`` for a table of single characters whose
    replacements are never keys themselves: one ``str.replace`` per character that occurs.
    ``str.translate`` with a dict looks up every character of the text, ~40x slower on a
    news article, where at most a few of the characters occur."""
    for old, new in table.items():
        if old in text:
            text = text.replace(old, new)
    return text


assert not set(_FOLD.values()) & set(_FOLD), "a replacement must not be replaced again"


_LINE_BREAK = patterncache.compile(r"\r\n|\r|\n")


class WordTable:
    """The words of a text as one flat array of offsets (start, end, start, end, ...): a few
    bytes a word, where a list of match objects costs ~120 (a 10 MB article has 1.7 million
    words). Built in C: ``finditer``, ``Match.span`` and the array constructor."""

    __slots__ = ("spans", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self.spans = array("q", chain.from_iterable(map(re.Match.span, _WORD.finditer(text))))

    def __len__(self) -> int:
        return len(self.spans) // 2

    def __iter__(self) -> Iterator[tuple[int, int]]:
        """(start, end) of each word, in text order."""
        spans = self.spans
        return zip(spans[0::2], spans[1::2])

    def tokens(self) -> Iterator[str]:
        """Each word as written, in text order."""
        text = self.text
        return (text[a:b] for a, b in self)


@dataclass(frozen=True)
class Link:
    """A hyperlink: ``start``/``end`` locate its anchor text in ``Document.text``."""

    start: int
    end: int
    anchor: str
    href: str


def _index_links(links: list[Link]) -> tuple[Any, int, Any, Any]:
    """(list, length, starts, running maximum of ends); starts None when not ascending."""
    starts = [link.start for link in links]
    if any(a > b for a, b in zip(starts, starts[1:])):
        return links, len(links), None, None
    reach: list[int] = []
    top = -1
    for link in links:
        top = max(top, link.end)
        reach.append(top)
    return links, len(links), starts, reach


@dataclass
class Document:
    """An article ready for analysis.

    ``text`` is the text credscore reports on (the file as read for txt/md, the extracted article
    text for HTML); all spans index into it. ``mask`` lists ranges that are not linted (front
    matter, code, bare URLs, markup); ``lint_text`` is ``text`` with those ranges blanked out.
    """

    text: str
    fmt: str = "txt"
    path: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict)
    links: list[Link] = field(default_factory=list)
    mask: list[tuple[int, int]] = field(default_factory=list)
    markup: list[tuple[int, int]] = field(default_factory=list)
    """Sorted, disjoint ranges of ``text`` a reader never sees (Markdown syntax: brackets and
    link targets, emphasis marks, HTML tags, front matter); ``display`` leaves them out."""

    def display(self, start: int, end: int) -> str:
        """``text[start:end]`` as a reader sees it: without the ``markup`` ranges."""
        if not self.markup:
            return self.text[start:end]
        ends = self._markup_ends
        i = bisect.bisect_right(ends, start)
        parts, pos, markup = [], start, self.markup
        while i < len(markup) and markup[i][0] < end:  # no slice: findings are many
            a, b = markup[i]
            if a > pos:
                parts.append(self.text[pos:a])
            pos = max(pos, b)
            i += 1
        if pos < end:
            parts.append(self.text[pos:end])
        return "".join(parts)

    @cached_property
    def _markup_ends(self) -> list[int]:
        return [b for _, b in self.markup]

    @cached_property
    def lint_text(self) -> str:
        if not self.mask:
            return self.text
        pieces: list[str] = []
        pos = 0
        for start, end in sorted(self.mask):
            start, end = max(start, pos), min(end, len(self.text))
            if end <= start:
                continue
            pieces.append(self.text[pos:start])
            pieces.append(_NOT_NEWLINE.sub(" ", self.text[start:end]))
            pos = end
        pieces.append(self.text[pos:])
        return "".join(pieces)

    @cached_property
    def folded(self) -> str:
        """Lower-cased ``lint_text`` with white space, quotes and dashes folded (same length)."""
        lowered = self.lint_text.lower()
        if len(lowered) != len(self.lint_text):  # a few characters (e.g. "İ") grow when lowered
            lowered = "".join(c.lower() if len(c.lower()) == 1 else c for c in self.lint_text)
        return replace_chars(lowered, _FOLD)

    @cached_property
    def blocks(self) -> list[Block]:
        return split_blocks(self.lint_text)

    @cached_property
    def sentences(self) -> list[SentenceSpan]:
        return split_sentences(self.lint_text, self.blocks)

    @cached_property
    def _sentence_starts(self) -> list[int]:
        return [s.start for s in self.sentences]

    @cached_property
    def _line_starts(self) -> list[int]:
        starts = [0]
        starts.extend(m.end() for m in _LINE_BREAK.finditer(self.text))
        return starts

    @cached_property
    def words(self) -> WordTable:
        """The words of ``lint_text`` (letters and digits, inner apostrophes), as offsets."""
        return WordTable(self.lint_text)

    @property
    def word_count(self) -> int:
        return len(self.words)

    def sentence_index_at(self, offset: int) -> int | None:
        """Index of the sentence containing ``offset`` (or the nearest one before it)."""
        if not self.sentences:
            return None
        i = bisect.bisect_right(self._sentence_starts, offset) - 1
        return max(i, 0)

    def sentence_text(self, index: int) -> str:
        s = self.sentences[index]
        return self.text[s.start : s.end]

    def enclosing_sentence(self, start: int, end: int) -> str:
        """The sentence(s) around a span, as a single string, as a reader sees it (without
        Markdown markup: see ``display``)."""
        first = self.sentence_index_at(start)
        last = self.sentence_index_at(max(start, end - 1))
        if first is None or last is None:
            return self.display(start, end)
        return self.display(min(self.sentences[first].start, start),
                            max(self.sentences[last].end, end))

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based line and column of ``offset``."""
        line = bisect.bisect_right(self._line_starts, offset) - 1
        return line + 1, offset - self._line_starts[line] + 1

    def block_of_sentence(self, index: int) -> Block:
        return self.blocks[self.sentences[index].block]

    def sentences_in_block(self, block_index: int) -> list[int]:
        return self._block_sentences.get(block_index, [])[:]

    @cached_property
    def _block_sentences(self) -> dict[int, list[int]]:
        out: dict[int, list[int]] = {}
        for i, s in enumerate(self.sentences):
            out.setdefault(s.block, []).append(i)
        return out

    def links_in(self, start: int, end: int) -> list[Link]:
        """Links overlapping ``[start, end)``, in list order. When the links ascend by start
        (as loaders produce them) two bisections bound the candidates; otherwise a scan."""
        links = self.links
        index = self._link_index
        if index is None or index[0] is not links or index[1] != len(links):
            index = self._link_index = _index_links(links)
        if index[2] is None:
            return [link for link in links if link.start < end and link.end > start]
        starts, reach = index[2], index[3]
        lo = bisect.bisect_right(reach, start)  # before lo every link ends at or before start
        hi = bisect.bisect_left(starts, end)  # from hi on every link starts at or after end
        return [link for link in links[lo:hi] if link.end > start]

    _link_index: Any = field(default=None, init=False, repr=False, compare=False)

    @cached_property
    def language(self) -> Any:
        from .language import detect_document_language

        return detect_document_language(self.lint_text, self.blocks)

    @cached_property
    def cache(self) -> dict[str, Any]:
        """Scratch space for detectors to share per-document facts (e.g. TF-IDF vectors)."""
        return {}

"""Split text into paragraphs and sentences with offsets (no copies of the text are kept).

Paragraphs end at blank lines, at indented line starts (wire copy such as Reuters), and at line
breaks after a line that closes a sentence or looks like a heading. A line that ends mid-sentence
and is followed by a lower-case start (or is long, as hard-wrapped lines are, or ends in a
lower-case word or mark no sentence ends with: "by", "the", a comma) continues the paragraph,
and so does a wrapped line (55-100 characters) ending in an initialism or a middle initial
("... imports from U.S." / "Trade Representative", "said Edgar J." / "Greco"). Markdown
headings, list items and salutations ("Dear Sir,") keep their own blocks.

Sentences end at ``.``, ``!``, ``?`` (plus closing quotes/brackets) followed by white space
and an upper-case letter, digit or quote, unless the dot ends a known abbreviation, an initial
or a number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..regex import patterncache

_ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof st sr jr gen sen rep gov lt col capt cmdr sgt rev hon pres
    inc corp co ltd plc llc bros dept univ assn est
    jan feb mar apr jun jul aug sep sept oct nov dec mon tue wed thu fri sat sun
    no nos vol vols pp fig figs ed eds approx vs etc al cf e.g i.e u.s u.k u.n e.u
    a.m p.m ft mt mph lb oz""".split()
)

# A run of terminal marks is only tried from its first mark (the look-behind): otherwise a long
# run ("........" leaders) is re-scanned from every position, quadratic in its length.
_TERMINAL = patterncache.compile(r"""(?<![.!?…])[.!?…]+["'”’»)\]]*$""")
_LIST_MARKER = patterncache.compile(r"^\s*(?:[-*•–—]\s+|\d{1,3}[.)]\s+)")
_SENTENCE_END = patterncache.compile(
    r"""(?<![.!?…])[.!?…]+["'”’»)\]]*(?=\s+["'“‘«(\[]?[A-Z0-9À-ÖØ-Þ])""")
_WORD_BEFORE = patterncache.compile(r"([A-Za-z][A-Za-z.]*)\.?$")
#: a line ending like this stops mid-sentence: a comma, a word broken by a hyphen, a spaced dash
#: or ampersand, or a lower-case word a sentence never ends on (case-sensitive: "Q&A",
#: "Portland, OR" and "Best Plug-in" are headings)
_OPEN_ENDING = patterncache.compile(
    r"(?:[,;(]|(?<=[^\W\d_])-|\s[–—&]|\s(?:a|an|the|and|or|but|nor|of|to|in|on|at|by|for|from|"
    r"with|into|onto|than|as|that|which|who|whose|its|his|her|their|our|your|my|is|are|was|"
    r"were|be|been|has|have|had|will|would|could|should|may|might|said|says|about|over|under|"
    r"after|before|between|against|per|not|mln|billion|million|pct|dlrs|cts))$")
#: a salutation line ("Dear Sir,", "Hi all,") stands alone although it ends in a comma
_SALUTATION = patterncache.compile(r"(?:dear|hi|hello|hey|greetings)\b[^\n]{0,40},$",
                                   re.IGNORECASE)
#: a dotted initialism or a name's middle initial ending a line ("... from the U.S.", "said
#: Edgar J."): read as inside a line, where the sentence splitter does not end a sentence either
_INITIALISM_END = patterncache.compile(r"(?:(?<![\w.])(?:[A-Z]\.){2,}|\b[A-Z][a-z]+\s[A-Z]\.)$")
#: hard-wrapped lines are at least this long (shorter lines ending mid-sentence start a new
#: paragraph only when the next line starts in upper case: a heading or a list-like line)
_WRAPPED = 55
#: ... and at most this long: a longer line is a whole paragraph on one line (scraped text),
#: whose final abbreviation ("... in the U.S.") may well end it
_WRAPPED_MAX = 100


@dataclass(frozen=True)
class Block:
    """A paragraph-like block: ``kind`` is ``text``, ``heading`` or ``list``."""

    start: int
    end: int
    kind: str


@dataclass(frozen=True)
class SentenceSpan:
    start: int
    end: int
    block: int
    """Index of the enclosing block."""


def _line_spans(text: str) -> list[tuple[int, int]]:
    spans = []
    pos = 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        spans.append((pos, pos + len(body)))
        pos += len(line)
    return spans


def looks_like_heading(line: str) -> bool:
    """A short line with no closing punctuation, or one that ends in ``?``/``:`` and is short."""
    stripped = line.strip().lstrip("#").strip()
    if not stripped or len(stripped) > 90:
        return False
    words = stripped.split()
    if len(words) > 12:
        return False
    if stripped[-1] in ".!,;\"”’)" and not stripped.endswith("..."):
        return False
    if stripped[-1] in "?:":
        return len(words) <= 9 and stripped[0].isupper()
    return stripped[0].isupper() or stripped[0].isdigit()


def split_blocks(text: str) -> list[Block]:
    """Paragraph blocks of ``text`` in order, with their kind."""
    blocks: list[Block] = []
    cur_start: int | None = None
    cur_end = 0
    cur_lines = 0
    prev_line = ""

    def close() -> None:
        nonlocal cur_start, cur_lines
        if cur_start is not None:
            first = text[cur_start:cur_end]
            if _LIST_MARKER.match(first):
                kind = "list"
            elif cur_lines == 1 and looks_like_heading(first):
                kind = "heading"
            else:
                kind = "text"
            blocks.append(Block(cur_start, cur_end, kind))
        cur_start, cur_lines = None, 0

    for start, end in _line_spans(text):
        line = text[start:end]
        if not line.strip():
            close()
            prev_line = ""
            continue
        lead = len(line) - len(line.lstrip())
        content_start = start + lead
        if cur_start is not None and not _continues(prev_line.rstrip(), line):
            close()
        if cur_start is None:
            cur_start = content_start
        cur_end = start + len(line.rstrip())
        cur_lines += 1
        prev_line = line
    close()
    return blocks


def _continues(prev: str, line: str) -> bool:
    """Does ``line`` carry on the paragraph of the line before it (``prev``, right-stripped)?"""
    if line[:1].isspace() or line[:1] == "#" or prev[:1] == "#" or _LIST_MARKER.match(line):
        return False  # an indented start, a Markdown heading or a list item starts a block
    if _TERMINAL.search(prev):
        # "... imports from U.S." wrapped before "Trade Representative"
        return (_WRAPPED <= len(prev) <= _WRAPPED_MAX
                and _INITIALISM_END.search(prev) is not None)
    first = line.lstrip()[:1]
    if first.islower() or first.isdigit() or len(prev) >= _WRAPPED:
        return True
    return _OPEN_ENDING.search(prev) is not None and not _SALUTATION.match(prev)


def is_abbreviation(text: str, dot_pos: int) -> bool:
    """True when the ``.`` at ``dot_pos`` ends an abbreviation, an initial or a number."""
    head = text[max(0, dot_pos - 12) : dot_pos + 1]
    m = _WORD_BEFORE.search(head)
    if not m:
        return False
    word = m.group(1).lower().rstrip(".")
    if len(word) == 1 and word.isalpha():
        return True  # initials: "J. Smith", "U.S."-style pieces
    return word in _ABBREVIATIONS


def split_sentences(text: str, blocks: list[Block]) -> list[SentenceSpan]:
    """Sentence spans inside each block (headings and list items are one sentence each)."""
    out: list[SentenceSpan] = []
    for index, block in enumerate(blocks):
        if block.kind == "heading":
            out.append(SentenceSpan(block.start, block.end, index))
            continue
        chunk = text[block.start : block.end]
        pos = 0
        for m in _SENTENCE_END.finditer(chunk):
            dot = m.start()
            if chunk[dot] == "." and m.end() - dot == 1 and is_abbreviation(chunk, dot):
                continue
            end = m.end()
            _append(out, text, block.start + pos, block.start + end, index)
            pos = end
        _append(out, text, block.start + pos, block.end, index)
    return out


def _append(out: list[SentenceSpan], text: str, start: int, end: int, block: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append(SentenceSpan(start, end, block))

"""Can this text be assessed at all? If not, the report says "not assessed", never 100/A.

credscore's score is 100 minus what its rules find. On a text its rules cannot read, finding
nothing proves nothing, so such a text gets no score and no grade, and a reason instead:

* ``no-text``: no words to assess (an empty or white-space file, an HTML page without text,
  Markdown with only front matter, code or markup);
* ``too-short``: fewer than :data:`MIN_WORDS` words, too few to tell the language
  (``credscore.segment.language.MIN_WORDS_FOR_DETECTION``; no detector is reliable on title-length
  text, ``../shared/perf-notes.md``) or for any rule family to work on. Every news article in
  the corpus has 80 words or more; headlines and most SMS and comments have fewer than 12;
* ``language``: the article is not in English, and most rules only work on English.

Findings of the rules that did run (a gambling link in a Spanish article) are still reported;
they just do not add up to a score. See the README's exit-code table for the exit status.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..segment.document import Document
from ..segment.language import MIN_WORDS_FOR_DETECTION

MIN_WORDS = MIN_WORDS_FOR_DETECTION
"""Fewer words than this (12) is too little text to assess."""

_EMPTY_DETAIL = {
    "txt": "the file is empty or white space only",
    "md": "the Markdown holds only front matter, code or markup",
    "html": "the page's main content has no text",
}


@dataclass(frozen=True)
class NotAssessed:
    """Why a text got no score."""

    code: str
    """``no-text``, ``too-short`` or ``language``."""
    reason: str
    """One line for people."""

    def to_dict(self) -> dict[str, str]:
        return {"code": self.code, "reason": self.reason}


def not_assessed(doc: Document) -> NotAssessed | None:
    """Why ``doc`` cannot be assessed, or None when it can."""
    words = doc.word_count
    if words == 0:
        detail = _EMPTY_DETAIL.get(doc.fmt, "no text")
        return NotAssessed("no-text", f"no words to assess ({detail})")
    if words < MIN_WORDS:
        return NotAssessed("too-short", f"too little text to assess ({words} word"
                                        f"{'s' if words != 1 else ''}; at least {MIN_WORDS} "
                                        "are needed)")
    if not doc.language.is_english:
        return NotAssessed("language", f"written in '{doc.language.code}'; credscore's rules "
                                       "are for English, so there is no score")
    return None

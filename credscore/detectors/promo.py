"""Kind ``boilerplate-block``: promotional boilerplate reported as whole blocks, by category.

A *cue* marks its paragraph: a phrase from the category's lexicons, or a match of one of the
category's regular expressions (``patterns``, matched on the folded text, for
wording that varies: "should not be construed as investment advice", "not offered or intended
to be used as legal, tax, investment, financial, or other advice"). Consecutive paragraphs with
a cue of the same category merge into one span; a short heading right before the block
("Disclaimer:", "About the author", "Writer @Ethan") joins it. The span starts at the first
sentence with a cue (so an article sentence glued to a footer stays out) and runs to the end of
the last paragraph of the run. One finding per block, not per phrase.

Cues inside quotations are ignored (a quoted "not financial advice" is reporting, not
boilerplate), unless the quotation is the whole paragraph.

Parameters: ``categories`` (category = [lexicon files]), ``patterns`` (category = [regex],
optional; matched on the lower-cased text with quotes and dashes folded and line breaks
kept, so patterns are written in lower case; MULTILINE: ``^``/``$`` are line ends),
``max_block_chars`` (a run longer than this is reported as its cue sentences
instead, default 1500).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..analyse.lexicons import PhraseMatcher, load_lexicon
from ..findings import Hit
from ..regex.literals import LiteralIndex
from ..regex.saferegex import RulePattern, UnsafePattern, document_deadline
from ..segment.document import Document, replace_chars
from .base import Detector, ParamError
from .spans import quote_at, quote_spans

_FLAGS = re.MULTILINE  # the text is lower-cased: patterns are written in lower case
_FOLD_KEEP_LINES = {
    "\t": " ", "\u00a0": " ", "\u2009": " ", "\u202f": " ", "\u2019": "'", "\u2018": "'",
    "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-",
}


def folded_lines(doc: Document) -> str:
    """Like ``Document.folded`` (same offsets) but keeping line breaks, for ``^``/``$``."""
    cached = doc.cache.get("folded_lines")
    if cached is None:
        text = doc.lint_text
        lowered = text.lower()
        if len(lowered) != len(text):  # a few characters (e.g. "İ") grow when lowered
            lowered = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
        cached = replace_chars(lowered, _FOLD_KEEP_LINES)
        doc.cache["folded_lines"] = cached
    return cached


class BoilerplateBlockDetector(Detector):
    kind = "boilerplate-block"
    pack_patterns = True  # runs the pack's regexes: within the time budget
    english_only = False

    def __init__(self, params: dict) -> None:
        super().__init__(params)
        self.category_files = self.categories("categories")
        raw_patterns = self._get("patterns", {})
        self.max_block = self.integer("max_block_chars", 1500, 1)
        self.finish_params()
        if not isinstance(raw_patterns, dict):
            raise ParamError("patterns", "must be a table of category = [regular expressions]")
        # One alternation per category: a single pass over the text per category, under a
        # bound (credscore.regex.saferegex).
        self.patterns: list[tuple[str, RulePattern]] = []
        for cat, items in raw_patterns.items():
            if isinstance(items, str):
                items = [items]
            if not isinstance(items, list) or not all(isinstance(p, str) for p in items):
                raise ParamError(f"patterns.{cat}", "must be a list of regular expressions")
            if not items:
                continue
            joined = "|".join(f"(?:{p})" for p in items)
            try:
                self.patterns.append((str(cat), RulePattern(joined, _FLAGS)))
            except UnsafePattern:
                # Only now compile the entries one by one, to name the faulty one.
                for pattern in items:
                    try:
                        RulePattern(pattern, _FLAGS)
                    except UnsafePattern as err:
                        raise ParamError(f"patterns.{cat}", f"{pattern!r}: {err}") from None
                raise ParamError(f"patterns.{cat}", "bad regular expression: the entries "
                                 "do not combine into one alternation") from None
        self.literals = LiteralIndex(rx for _, rx in self.patterns)
        self.matcher = PhraseMatcher(
            (p, cat) for cat, files in self.category_files.items()
            for name in files for p in load_lexicon(name)
        )

    def _cues(self, doc: Document) -> Iterator[tuple[int, int, str]]:
        for m in self.matcher.iter_matches(doc.folded):
            yield m.start, m.end, m.tag
        text = folded_lines(doc) if self.patterns else ""
        possible = self.literals.possible(text) if self.patterns else []
        deadline = document_deadline(doc) if self.patterns else 0.0
        for (cat, rx), may in zip(self.patterns, possible):
            if not may:
                continue  # the text lacks every word the pattern needs (credscore.regex.literals)
            for start, end in rx.finditer(text, 0, deadline):
                while start < end and text[start].isspace():
                    start += 1  # a pattern's leading white space is not part of the cue
                if end > start:
                    yield start, end, cat

    def detect(self, doc: Document) -> Iterator[Hit]:
        quotes = quote_spans(doc)
        # block -> category -> (first cue sentence, last cue sentence, cue texts)
        found: dict[int, dict[str, list]] = {}
        for start, end, cat in sorted(self._cues(doc)):
            i = doc.sentence_index_at(start)
            if i is None:
                continue
            b = doc.sentences[i].block
            block = doc.blocks[b]
            k = quote_at(quotes, start)  # cues are never empty: only this quotation can hold one
            if k >= 0 and end <= quotes[k][1] and not (quotes[k][0] <= block.start + 1 and
                                                      quotes[k][1] >= block.end - 1):
                continue
            entry = found.setdefault(b, {}).get(cat)
            cue = doc.text[start:end]
            if entry is None:
                found[b][cat] = [i, i, {cue}]
            else:
                entry[0], entry[1] = min(entry[0], i), max(entry[1], i)
                entry[2].add(cue)
        done: set[tuple[int, str]] = set()
        for b in sorted(found):
            for cat in sorted(found[b]):
                if (b, cat) in done:
                    continue
                first_sentence, last_sentence, cues = found[b][cat]
                last = b
                cues = set(cues)
                while cat in found.get(last + 1, {}):
                    last += 1
                    done.add((last, cat))
                    cues |= found[last][cat][2]
                    last_sentence = found[last][cat][1]
                start = doc.sentences[first_sentence].start
                if start == doc.blocks[b].start and b > 0 and doc.blocks[b - 1].kind == "heading":
                    start = doc.blocks[b - 1].start
                end = doc.blocks[last].end
                if end - start > self.max_block:
                    end = doc.sentences[last_sentence].end
                    if end - start > self.max_block:
                        start = doc.sentences[found[last][cat][0]].start
                yield Hit(start, end, data={"category": cat, "cues": sorted(cues)})

"""Kind ``phrase``: flag listed phrases (lexicon files or inline) wherever they occur.

Parameters: ``lexicons`` (files in rules/lexicons), ``phrases`` (inline list), ``span``
(match|sentence|block), ``skip_quotes`` (ignore hits inside quotations, default true),
``scope`` (any|heading|body: where hits count).
"""

from __future__ import annotations

from collections.abc import Iterator

from ..analyse.lexicons import PhraseMatcher, load_lexicon
from ..findings import Hit
from ..segment.document import Document
from .base import Detector, ParamError
from .spans import inside, quote_spans, widen


class PhraseDetector(Detector):
    kind = "phrase"

    def __init__(self, params: dict) -> None:
        super().__init__(params)
        files = self.lexicon_files("lexicons")
        inline = self.strings("phrases")
        if not files and not inline:
            raise ParamError("lexicons", "give lexicon files or inline phrases")
        self.span = self.text("span", "match", ("match", "sentence", "block"))
        self.skip_quotes = self.flag("skip_quotes", True)
        self.scope = self.text("scope", "any", ("any", "heading", "body"))
        self.finish_params()
        phrases = [(p, "phrase") for name in files for p in load_lexicon(name)]
        phrases += [(p, "phrase") for p in inline]
        self.matcher = PhraseMatcher(phrases)

    def detect(self, doc: Document) -> Iterator[Hit]:
        quotes = quote_spans(doc) if self.skip_quotes else []
        seen: set[tuple[int, int]] = set()
        for m in self.matcher.longest_matches(doc.folded):
            if quotes and inside(quotes, m.start, m.end):
                continue
            if self.scope != "any":
                i = doc.sentence_index_at(m.start)
                is_heading = i is not None and doc.block_of_sentence(i).kind == "heading"
                if (self.scope == "heading") != is_heading:
                    continue
            span = widen(doc, m.start, m.end, self.span)
            if span in seen:
                continue
            seen.add(span)
            yield Hit(span[0], span[1], data={"phrase": doc.text[m.start : m.end]})

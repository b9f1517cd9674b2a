"""Kind ``heading``: formulaic section headings ("Conclusion", "What Happens Next?").

A heading block matches when, lower-cased and stripped of numbering and closing punctuation,
it equals a listed heading or starts with one followed by ``:`` or a dash ("Looking Ahead: ...").
A lexicon entry ending in `` *`` is a prefix: "the future of *" matches "The Future of AI
Security". Parameters: ``lexicons`` (files with one heading per line).
"""

from __future__ import annotations

from collections.abc import Iterator

from ..analyse.lexicons import load_lexicon, normalise_phrase
from ..findings import Hit
from ..regex import patterncache
from ..segment.document import Document
from .base import Detector

_NUMBERING = patterncache.compile(r"^(?:#+\s*)?(?:\d+[.)]\s*|[ivx]+[.)]\s+)?")


_SUBTITLE = patterncache.compile(r"\s*[:\-–—]\s+")


class HeadingDetector(Detector):
    kind = "heading"

    def __init__(self, params: dict) -> None:
        super().__init__(params)
        files = self.lexicon_files("lexicons", required=True)
        self.finish_params()
        entries = [h for name in files for h in load_lexicon(name)]
        self.headings = frozenset(h.rstrip("?:!. ") for h in entries if not h.endswith(" *"))
        self.prefixes = tuple(h[:-1] for h in entries if h.endswith(" *"))

    def detect(self, doc: Document) -> Iterator[Hit]:
        for block in doc.blocks:
            if block.kind != "heading":
                continue
            raw = normalise_phrase(doc.lint_text[block.start : block.end])
            label = _NUMBERING.sub("", raw).rstrip("?:!. ")
            head = _SUBTITLE.split(label, maxsplit=1)[0]
            if label in self.headings or head in self.headings or (
                    self.prefixes and label.startswith(self.prefixes)):
                yield Hit(block.start, block.end, data={"heading": label})

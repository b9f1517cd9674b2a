"""Kind ``heading``: formulaic section headings ("Conclusion", "What Happens Next?").

A heading block matches when, lower-cased and stripped of numbering and closing punctuation,
it equals a listed heading or starts with one followed by ``:`` or a dash ("Looking Ahead: ...").
Parameters: ``lexicons`` (files with one heading per line).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..document import Document
from ..findings import Hit
from ..lexicons import load_lexicon, normalise_phrase
from .base import Detector

_NUMBERING = re.compile(r"^(?:#+\s*)?(?:\d+[.)]\s*|[ivx]+[.)]\s+)?")


class HeadingDetector(Detector):
    kind = "heading"

    def __init__(self, params: dict) -> None:
        super().__init__(params)
        files = self.lexicon_files("lexicons", required=True)
        self.finish_params()
        self.headings = frozenset(h.rstrip("?:!. ") for name in files for h in load_lexicon(name))

    def detect(self, doc: Document) -> Iterator[Hit]:
        for block in doc.blocks:
            if block.kind != "heading":
                continue
            raw = normalise_phrase(doc.lint_text[block.start : block.end])
            label = _NUMBERING.sub("", raw).rstrip("?:!. ")
            head = re.split(r"\s*[:\-–—]\s+", label, maxsplit=1)[0]
            if label in self.headings or head in self.headings:
                yield Hit(block.start, block.end, data={"heading": label})

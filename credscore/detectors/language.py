"""Kind ``language``: an info note when the article is not in English (English-only rules skip)."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Hit
from ..segment.document import Document
from .base import Detector


class NonEnglishDetector(Detector):
    kind = "language"
    english_only = False
    article_level = True

    def __init__(self, params: dict) -> None:
        super().__init__(params)
        self.finish_params()

    def detect(self, doc: Document) -> Iterator[Hit]:
        info = doc.language
        if info.is_english or not doc.sentences:
            return
        first = doc.sentences[0]
        yield Hit(first.start, first.end, data={"language": info.code,
                                                 "confidence": info.confidence})

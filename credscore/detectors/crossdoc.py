"""Kind ``cross-document``: a paragraph that recurs across the files of one batch.

Run by the batch, not per document (``cross_document = True``): ``Checker`` builds a
``credscore.analyse.crossdoc.ParagraphCensus`` over all the files first, then this detector reports
every paragraph of a file that the census saw in at least ``min_files`` files, with the count.
No parameters: the threshold belongs to the batch (``--boilerplate-min-files``).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..findings import Hit
from ..segment.document import Document
from .base import Detector

if TYPE_CHECKING:
    from ..analyse.crossdoc import ParagraphCensus


class CrossDocumentMarker(Detector):
    kind = "cross-document"
    english_only = False
    cross_document = True

    def __init__(self, params: dict) -> None:
        super().__init__(params)
        self.finish_params()

    def detect(self, doc: Document) -> Iterator[Hit]:
        return iter(())  # needs a census: see detect_census

    def detect_census(self, doc: Document, census: ParagraphCensus) -> Iterator[Hit]:
        for start, end, files in census.occurrences(doc):
            yield Hit(start, end, data={"category": "cross-document", "files": files,
                                        "total_files": census.files})

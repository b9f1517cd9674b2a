"""Article metrics for the report: language, size, readability, attribution and filler counts."""

from __future__ import annotations

from collections import Counter
from typing import Any

from ..segment.document import Document


def document_metrics(doc: Document) -> dict[str, Any]:
    """Facts about the article that are reported but not (directly) scored."""
    info = doc.language
    langs = Counter(info.blocks.values())
    out: dict[str, Any] = {
        "format": doc.fmt,
        "characters": len(doc.text),
        "sentences": len(doc.sentences),
        "paragraphs": sum(1 for b in doc.blocks if b.kind != "heading"),
        "headings": sum(1 for b in doc.blocks if b.kind == "heading"),
        "links": len(doc.links),
        "language": {
            "code": info.code,
            "confidence": info.confidence,
            "method": info.method,
            "paragraphs": dict(sorted(langs.items())),
        },
    }
    if doc.metadata:
        out["metadata"] = {k: doc.metadata[k] for k in sorted(doc.metadata)}
    if info.is_english and doc.word_count >= 10:
        from .readability import readability

        out["readability"] = readability(doc.lint_text)
        from ..detectors.attribution import attribution_counts

        out["attribution"] = attribution_counts(doc)
    return out

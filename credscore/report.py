"""Report: everything credscore says about one article, in the stable JSON shape."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .findings import Finding
from .scoring import Reason

SCHEMA_VERSION = 2
"""2: reasons are the signed points table of the credibility model (base, features, floors)."""


@dataclass(frozen=True)
class Report:
    path: str
    score: int
    grade: str
    language: str
    word_count: int
    findings: tuple[Finding, ...]
    reasons: tuple[Reason, ...]
    metrics: dict[str, Any] = field(default_factory=dict)
    text: str = field(default="", repr=False, compare=False)
    """The text the spans index into (not part of the JSON report)."""

    def to_dict(self) -> dict[str, Any]:
        """REPORT: path, score, grade, language, word_count, findings, reasons, metrics."""
        return {
            "path": self.path,
            "score": self.score,
            "grade": self.grade,
            "language": self.language,
            "word_count": self.word_count,
            "findings": [f.to_dict() for f in self.findings],
            "reasons": [r.to_dict() for r in self.reasons],
            "metrics": self.metrics,
        }


@dataclass(frozen=True)
class Failure:
    """An input that could not be scored, with a one-line reason."""

    path: str
    error: str

    def to_dict(self) -> dict[str, str]:
        return {"path": self.path, "error": self.error}

"""Report: everything credscore says about one article, in the stable JSON shape."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .findings import Finding
from .score.assess import NotAssessed
from .score.scoring import Reason

SCHEMA_VERSION = 2
"""2: reasons are the signed points table of the credibility model (base, features, floors)."""


@dataclass(frozen=True)
class Report:
    path: str
    score: int | None
    """None when the text was not assessed (see ``not_assessed``)."""
    grade: str | None
    language: str
    word_count: int
    findings: tuple[Finding, ...]
    reasons: tuple[Reason, ...]
    metrics: dict[str, Any] = field(default_factory=dict)
    text: str = field(default="", repr=False, compare=False)
    """The text the spans index into (not part of the JSON report)."""
    not_assessed: NotAssessed | None = None
    """Why the text got no score and no grade (``credscore.score.assess``); None when it was
    scored."""

    @property
    def assessed(self) -> bool:
        return self.not_assessed is None

    def to_dict(self) -> dict[str, Any]:
        """REPORT: path, score, grade, assessed, not_assessed, language, word_count, findings,
        reasons, metrics. ``score`` and ``grade`` are null when ``assessed`` is false, and
        ``not_assessed`` then holds ``{"code", "reason"}``."""
        return {
            "path": self.path,
            "score": self.score,
            "grade": self.grade,
            "assessed": self.assessed,
            "not_assessed": self.not_assessed.to_dict() if self.not_assessed else None,
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

"""The records every stage shares: severities, detector hits and reported findings."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum
from typing import Any


class Severity(IntEnum):
    """Ordered severities: info < warning < error."""

    INFO = 1
    WARNING = 2
    ERROR = 3

    @classmethod
    def parse(cls, value: str) -> Severity:
        """Parse ``info``/``warning``/``error`` (case-insensitive); raise ValueError otherwise."""
        try:
            return cls[str(value).strip().upper()]
        except KeyError:
            raise ValueError(f"unknown severity {value!r} (use info, warning or error)") from None

    @property
    def label(self) -> str:
        return self.name.lower()


@dataclass(frozen=True)
class Hit:
    """What a detector found: a span of the document text and why, nothing about rules."""

    start: int
    """Start offset (code points) into ``Document.text``."""
    end: int
    """End offset (exclusive)."""
    confidence: float = 1.0
    """0..1; scales the rule's weight when scored."""
    data: dict[str, Any] = field(default_factory=dict)
    """Machine-readable facts (category, similarity...) also usable in the rule's message."""
    severity: Severity | None = None
    """Optional override of the rule's severity (e.g. a weak hit downgraded to info)."""


@dataclass(frozen=True)
class SourceSpan:
    """Where a finding is in the file, when the reported text is not the file (HTML)."""

    start: int
    end: int
    line: int
    """1-based."""
    column: int
    """1-based, in code points."""
    end_line: int
    end_column: int
    """Exclusive, 1-based (SARIF's endColumn)."""

    def to_dict(self) -> dict[str, int]:
        return {"start": self.start, "end": self.end, "line": self.line, "column": self.column,
                "end_line": self.end_line, "end_column": self.end_column}


@dataclass(frozen=True)
class Edit:
    """Replace ``text[start:end]`` (code points into the reported text) with ``replacement``."""

    start: int
    end: int
    replacement: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "replacement": self.replacement}


@dataclass(frozen=True)
class Fix:
    """A suggested fix: what it does and the edits that do it (never overlapping)."""

    description: str
    edits: tuple[Edit, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"description": self.description, "edits": [e.to_dict() for e in self.edits]}


@dataclass(frozen=True)
class Finding:
    """A rule's verdict on one span, ready to score and render."""

    rule_id: str
    """Stable code, e.g. ``SP101``."""
    rule: str
    """Readable kebab-case name, e.g. ``off-topic-commercial-insertion``."""
    family: str
    """Rule family: filler, spam, attribution, promo, ..."""
    severity: Severity
    message: str
    start: int
    end: int
    line: int
    """1-based line of ``start``."""
    column: int
    """1-based column of ``start``."""
    evidence: str
    """Exactly ``text[start:end]``."""
    sentence: str
    """The enclosing sentence (or paragraph for block findings)."""
    penalty: float = 0.0
    """Points this finding cost (set by the scorer)."""
    confidence: float = 1.0
    data: dict[str, Any] = field(default_factory=dict)
    suppressed: bool = False
    """True when an inline marker in the article switched the rule off here."""
    article_level: bool = False
    """A verdict on the whole article (the span only points at it); not part of the JSON."""
    fixes: tuple[Fix, ...] = ()
    """Suggested fixes (from the rule's ``[rule.fix]``; see credscore.analyse.fixes)."""
    source: SourceSpan | None = None
    """The span in the file, for HTML whose loader maps the extracted text back to the source
    (see credscore.analyse.sourcemap); None when the reported text is the file, or no map exists."""

    def to_dict(self) -> dict[str, Any]:
        """The stable JSON shape of a finding (schema version 1)."""
        out: dict[str, Any] = {
            "rule_id": self.rule_id,
            "rule": self.rule,
            "family": self.family,
            "severity": self.severity.label,
            "message": self.message,
            "start": self.start,
            "end": self.end,
            "line": self.line,
            "column": self.column,
            "evidence": self.evidence,
            "sentence": self.sentence,
            "penalty": round(self.penalty, 2),
        }
        if self.data:
            out["data"] = self.data
        if self.suppressed:
            out["suppressed"] = True
        if self.fixes:
            out["fixes"] = [fix.to_dict() for fix in self.fixes]
        if self.source is not None:
            out["source"] = self.source.to_dict()
        return out

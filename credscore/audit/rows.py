"""What one audit row is for the parent: RowInfo (the compact facts the summary and the HTML
view aggregate), content_hash, the error type and the chunking constants. The low module of
the audit package: the views (render/summary.py, render/html.py) read it, never the runner.
"""

from __future__ import annotations

import hashlib
from typing import Any, NamedTuple

from ..errors import CredscoreError

DEFAULT_CHUNK = 16
"""Files per task: large enough that IPC is noise (~0.2 s of work), small enough to balance."""
INFLIGHT_PER_JOB = 16
"""Chunks queued per worker: keeps workers busy while bounding memory. Rows come out in input
order, so while one slow chunk (a 10 MB article takes about a minute) holds the head of the
line, the other workers go on with up to this many chunks each (~250 articles) instead of
idling; the results waiting meanwhile are a few hundred JSON lines."""


class AuditError(CredscoreError):
    """A problem with the audit's own options or outputs (one line, exit 2)."""


class RowInfo(NamedTuple):
    """The compact facts the parent aggregates for one row (no text, no findings detail)."""

    path: str
    score: int | None
    grade: str | None
    language: str | None
    word_count: int
    rules: tuple[tuple[str, str, str], ...]
    """(rule_id, rule, family) of every unsuppressed finding, in text order."""
    error: str | None
    content_hash: str | None
    assessed: bool = True
    """False for a row that was read but not assessed (no score, no grade:
    credscore.score.assess)."""
    warnings: tuple[str, ...] = ()
    """``metrics.warnings`` of the row (e.g. a rule stopped by its time budget)."""

    @property
    def failed(self) -> bool:
        return self.error is not None

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> RowInfo:
        findings = row.get("findings") or ()
        return cls(
            path=str(row.get("path", "")),
            score=row.get("score"),
            grade=row.get("grade"),
            language=row.get("language"),
            word_count=int(row.get("word_count") or 0),
            rules=tuple(
                (f.get("rule_id", ""), f.get("rule", ""), f.get("family", ""))
                for f in findings
                if not f.get("suppressed")
            ),
            error=row.get("error"),
            content_hash=row.get("content_hash"),
            assessed=bool(row.get("assessed", row.get("score") is not None)),
            warnings=tuple(str(w) for w in (row.get("metrics") or {}).get("warnings", ())),
        )


Result = tuple[str, RowInfo]
"""A worker's answer for one file: the JSONL line and its compact facts."""




def content_hash(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()



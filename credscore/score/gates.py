"""Which gate tripped, and for which articles: the reason behind exit code 1, in words."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from ..findings import Severity
from ..render.words import plural, word_for

_LISTED = 5


def _names(items: Sequence[str]) -> str:
    shown = ", ".join(items[:_LISTED])
    return shown + (f" and {len(items) - _LISTED:,} more" if len(items) > _LISTED else "")


def reasons(config: Any, reports: Iterable[Any]) -> list[str]:
    """One phrase per tripped gate (empty: no gate tripped). ``config``: fail_under, fail_on.
    Gates judge assessed articles only: a text credscore could not assess has no verdict."""
    reports = [r for r in reports if getattr(r, "assessed", True)]
    out = []
    if config.fail_under is not None:
        low = [f"{r.path} ({r.score})" for r in reports if r.score < config.fail_under]
        if low:
            out.append(f"{plural(len(low), 'article')} scored below --fail-under "
                       f"{config.fail_under:g}: {_names(low)}")
    if config.fail_on is not None:
        hit = []
        for r in reports:
            ids = sorted({f.rule_id for f in r.findings
                          if f.severity >= config.fail_on and not f.suppressed})
            if ids:
                hit.append(f"{r.path} ({', '.join(ids)})")
        if hit:
            out.append(f"{plural(len(hit), 'article')} {word_for(len(hit), 'has')} a finding "
                       f"at or above --fail-on {config.fail_on.label}: {_names(hit)}")
    return out


def baseline_reasons(deltas: Iterable[Any], fail_on: Severity | None,
                     fail_under: float | None) -> list[str]:
    """The same for ``check --baseline`` (see credscore.baseline.gate_tripped)."""
    level = fail_on or Severity.WARNING
    new, worse, low = [], [], []
    for d in deltas:
        ids = sorted({f.rule_id for f in d.new if f.severity >= level and not f.suppressed})
        if ids:
            new.append(f"{d.path} ({', '.join(ids)})")
        if d.regressed:
            worse.append(f"{d.path} ({d.baseline_score} -> {d.score})")
        if not d.known and fail_under is not None and d.score < fail_under:
            low.append(f"{d.path} ({d.score})")
    out = []
    if new:
        out.append(f"{plural(len(new), 'article')} {word_for(len(new), 'has')} a new finding "
                   f"at {level.label} or above: {_names(new)}")
    if worse:
        out.append(f"{plural(len(worse), 'article')} scored below {word_for(len(worse), 'its')} "
                   f"baseline: {_names(worse)}")
    if low:
        out.append(f"{plural(len(low), 'article')} not in the baseline scored below "
                   f"--fail-under {fail_under:g}: {_names(low)}")
    return out


def exit_line(phrases: Sequence[str]) -> str:
    """The final line of a run whose gate tripped."""
    return "credscore: exit 1: " + "; ".join(phrases)

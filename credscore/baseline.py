"""Baselines: adopt credscore on an existing archive without fixing every old article first.

``credscore baseline write PATH... --output FILE`` records, per article, its score and the
fingerprint of every finding. ``credscore check --baseline FILE`` then reports only findings
whose fingerprint is not in the baseline, and its gate trips only on those new findings or on a
score below the recorded one.

A fingerprint is a hash of the rule id, the normalised evidence, the normalised enclosing
sentence and the occurrence index among findings that share all three. Normalising folds case,
curly quotes, dashes and white space. Line numbers and offsets are not part of it, so adding or
removing text elsewhere in the article, re-wrapping other paragraphs or moving the sentence
keeps it; editing the flagged sentence itself makes the finding new (it was touched). An
article-level finding (a verdict on the whole article, such as FL105 padding-share) is
identified by its rule alone. The same
fingerprints are the SARIF ``partialFingerprints`` so code-scanning dashboards track findings
across runs.

Article paths are stored relative to the baseline file's folder, so the baseline works from any
working directory.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .errors import InputError
from .findings import Finding, Severity
from .report import Report

BASELINE_VERSION = 1
FINGERPRINT_KEY = "credscore/v1"
"""Name of the fingerprint scheme (used as the SARIF partialFingerprints key)."""

_FOLD = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"',
                       "\u2013": "-", "\u2014": "-", "\u00a0": " "})
_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Case-, quote-, dash- and white-space-insensitive form of ``text``."""
    return _SPACE.sub(" ", text.translate(_FOLD).casefold()).strip()


def fingerprints(findings: Sequence[Finding]) -> list[str]:
    """One stable fingerprint per finding, in the same order."""
    seen: dict[tuple[str, str, str], int] = {}
    out = []
    for f in findings:
        # An article-level verdict (FL105, AT103, GN101) points at the first sentence; that
        # sentence changes whenever text is added above it, the verdict does not.
        key = ((f.rule_id, "", "") if f.article_level
               else (f.rule_id, normalise(f.evidence), normalise(f.sentence)))
        k = seen.get(key, 0)
        seen[key] = k + 1
        raw = "\0".join((FINGERPRINT_KEY, *key, str(k)))
        out.append(hashlib.sha256(raw.encode("utf-8")).hexdigest()[:24])
    return out


def path_key(path: str, base_dir: str | Path) -> str:
    """How an article is named in a baseline: relative to the baseline's folder, with ``/``."""
    if path.startswith("<"):  # <stdin>, <text>
        return path
    rel = os.path.relpath(os.path.abspath(path), os.path.abspath(base_dir))
    return Path(rel).as_posix()


@dataclass(frozen=True)
class Entry:
    score: int | None
    grade: str | None
    fingerprints: frozenset[str]


@dataclass
class Baseline:
    files: dict[str, Entry] = field(default_factory=dict)
    base_dir: str = "."
    rules_hash: str | None = None
    credscore_version: str | None = None
    source: str = ""

    def entry(self, path: str) -> Entry | None:
        return self.files.get(path_key(path, self.base_dir))


def build(reports: Iterable[Report], base_dir: str | Path, versions: dict[str, str]
          ) -> dict[str, Any]:
    """The JSON document ``baseline write`` saves (deterministic: sorted, no timestamps)."""
    files: dict[str, Any] = {}
    for r in reports:
        rows = [
            {"fingerprint": fp, "rule_id": f.rule_id, "line": f.line,
             "evidence": " ".join(f.evidence.split())[:80]}
            for f, fp in zip(r.findings, fingerprints(r.findings))
        ]
        files[path_key(r.path, base_dir)] = {"score": r.score, "grade": r.grade, "findings": rows}
    return {
        "credscore_baseline": BASELINE_VERSION,
        "credscore_version": versions.get("credscore_version"),
        "rules_hash": versions.get("rules_hash"),
        "files": dict(sorted(files.items())),
    }


def write(path: str | Path, reports: Iterable[Report], versions: dict[str, str]) -> int:
    """Save a baseline for ``reports``; return the number of findings recorded.

    An existing baseline is replaced (re-baselining is the normal workflow); any other existing
    file (an article, a typo in ``--output``) is refused, never overwritten. The new file is
    written next to the target and moved over it, so a failed write leaves the old one intact.
    """
    target = Path(path)
    if target.exists():
        try:
            load(target)
        except InputError:
            raise InputError(str(path), "exists and is not a credscore baseline; refusing to "
                                        "overwrite it (choose another --output)") from None
    data = build(reports, target.parent if str(target.parent) else ".", versions)
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        temporary.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n",
                             encoding="utf-8")
        os.replace(temporary, target)
    except OSError as err:
        temporary.unlink(missing_ok=True)
        raise InputError(str(path), f"cannot write baseline ({err.strerror or err})") from None
    return sum(len(v["findings"]) for v in data["files"].values())


def load(path: str | Path) -> Baseline:
    """Read a baseline file; raise InputError with a one-line reason when it is not one."""
    name = str(path)
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(name, "no such baseline file (create it with `credscore baseline "
                               "write`)") from None
    except (OSError, UnicodeDecodeError, ValueError) as err:
        raise InputError(name, f"not a credscore baseline ({err})") from None
    if not isinstance(data, dict) or data.get("credscore_baseline") != BASELINE_VERSION:
        raise InputError(name, f"not a credscore baseline (version {BASELINE_VERSION} expected)")
    files = {}
    try:
        for key, value in data["files"].items():
            score, grade = value["score"], value["grade"]
            files[key] = Entry(None if score is None else int(score),
                               None if grade is None else str(grade),
                               frozenset(str(row["fingerprint"]) for row in value["findings"]))
    except (KeyError, TypeError, ValueError, AttributeError) as err:
        raise InputError(name, f"damaged baseline ({type(err).__name__}: {err})") from None
    return Baseline(files=files, base_dir=str(Path(path).parent) or ".",
                    rules_hash=data.get("rules_hash"),
                    credscore_version=data.get("credscore_version"), source=name)


@dataclass(frozen=True)
class Delta:
    """How one article compares with the baseline."""

    path: str
    known: bool
    """The article is in the baseline."""
    new: tuple[Finding, ...]
    unchanged: int
    fixed: int
    score: int | None
    """None when the article was not assessed."""
    baseline_score: int | None

    @property
    def regressed(self) -> bool:
        return (self.baseline_score is not None and self.score is not None
                and self.score < self.baseline_score)

    def to_dict(self) -> dict[str, Any]:
        return {"in_baseline": self.known, "new": len(self.new), "unchanged": self.unchanged,
                "fixed": self.fixed, "baseline_score": self.baseline_score,
                "regressed": self.regressed}


def compare(baseline: Baseline, report: Report) -> tuple[Report, Delta]:
    """Keep only new findings in the report (score and reasons unchanged) and say what changed.

    The returned report carries ``metrics["baseline"]`` with the counts."""
    entry = baseline.entry(report.path)
    known = entry.fingerprints if entry else frozenset()
    fps = fingerprints(report.findings)
    new = tuple(f for f, fp in zip(report.findings, fps) if fp not in known)
    present = set(fps)
    delta = Delta(
        path=report.path,
        known=entry is not None,
        new=new,
        unchanged=len(report.findings) - len(new),
        fixed=len(known - present),
        score=report.score,
        baseline_score=entry.score if entry else None,
    )
    metrics = {**report.metrics, "baseline": delta.to_dict()}
    return replace(report, findings=new, metrics=metrics), delta


def gate_tripped(deltas: Iterable[Delta], fail_on: Severity | None,
                 fail_under: float | None) -> bool:
    """The gate with a baseline: a new finding at or above ``fail_on`` (default warning; info
    findings cost no points) or a score below the recorded one. ``fail_under`` applies only to
    articles that are not in the baseline."""
    level = fail_on or Severity.WARNING
    for d in deltas:
        if d.score is None:
            continue  # not assessed: no verdict to gate on
        if any(f.severity >= level and not f.suppressed for f in d.new):
            return True
        if d.regressed:
            return True
        if (not d.known and fail_under is not None and d.score is not None
                and d.score < fail_under):
            return True
    return False


def stale_warning(baseline: Baseline, versions: dict[str, str]) -> str | None:
    """A note when the baseline was written with other rules (findings may show up as new)."""
    if baseline.rules_hash and baseline.rules_hash != versions.get("rules_hash"):
        return (f"{baseline.source}: written with other rules (rules hash "
                f"{baseline.rules_hash[:12]}, now {versions.get('rules_hash', '?')[:12]}); "
                "findings of changed rules may show as new: rewrite it with "
                "`credscore baseline write`")
    return None


def describe(delta: Delta) -> str:
    """One line for the terminal: what changed against the baseline."""
    if not delta.known:
        from .render.words import plural

        return f"not in the baseline ({plural(len(delta.new), 'finding')}, all new)"
    text = (f"{len(delta.new)} new, {delta.unchanged} unchanged, {delta.fixed} fixed; "
            f"score {delta.score} (baseline {delta.baseline_score})")
    return text + (" REGRESSED" if delta.regressed else "")

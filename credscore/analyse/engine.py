"""Run the selected rules on a Document and turn detector hits into findings."""

from __future__ import annotations

import string
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ..detectors import KINDS, Detector, ParamError, build_detector
from ..errors import ConfigError, PackError
from ..findings import Finding, Hit, Severity
from ..packs import RuleSpec
from ..regex.saferegex import BoundedRegion, PatternTimeout, budget_seconds
from ..segment.document import Document


class _LenientFormatter(string.Formatter):
    """``str.format`` that leaves unknown fields visible instead of raising."""

    def get_value(self, key: Any, args: Any, kwargs: Any) -> Any:
        if isinstance(key, str):
            return kwargs.get(key, "{" + key + "}")
        return super().get_value(key, args, kwargs)

    def format_field(self, value: Any, format_spec: str) -> Any:
        try:
            return super().format_field(value, format_spec)
        except (ValueError, TypeError):
            return str(value)


_FORMATTER = _LenientFormatter()


def render_message(template: str, values: dict[str, Any]) -> str:
    return _FORMATTER.format(template, **values)


@dataclass
class RuleSelection:
    """Which rules run and at what severity (from flags and config)."""

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    min_severity: Severity = Severity.INFO
    severity_overrides: dict[str, Severity] | None = None
    disabled: tuple[str, ...] = ()

    @staticmethod
    def _matches(rule: RuleSpec, keys: Iterable[str]) -> bool:
        for key in keys:
            k = key.strip()
            if k.upper() == rule.id or k.lower() in (rule.name, rule.family):
                return True
            if k and rule.id.startswith(k.upper()) and len(k) >= 2:
                return True  # prefix: "SP" or "SP1"
        return False

    def check_keys(self, rules: list[RuleSpec]) -> None:
        """ConfigError for a selector that matches no rule: a typo ("attribuion") must not
        silently switch every rule off, or a severity override apply to nothing."""
        groups = (("select", self.select), ("ignore", self.ignore),
                  ("rules", tuple(self.severity_overrides or ()) + self.disabled))
        for option, keys in groups:
            for key in keys:
                if not any(self._matches(rule, [key]) for rule in rules):
                    families = ", ".join(sorted({r.family for r in rules}))
                    raise ConfigError(
                        f"{option}: {key!r} matches no rule (use a rule id such as SP101, an id "
                        f"prefix such as SP, a rule name, or a family: {families})")

    def applies(self, rule: RuleSpec) -> bool:
        if self.select and not self._matches(rule, self.select):
            return False
        if self.ignore and self._matches(rule, self.ignore):
            return False
        return not (self.disabled and self._matches(rule, self.disabled))

    def severity_of(self, rule: RuleSpec) -> Severity:
        for key, sev in (self.severity_overrides or {}).items():
            if self._matches(rule, [key]):
                return sev
        return rule.severity


class Engine:
    """Compiled rules (each with its validated detector), ready to run on documents."""

    def __init__(self, rules: Iterable[RuleSpec], selection: RuleSelection | None = None) -> None:
        self.selection = selection or RuleSelection()
        rules = list(rules)
        self.selection.check_keys(rules)
        self.rules: list[tuple[RuleSpec, Detector, Severity]] = []
        for rule in rules:
            if not self.selection.applies(rule):
                continue
            if rule.kind not in KINDS:
                raise PackError(rule.file, f"unknown detector kind '{rule.kind}'", rule.id, "kind")
            try:
                detector = build_detector(rule.kind, rule.params)
            except ParamError as err:
                raise PackError(rule.file, str(err), rule.id, f"params.{err.key}") from None
            self.rules.append((rule, detector, self.selection.severity_of(rule)))

    def run(self, doc: Document) -> list[Finding]:
        """All findings on ``doc`` in text order (not yet scored)."""
        english = doc.language.is_english
        findings: list[Finding] = []
        with BoundedRegion(doc) as bounded:  # one alarm for the rules that run pack regexes
            for rule, detector, severity in self.rules:
                self._run_rule(doc, english, bounded, rule, detector, severity, findings)
        findings.sort(key=lambda f: (f.start, f.end, f.rule_id))
        return findings

    def _run_rule(self, doc: Document, english: bool, bounded: BoundedRegion, rule: RuleSpec,
                  detector: Detector, severity: Severity, findings: list[Finding]) -> None:
        if detector.cross_document:
            return
        english_only = detector.english_only if rule.english_only is None else rule.english_only
        if english_only and not english:
            return
        try:
            if getattr(detector, "pack_patterns", False):  # regexes from a pack: bounded
                hits = bounded.run(lambda: list(detector.detect(doc)))
            else:
                hits = list(detector.detect(doc))
        except PatternTimeout:
            # One document can never stall a batch: this rule gives nothing here, and the
            # report says so (metrics.warnings).
            doc.cache.setdefault("warnings", []).append(
                f"rule {rule.id} ({rule.name}) was stopped: its patterns ran past this "
                f"article's time budget ({budget_seconds(len(doc.text)):.1f} s), so it "
                "reports nothing here")
            return
        for hit in hits:
            finding = self.to_finding(doc, rule, severity, hit, detector.article_level)
            if finding.severity >= self.selection.min_severity:
                findings.append(finding)

    @staticmethod
    def to_finding(doc: Document, rule: RuleSpec, severity: Severity, hit: Hit,
                   article_level: bool = False) -> Finding:
        evidence = doc.text[hit.start : hit.end]
        if hit.severity is not None:
            severity = min(severity, hit.severity)  # a detector may only lower the severity
        values = {**hit.data, "evidence": _short(evidence), "rule": rule.name, "id": rule.id}
        line, column = doc.line_col(hit.start)
        return Finding(
            rule_id=rule.id,
            rule=rule.name,
            family=rule.family,
            severity=severity,
            message=render_message(rule.message, values),
            start=hit.start,
            end=hit.end,
            line=line,
            column=column,
            evidence=evidence,
            sentence=doc.enclosing_sentence(hit.start, hit.end),
            confidence=hit.confidence,
            data=hit.data,
            article_level=article_level,
        )


def _short(text: str, limit: int = 80) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"

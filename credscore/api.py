"""The library API: check text, files and whole batches. A batch never raises for one bad file."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import __version__
from .analyse.engine import Engine, RuleSelection
from .analyse.measures import article_measures
from .analyse.metrics import document_metrics
from .analyse.suppress import scan as scan_suppressions
from .config import Config
from .errors import CredscoreError, InputError
from .findings import Finding, Severity
from .load import DEFAULT_MAX_BYTES, format_for, load_path, parse_text
from .load.files import iter_files
from .names import escape_path
from .packs import default_policy, default_rules, rules_hash
from .paths import rules_dir
from .report import Failure, Report
from .score.assess import not_assessed
from .score.credibility.model import CredibilityModel, load_model
from .score.scoring import score_article
from .segment.document import Document


@dataclass(frozen=True)
class Analysis:
    """What the analysis stage says of one document, before scoring."""

    findings: list[Finding]
    metrics: dict[str, Any]
    """The report's metrics, with ``measures`` (the credibility model's raw facts)."""


class Checker:
    """Rules compiled once, then applied to any number of documents."""

    def __init__(self, config: Config | None = None,
                 boilerplate_min_files: int | None = None) -> None:
        self.config = config or Config()
        # Cross-document boilerplate (credscore.analyse.crossdoc): a paragraph found in at least
        # this many files of one check_paths batch is reported (0 = off).
        self.boilerplate_min_files = (
            boilerplate_min_files if boilerplate_min_files is not None
            else self.config.boilerplate_min_files)
        self.census: Any = None
        self.aliases: list[tuple[str, str]] = []
        """(symlink, target) pairs the last ``check_paths`` left out (see ``iter_files``)."""
        selection = RuleSelection(
            select=tuple(self.config.select),
            ignore=tuple(self.config.ignore),
            # every finding is scored; --min-severity only hides the lesser ones from the report
            min_severity=Severity.INFO,
            severity_overrides=dict(self.config.severity_overrides),
            disabled=tuple(self.config.disabled),
        )
        self.rules = default_rules()
        self.policy = default_policy()
        self.allow = None
        if self.config.packs or self.config.allow_domains or self.config.allow_terms:
            from .allowlists import AllowList
            from .userpacks import user_packs

            extra = user_packs(self.config.packs, self.rules, self.policy,
                               self.config.allow_domains, self.config.allow_terms)
            self.rules = tuple(sorted(self.rules + extra.rules, key=lambda r: r.id))
            self.policy = extra.merged_policy(self.policy)
            self.allow = AllowList(extra.allow_domains, extra.allow_terms) or None
        self.engine = Engine(self.rules, selection)
        self.fixable = {r.id: r for r in self.rules if r.fix is not None}
        self._model: CredibilityModel | None = None

    @property
    def model(self) -> CredibilityModel:
        """The credibility model (config ``model``, else the policy's; loaded on first use)."""
        if self._model is None:
            path = self.config.model or self.policy.model
            if self.config.model is None and not Path(path).is_absolute():
                path = str(rules_dir() / "models" / path)
            self._model = load_model(path)
        return self._model

    def analyse(self, doc: Document) -> Analysis:
        """Findings and measures of ``doc``: everything but the score (``credscore fit`` reads
        only this)."""
        marks = scan_suppressions(doc)  # before the rules run: plain-text marker lines are masked
        findings = self.engine.run(doc)
        if self.census is not None:
            from .analyse.crossdoc import cross_document_findings

            findings = sorted(findings + cross_document_findings(self.engine, doc, self.census),
                              key=lambda f: (f.start, f.end, f.rule_id))
        allowed: dict[str, Any] = {}
        if self.allow is not None:
            findings, allowed = self.allow.apply(doc, findings)
        suppression = None
        if marks:
            findings, suppression = marks.apply(findings, self.rules)
        if any(f.rule_id in self.fixable for f in findings):
            from .analyse.fixes import attach_fixes

            findings = attach_fixes(doc, findings, self.fixable)
        if doc.fmt == "html" and findings:
            from .analyse.sourcemap import attach_sources

            findings = attach_sources(doc, findings)
        metrics = document_metrics(doc)
        if suppression:
            metrics["suppression"] = suppression
        if allowed:
            metrics["allowed"] = allowed
        if doc.cache.get("warnings"):
            metrics["warnings"] = list(doc.cache["warnings"])
        metrics["measures"] = article_measures(doc, metrics.get("readability"))
        return Analysis(findings, metrics)

    def check_document(self, doc: Document) -> Report:
        analysis = self.analyse(doc)
        metrics = analysis.metrics
        path = escape_path(doc.path) if doc.path else "<text>"
        why_not = not_assessed(doc)
        if why_not is not None:  # no score, no grade: finding nothing here proves nothing
            return Report(path=path, score=None, grade=None, language=doc.language.code,
                          word_count=doc.word_count, findings=tuple(self._shown(
                              analysis.findings)), reasons=(), metrics=metrics, text=doc.text,
                          not_assessed=why_not)
        verdict = score_article(analysis.findings, metrics["measures"], self.policy, self.model)
        metrics["credibility"] = {
            "probability": round(verdict.probability, 4),
            "model": self.model.source,
            "features": verdict.features,
        }
        shown = self._shown(verdict.findings)
        return Report(
            path=path,
            score=verdict.score,
            grade=verdict.grade,
            language=doc.language.code,
            word_count=doc.word_count,
            findings=shown,
            reasons=verdict.reasons,
            metrics=metrics,
            text=doc.text,
        )

    def _shown(self, findings: Iterable[Finding]) -> tuple[Finding, ...]:
        """The findings the report lists: all are scored, ``min_severity`` hides the lesser."""
        level = self.config.min_severity
        return tuple(f for f in findings if f.severity >= level)

    def check_text(self, text: str, fmt: str = "txt", path: str | None = None) -> Report:
        return self.check_document(parse_text(text, fmt, path))

    def check_path(self, path: str | Path, fmt: str | None = None) -> Report:
        return self.check_document(load_path(path, fmt, self.config.max_bytes))

    def attach_census(self, census: Any) -> None:
        """Use a ``crossdoc.ParagraphCensus`` (pass 1 of a batch) in every later check."""
        self.census = census

    def check_paths(self, paths: Iterable[str | Path]) -> Iterator[Report | Failure]:
        """Reports and failures in input order; unreadable files become Failure rows.

        When the batch has at least ``boilerplate_min_files`` files, a first pass counts
        paragraph hashes (``credscore.analyse.crossdoc``) so that template paragraphs are reported.
        """
        self.aliases = []
        items = list(iter_files(paths, self.config.include, self.config.exclude, self.aliases))
        files = [p for p in items if not isinstance(p, Failure)]
        previous = self.census
        if previous is None and self.boilerplate_min_files >= 2 and (
                len(files) >= self.boilerplate_min_files):
            from .analyse.crossdoc import census_of_files

            self.census = census_of_files(files, self.boilerplate_min_files,
                                          self.config.max_bytes)
        try:
            yield from self._check_items(items)
        finally:
            self.census = previous

    def _check_items(self, items: list[Path | Failure]) -> Iterator[Report | Failure]:
        for path in items:
            if isinstance(path, Failure):
                yield path
                continue
            try:
                yield self.check_path(path)
            except CredscoreError as err:
                name = err.path if isinstance(err, InputError) else escape_path(str(path))
                yield Failure(name, str(err))
            except Exception as err:  # never let one file stop a batch
                name = escape_path(str(path))
                yield Failure(name, f"{name}: internal error ({type(err).__name__}: {err})")


_checkers: dict[int, Checker] = {}


def _default_checker() -> Checker:
    if 0 not in _checkers:
        _checkers[0] = Checker()
    return _checkers[0]


def check_text(text: str, *, fmt: str = "txt", path: str | None = None) -> Report:
    """Score an article given as text (``fmt``: txt, md or html)."""
    return _default_checker().check_text(text, fmt, path)


def check_path(path: str | Path) -> Report:
    """Score one file (format from its suffix); raises InputError if it cannot be read."""
    return _default_checker().check_path(path)


def versions() -> dict[str, str]:
    return {"credscore_version": __version__, "rules_hash": rules_hash()}


__all__ = [
    "DEFAULT_MAX_BYTES",
    "Checker",
    "check_path",
    "check_text",
    "format_for",
    "iter_files",
    "versions",
]

"""The library API: check text, files and whole batches. A batch never raises for one bad file."""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from . import __version__
from .config import Config
from .document import Document
from .engine import Engine, RuleSelection
from .errors import CredscoreError, InputError
from .loaders import DEFAULT_MAX_BYTES, format_for, load_path, parse_text
from .metrics import document_metrics
from .packs import default_policy, default_rules, rules_hash
from .report import Failure, Report
from .scoring import score_findings
from .suppress import scan as scan_suppressions

DEFAULT_PATTERNS = ("*.txt", "*.md", "*.markdown", "*.html", "*.htm")


class Checker:
    """Rules compiled once, then applied to any number of documents."""

    def __init__(self, config: Config | None = None,
                 boilerplate_min_files: int | None = None) -> None:
        self.config = config or Config()
        # Cross-document boilerplate (credscore.crossdoc): a paragraph found in at least this
        # many files of one check_paths batch is reported (0 = off).
        self.boilerplate_min_files = (
            boilerplate_min_files if boilerplate_min_files is not None
            else self.config.boilerplate_min_files)
        self.census: Any = None
        self.aliases: list[tuple[str, str]] = []
        """(symlink, target) pairs the last ``check_paths`` left out (see ``iter_files``)."""
        selection = RuleSelection(
            select=tuple(self.config.select),
            ignore=tuple(self.config.ignore),
            min_severity=self.config.min_severity,
            severity_overrides=dict(self.config.severity_overrides),
            disabled=tuple(self.config.disabled),
        )
        self.rules = default_rules()
        self.policy = default_policy()
        self.allow = None
        if self.config.packs or self.config.allow_domains or self.config.allow_terms:
            from .userpacks import AllowList, user_packs

            extra = user_packs(self.config.packs, self.rules, self.policy,
                               self.config.allow_domains, self.config.allow_terms)
            self.rules = tuple(sorted(self.rules + extra.rules, key=lambda r: r.id))
            self.policy = extra.merged_policy(self.policy)
            self.allow = AllowList(extra.allow_domains, extra.allow_terms) or None
        self.engine = Engine(self.rules, selection)
        self.descriptions = {r.id: r.summary for r in self.rules}

    def check_document(self, doc: Document) -> Report:
        marks = scan_suppressions(doc)  # before the rules run: plain-text marker lines are masked
        findings = self.engine.run(doc)
        if self.census is not None:
            from .crossdoc import cross_document_findings

            findings = sorted(findings + cross_document_findings(self.engine, doc, self.census),
                              key=lambda f: (f.start, f.end, f.rule_id))
        allowed: dict[str, Any] = {}
        if self.allow is not None:
            findings, allowed = self.allow.apply(doc, findings)
        suppression = None
        if marks:
            findings, suppression = marks.apply(findings, self.rules)
        verdict = score_findings(findings, doc.word_count, self.policy, self.descriptions)
        return Report(
            path=doc.path or "<text>",
            score=verdict.score,
            grade=verdict.grade,
            language=doc.language.code,
            word_count=doc.word_count,
            findings=verdict.findings,
            reasons=verdict.reasons,
            metrics=document_metrics(doc) | ({"suppression": suppression} if suppression else {})
            | ({"allowed": allowed} if allowed else {}),
            text=doc.text,
        )

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
        paragraph hashes (``credscore.crossdoc``) so that template paragraphs are reported.
        """
        self.aliases = []
        items = list(iter_files(paths, self.config.include, self.config.exclude, self.aliases))
        files = [p for p in items if not isinstance(p, Failure)]
        previous = self.census
        if previous is None and self.boilerplate_min_files >= 2 and (
                len(files) >= self.boilerplate_min_files):
            from .crossdoc import census_of_files

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
                name = err.path if isinstance(err, InputError) else str(path)
                yield Failure(name, str(err))
            except Exception as err:  # never let one file stop a batch
                yield Failure(str(path), f"{path}: internal error ({type(err).__name__}: {err})")


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


def _matches(name: str, rel: str, patterns: Iterable[str]) -> bool:
    return any(fnmatch.fnmatch(name, p) or fnmatch.fnmatch(rel, p) for p in patterns)


def _walked_alias(full: Path, root_real: str, inc: tuple[str, ...], exc: tuple[str, ...]
                  ) -> str | None:
    """For a symlink met in a folder walk: the target's path relative to the walked folder when
    the walk reaches that target under its own name (a regular file inside the folder, not in a
    hidden folder, matching the patterns), else None (the link is checked as a file)."""
    if not full.is_symlink():
        return None
    real = os.path.realpath(full)
    if not os.path.isfile(real):
        return None
    try:
        rel = Path(real).relative_to(root_real).as_posix()
    except ValueError:
        return None  # outside the folder: only reached through this link
    parts = rel.split("/")
    if any(part.startswith(".") for part in parts[:-1]):
        return None
    if not _matches(parts[-1], rel, inc) or _matches(parts[-1], rel, exc):
        return None
    return rel


def iter_files(
    paths: Iterable[str | Path],
    include: Iterable[str] = (),
    exclude: Iterable[str] = (),
    aliases: list[tuple[str, str]] | None = None,
) -> Iterator[Path | Failure]:
    """Expand files and folders (recursively, sorted) into files to check.

    Folders yield files matching ``include`` (default: txt, md, markdown, html, htm) and not
    ``exclude``; a file named explicitly is always checked, under the name given. A file
    reached twice is checked once. In a folder, a symlink to a file the walk reaches under its
    own name is an alias: the file is checked under its real name, and ``(alias, target)`` is
    appended to ``aliases`` (when given) so that the caller can say so. Missing paths become
    Failure rows.
    """
    inc = tuple(include) or DEFAULT_PATTERNS
    exc = tuple(exclude)
    seen: set[str] = set()
    for raw in paths:
        p = Path(raw)
        if not p.exists() and not p.is_symlink():
            yield Failure(str(raw), f"{raw}: no such file or directory")
            continue
        if p.is_dir():
            root_real = os.path.realpath(p)
            for root, dirs, files in os.walk(p):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    full = Path(root) / name
                    rel = full.relative_to(p).as_posix()
                    if not _matches(name, rel, inc) or _matches(name, rel, exc):
                        continue
                    target = _walked_alias(full, root_real, inc, exc)
                    if target is not None:
                        if aliases is not None:
                            aliases.append((str(full), str(p / target)))
                        continue
                    real = os.path.realpath(full)
                    if real not in seen:
                        seen.add(real)
                        yield full
        else:
            real = os.path.realpath(p)
            if real not in seen:
                seen.add(real)
                yield p


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

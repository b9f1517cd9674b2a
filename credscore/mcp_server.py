"""``credscore mcp``: an MCP server (the official ``mcp`` SDK, stdio) for AI agents.

Tools:

- ``check_text(text | path, format?)``: score, grade, the reasons for the score and every
  finding with its span (``start``/``end`` code points into the text, line, column, evidence,
  suggested fixes). Give ``text`` (``format`` txt, md or html; txt by default) or a ``path``.
- ``explain_rule(rule)``: what a rule (id, name, or a whole family) flags, why it matters,
  bad and good examples, its fix.
- ``list_rules(family?)``: every rule with its family, severity, weight and whether it has a
  fix.
- ``audit_folder(folder, max_files?)``: score the articles under a folder (at most
  ``max_files``, and never more than the server's ``--max-files``), reporting progress after
  every file; returns totals, the grade distribution, the lowest-scoring articles with their
  top reasons, the most frequent rules and any failures.

Paths are confined to roots. When the client declares the ``roots`` capability, the roots it
lists are the only folders a tool may read (none listed: no path may be read). Otherwise they
are the folders given with ``credscore mcp --root DIR`` (default: the folder the server was
started in). A relative path is taken from the first root. A path, or a file found in a
folder, whose real location (symlinks followed) is outside every root is refused.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import unquote, urlparse

import anyio.to_thread
from mcp.server.mcpserver import Context, ListRoots, MCPServer, Resolve
from mcp.server.mcpserver.exceptions import ToolError
from mcp_types import ListRootsResult

from . import __version__
from .api import Checker
from .config import discover_config
from .errors import CredscoreError
from .load import FORMATS
from .load.files import iter_files
from .packs import default_rules, find_rule
from .render import reasons
from .render.explain import rule_dict
from .report import Failure, Report
from .score.credibility.features import features_fed_by

INSTRUCTIONS = (
    "credscore scores how far an article can be trusted (0-100, grade A-F) and explains every "
    "point taken off with findings that quote the text: off-topic commercial spam, unsourced "
    "claims, padding, promotional boilerplate. Call check_text on a draft before publishing or "
    "citing it; explain_rule tells what a rule id means; audit_folder scores many files.")
WORST = 10


class Roots:
    """The folders tools may read, and the check that a path is inside one of them."""

    def __init__(self, fallback: Sequence[Path]) -> None:
        self.fallback = [Path(p).resolve() for p in fallback]

    def allowed(self, listed: ListRootsResult | None) -> list[Path]:
        if listed is None:
            return self.fallback
        out = []
        for root in listed.roots:
            uri = urlparse(str(root.uri))
            if uri.scheme == "file":
                out.append(Path(unquote(uri.path)).resolve())
        return out

    @staticmethod
    def confine(raw: str, roots: list[Path]) -> Path:
        """The real path of ``raw`` if it is inside a root; ToolError otherwise."""
        if not roots:
            raise ToolError("no roots are allowed, so no path can be read (pass text instead)")
        path = Path(raw).expanduser()
        if not path.is_absolute():
            path = roots[0] / path
        real = path.resolve()
        if not any(real == root or real.is_relative_to(root) for root in roots):
            names = ", ".join(str(r) for r in roots)
            raise ToolError(f"{raw}: outside the allowed roots ({names})")
        return real


def _ask_roots(ctx: Context) -> ListRoots | None:
    capabilities = ctx.client_capabilities
    if capabilities is None or capabilities.roots is None:
        return None  # the client names no roots: the server's own are used
    return ListRoots()


def roots_for_path(ctx: Context, path: str | None = None) -> ListRoots | None:
    """The client's roots, asked only when a path is given."""
    return _ask_roots(ctx) if path else None


def roots_for_folder(ctx: Context, folder: str) -> ListRoots | None:
    return _ask_roots(ctx)


def _checker(cache: dict[str | None, Checker], near: Path | None) -> Checker:
    config = discover_config(near)
    if config.source not in cache:
        cache[config.source] = Checker(config)
    return cache[config.source]


def _report(report: Report) -> dict[str, Any]:
    out = report.to_dict()
    out["summary"] = reasons.summary(report)
    return out


def build(roots: Sequence[Path] = (), max_files: int = 500) -> MCPServer:
    """The MCP server (tools registered); ``roots``: folders readable when the client names
    none; ``max_files``: the most files one ``audit_folder`` call scores."""
    fallback = Roots(roots or [Path.cwd()])
    cap = max_files
    checkers: dict[str | None, Checker] = {}
    server = MCPServer("credscore", version=__version__, instructions=INSTRUCTIONS,
                       log_level="WARNING")

    @server.tool()
    async def check_text(
        client_roots: Annotated[ListRootsResult | None, Resolve(roots_for_path)],
        text: str | None = None,
        path: str | None = None,
        format: str | None = None,
    ) -> dict[str, Any]:
        """Score an article: give its text (format txt, md or html; default txt) or a path to
        a .txt, .md or .html file inside the allowed roots. Returns score (0-100), grade
        (A-F), reasons (points per rule), summary and findings: rule_id, severity, message,
        start/end (code points into the text), line, column, evidence, fixes."""
        if (text is None) == (path is None):
            raise ToolError("give exactly one of text or path")
        if format is not None and format not in FORMATS:
            raise ToolError(f"unknown format {format!r} (use txt, md or html)")
        try:
            if path is not None:
                real = Roots.confine(path, fallback.allowed(client_roots))
                checker = _checker(checkers, real)
                report = await anyio.to_thread.run_sync(checker.check_path, real, format)
                report = _renamed(report, path)
            else:
                checker = _checker(checkers, None)
                report = await anyio.to_thread.run_sync(checker.check_text, text or "",
                                                        format or "txt", None)
        except CredscoreError as err:
            raise ToolError(str(err)) from None
        return _report(report)

    @server.tool()
    def explain_rule(rule: str) -> dict[str, Any]:
        """What a rule flags, why it matters, bad and good examples and its suggested fix.
        ``rule``: an id (SP101), a name (stock-phrase) or a family (spam, promo, attribution,
        filler, general: every rule of it)."""
        spec = find_rule(rule)
        if spec is not None:
            return rule_dict(spec)
        family = [rule_dict(r) for r in default_rules() if r.family == rule.lower()]
        if not family:
            raise ToolError(f"no rule or family {rule!r} (list_rules names them all)")
        return {"family": rule.lower(), "rules": family}

    @server.tool()
    def list_rules(family: str | None = None) -> dict[str, Any]:
        """Every rule (or those of one family): id, name, family, severity, the credibility
        features its findings feed, what it flags in one sentence, and whether it has a
        suggested fix."""
        rows = [{"id": r.id, "name": r.name, "family": r.family, "severity": r.severity.label,
                 "features": list(features_fed_by(r.id)),
                 "what": r.what.split(". ")[0].rstrip(".") + ".",
                 "fixable": r.fix is not None}
                for r in default_rules() if family is None or r.family == family.lower()]
        if not rows:
            raise ToolError(f"no family {family!r}")
        return {"rules": rows}

    @server.tool()
    async def audit_folder(
        folder: str,
        ctx: Context,
        client_roots: Annotated[ListRootsResult | None, Resolve(roots_for_folder)],
        max_files: int = 100,
    ) -> dict[str, Any]:
        """Score the .txt, .md and .html articles under a folder inside the allowed roots, at
        most max_files of them (the server caps it), with a progress notification per file.
        Returns totals, mean score, grades, the lowest-scoring articles with their top
        reasons, the most frequent rules and failures; truncated is true when files were
        left out."""
        allowed = fallback.allowed(client_roots)
        base = Roots.confine(folder, allowed)
        if not base.is_dir():
            raise ToolError(f"{folder}: not a folder")
        limit = max(1, min(max_files, cap))
        checker = _checker(checkers, base)
        files: list[Path] = []
        failures: list[dict[str, str]] = []
        truncated = False
        for item in iter_files([base], checker.config.include, checker.config.exclude):
            if isinstance(item, Failure):
                failures.append(item.to_dict())
                continue
            if len(files) >= limit:
                truncated = True
                break
            try:
                Roots.confine(str(item), allowed)
            except ToolError as err:
                failures.append({"path": str(item), "error": str(err)})
                continue
            files.append(item)
        scored: list[dict[str, Any]] = []
        rule_counts: dict[str, int] = {}
        for i, path in enumerate(files):
            await ctx.report_progress(i, len(files), f"scoring {path.relative_to(base)}")
            try:
                report = await anyio.to_thread.run_sync(checker.check_path, path)
            except CredscoreError as err:
                failures.append({"path": str(path), "error": str(err)})
                continue
            for f in report.findings:
                if not f.suppressed:
                    rule_counts[f.rule_id] = rule_counts.get(f.rule_id, 0) + 1
            scored.append({"path": str(path.relative_to(base)), "score": report.score,
                           "grade": report.grade, "summary": reasons.summary(report),
                           "findings": sum(not f.suppressed for f in report.findings)})
        await ctx.report_progress(len(files), len(files), "done")
        grades: dict[str, int] = {}
        for row in scored:
            grades[row["grade"]] = grades.get(row["grade"], 0) + 1
        worst = sorted(scored, key=lambda row: (row["score"], row["path"]))[:WORST]
        return {
            "folder": str(base),
            "scored": len(scored),
            "failed": len(failures),
            "truncated": truncated,
            "max_files": limit,
            "mean_score": round(sum(r["score"] for r in scored) / len(scored), 1) if scored
            else None,
            "grades": dict(sorted(grades.items())),
            "lowest": worst,
            "rules": dict(sorted(rule_counts.items(), key=lambda kv: (-kv[1], kv[0]))),
            "failures": failures,
        }

    return server


def _renamed(report: Report, path: str) -> Report:
    """The report under the path the client gave (not the resolved real path)."""
    from dataclasses import replace

    return replace(report, path=path)


def serve(roots: Sequence[Path] = (), max_files: int = 500) -> None:
    """Run the MCP server on stdin/stdout until the client disconnects."""
    warnings.filterwarnings("ignore", module=r"mcp(\.|$)")
    build(roots, max_files).run("stdio")


__all__ = ["Roots", "build", "serve"]

"""The language server (pygls): diagnostics, hover, code actions and a score lens.

- **Diagnostics** for Markdown, plain text and HTML documents, published when a document is
  opened or saved and, debounced, while it is edited (``debounce`` seconds after the last
  change, 0.3 by default; set ``initializationOptions.debounce``). Each has the rule id as its
  code, a link to the rule's documentation and the points it cost. Findings an editor
  suppressed in the text are not shown. One more diagnostic (information, code ``score``) on
  the first line gives the article's score, grade and the rules that cost most; turn it off
  with ``initializationOptions.scoreDiagnostic = false``.
- **Code lens** on the first line with the same score summary.
- **Hover** over a flagged span: the finding, what the rule flags, why it matters, its fix.
- **Code actions**: the rule's suggested fix where it has one (quick fix), "suppress RULE on
  this line" (inserts a ``credscore-disable-next-line RULE -- reason: ...`` marker for the
  writer to complete) and "apply every credscore fix" (``source.fixAll.credscore``).

Positions: Markdown and plain text findings index the file as it is in the editor. HTML
findings index the extracted article text; the HTML loader maps that text back to the page
(:mod:`credscore.analyse.sourcemap`), so they are shown, hovered and acted on at the flagged text in
the HTML source. (Without a map they would be shown on the first line with their
extracted-text position in the message, and no action offered.) HTML findings get the suppress
action but no fixes: a fix is an edit of the extracted text, not of the markup. The suppress
marker, an HTML comment, goes on a line of its own above the finding's line when the page
still reads the same with it and the marker covers the finding; else just before the first
character of the finding's paragraph; if neither holds (the line starts inside a tag, say) no
suppress action is offered for that finding.

Configuration is found from each document's path as ``credscore check`` finds it
(``.credscore.toml`` or ``[tool.credscore]`` in ``pyproject.toml``).
"""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lsprotocol import types as lsp
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from .. import __version__
from ..analyse.sourcemap import source_offsets, source_span
from ..api import Checker
from ..config import Config, discover_config
from ..errors import CredscoreError
from ..findings import Finding, Severity
from ..load import format_for, parse_text
from ..render import reasons
from ..render.explain import help_uri
from ..report import Report
from ..segment.document import Document
from .positions import Positions

SOURCE = "credscore"
LANGUAGE_FORMATS = {"markdown": "md", "html": "html", "plaintext": "txt", "text": "txt"}
SEVERITIES = {Severity.ERROR: lsp.DiagnosticSeverity.Error,
              Severity.WARNING: lsp.DiagnosticSeverity.Warning,
              Severity.INFO: lsp.DiagnosticSeverity.Information}
REPORT_COMMAND = "credscore.report"
FIX_ALL = "source.fixAll.credscore"
REASON_PLACEHOLDER = "reason: say why this is fine"


@dataclass
class Checked:
    """The last check of one document version."""

    version: int | None
    source: str
    doc: Document | None
    report: Report | None
    error: str | None = None


def document_format(uri: str, language_id: str | None) -> str | None:
    """txt, md or html for a document, None for a language credscore does not read."""
    if language_id in LANGUAGE_FORMATS:
        return LANGUAGE_FORMATS[language_id]
    suffix = Path(uri.split("?", 1)[0]).suffix.lower()
    if suffix in (".md", ".markdown", ".mdown", ".html", ".htm", ".xhtml", ".txt", ".text"):
        return format_for(uri.split("?", 1)[0])
    return None


class CredscoreServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__("credscore", __version__,
                         text_document_sync_kind=lsp.TextDocumentSyncKind.Incremental)
        self.debounce = 0.3
        self.score_diagnostic = True
        self.checked: dict[str, Checked] = {}
        self.pending: dict[str, asyncio.Task[None]] = {}
        self.formats: dict[str, str] = {}
        self.checkers: dict[str | None, Checker] = {}
        # One thread runs the checks, in order: a check is CPU-bound and the rules share caches.
        self.executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="credscore-check")

    # ------------------------------------------------------------------ checking

    def checker_for(self, uri: str) -> Checker:
        path = to_fs_path(uri) if uri.startswith("file:") else None
        config = discover_config(Path(path)) if path else Config()
        key = config.source
        if key not in self.checkers:
            self.checkers[key] = Checker(config)
        return self.checkers[key]

    def _check(self, uri: str, source: str, version: int | None) -> Checked:
        fmt = self.formats.get(uri, "txt")
        try:
            checker = self.checker_for(uri)
            path = to_fs_path(uri) if uri.startswith("file:") else uri
            doc = parse_text(source, fmt, path) if source.strip() else None
            report = checker.check_document(doc) if doc is not None else None
            return Checked(version, source, doc, report)
        except CredscoreError as err:
            return Checked(version, source, None, None, str(err))

    async def check_now(self, uri: str) -> Checked:
        """A check of the document as it is now (the last one if nothing changed since)."""
        document = self.workspace.get_text_document(uri)
        last = self.checked.get(uri)
        if last is not None and last.source == document.source:
            return last
        loop = asyncio.get_running_loop()
        result = await loop.run_in_executor(self.executor, self._check, uri, document.source,
                                            document.version)
        self.checked[uri] = result
        return result

    async def publish(self, uri: str, delay: float = 0.0) -> None:
        if delay:
            await asyncio.sleep(delay)
        if uri not in self.formats:
            return
        result = await self.check_now(uri)
        if self.workspace.get_text_document(uri).source != result.source:
            return  # changed while it was checked: the next run publishes
        self.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(
            uri=uri, version=result.version, diagnostics=self.diagnostics(result)))

    def schedule(self, uri: str, delay: float) -> None:
        old = self.pending.pop(uri, None)
        if old is not None and not old.done():
            old.cancel()
        self.pending[uri] = asyncio.ensure_future(self.publish(uri, delay))

    # ------------------------------------------------------------------ conversion

    def positions(self, text: str) -> Positions:
        encoding = str(self.workspace.position_encoding or "utf-16")
        return Positions(text, encoding)

    def finding_range(self, result: Checked, f: Finding) -> lsp.Range | None:
        """The finding's range in the editor's text; None for HTML without a source map."""
        if result.doc is None:
            return None
        mapped = source_offsets(result.doc)
        if mapped is None:
            return None
        _source, to_source = mapped
        start, end = source_span(to_source, f.start, f.end)
        pos = self.positions(result.source)
        (l0, c0), (l1, c1) = pos.position(start), pos.position(end)
        return lsp.Range(lsp.Position(l0, c0), lsp.Position(l1, c1))

    def diagnostics(self, result: Checked) -> list[lsp.Diagnostic]:
        top = lsp.Range(lsp.Position(0, 0), lsp.Position(0, 0))
        if result.error is not None:
            return [lsp.Diagnostic(range=top, message=result.error, source=SOURCE,
                                   severity=lsp.DiagnosticSeverity.Error, code="config")]
        report = result.report
        if report is None:
            return []
        out = []
        for i, f in enumerate(report.findings):
            if f.suppressed:
                continue
            rng = self.finding_range(result, f)
            message = f.message
            if f.penalty:
                message += f" (-{f.penalty:.1f} pts)"
            if rng is None:
                rng = top
                message += f" [extracted text {f.line}:{f.column}: “{_short(f.evidence)}”]"
            out.append(lsp.Diagnostic(
                range=rng, message=message, source=SOURCE, severity=SEVERITIES[f.severity],
                code=f.rule_id, code_description=lsp.CodeDescription(href=help_uri(f.rule_id)),
                data={"index": i, "rule_id": f.rule_id, "start": f.start, "end": f.end}))
        if self.score_diagnostic:
            out.append(lsp.Diagnostic(range=top, message="credscore " + reasons.summary(report),
                                      source=SOURCE, code="score",
                                      severity=lsp.DiagnosticSeverity.Information))
        return out

    # ------------------------------------------------------------------ requests

    def findings_at(self, result: Checked, rng: lsp.Range) -> list[tuple[Finding, lsp.Range]]:
        if result.report is None:
            return []
        out = []
        for f in result.report.findings:
            if f.suppressed:
                continue
            frng = self.finding_range(result, f)
            if frng is not None and _overlaps(frng, rng):
                out.append((f, frng))
        return out

    def hover(self, uri: str, result: Checked, position: lsp.Position) -> lsp.Hover | None:
        hits = self.findings_at(result, lsp.Range(position, position))
        if not hits:
            return None
        rules = {r.id: r for r in self.checker_for(uri).rules}
        parts = []
        for f, _ in hits:
            rule = rules.get(f.rule_id)
            cost = f"{f.penalty:.1f} points" if f.penalty else "no points"
            text = [f"**{f.rule_id} {f.rule}** ({f.severity.label}, {cost})", "", f.message]
            if rule is not None:
                text += ["", f"*What it flags:* {rule.what}", "", f"*Why it matters:* {rule.why}"]
            if f.fixes:
                text += ["", f"*Suggested fix:* {f.fixes[0].description}"]
            text += ["", f"[{f.rule_id} documentation]({help_uri(f.rule_id)})"]
            parts.append("\n".join(text))
        return lsp.Hover(contents=lsp.MarkupContent(kind=lsp.MarkupKind.Markdown,
                                                    value="\n\n---\n\n".join(parts)),
                         range=hits[0][1])

    def code_actions(self, uri: str, result: Checked, rng: lsp.Range
                     ) -> list[lsp.CodeAction]:
        if result.doc is None:
            return []
        pos = self.positions(result.source)
        actions: list[lsp.CodeAction] = []
        fixable = result.doc.fmt in ("txt", "md")
        for f, frng in self.findings_at(result, rng):
            diagnostic = lsp.Diagnostic(range=frng, message=f.message, source=SOURCE,
                                        code=f.rule_id, severity=SEVERITIES[f.severity])
            if fixable:
                for fix in f.fixes:
                    actions.append(lsp.CodeAction(
                        title=f"credscore: {fix.description} ({f.rule_id})",
                        kind=lsp.CodeActionKind.QuickFix, diagnostics=[diagnostic],
                        is_preferred=True,
                        edit=self.workspace_edit(uri, pos, [(e.start, e.end, e.replacement)
                                                            for e in fix.edits])))
            start = pos.line_start(pos.offset(frng.start.line, frng.start.character))
            marker = suppress_edit(result, f, start)
            if marker is None:
                continue
            at, text = marker
            actions.append(lsp.CodeAction(
                title=f"credscore: suppress {f.rule_id} {f.rule} on this line",
                kind=lsp.CodeActionKind.QuickFix, diagnostics=[diagnostic],
                edit=self.workspace_edit(uri, pos, [(at, at, text)])))
        if fixable and result.report is not None:
            from ..analyse.fixes import fixes_of, select

            every = select(fixes_of(result.report.findings))
            if every:
                edits = [(e.start, e.end, e.replacement) for fix in every for e in fix.edits]
                actions.append(lsp.CodeAction(
                    title=f"credscore: apply every suggested fix ({len(every)})",
                    kind=FIX_ALL, edit=self.workspace_edit(uri, pos, edits)))
        return actions

    def workspace_edit(self, uri: str, pos: Positions, edits: list[tuple[int, int, str]]
                       ) -> lsp.WorkspaceEdit:
        text_edits = []
        for start, end, new in edits:
            (l0, c0), (l1, c1) = pos.position(start), pos.position(end)
            text_edits.append(lsp.TextEdit(range=lsp.Range(lsp.Position(l0, c0),
                                                           lsp.Position(l1, c1)), new_text=new))
        return lsp.WorkspaceEdit(changes={uri: text_edits})

    def code_lens(self, result: Checked) -> list[lsp.CodeLens]:
        if result.report is None:
            return []
        top = lsp.Range(lsp.Position(0, 0), lsp.Position(0, 0))
        return [lsp.CodeLens(range=top, command=lsp.Command(
            title="credscore " + reasons.summary(result.report), command=REPORT_COMMAND,
            arguments=[result.report.path]))]


def suppress_marker(result: Checked, f: Finding, line_start: int) -> str:
    """The marker line that suppresses ``f`` on the line starting at ``line_start``."""
    text = result.source
    indent = text[line_start:len(text) - len(text[line_start:].lstrip(" \t"))]
    newline = "\r\n" if "\r\n" in text else "\n"
    body = f"credscore-disable-next-line {f.rule_id} -- {REASON_PLACEHOLDER}"
    if result.doc is not None and result.doc.fmt in ("md", "html"):
        body = f"<!-- {body} -->"
    return f"{indent}{body}{newline}"


def suppress_edit(result: Checked, f: Finding, line_start: int) -> tuple[int, str] | None:
    """Where to insert which marker to suppress ``f``: above its line, as in Markdown and plain
    text; for HTML only where the marker is sure to work (see the module doc), else None."""
    marker = suppress_marker(result, f, line_start)
    doc = result.doc
    if doc is None or doc.fmt != "html":
        return line_start, marker
    mapped = source_offsets(doc)
    if mapped is None:
        return None
    _source, to_source = mapped
    paragraph = to_source(doc.text.rfind("\n", 0, f.start) + 1)
    inline = marker.strip(" \t\r\n")
    for at, text in ((line_start, marker), (paragraph, inline)):
        if html_marker_covers(result, f, at, text):
            return at, text
    return None


def html_marker_covers(result: Checked, f: Finding, at: int, marker: str) -> bool:
    """Whether the page with ``marker`` inserted at ``at`` reads as the same text and the
    marker suppresses ``f`` there (the page is extracted again; no rule runs)."""
    from ..analyse.suppress import scan

    assert result.doc is not None
    edited = result.source[:at] + marker + result.source[at:]
    try:
        doc = parse_text(edited, "html", result.doc.path)
    except CredscoreError:
        return False
    return doc.text == result.doc.text and scan(doc).covers(f)


def _short(text: str, limit: int = 80) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _overlaps(a: lsp.Range, b: lsp.Range) -> bool:
    def key(p: lsp.Position) -> tuple[int, int]:
        return p.line, p.character

    return key(a.start) <= key(b.end) and key(b.start) <= key(a.end)


def build() -> CredscoreServer:
    server = CredscoreServer()

    @server.feature(lsp.INITIALIZE)
    def initialize(ls: CredscoreServer, params: lsp.InitializeParams) -> None:
        options = params.initialization_options
        if isinstance(options, dict):
            debounce = options.get("debounce")
            if isinstance(debounce, (int, float)) and 0 <= debounce <= 10:
                ls.debounce = float(debounce)
            if options.get("scoreDiagnostic") is False:
                ls.score_diagnostic = False

    @server.feature(lsp.TEXT_DOCUMENT_DID_OPEN)
    async def did_open(ls: CredscoreServer, params: lsp.DidOpenTextDocumentParams) -> None:
        doc = params.text_document
        fmt = document_format(doc.uri, doc.language_id)
        if fmt is None:
            return
        ls.formats[doc.uri] = fmt
        ls.schedule(doc.uri, 0.0)

    @server.feature(lsp.TEXT_DOCUMENT_DID_CHANGE)
    async def did_change(ls: CredscoreServer, params: lsp.DidChangeTextDocumentParams) -> None:
        if params.text_document.uri in ls.formats:
            ls.schedule(params.text_document.uri, ls.debounce)

    @server.feature(lsp.TEXT_DOCUMENT_DID_SAVE)
    async def did_save(ls: CredscoreServer, params: lsp.DidSaveTextDocumentParams) -> None:
        if params.text_document.uri in ls.formats:
            ls.checkers.clear()  # a saved configuration file takes effect
            ls.schedule(params.text_document.uri, 0.0)

    @server.feature(lsp.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: CredscoreServer, params: lsp.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        task = ls.pending.pop(uri, None)
        if task is not None:
            task.cancel()
        ls.checked.pop(uri, None)
        if ls.formats.pop(uri, None) is not None:
            ls.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(uri=uri,
                                                                              diagnostics=[]))

    @server.feature(lsp.TEXT_DOCUMENT_HOVER)
    async def hover(ls: CredscoreServer, params: lsp.HoverParams) -> lsp.Hover | None:
        if params.text_document.uri not in ls.formats:
            return None
        result = await ls.check_now(params.text_document.uri)
        return ls.hover(params.text_document.uri, result, params.position)

    @server.feature(lsp.TEXT_DOCUMENT_CODE_ACTION, lsp.CodeActionOptions(
        code_action_kinds=[lsp.CodeActionKind.QuickFix, FIX_ALL]))
    async def code_action(ls: CredscoreServer, params: lsp.CodeActionParams
                          ) -> list[lsp.CodeAction] | None:
        uri = params.text_document.uri
        if uri not in ls.formats:
            return None
        result = await ls.check_now(uri)
        actions = ls.code_actions(uri, result, params.range)
        only = params.context.only
        if only:
            actions = [a for a in actions if any(str(a.kind).startswith(str(k)) for k in only)]
        return actions

    @server.feature(lsp.TEXT_DOCUMENT_CODE_LENS)
    async def code_lens(ls: CredscoreServer, params: lsp.CodeLensParams
                        ) -> list[lsp.CodeLens] | None:
        if params.text_document.uri not in ls.formats:
            return None
        return ls.code_lens(await ls.check_now(params.text_document.uri))

    @server.command(REPORT_COMMAND)
    async def report(ls: CredscoreServer, *args: Any) -> dict[str, Any] | None:
        """The JSON report of an open document (argument: its path or URI)."""
        for uri, checked in ls.checked.items():
            if checked.report is not None and args and args[0] in (uri, checked.report.path):
                return checked.report.to_dict()
        return None

    return server


def serve() -> None:
    """Run the language server on stdin/stdout until the client exits."""
    build().start_io()

"""`credscore lsp` in a real session: pygls's client starts the server as a subprocess and
speaks JSON-RPC over its stdin/stdout (initialize -> didOpen -> publishDiagnostics -> hover ->
code actions -> didChange)."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("pygls", reason="pygls not installed (pip install 'credscore[lsp]')")
from lsprotocol import types as lsp
from pygls.lsp.client import LanguageClient

from credscore.lsp.positions import Positions

from .conftest import SLOTS_SEED
from .test_html_sourcemap import PAGE, VAGUE_END, VAGUE_START

ARTICLE = ("# Merger\n\n"
           "Experts say the merger will close in March.\n\n"
           "The central bank raised its main interest rate to 5.25% on Thursday, the ninth rise "
           "in a row, Governor Andrew Bailey said.\n")
TIMEOUT = 60


class Session:
    def __init__(self) -> None:
        self.client = LanguageClient("credscore-test", "0")
        self.published: dict[str, list[lsp.PublishDiagnosticsParams]] = {}
        self.event = asyncio.Event()

        @self.client.feature(lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def on_diagnostics(params: lsp.PublishDiagnosticsParams) -> None:
            self.published.setdefault(params.uri, []).append(params)
            self.event.set()

    async def start(self, options: dict[str, Any] | None = None) -> lsp.InitializeResult:
        await self.client.start_io(sys.executable, "-m", "credscore", "lsp")
        result = await asyncio.wait_for(self.client.initialize_async(lsp.InitializeParams(
            capabilities=lsp.ClientCapabilities(), process_id=None,
            initialization_options=options or {"debounce": 0.05})), TIMEOUT)
        self.client.initialized(lsp.InitializedParams())
        return result

    async def diagnostics(self, uri: str, count: int = 1) -> list[lsp.Diagnostic]:
        """Wait until ``uri`` has had ``count`` publications; the last one's diagnostics."""
        async def wait() -> None:
            while len(self.published.get(uri, ())) < count:
                self.event.clear()
                await self.event.wait()
        await asyncio.wait_for(wait(), TIMEOUT)
        return self.published[uri][-1].diagnostics

    def open(self, uri: str, text: str, language: str = "markdown") -> None:
        self.client.text_document_did_open(lsp.DidOpenTextDocumentParams(
            text_document=lsp.TextDocumentItem(uri=uri, language_id=language, version=1,
                                               text=text)))

    async def stop(self) -> None:
        await asyncio.wait_for(self.client.shutdown_async(None), TIMEOUT)
        self.client.exit(None)
        await asyncio.wait_for(self.client.stop(), TIMEOUT)


def session(body: Callable[[Session], Awaitable[None]],
            options: dict[str, Any] | None = None) -> None:
    async def main() -> None:
        s = Session()
        init = await s.start(options)
        assert init.server_info is not None and init.server_info.name == "credscore"
        try:
            await body(s)
        finally:
            await s.stop()
    asyncio.run(main())


def apply_edits(text: str, edits: list[lsp.TextEdit]) -> str:
    pos = Positions(text)
    spans = sorted(((pos.offset(e.range.start.line, e.range.start.character),
                     pos.offset(e.range.end.line, e.range.end.character), e.new_text)
                    for e in edits), reverse=True)
    for start, end, new in spans:
        text = text[:start] + new + text[end:]
    return text


def test_open_diagnose_hover_fix_and_suppress(tmp_path: Path) -> None:
    uri = (tmp_path / "draft.md").as_uri()

    async def body(s: Session) -> None:
        s.open(uri, ARTICLE)
        diags = await s.diagnostics(uri)
        (vague,) = [d for d in diags if d.code == "AT101"]
        assert vague.range == lsp.Range(lsp.Position(2, 0), lsp.Position(2, 11))
        assert vague.severity == lsp.DiagnosticSeverity.Warning and vague.source == "credscore"
        assert vague.code_description and vague.code_description.href.endswith("#at101")
        (score,) = [d for d in diags if d.code == "score"]
        assert score.range.start.line == 0 and "grade" in score.message

        hover = await s.client.text_document_hover_async(lsp.HoverParams(
            text_document=lsp.TextDocumentIdentifier(uri=uri), position=lsp.Position(2, 3)))
        assert hover is not None and "AT101 vague-attribution" in hover.contents.value
        assert "Why it matters" in hover.contents.value

        actions = await s.client.text_document_code_action_async(lsp.CodeActionParams(
            text_document=lsp.TextDocumentIdentifier(uri=uri), range=vague.range,
            context=lsp.CodeActionContext(diagnostics=[vague])))
        titles = [a.title for a in actions]
        fix = next(a for a in actions if "name who says so" in a.title)
        assert fix.kind == lsp.CodeActionKind.QuickFix
        fixed = apply_edits(ARTICLE, fix.edit.changes[uri])
        assert "Experts say [who? name the source] the merger" in fixed
        suppress = next(a for a in actions if a.title.startswith("credscore: suppress AT101"))
        suppressed = apply_edits(ARTICLE, suppress.edit.changes[uri])
        assert ("<!-- credscore-disable-next-line AT101 -- reason: say why this is fine -->\n"
                "Experts say the merger") in suppressed, titles

        # the writer applies the suppression: the finding goes once the edit is debounced
        full = lsp.TextDocumentContentChangeWholeDocument(text=suppressed)
        s.client.text_document_did_change(lsp.DidChangeTextDocumentParams(
            text_document=lsp.VersionedTextDocumentIdentifier(uri=uri, version=2),
            content_changes=[full]))
        after = await s.diagnostics(uri, count=2)
        assert not [d for d in after if d.code == "AT101"]
        assert s.published[uri][-1].version == 2

        lens = await s.client.text_document_code_lens_async(lsp.CodeLensParams(
            text_document=lsp.TextDocumentIdentifier(uri=uri)))
        assert lens and lens[0].command and "score" in lens[0].command.title
        report = await s.client.workspace_execute_command_async(lsp.ExecuteCommandParams(
            command=lens[0].command.command, arguments=lens[0].command.arguments))
        assert report["score"] >= 90 and report["findings"][0]["suppressed"] is True

    session(body)


def test_debounce_publishes_once_for_a_burst_of_edits(tmp_path: Path) -> None:
    uri = (tmp_path / "notes.txt").as_uri()

    async def body(s: Session) -> None:
        s.open(uri, "Rates rose on Thursday.\n", language="plaintext")
        await s.diagnostics(uri)
        text = "Rates rose on Thursday.\n"
        for version, word in enumerate(("Experts", " say", " rates", " will", " fall."), 2):
            text += word
            s.client.text_document_did_change(lsp.DidChangeTextDocumentParams(
                text_document=lsp.VersionedTextDocumentIdentifier(uri=uri, version=version),
                content_changes=[lsp.TextDocumentContentChangeWholeDocument(text=text)]))
        diags = await s.diagnostics(uri, count=2)
        await asyncio.sleep(1.0)
        assert len(s.published[uri]) == 2  # one publication for the five edits
        (vague,) = [d for d in diags if d.code == "AT101"]
        assert vague.range.start == lsp.Position(1, 0)

    session(body, {"debounce": 0.5})


def test_plain_text_spam_fix_and_fix_all(tmp_path: Path) -> None:
    uri = (tmp_path / "story.txt").as_uri()
    text = SLOTS_SEED.read_text(encoding="utf-8")

    async def body(s: Session) -> None:
        s.open(uri, text, language="plaintext")
        diags = await s.diagnostics(uri)
        (spam,) = [d for d in diags if d.code == "SP101"]
        lines = text.split("\n")
        line = lines[spam.range.start.line]
        assert line[spam.range.start.character:spam.range.end.character] == \
            "star wars slots online"
        assert spam.severity == lsp.DiagnosticSeverity.Error
        actions = await s.client.text_document_code_action_async(lsp.CodeActionParams(
            text_document=lsp.TextDocumentIdentifier(uri=uri), range=spam.range,
            context=lsp.CodeActionContext(diagnostics=[spam])))
        delete = next(a for a in actions if "Delete the sentence" in a.title)
        assert "star wars" not in apply_edits(text, delete.edit.changes[uri])
        every = await s.client.text_document_code_action_async(lsp.CodeActionParams(
            text_document=lsp.TextDocumentIdentifier(uri=uri),
            range=lsp.Range(lsp.Position(0, 0), lsp.Position(0, 0)),
            context=lsp.CodeActionContext(diagnostics=[], only=["source.fixAll.credscore"])))
        (fix_all,) = every
        assert "star wars" not in apply_edits(text, fix_all.edit.changes[uri])

    session(body)


def test_html_diagnostics_hover_and_suppress_in_the_page(tmp_path: Path) -> None:
    html_uri = (tmp_path / "page.html").as_uri()
    py_uri = (tmp_path / "tool.py").as_uri()
    pos = Positions(PAGE)
    where = lsp.Range(lsp.Position(*pos.position(VAGUE_START)),
                      lsp.Position(*pos.position(VAGUE_END)))

    async def body(s: Session) -> None:
        s.open(py_uri, "print('experts say')\n", language="python")
        s.open(html_uri, PAGE, language="html")
        diags = await s.diagnostics(html_uri)
        (vague,) = [d for d in diags if d.code == "AT101"]
        assert vague.range == where == lsp.Range(lsp.Position(9, 9), lsp.Position(9, 28))
        assert "extracted text" not in vague.message
        for d in diags:  # every diagnostic sits on its flagged text in the page
            if d.code != "score":
                start = pos.offset(d.range.start.line, d.range.start.character)
                assert PAGE[start:start + 1].isalnum(), d

        hover = await s.client.text_document_hover_async(lsp.HoverParams(
            text_document=lsp.TextDocumentIdentifier(uri=html_uri),
            position=lsp.Position(9, 12)))
        assert hover is not None and "AT101 vague-attribution" in hover.contents.value
        assert hover.range == where

        actions = await s.client.text_document_code_action_async(lsp.CodeActionParams(
            text_document=lsp.TextDocumentIdentifier(uri=html_uri), range=vague.range,
            context=lsp.CodeActionContext(diagnostics=[vague])))
        titles = [a.title for a in actions]
        assert not [t for t in titles if "name who says so" in t or "every" in t], titles
        suppress = next(a for a in actions if a.title.startswith("credscore: suppress AT101"))
        suppressed = apply_edits(PAGE, suppress.edit.changes[html_uri])
        assert ("<br>\r\n     <!-- credscore-disable-next-line AT101 -- reason: say why this is "
                "fine -->\r\n     <em>Experts</em>") in suppressed
        full = lsp.TextDocumentContentChangeWholeDocument(text=suppressed)
        s.client.text_document_did_change(lsp.DidChangeTextDocumentParams(
            text_document=lsp.VersionedTextDocumentIdentifier(uri=html_uri, version=2),
            content_changes=[full]))
        after = await s.diagnostics(html_uri, count=2)
        assert not [d for d in after if d.code == "AT101"]
        assert py_uri not in s.published

    session(body)


def _checked(text: str):  # type: ignore[no-untyped-def]
    from credscore.lsp.server import CredscoreServer

    server = CredscoreServer()
    server.formats["file:///page.html"] = "html"
    result = server._check("file:///page.html", text, 1)
    server.executor.shutdown()
    return result


def test_html_suppress_marker_goes_where_it_works() -> None:
    from credscore.lsp.server import suppress_edit

    # the finding's line starts inside a tag: a marker there would break it, so the marker
    # goes just before the paragraph's first character
    page = ('<html><body><article><p class="lead"\n   id="x">Experts say the merger will close '
            "in March.</p>\n<p>The bank said so on Thursday.</p></article></body></html>")
    result = _checked(page)
    (vague,) = [f for f in result.report.findings if f.rule_id == "AT101"]
    line_start = page.index("   id=")
    at, marker = suppress_edit(result, vague, line_start)
    assert at == page.index("Experts") and marker == (
        "<!-- credscore-disable-next-line AT101 -- reason: say why this is fine -->")
    edited = page[:at] + marker + page[at:]
    (again,) = [f for f in _checked(edited).report.findings if f.rule_id == "AT101"]
    assert again.suppressed
    # a line of its own where that works, as in Markdown
    at, marker = suppress_edit(_checked(PAGE), next(
        f for f in _checked(PAGE).report.findings if f.rule_id == "AT101"),
        PAGE.rindex("\n", 0, VAGUE_START) + 1)
    assert at == PAGE.rindex("\n", 0, VAGUE_START) + 1 and marker.endswith("-->\r\n")


@pytest.mark.parametrize(("encoding", "expected"), [("utf-16", 3), ("utf-8", 6), ("utf-32", 2)])
def test_positions_count_code_units(encoding: str, expected: int) -> None:
    text = "x\n😀é|y\r\nz"
    pos = Positions(text, encoding)
    offset = text.index("|")
    assert pos.position(offset) == (1, expected)
    assert pos.offset(1, pos.position(offset)[1]) == offset
    assert pos.position(text.index("z")) == (2, 0)

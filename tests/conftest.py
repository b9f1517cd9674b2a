"""Shared fixtures and the span-invariant check applied to every finding the tests produce."""

from __future__ import annotations

import atexit
import os
import re
import shutil
import tempfile
from pathlib import Path

import pytest

# The compiled-pattern cache (credscore.regex.patterncache) goes to a throwaway folder, never to the
# user's ~/.cache. Set before credscore is imported: its modules compile patterns on import.
if "CREDSCORE_CACHE_DIR" not in os.environ:
    _CACHE_DIR = tempfile.mkdtemp(prefix="credscore-test-cache-")
    os.environ["CREDSCORE_CACHE_DIR"] = _CACHE_DIR
    atexit.register(shutil.rmtree, _CACHE_DIR, ignore_errors=True)

import credscore
from credscore.report import Report

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
CORPUS = ROOT.parent / "shared" / "corpus"
SLOTS_SEED = SEEDS / "ai-security-slots-insertion.txt"  # issue id 003_e0cf293beb21d17e
CRYPTO_SEED = SEEDS / "crypto-news-distillation.txt"  # issue id 000_791fd88e028f9a09
EXAMPLE_PACK = ROOT / "docs" / "example-pack"  # the user rule pack of the README


def assert_span_invariants(report: Report, doc=None) -> None:  # type: ignore[no-untyped-def]
    """Every finding's span indexes the reported text and matches its evidence; its sentence
    holds the evidence as a reader sees it (``Document.display``: no Markdown markup)."""
    text = report.text
    for f in report.findings:
        assert 0 <= f.start < f.end <= len(text), f
        assert text[f.start : f.end] == f.evidence, f
        # lines end at \r\n, \r or \n, as in Document.line_col
        breaks = [m.end() for m in re.finditer(r"\r\n|\r|\n", text[: f.start])]
        line_start = breaks[-1] if breaks else 0
        assert f.line == len(breaks) + 1
        assert f.column == f.start - line_start + 1
        shown = doc.display(f.start, f.end) if doc is not None else f.evidence
        assert shown.strip() in f.sentence or f.sentence in shown, f
        assert f.penalty >= 0
    if doc is not None and doc.fmt == "html":
        assert_source_spans(report, doc)


def reads_as(char: str, piece: str) -> bool:
    """Whether the source ``piece`` a loader's map gives for one extracted character reads as
    that character: itself once references are decoded, white space for a space, a tag or
    white space for a line break."""
    import html

    if char == "\n":
        return piece.isspace() or (piece.startswith("<") and piece.endswith(">"))
    decoded = html.unescape(piece)
    if char == " ":
        return piece.isspace() or decoded.isspace()
    return char in decoded or char in piece


def assert_source_spans(report: Report, doc) -> None:  # type: ignore[no-untyped-def]
    """An HTML finding's ``source`` is in the page, starts and ends on its evidence's first and
    last characters, and its lines and columns count the page's lines (\r\n, \r, \n)."""
    from credscore.analyse.sourcemap import SOURCE_MAP_KEY

    entry = doc.cache.get(SOURCE_MAP_KEY)
    if entry is None:
        return
    source, to_source = entry
    starts = [0, *(m.end() for m in re.finditer(r"\r\n|\r|\n", source))]
    for f in report.findings:
        src = f.source
        assert src is not None, f
        assert 0 <= src.start < src.end <= len(source), f
        assert reads_as(f.evidence[0], source[src.start : to_source.end(f.start)]), f
        assert reads_as(f.evidence[-1], source[to_source(f.end - 1) : src.end]), f
        for offset, line, column in ((src.start, src.line, src.column),
                                     (src.end, src.end_line, src.end_column)):
            n = sum(1 for start in starts if start <= offset)
            assert (line, column) == (n, offset - starts[n - 1] + 1), f


@pytest.fixture(autouse=True)
def _check_spans(monkeypatch: pytest.MonkeyPatch) -> None:
    """Wrap Checker.check_document so every report made in any test is span-checked."""
    from credscore.api import Checker

    original = Checker.check_document

    def checked(self: Checker, doc):  # type: ignore[no-untyped-def]
        report = original(self, doc)
        assert_span_invariants(report, doc)
        return report

    monkeypatch.setattr(Checker, "check_document", checked)


def check(text: str, fmt: str = "txt") -> Report:
    return credscore.check_text(text, fmt=fmt)


def rule_ids(report: Report) -> set[str]:
    return {f.rule_id for f in report.findings}


requires_corpus = pytest.mark.skipif(
    not CORPUS.is_dir(), reason="../shared/corpus is not present beside the repository"
)

"""Cross-document boilerplate: the paragraph census and the PR107 finding in batches."""

from __future__ import annotations

import json
import pickle
import random
from pathlib import Path

import pytest
from typer.testing import CliRunner

from credscore.analyse.crossdoc import ParagraphCensus, census_for_batch, normalise_paragraph
from credscore.api import Checker
from credscore.cli import app
from credscore.config import Config
from credscore.load import parse_text
from credscore.report import Report

from .conftest import CORPUS, requires_corpus

FOOTER = "CoinDesk provides news and analysis for crypto market players and their business needs."
STORIES = [
    "Bitcoin rose 3% on Monday after the ETF filing by the asset manager.",
    "Ether fell 2% as traders sold ahead of the network upgrade on Thursday.",
    "Solana's network stalled for an hour on Tuesday, its developers said.",
    "Ripple won a partial ruling in its case against the regulator in New York.",
]


def _write(tmp: Path, stories: list[str], footer: str = FOOTER) -> None:
    for i, story in enumerate(stories):
        (tmp / f"{i}.txt").write_text(f"{story}\n\n{footer}\n", encoding="utf-8")


def test_normalisation_ignores_case_punctuation_and_spacing() -> None:
    assert normalise_paragraph("Read  the   FULL story — here!") == "read the full story here"


def test_census_counts_files_not_occurrences() -> None:
    census = ParagraphCensus(min_files=2)
    census.add(parse_text(f"{STORIES[0]}\n\n{FOOTER}\n\n{FOOTER}\n"))  # twice in one file
    census.add(parse_text(f"{STORIES[1]}\n\n{FOOTER.upper()}\n"))
    census.add(parse_text(f"{STORIES[2]}\n"))
    census.freeze()
    assert census.files == 3
    assert len(census) == 1  # only the footer reaches two files; stories are gone
    doc = parse_text(f"{STORIES[3]}\n\n{FOOTER}\n\n{FOOTER}\n")
    occ = census.occurrences(doc)
    assert [n for _, _, n in occ] == [2, 2]  # each occurrence is reported
    assert all(doc.text[s:e] == FOOTER for s, e, _ in occ)


def test_census_merge_and_pickle() -> None:
    a, b = ParagraphCensus(min_files=3), ParagraphCensus(min_files=3)
    for story in STORIES[:2]:
        a.add_text(f"{story}\n\n{FOOTER}\n")
    b.add_text(f"{STORIES[2]}\n\n{FOOTER}\n")
    a.merge(b)
    a.freeze()
    clone = pickle.loads(pickle.dumps(a))
    assert clone.files == 3 and len(clone) == 1
    with pytest.raises(RuntimeError):
        clone.add_keys({1})


def test_short_paragraphs_are_not_counted() -> None:
    census = ParagraphCensus(min_files=2)
    for story in STORIES:
        census.add_text(f"{story}\n\nRead More\n")
    assert not len(census.freeze())


def test_batch_reports_the_shared_footer_on_every_file(tmp_path: Path) -> None:
    _write(tmp_path, STORIES)
    reports = list(Checker().check_paths([tmp_path]))
    assert len(reports) == 4
    for report in reports:
        assert isinstance(report, Report)
        (f,) = [f for f in report.findings if f.rule_id == "PR107"]
        assert f.evidence == FOOTER
        assert f.family == "promo"
        assert f.message.endswith("appears in 4 of 4 files")
        assert f.data["files"] == 4 and f.data["total_files"] == 4
        assert not [g for g in report.findings if g.rule_id == "PR107" and STORIES[0] in g.evidence]


def test_batch_threshold_and_switch(tmp_path: Path) -> None:
    _write(tmp_path, STORIES[:2])  # two files < default N of 3
    assert not [f for r in Checker().check_paths([tmp_path]) for f in r.findings
                if f.rule_id == "PR107"]
    assert [f for r in Checker(boilerplate_min_files=2).check_paths([tmp_path])
            for f in r.findings if f.rule_id == "PR107"]
    assert not [f for r in Checker(boilerplate_min_files=0).check_paths([tmp_path])
                for f in r.findings if f.rule_id == "PR107"]


def test_single_document_checks_never_report_cross_document() -> None:
    report = Checker().check_text(f"{STORIES[0]}\n\n{FOOTER}\n")
    assert not [f for f in report.findings if f.rule_id == "PR107"]


def test_census_for_batch_hook(tmp_path: Path) -> None:
    _write(tmp_path, STORIES)
    census = census_for_batch([tmp_path], Config(), jobs=1)
    assert census is not None and census.files == 4 and len(census) == 1
    checker = Checker(Config(select=["PR107"]))
    checker.attach_census(census)
    report = checker.check_path(tmp_path / "0.txt")
    assert [f.data["files"] for f in report.findings] == [4]
    small = tmp_path / "small"
    small.mkdir()
    _write(small, STORIES[:2])
    assert census_for_batch([small], Config(), jobs=1) is None


def test_cli_option(tmp_path: Path) -> None:
    _write(tmp_path, STORIES[:3])
    runner = CliRunner()
    out = runner.invoke(app, ["check", str(tmp_path), "-f", "jsonl", "--select", "PR107"])
    rows = [json.loads(line) for line in out.stdout.splitlines() if line.startswith("{")]
    assert len(rows) == 3 and all(len(r["findings"]) == 1 for r in rows)
    out = runner.invoke(app, ["check", str(tmp_path), "-f", "jsonl", "--select", "PR107",
                              "--boilerplate-min-files", "4"])
    rows = [json.loads(line) for line in out.stdout.splitlines() if line.startswith("{")]
    assert len(rows) == 3 and not any(r["findings"] for r in rows)


@requires_corpus
def test_cryptorank_footer_reported_on_40_pages(tmp_path: Path) -> None:
    with open(CORPUS / "crypto_news_cryptorank" / "dev.jsonl", encoding="utf-8") as fh:
        recs = [json.loads(line) for line in fh]
    sample = random.Random(7).sample(recs, 40)
    for i, rec in enumerate(sample):
        (tmp_path / f"{i:02d}.txt").write_text(rec["text"], encoding="utf-8")
    shared = set.intersection(*({ln.strip() for ln in r["text"].splitlines()
                                 if len(ln.split()) >= 5} for r in sample))
    assert shared
    for report in Checker(Config(select=["PR107"])).check_paths([tmp_path]):
        assert isinstance(report, Report)
        evidence = [f.evidence for f in report.findings]
        assert all(any(line in e for e in evidence) for line in shared)
        assert all(f.data["total_files"] == 40 for f in report.findings)


def test_cli_rejects_a_threshold_of_one(tmp_path: Path) -> None:
    _write(tmp_path, STORIES[:3])
    out = CliRunner().invoke(app, ["check", str(tmp_path), "--boilerplate-min-files", "1"])
    assert out.exit_code == 2
    assert "--boilerplate-min-files" in out.output

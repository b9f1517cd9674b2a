"""The seed articles are the first acceptance test: families, spans, scores, golden reports."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

import credscore
from credscore.report import Report

from .conftest import CRYPTO_SEED, SEEDS, SLOTS_SEED

SNAPSHOTS = Path(__file__).resolve().parent / "snapshots"


def _covering(report: Report, family: str, phrase: str, severities: set[str] | None = None
              ) -> list:  # type: ignore[type-arg]
    """Findings of ``family`` whose span covers ``phrase`` (first occurrence in the text)."""
    start = report.text.find(phrase)
    assert start >= 0, f"{phrase!r} not in the seed"
    end = start + len(phrase)
    return [f for f in report.findings if f.family == family and f.start <= start and end <= f.end
            and (severities is None or f.severity.label in severities)]


def _overlapping(report: Report, family: str, phrase: str) -> list:  # type: ignore[type-arg]
    start = report.text.find(phrase)
    assert start >= 0, f"{phrase!r} not in the seed"
    end = start + len(phrase)
    return [f for f in report.findings if f.family == family and f.start < end and start < f.end
            and f.severity.label != "info"]


@pytest.fixture(scope="module")
def slots() -> Report:
    return credscore.check_path(SLOTS_SEED)


@pytest.fixture(scope="module")
def crypto() -> Report:
    return credscore.check_path(CRYPTO_SEED)


def test_issue_names_point_at_the_seeds() -> None:
    assert (SEEDS / "003_e0cf293beb21d17e.txt").resolve() == SLOTS_SEED.resolve()
    assert (SEEDS / "000_791fd88e028f9a09.txt").resolve() == CRYPTO_SEED.resolve()


def test_slots_seed_spam_error_covers_the_insertion(slots: Report) -> None:
    assert _covering(slots, "spam", "star wars slots online", {"error"})


def test_slots_seed_vague_sources_and_filler(slots: Report) -> None:
    assert _overlapping(slots, "attribution", "experts emphasize")
    assert [f for f in slots.findings if f.family == "filler" and f.severity.label != "info"]


def test_crypto_seed_promo_blocks(crypto: Report) -> None:
    assert _covering(crypto, "promo", "not financial advice")
    assert _covering(crypto, "promo", "do your own homework")
    assert _covering(crypto, "promo", "passionate crypto journalist and blockchain enthusiast")
    assert _covering(crypto, "promo", "Not Just Crypto News. It’s Crypto Culture.")


@pytest.mark.parametrize("phrase", ["| Source: XPost |", "According to AI researchers",
                                    "Industry analysts note", "Many experts believe",
                                    "Researchers have repeatedly warned"])
def test_crypto_seed_vague_attribution(crypto: Report, phrase: str) -> None:
    assert _overlapping(crypto, "attribution", phrase)


def test_crypto_seed_has_many_filler_findings(crypto: Report) -> None:
    assert len([f for f in crypto.findings if f.family == "filler"]) >= 10


def test_both_seeds_score_below_50(slots: Report, crypto: Report) -> None:
    assert slots.score < 50 and crypto.score < 50
    assert slots.grade == crypto.grade == "F"

@pytest.mark.parametrize("seed", [SLOTS_SEED, CRYPTO_SEED], ids=lambda p: p.name)
def test_golden_report(seed: Path) -> None:
    """The full report is a reviewed snapshot: CREDSCORE_UPDATE_SNAPSHOTS=1 accepts changes."""
    report = credscore.check_path(seed).to_dict()
    report["path"] = seed.name
    snapshot = SNAPSHOTS / (seed.stem + ".json")
    rendered = json.dumps(report, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    if os.environ.get("CREDSCORE_UPDATE_SNAPSHOTS"):
        SNAPSHOTS.mkdir(exist_ok=True)
        snapshot.write_text(rendered, encoding="utf-8")
    assert snapshot.exists(), f"no snapshot {snapshot.name}: run with CREDSCORE_UPDATE_SNAPSHOTS=1"
    assert rendered == snapshot.read_text(encoding="utf-8"), (
        f"{seed.name}: report changed; review the diff and run "
        "CREDSCORE_UPDATE_SNAPSHOTS=1 pytest tests/test_seeds.py to accept it")

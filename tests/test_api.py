"""The library API: check_text / check_path / Report.to_dict / batches that never raise."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import credscore
from credscore.api import Checker
from credscore.errors import InputError
from credscore.report import Failure, Report

from .conftest import SLOTS_SEED


def test_check_text_and_path_agree() -> None:
    text = SLOTS_SEED.read_text(encoding="utf-8")
    a = credscore.check_text(text, path=str(SLOTS_SEED))
    b = credscore.check_path(SLOTS_SEED)
    assert isinstance(a, Report)
    assert a.to_dict() == b.to_dict()
    json.dumps(a.to_dict())  # serialisable


def test_output_is_deterministic() -> None:
    text = SLOTS_SEED.read_text(encoding="utf-8")
    assert credscore.check_text(text).to_dict() == credscore.check_text(text).to_dict()


def test_check_path_raises_input_error_for_unreadable(tmp_path: Path) -> None:
    with pytest.raises(InputError):
        credscore.check_path(tmp_path / "missing.txt")


def test_batch_never_raises(tmp_path: Path) -> None:
    (tmp_path / "ok.txt").write_text("The council approved the budget on Monday.",
                                     encoding="utf-8")
    (tmp_path / "bin.txt").write_bytes(b"\x00\x01\x02")
    items = list(Checker().check_paths([tmp_path, tmp_path / "nope.md"]))
    assert [type(i).__name__ for i in items] == ["Failure", "Report", "Failure"]
    assert all(isinstance(i.to_dict(), dict) for i in items)
    assert isinstance(items[0], Failure) and "binary" in items[0].error


def test_non_english_article_skips_english_rules() -> None:
    text = ("Die Bundesregierung hat am Mittwoch einen neuen Haushaltsentwurf vorgelegt. "
            "Experten sagen, dass die Ausgaben für Verteidigung deutlich steigen werden. "
            "Der Finanzminister kündigte zudem Einsparungen bei den Sozialausgaben an.")
    report = credscore.check_text(text)
    assert report.language == "de"
    assert {f.rule_id for f in report.findings} == {"GN101"}
    # not assessed: no score and no grade, never 100/A (credscore.score.assess)
    assert report.score is None and report.grade is None and not report.assessed
    assert report.not_assessed is not None and report.not_assessed.code == "language"


def test_markdown_code_and_front_matter_are_not_linted() -> None:
    md = ("---\ntitle: Experts say\n---\nThe mayor said the bridge will reopen in May.\n\n"
          "```\nExperts say this code is fine.\n```\n")
    report = credscore.check_text(md, fmt="md")
    assert not [f for f in report.findings if f.rule_id == "AT101"]
    assert report.metrics["metadata"]["title"] == "Experts say"

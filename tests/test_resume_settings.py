"""``audit --resume`` is keyed by path, content hash and the hash of rules + settings (issue 19)."""

from __future__ import annotations

import json
from pathlib import Path

from credscore.audit.runner import AuditOptions, run_audit
from credscore.config import Config

from .conftest import EXAMPLE_PACK, SLOTS_SEED

VAGUE = ("Experts say the plan will fail. Critics argue it is a disaster, according to some "
         "observers. Many believe the minister should resign.\n")


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(5):
        (folder / f"a{i}.txt").write_text(VAGUE + f"Story {i} ran on Monday.\n")
    (folder / "slots.txt").write_bytes(SLOTS_SEED.read_bytes())
    return folder


def _rows(out: Path) -> list[dict]:
    return [json.loads(line) for line in out.read_text().splitlines()]


def _audit(folder: Path, out: Path, config: Config, resume: bool = False):  # type: ignore[no-untyped-def]
    return run_audit([str(folder)], config, AuditOptions(jobs=1, out=out, resume=resume,
                                                         force=not resume))


def test_changed_settings_re_score_on_resume(tmp_path: Path) -> None:
    folder, out = _folder(tmp_path), tmp_path / "rows.jsonl"
    _audit(folder, out, Config())
    full = {r["path"]: r["score"] for r in _rows(out)}
    same = _audit(folder, out, Config(), resume=True)
    assert same.skipped == 6 and same.scored_now == 0
    spam_only = _audit(folder, out, Config(select=["spam"]), resume=True)
    assert spam_only.skipped == 0 and spam_only.scored_now == 6
    assert any("scored again" in note and "settings" in note for note in spam_only.notes)
    fresh = tmp_path / "fresh.jsonl"
    _audit(folder, fresh, Config(select=["spam"]))
    assert [(r["path"], r["score"]) for r in _rows(out)] == \
        [(r["path"], r["score"]) for r in _rows(fresh)]
    assert spam_only.summary.mean_score != sum(full.values()) / len(full)


def test_a_changed_pack_or_allow_list_re_scores(tmp_path: Path) -> None:
    folder, out = _folder(tmp_path), tmp_path / "rows.jsonl"
    _audit(folder, out, Config())
    packed = _audit(folder, out, Config(packs=[str(EXAMPLE_PACK)]), resume=True)
    assert packed.scored_now == 6
    again = _audit(folder, out, Config(packs=[str(EXAMPLE_PACK)]), resume=True)
    assert again.scored_now == 0
    allowed = _audit(folder, out, Config(packs=[str(EXAMPLE_PACK)],
                                         allow_domains=["a.example"]), resume=True)
    assert allowed.scored_now == 6


def test_a_re_scored_file_keeps_its_place_in_the_output(tmp_path: Path) -> None:
    folder, out = _folder(tmp_path), tmp_path / "rows.jsonl"
    _audit(folder, out, Config())
    order = [r["path"] for r in _rows(out)]
    (folder / "a1.txt").write_text("The council met on Monday and approved the budget by 31 "
                                   "votes to 12, the mayor said.\n")
    resumed = _audit(folder, out, Config(), resume=True)
    assert resumed.scored_now == 1
    rows = _rows(out)
    assert [r["path"] for r in rows] == order  # a1.txt did not move to the end
    assert len(rows) == len(order)
    assert rows[1]["path"].endswith("a1.txt") and rows[1]["score"] is not None

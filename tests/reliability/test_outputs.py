"""Nothing a user gave is lost: outputs never overwrite an input, are written whole or not at all,
survive Ctrl-C and SIGKILL (then --resume), and are the same whatever the number of jobs."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from credscore.audit.engines import inprocess_engine
from credscore.audit.runner import AuditOptions, run_audit
from credscore.config import Config

from .conftest import ARTICLE, ROOT, credscore


def corpus(folder: Path, n: int = 40) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        (folder / f"a{i:03d}.txt").write_text(ARTICLE + f"\nStory number {i}.\n",
                                              encoding="utf-8")
    return folder


@pytest.mark.parametrize("flag", ["--out", "--csv", "--html"])
def test_an_output_naming_an_input_is_refused_even_with_force(tmp_path: Path, flag: str) -> None:
    folder = corpus(tmp_path / "in", 3)
    target = folder / "a001.txt"
    before = target.read_bytes()
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    for args in ((folder, flag, target), (target, flag, target), (folder, flag, link)):
        result = credscore("audit", *args, "--force")
        assert result.returncode == 2
        assert b"is one of the audited files" in result.stderr
        assert target.read_bytes() == before


def test_force_replaces_an_output_that_is_not_an_input(tmp_path: Path) -> None:
    folder = corpus(tmp_path / "in", 2)
    out = folder / "rows.jsonl"  # inside the folder, but not an article pattern
    out.write_text("old\n", encoding="utf-8")
    assert credscore("audit", folder, "--out", out, "--force").returncode == 0
    assert len(out.read_text(encoding="utf-8").splitlines()) == 2


def test_an_existing_output_stays_whole_until_the_run_ends(tmp_path: Path) -> None:
    folder = corpus(tmp_path / "in", 8)
    out, csv_out = tmp_path / "rows.jsonl", tmp_path / "rows.csv"
    out.write_text("earlier audit\n", encoding="utf-8")
    csv_out.write_text("earlier csv\n", encoding="utf-8")
    seen: list[str] = []

    def crashing(chunks, settings):  # type: ignore[no-untyped-def]
        for i, batch in enumerate(inprocess_engine(chunks, settings)):
            seen.append(out.read_text(encoding="utf-8"))
            if settings.task == "score" and i == 1:
                raise RuntimeError("disk on fire")
            yield batch

    with pytest.raises(RuntimeError):
        run_audit([str(folder)], Config(), AuditOptions(jobs=1, out=out, csv=csv_out, force=True,
                                                         chunk_size=2), engine=crashing)
    assert set(seen) == {"earlier audit\n"}  # never truncated, never half-written
    assert out.read_text(encoding="utf-8") == "earlier audit\n"
    assert csv_out.read_text(encoding="utf-8") == "earlier csv\n"
    # what was scored is in the work file that --resume continues from
    partial = out.with_name(f".{out.name}.partial")
    assert len(partial.read_text(encoding="utf-8").splitlines()) == 2  # the first chunk
    resumed = run_audit([str(folder)], Config(), AuditOptions(jobs=1, out=out, resume=True))
    assert resumed.skipped == 2 and resumed.scored_now == 6
    assert len(out.read_text(encoding="utf-8").splitlines()) == 8 and not partial.exists()


def _rows(path: Path) -> dict[str, dict]:
    rows = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        row.pop("metrics", None)
        rows[row["path"]] = row
    return rows


def _start(folder: Path, out: Path, *extra: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "credscore", "audit", str(folder), "--out",
                             str(out), "--jobs", "1", *extra], cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _wait_for_rows(path: Path, proc: subprocess.Popen[bytes], rows: int = 16) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        if path.exists() and path.read_bytes().count(b"\n") >= rows:
            return
        time.sleep(0.05)
    pytest.skip("the audit finished before it could be interrupted")


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGKILL])
def test_interrupted_or_killed_then_resumed_is_lossless(tmp_path: Path, sig: int) -> None:
    folder = corpus(tmp_path / "in", 120)
    fresh, out = tmp_path / "fresh.jsonl", tmp_path / "rows.jsonl"
    assert credscore("audit", folder, "--out", fresh, "--jobs", "1",
                     timeout=300).returncode == 0
    proc = _start(folder, out)
    _wait_for_rows(out.with_name(f".{out.name}.partial"), proc)
    proc.send_signal(sig)
    proc.wait(timeout=60)
    if sig == signal.SIGINT:
        assert proc.returncode == 130
        assert out.exists()  # Ctrl-C: the rows so far are in --out
    else:
        assert not out.exists()  # SIGKILL: nothing half-written where the user looks
    resumed = credscore("audit", folder, "--out", out, "--jobs", "1", "--resume", timeout=300)
    assert resumed.returncode == 0, resumed.stderr
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 120  # one row per file: none lost, none twice
    assert _rows(out) == _rows(fresh)


def test_one_and_two_jobs_write_identical_bytes(tmp_path: Path) -> None:
    folder = corpus(tmp_path / "in", 30)
    (folder / "bad.txt").write_bytes(b"\x00\x01")
    (folder / "empty.txt").write_bytes(b"")
    outputs = []
    for jobs in ("1", "2"):
        out, csv_out = tmp_path / f"rows{jobs}.jsonl", tmp_path / f"rows{jobs}.csv"
        result = credscore("audit", folder, "--jobs", jobs, "--out", out, "--csv", csv_out,
                           timeout=300)
        assert result.returncode == 2
        outputs.append((out.read_bytes(), csv_out.read_bytes()))
    assert outputs[0] == outputs[1]


def test_baseline_never_overwrites_an_article(tmp_path: Path) -> None:
    folder = corpus(tmp_path / "in", 2)
    target = folder / "a000.txt"
    before = target.read_bytes()
    result = credscore("baseline", "write", folder, "--output", target)
    assert result.returncode == 2 and target.read_bytes() == before
    assert not [p for p in folder.iterdir() if p.name.startswith(".")]  # no temporary left


def test_no_work_file_is_left_after_a_clean_run(tmp_path: Path) -> None:
    folder = corpus(tmp_path / "in", 3)
    outs = [tmp_path / "r.jsonl", tmp_path / "r.csv", tmp_path / "r.html"]
    assert credscore("audit", folder, "--out", outs[0], "--csv", outs[1], "--html",
                     outs[2]).returncode == 0
    assert sorted(os.listdir(tmp_path)) == ["in", "r.csv", "r.html", "r.jsonl"]

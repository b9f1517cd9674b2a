"""The console-script entry point (``credscore.cli.main``) as a real process.

``main`` ends a finished ``check`` without interpreter teardown (see ``cli._hard_exit``); these
tests make sure nothing is lost that way: every byte of output, the exit code, the caches.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from credscore.cli import app

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted(str(p) for p in (ROOT / "seeds").glob("*.txt"))


def _run(args: list[str], cache: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CREDSCORE_CACHE_DIR": str(cache), "COLUMNS": "100"}
    env.pop("CREDSCORE_NO_CACHE", None)
    return subprocess.run([sys.executable, "-m", "credscore", *args], capture_output=True,
                          text=True, env=env, cwd=ROOT, check=False)


def test_a_process_prints_what_the_app_prints_and_keeps_the_exit_code(tmp_path: Path) -> None:
    args = ["check", "--no-color", "--fail-under", "50", *SEEDS]
    done = _run(args, tmp_path)
    in_process = CliRunner().invoke(app, args, env={"COLUMNS": "100"})
    assert done.returncode == in_process.exit_code == 1  # both seeds score below 50
    assert done.stdout == in_process.stdout
    assert done.stdout.count("score ") >= 2 and "2 articles scored, 0 failed" in done.stdout
    assert list(tmp_path.glob("*.marshal")), "the caches are saved before the fast exit"


def test_large_output_arrives_whole_through_a_pipe(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    for i in range(30):
        source = Path(SEEDS[i % 2])
        (folder / f"{i:02d}-{source.name}").write_text(source.read_text("utf-8"), "utf-8")
    done = _run(["check", "--format", "jsonl", str(folder)], tmp_path / "cache")
    assert done.returncode == 0, done.stderr
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(rows) == 30 and all(row["findings"] for row in rows)
    assert len(done.stdout) > 100_000


def test_a_bad_file_still_exits_2_with_one_line(tmp_path: Path) -> None:
    missing = tmp_path / "missing.txt"
    done = _run(["check", SEEDS[0], str(missing)], tmp_path)
    assert done.returncode == 2
    assert done.stderr.strip().count("\n") == 0 and "missing.txt" in done.stderr

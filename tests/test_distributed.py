"""The Dask engine: same rows as the local pool, through a scheduler address (LocalCluster)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from credscore.audit.rows import AuditError
from credscore.audit.runner import AuditOptions, run_audit
from credscore.cli import app
from credscore.config import Config

from .conftest import CRYPTO_SEED, SLOTS_SEED

CLEAN = ("The central bank raised its main interest rate to 5.25% on Thursday, the ninth rise in "
         "a row. Governor Andrew Bailey said inflation remained too high.\n")


def corpus(folder: Path) -> Path:
    folder.mkdir()
    (folder / "slots.txt").write_bytes(SLOTS_SEED.read_bytes())
    (folder / "crypto.txt").write_bytes(CRYPTO_SEED.read_bytes())
    for i in range(12):
        (folder / f"c{i:02d}.txt").write_text(CLEAN + f"Story {i}.\n", encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    return folder


def rows(path: Path) -> dict[str, dict]:
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        out[row["path"]] = row
    return out


@pytest.fixture(scope="module")
def cluster():  # type: ignore[no-untyped-def]
    distributed = pytest.importorskip(
        "distributed", reason="dask[distributed] is not installed (pip install 'credscore[dask]')")
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=False,
                                  dashboard_address=None) as c:
        yield c


def test_scheduler_address_gives_the_same_rows_as_local(tmp_path: Path, cluster) -> None:  # type: ignore[no-untyped-def]
    folder = corpus(tmp_path / "in")
    local, remote = tmp_path / "local.jsonl", tmp_path / "dask.jsonl"
    run_audit([str(folder)], Config(), AuditOptions(jobs=1, out=local))
    result = run_audit([str(folder)], Config(),
                       AuditOptions(jobs=1, out=remote, chunk_size=2,
                                    scheduler=cluster.scheduler_address))
    assert rows(local) == rows(remote)
    assert result.summary.scored == 14 and result.summary.not_assessed == 1


def test_cli_scheduler_and_resume(tmp_path: Path, cluster) -> None:  # type: ignore[no-untyped-def]
    folder = corpus(tmp_path / "in")
    out, html = tmp_path / "r.jsonl", tmp_path / "r.html"
    args = ["audit", str(folder), "--scheduler", cluster.scheduler_address, "--out", str(out),
            "--html", str(html)]
    (folder / "binary.txt").write_bytes(b"\x89PNG\x00\x00")
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 2, result.output  # binary.txt is a failure row
    assert len(rows(out)) == 16 and "slots.txt" in html.read_text(encoding="utf-8")
    (folder / "new.txt").write_text(CLEAN, encoding="utf-8")
    result = CliRunner().invoke(app, [*args, "--resume"])
    assert result.exit_code == 2
    assert len(out.read_text(encoding="utf-8").splitlines()) == 17  # only the new file added


def test_missing_dask_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = corpus(tmp_path / "in")
    monkeypatch.setitem(sys.modules, "distributed", None)  # import fails as if not installed
    with pytest.raises(AuditError, match=r"pip install 'credscore\[dask\]'"):
        run_audit([str(folder)], Config(), AuditOptions(jobs=1, engine="dask"))

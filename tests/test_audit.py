"""Batch audits: streamed rows, failure rows, parallel = serial, resume, safe outputs, CLI."""

from __future__ import annotations

import csv
import io
import json
import os
import threading
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from credscore.audit.engines import pool_engine
from credscore.audit.resume import ResumeIndex
from credscore.audit.rows import INFLIGHT_PER_JOB, AuditError
from credscore.audit.runner import AuditOptions, run_audit
from credscore.audit.worker import WorkerSettings
from credscore.cli import app
from credscore.config import Config
from credscore.render.summary import AuditSummary, failure_kind, render_summary

from .conftest import CRYPTO_SEED, SLOTS_SEED

CLEAN = ("The central bank raised its main interest rate to 5.25% on Thursday, the ninth rise in "
         "a row. Governor Andrew Bailey said inflation remained too high. \"We will do what is "
         "necessary,\" he told reporters in London.\n")
VAGUE = ("Experts say the plan will fail. Critics argue it is a disaster, according to some "
         "observers. Many believe the minister should resign.\n")


def make_corpus(folder: Path, n_good: int = 6) -> dict[str, Path]:
    """Good articles plus one of every kind of bad file."""
    folder.mkdir(parents=True, exist_ok=True)
    files: dict[str, Path] = {}
    for i in range(n_good):
        p = folder / f"good{i:02d}.txt"
        p.write_text((CLEAN if i % 2 else VAGUE) + f"\nStory number {i}.\n", encoding="utf-8")
        files[p.name] = p
    files["slots"] = folder / "slots.txt"
    files["slots"].write_bytes(SLOTS_SEED.read_bytes())
    files["empty"] = folder / "empty.txt"
    files["empty"].write_bytes(b"")
    files["binary"] = folder / "binary.txt"
    files["binary"].write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    files["latin1"] = folder / "latin1.txt"
    files["latin1"].write_bytes("Le caf\u00e9 est tr\u00e8s bon, dit le patron.".encode("latin-1"))
    files["big"] = folder / "big.txt"
    files["big"].write_text(CLEAN * 150, encoding="utf-8")  # 33 KB: too large at 20,000
    return files


def rows_of(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def by_path(rows: list[dict]) -> dict[str, dict]:
    return {r["path"]: r for r in rows}


def small_config() -> Config:
    config = Config()
    config.max_bytes = 20_000
    return config


def test_rows_stream_and_bad_files_become_failure_rows(tmp_path: Path) -> None:
    files = make_corpus(tmp_path / "in")
    out = tmp_path / "rows.jsonl"
    result = run_audit([str(tmp_path / "in"), str(tmp_path / "missing.txt")], small_config(),
                       AuditOptions(jobs=1, out=out))
    rows = by_path(rows_of(out))
    assert len(rows) == len(files) + 1  # every input is a row, the missing one too
    errors = {Path(p).name: r["error"] for p, r in rows.items() if "error" in r}
    assert set(errors) == {"binary.txt", "latin1.txt", "big.txt", "missing.txt"}
    # an empty file is read fine: it is a row without a score, "not assessed"
    # (credscore.score.assess)
    empty = rows[str(files["empty"])]
    assert empty["assessed"] is False and empty["score"] is None and empty["grade"] is None
    assert empty["not_assessed"]["code"] == "no-text"
    assert "binary" in errors["binary.txt"]
    assert "not UTF-8" in errors["latin1.txt"]
    assert "too large" in errors["big.txt"] and "--max-bytes" in errors["big.txt"]
    assert "no such file" in errors["missing.txt"]
    for name, message in errors.items():
        assert "\n" not in message and name in message  # one line naming the file
    slots = rows[str(files["slots"])]
    assert slots["score"] < 60 and slots["findings"]
    # files that were read carry a content hash (for --resume); missing/too large were not read
    hashed = {Path(p).name for p, r in rows.items() if len(r.get("content_hash", "")) == 32}
    assert hashed == {Path(p).name for p in rows} - {"missing.txt", "big.txt"}
    assert result.summary.scored == len(files) - 4 and result.summary.failed == 4
    assert result.summary.not_assessed == 1
    assert result.summary.failure_kinds == {"binary": 1, "wrong encoding": 1,
                                            "too large": 1, "missing": 1}


def test_two_jobs_give_the_same_rows_as_one(tmp_path: Path) -> None:
    make_corpus(tmp_path / "in", n_good=20)
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    run_audit([str(tmp_path / "in")], small_config(), AuditOptions(jobs=1, out=one))
    run_audit([str(tmp_path / "in")], small_config(),
              AuditOptions(jobs=2, out=two, chunk_size=3))
    assert by_path(rows_of(one)) == by_path(rows_of(two))


def test_pool_pulls_a_bounded_number_of_chunks(tmp_path: Path) -> None:
    """Memory is flat in the number of files: the pool never runs ahead of its window."""
    make_corpus(tmp_path / "in", n_good=2)
    path = str(tmp_path / "in" / "good00.txt")
    pulled = 0
    lock = threading.Lock()

    def chunks():  # type: ignore[no-untyped-def]
        nonlocal pulled
        for _ in range(200):
            with lock:
                pulled += 1
            yield [path]

    settings = WorkerSettings(config=Config(), rules_hash="x", token="bounded")
    results = pool_engine(2)(chunks(), settings)
    next(results)
    import time

    time.sleep(0.5)  # give the feeder thread every chance to run ahead
    window = 2 * INFLIGHT_PER_JOB
    assert pulled <= window + 2, pulled
    assert sum(1 for _ in results) == 199


def test_refuses_to_overwrite_outputs(tmp_path: Path) -> None:
    make_corpus(tmp_path / "in", n_good=1)
    for flag in ("out", "csv", "html"):
        target = tmp_path / f"existing.{flag}"
        target.write_text("precious\n")
        with pytest.raises(AuditError, match="already exists.*--resume.*--force"):
            run_audit([str(tmp_path / "in")], small_config(),
                      AuditOptions(jobs=1, **{flag: target}))
        assert target.read_text() == "precious\n"
    same = tmp_path / "same"
    with pytest.raises(AuditError, match="same file"):
        run_audit([str(tmp_path / "in")], small_config(),
                  AuditOptions(jobs=1, out=same, csv=same))
    with pytest.raises(AuditError, match="--resume needs --out"):
        run_audit([str(tmp_path / "in")], small_config(), AuditOptions(jobs=1, resume=True))
    forced = tmp_path / "existing.out"
    run_audit([str(tmp_path / "in")], small_config(), AuditOptions(jobs=1, out=forced, force=True))
    assert "precious" not in forced.read_text()


def test_resume_skips_unchanged_files_and_rescores_changed_ones(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    files = make_corpus(folder, n_good=5)
    out = tmp_path / "rows.jsonl"
    first = run_audit([str(folder)], small_config(), AuditOptions(jobs=1, out=out))
    assert first.skipped == 0
    first_rows = rows_of(out)
    before = len(first_rows)
    # one file edited, one added; everything else unchanged
    files["good01.txt"].write_text(VAGUE + "An edit.\n", encoding="utf-8")
    (folder / "new.txt").write_text(CLEAN, encoding="utf-8")
    second = run_audit([str(folder)], small_config(), AuditOptions(jobs=2, out=out, resume=True))
    rows = rows_of(out)
    # compacted: one row per file, in input order (a re-scored file keeps its place)
    assert len(rows) == len({r["path"] for r in rows}) == before + 1
    assert [Path(r["path"]).name for r in rows] == sorted(p.name for p in folder.iterdir())
    # unchanged failures that were read (empty, binary, ...) keep their rows; the edited and
    # the new file are scored; a file that was not read (too large) is tried again (cheap: a
    # stat), so raising --max-bytes on resume picks it up
    assert second.scored_now == 3  # good01.txt, new.txt, big.txt
    edited = next(r for r in rows if r["path"].endswith("good01.txt"))
    assert edited["content_hash"] != next(
        r for r in first_rows if r["path"].endswith("good01.txt"))["content_hash"]
    assert second.skipped == before - 2
    # the summary counts every current input once
    assert second.summary.total == before + 1
    assert second.summary.failed == first.summary.failed


def test_resume_after_a_torn_last_line(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    make_corpus(folder, n_good=3)
    out = tmp_path / "rows.jsonl"
    run_audit([str(folder)], Config(), AuditOptions(jobs=1, out=out))
    data = out.read_bytes()
    out.write_bytes(data[: len(data) - 25])  # a crash in the middle of the last row
    lost = json.loads(data.splitlines()[-1])["path"]
    index = ResumeIndex.load(out)
    assert index.bad_lines == 1
    result = run_audit([str(folder)], Config(), AuditOptions(jobs=1, out=out, resume=True))
    assert result.scored_now == 1 and any("unreadable line" in n for n in result.notes)
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert rows[-1]["path"] == lost  # the torn line is gone; every line is a row again
    assert len(rows) == len({r["path"] for r in rows}) == len(list(folder.iterdir()))
    assert result.summary.total == len(list(folder.iterdir()))


def test_resume_keeps_one_csv_row_per_file(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    files = make_corpus(folder, n_good=4)
    out, table = tmp_path / "rows.jsonl", tmp_path / "rows.csv"
    run_audit([str(folder)], small_config(), AuditOptions(jobs=1, out=out, csv=table))
    data = out.read_bytes()
    out.write_bytes(data[: data.rstrip(b"\n").rfind(b"\n") + 1])  # last row lost, CSV has it
    files["good00.txt"].write_text(CLEAN + "Corrected.\n", encoding="utf-8")  # scored again
    run_audit([str(folder)], small_config(),
              AuditOptions(jobs=2, out=out, csv=table, resume=True))
    with table.open(encoding="utf-8", newline="") as fh:
        paths = [row["path"] for row in csv.DictReader(fh)]
    assert sorted(paths) == sorted(str(p) for p in folder.iterdir())
    assert [r["path"] for r in rows_of(out)] == paths


def test_a_report_from_an_earlier_run_is_not_an_article(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    make_corpus(folder, n_good=2)
    out = tmp_path / "rows.jsonl"
    run_audit([str(folder)], small_config(),
              AuditOptions(jobs=1, out=out, html=folder / "old-report.html"))
    run_audit([str(folder)], small_config(), AuditOptions(jobs=1, out=out, resume=True))
    assert str(folder / "old-report.html") not in {r["path"] for r in rows_of(out)}


def test_rows_come_out_in_the_same_order_on_every_run(tmp_path: Path) -> None:
    make_corpus(tmp_path / "in", n_good=24)
    outs = [tmp_path / f"run{i}.jsonl" for i in range(2)]
    for out in outs:
        run_audit([str(tmp_path / "in")], small_config(),
                  AuditOptions(jobs=2, out=out, chunk_size=2))
    assert outs[0].read_bytes() == outs[1].read_bytes()


def test_outputs_inside_the_audited_folder_are_not_scored(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    make_corpus(folder, n_good=2)
    html = folder / "report.html"
    out = folder / "rows.jsonl"
    run_audit([str(folder)], small_config(), AuditOptions(jobs=1, out=out, html=html))
    result = run_audit([str(folder)], small_config(),
                       AuditOptions(jobs=1, out=out, html=html, force=True))
    assert str(html) not in {r["path"] for r in rows_of(out)}
    assert result.summary.total == len(list(folder.iterdir())) - 2


def test_csv_rows_one_per_file_and_formula_safe(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    files = make_corpus(folder, n_good=2)
    (folder / "=HYPERLINK(1).txt").write_text(CLEAN, encoding="utf-8")
    table = tmp_path / "rows.csv"
    run_audit([str(folder)], small_config(), AuditOptions(jobs=1, csv=table))
    with table.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0]) == ["path", "score", "grade", "language", "word_count", "findings",
                             "top_rules", "error", "content_hash", "assessed"]
    assert len(rows) == len(files) + 1
    named = {Path(r["path"].lstrip("'")).name: r for r in rows}
    assert named["slots.txt"]["grade"] and int(named["slots.txt"]["findings"]) > 0
    assert named["slots.txt"]["top_rules"]
    assert named["binary.txt"]["error"] and not named["binary.txt"]["score"]
    formula = next(r for r in rows if "HYPERLINK" in r["path"])
    assert not formula["path"].startswith("=")


@pytest.mark.skipif(os.name != "posix", reason="undecodable file names are a POSIX thing")
def test_undecodable_file_name_gives_valid_json(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    odd = os.path.join(os.fsencode(folder), b"caf\xe9.txt")
    try:
        with open(odd, "wb") as fh:
            fh.write(CLEAN.encode())
    except OSError:
        pytest.skip("the file system refuses non-UTF-8 names")
    out, html = tmp_path / "rows.jsonl", tmp_path / "r.html"
    result = run_audit([str(folder)], Config(), AuditOptions(jobs=1, out=out, html=html))
    (row,) = rows_of(out)
    assert row["score"] >= 0 and result.summary.scored == 1
    console = Console(file=io.StringIO(), width=120)
    render_summary(console, result.summary)
    assert "caf" in console.file.getvalue()  # type: ignore[attr-defined]


def test_summary_tables(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    make_corpus(folder, n_good=4)
    (folder / "crypto.txt").write_bytes(CRYPTO_SEED.read_bytes())
    result = run_audit([str(folder)], small_config(), AuditOptions(jobs=1))
    console = Console(file=io.StringIO(), width=140)
    render_summary(console, result.summary, seconds=1.0, scored_now=result.scored_now)
    text = console.file.getvalue()  # type: ignore[attr-defined]
    for expected in ("grades", "worst articles", "most frequent rules", "families",
                     "languages: en", "failures (3)", "slots.txt", "crypto.txt", "binary"):
        assert expected in text, expected
    worst = result.summary.worst()
    assert [w[0] for w in worst] == sorted(w[0] for w in worst)
    assert {Path(w[2]).name for w in worst[:2]} == {"slots.txt", "crypto.txt"}


def test_summary_is_bounded() -> None:
    from credscore.audit.rows import RowInfo

    summary = AuditSummary(worst_n=5, failure_samples=3)
    for i in range(1000):
        summary.add(RowInfo(f"a{i:04d}", i % 101, "A", "en", 100, (("FL101", "x", "filler"),),
                            None, None))
        summary.add(RowInfo(f"f{i:04d}", None, None, None, 0, (), "f: empty file", None))
    assert summary.scored == 1000 and summary.failed == 1000
    assert len(summary.worst()) == 5 and all(w[0] == 0 for w in summary.worst())
    assert len(summary.failures()) == 3 and summary.failures()[0][0] == "f0000"
    assert sum(summary.histogram) == 1000
    assert summary.rules["FL101"].findings == 1000 and summary.families["filler"] == [1000, 1000]
    assert failure_kind("x: too large (5 bytes; the limit is 1)") == "too large"


runner = CliRunner()


def test_cli_audit_exit_codes_and_outputs(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    make_corpus(folder, n_good=3)
    out, table, html = tmp_path / "r.jsonl", tmp_path / "r.csv", tmp_path / "r.html"
    args = ["audit", str(folder), "--jobs", "2", "--out", str(out), "--csv", str(table),
            "--html", str(html), "--max-bytes", "20000"]
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output  # bad files present: exit 2, audit complete
    assert "failures (3)" in result.output and "worst articles" in result.output
    assert len(rows_of(out)) == len(list(folder.iterdir()))
    assert html.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    again = runner.invoke(app, args)
    assert again.exit_code == 2
    assert again.output.strip().count("\n") == 0 and "already exists" in again.output
    resumed = runner.invoke(app, [*args, "--resume"])
    assert resumed.exit_code == 2 and "unchanged since the earlier run" in resumed.output
    assert "failures (3)" in resumed.output  # each file counted once
    # only the file that was never read (too large) is tried again; its new row replaces the
    # old one (one row per file)
    assert len(rows_of(out)) == len(list(folder.iterdir()))


def test_cli_audit_clean_batch_exits_0_and_streams_to_stdout(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(3):
        (folder / f"a{i}.txt").write_text(CLEAN + f"Item {i}.\n", encoding="utf-8")
    result = runner.invoke(app, ["audit", str(folder), "-j", "1", "--out", "-"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert len(rows) == 3 and all("score" in r for r in rows)


def test_cli_audit_bad_options_are_one_line(tmp_path: Path) -> None:
    result = runner.invoke(app, ["audit", str(tmp_path), "--engine", "spark"])
    assert result.exit_code == 2 and "unknown --engine" in result.output
    result = runner.invoke(app, ["audit", str(tmp_path), "--resume"])
    assert result.exit_code == 2 and "--resume needs --out" in result.output
    result = runner.invoke(app, ["audit", str(tmp_path), "--out", str(tmp_path / "no" / "x")])
    assert result.exit_code == 2 and "does not exist" in result.output


FOOTER = ("Disclaimer: this article is for information only and is not investment advice; "
          "always do your own research before buying any crypto asset.\n")


@pytest.mark.parametrize("jobs", [1, 2])
def test_cross_document_boilerplate_is_found_in_a_batch(tmp_path: Path, jobs: int) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for i, body in enumerate((CLEAN, VAGUE, CLEAN + VAGUE, VAGUE + CLEAN)):
        (folder / f"site{i}.txt").write_text(body + f"\nStory {i}.\n\n" + FOOTER,
                                             encoding="utf-8")
    (folder / "other.txt").write_text("A different story about the harbour, told by its "
                                      "harbour master, Jane Doe, on Monday.\n", encoding="utf-8")
    out = tmp_path / "rows.jsonl"
    run_audit([str(folder)], Config(), AuditOptions(jobs=jobs, out=out))
    rows = by_path(rows_of(out))
    for name, row in rows.items():
        hits = [f for f in row["findings"] if f["rule_id"] == "PR107"]
        if "site" in name:
            footer = [h for h in hits if h["evidence"].startswith("Disclaimer")]
            assert footer and footer[0]["family"] == "promo", row["findings"]
            assert "4 of 5 files" in footer[0]["message"]
        else:
            assert not hits
    off = Config()
    off.boilerplate_min_files = 0  # type: ignore[attr-defined]
    run_audit([str(folder)], off, AuditOptions(jobs=jobs, out=out, force=True))
    assert not any(f["rule_id"] == "PR107" for r in rows_of(out) for f in r["findings"])


def test_interrupt_keeps_rows_and_skips_the_report(tmp_path: Path) -> None:
    from credscore.audit.engines import inprocess_engine

    folder = tmp_path / "in"
    make_corpus(folder, n_good=10)
    out, html = tmp_path / "rows.jsonl", tmp_path / "r.html"

    def interrupted(chunks, settings):  # type: ignore[no-untyped-def]
        for i, batch in enumerate(inprocess_engine(chunks, settings)):
            if settings.task == "score" and i == 1:
                raise KeyboardInterrupt
            yield batch

    result = run_audit([str(folder)], small_config(),
                       AuditOptions(jobs=1, out=out, html=html, chunk_size=4),
                       engine=interrupted)
    assert result.interrupted and result.scored_now == 4
    assert len(rows_of(out)) == 4 and not html.exists()
    resumed = run_audit([str(folder)], small_config(), AuditOptions(jobs=1, out=out, resume=True))
    # the first chunk was big, binary, empty, good00: big.txt (never read) is tried again
    assert resumed.skipped == 3 and resumed.summary.total == len(list(folder.iterdir()))


def test_progress_bar_runs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "in"
    make_corpus(folder, n_good=3)
    result = run_audit([str(folder)], small_config(), AuditOptions(jobs=1, progress=True))
    assert result.summary.total == len(list(folder.iterdir()))
    assert "auditing" in capsys.readouterr().err


def test_csv_to_stdout_keeps_the_summary_on_stderr(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(CLEAN, encoding="utf-8")
    result = runner.invoke(app, ["audit", str(folder), "-j", "1", "--csv", "-"])
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0].startswith("path,score,grade")
    assert "1 files" not in result.stdout
    both = runner.invoke(app, ["audit", str(folder), "--out", "-", "--csv", "-"])
    assert both.exit_code == 2 and "only --out can be -" in both.output

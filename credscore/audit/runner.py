"""Batch audits: score thousands of files in parallel, stream one row per file, summarise.

Shape of a run (``run_audit``)::

    iter_files(PATHS) -> resume filter -> chunks of paths -> engine -> rows -> sinks
                                                          (pool | in-process | Dask)

* The **engine** turns chunks of paths into lists of ``(json_line, RowInfo)``. Locally it is a
  process pool (``--jobs``, default: the CPUs this process may use) fed through
  ``imap`` with a bounded number of chunks in flight, so neither the list of files nor
  the results are ever held whole: memory is flat in the number of files. ``--jobs 1`` scores in
  this process. ``credscore.audit.distributed`` provides the same engine on a Dask cluster.
* Workers read, hash, decode, parse and score a file and serialise its row; the parent only
  writes lines and updates bounded aggregates (``AuditSummary``, ``HtmlCollector``).
* **Rows** are ``Report.to_dict()`` (or ``Failure.to_dict()``) plus ``content_hash`` (BLAKE2b-128
  of the file's bytes, when it could be read) and ``rules_hash``; JSONL rows are written in
  input order (the same on every run), one line per file, flushed after every chunk.
* **Bad files** (missing, unreadable, binary, empty, not UTF-8, larger than ``--max-bytes``)
  become failure rows; the audit goes on and the exit code is 2.
* **--resume** reads the existing JSONL once and keeps, per row, a 64-bit digest of the path ->
  (content hash, rules hash, byte offset): about 150 bytes per previously scored file. A file
  whose path, content and rules are unchanged is skipped; a file that changed or whose previous
  row has no content hash (it could not be read) is scored again and its new row appended. At
  the end of a resumed run (also after Ctrl-C) the JSONL is compacted to the latest row of each
  file, dropping a line torn by a crash, and the ``--csv`` is rebuilt from it, so both keep one
  row per file. The summary and HTML report cover the current inputs, counting each file once.
* Outputs are never overwritten unexpectedly: an existing ``--out``/``--csv``/``--html`` is
  refused unless ``--resume`` (append / rebuild) or ``--force`` is given.

Cross-document boilerplate (``credscore.analyse.crossdoc``): before scoring, a census pass runs
on the same engine (workers return only the 64-bit hashes of each file's paragraphs; the parent
keeps counts), the frozen census (hashes found in ``boilerplate_min_files`` files or more) is
handed to every worker's Checker (``Checker.attach_census``), and template paragraphs are reported
with their count. ``--boilerplate-min-files 0`` switches it off. See ``_census_settings``.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import sys
import time
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ..config import Config
from ..safeio import file_id, finish, partner
from .engines import Engine, default_jobs, inprocess_engine, pool_engine, settling_engine
from .outputs import CSV_COLUMNS, _shown, check_outputs, csv_row
from .resume import ResumeIndex, order_jsonl, rebuild_csv, settings_digest
from .rows import DEFAULT_CHUNK, AuditError, RowInfo
from .worker import WorkerSettings, cached_checker, settle_heap


@dataclass
class AuditOptions:
    jobs: int | None = None
    """Worker processes (default: every CPU this process may use); 1 = in this process."""
    out: Path | None = None
    """JSONL output (``-`` = standard output)."""
    csv: Path | None = None
    html: Path | None = None
    resume: bool = False
    force: bool = False
    chunk_size: int = DEFAULT_CHUNK
    progress: bool | None = None
    """Show a progress bar on stderr (None: only when stderr is a terminal)."""
    engine: str = "local"
    """``local`` (process pool) or ``dask``."""
    scheduler: str | None = None
    """Dask scheduler address (implies the dask engine)."""
    html_articles: int = 25_000
    html_texts: int = 100
    own_process: bool = False
    """The caller owns this process (the ``audit`` command): with one job, the heap is settled
    as in pool workers (:func:`settle_heap`)."""


@dataclass
class AuditResult:
    summary: Any
    """``credscore.render.summary.AuditSummary`` of every input (resumed rows included)."""
    scored_now: int = 0
    skipped: int = 0
    seconds: float = 0.0
    interrupted: bool = False
    notes: list[str] = field(default_factory=list)


def _chunks(items: Iterable[str], size: int) -> Iterator[list[str]]:
    chunk: list[str] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _census_settings(config: Config, rules_hash: str) -> tuple[WorkerSettings, int] | None:
    """Settings of the cross-document census pass, or None when it is off or unavailable.

    The census (credscore/analyse/crossdoc.py, issue 5) counts normalised paragraph hashes per
    file so that template paragraphs found in ``boilerplate_min_files`` files or more (default 3;
    0 = off) are reported on every occurrence. Here it runs as a first pass on the same engine as
    the scoring (pool, in-process or Dask), bounded like it, holding only hashes and counts.
    """
    try:
        from ..analyse.crossdoc import DEFAULT_MIN_FILES, DEFAULT_MIN_WORDS
    except ImportError:
        return None
    min_files = int(getattr(config, "boilerplate_min_files", DEFAULT_MIN_FILES) or 0)
    if min_files < 2:
        return None
    settings = WorkerSettings(config=config, rules_hash=rules_hash, task="census",
                              token=uuid.uuid4().hex, min_words=DEFAULT_MIN_WORDS)
    return settings, min_files


_WARM_TEXTS = (
    "The minister said on Monday that the budget would rise. Experts say it will not.\n",
    "Der Minister sagte am Montag, dass der Haushalt steigen werde. Experten sagen etwas "
    "anderes.\n",
)


def _warm(checker: Any) -> None:
    """Score two tiny texts so that lazily loaded data is in memory before workers fork."""
    for text in _WARM_TEXTS:
        try:
            checker.check_text(text)
        except Exception:  # warming is an optimisation only
            return


def census_pass(files: Iterable[str], settings: WorkerSettings, min_files: int, engine: Engine,
                chunk_size: int, progress: Any = None, total: int | None = None) -> Any:
    """Pass 1: a frozen ``crossdoc.ParagraphCensus`` of ``files`` (None if too few files).

    ``progress`` shows it as its own bar of ``total`` files ("reading", before "auditing")."""
    from ..analyse.crossdoc import ParagraphCensus

    census = ParagraphCensus(min_files=min_files, min_words=settings.min_words)
    task = (progress.add_task("reading ", total=total) if progress is not None else None)
    for batch in engine(_chunks(files, chunk_size), settings):
        for keys in batch:
            if keys is not None:
                census.add_keys(keys)
        if progress is not None:
            progress.advance(task, len(batch))
    if progress is not None:
        progress.remove_task(task)
    if census.files < min_files:
        return None
    return census.freeze()


def _make_progress(total: int | None) -> Any:
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        ProgressColumn,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )
    from rich.text import Text

    class Rate(ProgressColumn):
        def render(self, task: Any) -> Text:
            speed = task.finished_speed or task.speed
            return Text("    - files/s" if speed is None else f"{speed:7.1f} files/s")

    return Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), Rate(),
        TextColumn("ETA"), TimeRemainingColumn(), TimeElapsedColumn(),
        console=Console(stderr=True), transient=False,
    )


def run_audit(
    paths: list[str],
    config: Config | None = None,
    options: AuditOptions | None = None,
    engine: Engine | None = None,
) -> AuditResult:
    """Score every file under ``paths`` and write the requested outputs.

    Raises AuditError (bad options/outputs) before anything is written; never raises for a bad
    input file. ``engine`` overrides the engine chosen from ``options`` (tests, Dask).
    """
    from .. import __version__
    from ..load.files import iter_files
    from ..packs import rules_hash
    from ..render.html import is_audit_report
    from ..render.summary import AuditSummary

    config = config or Config()
    opts = options or AuditOptions()
    jobs = opts.jobs or default_jobs()
    if jobs < 1:
        raise AuditError(f"--jobs must be at least 1 (got {jobs})")
    if opts.chunk_size < 1:
        raise AuditError("chunk size must be at least 1")
    if opts.resume and opts.out is None:
        raise AuditError("--resume needs --out (the JSONL of the audit to continue)")
    if opts.resume and opts.out is not None and str(opts.out) == "-":
        raise AuditError("--resume cannot continue an audit written to standard output")
    check_outputs({"--out": opts.out, "--csv": opts.csv, "--html": opts.html},
                  opts.resume, opts.force, paths, config.include, config.exclude)

    settings_hash = rules_hash()
    row_settings = settings_digest(config, settings_hash)
    named = [p for p in (opts.out, opts.csv, opts.html) if p is not None and str(p) != "-"]
    named += [partner(p, "partial") for p in named]
    outputs_real = {os.path.realpath(p) for p in named}
    outputs_ids = {i for i in map(file_id, named) if i is not None}
    result = AuditResult(summary=AuditSummary())
    html = None
    if opts.html is not None:
        from ..render.html import HtmlCollector

        html = HtmlCollector(max_articles=opts.html_articles, max_texts=opts.html_texts)

    def accept(info: RowInfo, line: str) -> None:
        result.summary.add(info)
        if html is not None:
            html.add(info, line)

    # Rows go to a work file next to --out (.NAME.partial) that replaces --out when the run
    # ends (also on Ctrl-C): an earlier --out stays whole until then. After a crash the work
    # file is where --resume continues from.
    to_file = opts.out is not None and str(opts.out) != "-"
    work = partner(opts.out, "partial") if to_file and opts.out is not None else None
    index: ResumeIndex | None = None
    if opts.resume and work is not None and opts.out is not None:
        if work.exists():
            result.notes.append(f"continuing the interrupted run kept in {_shown(work)}")
        elif opts.out.exists():
            shutil.copyfile(opts.out, work)
        if work.exists():
            index = ResumeIndex.load(work)
            if index.bad_lines:
                result.notes.append(f"{_shown(opts.out)}: ignored {index.bad_lines} unreadable "
                                    "line(s) left by an interrupted run")

    aliases: list[tuple[str, str]] = []

    def all_files() -> Iterator[str]:
        aliases.clear()  # each walk (count, census, scoring) finds the same ones
        for item in iter_files(paths, config.include, config.exclude, aliases):
            if not isinstance(item, Path):
                yield (item.path, item.error)  # a failure found by the walk: its row as is
                continue
            name = str(item)
            if (os.path.realpath(name) in outputs_real or file_id(name) in outputs_ids
                    or is_audit_report(name)):
                continue  # never score our own outputs (e.g. report.html in the audited folder)
            yield name

    def files() -> Iterator[str]:
        for name in all_files():
            if (index is not None and isinstance(name, str)
                    and index.unchanged(name, row_settings, config.max_bytes)):
                result.skipped += 1
                if progress is not None:
                    progress.advance(task_id)
                continue
            yield name

    progress = None
    task_id = None
    total: int | None = None
    show = opts.progress if opts.progress is not None else sys.stderr.isatty()
    if show:
        total = sum(1 for _ in all_files())
        progress = _make_progress(total)
        task_id = progress.add_task("auditing", total=total)

    settings = WorkerSettings(config=config, rules_hash=settings_hash, token=uuid.uuid4().hex,
                              settings_hash=row_settings)
    # A broken rule pack or configuration fails here, once, in one line. Warming it up loads
    # the lazily built lexicons and models in this process, so forked workers inherit them.
    _warm(cached_checker(settings))
    if opts.own_process:  # before the pool forks: workers start from a frozen heap, and the
        settle_heap()     # collector does not touch (copy) the pages they share with us
    census_settings = _census_settings(config, settings_hash)

    if opts.engine not in ("local", "dask"):
        raise AuditError(f"unknown engine {opts.engine!r} (use local or dask)")
    if engine is None:
        if opts.engine == "dask" or opts.scheduler:
            from .distributed import dask_engine

            engine = dask_engine(opts.scheduler, jobs)
        elif jobs == 1:
            engine = settling_engine if opts.own_process else inprocess_engine
        else:
            engine = pool_engine(jobs)

    appending = index is not None
    out_fh = csv_fh = None
    csv_work = None
    start = time.perf_counter()
    try:
        if work is not None:
            torn = False
            if appending and work.stat().st_size:
                with work.open("rb") as fh:
                    fh.seek(-1, os.SEEK_END)
                    torn = fh.read(1) != b"\n"
            out_fh = work.open("a" if appending else "w", encoding="utf-8", newline="")
            if torn:  # a line cut by a crash stays on its own (ignored) line
                out_fh.write("\n")
        elif opts.out is not None:
            out_fh = sys.stdout
        csv_writer = None
        if opts.csv is not None and not (opts.resume and to_file):
            # (a resumed run rebuilds the CSV from the compacted --out at the end)
            if str(opts.csv) == "-":
                csv_fh = sys.stdout
            else:
                csv_work = partner(opts.csv, "partial")
                csv_fh = csv_work.open("w", encoding="utf-8", newline="")
            csv_writer = csv.writer(csv_fh, lineterminator="\n")
            csv_writer.writerow(CSV_COLUMNS)
        if progress is not None:
            progress.start()
        try:
            if census_settings is not None:
                census = census_pass(all_files(), census_settings[0], census_settings[1], engine,
                                     opts.chunk_size * 4, progress, total)
                if census is not None:
                    settings = replace(settings, census=census, token=uuid.uuid4().hex)
                    _warm(cached_checker(settings))  # built once here; forked workers inherit it
            for batch in engine(_chunks(files(), opts.chunk_size), settings):
                for line, info in batch:
                    if out_fh is not None:
                        out_fh.write(line + "\n")
                    if csv_writer is not None:
                        csv_writer.writerow(csv_row(info))
                    accept(info, line)
                result.scored_now += len(batch)
                if out_fh is not None:
                    out_fh.flush()
                if csv_fh is not None:
                    csv_fh.flush()
                if progress is not None:
                    progress.advance(task_id, len(batch))
        except KeyboardInterrupt:
            result.interrupted = True
        finally:
            if progress is not None:
                progress.stop()
    finally:
        for fh in (out_fh, csv_fh):
            if fh is not None and fh is not sys.stdout:
                fh.close()
        close = getattr(engine, "close", None)
        if close is not None:
            close()
    result.seconds = time.perf_counter() - start
    if not result.scored_now and not result.skipped and not result.interrupted:
        from ..load.files import DEFAULT_PATTERNS

        patterns = " ".join(config.include or DEFAULT_PATTERNS)
        result.notes.append(f"no files to audit (folders are searched for {patterns}; "
                            "see --include)")
    if aliases:
        link, target = aliases[0]
        more = f" and {len(aliases) - 1} more" if len(aliases) > 1 else ""
        result.notes.append(f"{len(aliases)} symlink(s) to a file audited under its own name "
                            f"not audited again: {link} -> {target}{more}")
    if index is not None and work is not None:
        for line in index.kept_rows(work):
            try:
                accept(RowInfo.from_row(json.loads(line)), line)
            except ValueError:
                continue
    if work is not None and opts.out is not None:
        if opts.resume:
            # one row per file (the latest), in input order; torn lines dropped
            order_jsonl(work, (n if isinstance(n, str) else n[0] for n in all_files()))
            if index is not None and index.resettled:
                result.notes.append(
                    f"{index.resettled} file(s) scored again: their earlier rows in "
                    f"{_shown(opts.out)} were made with other rules or settings (--select, "
                    "--ignore, packs, allow-lists...)")
        finish(work, opts.out)
        if opts.resume and opts.csv is not None and str(opts.csv) != "-":
            rebuild_csv(opts.out, opts.csv)
    if csv_work is not None and opts.csv is not None:
        finish(csv_work, opts.csv)
    if html is not None and opts.html is not None and not result.interrupted:
        html.write(opts.html, result.summary, {
            "credscore_version": __version__,
            "rules_hash": settings_hash,
            "inputs": [str(p) for p in paths],
            "max_bytes": config.max_bytes,
        })
    return result

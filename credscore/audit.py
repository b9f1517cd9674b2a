"""Batch audits: score thousands of files in parallel, stream one row per file, summarise.

Shape of a run (``run_audit``)::

    iter_files(PATHS) -> resume filter -> chunks of paths -> engine -> rows -> sinks
                                                          (pool | in-process | Dask)

* The **engine** turns chunks of paths into lists of ``(json_line, RowInfo)``. Locally it is a
  process pool (``--jobs``, default: the CPUs this process may use) fed through
  ``imap`` with a bounded number of chunks in flight, so neither the list of files nor
  the results are ever held whole: memory is flat in the number of files. ``--jobs 1`` scores in
  this process. ``credscore.distributed`` provides the same engine on a Dask cluster.
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

Cross-document boilerplate (``credscore.crossdoc``): before scoring, a census pass runs on the
same engine (workers return only the 64-bit hashes of each file's paragraphs; the parent keeps
counts), the frozen census (hashes found in ``boilerplate_min_files`` files or more) is handed to
every worker's Checker (``Checker.attach_census``), and template paragraphs are reported with
their count. ``--boilerplate-min-files 0`` switches it off. See ``_census_settings``.
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import json
import multiprocessing as mp
import os
import shutil
import signal
import struct
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, NamedTuple

from .config import Config
from .errors import CredscoreError
from .load import read_file
from .names import escape_path
from .render.jsonout import dumps_line
from .safeio import atomic_writer, file_id, finish, partner

DEFAULT_CHUNK = 16
"""Files per task: large enough that IPC is noise (~0.2 s of work), small enough to balance."""
INFLIGHT_PER_JOB = 16
"""Chunks queued per worker: keeps workers busy while bounding memory. Rows come out in input
order, so while one slow chunk (a 10 MB article takes about a minute) holds the head of the
line, the other workers go on with up to this many chunks each (~250 articles) instead of
idling; the results waiting meanwhile are a few hundred JSON lines."""


class AuditError(CredscoreError):
    """A problem with the audit's own options or outputs (one line, exit 2)."""


class RowInfo(NamedTuple):
    """The compact facts the parent aggregates for one row (no text, no findings detail)."""

    path: str
    score: int | None
    grade: str | None
    language: str | None
    word_count: int
    rules: tuple[tuple[str, str, str], ...]
    """(rule_id, rule, family) of every unsuppressed finding, in text order."""
    error: str | None
    content_hash: str | None
    assessed: bool = True
    """False for a row that was read but not assessed (no score, no grade: credscore.assess)."""
    warnings: tuple[str, ...] = ()
    """``metrics.warnings`` of the row (e.g. a rule stopped by its time budget)."""

    @property
    def failed(self) -> bool:
        return self.error is not None

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> RowInfo:
        findings = row.get("findings") or ()
        return cls(
            path=str(row.get("path", "")),
            score=row.get("score"),
            grade=row.get("grade"),
            language=row.get("language"),
            word_count=int(row.get("word_count") or 0),
            rules=tuple(
                (f.get("rule_id", ""), f.get("rule", ""), f.get("family", ""))
                for f in findings
                if not f.get("suppressed")
            ),
            error=row.get("error"),
            content_hash=row.get("content_hash"),
            assessed=bool(row.get("assessed", row.get("score") is not None)),
            warnings=tuple(str(w) for w in (row.get("metrics") or {}).get("warnings", ())),
        )


Result = tuple[str, RowInfo]
"""A worker's answer for one file: the JSONL line and its compact facts."""


# --------------------------------------------------------------------------- worker side


def content_hash(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


@dataclass(frozen=True)
class WorkerSettings:
    """Everything a worker needs to build its Checker (picklable, sent once per worker)."""

    config: Config
    rules_hash: str
    census: Any = None
    settings_hash: str = ""
    """Digest of the rules and of every setting that changes a row (``settings_digest``)."""
    token: str = ""
    """Identifies these settings across processes (a worker's Checker cache key)."""
    task: str = "score"
    """``score`` (rows) or ``census`` (paragraph hashes for the cross-document pass)."""
    min_words: int = 5
    """Census: paragraphs with fewer words are not counted."""


Item = str | tuple[str, str]
"""A file to score, or (shown path, error) for an input the walk already found bad."""


def score_file(checker: Any, path: Item, settings: WorkerSettings) -> Result:
    """Score one file; never raises (a bad file is a failure row)."""
    from .load import format_for, parse_bytes

    if isinstance(path, tuple):
        row: dict[str, Any] = {"path": path[0], "error": path[1],
                               "rules_hash": settings.rules_hash}
        return dumps_line(row), RowInfo.from_row(row)
    digest: str | None = None
    try:
        data = read_file(path, settings.config.max_bytes)
        digest = content_hash(data)
        doc = parse_bytes(data, format_for(path), path, settings.config.max_bytes)
        row = checker.check_document(doc).to_dict()
    except CredscoreError as err:
        row = {"path": escape_path(path), "error": str(err)}
    except Exception as err:  # one bad file never stops a batch
        row = {"path": escape_path(path),
               "error": f"{escape_path(path)}: internal error ({type(err).__name__}: {err})"}
    if digest is not None:
        row["content_hash"] = digest
    row["rules_hash"] = settings.rules_hash
    if settings.settings_hash:
        row["settings_hash"] = settings.settings_hash
    return dumps_line(row), RowInfo.from_row(row)


_local = threading.local()


def make_checker(settings: WorkerSettings) -> Any:
    from .api import Checker

    checker = Checker(settings.config)
    attach = getattr(checker, "attach_census", None)
    if settings.census is not None and attach is not None:
        attach(settings.census)
    return checker


def cached_checker(settings: WorkerSettings) -> Any:
    """One Checker per (thread, settings): workers build it once and reuse it."""
    cache = getattr(_local, "checkers", None)
    if cache is None:
        cache = _local.checkers = {}
    key = settings.token or id(settings)
    if key not in cache:
        cache.clear()
        cache[key] = make_checker(settings)
    return cache[key]


def census_keys(path: Item, settings: WorkerSettings) -> frozenset[int] | None:
    """The paragraph hashes of one file for the census pass (None: unreadable, skipped)."""
    from .crossdoc import ParagraphCensus
    from .load import format_for, parse_bytes

    if isinstance(path, tuple):
        return None

    try:
        data = read_file(path, settings.config.max_bytes)
        doc = parse_bytes(data, format_for(path), path, settings.config.max_bytes)
        probe = ParagraphCensus(min_words=settings.min_words)
        return frozenset(h for _, _, h in probe.paragraphs(doc))
    except CredscoreError:
        return None
    except Exception:  # the scoring pass reports the problem as a failure row
        return None


def run_chunk(paths: list[Item], settings: WorkerSettings) -> list[Any]:
    """One task on any engine: rows (``score``) or paragraph-hash sets (``census``)."""
    if settings.task == "census":
        return [census_keys(p, settings) for p in paths]
    checker = cached_checker(settings)
    return [score_file(checker, p, settings) for p in paths]


score_chunk = run_chunk


_WORKER: dict[str, Any] = {}


def _init_worker(settings: WorkerSettings) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C
    _WORKER.clear()
    _WORKER["settings"] = settings
    if settings.task != "score":
        return
    try:
        cached_checker(settings)  # with fork: the parent's Checker, reused
    except Exception as err:  # reported by the first task, not by a respawn loop
        _WORKER["error"] = f"{type(err).__name__}: {err}"


def _pool_chunk(paths: list[Item]) -> list[Any]:
    if "error" in _WORKER:
        raise AuditError(f"a worker could not load the rules: {_WORKER['error']}")
    try:
        return run_chunk(paths, _WORKER["settings"])
    finally:
        settle_heap()


_CHUNKS_DONE = [0]


def settle_heap() -> None:
    """In a process that only scores (a pool worker, the ``audit`` command): after its 1st,
    2nd, 4th ... 256th chunk, collect garbage once, then ``gc.freeze()`` what is left: the rules,
    models, lexicons and tables loaded so far (langdetect's profiles, loaded by the first article
    that needs them, are 170,000 lists). Frozen objects are never traversed again by the cyclic
    garbage collector, whose every full pass otherwise walks all of them (~4% of the CPU time of
    an audit). Reference counting still frees them; the doubling spacing catches tables loaded
    late at a bounded cost. Not for library callers: freezing is process-wide."""
    import gc

    _CHUNKS_DONE[0] += 1
    done = _CHUNKS_DONE[0]
    if done <= 256 and done & (done - 1) == 0:
        gc.collect()
        gc.freeze()


# --------------------------------------------------------------------------- engines

Engine = Callable[[Iterator[list[str]], WorkerSettings], Iterator[list[Any]]]
"""Runs ``run_chunk`` over chunks of paths; yields each chunk's results as it finishes."""


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def inprocess_engine(chunks: Iterator[list[str]], settings: WorkerSettings
                     ) -> Iterator[list[Any]]:
    for chunk in chunks:
        yield run_chunk(chunk, settings)


def settling_engine(chunks: Iterator[list[str]], settings: WorkerSettings
                    ) -> Iterator[list[Any]]:
    """:func:`inprocess_engine` for a process that only audits (see :func:`settle_heap`)."""
    for chunk in chunks:
        rows = run_chunk(chunk, settings)
        settle_heap()
        yield rows


def pool_engine(jobs: int) -> Engine:
    """A process pool of ``jobs`` workers with at most ``jobs * INFLIGHT_PER_JOB`` chunks queued."""

    def run(chunks: Iterator[list[str]], settings: WorkerSettings) -> Iterator[list[Any]]:
        methods = mp.get_all_start_methods()
        ctx = mp.get_context("fork") if "fork" in methods else mp.get_context()
        slots = threading.Semaphore(jobs * INFLIGHT_PER_JOB)
        stop = threading.Event()
        failure: list[BaseException] = []

        def gated() -> Iterator[list[str]]:
            # Runs in the pool's task-feeding thread: blocks while enough chunks are queued.
            try:
                for chunk in chunks:
                    while not slots.acquire(timeout=0.2):
                        if stop.is_set():
                            return
                    if stop.is_set():
                        return
                    yield chunk
            except BaseException as err:  # surface errors of the file walk in the main thread
                failure.append(err)

        with ctx.Pool(jobs, initializer=_init_worker, initargs=(settings,)) as pool:
            try:
                # In input order (deterministic output); the other queued chunks keep the
                # workers busy while an earlier, slower one finishes.
                for result in pool.imap(_pool_chunk, gated()):
                    slots.release()
                    yield result
            finally:
                stop.set()
        if failure:
            raise failure[0]

    return run


# --------------------------------------------------------------------------- outputs


def _csv_cell(value: str) -> str:
    """Neutralise spreadsheet formulas in free-text cells (paths, errors)."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


CSV_COLUMNS = ("path", "score", "grade", "language", "word_count", "findings", "top_rules",
               "error", "content_hash", "assessed")


def csv_row(info: RowInfo) -> list[str]:
    """One CSV row: path, score, grade, language, word_count, findings, top_rules, error, hash."""
    from .render.summary import top_ids

    if info.failed:
        return [_csv_cell(info.path), "", "", "", "", "", "", _csv_cell(info.error or ""),
                info.content_hash or "", ""]
    return [_csv_cell(info.path), "" if info.score is None else str(info.score),
            info.grade or "", info.language or "", str(info.word_count), str(len(info.rules)),
            top_ids(info), "", info.content_hash or "", "yes" if info.assessed else "no"]


def check_outputs(outputs: dict[str, Path | None], resume: bool, force: bool,
                  inputs: Iterable[str] = (), include: Iterable[str] = (),
                  exclude: Iterable[str] = ()) -> None:
    """Refuse to overwrite an existing output unless --resume or --force; refuse clashes.

    An output that is one of the inputs (the same file, by device and inode, through any
    symlink) is refused even with --force: credscore never overwrites an article.
    """
    from .safeio import file_id

    seen: dict[str, str] = {}
    dashes = [flag for flag, path in outputs.items() if path is not None and str(path) == "-"]
    if len(dashes) > 1 or "--html" in dashes:
        raise AuditError(f"only --out can be - (standard output), not {' and '.join(dashes)}")
    existing: dict[tuple[int, int], str] = {}
    for flag, path in outputs.items():
        if path is None or str(path) == "-":
            continue
        real = os.path.realpath(path)
        if real in seen:
            raise AuditError(f"{flag} and {seen[real]} are the same file ({_shown(path)})")
        seen[real] = flag
        if path.is_dir():
            raise AuditError(f"{flag} {_shown(path)}: is a directory")
        ident = file_id(path)
        if ident is not None:
            existing[ident] = flag
        if path.exists() and not (resume or force):
            raise AuditError(
                f"{flag} {_shown(path)} already exists; pass --resume to continue that audit or "
                "--force to overwrite it"
            )
        if not path.parent.exists():
            raise AuditError(f"{flag} {_shown(path)}: folder {_shown(path.parent)} does not "
                             "exist")
    if not existing:
        return
    from .load.files import iter_files
    from .render.html import is_audit_report

    # An existing output is about to be replaced: make sure it is not an article being audited
    # (an HTML report of an earlier audit is ours, not an article).
    for item in iter_files(inputs, include, exclude):
        if isinstance(item, Path) and not is_audit_report(str(item)):
            flag = existing.get(file_id(item))  # type: ignore[arg-type]
            if flag is not None:
                raise AuditError(f"{flag} {_shown(outputs[flag])} is one of the audited files; "
                                 "credscore never overwrites an input (choose another name)")


def _shown(path: Path | str | None) -> str:
    from .names import escape_path

    return escape_path(str(path))


# --------------------------------------------------------------------------- resume


def _key(path: str) -> int:
    return int.from_bytes(hashlib.blake2b(path.encode("utf-8", "surrogatepass"),
                                          digest_size=8).digest(), "little")


_ENTRY = struct.Struct("<QH")


def _hex_bytes(value: Any) -> bytes | None:
    try:
        return bytes.fromhex(value) if isinstance(value, str) else None
    except ValueError:
        return None


@dataclass
class ResumeIndex:
    """Rows of an earlier run: 64-bit path digest -> packed (byte offset, rules hash, content hash).

    Packed as one small bytes object per row (about 140 bytes per row with the dict entry).
    """

    entries: dict[int, bytes] = field(default_factory=dict)
    rules: list[str | None] = field(default_factory=list)
    """Distinct rules hashes; an entry stores an index into this list."""
    size: int = 0
    """Bytes of the JSONL that belong to the earlier run."""
    bad_lines: int = 0
    kept: set[int] = field(default_factory=set)
    """Digests of files skipped in this run (their old row stands)."""
    resettled: int = 0
    """Files scored again because their earlier row was made with other rules or settings."""

    @classmethod
    def load(cls, path: Path) -> ResumeIndex:
        index = cls()
        offset = 0
        with path.open("rb") as fh:
            for raw in fh:
                try:
                    row = json.loads(raw)
                    name = row["path"]
                except (ValueError, KeyError, TypeError):
                    if raw.strip():
                        index.bad_lines += 1
                    offset += len(raw)
                    continue
                index.entries[_key(name)] = index._pack(
                    offset, row.get("settings_hash"), _hex_bytes(row.get("content_hash")))
                offset += len(raw)
        index.size = offset
        return index

    def _pack(self, offset: int, rules: Any, digest: bytes | None) -> bytes:
        rules = rules if isinstance(rules, str) else None
        if rules not in self.rules:
            self.rules.append(rules)
        return _ENTRY.pack(offset, self.rules.index(rules)) + (digest or b"")

    def entry(self, path: str) -> tuple[int, str | None, bytes | None] | None:
        """(byte offset, settings hash, content hash) of the latest earlier row of ``path``."""
        packed = self.entries.get(_key(escape_path(path)))
        if packed is None:
            return None
        offset, ridx = _ENTRY.unpack_from(packed)
        return offset, self.rules[ridx], packed[_ENTRY.size:] or None

    def unchanged(self, path: str, settings_hash: str, max_bytes: int | None) -> bool:
        """True when ``path`` was scored before with the same bytes, rules and settings
        (``settings_digest``); a row scored with other settings counts in ``resettled``."""
        key = _key(escape_path(path))
        entry = self.entry(path)
        if entry is None or entry[2] is None:
            return False
        if entry[1] != settings_hash:
            self.resettled += 1
            return False
        try:
            p = Path(path)
            if max_bytes is not None and p.stat().st_size > max_bytes:
                return False  # let a worker produce the (same) failure row cheaply
            if hashlib.blake2b(read_file(p, max_bytes), digest_size=16).digest() != entry[2]:
                return False
        except (OSError, CredscoreError):
            return False
        self.kept.add(key)
        return True

    def kept_rows(self, path: Path) -> Iterator[str]:
        """The earlier rows that stand for files skipped in this run (one per file)."""
        if not self.kept:
            return
        wanted = {_ENTRY.unpack_from(self.entries[k])[0] for k in self.kept}
        offset = 0
        with path.open("rb") as fh:
            for raw in fh:
                if offset >= self.size:
                    break
                if offset in wanted:
                    yield raw.decode("utf-8", "replace").rstrip("\n")
                offset += len(raw)


def order_jsonl(path: Path, order: Iterable[str]) -> bool:
    """Rewrite ``path`` with the latest valid row of each file, the files in ``order`` first
    (the audit's input order), then rows of files no longer among the inputs, in file order.

    Drops superseded rows and torn lines; a file scored again on resume
    keeps its place instead of moving to the end. Memory: two integers per row. Returns
    whether the file was rewritten."""
    last: dict[int, int] = {}
    lines = 0
    with path.open("rb") as fh:
        offset = 0
        for raw in fh:
            lines += 1
            with contextlib.suppress(ValueError, KeyError, TypeError):  # torn: dropped
                last[_key(json.loads(raw)["path"])] = offset
            offset += len(raw)
    wanted: list[int] = []
    placed: set[int] = set()
    for name in order:
        key = _key(name)
        if key in last and key not in placed:
            placed.add(key)
            wanted.append(last[key])
    rest = sorted(offset for key, offset in last.items() if key not in placed)
    sequence = wanted + rest  # byte offsets of the rows to keep, in their new order
    if len(last) == lines and sequence == sorted(sequence):
        return False  # one valid row per file, already in order
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with path.open("rb") as src, temporary.open("wb") as dst:
            for offset in sequence:
                src.seek(offset)
                raw = src.readline()
                dst.write(raw if raw.endswith(b"\n") else raw + b"\n")
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
    return True


def settings_digest(config: Config, rules_hash: str) -> str:
    """A digest of everything that changes a row: the rules and the settings that select,
    re-grade, bound or extend them (``Config.row_settings``). ``--resume`` re-scores a file
    whose earlier row was made with another digest."""
    facts = {"rules": rules_hash, **config.row_settings()}
    blob = json.dumps(facts, sort_keys=True, default=str).encode("utf-8")
    return hashlib.blake2b(blob, digest_size=8).hexdigest()


def rebuild_csv(jsonl: Path, target: Path) -> None:
    """Write ``target`` afresh from the rows of ``jsonl`` (one CSV row per JSONL row)."""
    with jsonl.open(encoding="utf-8", errors="replace") as src, atomic_writer(target) as dst:
        writer = csv.writer(dst, lineterminator="\n")
        writer.writerow(CSV_COLUMNS)
        for line in src:
            try:
                writer.writerow(csv_row(RowInfo.from_row(json.loads(line))))
            except (ValueError, KeyError, TypeError):
                continue


# --------------------------------------------------------------------------- the run


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

    The census (credscore/crossdoc.py, issue 5) counts normalised paragraph hashes per file so
    that template paragraphs found in ``boilerplate_min_files`` files or more (default 3; 0 =
    off) are reported on every occurrence. Here it runs as a first pass on the same engine as
    the scoring (pool, in-process or Dask), bounded like it, holding only hashes and counts.
    """
    try:
        from .crossdoc import DEFAULT_MIN_FILES, DEFAULT_MIN_WORDS
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
    from .crossdoc import ParagraphCensus

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
    from . import __version__
    from .load.files import iter_files
    from .packs import rules_hash
    from .render.html import is_audit_report
    from .render.summary import AuditSummary

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
        from .render.html import HtmlCollector

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
        from .load.files import DEFAULT_PATTERNS

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

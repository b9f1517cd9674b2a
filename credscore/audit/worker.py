"""The worker side of an audit: read, hash, decode, parse and score one file into its JSONL line
and RowInfo (``score_file``), per chunk (``run_chunk``), with one Checker per process.
"""

from __future__ import annotations

import signal
import threading
from dataclasses import dataclass
from typing import Any

from ..config import Config
from ..errors import CredscoreError
from ..load import read_file
from ..names import escape_path
from ..render.jsonout import dumps_line
from .rows import AuditError, Result, RowInfo, content_hash


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
    from ..load import format_for, parse_bytes

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
    from ..api import Checker

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
    from ..analyse.crossdoc import ParagraphCensus
    from ..load import format_for, parse_bytes

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



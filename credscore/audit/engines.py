"""Engines turn chunks of paths into lists of results: in this process, or a process pool fed
through ``imap`` with a bounded number of chunks in flight (``credscore.audit.distributed``:
the same on a Dask cluster).
"""

from __future__ import annotations

import multiprocessing as mp
import os
import threading
from collections.abc import Callable, Iterator
from typing import Any

from .rows import INFLIGHT_PER_JOB
from .worker import WorkerSettings, _init_worker, _pool_chunk, run_chunk, settle_heap

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



"""Run an audit on a Dask cluster (``pip install 'credscore[dask]'``).

``credscore audit PATH... --scheduler tcp://HOST:8786`` connects to an existing Dask scheduler;
``--engine dask`` without a scheduler starts a ``LocalCluster`` with ``--jobs`` worker processes.
The client walks the inputs and submits chunks of file *paths* as Dask futures (at most
``INFLIGHT_PER_WORKER`` chunks per worker thread outstanding, refilled from
``distributed.as_completed`` as chunks finish), so neither the list of files nor the results are
ever held whole. Each worker builds one Checker per audit (cached per worker thread) and returns
the same ``(JSONL line, RowInfo)`` pairs as the local pool; the client writes the same JSONL,
CSV, summary and HTML report.

Requirements on a real cluster: every worker has the same credscore version installed and can read
the audited paths at the same names (a shared or network file system); the rows name the paths as
the client passed them. Bad files become failure rows on the worker, as locally.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from .audit import AuditError, Engine, Result, WorkerSettings, score_chunk

INFLIGHT_PER_WORKER = 4


def _import_dask() -> Any:
    try:
        import distributed
    except ImportError:
        raise AuditError(
            "the dask engine needs the optional extra: pip install 'credscore[dask]'"
        ) from None
    return distributed


def dask_engine(scheduler: str | None = None, jobs: int = 1, client: Any = None) -> Engine:
    """An audit engine that scores chunks of paths as Dask futures.

    ``client``: an existing ``distributed.Client`` (kept open); otherwise one is made for
    ``scheduler`` (an address such as ``tcp://10.0.0.5:8786``) or for a new LocalCluster of
    ``jobs`` single-threaded worker processes, and closed at the end.
    """

    def run(chunks: Iterator[list[str]], settings: WorkerSettings) -> Iterator[list[Result]]:
        distributed = _import_dask()
        own_client = client is None
        cluster = None
        if client is not None:
            c = client
        elif scheduler:
            try:
                c = distributed.Client(scheduler, timeout="20s")
            except (OSError, TimeoutError) as err:
                raise AuditError(f"cannot reach the Dask scheduler at {scheduler} ({err})"
                                 ) from None
        else:
            cluster = distributed.LocalCluster(n_workers=jobs, threads_per_worker=1,
                                               processes=True, dashboard_address=None)
            c = distributed.Client(cluster)
        try:
            threads = sum(c.nthreads().values()) or 1
            limit = max(2, threads * INFLIGHT_PER_WORKER)
            # Scattering the settings once lets every task reuse them (and the worker's cache).
            settings_future = c.scatter(settings, broadcast=True)
            pending = distributed.as_completed()
            inflight = 0
            for chunk in chunks:
                pending.add(c.submit(score_chunk, chunk, settings_future, pure=False))
                inflight += 1
                if inflight >= limit:
                    future = next(pending)
                    inflight -= 1
                    yield _collect(future)
            for future in pending:
                yield _collect(future)
        finally:
            if own_client:
                c.close()
                if cluster is not None:
                    cluster.close()

    return run


def _collect(future: Any) -> list[Result]:
    result: list[Result] = future.result()
    future.release()
    return result

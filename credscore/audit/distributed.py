"""Run an audit on a Dask cluster (``pip install 'credscore[dask]'``).

``credscore audit PATH... --scheduler tcp://HOST:8786`` connects to an existing Dask scheduler;
``--engine dask`` without a scheduler starts a ``LocalCluster`` with ``--jobs`` worker processes.
The client walks the inputs and submits chunks of file *paths* as Dask futures (at most
``INFLIGHT_PER_WORKER`` chunks per worker thread outstanding, collected in submission order so
the rows come out in the same order on every run), so neither the list of files nor the results
are ever held whole. Each worker builds one Checker per audit (cached per worker thread) and returns
the same ``(JSONL line, RowInfo)`` pairs as the local pool; the client writes the same JSONL,
CSV, summary and HTML report.

Requirements on a real cluster: every worker has the same credscore version installed and can read
the audited paths at the same names (a shared or network file system); the rows name the paths as
the client passed them. Bad files become failure rows on the worker, as locally.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from typing import Any

from .engines import Engine
from .rows import AuditError
from .worker import WorkerSettings, run_chunk

INFLIGHT_PER_WORKER = 4


def _import_dask() -> Any:
    try:
        import distributed
    except ImportError:
        raise AuditError(
            "the dask engine needs the optional extra: pip install 'credscore[dask]'"
        ) from None
    return distributed


class DaskEngine:
    """An audit engine that runs ``run_chunk`` over chunks of paths as Dask futures.

    ``client``: an existing ``distributed.Client`` (left open); otherwise one is made on first
    use for ``scheduler`` (an address such as ``tcp://10.0.0.5:8786``) or for a new LocalCluster
    of ``jobs`` single-threaded worker processes, and closed by ``close()``. The same client
    serves both passes of an audit (boilerplate census, then scoring).
    """

    def __init__(self, scheduler: str | None = None, jobs: int = 1, client: Any = None) -> None:
        self.scheduler = scheduler
        self.jobs = jobs
        self.client = client
        self._own = client is None
        self._cluster: Any = None

    def _connect(self) -> Any:
        distributed = _import_dask()
        if self.client is not None:
            return self.client
        if self.scheduler:
            try:
                self.client = distributed.Client(self.scheduler, timeout="20s")
            except (OSError, TimeoutError) as err:
                raise AuditError(f"cannot reach the Dask scheduler at {self.scheduler} ({err})"
                                 ) from None
        else:
            self._cluster = distributed.LocalCluster(n_workers=self.jobs, threads_per_worker=1,
                                                     processes=True, dashboard_address=None)
            self.client = distributed.Client(self._cluster)
        return self.client

    def __call__(self, chunks: Iterator[list[str]], settings: WorkerSettings
                 ) -> Iterator[list[Any]]:
        c = self._connect()
        threads = sum(c.nthreads().values()) or 1
        limit = max(2, threads * INFLIGHT_PER_WORKER)
        # Scattered once: every task reuses the same settings (and the worker's Checker cache).
        settings_future = c.scatter(settings, broadcast=True, hash=False)
        # Results are taken in submission order, so rows come out in the order of the files
        # whatever worker finishes first (deterministic output); ``limit`` chunks stay queued.
        pending: deque[Any] = deque()
        try:
            for chunk in chunks:
                pending.append(c.submit(run_chunk, chunk, settings_future, pure=False))
                if len(pending) >= limit:
                    yield _collect(pending.popleft())
            while pending:
                yield _collect(pending.popleft())
        finally:
            for future in pending:
                future.cancel()
            settings_future.release()

    def close(self) -> None:
        if self._own and self.client is not None:
            self.client.close()
            self.client = None
        if self._cluster is not None:
            self._cluster.close()
            self._cluster = None


def dask_engine(scheduler: str | None = None, jobs: int = 1, client: Any = None) -> Engine:
    """See ``DaskEngine``."""
    return DaskEngine(scheduler, jobs, client)


def _collect(future: Any) -> list[Any]:
    result: list[Any] = future.result()
    future.release()
    return result

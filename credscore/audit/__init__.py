"""Audit runner: score thousands of files in parallel, stream one row per file, summarise.

Beside the check stages, not one of them: it feeds files through the same Checker.

- ``runner``: ``run_audit`` and its options/result: the shape of a run (files -> resume filter ->
  chunks -> engine -> rows -> sinks), the census pass, progress.
- ``rows``: what one row is for the parent (``RowInfo``, ``content_hash``); the views read it.
- ``worker``: scoring one file / one chunk in a worker process.
- ``engines``: in-process and process-pool engines; ``distributed``: the Dask engine.
- ``outputs``: CSV rows, refusing to overwrite outputs; ``resume``: the --resume index.

Kept empty of imports so that the views and workers importing ``rows`` or ``worker`` do not
load the runner.
"""

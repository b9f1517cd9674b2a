"""``credscore audit``: the batch runner (``credscore.audit``) behind a command line.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Optional

import typer

if TYPE_CHECKING:
    pass
from .app import EXIT_ERROR, EXIT_NOT_ASSESSED, EXIT_OK, RULES_HELP, _config, _fail


def audit(
    paths: list[str] = typer.Argument(..., help="Files and folders (recursive) to audit."),
    jobs: Optional[int] = typer.Option(None, "--jobs", "-j",  # noqa: UP045
                                       help="Worker processes (default: all cores; 1 = no pool)."),
    out: Optional[Path] = typer.Option(None, "--out", "-o",  # noqa: UP045
                                       help="JSONL, a row per file as it finishes (- = stdout)."),
    csv_out: Optional[Path] = typer.Option(None, "--csv",  # noqa: UP045
                                           help="CSV, one row per file."),
    html_out: Optional[Path] = typer.Option(None, "--html",  # noqa: UP045
                                            help="Self-contained HTML report."),
    resume: bool = typer.Option(False, "--resume",
                                help="Continue the audit in --out: skip unchanged files, append."),
    force: bool = typer.Option(False, "--force", help="Overwrite existing output files."),
    max_bytes: Optional[int] = typer.Option(None, "--max-bytes",  # noqa: UP045
                                            help="Refuse files larger than this (default 10 MB)."),
    engine: str = typer.Option("local", "--engine", help="local (process pool) or dask."),
    scheduler: Optional[str] = typer.Option(None, "--scheduler",  # noqa: UP045
                                            help="Dask scheduler address, e.g. tcp://HOST:8786 "
                                                 "(implies --engine dask)."),
    boilerplate_min_files: Optional[int] = typer.Option(  # noqa: UP045
        None, "--boilerplate-min-files", min=0,
        help="Report a paragraph found in at least N of the audited files as boilerplate "
             "(a first pass over the files; default 3; 0 = off)."),
    html_texts: int = typer.Option(100, "--html-texts",
                                   help="Articles whose text the HTML report embeds (the "
                                        "lowest-scoring)."),
    select: list[str] = typer.Option([], "--select", help="Only these rules/families (repeat)."),
    ignore: list[str] = typer.Option([], "--ignore", help="Skip these rules/families (repeat)."),
    include: list[str] = typer.Option([], "--include", help="File patterns when walking folders."),
    exclude: list[str] = typer.Option([], "--exclude", help="File patterns to skip in folders."),
    config_file: Optional[Path] = typer.Option(None, "--config",  # noqa: UP045
                                               help="Configuration file (.credscore.toml or "
                                                    "pyproject.toml)."),
    model: Optional[Path] = typer.Option(None, "--model",  # noqa: UP045
                                         help="A credibility model written by `credscore fit`."),
    rules_dirs: list[Path] = typer.Option([], "--rules", help=RULES_HELP),
) -> None:
    """Audit many articles in parallel: streamed rows, a summary, an HTML report.

    Exit 0 when every file was scored, 2 when any file could not be read (it is still a row).
    """
    from rich.console import Console

    from ..audit.runner import AuditOptions, run_audit
    from ..errors import CredscoreError
    from ..render.summary import render_summary

    if engine not in ("local", "dask"):
        _fail(f"unknown --engine {engine!r} (use local or dask)")
    if max_bytes is not None and max_bytes <= 0:
        _fail("--max-bytes must be a positive number of bytes")
    if boilerplate_min_files == 1:
        _fail("--boilerplate-min-files must be 0 (off) or at least 2")
    try:
        config = _config(config_file, paths[0] if paths else None, select=select,
                         ignore=ignore, include=include, exclude=exclude, max_bytes=max_bytes,
                         boilerplate_min_files=boilerplate_min_files, model=model,
                         rules_dirs=rules_dirs)
        if config.model is not None:
            from ..score.credibility.model import load_model

            load_model(config.model)  # one error line before the pool starts
        options = AuditOptions(jobs=jobs, out=out, csv=csv_out, html=html_out, resume=resume,
                               force=force, engine=engine, scheduler=scheduler,
                               html_texts=html_texts, own_process=True)
        result = run_audit(paths, config, options)
    except (CredscoreError, ValueError) as err:
        _fail(str(err))
    to_stderr = any(p is not None and str(p) == "-" for p in (out, csv_out))
    console = Console(stderr=to_stderr, highlight=False)
    render_summary(console, result.summary, seconds=result.seconds, scored_now=result.scored_now,
                   skipped=result.skipped, interrupted=result.interrupted, notes=result.notes)
    written = [str(p) for p in (out, csv_out, html_out) if p is not None and str(p) != "-"]
    if written and not result.interrupted:
        console.print(f"wrote {', '.join(written)}", style="dim", markup=False)
    if result.interrupted:
        raise typer.Exit(130)
    if result.summary.failed or not result.summary.total:
        raise typer.Exit(EXIT_ERROR)  # a file could not be read, or there was no file at all
    raise typer.Exit(EXIT_OK if result.summary.scored else EXIT_NOT_ASSESSED)



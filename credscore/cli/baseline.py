"""``credscore baseline write``: record today's findings so that ``check --baseline`` reports
only new ones.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Optional

import typer

if TYPE_CHECKING:
    pass
from .app import EXIT_ERROR, EXIT_OK, _fail

baseline_app = typer.Typer(
    no_args_is_help=True,
    help="Baselines: record today's findings so that `check --baseline` reports only new ones.",
)


@baseline_app.command("write")
def baseline_write(
    paths: list[str] = typer.Argument(..., help="Files and folders (recursive) to record."),
    output: Path = typer.Option(Path(".credscore-baseline.json"), "--output", "-o",
                                help="Baseline file to write."),
    config_file: Optional[Path] = typer.Option(None, "--config",  # noqa: UP045
                                               help="Configuration file."),
    include: list[str] = typer.Option([], "--include", help="File patterns when walking folders."),
    exclude: list[str] = typer.Option([], "--exclude", help="File patterns to skip in folders."),
) -> None:
    """Record every article's findings (by fingerprint) and score in a baseline file."""
    from ..config import discover_config, load_config_file
    from ..errors import CredscoreError
    from ..report import Failure

    try:
        config = (load_config_file(config_file) if config_file
                  else discover_config(Path(paths[0])))
        if include:
            config.include = list(include)
        if exclude:
            config.exclude = list(config.exclude) + list(exclude)
        from ..api import Checker, versions
        from ..baseline import write

        checker = Checker(config)
        reports, failed = [], 0
        for item in checker.check_paths(paths):
            if isinstance(item, Failure):
                typer.echo(f"credscore: {item.error}", err=True)
                failed += 1
            else:
                reports.append(item)
        count = write(output, reports, versions())
    except CredscoreError as err:
        _fail(str(err))
    from ..render.words import plural

    typer.echo(f"credscore: wrote {output}: {plural(len(reports), 'article')}, "
               f"{plural(count, 'finding')}", err=True)
    raise typer.Exit(EXIT_ERROR if failed else EXIT_OK)



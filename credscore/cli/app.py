"""The command line: parse -> library call -> render -> exit code. Nothing else lives here.

Exit codes: 0 all inputs scored and no gate tripped; 1 a gate tripped (score below
--fail-under, or a finding at or above --fail-on); 2 usage error, bad configuration or rule pack,
an input that could not be read (the other inputs are still scored and reported), or no input
at all; 3 nothing could be assessed (every input was read, none had English text enough to
score: see credscore.score.assess). Gates judge assessed articles only.

This module: the Typer app, the options and exit codes the commands share, and the process
entry point (``main``) with its start-up and exit handling.
"""

from __future__ import annotations

import gc
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from .. import __version__

if TYPE_CHECKING:
    from ..config import Config


app = typer.Typer(
    add_completion=False,
    pretty_exceptions_enable=False,
    no_args_is_help=True,
    help="How far can this article be trusted? Findings with evidence, a score, a grade.",
)

EXIT_OK, EXIT_GATE, EXIT_ERROR, EXIT_NOT_ASSESSED = 0, 1, 2, 3
FORMATS = ("text", "concise", "json", "jsonl", "sarif", "github", "csv", "markdown")
LEVELS_METAVAR = "[info|warning|error]"
RULES_HELP = ("A user rule pack: a folder laid out like rules/ (or one .toml pack) that adds "
              "rules and allow-lists (repeat; added to the configuration's packs).")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"credscore {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                 help="Show the version and exit."),
) -> None:
    """credscore: how far can this article be trusted?"""


def _fail(message: str) -> None:
    for line in message.splitlines() or [""]:  # several problems (user packs): one line each
        typer.echo(f"credscore: {line}", err=True)
    raise typer.Exit(EXIT_ERROR)


def _config(config_file: Path | None, first: str | None, *, select: list[str],
            ignore: list[str], include: list[str], exclude: list[str],
            max_bytes: int | None, boilerplate_min_files: int | None,
            model: Path | None = None, rules_dirs: list[Path] | None = None) -> Config:
    """The configuration file (given, or found from ``first``) with the flags applied on top."""
    from ..config import discover_config, load_config_file

    config = (load_config_file(config_file) if config_file
              else discover_config(Path(first) if first else None))
    config.packs = list(config.packs) + [str(p.absolute()) for p in rules_dirs or ()]
    if select:
        config.select = list(select)
    if ignore:
        config.ignore = list(config.ignore) + list(ignore)
    if include:
        config.include = list(include)
    if exclude:
        config.exclude = list(config.exclude) + list(exclude)
    if max_bytes is not None:
        config.max_bytes = max_bytes
    if boilerplate_min_files is not None:
        config.boilerplate_min_files = boilerplate_min_files
    if model is not None:
        config.model = str(model)
    return config




# Set by a command that has finished and whose output all went to stdout/stderr: main() may
# then end the process with _hard_exit. Reset by every main() call.
_fast_exit_allowed = False
_STARTUP_GC_THRESHOLD = 100_000


_NORMAL_GC_THRESHOLD: tuple[int, int, int] = gc.get_threshold()


def allow_fast_exit() -> None:
    """Called by a command whose output all went to stdout/stderr: ``main`` may end the process
    with ``_hard_exit`` once it returns."""
    global _fast_exit_allowed
    _fast_exit_allowed = True


def _startup_done() -> None:
    """Back to normal garbage collection once the rules are built (see :func:`main`)."""
    if gc.get_threshold()[0] == _STARTUP_GC_THRESHOLD:
        gc.set_threshold(*_NORMAL_GC_THRESHOLD)


def _hard_exit(code: object) -> None:
    """End the process without tearing the interpreter down, as mypy does.

    Freeing every rule table, automaton and module at exit costs ~30 ms, a sixth of a cold
    ``credscore check``, and achieves nothing. Only used after a command whose output all went
    to stdout/stderr (flushed here) has finished; the on-disk caches are saved first, since
    exit hooks do not run. Anything unusual (a non-integer code, another live thread, a flush
    that fails) falls back to a normal exit.
    """
    import threading

    if code is None:
        code = 0
    if not isinstance(code, int) or threading.active_count() > 1:
        return
    from .. import diskcache

    diskcache.save_all()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):
        return  # e.g. a closed pipe: let the normal exit report it
    os._exit(code)


def main() -> None:
    """Console-script entry point: never show a traceback."""
    # Start-up creates tens of thousands of objects that live until the process ends (rules,
    # automata, modules): collecting them again and again while they are built is wasted work.
    global _fast_exit_allowed
    _fast_exit_allowed = False
    gc.set_threshold(_STARTUP_GC_THRESHOLD, *_NORMAL_GC_THRESHOLD[1:])
    try:
        app()
    except KeyboardInterrupt:
        typer.echo("credscore: interrupted", err=True)
        sys.exit(130)
    except SystemExit as done:
        if _fast_exit_allowed:
            _hard_exit(done.code)
        raise
    except Exception as err:  # last resort: one line, exit 2
        typer.echo(f"credscore: internal error: {type(err).__name__}: {err}", err=True)
        sys.exit(EXIT_ERROR)
    finally:
        _startup_done()

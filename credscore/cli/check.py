"""``credscore check``: score files, folders or stdin and print one of the output formats; the
exit code carries the gates (thresholds, baseline, not assessed).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Optional

import typer

if TYPE_CHECKING:
    pass
from .app import (
    EXIT_ERROR,
    EXIT_GATE,
    EXIT_NOT_ASSESSED,
    EXIT_OK,
    FORMATS,
    LEVELS_METAVAR,
    RULES_HELP,
    _config,
    _fail,
    _startup_done,
    allow_fast_exit,
)


def check(
    paths: list[str] = typer.Argument(..., help="Files, folders (recursive) or - for stdin."),
    output_format: str = typer.Option("text", "--format", "--output-format", "-f",
                                      metavar="[" + "|".join(FORMATS) + "]",
                                      help="Output format: text, concise (path:line:col: RULE "
                                           "message), json, jsonl, sarif, github (workflow "
                                           "annotations), csv or markdown."),
    fail_under: Optional[float] = typer.Option(None, "--fail-under",  # noqa: UP045
                                               help="Exit 1 if any article scores below this."),
    fail_on: Optional[str] = typer.Option(None, "--fail-on",  # noqa: UP045
                                          metavar=LEVELS_METAVAR,
                                          help="Exit 1 on a finding at this level or above."),
    select: list[str] = typer.Option([], "--select", help="Only these rules/families (repeat)."),
    ignore: list[str] = typer.Option([], "--ignore", help="Skip these rules/families (repeat)."),
    min_severity: Optional[str] = typer.Option(None, "--min-severity",  # noqa: UP045
                                               metavar=LEVELS_METAVAR,
                                               help="Drop findings below this level (not shown, "
                                                    "no points, no gate)."),
    config_file: Optional[Path] = typer.Option(None, "--config",  # noqa: UP045
                                               help="Configuration file (.credscore.toml or "
                                                    "pyproject.toml)."),
    model: Optional[Path] = typer.Option(None, "--model",  # noqa: UP045
                                         help="A credibility model written by `credscore fit` "
                                              "(default: the shipped model)."),
    include: list[str] = typer.Option([], "--include", help="File patterns when walking folders."),
    exclude: list[str] = typer.Option([], "--exclude", help="File patterns to skip in folders."),
    max_bytes: Optional[int] = typer.Option(None, "--max-bytes",  # noqa: UP045
                                            help="Refuse files larger than this (default 10 MB)."),
    stdin_format: str = typer.Option("txt", "--stdin-format",
                                     metavar="[txt|md|html]",
                                     help="Format of stdin."),
    stdin_name: str = typer.Option("<stdin>", "--stdin-name", help="Name to report for stdin."),
    no_color: bool = typer.Option(False, "--no-color", help="Plain text output."),
    boilerplate_min_files: Optional[int] = typer.Option(  # noqa: UP045
        None, "--boilerplate-min-files", min=0,
        help="Report a paragraph found in at least N of the checked files as boilerplate "
             "(default 3; 0 = off)."),
    baseline_file: Optional[Path] = typer.Option(None, "--baseline",  # noqa: UP045
                                                 help="Report only findings not in this baseline "
                                                      "(see `credscore baseline write`); fail "
                                                      "only on new findings or lower scores."),
    changed_since: Optional[str] = typer.Option(None, "--changed-since",  # noqa: UP045
                                                help="Check only files changed since this git "
                                                     "ref (plus untracked files)."),
    statistics: bool = typer.Option(False, "--statistics",
                                    help="Count the findings per rule instead of listing them "
                                         "(with --format text, concise or json)."),
    fix: bool = typer.Option(False, "--fix",
                             help="Apply the suggested fixes to .txt/.md files (the original "
                                  "is kept as NAME.orig), then check the fixed files."),
    diff: bool = typer.Option(False, "--diff",
                              help="Print the suggested fixes as a unified diff and write "
                                   "nothing (exit 1 when there is something to fix)."),
    rules_dirs: list[Path] = typer.Option([], "--rules", help=RULES_HELP),
) -> None:
    """Score articles and explain every point taken off."""
    from ..errors import CredscoreError
    from ..findings import Severity
    from ..render import OutputFormat

    fmt = output_format.lower()
    if fmt not in OutputFormat.__members__:
        _fail(f"unknown --format {output_format!r} (use {', '.join(OutputFormat.__members__)})")
    if stdin_format not in ("txt", "md", "html"):
        _fail(f"unknown --stdin-format {stdin_format!r} (use txt, md or html)")
    if boilerplate_min_files == 1:
        _fail("--boilerplate-min-files must be 0 (off) or at least 2")
    if statistics and fmt not in ("text", "concise", "json"):
        _fail(f"--statistics works with --format text, concise or json, not {fmt}")
    if (fix or diff) and "-" in paths:
        _fail("--fix and --diff rewrite or compare files: name files, not - (stdin)")
    try:
        config = _config(config_file, next((p for p in paths if p != "-"), None),
                         select=select, ignore=ignore, include=include, exclude=exclude,
                         max_bytes=max_bytes, boilerplate_min_files=boilerplate_min_files,
                         model=model, rules_dirs=rules_dirs)
        if min_severity:
            config.min_severity = Severity.parse(min_severity)
        if fail_on:
            config.fail_on = Severity.parse(fail_on)
        if fail_under is not None:
            config.fail_under = fail_under
        from ..api import Checker, versions

        checker = Checker(config)
        _ = checker.model  # a bad model file is one error line before any article is read
        baseline = None
        if baseline_file is not None:
            from ..baseline import load, stale_warning

            baseline = load(baseline_file)
            note = stale_warning(baseline, versions())
            if note:
                typer.echo(f"credscore: {note}", err=True)
        if changed_since is not None:
            from ..gitchanges import select_changed

            paths = select_changed(changed_since, paths, config.include, config.exclude)
            if not paths:
                typer.echo(f"credscore: no article changed since {changed_since}", err=True)
    except (CredscoreError, ValueError) as err:
        _fail(str(err))
    _startup_done()
    if fix or diff:
        from ..fixwrite import run_fixes

        done = run_fixes(checker, paths, apply=fix, diff_out=sys.stdout if diff else None,
                         note=lambda line: typer.echo(line, err=True))
        if not fix:
            sys.stdout.flush()
            raise typer.Exit(EXIT_ERROR if done.failed else
                             EXIT_GATE if done.files_changed else EXIT_OK)
    # versions() hashes the rule packs: only the formats that print it pay for that.
    code = _run(checker, paths, fmt, stdin_format, stdin_name, no_color, versions, baseline,
                statistics)
    allow_fast_exit()  # all output went to stdout/stderr (flushed by _hard_exit)
    raise typer.Exit(code)


def _iter_inputs(checker, paths: list[str], stdin_format: str, stdin_name: str):  # type: ignore[no-untyped-def]
    from ..errors import CredscoreError
    from ..load import parse_bytes
    from ..report import Failure

    files = [p for p in paths if p != "-"]
    for p in paths:
        if p == "-":
            try:
                data = sys.stdin.buffer.read()
                yield checker.check_document(
                    parse_bytes(data, stdin_format, stdin_name, checker.config.max_bytes)
                )
            except CredscoreError as err:
                yield Failure(stdin_name, str(err))
    if files:
        yield from checker.check_paths(files)


def _run(checker, paths, fmt, stdin_format, stdin_name, no_color, versions, baseline=None,  # type: ignore[no-untyped-def]
         statistics=False) -> int:
    from rich.console import Console

    from ..render import jsonout, text
    from ..report import Failure

    # Plain strings are printed as they are: no markup ("[...]" in a rule description or a
    # file name) and no emoji codes (":smile:" in an article).
    out = Console(no_color=no_color, highlight=False, soft_wrap=False, markup=False, emoji=False)
    err = Console(stderr=True, no_color=no_color, highlight=False)
    listing = not statistics  # --statistics replaces the per-finding output
    reports, failures, deltas = [], [], []
    for item in _iter_inputs(checker, paths, stdin_format, stdin_name):
        if isinstance(item, Failure):
            failures.append(item)
            if fmt == "text":
                text.render_failure(err, item)
            else:
                typer.echo(f"credscore: {item.error}", err=True)
        else:
            if baseline is not None:
                from ..baseline import compare, describe

                item, delta = compare(baseline, item)
                deltas.append(delta)
            for problem in item.metrics.get("suppression", {}).get("problems", ()):
                typer.echo(f"credscore: {item.path}: {problem}", err=True)  # e.g. a typo
            for warning in item.metrics.get("warnings", ()):
                typer.echo(f"credscore: {item.path}: warning: {warning}", err=True)
            reports.append(item)
            if fmt == "text" and listing:
                text.render_report(out, item)
                if baseline is not None:
                    out.print(f"  baseline: {describe(delta)}\n", style="bold")
            elif fmt == "concise" and listing:
                from ..render.concise import report_lines

                sys.stdout.writelines(line + "\n" for line in report_lines(item))
        if fmt == "jsonl":
            sys.stdout.write(jsonout.jsonl_line(item) + "\n")
            sys.stdout.flush()
    if statistics:
        from ..render import statistics as stats

        (stats.write_json if fmt == "json" else stats.write_text)(sys.stdout, reports)
    elif fmt == "json":
        jsonout.write_json(sys.stdout, reports, failures, versions())
    elif fmt == "text":
        text.render_summary(out, reports, failures, getattr(checker, "aliases", []))
    elif fmt == "concise":
        from ..render.concise import totals_line

        sys.stdout.write(totals_line(reports) + "\n")
    elif fmt in ("sarif", "github", "csv", "markdown"):
        from ..render.ci import write_report

        write_report(fmt, sys.stdout, reports, failures, versions(), checker.rules)
    if failures:
        return EXIT_ERROR
    if paths and not reports:
        # A gate that checked nothing must not pass silently (a wrong folder or pattern).
        from ..load.files import DEFAULT_PATTERNS

        patterns = " ".join(checker.config.include or DEFAULT_PATTERNS)
        typer.echo(f"credscore: no articles found in {' '.join(paths)} (folders are searched "
                   f"for {patterns}; see --include)", err=True)
        return EXIT_ERROR
    from ..score import gates

    if baseline is not None:
        from ..baseline import gate_tripped

        tripped = gate_tripped(deltas, checker.config.fail_on, checker.config.fail_under)
        why = (gates.baseline_reasons(deltas, checker.config.fail_on, checker.config.fail_under)
               if tripped else None)
    else:
        why = gates.reasons(checker.config, reports)
        tripped = bool(why)
    if tripped:
        sys.stdout.flush()
        typer.echo(gates.exit_line(why), err=True)
        return EXIT_GATE
    if reports and not any(r.assessed for r in reports):
        return EXIT_NOT_ASSESSED
    return EXIT_OK



"""The command line: parse -> library call -> render -> exit code. Nothing else lives here.

Exit codes: 0 all inputs scored and no gate tripped; 1 a gate tripped (score below
--fail-under, or a finding at or above --fail-on); 2 usage error, bad configuration or rule pack,
an input that could not be read (the other inputs are still scored and reported), or no input
at all; 3 nothing could be assessed (every input was read, none had English text enough to
score: see credscore.score.assess). Gates judge assessed articles only.
"""

from __future__ import annotations

import gc
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Optional

import typer

from . import __version__

if TYPE_CHECKING:
    from .config import Config

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
    from .config import discover_config, load_config_file

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


@app.command()
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
    from .errors import CredscoreError
    from .findings import Severity
    from .render import OutputFormat

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
        from .api import Checker, versions

        checker = Checker(config)
        _ = checker.model  # a bad model file is one error line before any article is read
        baseline = None
        if baseline_file is not None:
            from .baseline import load, stale_warning

            baseline = load(baseline_file)
            note = stale_warning(baseline, versions())
            if note:
                typer.echo(f"credscore: {note}", err=True)
        if changed_since is not None:
            from .gitchanges import select_changed

            paths = select_changed(changed_since, paths, config.include, config.exclude)
            if not paths:
                typer.echo(f"credscore: no article changed since {changed_since}", err=True)
    except (CredscoreError, ValueError) as err:
        _fail(str(err))
    _startup_done()
    if fix or diff:
        from .fixwrite import run_fixes

        done = run_fixes(checker, paths, apply=fix, diff_out=sys.stdout if diff else None,
                         note=lambda line: typer.echo(line, err=True))
        if not fix:
            sys.stdout.flush()
            raise typer.Exit(EXIT_ERROR if done.failed else
                             EXIT_GATE if done.files_changed else EXIT_OK)
    # versions() hashes the rule packs: only the formats that print it pay for that.
    code = _run(checker, paths, fmt, stdin_format, stdin_name, no_color, versions, baseline,
                statistics)
    global _fast_exit_allowed
    _fast_exit_allowed = True  # all output went to stdout/stderr (flushed by _hard_exit)
    raise typer.Exit(code)


def _iter_inputs(checker, paths: list[str], stdin_format: str, stdin_name: str):  # type: ignore[no-untyped-def]
    from .errors import CredscoreError
    from .load import parse_bytes
    from .report import Failure

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

    from .render import jsonout, text
    from .report import Failure

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
                from .baseline import compare, describe

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
                from .render.concise import report_lines

                sys.stdout.writelines(line + "\n" for line in report_lines(item))
        if fmt == "jsonl":
            sys.stdout.write(jsonout.jsonl_line(item) + "\n")
            sys.stdout.flush()
    if statistics:
        from .render import statistics as stats

        (stats.write_json if fmt == "json" else stats.write_text)(sys.stdout, reports)
    elif fmt == "json":
        jsonout.write_json(sys.stdout, reports, failures, versions())
    elif fmt == "text":
        text.render_summary(out, reports, failures, getattr(checker, "aliases", []))
    elif fmt == "concise":
        from .render.concise import totals_line

        sys.stdout.write(totals_line(reports) + "\n")
    elif fmt in ("sarif", "github", "csv", "markdown"):
        from .render.ci import write_report

        write_report(fmt, sys.stdout, reports, failures, versions(), checker.rules)
    if failures:
        return EXIT_ERROR
    if paths and not reports:
        # A gate that checked nothing must not pass silently (a wrong folder or pattern).
        from .load.files import DEFAULT_PATTERNS

        patterns = " ".join(checker.config.include or DEFAULT_PATTERNS)
        typer.echo(f"credscore: no articles found in {' '.join(paths)} (folders are searched "
                   f"for {patterns}; see --include)", err=True)
        return EXIT_ERROR
    from .score import gates

    if baseline is not None:
        from .baseline import gate_tripped

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


baseline_app = typer.Typer(
    no_args_is_help=True,
    help="Baselines: record today's findings so that `check --baseline` reports only new ones.",
)
app.add_typer(baseline_app, name="baseline")


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
    from .config import discover_config, load_config_file
    from .errors import CredscoreError
    from .report import Failure

    try:
        config = (load_config_file(config_file) if config_file
                  else discover_config(Path(paths[0])))
        if include:
            config.include = list(include)
        if exclude:
            config.exclude = list(config.exclude) + list(exclude)
        from .api import Checker, versions
        from .baseline import write

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
    from .render.words import plural

    typer.echo(f"credscore: wrote {output}: {plural(len(reports), 'article')}, "
               f"{plural(count, 'finding')}", err=True)
    raise typer.Exit(EXIT_ERROR if failed else EXIT_OK)


def _all_rules(rules_dirs: list[Path]):  # type: ignore[no-untyped-def]
    """The built-in rules plus those of the packs (configuration found from here, --rules)."""
    from .packs import default_policy, default_rules

    rules = default_rules()
    config = _config(None, None, select=[], ignore=[], include=[], exclude=[], max_bytes=None,
                     boilerplate_min_files=None, rules_dirs=rules_dirs)
    if config.packs:
        from .userpacks import user_packs

        extra = user_packs(config.packs, rules, default_policy())
        rules = tuple(sorted(rules + extra.rules, key=lambda r: r.id))
    return rules


@app.command("rules")
def list_rules(
    no_color: bool = typer.Option(False, "--no-color", help="Plain text output."),
    rules_dirs: list[Path] = typer.Option([], "--rules", help=RULES_HELP),
) -> None:
    """List every rule: id, name, family, kind, severity and weight.

    In a terminal a table; piped or redirected, one tab-separated line per rule (with a header),
    never cut to a width.
    """
    from .errors import CredscoreError

    try:
        rules = _all_rules(rules_dirs)
    except CredscoreError as err:
        _fail(str(err))
    from .score.credibility.features import features_fed_by

    columns = ("id", "name", "family", "kind", "severity", "feeds")
    rows = [(r.id, r.name, r.family, r.kind, r.severity.label,
             ", ".join(features_fed_by(r.id)) or "-") for r in rules]
    if not sys.stdout.isatty():
        sys.stdout.write("".join("\t".join(row) + "\n" for row in (columns, *rows)))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(show_edge=False)
    for col in columns:
        table.add_column(col, justify="right" if col == "weight" else "left",
                         no_wrap=col in ("id", "name"))
    for row in rows:
        table.add_row(*row)
    Console(no_color=no_color).print(table)


@app.command()
def explain(
    rule: Optional[str] = typer.Argument(None, help="Rule id, name or family, e.g. SP101, "  # noqa: UP045
                                                     "stock-phrase or filler."),
    all_rules: bool = typer.Option(False, "--all", help="Every rule."),
    as_json: bool = typer.Option(False, "--json", help="JSON: a list of rule documents."),
    rules_dirs: list[Path] = typer.Option([], "--rules", help=RULES_HELP),
) -> None:
    """What a rule flags, why it matters, bad/good examples and its suggested fix."""
    import json

    from rich.console import Console

    from .errors import CredscoreError
    from .packs import find_rule
    from .render import explain as docs

    if (rule is None) == (not all_rules):
        _fail("name a rule or family (e.g. `credscore explain SP101`), or pass --all")
    try:
        rules = list(_all_rules(rules_dirs))
        if all_rules:
            chosen = rules
        else:
            spec = find_rule(rule or "", rules)
            chosen = [spec] if spec else [r for r in rules if r.family == (rule or "").lower()]
    except CredscoreError as err:
        _fail(str(err))
    if not chosen:
        families = ", ".join(sorted({r.family for r in rules}))
        _fail(f"no rule or family {rule!r} (see `credscore rules`; families: {families})")
    if as_json:
        sys.stdout.write(json.dumps(docs.rules_json(chosen), ensure_ascii=False, indent=2) + "\n")
        return
    console = Console(highlight=False, markup=False, emoji=False,
                      soft_wrap=not sys.stdout.isatty())
    docs.render_rules(console, chosen)


@app.command()
def fit(
    good: list[Path] = typer.Option([], "--good", help="A folder of credible articles (repeat)."),
    bad: list[Path] = typer.Option([], "--bad", help="A folder of unreliable articles (repeat)."),
    jsonl: Optional[Path] = typer.Option(None, "--jsonl",  # noqa: UP045
                                         help="JSON Lines of labelled articles instead of "
                                              "folders."),
    label_field: str = typer.Option("label", "--label-field", help="JSONL: the label's field."),
    good_label: list[str] = typer.Option([], "--good-label",
                                         help="JSONL: a label value meaning credible (repeat)."),
    bad_label: list[str] = typer.Option([], "--bad-label",
                                        help="JSONL: a label value meaning unreliable (repeat; "
                                             "default: every other value)."),
    text_field: str = typer.Option("text", "--text-field", help="JSONL: the article's field."),
    title_field: str = typer.Option("title", "--title-field",
                                    help="JSONL: the headline's field (optional)."),
    group_field: Optional[str] = typer.Option(None, "--group-field",  # noqa: UP045
                                              help="JSONL: a field naming each article's "
                                                   "source, for grouped cross-validation."),
    out: Path = typer.Option(..., "--out", "-o", help="The model file to write (JSON)."),
    force: bool = typer.Option(False, "--force", help="Replace an existing model file."),
    c: float = typer.Option(0.1, "--C", min=1e-6,
                            help="Inverse regularisation strength of the regression."),
    prior: float = typer.Option(0.85, "--prior", min=0.01, max=0.99,
                                help="Share of credible articles in the reference mix."),
    config_file: Optional[Path] = typer.Option(None, "--config",  # noqa: UP045
                                               help="Configuration file (rules to run)."),
) -> None:
    """Refit the credibility model on your own labelled articles and write a model file.

    Prints the cross-validated AUROC, the calibration, and what each feature is worth in
    points; `credscore check --model FILE` (or `model = "FILE"` in the configuration) uses it.
    """
    from .errors import CredscoreError
    from .score.credibility import training
    from .score.credibility.fit import data_hash, fit_model, fit_summary, write_model

    if jsonl is None and not (good and bad):
        _fail("give --good DIR and --bad DIR (each at least once), or --jsonl FILE")
    if jsonl is not None and (good or bad):
        _fail("give folders (--good/--bad) or --jsonl, not both")
    if jsonl is not None and not good_label:
        _fail("--jsonl needs --good-label VALUE: which label means credible")
    inputs = [jsonl] if jsonl is not None else [*good, *bad]
    for source in inputs:
        if source is not None and out.resolve() == source.resolve():
            _fail(f"{out}: is an input; write the model elsewhere")
    if out.exists() and not force:
        _fail(f"{out}: exists (pass --force to replace it)")
    try:
        config = _config(config_file, str(inputs[0]), select=[], ignore=[], include=[],
                         exclude=[], max_bytes=None, boilerplate_min_files=None)
        if jsonl is not None:
            items, problems = training.from_jsonl(
                jsonl, label_field=label_field, good=good_label, bad=bad_label,
                text_field=text_field, title_field=title_field or None, group_field=group_field)
        else:
            items, problems = training.from_folders(good, bad, config.include)
        for problem in problems:
            typer.echo(f"credscore: {problem} (left out)", err=True)
        from .api import Checker

        pairs = list(training.vectors(Checker(config), items))
        skipped = len(items) - len(pairs)
        labels = [item.label for item, _ in pairs]
        if labels.count(1) < 2 or labels.count(0) < 2:
            _fail(f"need at least 2 credible and 2 unreliable articles that can be assessed "
                  f"(English, 12+ words); got {labels.count(1)} and {labels.count(0)}")
        groups = [item.group for item, _ in pairs]
        counts: dict[str, dict[str, int]] = {}
        for item, _ in pairs:
            cell = counts.setdefault(item.group, {"credible": 0, "unreliable": 0})
            cell["credible" if item.label else "unreliable"] += 1
        info = {"name": f"fitted by credscore fit on {', '.join(str(i) for i in inputs)}",
                "reference_mix": f"equal weight for every source ({len(counts)}) and label; "
                                 f"credible articles {prior:.0%} of the mix",
                "trained_on": {"data": counts,
                               "data_hash": data_hash([(i.text, i.label, i.group)
                                                       for i, _ in pairs]),
                               "fitted_by": "credscore fit"}}
        result = fit_model([v for _, v in pairs], labels, groups, C=c, prior=prior, info=info)
        write_model(result.model, str(out), overwrite=force)
    except (CredscoreError, ValueError, OSError) as err:
        _fail(str(err))
    if skipped:
        typer.echo(f"credscore: {skipped} articles not assessable (not English or under 12 "
                   "words), left out", err=True)
    for group, cell in counts.items():
        typer.echo(f"{group}: {cell['credible']} credible, {cell['unreliable']} unreliable")
    typer.echo(f"data hash {info['trained_on']['data_hash']}")
    typer.echo("\n".join(fit_summary(result)))
    typer.echo(f"wrote {out}: use it with `credscore check --model {out}` or "
               f"model = \"{out}\" in .credscore.toml")


@app.command()
def lsp() -> None:
    """Language server on stdin/stdout: live findings in your editor (needs credscore[lsp])."""
    try:
        from .lsp.server import serve
    except ImportError as err:
        _fail(f"`credscore lsp` needs pygls ({err.name} is missing): "
              "pip install 'credscore[lsp]'")
    serve()


@app.command()
def mcp(
    root: list[Path] = typer.Option([], "--root",
                                    help="Folder the tools may read when the client names no "
                                         "roots (repeat; default: the working directory)."),
    max_files: int = typer.Option(500, "--max-files", min=1,
                                  help="Most files one audit_folder call scores."),
) -> None:
    """MCP server on stdin/stdout: check_text, explain_rule, list_rules, audit_folder for AI
    agents (needs credscore[mcp])."""
    try:
        from .mcp_server import serve
    except ImportError as err:
        _fail(f"`credscore mcp` needs the mcp SDK ({err.name} is missing): "
              "pip install 'credscore[mcp]'")
    serve(roots=root or [Path.cwd()], max_files=max_files)


@app.command()
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

    from .audit.runner import AuditOptions, run_audit
    from .errors import CredscoreError
    from .render.summary import render_summary

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
            from .score.credibility.model import load_model

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


# Set by a command that has finished and whose output all went to stdout/stderr: main() may
# then end the process with _hard_exit. Reset by every main() call.
_fast_exit_allowed = False
_STARTUP_GC_THRESHOLD = 100_000


_NORMAL_GC_THRESHOLD: tuple[int, int, int] = gc.get_threshold()


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
    from . import diskcache

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

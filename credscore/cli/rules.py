"""``credscore rules`` (the rule table) and ``credscore explain RULE`` (one rule's documentation).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Optional

import typer

if TYPE_CHECKING:
    pass
from .app import RULES_HELP, _config, _fail


def _all_rules(rules_dirs: list[Path]):  # type: ignore[no-untyped-def]
    """The built-in rules plus those of the packs (configuration found from here, --rules)."""
    from ..packs import default_policy, default_rules

    rules = default_rules()
    config = _config(None, None, select=[], ignore=[], include=[], exclude=[], max_bytes=None,
                     boilerplate_min_files=None, rules_dirs=rules_dirs)
    if config.packs:
        from ..userpacks import user_packs

        extra = user_packs(config.packs, rules, default_policy())
        rules = tuple(sorted(rules + extra.rules, key=lambda r: r.id))
    return rules


def list_rules(
    no_color: bool = typer.Option(False, "--no-color", help="Plain text output."),
    rules_dirs: list[Path] = typer.Option([], "--rules", help=RULES_HELP),
) -> None:
    """List every rule: id, name, family, kind, severity and weight.

    In a terminal a table; piped or redirected, one tab-separated line per rule (with a header),
    never cut to a width.
    """
    from ..errors import CredscoreError

    try:
        rules = _all_rules(rules_dirs)
    except CredscoreError as err:
        _fail(str(err))
    from ..score.credibility.features import features_fed_by

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

    from ..errors import CredscoreError
    from ..packs import find_rule
    from ..render import explain as docs

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



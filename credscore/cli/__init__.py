"""The ``credscore`` command line: a thin layer over the library API, one module per command
group (``check``, ``baseline``, ``rules`` and ``explain``, ``fit``, ``servers``: ``lsp`` and
``mcp``, ``audit``); ``app`` holds the Typer app, the shared options and exit codes, and
``main``, the console-script entry point (``credscore.cli:main``).

The commands are registered here, in the order ``credscore --help`` lists them.
"""

from __future__ import annotations

from . import audit, baseline, check, fit, rules, servers
from .app import _hard_exit, app, main

app.command()(check.check)
app.add_typer(baseline.baseline_app, name="baseline")
app.command("rules")(rules.list_rules)
app.command()(rules.explain)
app.command()(fit.fit)
app.command()(servers.lsp)
app.command()(servers.mcp)
app.command()(audit.audit)

__all__ = ["_hard_exit", "app", "main"]

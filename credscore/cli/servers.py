"""``credscore lsp`` and ``credscore mcp``: the editor and agent servers (optional extras).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    pass
from .app import _fail


def lsp() -> None:
    """Language server on stdin/stdout: live findings in your editor (needs credscore[lsp])."""
    try:
        from ..lsp.server import serve
    except ImportError as err:
        _fail(f"`credscore lsp` needs pygls ({err.name} is missing): "
              "pip install 'credscore[lsp]'")
    serve()


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
        from ..mcp_server import serve
    except ImportError as err:
        _fail(f"`credscore mcp` needs the mcp SDK ({err.name} is missing): "
              "pip install 'credscore[mcp]'")
    serve(roots=root or [Path.cwd()], max_files=max_files)



"""`credscore check` stays light: the editor and agent servers' libraries load only for
`credscore lsp` / `credscore mcp`, and the fix writer only for --fix/--diff."""

from __future__ import annotations

import subprocess
import sys

from .conftest import SLOTS_SEED

HEAVY = ("pygls", "lsprotocol", "cattrs", "mcp", "mcp_types", "pydantic", "anyio", "starlette",
         "credscore.lsp", "credscore.mcp_server", "credscore.fixwrite")


def imported(*args: str) -> set[str]:
    """Every module a credscore process imports (python -X importtime, which reports each
    import as it happens, so the fast exit of a finished check does not hide any)."""
    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "credscore", *args],
                          capture_output=True, text=True)
    return {line.rsplit("|", 1)[1].strip() for line in done.stderr.splitlines()
            if line.startswith("import time:") and "|" in line}


def test_check_imports_neither_server_library() -> None:
    loaded = imported("check", "--no-color", str(SLOTS_SEED))
    assert "credscore.analyse.fixes" in loaded  # the seed has fixable findings
    heavy = sorted(m for m in loaded if m.split(".")[0] in HEAVY or m in HEAVY)
    assert not heavy, heavy



def test_server_commands_without_their_extra_say_what_to_install() -> None:
    for command, missing, extra in (("lsp", "pygls", "credscore[lsp]"),
                                    ("mcp", "mcp", "credscore[mcp]")):
        code = (f"import sys\nsys.modules[{missing!r}] = None\nsys.argv = ['credscore', "
                f"{command!r}]\nfrom credscore.cli import main\nmain()\n")
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                              stdin=subprocess.DEVNULL)
        assert done.returncode == 2
        assert extra in done.stderr and "Traceback" not in done.stderr

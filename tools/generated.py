"""Shared by the tools that generate documentation from code: write the file, or check it.

    write_or_check(path, fresh, "python tools/gen_x.py")  # --check on the command line: compare
"""

from __future__ import annotations

import sys
from pathlib import Path


def write_or_check(path: Path, fresh: str, command: str) -> int:
    """With ``--check`` in ``sys.argv``: 1 (and a one-line hint) when ``path`` differs from
    ``fresh``, else 0. Without it: write ``fresh`` to ``path`` and return 0."""
    if "--check" in sys.argv:
        current = path.read_text(encoding="utf-8") if path.exists() else ""
        if fresh != current:
            print(f"{path.name} is out of date: run {command}", file=sys.stderr)
            return 1
        return 0
    path.write_text(fresh, encoding="utf-8")
    return 0

"""Read the plain-data models shipped in ``rules/models/`` (written by the scripts in tools/).

A table is UTF-8 text: ``# `` (hash, space) starts a comment; a comment of the form
``# key<TAB>value`` is a header value (e.g. ``# bias``, ``# unseen``); every other non-blank
line is ``name<TAB>value``. Names may themselves start with ``#`` (``#bang``): only hash-space
marks a comment.
"""

from __future__ import annotations

from pathlib import Path

from .diskcache import file_key, memo
from .paths import rules_dir


def read_table(name: str | Path) -> tuple[dict[str, float], dict[str, float]]:
    """(header values, rows) of ``rules/models/<name>``, or of ``name`` if it is absolute."""
    path = Path(name)
    if not path.is_absolute():
        path = rules_dir() / "models" / path
    key = file_key(path)
    if key is None:
        return _parse_table(path)  # raises the OSError
    return memo(("table", 1, key), lambda: _parse_table(path))


def _parse_table(path: Path) -> tuple[dict[str, float], dict[str, float]]:
    headers: dict[str, float] = {}
    rows: dict[str, float] = {}
    # One pass over the lines with C-level string methods: the IDF table alone has 13,000 rows
    # and is read on every cold start.
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# "):
            key, tab, value = line[2:].partition("\t")
            if tab:
                headers[key] = float(value)
        elif line and not line.isspace():
            key, tab, value = line.rpartition("\t")
            if tab:
                rows[key] = float(value)
    return headers, rows

"""Reading a user pack's TOML files, and naming the file and line of every problem found in them
(``newsroom/house-style.toml:14: rule NR102: key 'severity': ...``), for ``credscore.userpacks``.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib  # type: ignore[no-redef]


def line_of(text: str, rule_index: int | None, key: str | None) -> int | None:
    """1-based line of ``key`` in the ``rule_index``-th ``[[rule]]`` of a pack's text (or of a
    top-level key when ``rule_index`` is None); the rule's header line when the key is absent."""
    lines = text.splitlines()
    lo, hi = 0, len(lines)
    if rule_index is not None:
        heads = [i for i, line in enumerate(lines) if re.match(r"\s*\[\[\s*rule\s*\]\]", line)]
        if rule_index >= len(heads):
            return None
        lo = heads[rule_index]
        hi = heads[rule_index + 1] if rule_index + 1 < len(heads) else len(lines)
    if not key:
        return lo + 1 if rule_index is not None else None
    parts = key.split(".")
    leaf = re.escape(parts[-1])
    dotted = re.escape(key)
    table = re.escape(".".join(parts[:-1]))
    in_table = not table
    for i in range(lo + (rule_index is not None), hi):
        line = lines[i]
        if re.match(rf"\s*\[\s*(?:rule\.)?{table}\s*\]", line) if table else False:
            in_table = True
            continue
        if re.match(r"\s*\[", line) and table:
            in_table = False
        if re.match(rf"\s*(?:rule\.)?{dotted}\s*=", line) or (
                in_table and re.match(rf"\s*{leaf}\s*=", line)):
            return i + 1
    if rule_index is None:
        return None
    return lo + 1


class Problems:
    def __init__(self) -> None:
        self.lines: list[str] = []

    def add(self, file: Path, text: str | None, problem: str, rule: str | None = None,
            key: str | None = None, index: int | None = None, line: int | None = None) -> None:
        if line is None and text is not None:
            line = line_of(text, index, key)
        where = f"{file}:{line}" if line else str(file)
        if rule:
            where += f": rule {rule}"
        if key:
            where += f": key '{key}'"
        self.lines.append(f"{where}: {problem}")


def read_toml(path: Path, problems: Problems) -> tuple[dict[str, Any], str] | None:
    try:
        text = path.read_bytes().decode("utf-8")
    except OSError as err:
        problems.add(path, None, f"cannot read ({err.strerror or err})")
        return None
    except UnicodeDecodeError as err:
        problems.add(path, None, f"not UTF-8 (byte offset {err.start})")
        return None
    try:
        return tomllib.loads(text), text
    except tomllib.TOMLDecodeError as err:
        found = re.search(r"\(at line (\d+), column \d+\)", str(err))
        message = str(err).split(" (at line")[0]
        problems.add(path, None, f"invalid TOML: {message}",
                     line=int(found.group(1)) if found else None)
        return None

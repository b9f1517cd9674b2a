"""JSON and JSON Lines views (schema version 1)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, TextIO

from ..report import SCHEMA_VERSION, Failure, Report


def envelope(reports: Iterable[Report], failures: Iterable[Failure], versions: dict[str, str]
             ) -> dict[str, Any]:
    return {
        "schema_version": SCHEMA_VERSION,
        "credscore_version": versions["credscore_version"],
        "rules_hash": versions["rules_hash"],
        "reports": [r.to_dict() for r in reports],
        "failures": [f.to_dict() for f in failures],
    }


def dumps_line(data: Any, indent: int | None = None) -> str:
    """JSON that always encodes as UTF-8: a lone surrogate (possible in text given through the
    API) is written as a ``\\udXXX`` escape instead of breaking the output."""
    separators = (",", ":") if indent is None else None
    text = json.dumps(data, ensure_ascii=False, indent=indent, separators=separators)
    if not text.isascii():
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            text = json.dumps(data, ensure_ascii=True, indent=indent, separators=separators)
    return text


def write_json(out: TextIO, reports: list[Report], failures: list[Failure],
               versions: dict[str, str]) -> None:
    out.write(dumps_line(envelope(reports, failures, versions), indent=2))
    out.write("\n")


def jsonl_line(item: Report | Failure) -> str:
    return dumps_line(item.to_dict())

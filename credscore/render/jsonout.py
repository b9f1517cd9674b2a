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


def write_json(out: TextIO, reports: list[Report], failures: list[Failure],
               versions: dict[str, str]) -> None:
    json.dump(envelope(reports, failures, versions), out, ensure_ascii=False, indent=2)
    out.write("\n")


def jsonl_line(item: Report | Failure) -> str:
    return json.dumps(item.to_dict(), ensure_ascii=False, separators=(",", ":"))

"""One entry point for the whole-batch CI formats: sarif, github, csv and markdown."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TextIO

from ..report import Failure, Report


def write_report(fmt: str, out: TextIO, reports: Sequence[Report], failures: Sequence[Failure],
                 versions: dict[str, str], rules: Sequence[Any] = ()) -> None:
    """Write ``reports`` in ``fmt`` (sarif, github, csv or markdown) to ``out``."""
    if fmt == "sarif":
        from .sarif import write_sarif

        write_sarif(out, reports, failures, versions, rules)
    elif fmt == "github":
        from .github import write_github

        write_github(out, reports, failures)
    elif fmt == "csv":
        from .csv import write_csv

        write_csv(out, reports, failures)
    elif fmt == "markdown":
        from .markdown import write_markdown

        write_markdown(out, reports, failures)
    else:
        raise ValueError(f"unknown batch format {fmt!r}")

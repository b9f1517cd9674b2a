"""Views of reports: one module per output format, chosen by the OutputFormat enum."""

from __future__ import annotations

from enum import Enum


class OutputFormat(str, Enum):
    text = "text"
    concise = "concise"
    json = "json"
    jsonl = "jsonl"
    sarif = "sarif"
    github = "github"
    csv = "csv"
    markdown = "markdown"

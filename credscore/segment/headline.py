"""The article's headline: where a reader sees it, and where credscore finds it.

Order of preference: the loader's metadata title (Markdown front matter ``title``, HTML
``<title>`` or ``og:title``), then a Markdown ``# H1`` or HTML ``<h1>`` that opens the text, then,
for any format, a first line that reads like a headline: one short line (at most
``MAX_WORDS`` words) that does not end like a sentence and is followed by more text.
"""

from __future__ import annotations

from dataclasses import dataclass

from .document import Document

MAX_WORDS = 30
"""A first line longer than this is a paragraph, not a headline (news headlines: 5-20 words)."""
MAX_CHARS = 250


@dataclass(frozen=True)
class Headline:
    """The headline text and, when it is part of ``Document.text``, its span there."""

    text: str
    start: int | None
    """Offset into ``Document.text`` (None when the headline comes from metadata only)."""
    end: int | None
    source: str
    """``metadata``, ``heading`` (a Markdown/HTML H1 or heading-like first block) or
    ``first-line``."""


def _first_line_headline(doc: Document) -> Headline | None:
    blocks = [b for b in doc.blocks if doc.lint_text[b.start : b.end].strip()]
    if len(blocks) < 2:
        return None  # a one-block text has no headline above a body
    first = blocks[0]
    raw = doc.lint_text[first.start : first.end]
    if "\n" in raw.strip():
        return None
    line = raw.strip().lstrip("#").strip()
    if not line or len(line) > MAX_CHARS or len(line.split()) > MAX_WORDS:
        return None
    if line[-1] in ".,;" and not line.endswith("..."):
        return None
    start = first.start + raw.index(line)
    source = "heading" if first.kind == "heading" else "first-line"
    return Headline(doc.text[start : start + len(line)], start, start + len(line), source)


def headline(doc: Document) -> Headline | None:
    """The headline of ``doc`` (cached), or None when the text has none."""
    if "headline" in doc.cache:
        return doc.cache["headline"]
    found: Headline | None = None
    title = doc.metadata.get("title")
    if isinstance(title, str) and title.strip():
        found = Headline(" ".join(title.split()), None, None, "metadata")
        line = _first_line_headline(doc)
        if line is not None and line.text.strip().lower() == found.text.lower():
            found = Headline(line.text, line.start, line.end, "metadata")
    else:
        found = _first_line_headline(doc)
    doc.cache["headline"] = found
    return found

"""Counted nouns: "1 finding", "2 findings", "1,204 articles"."""

from __future__ import annotations

_IRREGULAR = {"was": "were", "has": "have", "is": "are", "this": "these", "its": "their"}


def plural(n: int, word: str, many: str | None = None) -> str:
    """``n`` and ``word`` in the right number (``many`` when the plural is not word + s)."""
    return f"{n:,} {word_for(n, word, many)}"


def word_for(n: int, word: str, many: str | None = None) -> str:
    """``word`` in the number that ``n`` takes, without the count."""
    if n == 1:
        return word
    return many or _IRREGULAR.get(word) or word + "s"

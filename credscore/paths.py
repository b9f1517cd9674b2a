"""Where the rule packs live: inside the installed package, or ``rules/`` in a source checkout."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path


@lru_cache(maxsize=1)
def rules_dir() -> Path:
    here = Path(__file__).resolve().parent
    installed = here / "rules"
    if (installed / "scoring.toml").is_file():
        return installed
    return here.parent / "rules"


def lexicon_path(name: str) -> Path:
    """A built-in lexicon by file name; a user pack's lexicon by absolute path."""
    path = Path(name)
    return path if path.is_absolute() else rules_dir() / "lexicons" / name

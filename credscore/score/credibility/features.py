"""The article feature vector the credibility model reads (documented and versioned).

Each feature is one number computed from the article's measures (``credscore.analyse.measures``,
``Report.metrics["measures"]``) and its findings. Rates use the writer's own words and body
sentences (quotations, the headline and headings excluded) and are log-compressed
(``log1p``) so that one extreme article cannot dominate a fit. A feature is None when the
article gives no basis for it (no headline, no claims); the model then uses the reference
mean, so it contributes no points.

``sign`` is the direction the fitter may use: +1 can only raise the score (credit for good
practice), -1 can only lower it, 0 is fitted freely (length, readability). A feature whose
fitted weight would take the wrong sign is dropped by the fitter
(``credscore.score.credibility.fit``) instead of being shown to a reader as "credit for padding".

Changing what a feature means is a new ``FEATURE_VERSION``; a model file names the version it
was fitted on and is refused by a different one.

The table in docs/features.md is generated from ``FEATURES`` (``tools/gen_rules_table.py``) and
a test keeps it in sync.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

FEATURE_VERSION = 1


@dataclass(frozen=True)
class Evidence:
    """What a feature is computed from: the measures, and non-suppressed finding counts."""

    measures: dict[str, Any]
    rule_counts: dict[str, int]
    """Findings at warning or error per rule id (suppressed findings excluded)."""
    info_counts: dict[str, int]
    """Information-level findings per rule id (suppressed excluded): a detector downgrades a
    weak hit to info ("this gambling article is about gambling"), so most features count only
    warnings and errors; rules that are information by design count with ``any_rules``."""
    suppressed_counts: dict[str, int]
    """Suppressed findings per rule id (subtracted from the measures they mirror)."""

    def get(self, key: str) -> Any:
        return self.measures.get(key)

    def rules(self, *ids: str) -> int:
        """Findings of these rules at warning or error."""
        return sum(self.rule_counts.get(i, 0) for i in ids)

    def any_rules(self, *ids: str) -> int:
        """Findings of these rules at any severity (for rules that are info by design)."""
        return self.rules(*ids) + sum(self.info_counts.get(i, 0) for i in ids)

    def voice_words(self) -> int:
        return max(int(self.measures.get("voice_words") or self.measures.get("words") or 0), 1)

    def sentences(self) -> int:
        return max(int(self.measures.get("body_sentences") or 0), 1)

    def measure_minus(self, key: str, *rule_ids: str) -> float:
        """A measure count less the suppressed findings of the rules that mirror it."""
        value = float(self.measures.get(key) or 0)
        return max(value - sum(self.suppressed_counts.get(i, 0) for i in rule_ids), 0.0)


@dataclass(frozen=True)
class Feature:
    """One entry of the feature vector."""

    name: str
    family: str
    """The family or analysis that computes it (filler, attribution, tone, headline...)."""
    meaning: str
    """What it measures, as a reader would say it."""
    unit: str
    """How the raw value is expressed (shown in explanations and docs)."""
    sign: int
    """+1 only raises the score, -1 only lowers it, 0 either way (fitted freely)."""
    compute: Callable[[Evidence], float | None]
    raw: Callable[[Evidence], float | None]
    """The untransformed value shown to a reader (e.g. a rate per 100 words)."""
    rules: tuple[str, ...] = ()
    """Rule ids whose findings stand behind the feature (their points are shared out)."""
    range: str = ""
    """The range of ``compute``'s value."""
    inverse: Callable[[float], float] = float
    """From ``compute``'s scale back to ``raw``'s (to show a reference value to a reader)."""


def _log1p(x: float | None) -> float | None:
    return None if x is None else math.log1p(max(x, 0.0))


def _per_words(key: str, per: float, *rules: str) -> Callable[[Evidence], float]:
    return lambda e: e.measure_minus(key, *rules) / e.voice_words() * per


def _per_sentences(key: str, per: float, *rules: str) -> Callable[[Evidence], float]:
    return lambda e: e.measure_minus(key, *rules) / e.sentences() * per


def _rules_per_words(ids: tuple[str, ...], per: float, any_severity: bool = False
                     ) -> Callable[[Evidence], float]:
    if any_severity:
        return lambda e: e.any_rules(*ids) / max(int(e.get("words") or 0), 1) * per
    return lambda e: e.rules(*ids) / max(int(e.get("words") or 0), 1) * per


def _value(key: str) -> Callable[[Evidence], float | None]:
    def get(e: Evidence) -> float | None:
        v = e.get(key)
        return None if v is None else float(v)
    return get


def _logged(raw: Callable[[Evidence], float | None]) -> Callable[[Evidence], float | None]:
    return lambda e: _log1p(raw(e))


def _sourced_claims(e: Evidence) -> float | None:
    claims = int(e.get("claims") or 0)
    if claims == 0:
        return None
    return 1.0 - int(e.get("claims_without_source") or 0) / claims


def _sourcing(e: Evidence) -> float:
    """Named sources, quotations and reporting verbs, together, per body sentence: one
    measure of how much of the article is attributed (the three move together, so apart
    they would split one effect three ways)."""
    total = sum(float(e.get(k) or 0) for k in ("named_sources", "quotations",
                                               "reporting_verbs"))
    return total / e.sentences()


def _rate(name: str, family: str, meaning: str, unit: str, sign: int,
          raw: Callable[[Evidence], float | None], rules: tuple[str, ...] = ()) -> Feature:
    return Feature(name, family, meaning, unit, sign, _logged(raw), raw, rules,
                   "log1p of the rate, 0 and up", math.expm1)


def _plain(name: str, family: str, meaning: str, unit: str, sign: int,
           raw: Callable[[Evidence], float | None], rules: tuple[str, ...] = (),
           range_: str = "0..1") -> Feature:
    return Feature(name, family, meaning, unit, sign, raw, raw, rules, range_)


_SPAM = ("SP101", "SP102", "SP103", "SP104")
_PROMO = ("PR101", "PR102", "PR103", "PR105", "PR106")

FEATURES: tuple[Feature, ...] = (
    Feature("length", "general", "article length", "words", 0,
            lambda e: math.log(max(int(e.get("words") or 0), 1)),
            lambda e: float(e.get("words") or 0), (), "log of the word count", math.exp),
    # filler
    _plain("padding_share", "filler", "padding share (sentences with no concrete information)",
           "mean padding probability", -1, _value("padding_share"), ("FL101", "FL105")),
    _rate("padding_sentences", "filler", "padding sentences", "per 1,000 words", -1,
          _rules_per_words(("FL101",), 1000), ("FL101",)),
    _rate("stock_phrases", "filler", "stock phrases", "per 1,000 words", -1,
          _rules_per_words(("FL102",), 1000, any_severity=True), ("FL102",)),
    _rate("formulaic_headings", "filler", "formulaic headings", "headings", -1,
          lambda e: float(e.any_rules("FL103")), ("FL103",)),
    _rate("restatements", "filler", "restated sentences", "per 1,000 words", -1,
          _rules_per_words(("FL104",), 1000, any_severity=True), ("FL104",)),
    # attribution and sourcing
    _rate("vague_attribution", "attribution", "vague attribution", "per 1,000 words", -1,
          _rules_per_words(("AT101", "AT102", "AT105"), 1000), ("AT101", "AT102", "AT105")),
    _plain("unsourced_article", "attribution", "many claims, no named source", "0 or 1", -1,
           lambda e: float(e.rules("AT103") > 0), ("AT103",), "0 or 1"),
    _rate("anonymous_sources", "attribution", "anonymous sources", "per 10 sentences", -1,
          lambda e: e.any_rules("AT104") / e.sentences() * 10, ("AT104",)),
    _rate("sourcing", "attribution",
          "sourcing: named sources, quotations, reporting verbs (said, told, according to)",
          "per sentence", +1, _sourcing),
    _plain("sourced_claims", "attribution", "claims with a source, quote or link nearby",
           "share of claims", +1, _sourced_claims),
    _plain("dateline", "attribution", "a wire-style dateline", "0 or 1", +1,
           _value("dateline"), (), "0 or 1"),
    # spam and promo
    _rate("spam_insertions", "spam", "spam insertions", "findings", -1,
          lambda e: float(e.rules(*_SPAM)), _SPAM),
    _rate("promo_boilerplate", "promo", "promotional boilerplate", "findings", -1,
          lambda e: float(e.rules(*_PROMO)), _PROMO),
    # tone
    _rate("shouting", "tone", "words in capitals", "per 100 words", -1,
          _per_words("caps_words", 100, "TN101"), ("TN101",)),
    _rate("exclamations", "tone", "exclamation marks", "per 10 sentences", -1,
          _per_sentences("exclamations", 10, "TN101"), ("TN101",)),
    _rate("questions", "tone", "questions to the reader", "per 10 sentences", -1,
          _per_sentences("questions", 10)),
    _rate("loaded_words", "tone", "loaded, emotive words", "per 100 words", -1,
          _per_words("loaded_words", 100, "TN101"), ("TN101",)),
    _rate("conspiracy", "tone", "conspiratorial framing", "per 1,000 words", -1,
          _per_words("conspiracy_phrases", 1000, "TN102"), ("TN102",)),
    _rate("certainty", "tone", "absolute certainty markers", "per 100 words", -1,
          _per_words("certainty_markers", 100, "TN103"), ("TN103",)),
    _rate("hedges", "tone", "hedges (may, reportedly, likely)", "per 100 words", 0,
          _per_words("hedges", 100)),
    _rate("informal", "tone", "chatty, informal words", "per 100 words", -1,
          _per_words("informal_words", 100)),
    # address to the reader
    _rate("first_person_singular", "address", "the writer's 'I'", "per 100 words", -1,
          _per_words("first_person_singular", 100)),
    _rate("first_person_plural", "address", "the writer's 'we'", "per 100 words", -1,
          _per_words("first_person_plural", 100)),
    _rate("second_person", "address", "'you' addressed to the reader", "per 100 words", -1,
          _per_words("second_person", 100, "TN104"), ("TN104",)),
    _rate("imperatives", "address", "commands to the reader", "per 10 sentences", -1,
          _per_sentences("imperatives", 10, "TN104"), ("TN104",)),
    _rate("contractions", "address", "contractions outside quotes", "per 100 words", -1,
          _per_words("contractions", 100)),
    # specificity
    _rate("numbers", "specificity", "numbers and figures", "per sentence", +1,
          _per_sentences("numbers", 1)),
    _rate("dates", "specificity", "dates, days and years", "per sentence", +1,
          _per_sentences("dates", 1)),
    _rate("names", "specificity", "names of people, places, organisations", "per sentence", +1,
          _per_sentences("proper_nouns", 1)),
    _rate("asides", "specificity", "bracketed details (ages, titles, tickers)",
          "per 10 sentences", +1, _per_sentences("parentheses", 10)),
    # readability
    Feature("reading_ease", "readability", "Flesch reading ease", "(0-100, higher is easier)", 0,
            lambda e: None if e.get("reading_ease") is None else e.get("reading_ease") / 100,
            _value("reading_ease"), (), "about -1..1.2 (the score / 100)", lambda x: x * 100),
    Feature("sentence_length", "readability", "mean sentence length", "words", 0,
            lambda e: math.log1p(float(e.get("sentence_words_mean") or 0)),
            _value("sentence_words_mean"), (), "log1p of words", math.expm1),
    Feature("sentence_length_spread", "readability", "spread of sentence lengths",
            "standard deviation in words", 0,
            lambda e: math.log1p(float(e.get("sentence_words_sd") or 0)),
            _value("sentence_words_sd"), (), "log1p of words", math.expm1),
    _plain("lexical_diversity", "readability", "lexical diversity (moving type-token ratio)",
           "(0-1)", 0, _value("lexical_diversity")),
    _rate("commas", "readability", "commas", "per sentence", 0, _per_sentences("commas", 1)),
    # headline
    _plain("clickbait_headline", "headline", "clickbait headline", "probability", -1,
           _value("clickbait_probability"), ("HD101",)),
    Feature("headline_length", "headline", "headline length", "words", 0,
            lambda e: _log1p(_value("headline_words")(e)), _value("headline_words"), (),
            "log1p of words", math.expm1),
    _plain("headline_punctuation", "headline", "headline ends in '?' or '!'", "0 or 1", -1,
           _value("headline_punctuation"), (), "0 or 1"),
)

FEATURE_NAMES: tuple[str, ...] = tuple(f.name for f in FEATURES)
BY_NAME: dict[str, Feature] = {f.name: f for f in FEATURES}


def evidence_from(measures: dict[str, Any], findings: Iterable[Any]) -> Evidence:
    """Evidence from a report's measures and findings (anything with ``rule_id``,
    ``suppressed`` and ``severity``)."""
    counts: dict[str, int] = {}
    info: dict[str, int] = {}
    suppressed: dict[str, int] = {}
    for f in findings:
        if getattr(f, "suppressed", False):
            target = suppressed
        else:
            target = info if int(f.severity) <= 1 else counts
        target[f.rule_id] = target.get(f.rule_id, 0) + 1
    return Evidence(measures, counts, info, suppressed)


def feature_vector(evidence: Evidence) -> dict[str, float | None]:
    """Every feature's value (None where the article gives no basis for it)."""
    if not evidence.measures.get("assessable", True):
        return dict.fromkeys(FEATURE_NAMES)
    out: dict[str, float | None] = {}
    for feature in FEATURES:
        value = feature.compute(evidence)
        out[feature.name] = None if value is None else round(float(value), 6)
    return out


def features_fed_by(rule_id: str) -> tuple[str, ...]:
    """The features a rule's findings stand behind (empty: the rule informs, it scores
    nothing by itself)."""
    return tuple(f.name for f in FEATURES if rule_id in f.rules)

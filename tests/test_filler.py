"""Filler family: information measure, padding sentences and share, restatement, headings."""

from __future__ import annotations

import json

import pytest

from credscore.api import Checker
from credscore.config import Config
from credscore.detectors.filler import (
    SIGNALS,
    load_padding_model,
    padding_share,
    sentence_signals,
)
from credscore.load import parse_text

from .conftest import CORPUS, CRYPTO_SEED, SLOTS_SEED, requires_corpus

PADDED = (
    "The AI landscape is increasingly complex and rapidly evolving. This environment creates "
    "significant challenges and opportunities for various stakeholders. The growing importance "
    "of innovation cannot be overstated. Balancing these competing interests remains one of the "
    "industry's greatest challenges. Moreover, the broader implications are profound and "
    "increasingly important. Navigating these complexities will be essential for the future. "
    "Such dynamics underscore the pivotal importance of robust strategies. Ultimately, the "
    "evolving landscape will remain crucial for everyone involved."
)
REPORTED = (
    "British Airways has blamed high fuel prices for a 40% drop in profits. Reporting its "
    "results for the three months to 31 December 2004, the airline made a pre-tax profit of "
    "£75m. Rod Eddington, BA's chief executive, said the results were respectable. \"We are "
    "pleased with the way we have performed,\" he told reporters on Tuesday. In October, it "
    "increased its surcharge from £6 to £10 one-way. Turnover for the quarter was up 4.3% to "
    "£1.97bn. Its shares closed up 1.8% at 239p. Analysts at Dresdner Kleinwort Wasserstein "
    "said costs would keep rising."
)


def _check(text: str, select: str = "filler"):  # type: ignore[no-untyped-def]
    return Checker(Config(select=[select])).check_text(text)


def test_model_table_has_every_signal() -> None:
    model = load_padding_model()
    assert set(model.weights) == set(SIGNALS)
    # concrete signals lower the probability, padding signals raise it
    for name in ("quote", "said", "number", "date"):
        assert model.weights[name] < 0, name
    for name in ("generic", "abstract", "connective", "evaluative"):
        assert model.weights[name] > 0, name


def test_signals_are_bounded_and_concrete_facts_register() -> None:
    doc = parse_text('Rod Eddington said on Tuesday that profits fell 40% to £75m, "a blow".')
    (sig,) = [s for s in sentence_signals(doc) if s is not None]
    assert all(0.0 <= v <= 1.0 for v in sig.values())
    assert sig["said"] == sig["date"] == sig["quote"] == 1.0
    assert sig["number"] > 0 and sig["names"] > 0
    assert sig["generic"] == 0.0


def test_padding_share_orders_padding_above_reporting() -> None:
    padded, n_padded = padding_share(parse_text(PADDED))
    reported, n_reported = padding_share(parse_text(REPORTED))
    assert n_padded == 8 and n_reported >= 5
    assert padded > 0.75 > 0.35 > reported


def test_padding_share_finding_on_padded_article_only() -> None:
    padded = [f for f in _check(PADDED).findings if f.rule_id == "FL105"]
    assert len(padded) == 1
    assert padded[0].data["padding_share"] >= 0.6
    assert "Padding share" in padded[0].message
    assert not [f for f in _check(REPORTED).findings if f.rule_id == "FL105"]


def test_padding_sentence_needs_generic_words_and_no_facts() -> None:
    fired = {f.evidence for f in _check(PADDED).findings if f.rule_id == "FL101"}
    assert "Balancing these competing interests remains one of the industry's greatest " \
           "challenges." in fired
    assert not [f for f in _check(REPORTED).findings if f.rule_id == "FL101"]


def test_restatement_points_at_the_restated_line() -> None:
    text = (
        "Anthropic accused Alibaba of conducting the largest known AI distillation attack on "
        "its Claude models.\n"
        "Officials met on Tuesday to discuss the budget for the coming year.\n"
        "Anthropic's allegation that Alibaba conducted the largest known AI distillation attack "
        "on Claude models marks a major controversy.\n"
    )
    hits = [f for f in _check(text).findings if f.rule_id == "FL104"]
    assert len(hits) == 1
    assert hits[0].evidence.startswith("Anthropic's allegation")
    assert hits[0].data["restates_line"] == 1
    assert hits[0].data["similarity"] >= 0.6


def test_exact_repeat_is_not_a_restatement() -> None:
    para = "The exchange delisted ten perpetual swap contracts on Monday after weak trading."
    text = f"{para}\nRead More\n{para}\n"
    assert not [f for f in _check(text).findings if f.rule_id == "FL104"]


@pytest.mark.parametrize("heading", [
    "Conclusion", "What Happens Next?", "Looking Ahead: The Future of AI Security",
    "Final Thoughts", "Why This Matters Now", "## Key Takeaways",
    "The Future of Crypto Regulation", "Implications for Investors",
])
def test_formulaic_headings(heading: str) -> None:
    text = f"The deal closed on Friday.\n\n{heading}\n\nThe deal is done, the bank said.\n"
    hits = [f for f in _check(text, "FL103").findings]
    assert len(hits) == 1 and hits[0].evidence.strip("# ") == heading.strip("# ")


def test_news_heading_is_not_formulaic() -> None:
    text = ("The deal closed on Friday.\n\nShareholders Approve Merger\n\n"
            "The vote was 92% in favour.\n")
    assert not _check(text, "FL103").findings


def test_seed_articles_are_mostly_padding() -> None:
    for seed in (CRYPTO_SEED, SLOTS_SEED):
        share, _ = padding_share(parse_text(seed.read_text(encoding="utf-8")))
        assert share >= 0.65, (seed.name, share)
    report = Checker(Config(select=["filler"])).check_path(CRYPTO_SEED)
    ids = {f.rule_id for f in report.findings}
    assert {"FL101", "FL102", "FL103", "FL105"} <= ids


def _records(name: str) -> list[dict]:
    with open(CORPUS / name / "dev.jsonl", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


@requires_corpus
def test_seeds_above_99_percent_of_professional_news() -> None:
    news = [padding_share(parse_text(r["text"]))[0]
            for name in ("bbc_news", "reuters21578") for r in _records(name)[::3]]
    for seed in (CRYPTO_SEED, SLOTS_SEED):
        share, _ = padding_share(parse_text(seed.read_text(encoding="utf-8")))
        assert sum(1 for x in news if x < share) / len(news) >= 0.99, seed.name


@requires_corpus
def test_padding_share_separates_ai_from_human_news() -> None:
    recs = _records("human_ai_news")
    ai = [padding_share(parse_text(r["text"]))[0] for r in recs if r["label"] == "ai"]
    human = [padding_share(parse_text(r["text"]))[0] for r in recs if r["label"] == "human"]
    wins = sum((a > h) + 0.5 * (a == h) for a in ai for h in human)
    assert wins / (len(ai) * len(human)) >= 0.85

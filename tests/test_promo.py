"""Promo family: boilerplate blocks by category, whole-block spans, seeds and corpus floors."""

from __future__ import annotations

import json
import re

import pytest

from credscore.api import Checker
from credscore.config import Config
from credscore.findings import Severity
from credscore.load import parse_text

from .conftest import CORPUS, CRYPTO_SEED, requires_corpus

ARTICLE = "Bitcoin rose 4% to $64,200 on Thursday, CoinDesk data showed.\n\n"


def _promo(text: str):  # type: ignore[no-untyped-def]
    return [f for f in Checker(Config(select=["promo"])).check_text(text).findings
            if f.family == "promo"]


@pytest.mark.parametrize(("rule_id", "category", "block"), [
    ("PR101", "financial disclaimer",
     "Disclaimer: The information on this page should not be construed as investment advice. "
     "Readers should conduct their own research before making any decision."),
    ("PR102", "author-bio puffery",
     "Maya is a seasoned crypto writer and blockchain evangelist who loves decoding markets."),
    ("PR103", "slogan or tagline", "coinbuzz.io - Where Crypto Meets Culture Every Day"),
    ("PR103", "slogan or tagline", "coinbuzz.io – Where Crypto Meets Culture Every Day"),
    ("PR104", "syndication footer",
     "The post Bitcoin Rallies Past $64K appeared first on CoinGape."),
    ("PR105", "sponsored or press-release marker",
     "This article is sponsored and does not reflect the views of the editorial team."),
    ("PR106", "referral or call to action",
     "Sign up on the exchange with code MOON50 and claim your welcome bonus today."),
])
def test_each_category_is_one_block_finding(rule_id: str, category: str, block: str) -> None:
    found = [f for f in _promo(ARTICLE + block + "\n") if f.rule_id == rule_id]
    assert len(found) == 1, [f.rule_id for f in _promo(ARTICLE + block + "\n")]
    f = found[0]
    assert f.evidence == block  # the whole block, not the cue phrase
    assert f.data["category"] == category
    assert f"({category})" in f.message


def test_disclaimer_paragraphs_and_heading_merge_into_one_span() -> None:
    footer = (
        "Disclaimer:\n"
        "This content is not financial advice. Always do your own homework.\n"
        "We are not responsible for any losses you may incur; consult a qualified financial "
        "advisor.\n"
    )
    found = [f for f in _promo(ARTICLE + footer) if f.rule_id == "PR101"]
    assert len(found) == 1
    assert found[0].evidence == footer.rstrip("\n")


def test_cue_inside_a_quotation_is_reporting_not_boilerplate() -> None:
    text = ('The regulator warned that influencers who say "this is not financial advice" still '
            "break the law when they are paid, the agency said on Monday.")
    assert not _promo(text)


def test_article_sentence_glued_to_a_footer_stays_out_of_the_span() -> None:
    text = ("Uniswap plans to raise $62 million for ecosystem grants, the foundation said. "
            "Disclaimer: This article is provided for informational purposes only. It is not "
            "offered or intended to be used as legal, tax, investment, financial, or other "
            "advice.")
    (f,) = [f for f in _promo(text) if f.rule_id == "PR101"]
    assert f.evidence.startswith("Disclaimer:")


@pytest.mark.parametrize("text", [
    "The central bank said it would not give advice to individual investors on portfolios.",
    "Ministers must act now to stop the decline, the report said.",
    "The post office in the town appeared first in records from 1840.",
    "The minister said he had taken legal advice before the vote on Tuesday.",
    "Smith, a passionate supporter of the club, watched the match from the stands.",
])
def test_news_sentences_are_not_promo(text: str) -> None:
    assert not [f for f in _promo(text) if f.severity >= Severity.WARNING]


def test_seed_000_boilerplate_is_covered() -> None:
    report = Checker(Config(select=["promo"])).check_path(CRYPTO_SEED)
    spans = [(f.start, f.end, f.rule_id) for f in report.findings]
    text = report.text

    def covered(needle: str, rule_id: str) -> bool:
        i = text.index(needle)
        return any(s <= i and i + len(needle) <= e and r == rule_id for s, e, r in spans)

    assert covered("not financial advice", "PR101")
    assert covered("Always do your own homework", "PR101")
    assert covered("qualified financial advisor", "PR101")  # second paragraph of the block
    assert covered("passionate crypto journalist and blockchain enthusiast", "PR102")
    assert covered("Not Just Crypto News. It’s Crypto Culture.", "PR103")
    assert len([f for f in report.findings if f.rule_id == "PR101"]) == 1


_DISCLAIMER = re.compile(
    r"(?i)not (?:\w+[ ,]+){0,8}?(?:investment|financial)(?:[ ,]+\w+){0,3}? advice"
    r"|(?:do|conduct) (?:your|their) own (?:research|homework)"
)


def _records(name: str) -> list[dict]:
    with open(CORPUS / name / "dev.jsonl", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


@requires_corpus
def test_disclaimer_recall_on_crypto_news() -> None:
    checker = Checker(Config(select=["promo"]))
    qualify = recalled = 0
    for name in ("crypto_news_rss", "crypto_news_cryptorank"):
        for rec in _records(name)[:120]:
            spans = [m.span() for m in _DISCLAIMER.finditer(rec["text"])]
            if not spans:
                continue
            qualify += 1
            found = [(f.start, f.end) for f in checker.engine.run(parse_text(rec["text"]))
                     if f.family == "promo"]
            recalled += all(any(s <= a and b <= e for s, e in found) for a, b in spans)
    assert qualify >= 100
    assert recalled / qualify >= 0.95


@requires_corpus
def test_few_promo_warnings_on_professional_news() -> None:
    checker = Checker(Config(select=["promo"]))
    recs = _records("bbc_news")[::2] + _records("reuters21578")[::2]
    loud = sum(any(f.severity >= Severity.WARNING
                   for f in checker.engine.run(parse_text(r["text"]))) for r in recs)
    assert loud / len(recs) <= 0.01


@pytest.mark.parametrize(("patterns", "problem"), [
    (["not financial advice", "(unclosed"], "bad regular expression"),
    (["not financial advice", "(?i)do your own research"], "do not combine"),
])
def test_bad_boilerplate_pattern_names_its_category(patterns: list[str], problem: str) -> None:
    from credscore.detectors import ParamError, build_detector

    with pytest.raises(ParamError) as err:
        build_detector("boilerplate-block", {"categories": {"disclaimer": ["promo-disclaimer.txt"]},
                                            "patterns": {"disclaimer": patterns}})
    assert err.value.key == "patterns.disclaimer"
    assert problem in str(err.value)

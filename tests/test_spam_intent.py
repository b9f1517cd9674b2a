"""Spam round 7 (issue #17): link-host evidence, topic notes, commercial-intent shapes, SP104."""

from __future__ import annotations

import pytest

from credscore.api import Checker
from credscore.config import Config
from credscore.detectors.intentshapes import new_names, shape_features
from credscore.detectors.linkhosts import HostClassifier, affiliate_link, host_of
from credscore.findings import Severity
from credscore.load import parse_text

SPAM = Checker(Config(select=["spam"]))
HOSTS = HostClassifier({"gambling": ["spam-hosts-gambling.txt"],
                        "shortener": ["spam-hosts-shortener.txt"]})

HOST = (
    "The city council approved the new budget on Tuesday after a long debate.\n\n"
    "Councillors agreed to spend more on road repairs and school buildings. The opposition "
    "said the plan would raise local taxes next year. {insert} The mayor said the extra money "
    "would come from higher parking charges.\n\n"
    "The budget will be reviewed again in the spring, when the council expects new figures "
    "on tax income. Residents can comment on the plan until the end of March."
)


def spam_findings(text: str, fmt: str = "txt", min_sev: Severity = Severity.WARNING) -> list:
    return [f for f in SPAM.check_text(text, fmt).findings
            if f.family == "spam" and f.severity >= min_sev]


# -- link hosts ------------------------------------------------------------------------------

def test_a_dotted_host_entry_matches_the_domain_and_its_subdomains_only() -> None:
    assert HOSTS.category("bit.ly") == "shortener"
    assert HOSTS.category("www.bit.ly") == "shortener"
    assert HOSTS.category("habit.ly") is None


def test_a_host_keyword_matches_inside_the_host_name() -> None:
    assert HOSTS.category("best-casino-bonus.net") == "gambling"
    assert HOSTS.category("www.bbc.co.uk") is None
    assert host_of("https://WWW.Example.COM/a?b=1") == "www.example.com"
    assert host_of("/relative/path") == ""


@pytest.mark.parametrize(("href", "tracked"), [
    ("https://go.nordvpn.net/aff_c?offer_id=15&aff_id=111131", True),
    ("https://www.joinsecret.com/?via=bernard", True),
    ("https://www.binance.com/en/join?ref=ESSLLRAL9", True),
    ("https://nexusroll.com/auth/register?promo=2025", True),
    ("https://example.com/refer/abc", True),
    ("https://www.ox.ac.uk/research?ref=homepage", False),
    ("https://github.com/org/repo?tab=readme", False),
    ("https://www.bbc.co.uk/news/business-123", False),
])
def test_affiliate_parameters(href: str, tracked: bool) -> None:
    assert affiliate_link(href) is tracked


def test_a_gambling_link_is_named_by_its_host_whatever_the_anchor() -> None:
    md = HOST.format(insert="Readers can find more on [this page]"
                            "(https://best-casino-bonus.net/?aff_id=991).")
    found = [f for f in spam_findings(md, "md") if f.rule_id == "SP101"]
    assert found and found[0].evidence == "this page"
    assert "best-casino-bonus.net" in found[0].message and "gambling" in found[0].message
    assert "affiliate" in found[0].message
    assert found[0].severity == Severity.ERROR


def test_a_shortened_link_says_it_hides_its_target() -> None:
    md = HOST.format(insert="Details are at [the council page](https://bit.ly/3xYzAb).")
    found = [f for f in spam_findings(md, "md", Severity.INFO) if f.rule_id == "SP101"]
    assert found and "hides where it goes" in found[0].message


# -- on-topic articles: one topic note with the count ----------------------------------------

CASINO_PAGE = (
    "Best crypto casinos of the year\n\n"
    "We tested the top crypto casinos for players who want fast payouts. "
    "Each crypto casino on our list offers free spins and a welcome bonus to new players. "
    "The best crypto casino also has a no deposit bonus and weekly rakeback. "
    "Sweepstakes casinos are an alternative for players in restricted states. "
    "Players should compare the free spins, the welcome bonus and the wagering rules. "
    "Our top crypto casino accepts Bitcoin, Ethereum and Tether deposits. "
    "Use the promo code at sign-up to claim the welcome bonus. "
    "Crypto casinos process withdrawals faster than most card casinos."
)


def test_an_article_about_gambling_gets_one_topic_note_not_dozens_of_errors() -> None:
    report = SPAM.check_text(CASINO_PAGE)
    sp101 = [f for f in report.findings if f.rule_id == "SP101"]
    assert sp101 and all(f.severity == Severity.INFO for f in sp101)
    assert len(sp101) <= 2  # one per reason (the category; the page's other commercial terms)
    assert sum(f.data["count"] for f in sp101) >= 8
    assert all("subject" in f.message and "off-topic" not in f.message for f in sp101)
    assert all(len(f.data["occurrences"]) == f.data["count"] for f in sp101)


def test_spam_messages_never_call_an_on_topic_phrase_off_topic() -> None:
    for f in SPAM.check_text(CASINO_PAGE).findings:
        if f.severity == Severity.INFO:
            assert "off-topic" not in f.message


# -- commercial-intent shapes ----------------------------------------------------------------

@pytest.mark.parametrize(("text", "shape"), [
    ("Plans start at just $2.99 per month, which is a steal.", "@price"),
    ("Visit our website for the latest offers.", "@cta-open"),
    ("You can check it out here and get started today.", "@cta"),
    ("Claim your welcome bonus and free spins.", "@reward"),
    ("Our pharmacy offers discreet delivery right to your door.", "@seller"),
    ("Great read! I have bookmarked your blog.", "@praise+page"),
    ("I contacted them and they helped me recover my funds.", "@testimonial"),
    ("If You Drink Warm Lemon Water Every Morning, Here's What Will Happen", "@title-case"),
    ("18 Child Stars Who Grew Up to Be Super Attractive", "@number-led"),
    ("Don't eat bananas for breakfast; plant them and see what happens.", "@teaser"),
    ("Reach them on WhatsApp or Telegram for a free consultation.", "@contact"),
    ("That was when I discovered TECHY FORCE CYBER RETRIEVAL.", "@caps-name"),
    ("I switched to NordVPN recently.", "@camel-name"),
])
def test_shape_features(text: str, shape: str) -> None:
    assert shape in shape_features(text)


def test_ordinary_news_sentences_carry_few_shapes() -> None:
    for text in ("The bank kept its main interest rate unchanged on Thursday.",
                 "Police said the man was arrested at his home in Leeds on Friday.",
                 "The company reported a 12% rise in quarterly profit."):
        assert not shape_features(text) & {"@cta-open", "@price", "@praise+page",
                                           "@testimonial", "@title-case", "@number-led"}


def test_a_new_name_is_one_the_article_never_mentions() -> None:
    text = HOST.format(insert="I switched to ZentroVPN recently and I love it.")
    doc = parse_text(text)
    start = text.index("I switched")
    names = [n for _, _, n in new_names(doc, start, start + 45)]
    assert "ZentroVPN" in names
    doc = parse_text(text + " ZentroVPN has also sponsored the council's website.")
    assert "ZentroVPN" not in [n for _, _, n in new_names(doc, start, start + 45)]


def test_the_hint_prefilter_never_changes_the_shapes() -> None:
    import json

    from .conftest import ROOT

    texts = [json.loads(line)["text"]
             for line in (ROOT / "bench" / "data" / "realweb_spam.jsonl").open(encoding="utf-8")]
    texts += [HOST, CASINO_PAGE, "Don’t you hate that?  If only\nyou’d installed it.",
              "GET 10% OFF TODAY SHOP INSTANTLY! USE FLAT10", "Win £1,000 cash — txt WIN now!"]
    for text in texts:
        for part in text.split(". "):
            assert shape_features(part) == shape_features(part, hints=False), part


# -- SP104: the shapes of commercial insertions ----------------------------------------------

SP104 = Checker(Config(select=["SP104"]))


def sp104(insert: str, fmt: str = "txt") -> list:
    text = HOST.format(insert=insert)
    return [f for f in SP104.check_text(text, fmt).findings if f.rule_id == "SP104"]


def test_an_unknown_brand_pitch_is_an_advert() -> None:
    found = sp104("I switched to ZentroVPN last year and I love it. Plans start at just $3.49 "
                  "per month, and you can try it risk-free for 30 days.")
    assert found and found[0].severity == Severity.ERROR
    assert "'ZentroVPN', a name the article never mentions" in found[0].message
    assert "a price or discount" in found[0].message
    assert found[0].evidence.startswith("I switched")  # both sentences: one finding
    assert found[0].evidence.endswith("30 days.")


def test_a_native_ad_teaser_is_reported_as_one() -> None:
    found = sp104("You Won't Believe What These 1990s Stars Look Like Today.")
    assert found and found[0].data["kind"] == "native-ad teaser"
    assert "Title Case headline" in found[0].message or "clickbait" in found[0].message


def test_praise_plus_place_comment_spam() -> None:
    found = sp104("Greetings from Leeds! I have been reading your blog for months and finally "
                  "got the courage to say keep up the fantastic work.")
    assert found and found[0].data["kind"] == "comment spam"


def test_a_recovery_testimonial() -> None:
    found = sp104("I lost 3 BTC to a fake trading platform until I contacted RAPID ASSET "
                  "RETRIEVAL, who helped me recover all my funds within 48 hours.")
    assert found and found[0].data["kind"] == "testimonial pitch"
    assert "RAPID ASSET RETRIEVAL" in found[0].message


def test_an_affiliate_link_is_named_in_the_message() -> None:
    found = [f for f in spam_findings(HOST.format(
        insert="For the best price, [check it out here](https://go.zentrovpn.net/aff_c?"
               "offer_id=7&aff_id=4412) before the offer ends."), "md") if f.rule_id == "SP104"]
    assert found and "go.zentrovpn.net" in found[0].message
    assert "affiliate" in found[0].message


def test_an_ordinary_off_topic_news_sentence_is_not_a_pitch() -> None:
    assert not sp104("The chancellor said the country would borrow less next year than it "
                     "had planned in March.")
    assert not sp104("One blogger said he sold $4,000 of coffee machines through a referral "
                     "link to an online shop.")


def test_sp104_leaves_what_sp101_reports_to_it() -> None:
    found = spam_findings(HOST.format(
        insert="Register now on Coinvexa with referral code QX7741 and get a 200 USDT welcome "
               "bonus on your first deposit."))
    assert any(f.rule_id == "SP101" for f in found)
    assert not [f for f in found if f.rule_id == "SP104"]


def test_a_long_article_that_does_not_keep_its_feature_sets_reports_the_same(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # past REUSE_FEATURES_UNITS units the spam family lets each unit's feature set go as soon
    # as its neighbours are scored (flat memory on book-length pages): same findings, same data
    from credscore.detectors import spamsignals

    text = HOST.format(insert="I switched to ZentroVPN last year and I love it. Plans start at "
                              "just $3.49 per month. Txt WIN to 80086 to claim your prize now!")
    kept = Checker().check_text(text).to_dict()
    monkeypatch.setattr(spamsignals, "REUSE_FEATURES_UNITS", 0)
    let_go = Checker().check_text(text).to_dict()
    assert [f["rule_id"] for f in kept["findings"] if f["rule_id"].startswith("SP")]
    assert let_go == kept

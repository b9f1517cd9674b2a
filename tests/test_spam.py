"""Spam family: lexicon categories, on-topic exemption, span extension, links, non-English
insertions, the sentence classifier (SP102) and its shipped model."""

from __future__ import annotations

import json
import math

import pytest

from credscore.analyse.lexicons import load_lexicon
from credscore.analyse.sentencevectors import article_centroid, leave_one_out, sentence_vectors
from credscore.analyse.vectors import cosine
from credscore.api import Checker
from credscore.config import Config
from credscore.detectors.commercial import cosine_to_rest
from credscore.detectors.spamcombiner import candidate
from credscore.detectors.spammodel import features, load_model
from credscore.detectors.spamsignals import sentence_signals
from credscore.findings import Severity
from credscore.paths import rules_dir
from credscore.segment.document import Document

from .conftest import CORPUS, SLOTS_SEED, requires_corpus

SPAM = Checker(Config(select=["spam"]))

HOST = (
    "Researchers at the university published a study of password reuse among bank customers. "
    "The team found that most users recycle passwords across banking and e-mail services. "
    "Many banks now require two-factor authentication for transfers above a set limit. "
    "{insert} "
    "The study recommends password managers and hardware keys for every customer. "
    "The researchers will repeat the survey next year with a larger sample of banks."
)


def spam_findings(text: str, fmt: str = "txt", min_sev: Severity = Severity.WARNING) -> list:
    report = SPAM.check_text(text, fmt)
    return [f for f in report.findings if f.family == "spam" and f.severity >= min_sev]


CATEGORY_SAMPLES = {
    "gambling": "Customers also enjoy the best online casino bonus offers on the same phone.",
    "pharma": "You can also buy viagra online without prescription from trusted sellers.",
    "loans": "Need cash fast? Get payday loans with no credit check approved in minutes.",
    "essay-service": "Students short of time can simply pay someone to write my essay online.",
    "adult": "Lonely tonight? Meet hot singles in your area on our free adult webcam site.",
    "followers": "Influencers grow faster when they buy instagram followers from us.",
    "referral": "Sign up using my referral link and enter promo code at checkout.",
    "prize": "Congratulations, you have won a free holiday, to claim call our hotline.",
}


def test_an_offshore_casino_brand_fires_off_topic() -> None:
    found = spam_findings(HOST.format(
        insert="Similar checks are used by bookmakers such as 1xbet and Parimatch for payments."))
    assert {f.evidence for f in found if f.rule_id == "SP101"} == {"1xbet", "Parimatch"}


@pytest.mark.parametrize("category", sorted(CATEGORY_SAMPLES))
def test_each_lexicon_category_fires_off_topic(category: str) -> None:
    found = spam_findings(HOST.format(insert=CATEGORY_SAMPLES[category]))
    sp101 = [f for f in found if f.rule_id == "SP101"]
    assert sp101, f"no SP101 finding for {category}"
    assert category in {f.data["category"] for f in sp101}
    assert all(f.severity == Severity.ERROR for f in sp101)


def test_every_category_lexicon_is_loaded_and_non_trivial() -> None:
    for name in ("gambling", "pharma", "loans", "essay", "adult", "followers", "referral",
                 "prize", "external-source"):
        entries = load_lexicon(f"spam-{name}.txt")
        assert len(entries) >= 50, name
        assert all(e == e.lower().strip() for e in entries)
    for name in ("gambling", "pharma", "loans", "essay", "adult", "followers", "shortener"):
        entries = load_lexicon(f"spam-hosts-{name}.txt")
        assert len(entries) >= 5, name
        assert all(e == e.lower().strip() and " " not in e for e in entries)


def test_seed_003_span_covers_the_whole_casino_brand_phrase() -> None:
    report = SPAM.check_path(SLOTS_SEED)
    errors = [f for f in report.findings if f.family == "spam" and f.severity == Severity.ERROR]
    assert any("star wars slots online" in f.evidence.lower() for f in errors), errors
    # the span stops at punctuation/function words: it does not swallow "such as" or "and"
    assert all(not f.evidence.lower().startswith("such") for f in errors)
    assert all(not f.evidence.lower().endswith(" and") for f in errors)


def test_span_extension_only_takes_words_absent_elsewhere() -> None:
    text = HOST.format(
        insert="Banks use payment tools such as password slots online for transfers.")
    found = [f for f in spam_findings(text) if f.rule_id == "SP101"]
    assert found
    # "password" occurs elsewhere in the article, so it is not absorbed into the span
    assert found[0].evidence.lower() == "slots online"


def test_article_about_gambling_gets_only_info_notes() -> None:
    text = (
        "The gambling commission published new rules for online casino operators on Monday. "
        "Each online casino must verify the age of new players within 72 hours. "
        "Operators offering free spins and a no deposit bonus face new advertising limits. "
        "The regulator said online casino advertising on television will also be restricted. "
        "Betting firms have six months to comply with the rules."
    )
    report = SPAM.check_text(text)
    spam = [f for f in report.findings if f.family == "spam"]
    assert spam, "the topic note should still be there"
    assert all(f.severity == Severity.INFO for f in spam)
    # topic notes are not spam insertions: no spam points, no floor
    assert not [r for r in report.reasons if r.key == "spam_insertions" and r.points < 0]
    assert not [r for r in report.reasons if r.kind == "floor"]


def test_pharma_article_is_not_flagged() -> None:
    text = (
        "Regulators warned that people who buy viagra online from unlicensed pharmacies risk "
        "receiving counterfeit pills. Online pharmacies must display a registration logo. "
        "Officials seized thousands of fake viagra pills sold by online pharmacies last year. "
        "Doctors said patients should only buy viagra online from registered pharmacies."
    )
    assert not spam_findings(text)


def test_markdown_link_with_gambling_host() -> None:
    md = HOST.format(insert="Businesses rely on [trusted payment partners]"
                            "(https://best-casino-bonus.example/win) for transfers.")
    found = spam_findings(md, "md")
    assert any(f.rule_id == "SP101" and "trusted payment partners" in f.evidence for f in found)


def test_html_link_with_commercial_anchor_is_reported_once() -> None:
    html = ("<html><body><article><p>"
            + HOST.format(insert='For background, visit <a href="https://bit.ly/3xYz">slot '
                                 'gacor hari ini</a> today.')
            + "</p></article></body></html>")
    found = spam_findings(html, "html")
    assert len([f for f in found if f.rule_id == "SP101"]) == 1
    assert "slot gacor" in found[0].evidence


def test_plain_link_to_honest_site_is_quiet() -> None:
    md = HOST.format(insert="The full report is on the [university website]"
                            "(https://www.ox.ac.uk/research/passwords).")
    assert not spam_findings(md, "md")


@pytest.mark.parametrize(
    "insert",
    [
        "Untuk hiburan, coba judi online terpercaya di situs kami.",  # Indonesian
        "Для развлечения попробуйте лучшее онлайн казино прямо сейчас.",  # Russian, Cyrillic
        "最好的在线赌场 欢迎光临.",  # Chinese
    ],
)
def test_non_english_gambling_insertions(insert: str) -> None:
    found = spam_findings(HOST.format(insert=insert))
    assert any(f.severity == Severity.ERROR for f in found), insert


def test_sms_spam_without_lexicon_phrase_is_caught_by_sp102() -> None:
    text = HOST.format(insert="Visit www.cheapdeals4u.com for the lowest prices on mobile "
                              "phones and laptops!")
    found = spam_findings(text)
    assert any(f.rule_id == "SP102" and "cheapdeals4u" in f.evidence for f in found)


def test_quoted_second_person_speech_is_not_spam() -> None:
    text = HOST.format(insert='"If you reuse a password, you hand criminals the key to your '
                              'account," the lead author said.')
    assert not spam_findings(text)


def test_classifier_orders_spam_above_news() -> None:
    model = load_model()
    spam = "WINNER!! You have been selected to receive a 900 pound prize. Call 09061701461 now."
    news = "The central bank kept its main interest rate unchanged at 4.5% on Thursday."
    assert model.probability(spam) > 0.9 > 0.1 > model.probability(news)
    assert "#bangs" in features(spam)


def test_shipped_models_are_plain_data() -> None:
    models = rules_dir() / "models"
    combiner = json.loads((models / "spam-combiner.json").read_text(encoding="utf-8"))
    assert combiner["error_at"] >= combiner["warning_at"]
    first = (models / "spam-sentence.tsv").read_text(encoding="utf-8").splitlines()[:3]
    assert any(line.startswith("# bias\t") for line in first)


def test_linear_cosine_matches_leave_one_out() -> None:
    doc = Document(HOST.format(insert="Customers also use online banking apps for transfers."))
    vectors = sentence_vectors(doc)
    centroid = article_centroid(doc)
    norm2 = sum(v * v for v in centroid.values())
    for i, vec in enumerate(vectors):
        expected = cosine(vec, leave_one_out(doc, i))
        assert math.isclose(cosine_to_rest(vec, vec, centroid, norm2), expected, abs_tol=1e-9)


def test_multi_sentence_insertion_is_not_its_own_context() -> None:
    text = HOST.format(insert="Had your mobile 11 months or more? U R entitled to Update to the "
                              "latest colour mobiles with camera for Free! Call The Mobile Update "
                              "Co FREE on 08002986030.")
    doc = Document(text)
    sigs = [s for s in sentence_signals(doc) if "08002986030" in text[s.start : s.end]]
    assert sigs and sigs[0].cos < 0.05
    assert any(f.rule_id in ("SP101", "SP102") for f in spam_findings(text))


@requires_corpus
def test_no_spam_warning_on_a_sample_of_clean_news() -> None:
    """Accuracy floor (every 10th BBC article; the measured FP rate is in BENCHMARKS.md)."""
    rows = []
    with (CORPUS / "bbc_news" / "dev.jsonl").open(encoding="utf-8") as fh:
        for k, line in enumerate(fh):
            if k % 10 == 0:
                rows.append(json.loads(line)["text"])
    noisy = sum(bool(spam_findings(t)) for t in rows)
    assert noisy <= max(1, int(0.01 * len(rows))), noisy


def test_multi_sentence_prize_text_does_not_make_itself_the_topic() -> None:
    more = (" Banks in Germany and France reported similar habits among their customers."
            " Regulators want banks to publish how often accounts are taken over."
            " Consumer groups said banks should pay back customers who lose money."
            " The banking association said it would study the findings."
            " Password reuse was highest among customers over sixty."
            " Younger customers used password managers more often.")
    text = HOST.format(insert="URGENT! We are trying to contact U. Todays draw shows that you "
                              "have won a £800 prize GUARANTEED. Call 09050001295 from land "
                              "line. Claim A21. Valid 12hrs only.") + more
    found = [f for f in spam_findings(text) if f.rule_id == "SP101"]
    assert found and all(f.severity == Severity.ERROR for f in found)


@pytest.mark.parametrize(
    "insert",
    [
        "Подробнее о лучших предложениях читайте на нашем сайте.",  # Cyrillic, no lexicon term
        "สมัครสมาชิกวันนี้รับโบนัสฟรีทันที.",  # Thai
    ],
)
def test_script_switch_sentence_is_reported(insert: str) -> None:
    found = spam_findings(HOST.format(insert=insert))
    assert any(f.rule_id == "SP103" and f.evidence.startswith(insert[:5]) for f in found)


def test_quoted_foreign_word_is_not_a_script_switch() -> None:
    text = HOST.format(insert='The Russian bank called the attack a "провокация" on Tuesday.')
    assert not [f for f in spam_findings(text) if f.rule_id == "SP103"]


def test_tweet_embed_residue_is_not_an_insertion() -> None:
    text = HOST.format(insert="🔗 https://t.co/UOeDZg9mzS pic.twitter.com/l1BH198rVj")
    assert not [f for f in spam_findings(text) if f.rule_id == "SP102"]


def test_one_sp102_finding_spans_a_multi_sentence_insertion() -> None:
    insert = ("Had your mobile 11 months or more? U R entitled to Update to the latest colour "
              "mobiles with camera for Free! Call The Mobile Update Co FREE on 08002986030.")
    text = HOST.format(insert=insert)
    sp102 = [f for f in spam_findings(text) if f.rule_id == "SP102"]
    assert len(sp102) == 1
    assert sp102[0].evidence == insert


def test_a_lone_message_is_not_an_insertion() -> None:
    assert not [f for f in spam_findings("Call 0800 123 4567 now to claim your FREE gift!!!")
                if f.rule_id == "SP102"]


@pytest.mark.parametrize("insert", [
    "Usually I would not do this but check out his channel, give this guy a chance!",
    "Hey everyone please like and subscribe to my channel for more covers.",
    'Search "Lil Dee - Summer Nights" on youtube, thanks.',
])
def test_self_promotion_is_a_commercial_cue(insert: str) -> None:
    doc = Document(HOST.format(insert=insert))
    kinds = {kind for sig in sentence_signals(doc) for _, _, kind in sig.cues}
    assert "self-promotion" in kinds


@pytest.mark.parametrize("sentence", [
    "The minister asked colleagues to follow me on this point, officials said.",
    "Critics said the broadcaster should check out its own record on pay.",
])
def test_news_phrasing_is_not_self_promotion(sentence: str) -> None:
    doc = Document(HOST.format(insert=sentence))
    kinds = {kind for sig in sentence_signals(doc) for _, _, kind in sig.cues}
    assert "self-promotion" not in kinds


def test_self_promotion_comment_without_commerce_is_caught() -> None:
    # no brand, price or link: only the off-register voice ("I", "you", "!") and the topic
    insert = ("Hi guys, I just started making beats and it would mean the world if you gave "
              "me a listen!")
    found = [f for f in spam_findings(HOST.format(insert=insert)) if f.rule_id == "SP102"]
    assert found and found[0].evidence == insert


def test_quoted_first_person_remark_is_not_an_insertion() -> None:
    text = HOST.format(insert='"I just started using a password manager and it would mean the '
                              'world if my bank supported it," one customer said.')
    assert not spam_findings(text)


def test_abbreviations_and_initials_do_not_cut_units() -> None:
    text = ("Acme Opens Plants\n\nThe company opened two plants in the U.S. and one in Canada. "
            "Its founder came to L.A. to study engineering. Sales rose 5% in the quarter.")
    units = [text[s.start : s.end] for s in sentence_signals(Document(text))]
    assert "The company opened two plants in the U.S. and one in Canada." in units
    assert "Its founder came to L.A. to study engineering." in units


def test_register_signals_against_the_host() -> None:
    text = HOST.format(insert="hello guys i dont know why but u should check this... lol.")
    sigs = {text[s.start : s.end]: s for s in sentence_signals(Document(text))}
    chat = next(s for u, s in sigs.items() if u.startswith("hello guys"))
    assert chat.greeting and chat.chat >= 4 and chat.person >= 1
    assert all(s.chat == 0 and not s.greeting for u, s in sigs.items() if s is not chat)
    text = HOST.format(insert="Exports to the U.S. and the US rose.")
    sig = next(s for s in sentence_signals(Document(text)) if "Exports" in text[s.start : s.end])
    assert sig.person == 0 and sig.address == 0.0  # the country, not "us"


def test_phone_number_at_sentence_end_is_a_cue() -> None:
    text = HOST.format(insert="These are premium services, call 08718711108.")
    kinds = {kind for sig in sentence_signals(Document(text)) for _, _, kind in sig.cues}
    assert "phone number" in kinds


@pytest.mark.parametrize("sentence", [
    "Philadelphia, Portland, Me., and Savannah, Ga.",  # state abbreviation, not "me"
    "R McBryde, J Yapp, I Gough, R Sowden-Taylor, G Cooper.",  # initials in a team list
    "ERICSSON <ERICY> GETS U S WEST <USW> ORDER",  # ticker and "U S"
    "Among its principal U. S. makers are Cetus Corp and Immunex Corp.",
    "The viruses include Herpes Simplex Virus Type I, cytomegalovirus and others.",
    "She played Queen Elizabeth I in a costume drama.",
    "The company issued cumulative preferred shares, series I, and common stock.",
    "In the UK, they have all been passed U - suitable for all.",  # film rating
])
def test_names_ratings_and_numerals_are_not_the_writers_voice(sentence: str) -> None:
    sig = next(s for s in sentence_signals(Document(HOST.format(insert=sentence)))
               if s.start <= HOST.index("{insert}") < s.end)
    assert sig.person == 0, sentence


@pytest.mark.parametrize("sentence", [
    "U R entitled to a free upgrade, call us today.",
    "Then I went home and told my friends.",
    "I am Bulawa Mulete JR, the son of a late minister.",
])
def test_chat_and_first_person_still_count(sentence: str) -> None:
    sig = next(s for s in sentence_signals(Document(HOST.format(insert=sentence)))
               if s.start <= HOST.index("{insert}") < s.end)
    assert sig.person >= 1, sentence


def _cues(insert: str) -> set[str]:
    doc = Document(HOST.format(insert=insert))
    return {kind for sig in sentence_signals(doc) for _, _, kind in sig.cues}


@pytest.mark.parametrize("insert", [
    "Meet The Richest Online Marketer NOW : bit.ly/make-money-fast.",
    "She loves it. trojmiasto.pl/Vena-Bus-Taxi-o59253.html",
])
def test_a_host_name_with_a_path_is_a_url_cue(insert: str) -> None:
    assert "url" in _cues(insert)


@pytest.mark.parametrize("insert", [
    "The pound closed at 407.00/412.00 to the dollar.",
    "Supply/demand figures for the U.S./Canada market were revised.",
])
def test_ratios_and_slashes_are_not_urls(insert: str) -> None:
    assert "url" not in _cues(insert)


@pytest.mark.parametrize("insert", [
    "We are a 14 year old fortune 500 company, that is growing at a tremendous rate.",
    "My name is Andy, the business development manager of a web agency.",
    "I am Mrs Jane Doe, the widow of a late oil minister.",
])
def test_a_sender_introducing_himself_is_a_cue(insert: str) -> None:
    assert "self-introduction" in _cues(insert)


def test_a_quoted_introduction_is_not_a_cue() -> None:
    assert "self-introduction" not in _cues('"My name is Tom and I run the bakery," he said.')


def test_a_vocative_opening_is_a_greeting() -> None:
    text = HOST.format(insert="Friend, a recent survey says that the internet is changing fast.")
    sig = next(s for s in sentence_signals(Document(text))
               if text[s.start : s.end].startswith("Friend"))
    assert sig.greeting


def test_topic_similarity_sees_the_topic_beyond_shared_words() -> None:
    text = ("Liverpool beat Everton 2-1 in the derby on Saturday.\n\n"
            "The home side took the lead through a header from Steven Gerrard after ten minutes. "
            "Robert Carlos made it 2-0 at the break, smashing home an indirect free-kick. "
            "The new domain names are finally available to the general public at discount "
            "prices. Everton pulled one back through a penalty late in the second half.\n\n"
            "The manager praised his striker after the match.")
    sigs = {text[s.start : s.end][:12]: s for s in sentence_signals(Document(text))}
    on_topic, pitch = sigs["Robert Carlo"], sigs["The new doma"]
    assert on_topic.cos == pitch.cos == 0.0  # no word in common with the rest of the report
    assert on_topic.topic_cos > pitch.topic_cos


def test_capitals_in_a_title_are_not_shouting() -> None:
    text = "SHARES RISE ON MONDAY\n\n" + HOST.format(insert="TIRED OF THE BULL OUT THERE?")
    sigs = sentence_signals(Document(text))
    assert sigs[0].caps == 0.0
    assert any(s.caps == 1.0 for s in sigs if text[s.start : s.end].startswith("TIRED"))


def test_abbreviation_before_lower_case_does_not_cut_a_unit() -> None:
    text = HOST.format(insert="But Sen. Richard Lugar (R-Ind.) read a letter from the bankers.")
    units = [text[s.start : s.end] for s in sentence_signals(Document(text))]
    assert "But Sen. Richard Lugar (R-Ind.) read a letter from the bankers." in units
    text = HOST.format(insert="if eminem gets 1 penny per view he would be rich.")
    units = [text[s.start : s.end] for s in sentence_signals(Document(text))]
    assert "if eminem gets 1 penny per view he would be rich." in units


def test_typewriter_quotes_are_quotation_marks() -> None:
    text = ("Ireland name side\n\nGirvan Dempsey comes into the team on the right wing. "
            "''We gave Gordon a chance but it didn't work out,'' said the coach. ''In terms of "
            "the risk element, it was a sensible precaution. He should be fine for the next "
            "game but we do not want to tempt fate.''\n\nMaggs will win his 67th cap.")
    sigs = {text[s.start : s.end][:10]: s for s in sentence_signals(Document(text))}
    assert sigs["''We gave "].quoted and sigs["''We gave "].person == 0
    assert sigs["He should "].quoted and sigs["He should "].person == 0


def test_a_link_without_its_host_is_a_url_cue() -> None:
    assert "url" in _cues("Subscribe & Like /watch?v=5tu9gN1l310")


def test_short_self_promotion_is_a_candidate_page_furniture_is_not() -> None:
    text = HOST.format(insert="Pls subscribe!")
    sig = next(s for s in sentence_signals(Document(text))
               if text[s.start : s.end].startswith("Pls"))
    assert sig.words < 3 and candidate(sig)
    text = HOST.format(insert="\n\nSubscribe now.\n\n")
    sig = next(s for s in sentence_signals(Document(text))
               if text[s.start : s.end].startswith("Subscribe"))
    assert not candidate(sig)


@pytest.mark.parametrize("insert", [
    "However the call will not be before 1992.",
    "They will call an election in 2006.",
])
def test_a_year_is_not_a_short_code(insert: str) -> None:
    assert "short code" not in _cues(insert)


def test_a_short_code_is_a_cue() -> None:
    assert "short code" in _cues("Text WIN to 87066 now to claim your prize.")


def test_a_sites_own_tagline_line_is_not_an_insertion() -> None:
    text = ("Anthropic accuses rival of copying its model\n\n"
            "The company said the attack used thousands of accounts to query its chatbot. "
            "It has since blocked the accounts and informed regulators in several countries.\n\n"
            "Analysts said the dispute could shape how firms protect their models for years.\n\n"
            "hokanews.com – Not Just Crypto News. Get the latest prices first.\n\n"
            "Industry groups have called for clearer rules on model distillation.")
    assert not [f for f in spam_findings(text) if f.rule_id == "SP102"]


def test_an_article_about_spam_names_spam_categories_without_error() -> None:
    text = ("Junk e-mail keeps rising\n\n"
            "The amount of spam sent worldwide rose again this year, a security firm said. "
            "Spammers now send most junk e-mail through hijacked home computers. "
            "Most of the spam advertises pills, cheap loans or porn sites, the firm found. "
            "Anti-spam filters catch nine in ten of the messages before they reach users. "
            "The firm said spammers change their wording daily to slip past the filters.")
    found = spam_findings(text, min_sev=Severity.INFO)
    assert found and all(f.severity == Severity.INFO for f in found)
    assert "about spam itself" in found[0].data["why"]


def test_a_reported_referral_link_is_not_a_pitch() -> None:
    text = HOST.format(insert="One blogger said he sold $4,000 of coffee machines through a "
                              "referral link to an online shop.")
    assert not spam_findings(text)
    text = HOST.format(insert="Sign up today with the referral link below and get a bonus.")
    assert [f for f in spam_findings(text) if f.rule_id == "SP101"]


def test_spam_words_inside_the_insertion_do_not_make_the_article_about_spam() -> None:
    text = HOST.format(insert="Play at the best online casino tonight. This is not spam. No spam, "
                              "only real winners. Reply STOP to opt out of spam.")
    assert [f for f in spam_findings(text) if f.rule_id == "SP101"]


def test_a_pitch_in_tagline_form_is_still_scored() -> None:
    text = HOST.format(insert="\n\nbestdeals-shop.xyz - Get 70% off everything, click now to "
                              "claim your discount!\n\n")
    assert spam_findings(text)

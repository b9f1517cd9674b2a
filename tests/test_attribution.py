"""Attribution family: every cue in both directions, named sources, seeds, metrics, accuracy."""

from __future__ import annotations

import json

import pytest

from credscore.api import Checker
from credscore.config import Config
from credscore.detectors import ParamError, build_detector
from credscore.detectors.sources import named_sources_in
from credscore.findings import Severity
from credscore.packs import default_rules

from .conftest import CORPUS, CRYPTO_SEED, SLOTS_SEED, requires_corpus

CHECKER = Checker(Config(select=["attribution"]))


def findings(text: str, rule_id: str | None = None) -> list:  # type: ignore[type-arg]
    report = CHECKER.check_text(text)
    return [f for f in report.findings
            if f.family == "attribution" and (rule_id is None or f.rule_id == rule_id)]


# (rule, cue, vague sentence that must fire through that cue, same claim with a named source)
CUES = [
    ("AT101", "weasel-subject",
     "Industry analysts note that the outcome could shape future rules.",
     "Analysts at Barclays note that the outcome could shape future rules."),
    ("AT101", "weasel-subject",
     "Critics, however, contend that the plan benefits only large firms.",
     "Critics such as Joseph Stiglitz contend that the plan benefits only large firms."),
    ("AT101", "quantifier-subject",
     "Some argue that the tax is unfair to small firms.",
     "Some argue, Dun said, that the tax is unfair to small firms."),
    ("AT101", "crowd-subject",
     "Many cosmologists thought the singularity was a mathematical artefact.",
     "Many cosmologists thought the singularity was an artefact, Stephen Hawking wrote."),
    ("AT101", "existential-holder",
     "There are scholars who believe the text is older than the inscription.",
     "There are scholars who believe the text is older, according to the British Museum."),
    ("AT101", "who-holder",
     "The reform was opposed by those who believed that markets regulate themselves.",
     "The reform was opposed by those who believed that markets regulate themselves, "
     "Keynes wrote."),
    ("AT101", "vague-agent",
     "The date was rejected by many historians.",
     "The date was rejected by the historian Eric Hobsbawm."),
    ("AT101", "according-vague",
     "According to AI researchers, distillation can replicate valuable capabilities.",
     "According to researchers at Stanford University, distillation can replicate capabilities."),
    ("AT101", "impersonal-passive",
     "It is widely believed that the merger will cut thousands of jobs.",
     "It is widely believed that the merger will cut jobs, Unite's general secretary said."),
    ("AT101", "hearsay-passive",
     "The general is said to have ordered the retreat himself.",
     "The general is said to have ordered the retreat himself, the historian Max Hastings wrote."),
    ("AT101", "opinion-passive",
     "The album was regarded as a masterpiece.",
     "The album was regarded as a masterpiece by Rolling Stone."),
    ("AT101", "reduced-opinion",
     "His son, considered the most important sculptor of the age, worked in Rome.",
     "His son, considered the most important sculptor of the age by Vasari, worked in Rome."),
    ("AT101", "widely-passive",
     "The error is commonly attributed to a copying mistake.",
     "The error is commonly attributed to a copying mistake, the British Library said."),
    ("AT101", "agentless-judgement",
     "The theory has been heavily criticised for ignoring social factors.",
     "The theory has been heavily criticised by Noam Chomsky for ignoring social factors."),
    ("AT101", "hearsay-adverb",
     "The company reportedly paid no tax last year.",
     "The company paid no tax last year, according to Reuters."),
    ("AT101", "vague-evidence",
     "Studies have shown that the drug reduces the risk of stroke.",
     "A 2004 study by the University of Oslo showed that the drug reduces the risk of stroke."),
    ("AT101", "popular-belief",
     "Legend has it that the bridge was built in a single night.",
     "Legend has it that the bridge was built in a single night, Pliny wrote."),
    ("AT104", "inside-source",
     "The bank is preparing a bid, people familiar with the matter said.",
     "The bank is preparing a bid, chief executive John Smith said."),
    ("AT104", "anonymity",
     "The deal is off, according to a diplomat speaking on condition of anonymity.",
     "The deal is off, Treasury Secretary James Baker said."),
    ("AT104", "unnamed-crowd-speaker",
     "Some dealers said the new contract may suffer from thin trading.",
     "Some dealers at Barclays said the new contract may suffer from thin trading."),
    ("AT104", "unnamed-speaker",
     "Oil prices will rise further, analysts said.",
     "Oil prices will rise further, analysts at Goldman Sachs said."),
    ("AT105", "superlative-judgement",
     "Pindar is one of the most famous Greek poets.",
     "Pindar is one of the most famous Greek poets, Quintilian wrote."),
    ("AT105", "most-evaluative",
     "Her most famous novel is set in Yorkshire.",
     "Her most famous novel, the Guardian's critic said, is set in Yorkshire."),
    ("AT105", "fame",
     "His best known work is a novel about the sea.",
     "His best known work, according to the Nobel committee, is a novel about the sea."),
    ("AT105", "speculation",
     "The painting was probably made during his lifetime.",
     "The painting was probably made during his lifetime, the National Gallery said."),
]


@pytest.mark.parametrize(("rule_id", "cue", "vague", "named"), CUES,
                         ids=[f"{r}-{c}-{i}" for i, (r, c, _, _) in enumerate(CUES)])
def test_cue_fires_without_source_and_not_with_one(rule_id: str, cue: str, vague: str,
                                                   named: str) -> None:
    hits = findings(vague, rule_id)
    assert hits, f"{cue} did not fire on {vague!r}"
    assert any(f.data.get("cue") == cue for f in hits), [f.data for f in hits]
    assert not findings(named, rule_id), f"{cue} fired although the source is named: {named!r}"


def test_every_cue_is_tested() -> None:
    tested = {(r, c) for r, c, _, _ in CUES}
    for rule in default_rules():
        if rule.kind == "vague-attribution":
            for cue in rule.params["cues"]:
                assert (rule.id, cue) in tested, f"no test for {rule.id} cue {cue}"


@pytest.mark.parametrize("text", [
    "Many airlines impose stricter safety procedures in bad weather.",
    "In children, hearing loss can lead to social isolation for several reasons.",
    "Some groups formed permanent settlements along the river.",
    "The analysts expect a rise in profits next year.",  # a definite group named earlier
    "The work of historians suggests a later date.",  # not the subject
    "Experts from the Met Office say the storm will weaken.",
    "Goldman Sachs analysts believe the policy will raise prices.",
    "D'Alembert claims that the problem has no solution.",
    "Alibaba is one of the largest technology firms in Asia.",  # a size fact, not a judgement
    "McAloon has often cited Stephen Sondheim as an influence.",  # active, not passive
    "The plans have been criticised by the group's chief executive.",  # a definite agent
    "According to the report, exports fell by 4% in March.",  # the report named earlier
    "Several studies were published in March.",  # a quantifier, no claim about a view
])
def test_not_attribution(text: str) -> None:
    assert not findings(text), findings(text)


def test_paragraph_names_the_source() -> None:
    same = ("Analysts say the dollar will keep falling. The deficit is large. Jim O'Neill of "
            "Goldman Sachs said the deficit was the cause.")
    assert not findings(same, "AT101")
    other = ("Analysts say the dollar will keep falling. The deficit is large.\n\n"
             "Jim O'Neill of Goldman Sachs said the deficit was the cause.")
    assert findings(other, "AT101")


def test_adjacent_sentence_names_the_source() -> None:
    text = ("Analysts say the dollar will keep falling. Jim O'Neill of Goldman Sachs said the "
            "deficit was the cause.")
    assert not findings(text, "AT101")
    alone = "Analysts say the dollar will keep falling. The deficit is large."
    assert findings(alone, "AT101")


def test_quoted_cue_is_not_the_writer_speaking() -> None:
    assert not findings('He told the court: "Experts say the bridge is unsafe."', "AT101")


def test_reported_speech_is_anonymous_sourcing_generic_claims_are_vague() -> None:
    # a past-tense report of what unnamed people said is anonymous sourcing (info) ...
    said = findings("Oil prices will rise further, traders said.")
    assert said and all(f.rule_id == "AT104" for f in said)
    # ... what a crowd generally holds (present, present perfect) is vague attribution
    assert findings("Traders say oil prices will rise further.", "AT101")
    assert findings("Researchers have repeatedly warned that prices will rise.", "AT101")


def test_anonymous_sources_are_info_only() -> None:
    hits = findings("The bank is preparing a bid, people familiar with the matter said.")
    assert hits and all(f.severity == Severity.INFO for f in hits)
    # no points of its own: the model counts anonymous sources per 10 sentences
    text = "The bank is preparing a bid, people familiar with the matter said."
    report = CHECKER.check_text(text)
    line = next(r for r in report.reasons if r.key == "anonymous_sources")
    assert line.rule_ids == ("AT104",) and line.count == 1


def test_named_institution_voice() -> None:
    text = "Jamaica bought U.S. corn, a U.S. Department of Agriculture official said."
    assert [n for *_, n in named_sources_in(text)] == ["U.S. Department of Agriculture"]
    assert not findings(text)
    assert findings("Jamaica bought U.S. corn, an official said.", "AT104")


def test_named_source_grammar() -> None:
    names = {n for _, _, n in named_sources_in("Rod Eddington, BA's chief executive, said so.")}
    assert "Rod Eddington" in names
    assert {n for *_, n in named_sources_in("The rise was respectable, said Rod Eddington.")} == {
        "Rod Eddington"}
    assert named_sources_in("According to the Office for National Statistics, prices fell.")
    assert named_sources_in("Growth slowed (Stephan & Rosenfield, 1978).")
    # sentence-initial capitals, vague nouns and quantifiers are not names
    for text in ("Critics said the plan was flawed.", "Many said it would fail.",
                 "Researchers found no link.", "However, prices rose."):
        assert not named_sources_in(text), text
    # a one-word name at the sentence start counts when the text treats it as a name
    assert named_sources_in("BA said profits rose.")
    assert named_sources_in("Later Dummett argued it. Dummett argued that truth matters.")


def test_senate_letter_is_a_named_source() -> None:
    text = SLOTS_SEED.read_text(encoding="utf-8")
    start = text.index("In a letter dated June 10, 2026")
    end = text.index("claims against Alibaba.", start) + len("claims against Alibaba.")
    names = [n for _, _, n in named_sources_in(text[start:end])]
    assert "Anthropic" in names
    assert any(n.startswith("letter dated June 10, 2026") for n in names)
    report = CHECKER.check_text(text)
    assert not any(f.start >= start and f.end <= end for f in report.findings
                   if f.family == "attribution")


@pytest.mark.parametrize("phrase", [
    "| Source: XPost |", "According to AI researchers", "Industry analysts note",
    "Many experts believe", "Researchers have repeatedly warned", "Critics, however, contend",
])
def test_crypto_seed_vague_sources_flagged(phrase: str) -> None:
    report = CHECKER.check_text(CRYPTO_SEED.read_text(encoding="utf-8"))
    hits = [f for f in report.findings if f.family == "attribution"]
    assert any(phrase.lower() in f.sentence.lower() or phrase.lower() in f.evidence.lower()
               for f in hits), phrase


def test_slots_seed_experts_emphasize_flagged() -> None:
    report = CHECKER.check_text(SLOTS_SEED.read_text(encoding="utf-8"))
    assert any("experts emphasize" in f.evidence for f in report.findings if f.rule_id == "AT101")


def test_platform_only_source_both_ways() -> None:
    assert findings("| Source: XPost |", "AT102")
    assert findings("Source: Telegram", "AT102")
    assert not findings("Source: Reuters, 12 March 2024", "AT102")


def test_metrics_keys_are_stable() -> None:
    report = CHECKER.check_text(CRYPTO_SEED.read_text(encoding="utf-8"))
    counts = report.metrics["attribution"]
    assert set(counts) == {"named_sources", "quotations", "links", "claims",
                           "claims_without_source"}
    assert counts["claims"] >= counts["claims_without_source"] > 0
    sourced = CHECKER.check_text(
        'Inflation fell to 2.1% in March, the Office for National Statistics said. "Prices '
        'are stabilising," said Jane Smith, its chief economist. The figures were better than '
        "the 2.4% most economists had forecast."
    ).metrics["attribution"]
    assert sourced["named_sources"] >= 2 and sourced["quotations"] == 1


def test_unsourced_article_both_ways() -> None:
    claims = ("Prices will rise by 40% next year. The market could double. Record investment "
              "will follow. The biggest firms may expand. ") * 20
    assert findings(claims, "AT103")
    sourced = claims + 'Jane Smith, Gartner\'s research director, said "demand is strong".'
    assert not findings(sourced, "AT103")


def test_bad_cue_parameters_are_rejected() -> None:
    with pytest.raises(ParamError):
        build_detector("vague-attribution", {"cues": {"x": "(unclosed"}})
    with pytest.raises(ParamError):
        build_detector("vague-attribution", {"cues": []})
    with pytest.raises(ParamError):
        build_detector("vague-attribution", {"cues": {"x": "a"}, "agent_excuses": ["y"]})


def _rows(dataset: str, limit: int | None = None) -> list[dict]:  # type: ignore[type-arg]
    rows = []
    with open(CORPUS / dataset / "dev.jsonl", encoding="utf-8") as fh:
        for line in fh:
            rows.append(json.loads(line))
            if limit and len(rows) >= limit:
                break
    return rows


@requires_corpus
def test_conll_weasel_precision_and_recall_floor() -> None:
    tp = fp = fn = 0
    for row in _rows("conll2010_wiki_uncertainty"):
        flagged = bool(findings(row["text"]))
        gold = row["label"] == "uncertain"
        tp += flagged and gold
        fp += flagged and not gold
        fn += gold and not flagged
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    assert precision >= 0.85 and recall >= 0.30, (precision, recall)


@requires_corpus
def test_news_rarely_unsourced() -> None:
    rows = _rows("bbc_news", 300) + _rows("reuters21578", 300)
    flagged = sum(bool(findings(r["text"], "AT103")) for r in rows)
    assert flagged / len(rows) <= 0.03

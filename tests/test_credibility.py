"""The credibility model: measures, features, fit -> save -> load -> score, calibration, CLI."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from typer.testing import CliRunner

import credscore
from credscore.analyse.style import style_counts
from credscore.api import Checker
from credscore.cli import app
from credscore.config import Config
from credscore.detectors.headline import clickbait_probability
from credscore.findings import Severity
from credscore.load import parse_text
from credscore.score.credibility.features import FEATURE_NAMES, FEATURE_VERSION, FEATURES
from credscore.score.credibility.fit import fit_model, reference_weights, write_model
from credscore.score.credibility.model import ModelError, load_model, model_from_dict
from credscore.segment.headline import headline

from .conftest import CORPUS, CRYPTO_SEED, SLOTS_SEED

REPORTED = (
    "Rod Eddington, BA's chief executive, said the results were \"respectable\" in a third "
    "quarter when fuel costs rose by 106m or 47.3%. BA's profits were still better than "
    "market expectation of 59m, and it expects a rise in full-year revenues. The airline "
    "made a pre-tax profit of 75m ($141m) in the three months to 31 December 2004, "
    "according to its quarterly report published in London on Monday.")
SHOUTED = (
    "This is the SHOCKING truth they don't want you to know! The mainstream media will NEVER "
    "report it. Wake up! Share this with everyone before it is deleted! You won't believe "
    "what happened next, and you deserve to know the truth about it right now!")


def test_style_counts_the_writers_voice_not_quotations() -> None:
    quoted = style_counts(parse_text('"This is SHOCKING and outrageous!" the minister said '
                                     "on Tuesday, speaking to reporters in London."))
    assert quoted.count("loaded") == 0 and quoted.exclamations == 0 and quoted.caps_words == 0
    own = style_counts(parse_text(SHOUTED))
    assert own.count("loaded") >= 1 and own.caps_words >= 2 and own.exclamations >= 3
    assert own.count("conspiracy") >= 2 and own.second_person >= 3


def test_acronyms_are_not_shouting_and_runs_of_marks_count_once() -> None:
    counts = style_counts(parse_text("OPEC and the USDA met NYMEX traders on Monday. "
                                     "It rose again!!! Then it fell."))
    assert counts.caps_words == 0
    assert counts.exclamations == 1


def test_specificity_counts_numbers_dates_and_names() -> None:
    counts = style_counts(parse_text(REPORTED))
    assert counts.numbers >= 5 and counts.dates >= 2 and counts.proper_nouns >= 3
    assert counts.reporting_verbs >= 2


@pytest.mark.parametrize(("text", "fmt", "expected"), [
    ("High fuel prices hit BA's profits\n\nBritish Airways has blamed fuel prices.", "txt",
     "High fuel prices hit BA's profits"),
    ("# Markets rally on rate cut\n\nShares rose on Monday after the cut.", "md",
     "Markets rally on rate cut"),
    ("<html><head><title>Council backs budget</title></head><body><p>The council voted "
     "31 to 12 on Tuesday.</p></body></html>", "html", "Council backs budget"),
    ("The council voted 31 to 12 on Tuesday. The mayor said the budget was fair.", "txt", None),
])
def test_the_headline_is_found_in_every_format(text: str, fmt: str, expected: str | None) -> None:
    found = headline(parse_text(text, fmt))
    assert (found.text if found else None) == expected


def test_the_clickbait_model_separates_teasers_from_news_headlines() -> None:
    assert clickbait_probability("You Won't Believe What This Mom Did Next") > 0.9
    assert clickbait_probability("17 Things Only People Who Grew Up In The 90s Understand") > 0.9
    assert clickbait_probability("Kerry says Syrian diplomacy at impasse after truce") < 0.2


def test_every_feature_is_documented_and_the_vector_is_complete() -> None:
    report = credscore.check_path(SLOTS_SEED)
    vector = report.metrics["credibility"]["features"]
    assert tuple(vector) == FEATURE_NAMES
    for feature in FEATURES:
        assert feature.meaning and feature.unit and feature.range and feature.family
        assert feature.sign in (-1, 0, 1)


def test_reported_news_outscores_a_sensational_rant() -> None:
    news = credscore.check_text("BA profits fall on fuel costs\n\n" + REPORTED)
    rant = credscore.check_text("You Won't Believe The Truth!\n\n" + SHOUTED)
    assert news.score > rant.score + 20
    credit = [r for r in news.reasons if r.kind == "feature" and r.points > 0]
    assert any(r.key == "sourcing" for r in credit), "good sourcing earns points"


def test_min_severity_hides_findings_but_does_not_change_the_score() -> None:
    everything = Checker().check_path(CRYPTO_SEED)
    errors_only = Checker(Config(min_severity=Severity.ERROR)
                          ).check_path(CRYPTO_SEED)
    assert errors_only.score == everything.score
    assert len(errors_only.findings) < len(everything.findings)


def _toy_rows(n: int = 60) -> tuple[list[dict], list[int], list[str]]:
    """Feature vectors where sourcing separates the labels (with noise), two groups."""
    rng = random.Random(0)
    vectors, labels, groups = [], [], []
    for i in range(n):
        label = i % 2
        vector = dict.fromkeys(FEATURE_NAMES, 0.0)
        vector["sourcing"] = rng.gauss(1.0 if label else 0.3, 0.3)
        vector["exclamations"] = rng.gauss(0.1 if label else 0.6, 0.3)
        vector["clickbait_headline"] = None
        vectors.append(vector)
        labels.append(label)
        groups.append("a" if i < n // 2 else "b")
    return vectors, labels, groups


def test_fit_save_load_score_round_trip(tmp_path: Path) -> None:
    vectors, labels, groups = _toy_rows()
    result = fit_model(vectors, labels, groups, C=1.0, prior=0.5)
    assert result.cv_auroc > 0.8
    weights = {f.name: f.weight for f in result.model.features}
    assert weights["sourcing"] > 0 > weights["exclamations"]
    path = tmp_path / "model.json"
    write_model(result.model, str(path))
    loaded = load_model(path)
    assert loaded.features == result.model.features
    for vector in vectors[:5]:
        assert loaded.predict(vector).probability == pytest.approx(
            result.model.predict(vector).probability)
    with pytest.raises(FileExistsError):
        write_model(result.model, str(path))


def test_calibration_is_reported_and_monotone() -> None:
    vectors, labels, groups = _toy_rows(200)
    result = fit_model(vectors, labels, groups, C=1.0, prior=0.5)
    assert 0 <= result.brier < 0.25
    assert sum(row["rows"] for row in result.reliability) == len(vectors)
    assert result.model.calibration_a > 0  # a higher decision value is more credible
    predicted = [row["predicted"] for row in result.reliability]
    assert predicted == sorted(predicted)


def test_a_weight_against_its_declared_direction_is_dropped() -> None:
    vectors, labels, groups = _toy_rows()
    for vector, label in zip(vectors, labels):
        vector["padding_share"] = 0.9 if label else 0.1  # padding "helps": must not be credited
    result = fit_model(vectors, labels, groups, C=1.0)
    assert "padding_share" in result.dropped
    assert next(f.weight for f in result.model.features if f.name == "padding_share") == 0


def test_reference_weights_balance_groups_and_classes() -> None:
    weights = reference_weights([1, 1, 1, 0], ["news", "news", "news", "junk"], prior=0.8)
    assert sum(weights[:3]) == pytest.approx(4 * 0.8) and weights[3] == pytest.approx(4 * 0.2)


@pytest.mark.parametrize(("change", "message"), [
    (lambda d: d.update(format="x"), "not a credscore credibility model"),
    (lambda d: d.update(feature_version=FEATURE_VERSION + 1), "refit it with `credscore fit`"),
    (lambda d: d["features"][0].update(name="nope"), "unknown feature 'nope'"),
    (lambda d: d["features"][0].update(weight="x"), "key 'weight' must be a finite number"),
])
def test_a_bad_model_file_is_one_line_naming_it(change, message: str) -> None:  # type: ignore[no-untyped-def]
    data = json.loads((Path(credscore.__file__).parent.parent / "rules" / "models"
                       / "credibility.json").read_text(encoding="utf-8"))
    change(data)
    with pytest.raises(ModelError, match=message):
        model_from_dict(data, "mine.json")


def _write_articles(folder: Path, texts: list[str]) -> None:
    folder.mkdir(parents=True)
    for i, text in enumerate(texts):
        (folder / f"{i}.txt").write_text(text, encoding="utf-8")


def test_credscore_fit_on_folders_writes_a_model_check_can_use(tmp_path: Path) -> None:
    good = [f"Council item {i}\n\n{REPORTED}" for i in range(6)]
    bad = [f"Shocking item {i}!\n\n{SHOUTED}" for i in range(6)]
    _write_articles(tmp_path / "good", good)
    _write_articles(tmp_path / "bad", bad)
    (tmp_path / "bad" / "broken.txt").write_bytes(b"\xff\xfe\x00bad")
    out = tmp_path / "model.json"
    runner = CliRunner()
    result = runner.invoke(app, ["fit", "--good", str(tmp_path / "good"),
                                               "--bad", str(tmp_path / "bad"), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "cross-validated AUROC" in result.stdout and "points for one standard" in result.stdout
    assert json.loads(out.read_text())["trained_on"]["data_hash"]
    checked = runner.invoke(app, ["check", "--model", str(out), "--format",
                                                "json", str(SLOTS_SEED)])
    assert checked.exit_code == 0, checked.output
    report = json.loads(checked.stdout)["reports"][0]
    assert report["metrics"]["credibility"]["model"] == str(out)
    again = runner.invoke(app, ["fit", "--good", str(tmp_path / "good"),
                                              "--bad", str(tmp_path / "bad"), "-o", str(out)])
    assert again.exit_code == 2 and "exists (pass --force" in again.stderr


def test_credscore_fit_on_jsonl_and_its_one_line_errors(tmp_path: Path) -> None:
    rows = [{"text": REPORTED, "title": f"Item {i}", "label": "real"} for i in range(5)]
    rows += [{"text": SHOUTED, "title": f"Rant {i}", "label": "fake"} for i in range(5)]
    data = tmp_path / "labelled.jsonl"
    data.write_text("\n".join(json.dumps(r) for r in rows) + "\nnot json\n", encoding="utf-8")
    runner = CliRunner()
    out = tmp_path / "m.json"
    ok = runner.invoke(app, ["fit", "--jsonl", str(data), "--good-label", "real",
                                           "-o", str(out)])
    assert ok.exit_code == 0, ok.output
    assert "labelled.jsonl:11: invalid JSON" in ok.stderr
    for args, message in (
        (["--jsonl", str(data), "-o", str(tmp_path / "x.json")], "--good-label"),
        (["--good", str(tmp_path)], "give --good DIR and --bad DIR"),
        (["--jsonl", str(data), "--good-label", "real", "-o", str(data)], "is an input"),
    ):
        bad = runner.invoke(app, ["fit", *args] + ([] if "-o" in args
                                                                 else ["-o", str(out)]))
        assert bad.exit_code == 2 and message in bad.stderr and "Traceback" not in bad.output
    assert data.read_text(encoding="utf-8").startswith('{"text"')  # the input is untouched


def test_a_config_file_selects_a_model(tmp_path: Path) -> None:
    vectors, labels, groups = _toy_rows()
    write_model(fit_model(vectors, labels, groups, C=1.0).model, str(tmp_path / "m.json"))
    (tmp_path / ".credscore.toml").write_text('model = "m.json"\n', encoding="utf-8")
    article = tmp_path / "a.txt"
    article.write_text(REPORTED, encoding="utf-8")
    from credscore.config import discover_config

    report = Checker(discover_config(article)).check_path(article)
    assert report.metrics["credibility"]["model"] == str(tmp_path / "m.json")


@pytest.mark.skipif(not (CORPUS / "bbc_news" / "dev.jsonl").is_file(),
                    reason="the dev corpus (../shared/corpus) is not here")
def test_professional_news_scores_high_with_the_shipped_model() -> None:
    """An accuracy floor (the full figures: bench/credibility.py): a sample of BBC and
    Reuters articles, title line and body, must score a median of 85 or more."""
    import statistics

    checker = Checker()
    scores = []
    for name in ("bbc_news", "reuters21578"):
        with (CORPUS / name / "dev.jsonl").open(encoding="utf-8") as fh:
            for i, line in enumerate(fh):
                if i % 20:
                    continue
                row = json.loads(line)
                scores.append(checker.check_text(f"{row['title']}\n\n{row['text']}").score)
    assert statistics.median(scores) >= 85
    assert sum(s < 50 for s in scores) / len(scores) <= 0.02

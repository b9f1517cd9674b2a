"""Suggested fixes: declared on the rule ([rule.fix]), computed per finding, applied safely."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import credscore
from credscore.analyse import fixes
from credscore.errors import PackError
from credscore.packs import load_pack_file

from .conftest import SLOTS_SEED

CLEAN = "Governor Andrew Bailey said inflation was too high on Thursday.\n"


def fixed(text: str, fmt: str = "md") -> str:
    report = credscore.check_text(text, fmt=fmt)
    return fixes.apply(report.text, fixes.fixes_of(report.findings))[0]


@pytest.mark.parametrize(("text", "expected"), [
    # a whole sentence that is the stock phrase: the sentence goes, with the space before it
    ("The bank raised rates to 5.25% on Thursday. Only time will tell.\n" + CLEAN,
     "The bank raised rates to 5.25% on Thursday.\n" + CLEAN),
    # an opening clause: phrase and comma go, the next word is capitalised
    ("In a dramatic turn of events, the bank raised rates to 5.25% on Thursday.\n",
     "The bank raised rates to 5.25% on Thursday.\n"),
    ("It is worth noting that the bank raised rates to 5.25% on Thursday.\n",
     "The bank raised rates to 5.25% on Thursday.\n"),
    # a clause after a comma
    ("Rates rose to 5.25% on Thursday, in the digital age, the bank said.\n",
     "Rates rose to 5.25% on Thursday, the bank said.\n"),
    # a paragraph of its own: the paragraph and one blank line go
    ("Rates rose.\n\nOnly time will tell.\n\nThe bank said so on Thursday.\n",
     "Rates rose.\n\nThe bank said so on Thursday.\n"),
    # a list item: the whole item goes
    ("- Rates rose on Thursday.\n- Only time will tell.\n- The bank said so.\n",
     "- Rates rose on Thursday.\n- The bank said so.\n"),
    # "experts say" gets a prompt to name the source
    ("Experts say the merger will close in March.\n",
     "Experts say [who? name the source] the merger will close in March.\n"),
])
def test_fix_edits(text: str, expected: str) -> None:
    assert fixed(text) == expected


def test_no_fix_where_dropping_the_phrase_breaks_the_sentence() -> None:
    report = credscore.check_text("The importance of security cannot be overstated.\n")
    (finding,) = [f for f in report.findings if f.rule_id == "FL102"]
    assert finding.fixes == ()


def test_spam_insertion_sentence_is_deleted() -> None:
    report = credscore.check_path(SLOTS_SEED)
    (spam,) = [f for f in report.findings if f.rule_id == "SP101"]
    (fix,) = spam.fixes
    (edit,) = fix.edits
    assert edit.replacement == "" and edit.start <= spam.start and spam.end <= edit.end
    assert report.text[edit.start:edit.end].startswith("For instance, businesses")
    new = fixes.apply(report.text, [fix])[0]
    assert "star wars slots" not in new
    after = credscore.check_text(new, fmt="txt")
    assert not [f for f in after.findings if f.family == "spam"]
    # the spam finding and its points are gone (the floor too): the probability rises
    assert (after.metrics["credibility"]["probability"]
            > report.metrics["credibility"]["probability"])


def test_overlapping_fixes_keep_the_wider_one() -> None:
    text = ("In the digital age, balancing these competing interests remains one of the "
            "industry's greatest challenges.\n" + CLEAN)
    report = credscore.check_text(text)
    rules = {f.rule_id for f in report.findings if f.fixes}
    assert {"FL101", "FL102"} <= rules
    new, chosen = fixes.apply(report.text, fixes.fixes_of(report.findings))
    assert len(chosen) == 1 and new == CLEAN


def test_no_fixes_for_html_or_suppressed_findings() -> None:
    html = "<html><body><article><p>Experts say the merger will close in March.</p>" \
           "<p>The bank said so.</p></article></body></html>"
    report = credscore.check_text(html, fmt="html")
    assert report.findings and all(not f.fixes for f in report.findings)
    marked = "<!-- credscore-disable-next-line AT101 -->\nExperts say the merger will close.\n"
    report = credscore.check_text(marked, fmt="md")
    assert all(f.suppressed and not f.fixes for f in report.findings if f.rule_id == "AT101")


def test_fix_never_cuts_markup() -> None:
    text = "Rates rose. [Only time will tell.](https://example.org/a) The bank said so.\n"
    report = credscore.check_text(text, fmt="md")
    for f in report.findings:
        for fix in f.fixes:
            for edit in fix.edits:
                for lo, hi in credscore.api.parse_text(text, "md").mask:
                    assert not lo < edit.start < hi and not lo < edit.end < hi


def test_fixes_in_json() -> None:
    report = credscore.check_text("Experts say the merger will close in March.\n")
    (finding,) = [f for f in report.to_dict()["findings"] if f["rule_id"] == "AT101"]
    assert finding["fixes"] == [{
        "description": "Mark the claim for the writer: name who says so.",
        "edits": [{"start": 0, "end": 11, "replacement": "Experts say [who? name the source]"}],
    }]
    json.dumps(report.to_dict())


def _pack(tmp_path: Path, fix: str) -> Path:
    path = tmp_path / "spam.toml"
    path.write_text(f'''family = "spam"
[[rule]]
id = "SP101"
name = "x"
kind = "phrase"
severity = "error"
message = "m"
what = "w"
why = "y"
examples.bad = ["a"]
examples.good = ["b"]
{fix}
''', encoding="utf-8")
    return path


@pytest.mark.parametrize(("fix", "key"), [
    ('[rule.fix]\naction = "rewrite"\ndescription = "d"', "fix.action"),
    ('[rule.fix]\naction = "replace"\ndescription = "d"', "fix.replacement"),
    ('[rule.fix]\naction = "delete-sentence"\ndescription = ""', "fix.description"),
    ('[rule.fix]\naction = "delete-sentence"\ndescription = "d"\nwhen = 1', "fix.when"),
])
def test_pack_validates_fix(tmp_path: Path, fix: str, key: str) -> None:
    with pytest.raises(PackError, match=key.replace(".", r"\.")):
        load_pack_file(_pack(tmp_path, fix))


def test_declared_fixes_have_a_description() -> None:
    from credscore.packs import default_rules

    declared = {r.id: r.fix for r in default_rules() if r.fix}
    assert {"SP101", "SP102", "FL101", "FL102", "AT101"} <= set(declared)

"""The insertion benchmark's split: copies of one message never straddle fit and eval."""

from __future__ import annotations

import importlib.util
import sys

from .conftest import ROOT, requires_corpus

_spec = importlib.util.spec_from_file_location("bench_insertion", ROOT / "bench" / "insertion.py")
assert _spec and _spec.loader
bench = importlib.util.module_from_spec(_spec)
sys.modules.setdefault("bench_insertion", bench)
_spec.loader.exec_module(bench)


def test_copies_of_a_message_share_a_key() -> None:
    a = bench.group_key("FREE entry! Txt WIN to 80086 now, £1.50/msg.")
    b = bench.group_key("free   entry!! txt win to 81010 now, £2.00 /msg")
    assert a == b
    assert bench.split_of(a) == bench.split_of(b)
    assert bench.group_key("Call me later") != bench.group_key("Call me tomorrow")


def test_split_and_folds_are_fixed_and_balanced() -> None:
    keys = [f"message number {chr(97 + i % 26)}{i}" for i in range(4000)]
    parts = [bench.split_of(k) for k in keys]
    assert set(parts) == {"fit", "eval"}
    assert 0.25 < parts.count("eval") / len(parts) < 0.35
    folds = [bench.fold_of(k, 5) for k in keys]
    assert all(650 < folds.count(f) < 950 for f in range(5))
    assert parts == [bench.split_of(k) for k in keys]  # no randomness between runs


@requires_corpus
def test_no_eval_spam_text_is_a_copy_of_a_fit_one() -> None:
    fit = {bench.group_key(t.text) for items in bench.spam_texts("fit").values() for t in items}
    for items in bench.spam_texts("eval").values():
        assert not [t.text for t in items if bench.group_key(t.text) in fit]


def test_realweb_records_split_by_source_as_stored() -> None:
    recs = bench.realweb_records("all")
    assert len(recs) >= 80 and len({r["source"] for r in recs}) >= 25
    for rec in recs:
        assert rec["split"] == bench.realweb_split(rec["group"]), rec["id"]
        assert rec["text"].strip() and rec["source"].startswith("http")
    # a source (campaign) never straddles the split
    sides: dict[str, set[str]] = {}
    for rec in recs:
        sides.setdefault(rec["group"], set()).add(rec["split"])
    assert all(len(s) == 1 for s in sides.values())
    eval_cats = {r["category"] for r in recs if r["split"] == "eval"}
    assert eval_cats == {r["category"] for r in recs}  # every category is measured


def test_realweb_links_are_inserted_as_markdown() -> None:
    rec = {"text": "Plans start at $2.99. You can check it out here.",
           "link": {"anchor": "check it out here", "href": "https://example.com/?aff_id=1"}}
    text, fmt = bench.realweb_text(rec)
    assert fmt == "md" and "[check it out here](https://example.com/?aff_id=1)" in text
    assert bench.realweb_text({"text": "No link here."}) == ("No link here.", "txt")

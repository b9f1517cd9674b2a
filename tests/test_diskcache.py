"""Derived data remembered across runs is invalidated by its inputs and never shared mutably."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from credscore import diskcache, modeldata


@pytest.fixture
def fresh_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("CREDSCORE_CACHE_DIR", str(folder))
    monkeypatch.delenv("CREDSCORE_NO_CACHE", raising=False)
    monkeypatch.setattr(diskcache, "_DATA", diskcache.MarshalStore("data"))
    return folder


def _new_process(monkeypatch: pytest.MonkeyPatch) -> None:
    diskcache._DATA.save()
    monkeypatch.setattr(diskcache, "_DATA", diskcache.MarshalStore("data"))


def test_a_memo_survives_a_new_process_and_returns_copies(
        fresh_store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []

    def build() -> dict[str, list[int]]:
        calls.append(1)
        return {"a": [1, 2]}

    first = diskcache.memo(("test", 1), build)
    first["a"].append(3)  # a caller changing its copy must not change the cache
    _new_process(monkeypatch)
    second = diskcache.memo(("test", 1), build)
    assert second == {"a": [1, 2]} and len(calls) == 1
    second["a"].clear()
    assert diskcache.memo(("test", 1), build) == {"a": [1, 2]}


def test_a_changed_table_file_is_read_again(fresh_store: Path, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    table = tmp_path / "weights.tsv"
    table.write_text("# bias\t0.5\nword\t1.0\n", encoding="utf-8")
    assert modeldata.read_table(table) == ({"bias": 0.5}, {"word": 1.0})
    _new_process(monkeypatch)
    table.write_text("# bias\t0.25\nword\t2.0\nother\t3.0\n", encoding="utf-8")
    os.utime(table, ns=(1, 1))  # even with an old time stamp: the size changed
    assert modeldata.read_table(table) == ({"bias": 0.25}, {"word": 2.0, "other": 3.0})
    _new_process(monkeypatch)
    table.write_text("# bias\t0.75\nword\t4.0\nother\t5.0\n", encoding="utf-8")  # same size
    assert modeldata.read_table(table) == ({"bias": 0.75}, {"word": 4.0, "other": 5.0})


def test_no_cache_means_no_file(fresh_store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CREDSCORE_NO_CACHE", "1")
    assert diskcache.memo(("test", 2), lambda: (1, "x")) == (1, "x")
    diskcache._DATA.save()
    assert not fresh_store.exists()


def test_a_store_past_its_byte_budget_keeps_only_what_this_process_used(
        fresh_store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import marshal

    for version in range(5):  # a table edited five times: five stale entries
        diskcache.memo(("table", version), lambda: "x" * 1000)
    _new_process(monkeypatch)
    diskcache._DATA.max_bytes = 2000
    diskcache.memo(("table", 5), lambda: "x" * 1000)
    diskcache._DATA.save()
    [path] = fresh_store.glob("data-*.marshal")
    _fmt, entries = marshal.loads(path.read_bytes())
    assert list(entries) == [("table", 5)]


def test_an_entry_marshal_cannot_hold_does_not_sink_the_file(
        fresh_store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import re

    diskcache.memo(("kept", 1), lambda: [1])
    diskcache.memo(("flags", re.IGNORECASE), lambda: [2])  # an enum: marshal refuses it
    _new_process(monkeypatch)
    assert list(fresh_store.glob("data-*.marshal")), "the store was written"
    calls = []
    assert diskcache.memo(("kept", 1), lambda: calls.append(1) or [9]) == [1] and not calls

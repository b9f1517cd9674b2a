"""The on-disk cache of compiled patterns gives the same patterns and never fails a run."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from credscore import patterncache
from credscore.diskcache import MarshalStore

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "003_e0cf293beb21d17e.txt"

PATTERNS = [
    (r"(?P<head>experts?|analysts?)\s+(?:say|said|note)\b", re.IGNORECASE),
    (r"^[ \t]{0,3}#{1,6}[ \t]+|[ \t]+#+[ \t]*$", re.MULTILINE),
    (r"(?<![\w.])(?:[A-Za-z]\.){2,}$", 0),
    (r"\b(?:slots?|casino|betting)\b(?=\s)", re.IGNORECASE | re.VERBOSE),
]
TEXT = "Experts say the U.S. casino stocks fell.\n## Heading ##\nAnalysts noted it. e.g."


@pytest.fixture
def fresh_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CREDSCORE_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("CREDSCORE_NO_CACHE", raising=False)
    _new_process(monkeypatch)
    return tmp_path


def _new_process(monkeypatch: pytest.MonkeyPatch, max_entries: int = 2000) -> MarshalStore:
    """A fresh, not yet loaded store: what a new process sees."""
    store = MarshalStore(patterncache._STORE.name, max_entries)
    monkeypatch.setattr(patterncache, "_STORE", store)
    return store


def _same(a: re.Pattern[str], b: re.Pattern[str]) -> None:
    assert (a.pattern, a.flags, a.groups, a.groupindex) == (b.pattern, b.flags, b.groups,
                                                            b.groupindex)
    assert [m.span() for m in a.finditer(TEXT)] == [m.span() for m in b.finditer(TEXT)]
    assert [m.groups() for m in a.finditer(TEXT)] == [m.groups() for m in b.finditer(TEXT)]


def test_a_cached_pattern_is_the_pattern_re_compiles(fresh_cache: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    first = [patterncache.compile(p, f) for p, f in PATTERNS]
    patterncache.save()
    files = list(fresh_cache.glob("patterns-*.marshal"))
    assert len(files) == 1
    store = _new_process(monkeypatch)
    again = [patterncache.compile(p, f) for p, f in PATTERNS]
    assert not store._dirty  # every pattern came from the file
    for (pattern, flags), a, b in zip(PATTERNS, first, again, strict=True):
        _same(a, re.compile(pattern, flags))
        _same(b, re.compile(pattern, flags))


@pytest.mark.parametrize("damage", [b"", b"not marshal at all", b"\xe9\x00\x00"])
def test_a_damaged_cache_file_falls_back_to_compiling(fresh_cache: Path, damage: bytes,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    patterncache.compile(*PATTERNS[0])
    patterncache.save()
    [path] = fresh_cache.glob("patterns-*.marshal")
    path.write_bytes(damage)
    _new_process(monkeypatch)
    _same(patterncache.compile(*PATTERNS[0]), re.compile(*PATTERNS[0]))


def test_a_cache_entry_with_bad_code_is_rejected_not_run(fresh_cache: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    import marshal

    patterncache.compile(*PATTERNS[1])
    patterncache.save()
    [path] = fresh_cache.glob("patterns-*.marshal")
    fmt, entries = marshal.loads(path.read_bytes())
    for key, (flags, _code, groups, index, names) in list(entries.items()):
        entries[key] = (flags, b"\xff\xff\x00\x00" * 8, groups, index, names)
    path.write_bytes(marshal.dumps((fmt, entries)))
    _new_process(monkeypatch)
    _same(patterncache.compile(*PATTERNS[1]), re.compile(*PATTERNS[1]))


def test_an_unwritable_cache_folder_is_ignored(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("CREDSCORE_CACHE_DIR", str(blocker / "cache"))
    _new_process(monkeypatch)
    _same(patterncache.compile(*PATTERNS[2]), re.compile(*PATTERNS[2]))
    patterncache.save()  # must not raise
    assert blocker.read_text() == "not a folder"


def test_no_cache_switch_writes_nothing(fresh_cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CREDSCORE_NO_CACHE", "1")
    _same(patterncache.compile(*PATTERNS[3]), re.compile(*PATTERNS[3]))
    patterncache.save()
    assert not list(fresh_cache.iterdir())


def test_the_cache_is_bounded(fresh_cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _new_process(monkeypatch, max_entries=3)
    for i in range(5):
        patterncache.compile(rf"old{i}\d+")
    patterncache.save()
    _new_process(monkeypatch, max_entries=3)
    patterncache.compile(r"new\d+")
    patterncache.save()
    import marshal

    [path] = fresh_cache.glob("patterns-*.marshal")
    _fmt, entries = marshal.loads(path.read_bytes())
    assert [key[0] for key in entries] == [r"new\d+"]


def _seed_json(env: dict[str, str]) -> dict:
    argv = [sys.executable, "-m", "credscore", "check", "--format", "json", str(SEED)]
    out = subprocess.run(argv, capture_output=True, text=True, env=env, cwd=ROOT, check=False)
    assert out.returncode in (0, 1), out.stderr
    return json.loads(out.stdout)


def test_reports_are_identical_with_a_cold_a_warm_and_no_cache(tmp_path: Path) -> None:
    env = {**os.environ, "CREDSCORE_CACHE_DIR": str(tmp_path)}
    env.pop("CREDSCORE_NO_CACHE", None)
    cold = _seed_json(env)
    assert list(tmp_path.glob("patterns-*.marshal")), "the first run writes the cache"
    warm = _seed_json(env)
    off = _seed_json({**env, "CREDSCORE_NO_CACHE": "1"})
    assert cold == warm == off
    assert cold["reports"][0]["findings"]


def test_a_derived_fact_is_kept_and_a_bad_one_recomputed(fresh_cache: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    pattern = patterncache.compile(r"\b(?:said|says)\s+\w+")
    calls: list[str] = []

    def compute(p: re.Pattern[str]) -> tuple[str, ...]:
        calls.append(p.pattern)
        return ("said", "says")

    def valid(value: object) -> bool:
        return isinstance(value, tuple) and all(isinstance(x, str) for x in value)

    assert patterncache.derived("test", pattern, compute, valid) == ("said", "says")
    patterncache.save()
    store = _new_process(monkeypatch)  # a new process, reading the file
    assert patterncache.derived("test", pattern, compute, valid) == ("said", "says")
    assert len(calls) == 1  # the second came from the file
    key = ("test", pattern.pattern, pattern.flags)
    store._entries[key] = 42  # a damaged entry is recomputed
    assert patterncache.derived("test", pattern, compute, valid) == ("said", "says")
    assert len(calls) == 2

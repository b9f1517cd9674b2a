"""Lazily compiled patterns are the patterns ``re`` compiles; facts about them are kept on disk
and a damaged or missing cache never fails a run. No private part of ``re`` is used."""

from __future__ import annotations

import ast
import json
import os
import pickle
import re
import subprocess
import sys
from pathlib import Path

import pytest

from credscore.diskcache import MarshalStore
from credscore.regex import patterncache

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


def _new_process(monkeypatch: pytest.MonkeyPatch) -> MarshalStore:
    """A fresh, not yet loaded store: what a new process sees."""
    store = MarshalStore(patterncache._STORE.name)
    monkeypatch.setattr(patterncache, "_STORE", store)
    return store


@pytest.mark.parametrize(("pattern", "flags"), PATTERNS)
def test_a_lazy_pattern_is_the_pattern_re_compiles(pattern: str, flags: int) -> None:
    lazy = patterncache.compile(pattern, flags)
    real = re.compile(pattern, flags)
    assert lazy.pattern == real.pattern
    assert lazy._compiled is None  # nothing compiled yet
    assert [m.span() for m in lazy.finditer(TEXT)] == [m.span() for m in real.finditer(TEXT)]
    assert [m.groups() for m in lazy.finditer(TEXT)] == [m.groups() for m in real.finditer(TEXT)]
    assert (lazy.flags, lazy.groups, lazy.groupindex) == (real.flags, real.groups,
                                                          real.groupindex)
    assert lazy.sub("-", TEXT) == real.sub("-", TEXT)
    found, expected = lazy.search(TEXT, 5), real.search(TEXT, 5)
    assert (found and found.span()) == (expected and expected.span())
    again = pickle.loads(pickle.dumps(lazy))  # workers of an audit get patterns by pickle
    assert [m.span() for m in again.finditer(TEXT)] == [m.span() for m in real.finditer(TEXT)]


def test_a_bad_pattern_fails_on_first_use_like_re() -> None:
    lazy = patterncache.compile("(unclosed")
    with pytest.raises(re.error):
        lazy.search("x")


def test_no_private_part_of_re_is_used() -> None:
    for module in ("patterncache.py", "saferegex.py"):
        tree = ast.parse((ROOT / "credscore" / "regex" / module).read_text(encoding="utf-8"))
        names = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names.update(a.name for a in node.names)
            elif isinstance(node, ast.ImportFrom):
                names.add(node.module or "")
                names.update(f"{node.module}.{a.name}" for a in node.names)
        private = {n for n in names if n.startswith(("_sre", "sre_", "re._"))}
        assert not private, (module, private)


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
    assert list(fresh_cache.glob("pattern-facts-*.marshal"))
    store = _new_process(monkeypatch)  # a new process, reading the file
    assert patterncache.derived("test", pattern, compute, valid) == ("said", "says")
    assert len(calls) == 1  # the second came from the file
    key = ("test", pattern.pattern, pattern.flags)
    store._entries[key] = 42  # a damaged entry is recomputed
    assert patterncache.derived("test", pattern, compute, valid) == ("said", "says")
    assert len(calls) == 2


@pytest.mark.parametrize("damage", [b"", b"not marshal at all", b"\xe9\x00\x00"])
def test_a_damaged_cache_file_means_recomputing(fresh_cache: Path, damage: bytes,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    pattern = patterncache.compile(r"\bsaid\b")
    patterncache.derived("test", pattern, lambda p: ("said",), lambda v: True)
    patterncache.save()
    [path] = fresh_cache.glob("pattern-facts-*.marshal")
    path.write_bytes(damage)
    _new_process(monkeypatch)
    assert patterncache.derived("test", pattern, lambda p: ("said",),
                                lambda v: isinstance(v, tuple)) == ("said",)


def _seed_json(env: dict[str, str]) -> dict:
    argv = [sys.executable, "-m", "credscore", "check", "--format", "json", str(SEED)]
    out = subprocess.run(argv, capture_output=True, text=True, env=env, cwd=ROOT, check=False)
    assert out.returncode in (0, 1), out.stderr
    return json.loads(out.stdout)


def test_reports_are_identical_with_a_cold_a_warm_and_no_cache(tmp_path: Path) -> None:
    env = {**os.environ, "CREDSCORE_CACHE_DIR": str(tmp_path)}
    env.pop("CREDSCORE_NO_CACHE", None)
    cold = _seed_json(env)
    assert list(tmp_path.glob("*.marshal")), "the first run writes the cache"
    warm = _seed_json(env)
    off = _seed_json({**env, "CREDSCORE_NO_CACHE": "1"})
    assert cold == warm == off
    assert cold["reports"][0]["findings"]

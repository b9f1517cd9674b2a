"""SP104's per-unit commercial-intent facts: the intent classifier
(``rules/models/spam-intent.tsv``) applied to every unit of an article, with its z-score
against the article's own units, the article's share of pitch-like units, links by host
category, and whether the unit reports someone's words. The models are loaded here
(``load_intent_model``, ``load_scorer``).
"""

from __future__ import annotations

import bisect
import json
import math
import re
from dataclasses import dataclass, field
from functools import lru_cache

from ..modeldata import read_table
from ..paths import rules_dir
from ..regex import patterncache
from ..segment.document import Document
from .intentshapes import intent_features, shape_features
from .spammodel import features
from .spamsignals import SentenceSignals, sentence_signals

INTENT_MODEL = "spam-intent.tsv"
SCORER_MODEL = "spam-intent-scorer.json"
#: what the scorer reads, in order (``intentscorer.scorer_features``); a scorer file names them
SCORER_FEATURES = ("intent", "intent_z", "similarity", "topic_similarity", "new_name",
                   "commercial_link", "own_quote", "open_quote", "host_intent", "address",
                   "length", "continues", "person", "exclaim", "novel", "rare", "host_voice",
                   "chat", "imperative", "pitch_cues", "teaser", "comment", "testimonial",
                   "brand_shape", "reported")


class IntentModel:
    """Logistic-regression weights: n-gram features count ``1/sqrt(n)`` each (as in
    ``spammodel``), shape features (``@...``) count 1 each, so a call to action weighs the same
    in a long sentence as in a short one."""

    def __init__(self, weights: dict[str, float], bias: float, chars: bool) -> None:
        self.ngrams = {k: v for k, v in weights.items() if not k.startswith("@")}
        self.shapes = {k: v for k, v in weights.items() if k.startswith("@")}
        self._keys = frozenset(self.ngrams)
        self.bias = bias
        self.chars = chars

    def logit(self, base: set[str], shapes: set[str]) -> float:
        total = self.bias + sum(self.shapes.get(f, 0.0) for f in shapes)
        if base:
            total += sum(map(self.ngrams.__getitem__, base & self._keys)) / math.sqrt(len(base))
        return total

    def logit_of_text(self, text: str) -> float:
        return self.logit(*intent_features(text, self.chars))


@dataclass
class IntentSignals:
    """Commercial-intent facts of one unit of ``spamunits.units`` (same order)."""

    logit: float
    z: float = 0.0
    names: list[tuple[int, int, str]] = field(default_factory=list)
    """New product or site names (see ``new_names``)."""
    shapes: frozenset[str] = frozenset()
    links: list[tuple[int, int, str, str | None, bool]] = field(default_factory=list)
    """(start, end, host, host category, affiliate tracking) of links in the unit."""
    host_intent: float = 0.0
    """Share of the article's other substantial units the intent classifier leans to."""
    reported: bool = False
    """The unit reports speech or a claim ("said", "according to")."""


@lru_cache(maxsize=8)
def load_intent_model(name: str = INTENT_MODEL) -> IntentModel:
    """Read ``rules/models/<name>`` (or an absolute path): ``# bias``, ``# chars`` headers, then
    ``feature<TAB>weight`` lines."""
    headers, weights = read_table(name)
    return IntentModel(weights, headers.get("bias", 0.0), bool(headers.get("chars", 1.0)))


@lru_cache(maxsize=4)
def load_scorer(name: str = SCORER_MODEL) -> dict:
    path = rules_dir() / "models" / name
    with path.open(encoding="utf-8") as fh:
        data: dict = json.load(fh)
    if tuple(data.get("features", ())) != SCORER_FEATURES:
        raise ValueError(f"{name}: its features do not match this version of credscore "
                         "(re-run tools/train_spam_intent.py)")
    return data


def _zscores(values: list[float], sample: list[bool]) -> list[float]:
    pool = [v for v, ok in zip(values, sample) if ok] or values
    if len(pool) < 3:
        return [0.0] * len(values)
    mean = sum(pool) / len(pool)
    std = max(math.sqrt(sum((v - mean) ** 2 for v in pool) / len(pool)), 1e-3)
    return [(v - mean) / std for v in values]


def intent_signals(doc: Document, model_file: str | None = None, hosts=None,  # type: ignore[no-untyped-def]
                   signals: list[SentenceSignals] | None = None) -> list[IntentSignals]:
    """Intent facts for every unit of ``doc`` (cached). ``hosts`` is a
    ``linkhosts.HostClassifier`` (links are left out without one); ``model_file`` names another
    intent model under rules/models/ or an absolute path (training tools only)."""
    key = f"spam_intent:{model_file}:{id(hosts)}"
    cached = doc.cache.get(key)
    if cached is not None:
        return cached
    sigs = signals if signals is not None else sentence_signals(doc)
    model = load_intent_model(model_file or INTENT_MODEL)
    # SP102's word features of each unit (``features(chunk, chars=False)``), when it kept
    # them: reading them saves tokenising the text again
    feats = doc.cache.get("spam_signals:word_features") if signals is None else None
    text = doc.lint_text
    out = []
    for k, sig in enumerate(sigs):
        chunk = text[sig.start:sig.end]
        shapes = shape_features(chunk)
        if feats is not None and k < len(feats) and not model.chars:
            base = feats[k]
        else:
            base = features(chunk, chars=model.chars)
        out.append(IntentSignals(model.logit(base, shapes), shapes=frozenset(shapes),
                                 reported=_REPORTED.search(chunk) is not None))
    substantial = [s.tokens >= 4 for s in sigs]
    for isig, z in zip(out, _zscores([i.logit for i in out], substantial)):
        isig.z = z
    n_sub = sum(substantial)
    n_lean = sum(1 for i, ok in zip(out, substantial) if ok and i.logit > 0)
    for isig, ok in zip(out, substantial):
        own = ok and isig.logit > 0
        isig.host_intent = (n_lean - own) / max(1, n_sub - ok)
    if hosts is not None and doc.links:
        starts = [s.start for s in sigs]
        for link in doc.links:
            k = bisect.bisect_right(starts, link.start) - 1
            if 0 <= k < len(sigs) and link.start < sigs[k].end:
                t = hosts.target(link.href)
                out[k].links.append((link.start, link.end, t.host, t.category, t.affiliate))
    doc.cache[key] = out
    return out


#: a third-person report of what someone said or did: news narrates a pitch it quotes
_REPORTED = patterncache.compile(
    r"\b(?:said|says|told|tells|according\s+to|reported|reports|announced|added|claimed|"
    r"claims|warned|admitted|explained|wrote|argued|insisted|alleged|stated|predicted|"
    r"forecast|estimated|noted|commented|suggested|believes|believed|expects|expected|"
    r"a\s+reference\s+to|quoted)\b", re.IGNORECASE)

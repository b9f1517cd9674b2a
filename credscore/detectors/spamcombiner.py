"""What SP102's combiner reads of a unit's signals, which units it considers, and the exported
gradient-boosted trees it scores them with (``tools/train_spam_combiner.py`` fits them)."""

from __future__ import annotations

import math

from .spamsignals import SentenceSignals

COMBINER_FEATURES = ("logit", "logit_z", "message_logit", "window_logit", "similarity", "quoted",
                     "cues", "shouting", "length", "address", "novel", "rare", "continues",
                     "caps", "pitch", "exclaim", "emoji", "message_z", "person", "chat",
                     "greeting", "imperative", "open_quote", "topic_similarity",
                     "host_messages", "host_voice")


def combiner_features(sig: SentenceSignals) -> list[float]:
    """The signals SP102 weighs (names in ``COMBINER_FEATURES``), clipped to sane ranges."""
    kinds = {kind for _, _, kind in sig.cues}
    return [
        max(-15.0, min(15.0, sig.logit)),
        max(-5.0, min(10.0, sig.logit_z)),
        max(-15.0, min(15.0, sig.message_logit)),
        max(-15.0, min(15.0, sig.window_logit)),
        sig.cos,
        1.0 if sig.own_quote else 0.0,
        float(min(3, len(kinds - {"shouting", "sales pitch"}))),
        1.0 if "shouting" in kinds else 0.0,
        math.log1p(sig.tokens),
        sig.address,
        sig.novel,
        sig.rare,
        1.0 if sig.continues else 0.0,
        sig.caps,
        float(min(2, sum(1 for _, _, kind in sig.cues if kind == "sales pitch"))),
        float(min(3, sig.exclaim)),
        1.0 if sig.emoji else 0.0,
        max(-5.0, min(10.0, sig.message_z)),
        float(min(4, sig.person)),
        float(min(3, sig.chat)),
        1.0 if sig.greeting else 0.0,
        1.0 if sig.imperative else 0.0,
        1.0 if sig.quoted and not sig.own_quote else 0.0,
        sig.topic_cos,
        sig.host_messages,
        sig.host_voice,
    ]


#: cues that make a unit under ``min_words`` a candidate: a contact, or self-promotion ("pls
#: subscribe!"); not a bare call to action ("Subscribe now.", "Sign up.": page furniture)
_SHORT_UNIT_CUES = frozenset({"url", "phone number", "e-mail", "self-promotion"})


def candidate(sig: SentenceSignals, max_similarity: float = 0.25, min_words: int = 3) -> bool:
    """Units SP102 considers at all: not clearly on the article's topic, and long enough or
    carrying a contact (URL, phone number, e-mail address) or self-promotion."""
    if sig.cos >= max_similarity:
        return False
    return sig.words >= min_words or any(kind in _SHORT_UNIT_CUES for _, _, kind in sig.cues)


def tree_score(baseline: float, trees: list, x: list[float]) -> float:
    """Raw score (log-odds) of exported gradient-boosted trees on feature vector ``x``."""
    total = baseline
    for nodes in trees:
        node = nodes[0]
        while not node[5]:
            node = nodes[node[2]] if x[node[0]] <= node[1] else nodes[node[3]]
        total += node[4]
    return total


def has_spam_evidence(sig: SentenceSignals) -> bool:
    """Some positive spam evidence: a classifier leaning to spam/message, a commercial cue, or
    an off-register voice (addressing the reader or speaking as "I/we" outside quotes where
    most of the article does not, shouting in capitals, an emoji, an unquoted exclamation or
    question). Spam-mail openers that read like
    prose ("Your contact was availed to me by the chamber of commerce") carry only the last."""
    return (sig.logit > 0 or sig.window_logit > 0 or sig.message_logit > 0
            or sig.address > 0.5 or sig.caps > 0.3 or sig.emoji or sig.greeting
            or sig.imperative
            or (sig.exclaim > 0 and not sig.quoted)
            or any(kind != "shouting" for _, _, kind in sig.cues))

"""The shipped sentence-level spam classifier: features, model loading and scoring (pure Python).

The model is an L2 logistic regression fitted offline by ``tools/train_spam.py`` (scikit-learn)
on the ``fit`` part (70%) of a fixed split of the corpus dev records by their normalised text
(bench/insertion.py): spam messages (SMS, YouTube comments, sentences of spam e-mails) against
sentences of news and encyclopaedia text. Its weights ship as plain data in
``rules/models/spam-sentence.tsv``; at run time scoring a sentence is a dictionary look-up per
feature, so no scikit-learn, scipy or numpy is imported on the check path.

Features (``features``), binary and scaled by 1/sqrt(number of features):

* normalised word unigrams and bigrams (numbers folded to shapes: ``<phone>`` for 9+ digits,
  ``<code>`` for 5-8 digit short codes, ``<n4>`` for four digits, ``<n>`` otherwise; URLs,
  bare domains, e-mail addresses and currency amounts to ``<url>``, ``<domain>``, ``<email>``,
  ``<money>``);
* shape cues: shouting (share of upper-case letters), exclamation and question marks, a
  lower-case start, a sentence without a verb-like word, length bucket, SMS spellings.

Training and run time use this very function, so the two cannot drift apart.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache

from ..modeldata import read_table
from ..regex import patterncache

MODEL_FILE = "spam-sentence.tsv"
MESSAGE_MODEL_FILE = "spam-message.tsv"
"""Same features, fitted to tell messages (spam and ham SMS/comments/e-mail) from prose."""
CHAR_NGRAMS = True

_TOKEN = patterncache.compile(
    r"(?P<url>(?:https?://|www\.)\S+)"
    # e-mail and domain start only where their character run starts (the look-behinds):
    # from every position of a long run ("....", "a-a-a-") they would re-scan it, quadratic
    r"|(?P<email>(?<![\w.+-])[\w.+-]+@[\w-]+\.[\w.-]+)"
    r"|(?P<domain>(?<![\w-])[\w-]+\.(?:com|net|org|info|biz|co\.uk|co|uk|ru|tk|xyz|pl|de|us|ly)\b)"
    r"|(?P<money>[£$€]\s?\d[\d,.]*(?:\s?(?:k|m|bn|million|billion))?)"
    r"|(?P<num>\d+(?:[.,]\d+)*)"
    r"|(?P<word>[^\W\d_]+(?:['’][^\W\d_]+)?)",
    re.UNICODE | re.IGNORECASE,
)
_SMS_SPELLINGS = frozenset("u ur r 2 4 txt msg pls plz thx wat luv gr8 b4 ya".split())


_ENDS_SENTENCE = patterncache.compile(r"[.!?…][\"'”’)]*\s*$")


def tokens(text: str) -> list[str]:
    """Normalised tokens of ``text`` (see module docstring)."""
    out: list[str] = []
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup
        if kind == "word":
            out.append(m.group(0).lower().replace("’", "'"))
        elif kind == "num":
            digits = sum(c.isdigit() for c in m.group(0))
            out.append("<phone>" if digits >= 9 else "<code>" if digits >= 5
                       else "<n4>" if digits == 4 else "<n>")
        else:
            out.append(f"<{kind}>")
    return out


def letter_counts(text: str) -> tuple[int, int]:
    """(letters, upper-case letters) of ``text``."""
    return sum(map(str.isalpha, text)), sum(map(str.isupper, text))


def char_grams(text: str) -> set[str]:
    """The character 4-grams of ``text`` (lower case, white space folded, padded by a space),
    as ``c:`` features: the part of ``features`` that spells rather than reads."""
    low = " " + " ".join(text.lower().split()) + " "
    return {"c:" + low[i : i + 4] for i in range(len(low) - 3)}


def features(text: str, chars: bool = CHAR_NGRAMS, counts: tuple[int, int] | None = None
             ) -> set[str]:
    """The binary features of one sentence (or short message); ``counts`` is
    ``letter_counts(text)`` when the caller already has it."""
    toks = tokens(text)
    feats = set(toks)
    if chars:
        feats.update(char_grams(text))
    feats.update(f"{a} {b}" for a, b in zip(toks, toks[1:]))
    n_letters, n_upper = counts or letter_counts(text)
    if n_letters:
        upper = n_upper / n_letters
        if upper > 0.6 and n_letters >= 8:
            feats.add("#shout")
        elif upper > 0.25:
            feats.add("#caps")
    bang = text.count("!")
    if bang:
        feats.add("#bang" if bang == 1 else "#bangs")
    if "?" in text:
        feats.add("#question")
    stripped = text.lstrip(" \"'“‘(")
    if stripped[:1].islower():
        feats.add("#lower-start")
    n = len(toks)
    feats.add("#len" + ("1-4" if n <= 4 else "5-9" if n <= 9 else "10-19" if n <= 19
                        else "20-39" if n <= 39 else "40+"))
    if any(t in _SMS_SPELLINGS for t in toks):
        feats.add("#sms")
    if not _ENDS_SENTENCE.search(text):
        feats.add("#no-stop")
    return feats


class SpamModel:
    """Logistic-regression weights over ``features``."""

    def __init__(self, weights: dict[str, float], bias: float) -> None:
        self.weights = weights
        self.bias = bias
        self._keys = frozenset(weights)

    def logit(self, text: str) -> float:
        return self.logit_of(features(text))

    def logit_of(self, feats: set[str], weight_sum: float | None = None) -> float:
        """Log-odds for an already computed feature set (``weight_sum``: its ``weight_sum``,
        when the caller has it)."""
        if not feats:
            return self.bias
        total = self.weight_sum(feats) if weight_sum is None else weight_sum
        return self.bias + total / math.sqrt(len(feats))

    def weight_sum(self, feats: set[str]) -> float:
        """Sum of the weights of ``feats`` (a set intersection first: models are sparse)."""
        return sum(map(self.weights.__getitem__, feats & self._keys))

    def logit_of_union(self, a: set[str], sum_a: float, b: set[str], sum_b: float) -> float:
        """``logit_of(a | b)`` from the two sets' precomputed weight sums."""
        both = a & b
        n = len(a) + len(b) - len(both)
        if not n:
            return self.bias
        return self.bias + (sum_a + sum_b - self.weight_sum(both)) / math.sqrt(n)

    def probability(self, text: str) -> float:
        z = self.logit(text)
        return 1.0 / (1.0 + math.exp(-z)) if z > -35 else 0.0

    def top_features(self, text: str, k: int = 3) -> list[str]:
        """The features pushing ``text`` most towards spam (for messages)."""
        scored = sorted(((self.weights.get(f, 0.0), f) for f in features(text)), reverse=True)
        return [f for w, f in scored[:k] if w > 0]


@lru_cache(maxsize=4)
def load_model(name: str = MODEL_FILE) -> SpamModel:
    """Read ``rules/models/<name>`` (or an absolute path, for training tools): ``# bias\\t<float>``
    then ``feature\\tweight`` lines."""
    headers, weights = read_table(name)
    return SpamModel(weights, headers.get("bias", 0.0))

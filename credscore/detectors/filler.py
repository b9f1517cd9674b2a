"""Kinds ``padding-sentence``, ``restatement`` and ``padding-share`` (the filler family).

**Information measure.** Every body sentence of five or more words gets a padding probability
``p`` from twelve simple, documented signals (``SIGNALS``):

* concrete signals that pull ``p`` down: a direct quotation, a reporting verb ("said", "told"),
  numbers, dates and weekdays, names (capitalised words after the first), first or second person
  outside quotations (a voice speaking, as in quoted reporting or first-hand writing);
* padding signals that push ``p`` up: generic abstract vocabulary (``filler-generic.txt``:
  "landscape", "pivotal", "underscores"), abstract nouns by suffix ("-tion", "-ity", "-ment"),
  a sentence-opening discourse connective ("Moreover", "Additionally", "Ultimately"), an
  evaluative verb of the summary kind ("highlights", "underscores", "serves as"), an abstract
  anaphoric subject ("This move", "These developments") and a participle tail that comments on
  the sentence (", highlighting ...", ", marking ...").

``p = 1 / (1 + exp(-(bias + sum(weight * signal))))``. The thirteen numbers live in
``rules/models/padding.tsv`` and were fitted by ``tools/fit_padding.py`` (a sentence-level
logistic regression: each sentence inherits its article's human/AI label from the dev part of
``human_ai_news``, articles weighted equally, story-grouped cross-validation); the script and
its cross-validated AUROC are committed with the table. The article's *padding share* is the
mean ``p`` over its assessed sentences (a soft share: 0 = every sentence informative).
Sentence-length uniformity, which also separates that dataset, is deliberately left out: there
it mostly reflects how the human articles were scraped (one paragraph, embedded tweets).

**Restatement.** A sentence that repeats an earlier one (TF-IDF cosine above a threshold; the
IDF table is fitted with scikit-learn offline), found through an inverted index over each
sentence's rarest terms so the cost stays near-linear in article length.
"""

from __future__ import annotations

import bisect
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, lru_cache

from ..analyse.lexicons import PhraseMatcher, load_lexicon
from ..analyse.sentencevectors import sentence_tokens, sentence_vectors
from ..analyse.vectors import Vector, idf_table
from ..findings import Hit
from ..modeldata import read_table
from ..regex import patterncache
from ..regex.literals import PrefixScanner, prefix_scanner
from ..segment.document import Document
from .base import Detector, ParamError
from .spans import quote_spans

SIGNALS = (
    "quote", "said", "number", "date", "names", "person",
    "generic", "abstract", "connective", "evaluative", "anaphor", "tail",
)
MIN_WORDS = 5  # shorter sentences (captions, datelines, fragments) are not assessed

_WORD = patterncache.compile(r"[^\W\d_][^\W_'’-]*(?:['’-][^\W_]+)*")
# A capitalised word after the sentence's first word (the pronoun "I" aside).
_CAPITALISED = patterncache.compile(r"(?<=[\s(\"“‘])(?!I\b)[A-Z]")
_NUMBER = patterncache.compile(r"\d+(?:[.,:]\d+)*")
_QUOTE_CHAR = patterncache.compile(r"[\"“”]")
_SAID = patterncache.compile(
    r"\b(?:said|says|told|tells|added|adds|stated|wrote|writes|tweeted|asked|explained|"
    r"recalled|insisted|argued|noted)\b"
)
_DATE = patterncache.compile(
    r"\b(?:Jan(?:uary)?|Feb(?:ruary)?|March|April|June|July|Aug(?:ust)?|Sept?(?:ember)?|"
    r"Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?|Monday|Tuesday|Wednesday|Thursday|Friday|"
    r"Saturday|Sunday|yesterday|tonight|last (?:week|month|year)|next (?:week|month|year))\b"
)
_PERSON = patterncache.compile(
    r"\b(?:I|I'm|I’m|I've|I’ve|me|my|we|We|us|our|Our|you|You|your|Your)\b")
_ABSTRACT = patterncache.compile(
    r"\b[a-z]{3,}(?:tion|tions|sion|sions|ment|ments|ity|ities|ness|ance|ances|ence|ences|"
    r"ism|isms|ship|ships)\b"
)
_CONNECTIVE = patterncache.compile(
    r"(?:However|Moreover|Additionally|Furthermore|Overall|In addition|Ultimately|"
    r"Consequently|As a result|In conclusion|In summary|Notably|Importantly|Indeed|Thus|"
    r"Therefore|Similarly|Likewise|Meanwhile|Nevertheless|Nonetheless|Together|As such)\b"
)
_EVALUATIVE = patterncache.compile(
    r"\b(?:highlights?|highlighting|underscores?|underscoring|demonstrates?|demonstrating|"
    r"reflects?|reflecting|signals?|signalling|signaling|showcases?|emphasi[sz]es?|"
    r"serves? as|marks? (?:a|an|the)|remains? (?:a|an|one|to)|continues? to|"
    r"represents? (?:a|an|one))\b"
)


_ANAPHOR = patterncache.compile(
    r"(?:This|These|Such|The) (?:move|development|developments|decision|incident|situation|"
    r"trend|shift|news|announcement|event|events|case|step|approach|partnership|initiative|"
    r"collaboration|achievement|success|effort|efforts)\b"
)
_TAIL = patterncache.compile(
    r", (?:highlighting|underscoring|showcasing|signaling|signalling|marking|reflecting|"
    r"demonstrating|emphasizing|emphasising|raising|making|solidifying|cementing|further|"
    r"ensuring|paving)\b"
)


@dataclass(frozen=True)
class PaddingModel:
    bias: float
    weights: dict[str, float]

    def probability(self, signals: dict[str, float]) -> float:
        z = self.bias + sum(self.weights.get(k, 0.0) * v for k, v in signals.items())
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


@lru_cache(maxsize=4)
def load_padding_model(name: str = "padding.tsv") -> PaddingModel:
    """The weights table ``rules/models/<name>`` (``signal<TAB>weight`` lines, ``bias`` too)."""
    _, values = read_table(name)
    missing = [k for k in (*SIGNALS, "bias") if k not in values]
    if missing:
        raise ValueError(f"padding model {name!r} lacks {', '.join(missing)}")
    bias = values.pop("bias")
    return PaddingModel(bias, values)


@lru_cache(maxsize=8)
def _generic_matcher(files: tuple[str, ...]) -> PhraseMatcher:
    return PhraseMatcher((p, "generic") for name in files for p in load_lexicon(name))


@cache
def _finder(rx: re.Pattern[str]) -> re.Pattern[str] | PrefixScanner:
    """``rx``, or a scanner with the same matches that tries ``rx`` only where one of its
    required prefixes starts ("said", "January"; see credscore.regex.literals)."""
    return prefix_scanner(rx) or rx


def _per_sentence(rx: re.Pattern[str], text: str, starts: list[int]) -> list[int]:
    """Matches of ``rx`` in ``text`` counted per sentence (one pass over the whole text)."""
    counts = [0] * len(starts)
    for m in _finder(rx).finditer(text):
        i = bisect.bisect_right(starts, m.start()) - 1
        if i >= 0:
            counts[i] += 1
    return counts


def sentence_signals(doc: Document, generic_files: tuple[str, ...] = ("filler-generic.txt",)
                     ) -> list[dict[str, float] | None]:
    """Per sentence: the padding signals (each 0..1), or None where not assessed.

    Each pattern runs once over the whole text and its matches are bucketed by sentence, so the
    cost is a few regex passes per article rather than per sentence.
    """
    key = ("padding_signals", generic_files)
    cached = doc.cache.get(key)
    if cached is not None:
        return cached
    text = doc.lint_text
    sentences = doc.sentences
    starts = [s.start for s in sentences]
    generic = [0] * len(starts)
    for m in _generic_matcher(generic_files).longest_matches(doc.folded):
        i = bisect.bisect_right(starts, m.start) - 1
        if i >= 0:
            generic[i] += 1
    said = _per_sentence(_SAID, text, starts)
    numbers = _per_sentence(_NUMBER, text, starts)
    dates = _per_sentence(_DATE, text, starts)
    person = _per_sentence(_PERSON, text, starts)
    quote_chars = _per_sentence(_QUOTE_CHAR, text, starts)
    evaluative = _per_sentence(_EVALUATIVE, text, starts)
    abstract = _per_sentence(_ABSTRACT, doc.folded, starts)
    tail = _per_sentence(_TAIL, text, starts)
    words = [len(_WORD.findall(text, s.start, s.end)) for s in sentences]
    caps = [len(_CAPITALISED.findall(text[s.start : s.end])) for s in sentences]
    quotes = quote_spans(doc)
    quote_ends = [e for _, e in quotes]
    out: list[dict[str, float] | None] = []
    for i, s in enumerate(sentences):
        n = words[i]
        if n < MIN_WORDS or doc.blocks[s.block].kind == "heading":
            out.append(None)
            continue
        q = bisect.bisect_right(quote_ends, s.start)
        quoted = bool(quote_chars[i]) or (q < len(quotes) and quotes[q][0] < s.end)
        out.append({
            "quote": 1.0 if quoted else 0.0,
            "said": 1.0 if said[i] else 0.0,
            "number": min(3, numbers[i]) / 3.0,
            "date": 1.0 if dates[i] else 0.0,
            "names": min(1.0, 5.0 * caps[i] / n),
            "person": 1.0 if person[i] and not quoted else 0.0,
            "generic": min(3, generic[i]) / 3.0,
            "abstract": min(4, abstract[i]) / 4.0,
            "connective": 1.0 if _CONNECTIVE.match(text, s.start) else 0.0,
            "evaluative": 1.0 if evaluative[i] else 0.0,
            "anaphor": 1.0 if _ANAPHOR.match(text, s.start) else 0.0,
            "tail": 1.0 if tail[i] else 0.0,
        })
    doc.cache[key] = out
    return out


def padding_scores(doc: Document, generic_files: tuple[str, ...] = ("filler-generic.txt",),
                   model: str = "padding.tsv") -> list[float | None]:
    """Per sentence: padding probability 0 (concrete) .. 1 (pure padding); None = not assessed."""
    key = ("padding_scores", generic_files, model)
    cached = doc.cache.get(key)
    if cached is not None:
        return cached
    m = load_padding_model(model)
    scores = [None if sig is None else round(m.probability(sig), 3)
              for sig in sentence_signals(doc, generic_files)]
    doc.cache[key] = scores
    return scores


def padding_share(doc: Document, generic_files: tuple[str, ...] = ("filler-generic.txt",),
                  model: str = "padding.tsv") -> tuple[float, int]:
    """(mean padding probability over assessed sentences, number assessed); (0, 0) if none."""
    scores = [s for s in padding_scores(doc, generic_files, model) if s is not None]
    if not scores:
        return 0.0, 0
    return sum(scores) / len(scores), len(scores)


class _PaddingBase(Detector):
    def _common(self) -> None:
        self.generic = tuple(self.lexicon_files("generic_lexicons", required=True))
        self.model = self.text("model", "padding.tsv")
        try:
            load_padding_model(self.model)
        except (OSError, ValueError) as err:
            raise ParamError("model", str(err)) from None


class PaddingSentenceDetector(_PaddingBase):
    """A sentence with a high padding probability, no number, date or quotation, and at least
    ``min_generic`` generic or abstract words (so the warning names a plainly empty sentence)."""

    kind = "padding-sentence"

    def __init__(self, params: dict) -> None:
        super().__init__(params)
        self._common()
        self.threshold = self.number("threshold", 0.85, 0.0, 1.0)
        self.min_generic = self.integer("min_generic", 2, 0)
        self.finish_params()

    def detect(self, doc: Document) -> Iterator[Hit]:
        signals = sentence_signals(doc, self.generic)
        for i, score in enumerate(padding_scores(doc, self.generic, self.model)):
            if score is None or score < self.threshold:
                continue
            sig = signals[i]
            assert sig is not None
            if sig["quote"] or sig["number"] or sig["date"] or sig["said"]:
                continue
            vague = round(sig["generic"] * 3) + round(sig["abstract"] * 4)
            if vague < self.min_generic:
                continue
            s = doc.sentences[i]
            yield Hit(s.start, s.end, score, {"padding_score": score})


class PaddingShareDetector(_PaddingBase):
    """Article level: the mean padding probability of the assessed sentences is high."""

    kind = "padding-share"
    article_level = True

    def __init__(self, params: dict) -> None:
        super().__init__(params)
        self._common()
        self.min_share = self.number("min_share", 0.6, 0.0, 1.0)
        self.min_sentences = self.integer("min_sentences", 8, 1)
        self.finish_params()

    def detect(self, doc: Document) -> Iterator[Hit]:
        share, assessed = padding_share(doc, self.generic, self.model)
        if assessed < self.min_sentences or share < self.min_share:
            return
        scores = padding_scores(doc, self.generic, self.model)
        first = next(i for i, s in enumerate(scores) if s is not None)
        s = doc.sentences[first]
        # Confidence grows from 0 at the threshold to 1 at a share of 1.
        confidence = min(1.0, (share - self.min_share) / max(1e-9, 1.0 - self.min_share) + 0.25)
        yield Hit(s.start, s.end, confidence, {"padding_share": round(share, 3),
                                                "assessed_sentences": assessed})


def _dot(a: Vector, b: Vector) -> float:
    """Cosine of two L2-normalised vectors (``vectorize`` normalises)."""
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(t, 0.0) for t, v in a.items())


class RestatementDetector(Detector):
    kind = "restatement"

    def __init__(self, params: dict) -> None:
        super().__init__(params)
        self.threshold = self.number("threshold", 0.6, 0.0, 1.0)
        self.min_tokens = self.integer("min_tokens", 5, 1)
        self.max_postings = self.integer("max_postings", 50, 1)
        self.min_padding = self.number("min_padding", 0.0, 0.0, 1.0)
        self.generic = tuple(self.lexicon_files("generic_lexicons")) or ("filler-generic.txt",)
        self.finish_params()

    @staticmethod
    def _adds_numbers(doc: Document, i: int, j: int) -> bool:
        """True when sentence ``i`` carries a number that sentence ``j`` lacks (a new fact)."""
        text = doc.lint_text
        later = set(_NUMBER.findall(text, doc.sentences[i].start, doc.sentences[i].end))
        if not later:
            return False
        return bool(later - set(_NUMBER.findall(text, doc.sentences[j].start,
                                                doc.sentences[j].end)))

    def detect(self, doc: Document) -> Iterator[Hit]:
        tokens = sentence_tokens(doc)
        vectors = sentence_vectors(doc)
        table, default = idf_table()
        postings: dict[str, list[int]] = {}
        seen_texts: set[str] = set()
        padding = padding_scores(doc, self.generic) if self.min_padding > 0 else None
        for i, toks in enumerate(tokens):
            distinct = set(toks)
            if len(distinct) < self.min_tokens or doc.block_of_sentence(i).kind == "heading":
                continue
            # An exact repeat (a page scraped twice, a pull quote) is boilerplate, not a
            # restatement in other words: skip it here.
            key = " ".join(toks)
            if key in seen_texts:
                continue
            seen_texts.add(key)
            candidates: dict[int, int] = {}
            # the eight rarest terms (highest IDF, then alphabetical): sorting (key, term) pairs
            # orders them as sorting the terms by that key would, without a call per term
            rare = [t for _, t in sorted([(-table.get(t, default), t) for t in distinct])[:8]]
            for t in rare:
                for j in postings.get(t, ()):
                    candidates[j] = candidates.get(j, 0) + 1
            best, best_j = 0.0, -1
            for j, shared in candidates.items():
                if shared >= 2:
                    sim = _dot(vectors[i], vectors[j])
                    if sim > best:
                        best, best_j = sim, j
            informative = padding is not None and (padding[i] or 0.0) < self.min_padding
            if best >= self.threshold and best < 0.999 and not informative and not (
                    self._adds_numbers(doc, i, best_j)):
                s = doc.sentences[i]
                line, _ = doc.line_col(doc.sentences[best_j].start)
                yield Hit(s.start, s.end, min(1.0, best), {"similarity": round(best, 3),
                                                            "restates_line": line})
            for t in distinct:
                plist = postings.setdefault(t, [])
                if len(plist) < self.max_postings:
                    plist.append(i)

"""Kinds ``padding-sentence``, ``restatement`` and ``padding-share`` (the filler family).

A padding sentence carries no concrete information: no number or date, no name beyond its first
word, no quotation, and it leans on generic abstract vocabulary ("landscape", "pivotal",
"underscores", "increasingly"). The information measure is a ratio: generic words per content
word, with every concrete signal pulling the score down. A restatement repeats an earlier
sentence (TF-IDF cosine above a threshold), found through an inverted index so the cost stays
near-linear in article length.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..document import Document
from ..features import sentence_tokens, sentence_vectors
from ..findings import Hit
from ..lexicons import load_lexicon
from ..vectors import cosine, idf_table
from .base import Detector

_DIGIT = re.compile(r"\d")
_CAPITALISED = re.compile(r"(?<![.!?:]\s)(?<=\s)[A-Z][a-zA-Z'’-]+")
_QUOTE = re.compile(r"[\"“”]")
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")


def padding_scores(doc: Document, generic_files: tuple[str, ...]) -> list[float | None]:
    """Per sentence: 0 (concrete) .. 1 (pure padding); None where not assessed."""
    key = ("padding_scores", generic_files)
    cached = doc.cache.get(key)
    if cached is not None:
        return cached
    generic = frozenset(w for name in generic_files for w in load_lexicon(name))
    text = doc.lint_text
    scores: list[float | None] = []
    for i, s in enumerate(doc.sentences):
        block = doc.block_of_sentence(i)
        sentence = text[s.start : s.end]
        words = _WORD.findall(sentence)
        if block.kind == "heading" or len(words) < 6:
            scores.append(None)
            continue
        lowered = [w.lower() for w in words]
        content = [w for w in sentence_tokens(doc)[i]]
        if not content:
            scores.append(None)
            continue
        generic_hits = sum(1 for w in lowered if w in generic)
        generic_hits += sum(1 for phrase in generic if " " in phrase and phrase in sentence.lower())
        concrete = len(_DIGIT.findall(sentence)) + len(_QUOTE.findall(sentence)) // 2
        concrete += sum(1 for m in _CAPITALISED.finditer(sentence) if m.group(0) not in {"I"})
        score = min(1.0, generic_hits / max(3.0, len(content) * 0.5))
        score *= 1.0 / (1.0 + concrete)
        scores.append(round(score, 3))
    doc.cache[key] = scores
    return scores


class PaddingSentenceDetector(Detector):
    kind = "padding-sentence"

    def __init__(self, params: dict) -> None:
        super().__init__(params)
        self.generic = tuple(self.lexicon_files("generic_lexicons", required=True))
        self.threshold = self.number("threshold", 0.5, 0.0, 1.0)
        self.finish_params()

    def detect(self, doc: Document) -> Iterator[Hit]:
        for i, score in enumerate(padding_scores(doc, self.generic)):
            if score is not None and score >= self.threshold:
                s = doc.sentences[i]
                yield Hit(s.start, s.end, min(1.0, score), {"padding_score": score})


class PaddingShareDetector(Detector):
    kind = "padding-share"

    def __init__(self, params: dict) -> None:
        super().__init__(params)
        self.generic = tuple(self.lexicon_files("generic_lexicons", required=True))
        self.threshold = self.number("threshold", 0.5, 0.0, 1.0)
        self.min_share = self.number("min_share", 0.25, 0.0, 1.0)
        self.min_sentences = self.integer("min_sentences", 8, 1)
        self.finish_params()

    def detect(self, doc: Document) -> Iterator[Hit]:
        scores = [s for s in padding_scores(doc, self.generic) if s is not None]
        if len(scores) < self.min_sentences:
            return
        share = sum(1 for s in scores if s >= self.threshold) / len(scores)
        if share >= self.min_share:
            first = doc.sentences[0]
            yield Hit(first.start, first.end, data={"padding_share": round(share, 3),
                                                     "assessed_sentences": len(scores)})


class RestatementDetector(Detector):
    kind = "restatement"

    def __init__(self, params: dict) -> None:
        super().__init__(params)
        self.threshold = self.number("threshold", 0.6, 0.0, 1.0)
        self.min_tokens = self.integer("min_tokens", 5, 1)
        self.max_postings = self.integer("max_postings", 50, 1)
        self.finish_params()

    def detect(self, doc: Document) -> Iterator[Hit]:
        tokens = sentence_tokens(doc)
        vectors = sentence_vectors(doc)
        table, default = idf_table()
        postings: dict[str, list[int]] = {}
        for i, toks in enumerate(tokens):
            if len(set(toks)) < self.min_tokens or doc.block_of_sentence(i).kind == "heading":
                continue
            candidates: dict[int, int] = {}
            rare = sorted(set(toks), key=lambda t: -table.get(t, default))[:8]
            for t in rare:
                for j in postings.get(t, ()):
                    candidates[j] = candidates.get(j, 0) + 1
            best, best_j = 0.0, -1
            for j, shared in candidates.items():
                if shared >= 2:
                    sim = cosine(vectors[i], vectors[j])
                    if sim > best:
                        best, best_j = sim, j
            if best >= self.threshold:
                s = doc.sentences[i]
                line, _ = doc.line_col(doc.sentences[best_j].start)
                yield Hit(s.start, s.end, min(1.0, best), {"similarity": round(best, 3),
                                                            "restates_line": line})
            for t in set(toks):
                plist = postings.setdefault(t, [])
                if len(plist) < self.max_postings:
                    plist.append(i)

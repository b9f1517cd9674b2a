"""Kinds ``vague-attribution`` and ``unsourced-article``.

What counts as a *named source*: a capitalised name (person, organisation, outlet, document) tied
to an attribution verb in either order ("Dun said", "said Rod Eddington", "BA warned"), "according
to" followed by a capitalised name that is not a vague head noun, a quotation, or a link. Vague
attribution is a weasel subject ("experts", "many analysts", "critics", "sources") with an
attribution verb, "according to" + a vague noun ("according to reports"), a passive of belief
("it is widely believed", "is considered by many"), or an adverb of hearsay ("reportedly").
Following Wikipedia's rule, vague wording is fine when the same sentence names the source
("analysts at Barclays said"); a paragraph that names a source only excuses weaker cues.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..document import Document
from ..findings import Hit
from ..lexicons import load_lexicon
from .base import Detector
from .spans import quote_spans

SPEECH_VERBS = (
    r"said|says|say|told|tells|stated|states|wrote|writes|announced|announces|confirmed|"
    r"confirms|added|adds|explained|explains|noted|notes|argued|argues|warned|warns|"
    r"reported|reports|estimated|estimates|predicted|predicts|claimed|claims|insisted|"
    r"insists|acknowledged|acknowledges|emphasi[sz]ed|emphasi[sz]es|suggested|suggests|"
    r"believes|believed|contended|contends|described|describes|alleged|alleges|"
    r"testified|concluded|concludes|found|finds|showed|shows|revealed|reveals|disclosed|"
    r"forecast|forecasts|expects|expected|urged|urges|according to"
)
_NAME = r"(?:[A-Z][\w'’&.-]*[A-Za-z0-9)]|[A-Z])(?:\s+(?:of|for|de|van|von|and|the|&)?\s*[A-Z][\w'’&.-]*)*"
_NAMED_BEFORE = re.compile(rf"(?<![.!?]\s)(?<!^)\b({_NAME})(?:,[^,]{{1,60}},)?\s+(?:{SPEECH_VERBS})\b")
_NAMED_AFTER = re.compile(rf"\b(?:{SPEECH_VERBS})\s+(?:by\s+)?(?:the\s+)?({_NAME})")


def _vague_heads() -> frozenset[str]:
    return frozenset(load_lexicon("attribution-vague-heads.txt"))


def named_sources(text: str, vague: frozenset[str]) -> list[tuple[int, int, str]]:
    """Capitalised sources tied to an attribution verb in ``text``: (start, end, name)."""
    out = []
    for pattern in (_NAMED_BEFORE, _NAMED_AFTER):
        for m in pattern.finditer(text):
            name = m.group(1)
            words = [w.lower().strip(".,") for w in name.split()]
            if not words or all(w in vague for w in words):
                continue
            if words[-1] in vague or words[0] in {"the", "a", "an", "some", "many", "it"}:
                continue
            if len(name) == 1 and name != "I":
                continue
            out.append((m.start(1), m.end(1), name))
    return out


class VagueAttributionDetector(Detector):
    """Vague attribution cues (patterns in ``rules/attribution.toml``) with no named source."""

    kind = "vague-attribution"

    def __init__(self, params: dict) -> None:
        super().__init__(params)
        sources = self.strings("patterns", required=True)
        self.paragraph_excuses = self.flag("paragraph_excuses", False)
        self.finish_params()
        heads = "|".join(re.escape(h) for h in sorted(_vague_heads(), key=len, reverse=True))
        self.patterns = [
            re.compile(p.replace("{HEADS}", heads), re.IGNORECASE) for p in sources
        ]
        self.vague = _vague_heads()

    def detect(self, doc: Document) -> Iterator[Hit]:
        text = doc.lint_text
        quotes = quote_spans(doc)
        seen: set[int] = set()
        for pattern in self.patterns:
            for m in pattern.finditer(text):
                i = doc.sentence_index_at(m.start())
                if i is None or i in seen:
                    continue
                if any(s <= m.start() < e for s, e in quotes):
                    continue  # someone quoted using the phrase
                sent = doc.sentences[i]
                sentence = text[sent.start : sent.end]
                if named_sources(sentence, self.vague) or doc.links_in(sent.start, sent.end):
                    continue
                if self.paragraph_excuses:
                    block = doc.block_of_sentence(i)
                    if named_sources(text[block.start : block.end], self.vague):
                        continue
                seen.add(i)
                yield Hit(m.start(), m.end(), data={"cue": doc.text[m.start() : m.end()]})


_CLAIM = re.compile(
    r"\b(?:\d[\d,.]*\s*(?:%|percent|per cent|million|billion|trillion)|will|could|may|might|"
    r"expected|likely|alleg\w*|reportedly|largest|biggest|most|best|worst|first|record|"
    r"unprecedented|significant\w*|major)\b",
    re.IGNORECASE,
)


def attribution_counts(doc: Document) -> dict[str, int]:
    """Named sources, quotations, links and claim sentences (cached per document)."""
    cached = doc.cache.get("attribution_counts")
    if cached is None:
        text = doc.lint_text
        vague = _vague_heads()
        named = claims = unsourced = 0
        for i, s in enumerate(doc.sentences):
            sentence = text[s.start : s.end]
            n = len(named_sources(sentence, vague))
            named += n
            if _CLAIM.search(sentence) and doc.block_of_sentence(i).kind != "heading":
                claims += 1
                if not n:
                    unsourced += 1
        cached = {
            "named_sources": named,
            "quotations": len(quote_spans(doc)),
            "links": len(doc.links),
            "claims": claims,
            "claims_without_source": unsourced,
        }
        doc.cache["attribution_counts"] = cached
    return cached


class UnsourcedArticleDetector(Detector):
    """An article of some length that makes many claims and names no source at all."""

    kind = "unsourced-article"

    def __init__(self, params: dict) -> None:
        super().__init__(params)
        self.min_words = self.integer("min_words", 250, 1)
        self.min_claims = self.integer("min_claims", 8, 1)
        self.max_sources = self.integer("max_sources", 0, 0)
        self.finish_params()

    def detect(self, doc: Document) -> Iterator[Hit]:
        if doc.word_count < self.min_words or not doc.sentences:
            return
        counts = attribution_counts(doc)
        sources = counts["named_sources"] + counts["quotations"] + counts["links"]
        if counts["claims"] >= self.min_claims and sources <= self.max_sources:
            first = doc.sentences[0]
            yield Hit(first.start, first.end, data=dict(counts))

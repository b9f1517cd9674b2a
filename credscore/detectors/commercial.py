"""Kind ``commercial-insertion``: commercial spam phrases or links that are off-topic here.

Evidence is combined, never taken alone:

* commercial evidence: a phrase from a category lexicon (gambling, pharma, loans, essay
  services, adult, followers, referral codes, prize messages, link-insertion templates), or a
  link whose host or anchor text carries such a term;
* topical evidence: TF-IDF cosine between the commercial phrase and the rest of the article
  (the centroid of all other sentences), plus how many other sentences carry the same category.

An article whose topic *is* the category (several sentences about betting in a story on
gambling regulation) gets an info note, not a spam finding.

Parameters: ``categories`` (category = [lexicon files]), ``host_keywords`` (lexicon of host
name fragments), ``max_similarity`` (phrase-to-article cosine at or below which the phrase is
off-topic, default 0.10), ``topic_share`` (share of sentences carrying the category that makes
it the article's topic, default 0.15), ``topic_min_sentences`` (default 3).
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlparse

from ..document import Document
from ..features import leave_one_out, sentence_vectors
from ..findings import Hit, Severity
from ..lexicons import PhraseMatcher, load_lexicon, normalise_phrase
from ..vectors import cosine, tokenize, vectorize
from .base import Detector


class CommercialInsertionDetector(Detector):
    kind = "commercial-insertion"
    english_only = False

    def __init__(self, params: dict) -> None:
        super().__init__(params)
        self.category_files = self.categories("categories")
        host_files = self.lexicon_files("host_keywords")
        self.max_similarity = self.number("max_similarity", 0.10, 0.0, 1.0)
        self.topic_share = self.number("topic_share", 0.15, 0.0, 1.0)
        self.topic_min = self.integer("topic_min_sentences", 3, 1)
        self.finish_params()
        self.matcher = PhraseMatcher(
            (p, cat) for cat, files in self.category_files.items()
            for name in files for p in load_lexicon(name)
        )
        self.host_keywords = tuple(k for name in host_files for k in load_lexicon(name))

    def _host_category(self, href: str) -> str | None:
        host = (urlparse(href if "//" in href else "//" + href).hostname or "").lower()
        if any(k in host for k in self.host_keywords):
            return "link"
        return None

    def detect(self, doc: Document) -> Iterator[Hit]:
        # (sentence index) -> list of (start, end, category, phrase)
        evidence: dict[int, list[tuple[int, int, str, str]]] = {}
        for m in self.matcher.longest_matches(doc.folded):
            i = doc.sentence_index_at(m.start)
            if i is not None:
                evidence.setdefault(i, []).append((m.start, m.end, m.tag, m.phrase))
        for link in doc.links:
            folded_anchor = normalise_phrase(link.anchor)
            anchor_cats = {m.tag for m in self.matcher.iter_matches(folded_anchor)}
            host_cat = self._host_category(link.href)
            if anchor_cats or host_cat:
                i = doc.sentence_index_at(link.start)
                if i is not None:
                    cat = sorted(anchor_cats)[0] if anchor_cats else "link"
                    evidence.setdefault(i, []).append((link.start, link.end, cat, link.anchor))
        if not evidence:
            return
        n = len(doc.sentences)
        per_category: dict[str, set[int]] = {}
        for i, items in evidence.items():
            for *_, cat, _phrase in items:
                per_category.setdefault(cat, set()).add(i)
        vectors = sentence_vectors(doc)
        for i, items in sorted(evidence.items()):
            rest = leave_one_out(doc, i)
            sentence_sim = cosine(vectors[i], rest) if rest else 0.0
            for start, end, cat, phrase in items:
                support = len(per_category.get(cat, set()) - {i})
                on_topic = support >= max(self.topic_min, self.topic_share * n)
                phrase_sim = cosine(vectorize(tokenize(phrase)), rest) if rest else 0.0
                data = {
                    "category": cat,
                    "phrase_similarity": round(phrase_sim, 3),
                    "sentence_similarity": round(sentence_sim, 3),
                    "category_sentences": support + 1,
                }
                if on_topic:
                    data["why"] = f"the article is about {cat} ({support + 1} sentences)"
                    yield Hit(start, end, 0.0, data, severity=Severity.INFO)
                elif phrase_sim <= self.max_similarity:
                    data["why"] = (f"its words barely occur in the rest of the article "
                                   f"(similarity {phrase_sim:.2f})")
                    yield Hit(start, end, 1.0, data)
                else:
                    data["why"] = f"it partly fits the article (similarity {phrase_sim:.2f})"
                    yield Hit(start, end, 0.5, data, severity=Severity.WARNING)

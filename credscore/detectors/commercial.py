"""Kind ``commercial-insertion``: commercial spam phrases or links that are off-topic here.

Evidence is combined, never taken alone:

* commercial evidence: a phrase from a category lexicon (gambling, pharma, loans, essay
  services, adult, followers, referral codes, prize messages, link-insertion templates), or a
  link whose host or anchor text carries such a term;
* topical evidence: TF-IDF cosine between the commercial phrase and the rest of the article
  (the centroid of all other sentences, computed from dot products so the cost stays linear in
  article length), plus how many other sentences carry the same category.

The reported span is the lexicon phrase grown over adjacent modifier words that occur nowhere
else in the article, stopping at punctuation and function words (``extend_span``): "such as star
wars slots online and" reports "star wars slots online".

An article whose topic *is* the category (several sentences about betting in a story on
gambling regulation) gets an info note, not a spam finding. A run of consecutive category
sentences that is itself off-topic (a multi-sentence prize SMS dropped into a report) does not
count as the article's topic.

Parameters: ``categories`` (category = [lexicon files]), ``host_keywords`` (lexicon of host
name fragments), ``max_similarity`` (phrase-to-article cosine at or below which the phrase is
off-topic, default 0.10), ``max_sentence_similarity`` (a phrase that partly fits the article is
only a warning when its whole sentence is below this similarity to the rest, else an info note;
default 0.15), ``topic_share`` (share of sentences carrying the category that makes
it the article's topic, default 0.15), ``topic_min_sentences`` (default 3), ``about_spam``
(lexicons of words for spam itself: an article with that many sentences on spam, junk e-mail
or spammers reports on spam, and the categories it names are its subject: info notes only).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterator

from ..analyse.lexicons import matcher_for, normalise_phrase
from ..analyse.sentencevectors import article_centroid, sentence_vectors
from ..analyse.vectors import STOP_WORDS, Vector, tokenize, vectorize
from ..findings import Hit, Severity
from ..regex import patterncache
from ..segment.document import Document
from .base import Detector
from .linkhosts import HostClassifier

_WORD = patterncache.compile(r"[^\W_]+(?:['’][^\W_]+)*")
#: Words never absorbed into a commercial span (function words, generic nouns of insertion
#: templates); the span also stops at any punctuation.
_SPAN_STOP = STOP_WORDS | frozenset(
    """via using use like including include includes e.g etc such as well other others
    platforms platform sites site services service systems system games game online
    today now here there visit click check try get join""".split()
)
MAX_EXTENSION = 3


_LAST_WORD = patterncache.compile(r"[^\W_]+(?:'[^\W_]+)*$")


def cosine_to_rest(vec: Vector, own: Vector, centroid: Vector, c_norm2: float) -> float:
    """Cosine of ``vec`` to ``centroid - own`` without copying the centroid (linear cost)."""
    if not vec:
        return 0.0
    dot = sum(v * (centroid.get(t, 0.0) - own.get(t, 0.0)) for t, v in vec.items())
    rest2 = c_norm2 - 2 * sum(v * centroid.get(t, 0.0) for t, v in own.items()) + sum(
        v * v for v in own.values())
    norm2 = sum(v * v for v in vec.values())
    if rest2 <= 1e-9 or norm2 <= 0 or dot <= 0:
        return 0.0
    return dot / math.sqrt(norm2 * rest2)


def word_counts(doc: Document) -> Counter:
    """How often each lower-cased word occurs in the document (cached)."""
    cached = doc.cache.get("word_counts")
    if cached is None:
        cached = Counter(m.group(0) for m in _WORD.finditer(doc.folded))
        doc.cache["word_counts"] = cached
    return cached


def extend_span(doc: Document, start: int, end: int) -> tuple[int, int]:
    """Grow a commercial phrase leftwards over adjacent off-topic modifier words.

    A preceding word is absorbed when only a single space separates it from the span, it is
    not a function word, and it occurs nowhere else in the article ("such as star wars slots
    online and" -> "star wars slots online"). English modifiers precede their head, so the span
    never grows to the right. At most ``MAX_EXTENSION`` words.
    """
    text = doc.folded
    counts = word_counts(doc)
    for _ in range(MAX_EXTENSION):
        if start < 2 or text[start - 1] != " ":
            break
        m = _LAST_WORD.search(text[max(0, start - 40) : start - 1])
        if not m:
            break
        word = m.group(0)
        if word in _SPAN_STOP or counts[word] > 1 or not word.isalpha():
            break
        start = start - 1 - len(word)
    return start, end


#: How findings name what a category sells ("<label> '<phrase>'"); links say "a <site> site".
CATEGORY_LABELS = {
    "gambling": ("Gambling promotion", "gambling"),
    "pharma": ("Pharmacy promotion", "online-pharmacy"),
    "loans": ("Loan promotion", "lender"),
    "essay-service": ("Essay-service promotion", "essay-service"),
    "adult": ("Adult-site promotion", "adult"),
    "followers": ("Follower-selling promotion", "follower-selling"),
    "referral": ("Referral or promo-code pitch", "referral"),
    "prize": ("Prize-message phrase", "prize"),
    "link-template": ("Link-insertion template", "link-insertion"),
    "shortener": ("Shortened link", "link-shortener"),
}


def category_label(cat: str) -> tuple[str, str]:
    """(noun phrase for a phrase of ``cat``, adjective for a site of ``cat``)."""
    return CATEGORY_LABELS.get(cat, (f"{cat.replace('-', ' ').capitalize()} phrase", cat))


def _quote(text: str, limit: int = 60) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


class _Item:
    """One piece of commercial evidence: a lexicon phrase or a link."""

    __slots__ = ("affiliate", "cat", "end", "host", "phrase", "start", "term")

    def __init__(self, start: int, end: int, cat: str, phrase: str, host: str = "",
                 affiliate: bool = False, term: str | None = None) -> None:
        self.start, self.end, self.cat, self.phrase = start, end, cat, phrase
        self.term = phrase if term is None else term
        self.host, self.affiliate = host, affiliate

    def lead(self) -> str:
        noun, site = category_label(self.cat)
        if not self.host:
            return f"{noun} '{_quote(self.phrase)}'"
        tracked = ", with affiliate tracking" if self.affiliate else ""
        if self.cat == "shortener":
            return (f"Shortened link ({self.host}{tracked}, anchor '{_quote(self.phrase)}') "
                    "hides where it goes and")
        return f"Link to a {site} site ({self.host}{tracked}, anchor '{_quote(self.phrase)}')"


class CommercialInsertionDetector(Detector):
    kind = "commercial-insertion"
    english_only = False

    def __init__(self, params: dict) -> None:
        super().__init__(params)
        self.category_files = self.categories("categories")
        host_files = self.categories("hosts", required=False)
        about_files = self.lexicon_files("about_spam")
        self.max_similarity = self.number("max_similarity", 0.10, 0.0, 1.0)
        self.max_sentence_similarity = self.number("max_sentence_similarity", 0.15, 0.0, 1.0)
        self.topic_share = self.number("topic_share", 0.15, 0.0, 1.0)
        self.topic_min = self.integer("topic_min_sentences", 3, 1)
        self.finish_params()
        self.matcher = matcher_for(tuple(  # cached: SP102 shares the same automaton
            (cat, name) for cat, files in self.category_files.items() for name in files
        ))
        self.hosts = HostClassifier(host_files)
        self.about_spam = matcher_for(tuple(("about-spam", name) for name in about_files))

    def _spam_sentences(self, doc: Document) -> set[int]:
        """The sentences that talk about spam itself ("spammers", "junk e-mail")."""
        if not self.about_spam.size:
            return set()
        found = {doc.sentence_index_at(m.start) for m in self.about_spam.iter_matches(doc.folded)}
        return {i for i in found if i is not None}

    def _support(self, members: set[int], i: int, vectors: list[Vector], centroid: Vector,
                 c_norm2: float) -> set[int]:
        """The category's sentences that count as evidence of the article's topic for sentence
        ``i``: all of them, unless ``i`` sits in a run of consecutive category sentences (one
        gap allowed) that covers at most 40% of the article and is itself off-topic (a
        multi-sentence insertion must not vouch for itself); then only those outside the run."""
        if i not in members:
            members = members | {i}
        lo = hi = i
        while lo - 1 in members or lo - 2 in members:  # a run may skip one sentence
            lo -= 1 if lo - 1 in members else 2
        while hi + 1 in members or hi + 2 in members:
            hi += 1 if hi + 1 in members else 2
        if lo == hi or (hi - lo + 1) > 0.4 * len(vectors):  # a long run is the topic itself
            return members
        run: Vector = {}
        for j in range(lo, hi + 1):
            for t, v in vectors[j].items():
                run[t] = run.get(t, 0.0) + v
        if cosine_to_rest(run, run, centroid, c_norm2) > self.max_similarity:
            return members
        rest2 = c_norm2 - 2 * sum(v * centroid.get(t, 0.0) for t, v in run.items()) + sum(
            v * v for v in run.values())
        if rest2 <= 1e-9:  # the run is the whole article: it is the topic
            return members
        return {j for j in members if j < lo or j > hi}

    def _evidence(self, doc: Document) -> dict[int, list[_Item]]:
        """(sentence index) -> the phrases and links found in it, overlaps resolved (the
        widest kept; a link and the phrase inside its anchor are one piece of evidence)."""
        evidence: dict[int, list[_Item]] = {}
        for m in self.matcher.longest_matches(doc.folded):
            i = doc.sentence_index_at(m.start)
            if i is not None:
                a, b = extend_span(doc, m.start, m.end)
                evidence.setdefault(i, []).append(_Item(a, b, m.tag, doc.text[a:b], term=m.phrase))
        for link in doc.links:
            folded_anchor = normalise_phrase(link.anchor)
            anchor_cats = sorted({m.tag for m in self.matcher.iter_matches(folded_anchor)})
            target = self.hosts.target(link.href)
            if not (anchor_cats or target.category):
                continue
            i = doc.sentence_index_at(link.start)
            if i is None:
                continue
            # the host says what the link sells; an anchor phrase says it when the host is
            # only a shortener or unknown
            cat = (target.category if target.category and target.category != "shortener"
                   else anchor_cats[0] if anchor_cats else target.category)
            evidence.setdefault(i, []).append(_Item(link.start, link.end, str(cat),
                                                    link.anchor, target.host or link.href,
                                                    target.affiliate))
        for i, items in evidence.items():
            # links first at equal spans: the link names its host
            items.sort(key=lambda it: (it.start, -(it.end - it.start), not it.host))
            kept: list[_Item] = []
            for it in items:
                if kept and it.start < kept[-1].end:
                    if it.host and not kept[-1].host and it.end >= kept[-1].end:
                        kept[-1] = it  # the link around an anchor phrase: report the link
                    continue
                kept.append(it)
            evidence[i] = kept
        return evidence

    def detect(self, doc: Document) -> Iterator[Hit]:
        evidence = self._evidence(doc)
        if not evidence:
            return
        n = len(doc.sentences)
        per_category: dict[str, set[int]] = {}
        for i, items in evidence.items():
            for it in items:
                per_category.setdefault(it.cat, set()).add(i)
        commercial = set(evidence)  # sentences with evidence of any category
        vectors = sentence_vectors(doc)
        centroid = article_centroid(doc)
        c_norm2 = sum(v * v for v in centroid.values())
        spam_sentences = self._spam_sentences(doc)
        topic_needs = max(self.topic_min, self.topic_share * n)
        # topic-level notes, one per reason (collapsed: "the article is about gambling" once,
        # with the count, not one note per phrase)
        notes: dict[str, list[tuple[_Item, dict]]] = {}
        reported: set[int] = set()  # sentence indices reported at warning or error
        for i, items in sorted(evidence.items()):
            # sentences on spam that vouch for the article being about spam: not an off-topic
            # run around this one ("... best online casino. No spam, only real winners.")
            on_spam = len(self._support(spam_sentences, i, vectors, centroid, c_norm2) - {i})
            own = vectors[i]
            sentence_sim = cosine_to_rest(own, own, centroid, c_norm2)
            mixed = len(self._support(commercial, i, vectors, centroid, c_norm2) - {i})
            for it in items:
                support = len(self._support(per_category.get(it.cat, set()), i, vectors,
                                            centroid, c_norm2) - {i})
                phrase_sim = cosine_to_rest(vectorize(tokenize(it.term)), own, centroid,
                                            c_norm2)
                data = {
                    "category": it.cat,
                    "phrase_similarity": round(phrase_sim, 3),
                    "sentence_similarity": round(sentence_sim, 3),
                    "category_sentences": support + 1,
                    "lead": it.lead(),
                }
                if it.host:
                    data["host"] = it.host
                    data["affiliate"] = it.affiliate
                if support >= topic_needs:
                    notes.setdefault(f"cat:{it.cat}", []).append((it, data))
                elif on_spam >= topic_needs:
                    data["spam_sentences"] = on_spam
                    notes.setdefault("about-spam", []).append((it, data))
                elif mixed >= topic_needs and sentence_sim > self.max_similarity:
                    # a commercial page (a crypto casino review: gambling, bonus and referral
                    # terms throughout): a phrase whose sentence fits that page is its subject
                    data["commercial_sentences"] = mixed + 1
                    notes.setdefault("commercial", []).append((it, data))
                elif it.host and it.cat != "shortener":
                    # the host says what the link sells whatever its anchor ("this page"): in
                    # an article that is not about the category, it is an insertion
                    data["verdict"] = (f"is off-topic here: {support} other sentence"
                                       f"{'' if support == 1 else 's'} of the article "
                                       f"{'is' if support == 1 else 'are'} about {it.cat} and "
                                       f"the link's sentence barely fits it (similarity "
                                       f"{sentence_sim:.2f})" if sentence_sim
                                       < self.max_sentence_similarity else
                                       f"is off-topic here: {support} other sentence"
                                       f"{'' if support == 1 else 's'} of the article "
                                       f"{'is' if support == 1 else 'are'} about {it.cat}")
                    data["why"] = data["verdict"].split(": ", 1)[-1]
                    reported.add(i)
                    yield Hit(it.start, it.end, 1.0, data)
                elif phrase_sim <= self.max_similarity:
                    data["why"] = ("its words barely occur in the rest of the article "
                                   f"(similarity {phrase_sim:.2f})")
                    data["verdict"] = "is off-topic here: " + data["why"]
                    reported.add(i)
                    yield Hit(it.start, it.end, 1.0, data)
                elif sentence_sim < self.max_sentence_similarity:
                    data["why"] = f"it partly fits the article (similarity {phrase_sim:.2f})"
                    data["verdict"] = (f"partly fits the article (similarity {phrase_sim:.2f}), "
                                       f"but its sentence does not ({sentence_sim:.2f})")
                    reported.add(i)
                    yield Hit(it.start, it.end, 0.5, data, severity=Severity.WARNING)
                else:
                    data["why"] = (f"its sentence fits the article (similarity "
                                   f"{sentence_sim:.2f}), so it is likely reporting")
                    data["verdict"] = ("is likely reported, not promoted: its sentence fits the "
                                       f"article (similarity {sentence_sim:.2f})")
                    yield Hit(it.start, it.end, 0.0, data, severity=Severity.INFO)
        for reason, found in notes.items():
            yield self._topic_note(reason, found, n)
        # the sentences reported here (warning or error), so that SP104 does not repeat them
        doc.cache["commercial_insertion:reported"] = reported

    @staticmethod
    def _topic_note(reason: str, found: list[tuple[_Item, dict]], n: int) -> Hit:
        """One info note for all the phrases that are the article's subject, at the first."""
        first, data = found[0]
        data = dict(data)
        phrases = []
        for it, _ in found:
            q = _quote(it.host or it.phrase, 40)
            if q not in phrases:
                phrases.append(q)
        shown = ", ".join(f"'{p}'" for p in phrases[:3])
        more = f" and {len(found) - min(3, len(phrases))} more" if len(found) > 3 else ""
        if reason.startswith("cat:"):
            about = (f"the article is about {first.cat.replace('-', ' ')} "
                     f"({data['category_sentences']} of its {n} sentences)")
        elif reason == "about-spam":
            about = f"the article is about spam itself ({data['spam_sentences']} sentences)"
        else:
            about = (f"the article is a commercial page ({data['commercial_sentences']} of its "
                     f"{n} sentences carry such terms)")
        data["count"] = len(found)
        data["occurrences"] = [[it.start, it.end] for it, _ in found]
        data["lead"] = f"Commercial terms {shown}{more}" if len(found) > 1 else first.lead()
        data["verdict"] = (f"{'are' if len(found) > 1 else 'is'} the article's subject, not an "
                           f"insertion: {about}; a topic note, not counted as spam")
        data["why"] = about
        return Hit(first.start, first.end, 0.0, data, severity=Severity.INFO)

"""Style measures of one article: tone, address to the reader, certainty, specificity.

Computed once per document (cached in ``Document.cache``) and shared by the tone rules
(``credscore/detectors/tone.py``) and the article feature vector (``credscore/score/credibility``).
Everything counts the writer's own voice: text inside quotation marks is skipped, because a
reporter who quotes an angry man is not angry.

The phrase lists are data: ``rules/lexicons/tone-*.txt``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache

from ..detectors.spans import QuoteSpans, inside, quote_at, quote_spans
from ..regex import patterncache
from ..segment.document import Document
from ..segment.headline import headline
from .lexicons import load_lexicon, matcher_for

LEXICONS = (
    ("loaded", "tone-loaded.txt"),
    ("conspiracy", "tone-conspiracy.txt"),
    ("hedge", "tone-hedges.txt"),
    ("certainty", "tone-certainty.txt"),
    ("informal", "tone-informal.txt"),
)
IMPERATIVES = (("imperative", "tone-imperatives.txt"),)

_FIRST_SINGULAR = frozenset({"i", "me", "my", "mine", "myself", "i'm", "i've", "i'd", "i'll"})
_FIRST_PLURAL = frozenset({"we", "us", "our", "ours", "ourselves", "we're", "we've", "we'll"})
_SECOND = frozenset({"you", "your", "yours", "yourself", "yourselves", "you're", "you've",
                     "you'll", "you'd", "ya"})
_MONTHS = frozenset("""january february march april may june july august september october
november december jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday
thursday friday saturday sunday""".split())
_YEAR = patterncache.compile(r"(?:1[89]|20)\d\d")
_CONTRACTED = frozenset({"t", "re", "ve", "ll", "d", "m"})
_DATELINE = patterncache.compile(
    r"[A-Z][A-Z.'-]+(?: [A-Z][A-Z.'-]+){0,3}(?:, [A-Z][A-Za-z.]+(?: [A-Z][A-Za-z.]+)?)?"
    r"(?:, [A-Z][a-z]{2,8}\.? \d{1,2})?(?: \([A-Za-z. ]{2,30}\))? ?[-—–]{1,2} ")
_MARKS = patterncache.compile(r"[,(]|[!?]+")
"""Commas, opening brackets, and runs of "!"/"?" (a run is one mark)."""
_REPORTING = frozenset("""said says told according stated added explained announced reported
confirmed testified wrote noted argued""".split())


@dataclass
class StyleCounts:
    """Counts over the article body (headline and headings excluded unless noted)."""

    words: int = 0
    """Words outside quotations, headline included (the denominator of the rates)."""
    body_sentences: int = 0
    """Sentences outside the headline and headings."""
    sentence_words: list[int] = field(default_factory=list)
    """Words per body sentence."""
    quoted_chars: int = 0
    body_chars: int = 0
    caps_words: int = 0
    """Ordinary words of 4+ letters written in capitals in body sentences: shouting. Acronyms
    ("OPEC") are not ordinary words, and headlines and headings in capitals are house style."""
    exclamations: int = 0
    questions: int = 0
    first_singular: int = 0
    first_plural: int = 0
    second_person: int = 0
    imperatives: int = 0
    numbers: int = 0
    """Tokens with a digit."""
    dates: int = 0
    """Month and weekday names, and four-digit years 1800-2099."""
    proper_nouns: int = 0
    """Capitalised words inside a sentence (not its first word): names of people, places,
    organisations."""
    reporting_verbs: int = 0
    contractions: int = 0
    """Contracted verbs outside quotations ("don't", "it's" as "it is", "we're", "I'll")."""
    lexical_diversity: float = 0.0
    """Moving-average type-token ratio over windows of 50 words (MATTR): repetitive,
    template-like text scores low."""
    commas: int = 0
    """Commas outside quotations in body sentences."""
    parentheses: int = 0
    """Opening brackets outside quotations in body sentences (asides, ages, tickers)."""
    dateline: bool = False
    """The body opens with a wire-style dateline ("WASHINGTON —", "LONDON, March 3 (Reuters) -")."""
    matches: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    """Spans of lexicon hits outside quotations by label (loaded, conspiracy, hedge,
    certainty, informal, imperative, second, caps, exclamation)."""

    def count(self, label: str) -> int:
        return len(self.matches.get(label, ()))


@cache
def _common_words() -> frozenset[str]:
    """Ordinary words (rules/lexicons/common-words.txt): in capitals they are shouting; a word
    in capitals that is not on the list is an acronym ("OPEC", "USDA")."""
    return frozenset(load_lexicon("common-words.txt"))


def style_counts(doc: Document) -> StyleCounts:
    """The style counts of ``doc`` (cached)."""
    cached = doc.cache.get("style_counts")
    if cached is None:
        cached = doc.cache["style_counts"] = _compute(doc)
    return cached


def _compute(doc: Document) -> StyleCounts:
    out = StyleCounts(matches={label: [] for label in
                               ("loaded", "conspiracy", "hedge", "certainty", "informal",
                                "imperative", "second", "caps", "exclamation")})
    text = doc.lint_text
    quotes = quote_spans(doc)
    head = headline(doc)
    head_span = (head.start, head.end) if head and head.start is not None else None

    for m in matcher_for(LEXICONS).longest_matches(doc.folded):
        if not (quotes and inside(quotes, m.start, m.end)):
            out.matches[m.tag].append((m.start, m.end))

    # words: pronouns, capitals, numbers, names (one pass over the document's word table)
    body = [i for i, s in enumerate(doc.sentences)
            if doc.blocks[s.block].kind != "heading"
            and not (head_span and s.start < head_span[1] and s.end > head_span[0])]
    body_set = set(body)
    words_in_sentence: dict[int, int] = {}
    first_word_seen: set[int] = set()
    for start, end, si in _unquoted_words(doc, quotes):
        out.words += 1
        token = text[start:end]
        lower = token.lower().replace("’", "'")
        if "'" in lower and lower.rsplit("'", 1)[1] in _CONTRACTED:
            out.contractions += 1
        if lower in _FIRST_SINGULAR and (lower != "i" or token == "I"):
            out.first_singular += 1
        elif lower in _FIRST_PLURAL and not (lower == "us" and token == "US"):
            out.first_plural += 1
        elif lower in _SECOND:
            out.second_person += 1
            out.matches["second"].append((start, end))
        if si not in body_set:
            continue
        words_in_sentence[si] = words_in_sentence.get(si, 0) + 1
        if not token.isalpha() and any(c.isdigit() for c in token):  # letters: no digit
            out.numbers += 1
            if len(token) == 4 and _YEAR.fullmatch(token):
                out.dates += 1
            continue
        if lower in _MONTHS and token[0].isupper():
            out.dates += 1
        if lower in _REPORTING:
            out.reporting_verbs += 1
        if si not in first_word_seen:
            first_word_seen.add(si)
            continue
        if token.isupper() and len(token) >= 4 and lower in _common_words():
            out.caps_words += 1
            out.matches["caps"].append((start, end))
        elif token[0].isupper() and not token.isupper():
            out.proper_nouns += 1

    if body:
        first = doc.sentences[body[0]]
        out.dateline = _DATELINE.match(text, first.start) is not None
    imperative = matcher_for(IMPERATIVES)
    for i in body:
        s = doc.sentences[i]
        out.body_sentences += 1
        out.sentence_words.append(words_in_sentence.get(i, 0))
        out.body_chars += s.end - s.start
        chunk = text[s.start : s.end]
        lead = len(chunk) - len(chunk.lstrip("\"'“‘([ "))
        if not (quotes and quote_at(quotes, s.start) >= 0):
            hit = next(iter(imperative.iter_matches(doc.folded, s.start + lead,
                                                    min(s.end, s.start + lead + 20))), None)
            if hit is not None and hit.start == s.start + lead:
                out.matches["imperative"].append((s.start, s.end))
                out.imperatives += 1
        for m in _MARKS.finditer(chunk):
            pos = s.start + m.start()
            if quotes and quote_at(quotes, pos) >= 0:
                continue
            mark = m.group(0)[0]
            if mark == ",":
                out.commas += 1
            elif mark == "(":
                out.parentheses += 1
            elif mark == "!" or "!" in m.group(0):  # "?!" and "!!!" are one exclamation
                out.exclamations += 1
                out.matches["exclamation"].append((pos, s.start + m.end()))
            else:
                out.questions += 1
    out.lexical_diversity = _mattr((token.lower() for token in doc.words.tokens()),
                                   len(doc.words))
    for qs, qe in quotes:
        out.quoted_chars += qe - qs
    return out


def _unquoted_words(doc: Document, quotes: list[tuple[int, int]]
                    ) -> Iterator[tuple[int, int, int | None]]:
    """(start, end, sentence index) of each word of ``doc`` outside ``quotes``, in one forward
    walk: the sentence is ``doc.sentence_index_at(start)``, the quotation test
    ``quote_at(quotes, start) >= 0``."""
    starts = doc._sentence_starts
    n_sentences = len(starts)
    k = -1  # the last sentence starting at or before the word
    ordered = isinstance(quotes, QuoteSpans)  # sorted and disjoint: walked alongside
    q, n_quotes = 0, len(quotes)
    for start, end in doc.words:
        while k + 1 < n_sentences and starts[k + 1] <= start:
            k += 1
        if quotes:
            if ordered:
                while q < n_quotes and quotes[q][1] <= start:
                    q += 1
                if q < n_quotes and quotes[q][0] <= start:
                    continue
            elif quote_at(quotes, start) >= 0:
                continue
        yield start, end, (max(k, 0) if n_sentences else None)


def _mattr(tokens: Iterable[str], count: int, window: int = 50) -> float:
    """Mean type-token ratio of every ``window``-word stretch (the whole text if shorter) of
    the ``count`` words ``tokens``.

    Summed per word instead of per window: the word at ``i`` counts as a new type in every
    window that holds it and not its previous occurrence ``prev``, the windows starting from
    ``max(prev + 1, i - window + 1)`` to ``min(i, count - window)``: the same integer total
    as sliding a window and counting its types, with one dictionary update per word."""
    if not count:
        return 0.0
    if count <= window:
        return len(set(tokens)) / count
    last: dict[str, int] = {}
    total = 0
    final = count - window  # the start of the last window
    for i, token in enumerate(tokens):
        first = max(last.get(token, -1) + 1, i - window + 1, 0)
        last[token] = i
        if first <= final:
            total += min(i, final) - first + 1
    return total / ((count - window + 1) * window)

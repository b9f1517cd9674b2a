"""Kinds ``vague-attribution`` and ``unsourced-article``: who says so?

**Named source**: see ``credscore.detectors.sources`` (the shared named-source grammar).

**Vague cue**: a pattern from the rule's ``cues`` table (see ``rules/attribution.toml``). A
pattern with a ``(?P<head>...)`` group marks a source noun ("experts", "analysts"): the words
before it decide whether it is vague ("many experts", "industry analysts", sentence start) or
specific ("the analysts", "Barclays analysts", "of analysts" as a non-subject).

All regular expressions are compiled once per detector (or once per process for the shared
named-source grammar). Cues run on ``Document.folded`` (lower-cased, same offsets) with
word-trie alternations; the named-source grammar runs once per document and its results are
shared by the rules and the metrics. The work is linear in the length of the text.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator

from ..diskcache import memo
from ..findings import Hit
from ..regex import patterncache
from ..regex.literals import LiteralIndex, prefix_scanner
from ..segment.document import Document
from .base import Detector, ParamError
from .sources import (
    ANY_SPEAKER,
    CLAUSE_MARK,
    DOUBLE_QUOTE,
    TOKEN_BACK,
    alternation,
    grammar,
    inside_word,
    sentence_sources,
    speaker_pronouns,
    starts_sentence,
    trie_regex,
)
from .spans import overlaps, quote_at, quote_spans

# Verbs that tie a named source to what it said (named-source grammar; not the vague cues).

_FUNCTION_BEFORE_HEAD = frozenset(
    "the these those this that's its their his her our my your whose such".split()
)
_PREPOSITIONS = frozenset(
    """of to for with from among by on in at about between like than against toward towards
    into onto upon within without under over beyond across behind beside besides via per
    amongst including""".split()
)
# Definite but still unnamed agents: "regarded by the public as".
_CROWD_AGENTS = frozenset("public media press masses world community establishment".split())
_QUANT_PARTS = frozenset(
    "a an one number lot lots handful majority host growing increasing".split()
)
_OF_QUANT = frozenset("number lot lots handful majority host many some most several few".split())


def _split_top(source: str) -> list[str]:
    """Split a regex at its top-level ``|`` (outside groups, classes and escapes)."""
    parts, depth, start, i, in_class = [], 0, 0, 0, False
    while i < len(source):
        ch = source[i]
        if ch == "\\":
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            parts.append(source[start:i])
            start = i + 1
        i += 1
    parts.append(source[start:])
    return parts


def _drop_leading_boundary(branch: str) -> str | None:
    """``branch`` without its leading ``\\b`` (also inside a leading group), or None."""
    for prefix in ("\\b", "(?P<head>\\b"):
        if branch.startswith(prefix):
            return branch[: len(prefix) - 2] + branch[len(prefix) :]
    if branch.startswith("(?:") and branch.endswith(")"):
        inner = _split_top(branch[3:-1])
        if len(inner) > 1 or inner[0] != branch[3:-1]:
            stripped = [_drop_leading_boundary(b) for b in inner]
            if all(b is not None for b in stripped):
                return "(?:" + "|".join(b for b in stripped if b is not None) + ")"
    return None


def _loosen(source: str) -> tuple[str, bool]:
    """(the cue without case-sensitive parts and leading ``\\b``, whether they were dropped)."""
    loose = source.replace("(?-i:", "(?:")
    branches = [_drop_leading_boundary(b) for b in _split_top(loose)]
    boundary = all(b is not None for b in branches)
    if boundary:
        loose = "|".join(b for b in branches if b is not None)
    return loose, boundary


class _Cue:
    """One compiled cue pattern.

    Patterns are matched case-insensitively. For speed, a pattern without case-sensitive parts
    (``(?-i:...)``) runs without the IGNORECASE flag on ``Document.folded`` (the lower-cased
    text, same offsets), and a leading word boundary ``\\b`` on every top-level branch is checked
    in Python instead of by the engine, which lets the engine skip ahead to a first letter.
    """

    def __init__(self, name: str, source: str) -> None:
        self.name = name
        # Case-sensitive parts ("(?-i:[a-z]+)": a lower-case word, not a name) are confirmed on
        # the original text after a loose match on the folded text. The strict pattern is only
        # checked at, and compiled only on, the first loose match.
        self.source = source
        self.needs_strict = "(?-i:" in source
        self._strict: re.Pattern[str] | None = None  # compiled on first use (start-up time)
        loose, self.boundary = memo(("cue-loose", 1, source), lambda: _loosen(source))
        patterncache.checked(source, re.IGNORECASE)  # re.error now for a bad pack pattern
        self.pattern = patterncache.checked(loose)  # compiled on its first match attempt
        self.has_head = "(?P<head>" in loose
        # Where matches can start only at a few words ("reportedly", "widely", "studies"), an
        # Aho-Corasick pass finds those places and the pattern is tried there alone (the same
        # matches as finditer, see credscore.regex.literals.PrefixScanner).
        self.scanner = prefix_scanner(self.pattern)

    def finditer(self, doc: Document) -> Iterator[re.Match[str]]:
        text = doc.folded
        matches = self.pattern.finditer(text) if self.scanner is None else (
            self.scanner.finditer(text))
        for m in matches:
            start = m.start()
            if self.boundary and inside_word(text, start):
                continue
            if self.needs_strict:
                if self._strict is None:
                    self._strict = patterncache.compile(self.source, re.IGNORECASE)
                confirmed = self._strict.match(doc.lint_text, start)
                if confirmed is None:
                    continue
                m = confirmed
            yield m


class VagueAttributionDetector(Detector):
    """Vague attribution cues (the rule's ``cues`` table) in sentences that name no source."""

    kind = "vague-attribution"
    pack_patterns = True  # runs the pack's regexes: within the time budget

    def __init__(self, params: dict) -> None:
        super().__init__(params)
        cues = self._get("cues", None)
        if not isinstance(cues, dict) or not cues or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in cues.items()
        ):
            raise ParamError("cues", "must be a table of cue name = regular expression")
        self.context = self.text("context", "adjacent", ("sentence", "adjacent", "paragraph"))
        agent_cues = self.strings("agent_excuses")
        unknown = sorted(set(agent_cues) - set(cues))
        if unknown:
            raise ParamError("agent_excuses", f"unknown cue {unknown[0]!r}")
        self.agent_cues = frozenset(agent_cues)
        self.any_speaker = self.flag("any_speaker", False)
        fills = {
            "{HEADS}": alternation("attribution-vague-heads.txt"),
            "{QUANT}": alternation("attribution-quantifiers.txt"),
            "{OPINION}": alternation("attribution-opinion-verbs.txt"),
            "{MOD}": alternation("attribution-generic-modifiers.txt"),
            "{SPEECH_PAST}": alternation("attribution-speech-past.txt"),
        }
        not_after = self._get("not_after", {})
        if not isinstance(not_after, dict) or not all(
            k in cues and isinstance(v, list) and all(isinstance(w, str) for w in v)
            for k, v in not_after.items()
        ):
            raise ParamError("not_after", "must be a table of cue name = [words]")
        self.not_after = {k: frozenset(w.lower() for w in v) for k, v in not_after.items()}
        self.cues: list[_Cue] = []
        for name, source in cues.items():
            for key, value in fills.items():
                source = source.replace(key, value)
            try:
                self.cues.append(_Cue(name, source))
            except re.error as err:
                raise ParamError(f"cues.{name}", f"invalid regular expression: {err}") from None
        self.finish_params()
        self.grammar = grammar()
        # Words each cue cannot match without (credscore.regex.literals): most articles lack all of
        # them for most cues, and one pass for all of them is far cheaper than the regex scans.
        self.literals = LiteralIndex(cue.pattern for cue in self.cues)

    # -- the holder of a vague cue ------------------------------------------------------------
    def _vague_holder(self, text: str, head_start: int, floor: int) -> bool:
        """Is the source noun at ``head_start`` an unnamed crowd (not "the analysts")?

        Walks back over the words before the noun: quantifiers and generic modifiers keep it
        vague ("many leading experts", "industry analysts"); a determiner or possessive makes it
        specific ("the analysts", "the bank's economists"); a capitalised modifier names it
        ("Goldman Sachs analysts"); a preposition means it is not the subject ("the work of
        historians suggests"). Punctuation, a conjunction or the sentence start end the walk.
        """
        g = self.grammar
        pos = head_start
        for _ in range(4):
            m = TOKEN_BACK.search(text, max(floor, pos - 40), pos)
            if m is None or text[m.end(1) : pos].strip():
                return True
            word = m.group(1)
            low = word.lower()
            if low.endswith(("'s", "’s", "s'")):
                return False
            if low == "of":
                before = TOKEN_BACK.search(text, max(floor, m.start(1) - 40), m.start(1))
                if before is None or before.group(1).lower() not in _OF_QUANT:
                    return False  # "the work of historians": not the subject
                pos = m.start(1)
                continue
            if low in g.quants or low in _QUANT_PARTS or low in g.generic:
                pos = m.start(1)
                continue
            if low in _FUNCTION_BEFORE_HEAD or low in _PREPOSITIONS:
                return False
            if word[:1].isupper():
                # a capitalised modifier names the group, unless it merely starts the sentence
                return starts_sentence(text, m.start(1)) and low in g.not_names
            if low in g.not_names:
                return True  # "and", "that", "while": the noun phrase starts here
            pos = m.start(1)  # another adjective ("prominent", "concerned")
        return True

    def _excused(self, doc: Document, i: int, cue: str, start: int, end: int) -> bool:
        text = doc.lint_text
        sent = doc.sentences[i]
        sentence = text[sent.start : sent.end]
        rel_s, rel_e = start - sent.start, end - sent.start
        for s, e, _name in sentence_sources(doc)[i] + speaker_pronouns(doc)[i]:
            # A source that wraps the cue ("Anthropic reportedly accused") is what the cue
            # hedges, not who vouches for it.
            if not (s < start and e > end):
                return True
        if cue in self.agent_cues:
            # "was regarded as illegitimate by the Brahmin clergy": the agent follows closely,
            # in the same clause.
            m = self.grammar.by_agent.search(sentence, rel_s, rel_e + 48)
            if m and not CLAUSE_MARK.search(sentence[rel_e : max(rel_e, m.start())]):
                if m.group(1) is not None:
                    if self.grammar.is_name(m.group(1), False):
                        return True
                elif m.group(0).split()[-1].lower() not in _CROWD_AGENTS | self.grammar.vague:
                    return True
        if doc.links_in(sent.start, sent.end):
            return True
        if self.any_speaker:
            for m in ANY_SPEAKER.finditer(sentence):
                if m.end() <= rel_s or m.start() >= rel_e:
                    return True
        if self.context == "sentence":
            return False
        for j in self._context_sentences(doc, i):
            other = doc.sentences[j]
            if sentence_sources(doc)[j] or doc.links_in(other.start, other.end):
                return True
        return False

    @staticmethod
    def _in_open_quote(doc: Document, i: int, start: int) -> bool:
        """Inside a quotation that spans sentences: an odd number of straight double quotes
        (after folding) between the paragraph start and the cue. News prints a quoted paragraph
        that continues into the next one without a closing mark, hence the paragraph scope."""
        block = doc.block_of_sentence(i)
        marks = doc.cache.get("attribution_double_quotes")
        if marks is None:  # offsets of every '"' in the folded text, ascending
            folded = doc.folded
            marks = [m.start() for m in DOUBLE_QUOTE.finditer(folded)] if '"' in folded else []
            doc.cache["attribution_double_quotes"] = marks
        # = folded.count('"', block.start, start), without rescanning the paragraph per cue
        n = bisect_left(marks, start) - bisect_left(marks, block.start)
        return n > 0 and n % 2 == 1

    def _context_sentences(self, doc: Document, i: int) -> list[int]:
        block = doc.sentences[i].block
        if self.context == "adjacent":
            near = [j for j in (i - 1, i + 1) if 0 <= j < len(doc.sentences)]
            return [j for j in near if doc.sentences[j].block == block]
        spans = doc.cache.get("attribution_block_sentences")
        if spans is None:  # block -> (first, last) sentence index, in one pass
            spans = {}
            for j, sent in enumerate(doc.sentences):
                first, _ = spans.get(sent.block, (j, j))
                spans[sent.block] = (first, j)
            doc.cache["attribution_block_sentences"] = spans
        first, last = spans[block]
        if last - first > 40:  # a "paragraph" of unsplit text: stay near the sentence
            first, last = max(first, i - 3), min(last, i + 3)
        return [j for j in range(first, last + 1) if j != i]

    def detect(self, doc: Document) -> Iterator[Hit]:
        text = doc.lint_text
        quotes = quote_spans(doc)
        seen: set[int] = set()
        candidates: list[tuple[int, int, str, int]] = []
        for cue, possible in zip(self.cues, self.literals.possible(doc.folded)):
            if not possible:
                continue
            for m in cue.finditer(doc):
                head = m.start("head") if cue.has_head and m.group("head") else -1
                candidates.append((m.start(), m.end(), cue.name, head))
        candidates.sort()
        for start, end, name, head in candidates:
            if name in self.not_after:
                before = TOKEN_BACK.search(text, max(0, start - 30), start)
                if before and before.group(1).lower() in self.not_after[name]:
                    continue
            i = doc.sentence_index_at(start)
            if i is None or i in seen:
                continue
            sent = doc.sentences[i]
            if end > sent.end or doc.block_of_sentence(i).kind == "heading":
                continue
            if quote_at(quotes, start) >= 0 or self._in_open_quote(doc, i, start):
                continue  # someone quoted using the phrase
            if head >= 0 and not self._vague_holder(text, head, sent.start):
                continue
            if self._excused(doc, i, name, start, end):
                continue
            seen.add(i)
            yield Hit(start, end, data={"cue": name})


# Claim cues (figures, predictions, superlatives, allegations), matched on the folded
# (lower-cased) text; the leading word boundary is checked in Python.
_CLAIM = patterncache.compile(
    r"(?:\d[\d,.]*\s*(?:%|percent|per\s+cent|million|billion|trillion)|"
    + trie_regex("""will could may might expected likely reportedly largest biggest most best
    worst first record unprecedented major""".split())
    + r"|alleg\w*|significant\w*)\b"
)


def attribution_counts(doc: Document) -> dict[str, int]:
    """Per-article attribution metrics (cached per document).

    ``named_sources``: named sources (see the module docstring) over all sentences;
    ``quotations``: quoted passages; ``links``: hyperlinks; ``claims``: body sentences with a
    claim cue (figure, prediction, superlative, allegation); ``claims_without_source``: those
    of them whose sentence has no named source, speaker pronoun, quotation or link.
    """
    cached = doc.cache.get("attribution_counts")
    if cached is None:
        quotes = quote_spans(doc)
        sources = sentence_sources(doc)
        pronouns = speaker_pronouns(doc)
        folded = doc.folded
        claim_sentences = {
            doc.sentence_index_at(m.start()) for m in _CLAIM.finditer(folded)
            if not inside_word(folded, m.start())
        }
        named = sum(len(found) for found in sources)
        claims = unsourced = 0
        for i in sorted(j for j in claim_sentences if j is not None):
            s = doc.sentences[i]
            if doc.block_of_sentence(i).kind == "heading":
                continue
            claims += 1
            sourced = (
                sources[i]
                or pronouns[i]
                or doc.links_in(s.start, s.end)
                or overlaps(quotes, s.start, s.end)
            )
            if not sourced:
                unsourced += 1
        cached = {
            "named_sources": named,
            "quotations": len(quotes),
            "links": len(doc.links),
            "claims": claims,
            "claims_without_source": unsourced,
        }
        doc.cache["attribution_counts"] = cached
    return cached


class UnsourcedArticleDetector(Detector):
    """An article of some length that makes many claims and names no source at all."""

    kind = "unsourced-article"
    article_level = True

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

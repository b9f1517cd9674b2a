"""Kinds ``vague-attribution`` and ``unsourced-article``: who says so?

**Named source** (what excuses a vague cue, and what the ``named_sources`` metric counts):

* a capitalised name (person, organisation, outlet) tied to an attribution verb in either order:
  "Dun said", "said Rod Eddington", "BA warned", "Anthropic, a leading AI company, describes",
  "Unite's general secretary said"; a one-word capital at the start of a sentence counts only
  when its spelling marks a name ("BA", "McDonald") or the same text capitalises it
  mid-sentence ("Critics said", "However, ..." and "Data show" are not names);
* "according to" + a capitalised name that is not a vague noun ("according to the ONS");
* a vague source noun tied to a named affiliation or example: "analysts at Barclays", "Nasa
  scientists said", "a BA spokesman said", "experts, including the World Bank,";
* a named document: "a letter dated June 10, 2026", "a report published by the IMF",
  "the Bank's report", "a study in Nature";
* an author-year or numbered citation: "(Stephan & Rosenfield, 1978)", "[12]".

Also excusing but not counted as named: a link in the sentence, an identified speaker pronoun
("he said", "she told"), for passive cues a definite agent ("was regarded as illegitimate by
the Brahmin clergy", "criticised by the group's chief"), and, depending on the rule's
``context``, a named source elsewhere in the paragraph. A cue inside a quotation is never
flagged (it is the speaker's wording). A named source that wraps the cue ("Anthropic
reportedly accused") does not excuse it: the cue hedges that very statement.

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
from functools import cache

from ..analyse.lexicons import load_lexicon
from ..diskcache import memo
from ..findings import Hit
from ..regex import patterncache
from ..regex.literals import LiteralIndex, PrefixScanner, prefix_scanner
from ..segment.document import Document
from .base import Detector, ParamError
from .spans import overlaps, quote_at, quote_spans

# Verbs that tie a named source to what it said (named-source grammar; not the vague cues).
_DOUBLE_QUOTE = patterncache.compile('"')
_SPEECH_WORDS = [
    *"""said says say told tells stated states wrote writes announced announces
confirmed confirms added adds explained explains noted notes argued argues warned warns reported
reports estimated estimates predicted predicts claimed claims insisted insists acknowledged
acknowledges emphasised emphasized emphasises emphasizes suggested suggests believes believed
contended contends described describes alleged alleges accused accuses testified concluded
concludes found finds showed shows revealed reveals disclosed discloses detailed details
forecast forecasts expects expected urged urges denied denies admitted admits asserted asserts
maintained maintains countered replied responded recalled recalls observed observes cautioned
cautions stressed stresses conceded concedes agreed agrees disputed disputes questioned
questions criticised criticized praised thinks thought feels felt tweeted posted blogged
commented remarked declared declares""".split(),
    "pointed out", "points out", "according to",
]
# Verbs after which a following name is the speaker ("said Rod Eddington").
_AFTER_WORDS = [
    *"""said says wrote writes added adds explained noted notes argued warned stated
quoted quoting""".split(),
    "according to", "According to", "reported by", "published by", "issued by", "released by",
    "commissioned by", "cited by", "told by", "confirmed by", "announced by", "estimated by",
]
_DOC_WORDS = [
    *"""letter report study paper filing statement memo memorandum survey analysis review
ruling judgment judgement complaint lawsuit document book article interview testimony
submission presentation note poll audit inquiry investigation census briefing prospectus
circular bulletin communique communiqué notice decision order indictment affidavit transcript
speech editorial column op-ed post video broadcast budget forecast estimate data""".split(),
    "press release", "white paper", "blog post", "research note"
]


_CLAUSE_MARK = patterncache.compile(r"[,;:()]")


def _trie_regex(words: list[str], cap_first: bool = False) -> str:
    """An alternation of ``words`` as a character trie (``analyst(?:s)?``), which the regex
    engine rejects after one character instead of trying every word in turn; a space in an
    entry matches any run of white space. Remembered across runs (credscore.diskcache)."""
    return memo(("trie-regex", 1, cap_first, tuple(words)), lambda: _build_trie(words, cap_first))


def _build_trie(words: list[str], cap_first: bool) -> str:
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict, first: bool = False) -> str:
        ends = "" in node
        branches = []
        for ch in sorted(k for k in node if k):
            piece = r"\s+" if ch == " " else re.escape(ch)
            if first and cap_first and ch.isalpha():
                piece = f"[{ch}{ch.upper()}]"
            branches.append(piece + emit(node[ch]))
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if ends:
            return "(?:" + body + ")?"
        return body

    return "(?:" + emit(trie, first=True) + ")"


SPEECH_VERBS = _trie_regex(_SPEECH_WORDS)
_AFTER_VERBS = _trie_regex(_AFTER_WORDS)
_CAP = r"(?:(?:[A-Z]\.){2,}|[A-Z][\w'’&.\-]*[\w)]|[A-Z]\.?)"
_LINK = r"(?:of|for|de|del|da|di|du|van|von|der|den|and|the|&|al|bin|on|in|le|la)"
_NAME = rf"{_CAP}(?:\s+(?:{_LINK}\s+){{0,2}}{_CAP}){{0,6}}"
_MONTHS = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?"
)
_DATE = (
    rf"(?:{_MONTHS}\s+\d{{1,2}}(?:,\s*\d{{4}})?|\d{{1,2}}\s+{_MONTHS}(?:\s+\d{{4}})?|"
    rf"{_MONTHS}\s+\d{{4}}|(?:1[6-9]|20)\d\d)"
)
_DOCS = _trie_regex(_DOC_WORDS)
# An identified speaker referred to by pronoun: "he said", "she told reporters". Only verbs of
# speaking: in "he believed" the pronoun holds the belief, it does not vouch for the sentence.
_PRONOUN_SOURCE = patterncache.compile(
    r"\b(?:he|she|I|we)\s+(?:\w+ly\s+|also\s+|later\s+|had\s+|has\s+|have\s+){0,2}"
    r"(?:said|says|told|tells|added|adds|wrote|writes|explained|explains|noted|notes|stated|"
    r"states|recalled|recalls|insisted|insists|argued|argues|warned|warns|announced|announces|"
    r"confirmed|confirms|replied|testified|declared|declares)\b|"
    r"\b(?:said|says|added|wrote)\s+(?:he|she)\b",
)
# Any reporting verb: the sentence attributes its content to someone, named or not.
_ANY_SPEAKER = patterncache.compile(
    r"(?<!\bis\s)(?<!\bare\s)(?<!\bwas\s)(?<!\bwere\s)(?<!\bbe\s)(?<!\bbeen\s)(?<!\bbeing\s)"
    r"\b(?:said|says|say|told|tells|according\s+to|reported|reports|stated|states|wrote|"
    r"noted|notes|pointed\s+out|points\s+out|suggested|suggests|think|believe|feel|feels|"
    r"predict|warn|expect|argue|estimate|forecasts|projects|projected|saying|predicting|"
    r"arguing|warning|claiming|noting|suggesting|estimating|expecting|insisting|"
    r"writes|added|adds|argued|argues|believes|believed|thinks|thought|claims|claimed|"
    r"insists|insisted|estimated|estimates|predicted|predicts|forecast|expects|expected|"
    r"warned|warns|described|describes|called|calls|considers|considered|named|ranked|"
    r"voted|rated|hailed|praised)\b",
    re.IGNORECASE,
)
_CAPITALISED = patterncache.compile(r"(?<![\w'’.-])[A-Z][a-z]+\b")
_CITATION = patterncache.compile(
    r"\([A-Z][\w'’-]+(?:\s+(?:et\s+al\.|(?:and|&)\s+[A-Z][\w'’-]+))?,?\s+(?:1[5-9]|20)\d\d[a-z]?"
    r"(?:[;,][^()]{0,60})?\)|\[\d{1,3}(?:[,–-]\s*\d{1,3})*\]"
)


@cache
def _lexicon(name: str) -> frozenset[str]:
    return frozenset(load_lexicon(name))


def _alternation(name: str) -> str:
    """A regex alternation of a lexicon's entries (a trie, see ``_trie_regex``)."""
    return _trie_regex(list(load_lexicon(name)))


class _Grammar:
    """The named-source grammar, compiled once per process."""

    def __init__(self) -> None:
        self.vague = _lexicon("attribution-vague-heads.txt")
        self.quants = _lexicon("attribution-quantifiers.txt")
        self.not_names = _lexicon("attribution-not-names.txt") | self.vague | self.quants
        self.generic = _lexicon("attribution-generic-modifiers.txt")
        # Leading word boundaries are checked in Python (see ``_bounded``): a pattern that starts
        # with a letter class lets the regex engine skip ahead quickly.
        heads = _trie_regex(list(load_lexicon("attribution-vague-heads.txt")), cap_first=True)
        # Capitalised name runs are found once; what must follow a name is matched at the end
        # of each run (``_scan``), instead of three scans that each try every capital letter.
        self.name_run = patterncache.compile(_NAME)
        self.after_name_speech = patterncache.compile(
            rf"(?:(?:'s|’s)(?:\s+(?-i:[a-z][\w-]*)){{0,3}})?(?:\s*,[^,;]{{1,80}},)?\s+"
            rf"(?:(?:has|had|have|also|later|previously|repeatedly|publicly|\w+ly)\s+){{0,2}}"
            rf"(?:{SPEECH_VERBS})\b"
        )
        self.named_after = patterncache.compile(rf"(?:{_AFTER_VERBS})\s+(?:the\s+)?({_NAME})")
        # "analysts at Barclays", "experts, including the World Bank": found from the
        # connector; the word before it must be a vague source noun (checked in ``_scan``).
        self.affiliation = patterncache.compile(
            rf"\s(?:at|from|with|of|for)\s+(?:the\s+)?({_NAME})"
            rf"|,?\s(?:including|such\s+as|like|notably|led\s+by|among\s+them)\s+(?:the\s+)?"
            rf"({_NAME})"
        )
        self.after_name_head = patterncache.compile(
            rf"(?:'s|’s|')?\s+(?:\w+\s+)?{heads}\s+"
            rf"(?:(?:have|had|has|also|\w+ly)\s+){{0,2}}(?:{SPEECH_VERBS})\b"
        )
        self.document = patterncache.compile(
            rf"(?:{_DOCS})\s+(?:(?:dated|published|released|issued|filed|sent|written|"
            rf"titled|entitled|commissioned|prepared|produced|carried\s+out|conducted)\s+"
            rf"(?:by|on|in|to|for)?\s*(?:the\s+)?(?:{_DATE}|{_NAME}|[\"“'‘])|"
            rf"(?:by|from|of)\s+(?:the\s+)?({_NAME})|in\s+(?:the\s+)?(?:journal\s+)?({_NAME}))"
        )
        # Both start only at a verb or a document word: tried only there (same matches).
        self.named_after_scan = prefix_scanner(self.named_after) or self.named_after
        self.document_scan = prefix_scanner(self.document) or self.document
        self.after_name_document = patterncache.compile(
            rf"(?:'s|’s)\s+(?:\w+\s+){{0,2}}(?:{_DOCS})\b")
        # A definite agent: "by the Brahmin clergy", "by the group's chief", "by its author".
        self.by_agent = patterncache.compile(
            rf"\bby\s+(?:the\s+)?({_NAME})|\bby\s+(?:the\s+|its\s+|his\s+|her\s+|their\s+)"
            rf"(?:[\w-]+(?:'s|’s)\s+)?(?-i:[a-z][\w-]*)(?:\s+(?-i:[a-z][\w-]*))?"
        )

    def is_name(self, name: str, at_sentence_start: bool) -> bool:
        words = [w.lower().strip(".,'’") for w in name.split()]
        words = [w[:-2] if w.endswith(("'s", "’s")) else w for w in words]
        content = [w for w in words if w not in self.not_names and w not in {"of", "and", "&"}]
        if not content:
            return False
        if len(name) == 1 and name not in "I":
            return False
        # A lone generic capital ("Western", "AI") names nobody.
        if len(content) == 1 and content[0] in self.generic:
            return False
        if at_sentence_start and len(words) == 1:
            # A single capitalised first word may be any word ("Critics", "Prices"); it is a
            # name when its spelling says so ("BA", "McDonald") or the text also capitalises
            # it in mid-sentence (checked by the caller through ``midsentence``).
            word = name.strip(".,'’")
            return (len(word) > 1 and word.isupper()) or any(c.isupper() for c in word[1:])
        return True


@cache
def grammar() -> _Grammar:
    return _Grammar()


def _starts_sentence(text: str, start: int) -> bool:
    """Is ``start`` the first word of a sentence, line or table cell (looks back a few chars)?"""
    i = start - 1
    floor = max(0, start - 12)
    while i >= floor and text[i] in " \t\"'“‘(":
        i -= 1
    return i < 0 or text[i] in ".!?:;\n|•-–—"


def _inside_word(text: str, start: int) -> bool:
    """Does ``start`` continue a word (so a match there breaks a leading word boundary)?"""
    return start > 0 and (text[start - 1].isalnum() or text[start - 1] == "_")


def _bounded(pattern: re.Pattern[str] | PrefixScanner, text: str, lo: int, hi: int
             ) -> Iterator[re.Match[str]]:
    """``pattern.finditer`` keeping only matches that start a word."""
    for m in pattern.finditer(text, lo, hi):
        if not _inside_word(text, m.start()):
            yield m


def _scan(text: str, lo: int, hi: int) -> list[tuple[int, int, str]]:
    """Named sources in ``text[lo:hi]``: (start, end, name) with absolute offsets."""
    g = grammar()
    out: list[tuple[int, int, str]] = []
    midsentence: set[str] | None = None
    for run in _bounded(g.name_run, text, lo, hi):
        name, start, end = run.group(0), run.start(), run.end()
        if name.endswith(("'s", "’s")):  # "Unite's general secretary said"
            name, end = name[:-2], end - 2
        speech = g.after_name_speech.match(text, end, hi)
        if speech:
            initial = _starts_sentence(text, start)
            if initial and " " not in name and name.lower() not in g.not_names:
                if midsentence is None:
                    midsentence = {
                        w.group(0) for w in _CAPITALISED.finditer(text, lo, hi)
                        if not _starts_sentence(text, w.start())
                    }
                if name in midsentence:
                    initial = False  # "Dummett ... Dummett argued": the text treats it as a name
            first, _, rest = name.partition(" ")
            if rest and first.lower() in g.not_names:
                # "The Bank of England said", "Later Dummett argued": drop the leading word.
                name, start, initial = rest, start + len(first) + 1, False
            if g.is_name(name, initial):
                out.append((start, speech.end(), name))
            continue
        head = g.after_name_head.match(text, end, hi)
        if head and name.split()[-1].lower() not in g.generic:
            initial = _starts_sentence(text, start)
            first, _, rest = name.partition(" ")
            if rest and first.lower() in g.not_names:
                name, initial = rest, False  # "A BA spokesman said"
            if g.is_name(name, initial):
                out.append((run.start(), head.end(), name))
            continue
        document = g.after_name_document.match(text, end, hi)
        if document and g.is_name(name, _starts_sentence(text, start)):
            out.append((run.start(), document.end(), name))
    for m in _bounded(g.named_after_scan, text, lo, hi):
        if g.is_name(m.group(1), False):
            out.append((m.start(), m.end(), m.group(1)))
    for m in g.affiliation.finditer(text, lo, hi):
        name = m.group(1) or m.group(2)
        head = _TOKEN_BACK.search(text, max(lo, m.start() - 30), m.start())
        if head and head.group(1).lower() in g.vague and g.is_name(name, False):
            out.append((head.start(1), m.end(), name))
    for m in _bounded(g.document_scan, text, lo, hi):
        name = next((x for x in m.groups() if x), None)
        if name is not None and not g.is_name(name, _starts_sentence(text, m.start())):
            continue
        out.append((m.start(), m.end(), name or m.group(0)))
    for m in _CITATION.finditer(text, lo, hi):
        out.append((m.start(), m.end(), m.group(0)))
    return out


def named_sources_in(sentence: str) -> list[tuple[int, int, str]]:
    """Named sources in one sentence: (start, end, name); the span covers name and verb."""
    return _scan(sentence, 0, len(sentence))


def named_sources(text: str, vague: frozenset[str] | None = None) -> list[tuple[int, int, str]]:
    """Backwards-compatible alias of :func:`named_sources_in` (``vague`` is ignored)."""
    return named_sources_in(text)


def _by_sentence(doc: Document, spans: list[tuple[int, int, str]]
                 ) -> list[list[tuple[int, int, str]]]:
    out: list[list[tuple[int, int, str]]] = [[] for _ in doc.sentences]
    for span in spans:
        i = doc.sentence_index_at(span[0])
        if i is not None and span[1] <= doc.sentences[i].end:
            out[i].append(span)
    return out


def sentence_sources(doc: Document) -> list[list[tuple[int, int, str]]]:
    """Named sources of every sentence (absolute offsets), found in one pass and cached."""
    cached = doc.cache.get("attribution_sources")
    if cached is None:
        text = doc.lint_text
        cached = _by_sentence(doc, _scan(text, 0, len(text)))
        doc.cache["attribution_sources"] = cached
    return cached


def _speaker_pronouns(doc: Document) -> list[list[tuple[int, int, str]]]:
    cached = doc.cache.get("attribution_pronouns")
    if cached is None:
        found = [(m.start(), m.end(), m.group(0)) for m in _PRONOUN_SOURCE.finditer(doc.lint_text)]
        cached = _by_sentence(doc, found)
        doc.cache["attribution_pronouns"] = cached
    return cached


_FUNCTION_BEFORE_HEAD = frozenset(
    "the these those this that's its their his her our my your whose such".split()
)
_PREPOSITIONS = frozenset(
    """of to for with from among by on in at about between like than against toward towards
    into onto upon within without under over beyond across behind beside besides via per
    amongst including""".split()
)
_TOKEN_BACK = patterncache.compile(r"([\w'’.&-]+)\W*$")
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
            if self.boundary and _inside_word(text, start):
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
            "{HEADS}": _alternation("attribution-vague-heads.txt"),
            "{QUANT}": _alternation("attribution-quantifiers.txt"),
            "{OPINION}": _alternation("attribution-opinion-verbs.txt"),
            "{MOD}": _alternation("attribution-generic-modifiers.txt"),
            "{SPEECH_PAST}": _alternation("attribution-speech-past.txt"),
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
            m = _TOKEN_BACK.search(text, max(floor, pos - 40), pos)
            if m is None or text[m.end(1) : pos].strip():
                return True
            word = m.group(1)
            low = word.lower()
            if low.endswith(("'s", "’s", "s'")):
                return False
            if low == "of":
                before = _TOKEN_BACK.search(text, max(floor, m.start(1) - 40), m.start(1))
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
                return _starts_sentence(text, m.start(1)) and low in g.not_names
            if low in g.not_names:
                return True  # "and", "that", "while": the noun phrase starts here
            pos = m.start(1)  # another adjective ("prominent", "concerned")
        return True

    def _excused(self, doc: Document, i: int, cue: str, start: int, end: int) -> bool:
        text = doc.lint_text
        sent = doc.sentences[i]
        sentence = text[sent.start : sent.end]
        rel_s, rel_e = start - sent.start, end - sent.start
        for s, e, _name in sentence_sources(doc)[i] + _speaker_pronouns(doc)[i]:
            # A source that wraps the cue ("Anthropic reportedly accused") is what the cue
            # hedges, not who vouches for it.
            if not (s < start and e > end):
                return True
        if cue in self.agent_cues:
            # "was regarded as illegitimate by the Brahmin clergy": the agent follows closely,
            # in the same clause.
            m = self.grammar.by_agent.search(sentence, rel_s, rel_e + 48)
            if m and not _CLAUSE_MARK.search(sentence[rel_e : max(rel_e, m.start())]):
                if m.group(1) is not None:
                    if self.grammar.is_name(m.group(1), False):
                        return True
                elif m.group(0).split()[-1].lower() not in _CROWD_AGENTS | self.grammar.vague:
                    return True
        if doc.links_in(sent.start, sent.end):
            return True
        if self.any_speaker:
            for m in _ANY_SPEAKER.finditer(sentence):
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
            marks = [m.start() for m in _DOUBLE_QUOTE.finditer(folded)] if '"' in folded else []
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
                before = _TOKEN_BACK.search(text, max(0, start - 30), start)
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
    + _trie_regex("""will could may might expected likely reportedly largest biggest most best
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
        pronouns = _speaker_pronouns(doc)
        folded = doc.folded
        claim_sentences = {
            doc.sentence_index_at(m.start()) for m in _CLAIM.finditer(folded)
            if not _inside_word(folded, m.start())
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

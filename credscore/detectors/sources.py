"""Named sources: who says so, found once per document and shared by the attribution rules
and the metrics.

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

The grammar's regular expressions are compiled once per process; it runs once per document.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from ..analyse.lexicons import load_lexicon
from ..diskcache import memo
from ..regex import patterncache
from ..regex.literals import PrefixScanner, prefix_scanner
from ..segment.document import Document

# Verbs that tie a named source to what it said (named-source grammar; not the vague cues).

DOUBLE_QUOTE = patterncache.compile('"')
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


CLAUSE_MARK = patterncache.compile(r"[,;:()]")


def trie_regex(words: list[str], cap_first: bool = False) -> str:
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


SPEECH_VERBS = trie_regex(_SPEECH_WORDS)
_AFTER_VERBS = trie_regex(_AFTER_WORDS)
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
_DOCS = trie_regex(_DOC_WORDS)
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
ANY_SPEAKER = patterncache.compile(
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
TOKEN_BACK = patterncache.compile(r"([\w'’.&-]+)\W*$")
_CAPITALISED = patterncache.compile(r"(?<![\w'’.-])[A-Z][a-z]+\b")
_CITATION = patterncache.compile(
    r"\([A-Z][\w'’-]+(?:\s+(?:et\s+al\.|(?:and|&)\s+[A-Z][\w'’-]+))?,?\s+(?:1[5-9]|20)\d\d[a-z]?"
    r"(?:[;,][^()]{0,60})?\)|\[\d{1,3}(?:[,–-]\s*\d{1,3})*\]"
)


@cache
def _lexicon(name: str) -> frozenset[str]:
    return frozenset(load_lexicon(name))


def alternation(name: str) -> str:
    """A regex alternation of a lexicon's entries (a trie, see ``trie_regex``)."""
    return trie_regex(list(load_lexicon(name)))


class _Grammar:
    """The named-source grammar, compiled once per process."""

    def __init__(self) -> None:
        self.vague = _lexicon("attribution-vague-heads.txt")
        self.quants = _lexicon("attribution-quantifiers.txt")
        self.not_names = _lexicon("attribution-not-names.txt") | self.vague | self.quants
        self.generic = _lexicon("attribution-generic-modifiers.txt")
        # Leading word boundaries are checked in Python (see ``_bounded``): a pattern that starts
        # with a letter class lets the regex engine skip ahead quickly.
        heads = trie_regex(list(load_lexicon("attribution-vague-heads.txt")), cap_first=True)
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


def starts_sentence(text: str, start: int) -> bool:
    """Is ``start`` the first word of a sentence, line or table cell (looks back a few chars)?"""
    i = start - 1
    floor = max(0, start - 12)
    while i >= floor and text[i] in " \t\"'“‘(":
        i -= 1
    return i < 0 or text[i] in ".!?:;\n|•-–—"


def inside_word(text: str, start: int) -> bool:
    """Does ``start`` continue a word (so a match there breaks a leading word boundary)?"""
    return start > 0 and (text[start - 1].isalnum() or text[start - 1] == "_")


def _bounded(pattern: re.Pattern[str] | PrefixScanner, text: str, lo: int, hi: int
             ) -> Iterator[re.Match[str]]:
    """``pattern.finditer`` keeping only matches that start a word."""
    for m in pattern.finditer(text, lo, hi):
        if not inside_word(text, m.start()):
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
            initial = starts_sentence(text, start)
            if initial and " " not in name and name.lower() not in g.not_names:
                if midsentence is None:
                    midsentence = {
                        w.group(0) for w in _CAPITALISED.finditer(text, lo, hi)
                        if not starts_sentence(text, w.start())
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
            initial = starts_sentence(text, start)
            first, _, rest = name.partition(" ")
            if rest and first.lower() in g.not_names:
                name, initial = rest, False  # "A BA spokesman said"
            if g.is_name(name, initial):
                out.append((run.start(), head.end(), name))
            continue
        document = g.after_name_document.match(text, end, hi)
        if document and g.is_name(name, starts_sentence(text, start)):
            out.append((run.start(), document.end(), name))
    for m in _bounded(g.named_after_scan, text, lo, hi):
        if g.is_name(m.group(1), False):
            out.append((m.start(), m.end(), m.group(1)))
    for m in g.affiliation.finditer(text, lo, hi):
        name = m.group(1) or m.group(2)
        head = TOKEN_BACK.search(text, max(lo, m.start() - 30), m.start())
        if head and head.group(1).lower() in g.vague and g.is_name(name, False):
            out.append((head.start(1), m.end(), name))
    for m in _bounded(g.document_scan, text, lo, hi):
        name = next((x for x in m.groups() if x), None)
        if name is not None and not g.is_name(name, starts_sentence(text, m.start())):
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


def speaker_pronouns(doc: Document) -> list[list[tuple[int, int, str]]]:
    cached = doc.cache.get("attribution_pronouns")
    if cached is None:
        found = [(m.start(), m.end(), m.group(0)) for m in _PRONOUN_SOURCE.finditer(doc.lint_text)]
        cached = _by_sentence(doc, found)
        doc.cache["attribution_pronouns"] = cached
    return cached

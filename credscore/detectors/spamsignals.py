"""Per-sentence spam-insertion signals shared by the spam detectors (computed once per document).

The unit is a sentence of ``Document.sentences``, further cut after ``.!?`` wherever white
space follows (whatever the case of the next character: inserted messages often start in
lower case or with symbols, so the general splitter keeps them glued to the host sentence),
except after an abbreviation or dotted initials ("U.S.", "Inc.", "L.A."): wire copy is full of
them, and the fragments they left ("and one in Canada.") read like chat. For every unit:

* ``logit``: the shipped sentence spam classifier (``spammodel``), log-odds;
* ``logit_z``: that logit z-scored against the article's other sentences (a sentence that reads
  far more like a message/advert than the rest of *this* article);
* ``cos``: TF-IDF cosine of the sentence to the rest of the article (the centroid of all
  units minus this one and its ``NEIGHBOURS`` on each side, so a multi-sentence insertion is
  not its own context), computed from dot products so the pass stays linear in article length;
* ``cos_z``: that cosine z-scored against the article's own spread of sentence cosines;
* ``topic_cos``: the same cosine over topic clusters of words (rules/models/topics.tsv, LSA +
  k-means over news paragraphs, tools/build_topics.py): a sentence with new words on the
  article's subject ("smashing home an indirect free-kick" in a match report) keeps a topic
  similarity, a pitch on another subject does not;
* ``cues``: commercial cues with their spans (phone number, SMS short code, URL or bare domain,
  e-mail address, call to action, money prize, self-promotion (my channel, please like/
  subscribe), shouted FREE/WIN words, a sales-pitch formula
  from rules/lexicons/spam-pitch.txt, the sender introducing himself outside quotation marks
  ("My name is ...", "I am Mrs ... widow of", "We are a leading ... company");
* ``quoted``: the sentence is inside quotation marks (reported speech, rarely an insertion);
* register against the host: ``message_z`` (the message-register log-odds z-scored against the
  article's own units), ``person`` (first/second-person words outside quotes; "US" in capitals
  and "U.S." are the country), ``chat`` (chat orthography: ellipses, "!!", a lower-case "i",
  "dont", "wanna", "u", emoticons, a letter stretched for emphasis ("PLEASSSE"), a lower-case
  start), ``greeting`` ("Hello", "Hi guys"), ``imperative`` (opens by telling the reader what to
  do: "See my new track", "Purchase ...", "Wanna see ...").

A person word that belongs to a title, a name, a ticker or an initial ("I Love Lucy", "<U>",
"I Rawaqa"), a film rating or "U. S.", a state abbreviation ("Portland, Me."), a Roman numeral
("Type I", "Elizabeth I") is not the writer's voice; capitals count outside the title and
headings only (wire copy prints titles in capitals); a straight quotation mark opens or closes
by its neighbours, not by toggling, and two apostrophes or backticks (''We ...,'') are one; an
emoticon before a full stop (":D.") ends a unit. The article's own register (``host_messages``,
``host_voice``: the share of its other units that read like messages or speak as "I/you") lets
the combiner discount a page of readers' comments.
"""

from __future__ import annotations

import bisect
import math
import re
from dataclasses import dataclass, field

from ..analyse.lexicons import matcher_for
from ..analyse.sentencevectors import sentence_tokens, sentence_vectors
from ..analyse.vectors import idf_table, tokenize, topic_vector, vectorize
from ..regex import patterncache
from ..segment.document import Document
from ..segment.sentences import is_abbreviation
from .spammodel import MESSAGE_MODEL_FILE, MODEL_FILE, features, letter_counts, load_model

PITCH_LEXICON = "spam-pitch.txt"
#: up to this many units an article's feature sets are kept for the commercial-intent model
#: (spamintent) to reuse; a longer text (a book-length page) lets them go unit by unit, so the
#: family's memory stays flat (SP104 then extracts its word features again: same results)
REUSE_FEATURES_UNITS = 2000
#: Links that embedded posts leave behind in honest copy (tweet embeds), not contact cues.
# The look-behinds start a match only where a token (or a run of marks) starts: otherwise a long
# run without a match is re-scanned from each of its positions, quadratic in its length.
_EMBED = patterncache.compile(r"(?<!\S)\S*\b(?:pic\.twitter\.com|t\.co|twitter\.com|x\.com)/\S*",
                    re.IGNORECASE)
_UNIT_END = patterncache.compile(r"""(?<![.!?…])[.!?…]+["'”’»)\]]*\s+(?=\S)""")

CUE_PATTERNS: dict[str, re.Pattern[str]] = {
    "phone number": patterncache.compile(
        r"(?<![\w,.])(?:\+?\d[\d -]{8,15}\d)(?![\w,]|\.\d)"),
    "short code": patterncache.compile(
        # a four-digit year is not a short code ("the call will not be before 1992")
        r"\b(?:txt|text|send|reply|call|dial|ring|sms)\b[^.!?\n]{0,40}?(?<![\w,.£$€])"
        r"(?!(?:19|20)\d\d\b)\d{4,6}\b",
        re.IGNORECASE),
    "url": patterncache.compile(r"(?:https?://|www\.)\S+|\b[\w-]{2,}\s?(?:\.|\*|dot)\s?"
                      r"(?:com|net|org|info|biz|xyz|ru|tk|co\.uk)\b(?!\.\w)"
                      # any host name followed by a path ("bit.ly/x", "site.pl/page.html")
                      r"|(?<![\w.@/-])[a-z\d][\w-]*(?:\.[\w-]+)*\.[a-z]{2,6}/[\w/?=&%#.~+-]*"
                      # a link whose host was cut off, kept by its query string ("/watch?v=x1")
                      r"|(?<![\w.@/-])/[\w/.-]*\?[\w%.-]+=[\w=&%#.~+-]*",
                      re.IGNORECASE),
    "e-mail": patterncache.compile(r"\b[\w.+-]+@[\w-]+\.[\w.-]+\b"),
    "call to action": patterncache.compile(
        r"(?:^\s*|[.!?:]\s+|\s-+\s+)[\"'“(]*(?:please\s+)?(?:call|txt|text|reply|click|visit|"
        r"subscribe|check\s+(?:out|it\s+out|my)|sign\s+up|join|order|buy|download|claim|"
        r"apply\s+now|log\s*on(?:to)?|go\s+to|follow\s+(?:me|us)|like\s+(?:my|this)|"
        r"add\s+me|watch\s+my|listen\s+to\s+my)\b", re.IGNORECASE),
    "money prize": patterncache.compile(
        r"(?:[£$€]\s?\d[\d,.]*|\b\d[\d,.]*\s?(?:pounds|dollars|euros|usd|gbp)\b)"
        r"(?=[^.!?\n]{0,60}\b(?:prize|cash|win|won|award|reward|claim|bonus|free|guaranteed|"
        r"voucher|gift\s+card)\b)"
        r"|\b(?:prize|win|won|claim|reward|bonus)\b[^.!?\n]{0,40}?[£$€]\s?\d[\d,.]*",
        re.IGNORECASE),
    # self-promotion of the kind comment spam carries anywhere in the sentence (not only as
    # an opening imperative): plugging one's channel/video/music, begging for likes/subs
    "self-promotion": patterncache.compile(
        r"\b(?:check\s+(?:out\s+)?(?:my|our|his|her)\s+(?:\w+\s+)?(?:channel|videos?|vids?|"
        r"music|songs?|page|mixtape|covers?)|subscribe\s+(?:to\s+)?(?:my|our|me|him)|"
        r"sub\s+(?:to\s+)?my|my\s+(?:youtube\s+|new\s+)?(?:channel|vids?|mixtape)|"
        r"(?:please|pls|plz)\s+(?:like|subscribe|share|follow|check|visit|comment)|"
        r"like\s+(?:this\s+comment|and\s+subscribe)|thumbs\s+up|"
        r"follow\s+(?:me|us)\s+on\s+(?:twitter|instagram|insta|facebook|tiktok|youtube|@)|"
        r"search\s+[\"“][^\"”]{3,60}[\"”])", re.IGNORECASE),
    "shouting": patterncache.compile(r"\b(?:FREE|WIN|WINNER|URGENT|CASH|PRIZE|CLICK|NOW|CALL|TXT|"
                           r"SUBSCRIBE|CHECK|BONUS|GUARANTEED|OFFER)\b"),
}


#: the sender introducing himself, the opener of scam and cold-pitch mail ("My name is ...",
#: "I am Mrs ... widow of", "We are a leading ... company"); matched outside quotation marks
#: only (a quoted "My name is" is someone speaking in the report)
SELF_INTRODUCTION = patterncache.compile(
    r"\b(?:my\s+name\s+is|allow\s+me\s+to\s+introduce|(?:i|we)\s+(?:am|are)\s+writing\s+"
    r"(?:to|you)|(?:i|we)\s+(?:am|are)\s+contacting\s+you|this\s+(?:e-?mail|message|letter)\s+is\s+"
    r"to\s+(?:inform|notify)"
    r"|(?:i\s+am|i'm)\s+(?:mr|mrs|ms|miss|dr|barrister|prince|princess|chief|engr|sir|madam)\b"
    r"|(?:i\s+am|i'm)\s+(?:the\s+)?(?:son|daughter|wife|widow|brother|manager|director|chairman|"
    r"secretary|accountant|attorney|lawyer|solicitor)\s+(?:of|to|for|at|in)\b"
    # "I am Bulawa Mulete JR., the son of", "I am Mrs. X widow of"
    r"|(?:i\s+am|i'm)\s+(?:[\w.-]+,?\s+){1,4}(?:the\s+)?(?:son|daughter|wife|widow)\s+of\b"
    r"|(?:we\s+are|we're)\s+(?:a|an|the)\s+(?:[\w-]+,?\s+){0,5}(?:company|companies|firm|"
    r"business|agency|provider|manufacturer|supplier|distributor|leader|specialists?|experts?|"
    r"organi[sz]ation|website|service|corporation|enterprise)\b)",
    re.IGNORECASE)
_DIGIT = patterncache.compile(r"\d")
_URL_HINT = patterncache.compile(r"https?://|www\.|(?:\.|\*|dot)\s?(?:com|net|org|info|biz|xyz|ru|tk|co\.uk)\b"
                                r"|\.[a-z]{2,6}/|(?<![\w/.-])/[\w/.-]*\?\w", re.IGNORECASE)
_SHOUT_HINT = patterncache.compile(r"[A-Z]{3}")
_PROMO_HINT = ("check", "sub", "channel", "vid", "mixtape", "please", "pls", "plz", "like",
               "thumbs", "follow", "search")


def _cue_possible(kind: str, text: str, low: str, has_digit: bool) -> bool:
    """A cheap necessary condition for ``CUE_PATTERNS[kind]`` to match ``text`` (most units
    match none; skipping the full patterns halves the cue cost). ``low`` is ``text.lower()``."""
    if kind in ("phone number", "short code", "money prize"):
        return has_digit
    if kind == "e-mail":
        return "@" in text
    if kind == "url":
        return _URL_HINT.search(text) is not None
    if kind == "shouting":
        return _SHOUT_HINT.search(text) is not None
    if kind == "self-promotion":
        return any(w in low for w in _PROMO_HINT)
    return True


@dataclass
class SentenceSignals:
    start: int
    end: int
    sentence: int
    """Index of the enclosing ``Document.sentences`` entry."""
    logit: float
    logit_z: float
    message_logit: float
    """Log-odds of the message-vs-prose model (register, not commerce)."""
    window_logit: float
    """Spam log-odds of this unit joined with a neighbour (the higher of the two sides)."""
    cos: float
    cos_z: float
    tokens: int
    words: int
    """Words of two or more letters, links and e-mail addresses left out."""
    quoted: bool
    """Inside a quotation: by its own marks (``own_quote``) or because a quotation opened in an
    earlier unit of the paragraph is still open."""
    address: float
    """1st/2nd-person address outside quotes, times the share of the article's other units
    that do not address anyone (an aside to "you" in a third-person report stands out)."""
    novel: float
    """Share of the unit's content words that occur nowhere else in the article."""
    rare: float
    """Share of the unit's content words unknown to the news IDF table (rules/models/idf.tsv)."""
    caps: float
    """Share of the unit's letters in upper case."""
    continues: bool
    """The unit opens like a continuation of a report (he, she, it, they, the, this, but...)."""
    cues: list[tuple[int, int, str]] = field(default_factory=list)
    """(start, end, cue kind) in document offsets."""
    exclaim: int = 0
    """Exclamation and question marks in the unit (chat and advert register, rare in reports)."""
    emoji: bool = False
    """The unit holds an emoji or pictograph (comment register)."""
    message_z: float = 0.0
    """``message_logit`` z-scored against the article's other units (reads far more like a
    message than the rest of *this* article, whatever the article's own register)."""
    host_messages: float = 0.0
    """Share of the article's other substantial units that read like messages (message-model
    log-odds above 0): high on a page of readers' comments, where one more chatty line is the
    article's own register, not an insertion."""
    host_voice: float = 0.0
    """Share of the article's other substantial units with first/second-person words outside
    quotation marks (a column or blog speaks as "I" throughout)."""
    person: int = 0
    """First/second-person words ("I", "you", "my", "we"...) outside quotes (0 when quoted)."""
    chat: int = 0
    """Chat orthography: an ellipsis, "!!"/"??", a lower-case "i", apostrophe-less contractions
    and SMS spellings ("im", "dont", "wanna", "u", "pls"), emoticons, a lower-case start."""
    greeting: bool = False
    """The unit opens by greeting or hailing the reader ("Hello", "Hi guys", "Dear friend")."""
    topic_cos: float = 0.0
    """Cosine of the unit's topic clusters (``vectors.topic_vector``) to those of the rest of the
    article (same leave-out as ``cos``): on topic in other words, or foreign in its subject."""
    own_quote: bool = False
    """The unit's own quotation marks make it reported speech (it opens with one, or closes a
    quotation opened earlier). Without them a unit is quoted only by the state of the paragraph
    (the middle of a multi-sentence quotation), which is where an insertion lands when it is
    dropped after a quoted sentence: weaker evidence of reported speech."""
    imperative: bool = False
    """The unit (unquoted) opens with a verb telling the reader what to do ("See my new track",
    "Purchase an Extended Auto Warranty", "Wanna see ..."): a report narrates, an advert or a
    comment addresses its reader."""

    @property
    def probability(self) -> float:
        return 1.0 / (1.0 + math.exp(-self.logit)) if self.logit > -35 else 0.0


def _zscores(values: list[float], weights: list[bool]) -> list[float]:
    """z-scores of ``values`` against the mean/std of the entries flagged in ``weights``."""
    sample = [v for v, w in zip(values, weights) if w] or values
    if len(sample) < 3:
        return [0.0] * len(values)
    mean = sum(sample) / len(sample)
    var = sum((v - mean) ** 2 for v in sample) / len(sample)
    std = max(math.sqrt(var), 1e-3)
    return [(v - mean) / std for v in values]


#: first/second person; "US" in capitals is the country, not "us"
_PERSON = patterncache.compile(
    r"\b(?:[Ii]|[Ii]'m|[Ii]'ve|[Mm]e|[Mm]y|[Ww]e|[Oo]ur|[Uu]s|[Yy]ou|[Yy]our|"
    r"[Yy]ou're|[Uu]|[Uu]r|YOU|YOUR|ME|MY|WE|OUR)\b(?!\.\w)")
_CAPITALISED = patterncache.compile(r"[A-Z][\w'’-]*")
_LONG_WORD = patterncache.compile(r"[^\W\d_]{4,}")


def _person_count(text: str) -> int:
    """First/second-person words of ``text`` (unquoted), leaving out those that belong to a
    name or a title rather than to the writer's voice: a capitalised "My", "We", "You", "I"...
    followed by a capitalised word ("My Own Private Idaho", "I Love Lucy", the initial in
    "I Rawaqa") or a non-"I" one after a capitalised word inside the sentence ("With Or Without
    You"), a ticker ("<U>") or a hyphenated name ("U-Carmen"). Not applied to a unit written in
    capitals or in Title Case throughout ("CHECK OUT MY CHANNEL", "Visit My Page Now"), where
    capitals say nothing about titles."""
    n = 0
    titled = None
    for m in _PERSON.finditer(text):
        a, b = m.span()
        if (a and text[a - 1] in "<-") or text[b:b + 1] in (">", "-"):
            continue
        word = m.group(0)
        if not _writer_voice(text, a, b, word):
            continue
        if word[0].isupper() and word not in ("I'm", "I've", "U"):
            if titled is None:
                long_words = _LONG_WORD.findall(text)
                caps = sum(1 for w in long_words if w[0].isupper())
                titled = not long_words or caps >= 0.8 * len(long_words)
            if not titled:
                after = _CAPITALISED.match(text, b + 1) if text[b:b + 1] == " " else None
                if after is not None and after.group(0) != "I":
                    continue
                if word != "I" and a >= 2 and text[a - 1] == " ":
                    k = text.rfind(" ", 0, a - 1)
                    prev = text[k + 1:a - 1]
                    if k > 0 and prev[:1].isupper() and prev.isalpha() and text[:k].strip():
                        continue
        n += 1
    return n


_NEXT_WORD = patterncache.compile(r" +([^\W\d_][\w'’]*)")
_PREV_WORD = patterncache.compile(r"([^\W\d_][\w'’]*),? +$")


_NUMBERED = frozenset("series type phase class part grade stage chapter war act level "
                      "division volume book".split())


def _writer_voice(text: str, a: int, b: int, word: str) -> bool:
    """False for the capitalised "U", "Me" and "I" that news copy uses for other things: the
    "U" of a film rating or of "U. S." ("passed U - suitable for all"), a "Me." or "Me," of a
    state abbreviation ("Portland, Me., and"), a Roman numeral or an initial ("Queen Elizabeth
    I in", "series I,", "Type I,", "R McBryde, J Yapp, I Gough"). Chat keeps its "U R",
    "thank U", "I am", "Then I" and "Me" at the start of a unit."""
    after = text[b:b + 1]
    if word == "U":
        nxt = _NEXT_WORD.match(text, b)
        if nxt is None:  # "thank U!", "love U." at the end of the unit
            prev = _PREV_WORD.search(text, max(0, a - 40), a)
            return (prev is not None and prev.group(1).islower()
                    and text[b:].strip() in ("", "!", ".", "?", "!!"))
        return nxt.group(1)[0].islower() or nxt.group(1) in ("R", "UR")
    if word == "Me" and a > 0 and after in (".", ","):
        return False
    if word == "I":
        prev = _PREV_WORD.search(text, max(0, a - 40), a)
        if prev is not None and "," not in prev.group(0):
            before = prev.group(1)
            if before.lower() in _NUMBERED:
                return False  # "series I", "World War I"
            if before[0].isupper() and before != "I" and text[:prev.start()].strip():
                return False  # "Queen Elizabeth I in" (but "Then I went" opens a unit)
        if a >= 2 and text[a - 2:a] == ", " and _CAPITALISED.match(text, b + 1) and after == " ":
            return False  # "J Yapp, I Gough"
    return True


#: chat orthography (see ``SentenceSignals.chat``), in three passes that match disjoint text:
#: punctuation (run only when one of its marks occurs), a lower-case "i", chat spellings
_CHAT_MARKS = patterncache.compile(r"\.{3,}|…|[!?]{2,}|[:;]-?[()DPp](?!\w)|<3")
_CHAT_I = patterncache.compile(r"(?<![\w'.])i(?![\w'.])")
_CHAT_WORDS = patterncache.compile(
    r"\b(?:im|dont|cant|didnt|doesnt|isnt|ive|youre|thats|whats|wanna|gonna|gotta|u|ur|pls|"
    r"plz|lol|omg|xx+|haha\w*|thx|luv|ya|gr8|b4|txt)\b(?!\.\w)")


#: a letter stretched for emphasis ("PLEASSSSE", "sooo"): three of one lower-case letter or
#: four of any ("AAA" ratings and Roman "III" are news copy)
_STRETCHED = patterncache.compile(r"([a-z])\1\1|([A-Za-z])\2\2\2")


def _chat(text: str) -> int:
    """Chat orthography marks in ``text`` (see ``SentenceSignals.chat``)."""
    n = len(_CHAT_I.findall(text)) + len(_CHAT_WORDS.findall(text.lower()))
    if _STRETCHED.search(text) is not None:
        n += 1
    if ("..." in text or "…" in text or "!!" in text or "??" in text or "!?" in text
            or "?!" in text or ":" in text or ";" in text or "<3" in text):
        n += len(_CHAT_MARKS.findall(text))
    return n


_GREETING = patterncache.compile(
    r"[\W_]*(?:(?:hello|hi+|hey+|hiya|heya|dear|greetings|good\s+(?:morning|day|evening)|yo|"
    r"howdy|salam\w*|aslam\w*|assalam\w*|guys)\b"
    # a vocative opening the unit: "Friend, ...", "Sir/Madam, ..."
    r"|(?:friends?|sirs?|madam|sir\s*/\s*madam|everyone|everybody|folks)\s*[,!:])",
    re.IGNORECASE)
_IMPERATIVE = patterncache.compile(
    r"[\W_]*(?:(?:please|pls|plz|just|so|now|guys),?\s+)?"
    r"(?:see|watch|check|visit|click|call|text|txt|get|buy|order|purchase|try|join|subscribe|"
    r"sub|follow|like|share|listen|download|grab|claim|enjoy|discover|learn|find|earn|make|"
    r"start|stop|save|read|go|come|take|let's|help|don't|dont|imagine|apply|register|"
    r"sign|send|reply|contact|email|e-mail|add|vote|donate|support|hurry|wanna|act|meet)"
    r"(?![\w'’-])(?!\s+(?:for|of|on|in|at|as|is|was|has|are|were|by)\b)"
    r"|[\W_]*(?:(?:please|pls|plz|just|so|now|guys),?\s+)?look\s+at\b", re.IGNORECASE)
_CONTINUATION = patterncache.compile(
    r"[\"'“‘(]*(?:he|she|it|its|they|their|them|his|her|the|this|that|these|those|but|and|"
    r"however|meanwhile|also|analysts|officials)\b", re.IGNORECASE)
_QUOTE_OPEN = "\"“‘'«"
_QUOTE_CLOSE = "\"”’'»"


_QUOTE_MARK = patterncache.compile('["“”]')
_OPENS_BEFORE = frozenset(" \t\n\r([{:/-–—")


def typewriter_quotes(text: str) -> str:
    """``text`` with typewriter double quotes (two apostrophes, two backticks: ''We gave...,''
    in older wire and sports copy) read as a straight ``"``; same length, so offsets hold."""
    if "''" not in text and "``" not in text:
        return text
    return text.replace("''", "\"'").replace("``", "\"'")


def _quote_states(text: str, spans: list[tuple[int, int, int]], doc_blocks: list[int]
                  ) -> list[bool]:
    """Whether each unit starts inside an open quotation (reset at each paragraph start: a
    multi-sentence quote leaves its middle sentences without quote marks). ``doc_blocks``
    maps a sentence index to its block. A straight quote opens when it follows white space
    (or an opening bracket, a colon, a dash) and closes when glued to the text before it: news
    copy often opens a new quoted sentence without closing the previous one ('... in 2005.
    "All the products ...'), which a toggle would turn into a closing mark, leaving the rest of
    the paragraph "quoted"."""
    out = []
    open_ = False
    last_block = None
    for a, b, i in spans:
        block = doc_blocks[i]
        if block != last_block:
            open_ = False
            last_block = block
        out.append(open_)
        for m in _QUOTE_MARK.finditer(text, a, b):
            ch = m.group(0)
            if ch == '"':
                j = m.start()
                open_ = j == 0 or text[j - 1] in _OPENS_BEFORE
            else:
                open_ = ch == "“"
    return out


def _quoted(text: str) -> bool:
    """Opens with a quotation mark, or closes a quotation opened in an earlier unit."""
    s = text.strip()
    if not s:
        return False
    if s[0] in _QUOTE_OPEN:
        return True
    tail = s.rstrip(".!?,")[-1:] or s[-1]
    marks = sum(s.count(q) for q in "\"“”")
    if marks % 2 == 0:
        return False
    # closes a quotation at its end, or mid-unit before the attribution ('...up," she said.')
    return tail in _QUOTE_CLOSE or s[-1] in _QUOTE_CLOSE or _CLOSING.search(s) is not None


_CLOSING = patterncache.compile(
    r"""[\w.,!?…]["”]\s+(?:[a-z]|[A-Z][a-z]+\s+(?:said|says|added|told|asked|wrote)\b)""")


_QUOTED_SPAN = patterncache.compile(r'"[^"]*"|“[^”]*”|“[^”]*$|^[^“”]*”')


def _unquoted(chunk: str) -> str:
    """``chunk`` without its quoted stretches (a quotation closed or left open inside the unit,
    or one opened in an earlier unit and closed here): the voice of the unit's own narrator."""
    if '"' not in chunk and "“" not in chunk and "”" not in chunk:
        return chunk
    if chunk.count('"') % 2:
        k = chunk.index('"')
        # an odd straight quote closes when glued to a word before it, else the last is left open
        chunk = chunk[k + 1:] if k and not chunk[k - 1].isspace() else chunk[:chunk.rindex('"')]
    return _QUOTED_SPAN.sub(" ", chunk)


NEIGHBOURS = 2
"""Units on each side left out of the "rest of the article" (an insertion of several
sentences must not count as its own context)."""


def _dot(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b[t] for t, v in a.items() if t in b)


def _cosines_to_rest(vectors: list[dict[str, float]], centroid: dict[str, float],
                     c_norm2: float) -> list[float]:
    """Cosine of every unit to the article centroid minus that unit and its ``NEIGHBOURS`` on
    each side. Only dot products of a unit with the centroid and with its next few units are
    computed (linear in article length):
    ``s.rest = s.C - sum_j s.v_j``, ``|rest|^2 = |C|^2 - 2 sum_j C.v_j + sum_jl v_j.v_l``."""
    n = len(vectors)
    width = 2 * NEIGHBOURS
    d_c = [_dot(v, centroid) for v in vectors]
    pair = [[_dot(vectors[j], vectors[j + o]) if j + o < n else 0.0 for o in range(width + 1)]
            for j in range(n)]

    def dot(a: int, b: int) -> float:
        return pair[a][b - a] if a <= b else pair[b][a - b]

    out = []
    for k in range(n):
        s2 = pair[k][0]
        if s2 <= 0:
            out.append(0.0)
            continue
        window = range(max(0, k - NEIGHBOURS), min(n, k + NEIGHBOURS + 1))
        s_rest = d_c[k] - sum(dot(k, j) for j in window)
        near2 = sum(dot(a, b) for a in window for b in window)
        rest2 = c_norm2 - 2 * sum(d_c[j] for j in window) + near2
        out.append(max(0.0, s_rest / math.sqrt(s2 * rest2)) if rest2 > 1e-9 else 0.0)
    return out


_EMOTICON_END = patterncache.compile(r"(?<!\w)[:;=]-?[A-Za-z]$")
"""An emoticon before a full stop (":D.", ";P."): the letter is not an initial."""
_SHORT_CAPITAL = patterncache.compile(r"(?<![\w.'’-])[A-Z][a-z]{0,4}$")
"""A short capitalised word before a full stop that the next word continues in lower case: an
abbreviation the list does not know ("Ind.", "Calif.", "Kans.", "Me."); a host sentence that
ends on such a word before a lower-case insertion stays glued to it, a rarer loss."""
_INITIALISM = patterncache.compile(r"(?<![\w.])(?:[A-Za-z]\.){2,}$")
"""Dotted initials ending at a full stop ("L.A.", "D.C."): not a sentence end."""


def units(doc: Document) -> list[tuple[int, int, int]]:
    """(start, end, sentence index) of the units (see module docstring)."""
    text = doc.lint_text
    out = []
    for i, s in enumerate(doc.sentences):
        pos = s.start
        for m in _UNIT_END.finditer(text, s.start, s.end):
            single_dot = m.group(0).rstrip()[:2] in (".", '."', ".'", ".”", ".’", ".)")
            if single_dot and not _EMOTICON_END.search(text, max(0, m.start() - 3), m.start()) and (
                    is_abbreviation(text, m.start())
                    or _INITIALISM.search(text, max(0, m.start() - 12), m.start() + 1)):
                continue  # "U.S.", "Inc.", "Jan.": the document splitter does not cut there either
            lower_next = m.end() < len(text) and text[m.end()].islower()
            if not single_dot and lower_next:
                continue  # a title's "?" or "!" in a sentence ("or Who is Sylvia?) or Ben")
            if lower_next and (m.group(0).rstrip().endswith(")") or _SHORT_CAPITAL.search(
                    text, max(0, m.start() - 8), m.start())):
                continue  # "Sen. Richard Lugar (R-Ind.) read", "Portland, Me. and": abbreviations
            out.append((pos, m.end() - (len(m.group(0)) - len(m.group(0).rstrip())), i))
            pos = m.end()
        if pos < s.end:
            out.append((pos, s.end, i))
    return out


_LINK = patterncache.compile(r"(?<!\S)(?:\S*(?:https?://|www\.|\.com\b|\.co\b|/)\S*|\S+@\S+)",
                   re.IGNORECASE)
_WORD2 = patterncache.compile(r"[^\W\d_]{2,}")


def _word_count(text: str) -> int:
    return len(_WORD2.findall(_LINK.sub(" ", text)))


def sentence_signals(doc: Document, models: tuple[str, str] | None = None
                     ) -> list[SentenceSignals]:
    """Signals for every unit of ``doc`` (cached in ``doc.cache``). ``models`` names other
    (spam, message) model files under rules/models/ (training tools only)."""
    key = "spam_signals" if models is None else f"spam_signals:{models}"
    cached = doc.cache.get(key)
    if cached is not None:
        return cached
    spam_file, message_file = models or (MODEL_FILE, MESSAGE_MODEL_FILE)
    model = load_model(spam_file)
    text = doc.lint_text
    spans = units(doc)
    # a unit that is a whole sentence reuses the document's cached tokens and TF-IDF vector
    sent_toks, sent_vecs = sentence_tokens(doc), sentence_vectors(doc)
    toks: list[list[str]] = []
    vectors: list[dict[str, float]] = []
    for a, b, i in spans:
        sent = doc.sentences[i]
        if a == sent.start and b == sent.end:
            toks.append(sent_toks[i])
            vectors.append(sent_vecs[i])
        else:
            toks.append(tokenize(text[a:b]))
            vectors.append(vectorize(toks[-1]))
    centroid: dict[str, float] = {}
    for vec in vectors:
        for t, v in vec.items():
            centroid[t] = centroid.get(t, 0.0) + v
    c_norm2 = sum(v * v for v in centroid.values())
    logits: list[float] = []
    quoted: list[bool] = []
    own_quote: list[bool] = []
    cues_all: list[list[tuple[int, int, str]]] = []
    message_model = load_model(message_file)
    pitch = matcher_for((("pitch", PITCH_LEXICON),))
    lettered = [letter_counts(text[a:b]) for a, b, _ in spans]
    # each unit's feature set (its character 4-grams are most of the memory) lives only while
    # the unit and its right-hand neighbour are scored: the log-odds of the unit, the message
    # log-odds, its weight sum, and the log-odds of its union with the previous unit (the
    # ``windows`` below), both ways round as before, so that the floats are the same
    blocks = [doc.sentences[i].block for _, _, i in spans]
    keep = [] if len(spans) <= REUSE_FEATURES_UNITS else None
    message_logits: list[float] = []
    sums: list[float] = []
    with_previous: list[tuple[float, float] | None] = []
    prev: set[str] = set()
    for k, ((a, b, _), c) in enumerate(zip(spans, lettered)):
        feats = features(text[a:b], counts=c)
        sums.append(model.weight_sum(feats))
        logits.append(model.logit_of(feats))
        message_logits.append(message_model.logit_of(feats))
        if k and blocks[k - 1] == blocks[k]:
            with_previous.append((
                model.logit_of_union(feats, sums[k], prev, sums[k - 1]),   # k's window
                model.logit_of_union(prev, sums[k - 1], feats, sums[k])))  # k-1's window
        else:
            with_previous.append(None)
        if keep is not None:
            keep.append(feats)
        prev = feats
    del prev
    if keep is not None:
        doc.cache[key + ":features"] = keep  # reused by the commercial-intent model (spamintent)
    coss = _cosines_to_rest(vectors, centroid, c_norm2)
    topic_vecs = [topic_vector(t) for t in toks]
    topic_centroid: dict[float, float] = {}
    for tv in topic_vecs:
        for c, v in tv.items():
            topic_centroid[c] = topic_centroid.get(c, 0.0) + v
    topic_coss = _cosines_to_rest(topic_vecs, topic_centroid,
                                  sum(v * v for v in topic_centroid.values()))
    quote_text = typewriter_quotes(text)
    in_quote = _quote_states(quote_text, spans, [s.block for s in doc.sentences])
    for k, (start, end, _) in enumerate(spans):
        chunk = text[start:end]
        own_quote.append(_quoted(quote_text[start:end]))
        quoted.append(in_quote[k] or own_quote[-1])
        cues: list[tuple[int, int, str]] = []
        cue_text = _EMBED.sub(lambda m: " " * len(m.group(0)), chunk) if "/" in chunk else chunk
        low = cue_text.lower()
        has_digit = _DIGIT.search(cue_text) is not None
        for kind, pattern in CUE_PATTERNS.items():
            if not _cue_possible(kind, cue_text, low, has_digit):
                continue
            for m in pattern.finditer(cue_text):
                a, b = m.span()
                while a < b and not chunk[a].isalnum() and chunk[a] not in "£$€+":
                    a += 1
                if b > a:
                    cues.append((start + a, start + b, kind))
        cues_all.append(cues)
    # one pass of the pitch lexicon over the whole text (per-unit passes would be quadratic)
    starts = [a for a, _, _ in spans]
    for m in pitch.iter_matches(doc.folded):
        k = bisect.bisect_right(starts, m.start) - 1
        if k >= 0 and m.end <= spans[k][1]:
            cues_all[k].append((m.start, m.end, "sales pitch"))
    # spam log-odds of each unit joined with a neighbour of the same paragraph, from the units'
    # weight sums (no re-extraction): the better of the two sides
    windows = []
    for k in range(len(spans)):
        best = logits[k]
        before = with_previous[k]
        if before is not None:
            best = max(best, before[0])
        after = with_previous[k + 1] if k + 1 < len(spans) else None
        if after is not None:
            best = max(best, after[1])
        windows.append(best)
    plain = [_unquoted(quote_text[a:b]) for a, b, _ in spans]
    # a unit quoted only by the paragraph's open quotation still counts its own voice (the
    # combiner sees ``open_quote`` and weighs it): an insertion dropped after a quoted sentence
    # keeps its "you"/"I"; a unit with quotation marks of its own counts only its unquoted text
    persons = [0 if o else _person_count(p) for p, o in zip(plain, own_quote)]
    addressing = [n > 0 for n in persons]
    total_addressing = sum(addressing)
    address = []
    for flag in addressing:
        others = max(1, len(spans) - 1)
        address.append((1.0 - (total_addressing - flag) / others) if flag else 0.0)
    counts: dict[str, int] = {}
    for t in toks:
        for w in t:
            counts[w] = counts.get(w, 0) + 1
    novel = []
    for t in toks:
        own: dict[str, int] = {}
        for w in t:
            own[w] = own.get(w, 0) + 1
        novel.append(sum(1 for w in t if counts[w] == own[w]) / len(t) if t else 0.0)
    table, _ = idf_table()
    rare = [sum(1 for w in t if w not in table) / len(t) if t else 0.0 for t in toks]
    continues = [bool(_CONTINUATION.match(text, a)) for a, _, _ in spans]
    # capitals count in the body only: a title or heading in capitals is wire-copy style
    title_blocks = {0} | {k for k, blk in enumerate(doc.blocks) if blk.kind == "heading"}
    caps = [0.0 if doc.sentences[i].block in title_blocks else upper / letters if letters else 0.0
            for (letters, upper), (_, _, i) in zip(lettered, spans)]
    substantial = [len(t) >= 4 for t in toks]
    logit_z = _zscores(logits, substantial)
    cos_z = _zscores(coss, substantial)
    out = [
        SentenceSignals(a, b, i, lg, lz, ml, wl, c, cz, len(t), _word_count(text[a:b]), q, ad, nv,
                        ra, cp, co, cu)
        for (a, b, i), lg, lz, ml, wl, c, cz, t, q, ad, nv, ra, cp, co, cu in zip(
            spans, logits, logit_z, message_logits, windows, coss, cos_z, toks, quoted, address,
            novel, rare, caps, continues, cues_all)
    ]
    message_z = _zscores(message_logits, substantial)
    # the article's own register: the share of its other substantial units that read like
    # messages (a page of readers' comments, a first-person blog) or speak as "I/you"
    n_sub = sum(substantial)
    n_msg = sum(1 for m, ok in zip(message_logits, substantial) if ok and m > 0)
    n_voice = sum(1 for n, ok in zip(persons, substantial) if ok and n > 0)
    for sig, mz, own, n_person, marks, tc, ml, ok in zip(
            out, message_z, plain, persons, own_quote, topic_coss, message_logits, substantial):
        others = max(1, n_sub - ok)
        sig.host_messages = (n_msg - (ok and ml > 0)) / others
        sig.host_voice = (n_voice - (ok and n_person > 0)) / others
        chunk = text[sig.start:sig.end]
        sig.own_quote = marks
        sig.topic_cos = tc
        if not marks:
            intro = SELF_INTRODUCTION.search(own)
            if intro is not None:
                at = chunk.find(intro.group(0))
                if at >= 0:
                    sig.cues.append((sig.start + at, sig.start + at + len(intro.group(0)),
                                     "self-introduction"))
        sig.exclaim = chunk.count("!") + chunk.count("?")
        sig.emoji = _EMOJI.search(chunk) is not None
        sig.message_z = mz
        sig.person = n_person
        sig.chat = _chat(own) + (1 if chunk[:1].islower() else 0)
        sig.greeting = _GREETING.match(chunk) is not None
        sig.imperative = not marks and _IMPERATIVE.match(own) is not None
    doc.cache[key] = out
    return out


_EMOJI = patterncache.compile("[\u2600-\u27BF\U0001F000-\U0001FAFF]")


COMBINER_FEATURES = ("logit", "logit_z", "message_logit", "window_logit", "similarity", "quoted",
                     "cues", "shouting", "length", "address", "novel", "rare", "continues",
                     "caps", "pitch", "exclaim", "emoji", "message_z", "person", "chat",
                     "greeting", "imperative", "open_quote", "topic_similarity",
                     "host_messages", "host_voice")


def combiner_features(sig: SentenceSignals) -> list[float]:
    """The signals SP102 weighs (names in ``COMBINER_FEATURES``), clipped to sane ranges."""
    kinds = {kind for _, _, kind in sig.cues}
    return [
        max(-15.0, min(15.0, sig.logit)),
        max(-5.0, min(10.0, sig.logit_z)),
        max(-15.0, min(15.0, sig.message_logit)),
        max(-15.0, min(15.0, sig.window_logit)),
        sig.cos,
        1.0 if sig.own_quote else 0.0,
        float(min(3, len(kinds - {"shouting", "sales pitch"}))),
        1.0 if "shouting" in kinds else 0.0,
        math.log1p(sig.tokens),
        sig.address,
        sig.novel,
        sig.rare,
        1.0 if sig.continues else 0.0,
        sig.caps,
        float(min(2, sum(1 for _, _, kind in sig.cues if kind == "sales pitch"))),
        float(min(3, sig.exclaim)),
        1.0 if sig.emoji else 0.0,
        max(-5.0, min(10.0, sig.message_z)),
        float(min(4, sig.person)),
        float(min(3, sig.chat)),
        1.0 if sig.greeting else 0.0,
        1.0 if sig.imperative else 0.0,
        1.0 if sig.quoted and not sig.own_quote else 0.0,
        sig.topic_cos,
        sig.host_messages,
        sig.host_voice,
    ]


#: cues that make a unit under ``min_words`` a candidate: a contact, or self-promotion ("pls
#: subscribe!"); not a bare call to action ("Subscribe now.", "Sign up.": page furniture)
_SHORT_UNIT_CUES = frozenset({"url", "phone number", "e-mail", "self-promotion"})


def candidate(sig: SentenceSignals, max_similarity: float = 0.25, min_words: int = 3) -> bool:
    """Units SP102 considers at all: not clearly on the article's topic, and long enough or
    carrying a contact (URL, phone number, e-mail address) or self-promotion."""
    if sig.cos >= max_similarity:
        return False
    return sig.words >= min_words or any(kind in _SHORT_UNIT_CUES for _, _, kind in sig.cues)


def tree_score(baseline: float, trees: list, x: list[float]) -> float:
    """Raw score (log-odds) of exported gradient-boosted trees on feature vector ``x``."""
    total = baseline
    for nodes in trees:
        node = nodes[0]
        while not node[5]:
            node = nodes[node[2]] if x[node[0]] <= node[1] else nodes[node[3]]
        total += node[4]
    return total


def has_spam_evidence(sig: SentenceSignals) -> bool:
    """Some positive spam evidence: a classifier leaning to spam/message, a commercial cue, or
    an off-register voice (addressing the reader or speaking as "I/we" outside quotes where
    most of the article does not, shouting in capitals, an emoji, an unquoted exclamation or
    question). Spam-mail openers that read like
    prose ("Your contact was availed to me by the chamber of commerce") carry only the last."""
    return (sig.logit > 0 or sig.window_logit > 0 or sig.message_logit > 0
            or sig.address > 0.5 or sig.caps > 0.3 or sig.emoji or sig.greeting
            or sig.imperative
            or (sig.exclaim > 0 and not sig.quoted)
            or any(kind != "shouting" for _, _, kind in sig.cues))

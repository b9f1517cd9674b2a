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

Modules: ``spamunits`` (the units and their cosines to the rest of the article), ``spamvoice``
(person words, chat, greetings, imperatives, quotation state), ``spamcombiner`` (what SP102's
combiner reads and which units it considers); this one gathers the signals per unit.
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
from .spammodel import (
    CHAR_NGRAMS,
    MESSAGE_MODEL_FILE,
    MODEL_FILE,
    char_grams,
    features,
    letter_counts,
    load_model,
)
from .spamunits import cosines_to_rest, units, word_count
from .spamvoice import (
    CONTINUATION,
    GREETING,
    IMPERATIVE,
    chat_count,
    in_own_quotes,
    person_count,
    quote_states,
    typewriter_quotes,
    unquoted,
)

PITCH_LEXICON = "spam-pitch.txt"
#: up to this many units an article's word features (no character 4-grams) are kept for the
#: commercial-intent model (intentsignals) to reuse; a longer text (a book-length page) lets
#: them go unit by unit, so the family's memory stays flat (SP104 then extracts them again)
REUSE_FEATURES_UNITS = 2000
#: Links that embedded posts leave behind in honest copy (tweet embeds), not contact cues.
# The look-behinds start a match only where a token (or a run of marks) starts: otherwise a long
# run without a match is re-scanned from each of its positions, quadratic in its length.
_EMBED = patterncache.compile(r"(?<!\S)\S*\b(?:pic\.twitter\.com|t\.co|twitter\.com|x\.com)/\S*",
                    re.IGNORECASE)

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
        words = features(text[a:b], chars=False, counts=c)
        feats = words | char_grams(text[a:b]) if CHAR_NGRAMS else words
        sums.append(model.weight_sum(feats))
        logits.append(model.logit_of(feats, sums[k]))
        message_logits.append(message_model.logit_of(feats))
        if k and blocks[k - 1] == blocks[k]:
            with_previous.append((
                model.logit_of_union(feats, sums[k], prev, sums[k - 1]),   # k's window
                model.logit_of_union(prev, sums[k - 1], feats, sums[k])))  # k-1's window
        else:
            with_previous.append(None)
        if keep is not None:
            keep.append(words)
        prev = feats
    del prev
    if keep is not None:  # the word features (no character 4-grams), for SP104's intent model
        doc.cache[key + ":word_features"] = keep
    coss = cosines_to_rest(vectors, centroid, c_norm2)
    topic_vecs = [topic_vector(t) for t in toks]
    topic_centroid: dict[float, float] = {}
    for tv in topic_vecs:
        for c, v in tv.items():
            topic_centroid[c] = topic_centroid.get(c, 0.0) + v
    topic_coss = cosines_to_rest(topic_vecs, topic_centroid,
                                  sum(v * v for v in topic_centroid.values()))
    quote_text = typewriter_quotes(text)
    in_quote = quote_states(quote_text, spans, [s.block for s in doc.sentences])
    for k, (start, end, _) in enumerate(spans):
        chunk = text[start:end]
        own_quote.append(in_own_quotes(quote_text[start:end]))
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
    plain = [unquoted(quote_text[a:b]) for a, b, _ in spans]
    # a unit quoted only by the paragraph's open quotation still counts its own voice (the
    # combiner sees ``open_quote`` and weighs it): an insertion dropped after a quoted sentence
    # keeps its "you"/"I"; a unit with quotation marks of its own counts only its unquoted text
    persons = [0 if o else person_count(p) for p, o in zip(plain, own_quote)]
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
    continues = [bool(CONTINUATION.match(text, a)) for a, _, _ in spans]
    # capitals count in the body only: a title or heading in capitals is wire-copy style
    title_blocks = {0} | {k for k, blk in enumerate(doc.blocks) if blk.kind == "heading"}
    caps = [0.0 if doc.sentences[i].block in title_blocks else upper / letters if letters else 0.0
            for (letters, upper), (_, _, i) in zip(lettered, spans)]
    substantial = [len(t) >= 4 for t in toks]
    logit_z = _zscores(logits, substantial)
    cos_z = _zscores(coss, substantial)
    out = [
        SentenceSignals(a, b, i, lg, lz, ml, wl, c, cz, len(t), word_count(text[a:b]), q, ad, nv,
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
        sig.chat = chat_count(own) + (1 if chunk[:1].islower() else 0)
        sig.greeting = GREETING.match(chunk) is not None
        sig.imperative = not marks and IMPERATIVE.match(own) is not None
    doc.cache[key] = out
    return out


_EMOJI = patterncache.compile("[\u2600-\u27BF\U0001F000-\U0001FAFF]")

"""The writer's voice and the quotation state of a spam unit (``spamunits.units``).

Person words outside quotation marks (a person word that belongs to a title, a name, a ticker
or an initial, a film rating, a state abbreviation or a Roman numeral is not the writer's
voice), chat orthography, greetings, imperative openings, continuation openings, and which
units sit inside a quotation: by their own marks or because one opened before them in the
paragraph. A straight quotation mark opens or closes by its neighbours, not by toggling. Read
by ``spamsignals.sentence_signals``.
"""

from __future__ import annotations

import re

from ..regex import patterncache

#: first/second person; "US" in capitals is the country, not "us"
_PERSON = patterncache.compile(
    r"\b(?:[Ii]|[Ii]'m|[Ii]'ve|[Mm]e|[Mm]y|[Ww]e|[Oo]ur|[Uu]s|[Yy]ou|[Yy]our|"
    r"[Yy]ou're|[Uu]|[Uu]r|YOU|YOUR|ME|MY|WE|OUR)\b(?!\.\w)")
_CAPITALISED = patterncache.compile(r"[A-Z][\w'’-]*")
_LONG_WORD = patterncache.compile(r"[^\W\d_]{4,}")


def person_count(text: str) -> int:
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


def chat_count(text: str) -> int:
    """Chat orthography marks in ``text`` (see ``SentenceSignals.chat``)."""
    n = len(_CHAT_I.findall(text)) + len(_CHAT_WORDS.findall(text.lower()))
    if _STRETCHED.search(text) is not None:
        n += 1
    if ("..." in text or "…" in text or "!!" in text or "??" in text or "!?" in text
            or "?!" in text or ":" in text or ";" in text or "<3" in text):
        n += len(_CHAT_MARKS.findall(text))
    return n


GREETING = patterncache.compile(
    r"[\W_]*(?:(?:hello|hi+|hey+|hiya|heya|dear|greetings|good\s+(?:morning|day|evening)|yo|"
    r"howdy|salam\w*|aslam\w*|assalam\w*|guys)\b"
    # a vocative opening the unit: "Friend, ...", "Sir/Madam, ..."
    r"|(?:friends?|sirs?|madam|sir\s*/\s*madam|everyone|everybody|folks)\s*[,!:])",
    re.IGNORECASE)
IMPERATIVE = patterncache.compile(
    r"[\W_]*(?:(?:please|pls|plz|just|so|now|guys),?\s+)?"
    r"(?:see|watch|check|visit|click|call|text|txt|get|buy|order|purchase|try|join|subscribe|"
    r"sub|follow|like|share|listen|download|grab|claim|enjoy|discover|learn|find|earn|make|"
    r"start|stop|save|read|go|come|take|let's|help|don't|dont|imagine|apply|register|"
    r"sign|send|reply|contact|email|e-mail|add|vote|donate|support|hurry|wanna|act|meet)"
    r"(?![\w'’-])(?!\s+(?:for|of|on|in|at|as|is|was|has|are|were|by)\b)"
    r"|[\W_]*(?:(?:please|pls|plz|just|so|now|guys),?\s+)?look\s+at\b", re.IGNORECASE)
CONTINUATION = patterncache.compile(
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


def quote_states(text: str, spans: list[tuple[int, int, int]], doc_blocks: list[int]
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


def in_own_quotes(text: str) -> bool:
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


def unquoted(chunk: str) -> str:
    """``chunk`` without its quoted stretches (a quotation closed or left open inside the unit,
    or one opened in an earlier unit and closed here): the voice of the unit's own narrator."""
    if '"' not in chunk and "“" not in chunk and "”" not in chunk:
        return chunk
    if chunk.count('"') % 2:
        k = chunk.index('"')
        # an odd straight quote closes when glued to a word before it, else the last is left open
        chunk = chunk[k + 1:] if k and not chunk[k - 1].isspace() else chunk[:chunk.rindex('"')]
    return _QUOTED_SPAN.sub(" ", chunk)

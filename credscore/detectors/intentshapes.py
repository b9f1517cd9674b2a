"""The brand-independent shape of a sales pitch in one sentence, and names a sentence
introduces: what SP104's intent classifier reads besides word n-grams (``spamintent``).

``shape_features`` gives ``@<feature>`` cues (a call to action, a price, reward, urgency, sales
superlatives and customer-benefit words, the seller's voice, praise of the page or the writing,
a testimonial, a clickbait teaser, a Title Case or numbered headline inside body text,
second-person address, a contact, a brand-shaped name); a substring prefilter skips the
patterns a sentence cannot match. ``new_names`` finds product-, site- or company-like names
that occur nowhere else in the article.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..analyse.vectors import idf_table
from ..regex import patterncache
from ..segment.document import Document
from .commercial import word_counts
from .spammodel import features

_I = re.IGNORECASE
#: (feature, pattern): each adds ``@<feature>`` when it matches the sentence
SHAPES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("cta-open", patterncache.compile(
        r"^[\W_]*(?:please\s+|so\s+|just\s+)?(?:visit|check|sign\s+up|register|join|click|order|"
        r"buy|shop|get|grab|try|contact|reach\s+out|hire|download|claim|start|use|enter|apply|"
        r"book|subscribe|call|whatsapp|email|e-mail|message|look\s+no\s+further|discover|"
        r"don'?t\s+(?:miss|wait|forget|create|stress)|find\s+out|learn|see|watch|stop|unlock)\b",
        _I)),
    ("cta", patterncache.compile(
        r"\b(?:visit|check\s+(?:out|it\s+out|them\s+out)|sign\s+up|register\s+(?:now|today|here|"
        r"with)|join\s+(?:now|us|today|our|here)|click\s+(?:here|the\s+link|below|on)|order\s+now|"
        r"buy\s+now|shop\s+now|get\s+started|contact\s+(?:them|him|her|us|me)|reach\s+out\s+to|"
        r"take\s+a\s+(?:close\s+)?look|look\s+no\s+further|don'?t\s+miss|learn\s+more|"
        r"give\s+it\s+a\s+try|recommend\s+(?:giving|using|trying)|catch\s+them|get\s+in\s+touch)\b",
        _I)),
    ("price", patterncache.compile(
        r"[$£€₹]\s?\d|\b\d[\d,.]*\s?(?:usd|usdt|eur|dollars?|euros?|btc|eth)\b|"
        r"\b\d+\s?%\s*(?:off|discount|bonus|rebate|cashback)|\bper\s+(?:month|day|week)\b|"
        r"/(?:month|mo|day)\b", _I)),
    ("reward", patterncache.compile(
        r"\b(?:bonus(?:es)?|free|discounts?|discounted|coupons?|promos?|promotions?|promo\s+code|"
        r"cashback|rewards?|deals?|vouchers?|referral|invite\s+code|save\s+up\s+to|risk-free|"
        r"money-back|welcome\s+offer|signup|sign-up)\b", _I)),
    ("urgency", patterncache.compile(
        r"\b(?:now|today|tonight|instantly|instant|immediately|limited|hurry|expires?|expiring|"
        r"overnight|24/7|right\s+away|in\s+no\s+time|within\s+(?:minutes|hours|\d+))\b", _I)),
    ("superlative", patterncache.compile(
        r"\b(?:best|top|leading|premium|top-notch|top-quality|excellent|exceptional|ultimate|"
        r"#1|number\s+one|world-class|trusted|reliable|genuine|legit|legitimate|professional|"
        r"guaranteed|100%|most\s+(?:reliable|trusted|popular|user-friendly|reckoned))\b", _I)),
    ("benefit", patterncache.compile(
        r"\b(?:convenient|convenience|seamless|seamlessly|hassle|affordable|cheap|cheapest|"
        r"secure|user-friendly|discreet|discreetly|smoothly|effortless|effortlessly|"
        r"no\s+prescription|without\s+(?:a\s+)?prescription|no\s+credit\s+check|plagiarism-free|"
        r"from\s+the\s+comfort\s+of|at\s+your\s+doorstep|for\s+both\s+beginners|"
        r"beginners\s+and\s+(?:experienced|seasoned)|wide\s+(?:range|selection|variety)\s+of|"
        r"fast\s+(?:payouts|delivery|shipping|approval))\b", _I)),
    ("seller", patterncache.compile(
        r"\b(?:we|our\s+team|our\s+company)\s+(?:offer|offers|provide|provides|are\s+"
        r"(?:providing|offering|here\s+to)|pride\s+ourselves|guarantee|specialize)\b|"
        r"\bour\s+(?:service|services|platform|website|site|experts|writers|pharmacy|products|"
        r"team|clients|customers|store|shop|prices)\b", _I)),
    ("praise-page", patterncache.compile(
        r"\b(?:your|this|the)\s+(?:blog|blogs|post|posts|article|articles|site|website|web\s+site|"
        r"weblog|content|writing|page|information|info|work|writeup|write-up)\b", _I)),
    ("praise", patterncache.compile(
        r"\b(?:great|nice|awesome|excellent|amazing|interesting|informative|useful|helpful|"
        r"enjoy|enjoyed|enjoying|loved|appreciate|appreciating|admiring|thanks|thank\s+you|"
        r"bookmark|bookmarked|keep\s+(?:it\s+)?up|well\s+written|good\s+(?:job|work|read)|"
        r"great\s+read|i\s+like|envy|enlightening|knowledge|terrific|fantastic|wonderful|"
        r"superb|brilliant|impressive|valuable|insightful|outstanding|remarkable|magnificent|"
        r"bestest|thanx|thx|kudos|cheers)\b", _I)),
    ("praise-writing", patterncache.compile(
        # comment spam praises the content itself, with no subject of its own
        r"\b(?:well[- ]written|interesting\s+(?:information|read|post|article|stuff|content|"
        r"topic|info)|(?:great|nice|useful|helpful|informative|terrific|excellent|good)\s+"
        r"(?:information|info|post|posts|article|articles|content|read|blog|site|website|topic|"
        r"writing|answer|piece)|piece\s+of\s+work|(?:your|the)\s+(?:writing|stuffs?)\s+"
        r"(?:is\s+)?(?:great|good|nice)|regards\s+for|take\s+care\s+of\s+it\s+up|"
        r"keep\s+up\s+the\s+(?:good|great|fantastic)\s+(?:work|job)|"
        r"(?:said|wrote)\s+some\s+true\s+words|nail\s+on\s+the\s+head)\b", _I)),
    ("meta-page", patterncache.compile(
        # the text talks about the page or its author, not about the story's subject
        r"\b(?:articles?\s+like\s+this|this\s+(?:answer|topic|subject|read|piece|write-?up)|"
        r"(?:your|the)\s+(?:author|writer|blogger|webmaster|admin)|(?:blog|blogger|blogging|"
        r"weblog|webmaster)s?\b|rss\s+feeds?|read\s+more\s+(?:soon|of\s+your)|"
        r"coming\s+back|come\s+back\s+(?:soon|later)|visit(?:ed)?\s+your)", _I)),
    ("product-talk", patterncache.compile(
        r"\b(?:platforms?|apps?|users|customers|clients|accounts?|sign[- ]?up|registration|"
        r"deposits?|withdrawals?|fees|features|interface|subscriptions?|plans?|checkout|"
        r"delivery|shipping|order(?:s|ing)?|purchase|products?|services?|support\s+team|"
        r"24/7)\b", _I)),
    ("audience", patterncache.compile(
        r"\bfor\s+(?:both\s+)?(?:beginners|students|traders|players|investors|customers|users|"
        r"anyone|everyone|those)\b|\banyone\s+(?:looking|who\s+wants|seeking|in\s+need)|"
        r"\bthose\s+(?:looking|who\s+want|seeking)\b|\bif\s+you(?:'re|\s+are)\s+"
        r"(?:looking|planning|searching|struggling|a\s+student|new\s+to)", _I)),
    ("testimonial", patterncache.compile(
        r"\b(?:i|we)\s+(?:highly\s+)?(?:recommend|contacted|discovered|came\s+across|"
        r"stumbled|reached\s+out|was\s+(?:introduced|referred|told)|met|found\s+(?:a|this|"
        r"the))\b|\bhelped\s+me\b|\b(?:got|get)\s+(?:back\s+)?(?:all\s+)?my\s+(?:money|funds|"
        r"bitcoins?|crypto|usdt)\b|\bbest\s+decision\b|\bi\s+(?:have\s+been|am)\s+earning\b",
        _I)),
    ("scam-words", patterncache.compile(
        r"\b(?:scam|scammed|scammers|fraud|fraudulent|hacker|hackers|recover|recovery|"
        r"retrieve|stolen|lost\s+(?:my|all|their))\b", _I)),
    ("earn", patterncache.compile(
        r"\b(?:earn|earning|profits?|returns|income|make\s+money|winning\s+rate|win\s+rate|"
        r"signals?|trades?|trading)\b", _I)),
    ("teaser", patterncache.compile(
        r"\b(?:what\s+happens|what\s+happened\s+next|you\s+won'?t\s+believe|here'?s\s+(?:what|"
        r"why|how)|see\s+what|this\s+is\s+(?:why|what|how)|the\s+reason\s+why|will\s+(?:make|"
        r"leave|shock|blow)\s+you|all\s+the\s+proof|brace\s+yourself|doctors?\s+(?:hate|warn|"
        r"beg|stunned)|one\s+(?:weird\s+|simple\s+)?trick|before\s+and\s+after|look\s+like\s+"
        r"(?:today|now)|see\s+what\s+happens|you\s+need\s+to\s+know|is\s+genius|try\s+this)\b",
        _I)),
    ("contact", patterncache.compile(
        r"https?://|www\.|(?<![\w.@-])[\w-]+\.(?:com|net|org|io|xyz|co|info|biz|site|shop|app|"
        r"me|expert|pro|store|online|club|vip|bet|casino)\b|(?<!\w)@[A-Za-z_]\w{3,}|"
        r"\bwhats\s?app\b|\btelegram\b|\bt\.me/|\be-?mail\s*(?:info|us|me|them|:)", _I)),
)
_CAMEL = patterncache.compile(r"\b[A-Z][a-z]+[A-Z][A-Za-z]*\b|\b[A-Z]{2,}[a-z]{2,}\w*\b")
_CAPS_RUN = patterncache.compile(r"\b[A-Z]{2,}(?:\s+[A-Z]{2,}){1,6}\b")
_SECOND = patterncache.compile(r"\b(?:you|your|you're|yours|yourself)\b", _I)
_LONG = patterncache.compile(r"[^\W\d_][^\W_'’-]{2,}")
_NUMBER_LED = patterncache.compile(r"^[\W_]*\d{1,3}\s+[A-Za-z]")


#: substrings (lower case, white space folded) one of which every match of a shape contains:
#: most sentences hold none, and a substring test is far cheaper than the regex
#: (tests/test_spam_intent.py checks that the filter never changes a result)
HINTS: dict[str, tuple[str, ...]] = {
    "cta": ("visit", "check", "sign", "register", "join", "click", "order", "buy", "shop",
            "started", "contact", "reach", "take a", "look no", "miss", "learn more", "give it",
            "recommend", "catch them", "touch"),
    "price": ("$", "£", "€", "₹", "usd", "eur", "dollar", "euro", "btc", "eth", "%", "per ",
              "/mo", "/day"),
    "reward": ("bonus", "free", "discount", "coupon", "promo", "cashback", "reward", "deal",
               "voucher", "referral", "invite code", "save up", "risk-free", "money-back",
               "welcome offer", "signup", "sign-up"),
    "urgency": ("now", "today", "tonight", "instant", "immediately", "limited", "hurry",
                "expir", "overnight", "24/7", "right away", "no time", "within"),
    "superlative": ("best", "top", "leading", "premium", "excellent", "exceptional",
                    "ultimate", "#1", "number one", "world-class", "trusted", "reliable",
                    "genuine", "legit", "professional", "guaranteed", "100%", "most "),
    "benefit": ("convenien", "seamless", "hassle", "affordable", "cheap", "secure",
                "user-friendly", "discreet", "smooth", "effortless", "prescription",
                "credit check", "plagiarism", "comfort of", "doorstep", "beginners", "wide ",
                "fast "),
    "seller": ("we ", "our "),
    "praise": ("great", "nice", "awesome", "excellent", "amazing", "interesting",
               "informative", "useful", "helpful", "enjoy", "loved", "appreciat", "admiring",
               "thank", "bookmark", "keep", "well written", "good ", "i like", "envy",
               "enlighten", "knowledge", "terrific", "fantastic", "wonderful", "superb",
               "brilliant", "impressive", "valuable", "insightful", "outstanding", "remarkable",
               "magnificent", "bestest", "thanx", "thx", "kudos", "cheers"),
    "praise-writing": ("well", "interesting", "information", "info", "post", "article",
                       "content", "read", "blog", "site", "topic", "writing", "answer",
                       "piece", "stuff", "regards", "take care", "keep up", "true words",
                       "nail on"),
    "meta-page": ("article", "this ", "author", "writer", "blog", "webmaster", "admin", "rss",
                  "read more", "coming back", "come back", "visit"),
    "product-talk": ("platform", "app", "user", "customer", "client", "account", "sign",
                     "registration", "deposit", "withdraw", "fees", "feature", "interface",
                     "subscription", "plan", "checkout", "delivery", "shipping", "order",
                     "purchase", "product", "service", "support team", "24/7"),
    "audience": ("for ", "anyone", "those", "if you"),
    "testimonial": ("i ", "we ", "helped me", "my ", "best decision"),
    "scam-words": ("scam", "fraud", "hacker", "recover", "retriev", "stolen", "lost "),
    "earn": ("earn", "profit", "return", "income", "make money", "winning", "win rate",
             "signal", "trade", "trading"),
    "teaser": ("what happen", "won't believe", "wont believe", "here's", "heres", "see what",
               "this is", "the reason", "will make", "will leave", "will shock", "will blow",
               "the proof", "brace", "doctor", "trick", "before and after", "look like",
               "need to know", "genius", "try this"),
    "contact": ("http", "www.", ".com", ".net", ".org", ".io", ".xyz", ".co", ".info", ".biz",
                ".site", ".shop", ".app", ".me", ".expert", ".pro", ".store", ".online",
                ".club", ".vip", ".bet", ".casino", "@", "whats", "telegram", "t.me", "mail"),
}


@lru_cache(maxsize=1)
def _hint_automaton():  # type: ignore[no-untyped-def]
    """One Aho-Corasick automaton over every hint (value: the shapes it allows)."""
    import ahocorasick

    table: dict[str, set[str]] = {}
    for name, words in HINTS.items():
        for w in words:
            table.setdefault(w, set()).add(name)
    auto = ahocorasick.Automaton()
    for w, names in table.items():
        auto.add_word(w, frozenset(names))
    auto.make_automaton()
    return auto


def shape_features(text: str, hints: bool = True) -> set[str]:
    """The brand-independent pitch, teaser and comment-spam cues of one sentence (each a
    feature ``@<name>``; see the module docstring). ``hints=False`` skips the substring
    pre-filter (tests compare the two)."""
    possible: set[str] = set()
    if hints:
        for _, names in _hint_automaton().iter(" ".join(text.lower().split())):
            possible |= names
    out = set()
    for name, pattern in SHAPES:
        if hints and name in HINTS and name not in possible:
            continue
        if pattern.search(text):
            out.add("@" + name)
    if "@praise" in out and ("@praise-page" in out or "@meta-page" in out):
        out.add("@praise+page")
    you = len(_SECOND.findall(text))
    if you:
        out.add("@you" if you == 1 else "@you2")
    if _CAMEL.search(text):
        out.add("@camel-name")
    if _CAPS_RUN.search(text):
        out.add("@caps-name")
    words = _LONG.findall(text)
    if len(words) >= 3:
        caps = sum(1 for w in words if w[0].isupper())
        if caps >= 0.75 * len(words) and not all(w.isupper() for w in words):
            out.add("@title-case")  # a headline inside body text (all capitals is shouting)
    if _NUMBER_LED.match(text):
        out.add("@number-led")
    return out


def intent_features(text: str, chars: bool = True) -> tuple[set[str], set[str]]:
    """(n-gram features, shape features) of a sentence: what the intent classifier reads
    (training and run time share this function)."""
    return features(text, chars=chars), shape_features(text)


#: product-, site- or company-like names: a domain, CamelCase, an all-capitals run, or a run of
#: capitalised words (the first word of the sentence only counts as part of a run)
_NAME = patterncache.compile(
    r"(?<![\w.@/-])[\w-]+(?:\.[\w-]+)*\.(?:com|net|org|io|xyz|co|info|biz|site|shop|app|me|"
    r"expert|pro|store|online|club|vip|bet|casino)\b"
    r"|\b[A-Z][a-z]+[A-Z][A-Za-z]*\b|\b[A-Z]{2,}[a-z]{2,}\w*\b"
    r"|\b[A-Z]{2,}(?:\s+[A-Z]{2,}){1,6}\b"
    r"|\b[A-Z][\w'’-]*[a-z][\w'’-]*(?:\s+[A-Z][\w'’-]*)+"
    r"|(?<=[a-z,] )[A-Z][a-z]{2,}\b")
_NAME_WORD = patterncache.compile(r"[^\W\d_]{3,}")
_ACRONYM = patterncache.compile(r"(?<![\w.@/-])(?:[A-Z]{3,6}|[A-Z][a-z]{3,})(?![\w.@/-])")
_NOT_NAMES = frozenset("""the this that these those there their they then than when what which
    who why how where while with will would could should can may might must its his her our
    your you and but for not now today here all any every each some many most more very also
    just only even still yet such from into onto over under after before since until about
    hello dear thanks thank great good best top new free""".split())


def new_names(doc: Document, start: int, end: int) -> list[tuple[int, int, str]]:
    """Names in ``text[start:end]`` none of whose words occur anywhere else in the article
    ("NordVPN", "Medixway.com", "TECHY FORCE CYBER RETRIEVAL"): a product or site the article
    never introduces. Offsets are document offsets."""
    chunk = doc.lint_text[start:end]
    counts = word_counts(doc)
    own: dict[str, int] = {}
    for m in _NAME_WORD.finditer(chunk.lower()):
        own[m.group(0)] = own.get(m.group(0), 0) + 1
    out = []
    known, _ = idf_table()
    for m in _NAME.finditer(chunk):
        words = [w for w in _NAME_WORD.findall(m.group(0).lower()) if w not in _NOT_NAMES]
        if not words:
            continue
        if " " not in m.group(0) and "." not in m.group(0) and m.group(0).istitle() and (
                words[0] in known):
            continue  # a single ordinary capitalised word ("called David"): not a brand
        if all(counts.get(w, 0) <= own.get(w, 0) for w in words):
            out.append((start + m.start(), start + m.end(), m.group(0)))
    for m in _ACRONYM.finditer(chunk):
        # an all-capitals or capitalised token news vocabulary does not know ("OKX", "BYDFI",
        # "Ybets"): a brand, unless the article uses it elsewhere
        word = m.group(0).lower()
        if word in known or word in _NOT_NAMES or any(a <= start + m.start() < b
                                                      for a, b, _ in out):
            continue
        if counts.get(word, 0) <= own.get(word, 0):
            out.append((start + m.start(), start + m.end(), m.group(0)))
    return out

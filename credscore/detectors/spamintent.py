"""Commercial intent of a sentence, independent of brand lists: pitch, teaser, comment-spam shape.

Two models, both fitted offline by ``tools/train_spam_intent.py`` (scikit-learn) and shipped as
plain data; at run time they are dictionary look-ups and one dot product (no scikit-learn,
numpy or scipy on the check path).

1. The **intent classifier** (``rules/models/spam-intent.tsv``): an L2 logistic regression over
   the sentence features of ``spammodel.features`` (word and character n-grams with numbers,
   URLs and money folded to shapes) plus the brand-independent *shape* features of
   ``shape_features``: a call to action, a price or percentage off, reward and urgency words,
   superlatives and customer-benefit words ("seamless", "no prescription"), the seller's "we
   offer / our team", praise of "your blog / this article" (comment spam), a testimonial ("I
   contacted ... who helped me recover"), a clickbait teaser ("what happens", a number-led list,
   a Title Case headline inside body text), second-person address, a contact (URL, handle,
   WhatsApp/Telegram), a name written like a brand (CamelCase, all capitals, a domain). It is
   trained on pitches (the fit part of bench/data/realweb_spam.jsonl, spam-mail sentences,
   YouTube and SMS spam) and clickbait headlines (the native-ad teaser shape) against news,
   encyclopaedia, crypto-news and other article sentences and ordinary headlines.
2. The **scorer** (``rules/models/spam-intent-scorer.json``): a logistic regression over the
   sentence in its article (``SCORER_FEATURES``): the intent log-odds and how far it stands
   above the article's own sentences, the TF-IDF and topic similarity to the rest of the article
   (``spamsignals``), a product or site name that occurs nowhere else in the article, a
   commercial or affiliate link in the sentence (``linkhosts``), quotation, and how much of the
   article itself reads like a pitch (a press release or a deals page is not an insertion into
   it). Its thresholds come from the same tool, set on untouched fit-split news articles.
"""

from __future__ import annotations

import bisect
import json
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from ..analyse.lexicons import matcher_for
from ..analyse.vectors import idf_table
from ..findings import Hit, Severity
from ..modeldata import read_table
from ..paths import rules_dir
from ..regex import patterncache
from ..segment.document import Document
from .base import Detector, ParamError
from .commercial import word_counts
from .linkhosts import HostClassifier
from .spammodel import features
from .spamsentence import notice_blocks
from .spamsignals import SentenceSignals, candidate, sentence_signals, tree_score

INTENT_MODEL = "spam-intent.tsv"
SCORER_MODEL = "spam-intent-scorer.json"

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


class IntentModel:
    """Logistic-regression weights: n-gram features count ``1/sqrt(n)`` each (as in
    ``spammodel``), shape features (``@...``) count 1 each, so a call to action weighs the same
    in a long sentence as in a short one."""

    def __init__(self, weights: dict[str, float], bias: float, chars: bool) -> None:
        self.ngrams = {k: v for k, v in weights.items() if not k.startswith("@")}
        self.shapes = {k: v for k, v in weights.items() if k.startswith("@")}
        self._keys = frozenset(self.ngrams)
        self.bias = bias
        self.chars = chars

    def logit(self, base: set[str], shapes: set[str]) -> float:
        total = self.bias + sum(self.shapes.get(f, 0.0) for f in shapes)
        if base:
            total += sum(map(self.ngrams.__getitem__, base & self._keys)) / math.sqrt(len(base))
        return total

    def logit_of_text(self, text: str) -> float:
        return self.logit(*intent_features(text, self.chars))


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


@dataclass
class IntentSignals:
    """Commercial-intent facts of one unit of ``spamsignals.units`` (same order)."""

    logit: float
    z: float = 0.0
    names: list[tuple[int, int, str]] = field(default_factory=list)
    """New product or site names (see ``new_names``)."""
    shapes: frozenset[str] = frozenset()
    links: list[tuple[int, int, str, str | None, bool]] = field(default_factory=list)
    """(start, end, host, host category, affiliate tracking) of links in the unit."""
    host_intent: float = 0.0
    """Share of the article's other substantial units the intent classifier leans to."""
    reported: bool = False
    """The unit reports speech or a claim ("said", "according to")."""


@lru_cache(maxsize=8)
def load_intent_model(name: str = INTENT_MODEL) -> IntentModel:
    """Read ``rules/models/<name>`` (or an absolute path): ``# bias``, ``# chars`` headers, then
    ``feature<TAB>weight`` lines."""
    headers, weights = read_table(name)
    return IntentModel(weights, headers.get("bias", 0.0), bool(headers.get("chars", 1.0)))


@lru_cache(maxsize=4)
def load_scorer(name: str = SCORER_MODEL) -> dict:
    path = rules_dir() / "models" / name
    with path.open(encoding="utf-8") as fh:
        data: dict = json.load(fh)
    if tuple(data.get("features", ())) != SCORER_FEATURES:
        raise ValueError(f"{name}: its features do not match this version of credscore "
                         "(re-run tools/train_spam_intent.py)")
    return data


def _zscores(values: list[float], sample: list[bool]) -> list[float]:
    pool = [v for v, ok in zip(values, sample) if ok] or values
    if len(pool) < 3:
        return [0.0] * len(values)
    mean = sum(pool) / len(pool)
    std = max(math.sqrt(sum((v - mean) ** 2 for v in pool) / len(pool)), 1e-3)
    return [(v - mean) / std for v in values]


def intent_signals(doc: Document, model_file: str | None = None, hosts=None,  # type: ignore[no-untyped-def]
                   signals: list[SentenceSignals] | None = None) -> list[IntentSignals]:
    """Intent facts for every unit of ``doc`` (cached). ``hosts`` is a
    ``linkhosts.HostClassifier`` (links are left out without one); ``model_file`` names another
    intent model under rules/models/ or an absolute path (training tools only)."""
    key = f"spam_intent:{model_file}:{id(hosts)}"
    cached = doc.cache.get(key)
    if cached is not None:
        return cached
    sigs = signals if signals is not None else sentence_signals(doc)
    model = load_intent_model(model_file or INTENT_MODEL)
    # SP102's features of each unit, when computed: without their character n-grams they are
    # ``features(chunk, chars=False)`` (same function), which saves tokenising the text again
    feats = doc.cache.get("spam_signals:features") if signals is None else None
    text = doc.lint_text
    out = []
    for k, sig in enumerate(sigs):
        chunk = text[sig.start:sig.end]
        shapes = shape_features(chunk)
        if feats is not None and k < len(feats):
            base = feats[k] if model.chars else {f for f in feats[k] if f[:2] != "c:"}
        else:
            base = features(chunk, chars=model.chars)
        out.append(IntentSignals(model.logit(base, shapes), shapes=frozenset(shapes),
                                 reported=_REPORTED.search(chunk) is not None))
    substantial = [s.tokens >= 4 for s in sigs]
    for isig, z in zip(out, _zscores([i.logit for i in out], substantial)):
        isig.z = z
    n_sub = sum(substantial)
    n_lean = sum(1 for i, ok in zip(out, substantial) if ok and i.logit > 0)
    for isig, ok in zip(out, substantial):
        own = ok and isig.logit > 0
        isig.host_intent = (n_lean - own) / max(1, n_sub - ok)
    if hosts is not None and doc.links:
        starts = [s.start for s in sigs]
        for link in doc.links:
            k = bisect.bisect_right(starts, link.start) - 1
            if 0 <= k < len(sigs) and link.start < sigs[k].end:
                t = hosts.target(link.href)
                out[k].links.append((link.start, link.end, t.host, t.category, t.affiliate))
    doc.cache[key] = out
    return out


SCORER_FEATURES = ("intent", "intent_z", "similarity", "topic_similarity", "new_name",
                   "commercial_link", "own_quote", "open_quote", "host_intent", "address",
                   "length", "continues", "person", "exclaim", "novel", "rare", "host_voice",
                   "chat", "imperative", "pitch_cues", "teaser", "comment", "testimonial",
                   "brand_shape", "reported")

#: a third-person report of what someone said or did: news narrates a pitch it quotes
_REPORTED = patterncache.compile(
    r"\b(?:said|says|told|tells|according\s+to|reported|reports|announced|added|claimed|"
    r"claims|warned|admitted|explained|wrote|argued|insisted|alleged|stated|predicted|"
    r"forecast|estimated|noted|commented|suggested|believes|believed|expects|expected|"
    r"a\s+reference\s+to|quoted)\b", _I)

_PITCH_CUES = frozenset({"@cta-open", "@cta", "@price", "@seller", "@contact"})
"""("@reward" alone is not one: "Why do we reward mediocrity so highly?")"""
_TEASER_CUES = frozenset({"@title-case", "@number-led", "@teaser"})
#: shapes that are commercial evidence on their own (a register cue such as "you", urgency or
#: a superlative is not: columnists write "When you are gunning for ultimate success")
COMMERCIAL_SHAPES = _PITCH_CUES | _TEASER_CUES | frozenset(
    {"@praise+page", "@praise-writing", "@testimonial", "@camel-name", "@caps-name"})


#: sales-copy claims that are evidence only when stacked (three or more: "the most
#: user-friendly platform, a seamless experience for both beginners and seasoned traders")
_SOFT_CUES = frozenset({"@superlative", "@benefit", "@audience", "@product-talk", "@earn",
                        "@urgency", "@reward"})


def has_commercial_evidence(isig: IntentSignals) -> bool:
    """A pitch, teaser, comment-spam or testimonial cue, a new product or site name, or a
    link: the scorer only weighs units with some (names must be set, ``unit_features``). A
    unit that reports what someone said ("One blogger said he sold $4,000 of machines through
    a referral link", "predicted Morgan Stanley strategist ...") needs a link or a pitch cue:
    news narrates pitches it does not make."""
    if isig.reported and not (isig.links or isig.shapes & _PITCH_CUES):
        return False
    return bool(isig.shapes & COMMERCIAL_SHAPES or isig.names or isig.links
                or len(isig.shapes & _SOFT_CUES) >= 3)


def scorer_features(sig: SentenceSignals, isig: IntentSignals) -> list[float]:
    """The facts the scorer weighs (names in ``SCORER_FEATURES``), clipped to sane ranges."""
    link = 0.0
    for *_, cat, affiliate in isig.links:
        link = max(link, 1.0 if (cat and cat != "shortener") or affiliate else 0.5)
    if not link and any(kind in ("url", "e-mail") for _, _, kind in sig.cues):
        link = 0.5
    return [
        max(-12.0, min(12.0, isig.logit)),
        max(-5.0, min(8.0, isig.z)),
        sig.cos,
        sig.topic_cos,
        1.0 if isig.names else 0.0,
        link,
        1.0 if sig.own_quote else 0.0,
        1.0 if sig.quoted and not sig.own_quote else 0.0,
        isig.host_intent,
        sig.address,
        math.log1p(sig.tokens),
        1.0 if sig.continues else 0.0,
        float(min(4, sig.person)),
        float(min(3, sig.exclaim)),
        sig.novel,
        sig.rare,
        sig.host_voice,
        float(min(3, sig.chat)),
        1.0 if sig.imperative else 0.0,
        float(len(isig.shapes & _PITCH_CUES)),
        float(len(isig.shapes & _TEASER_CUES)),
        (1.0 if "@praise+page" in isig.shapes else 0.0)
        + (1.0 if "@praise-writing" in isig.shapes else 0.0),
        (1.0 if "@testimonial" in isig.shapes else 0.0)
        + (1.0 if isig.shapes & {"@scam-words", "@earn"} else 0.0),
        1.0 if isig.shapes & {"@camel-name", "@caps-name"} else 0.0,
        1.0 if isig.reported else 0.0,
    ]


def unit_features(doc: Document, sig: SentenceSignals, isig: IntentSignals) -> list[float]:
    """``scorer_features`` of a unit after finding its new names (set on ``isig``)."""
    isig.names = new_names(doc, sig.start, sig.end)
    return scorer_features(sig, isig)


def furniture_blocks(doc: Document, tail: int = 2) -> set[int]:
    """Blocks that are page structure rather than article prose: headings, one-sentence blocks
    among the last ``tail`` text blocks and a closing block of one or two sentences (sign-offs,
    "read more on our site", "subscribe to ...": the publisher's own promotion, which the
    promo family reports)."""
    out = {i for i, b in enumerate(doc.blocks) if b.kind == "heading"}
    if tail:
        per_block: dict[int, int] = {}
        for s in doc.sentences:
            per_block[s.block] = per_block.get(s.block, 0) + 1
        text_blocks = [i for i, b in enumerate(doc.blocks) if b.kind != "heading"]
        for i in text_blocks[-tail:]:
            if per_block.get(i, 0) <= 1:
                out.add(i)
        if text_blocks and per_block.get(text_blocks[-1], 0) <= 2:
            out.add(text_blocks[-1])  # the closing lines: "Join us next Friday for more ..."
    return out


def scored_units(doc: Document, sigs: list[SentenceSignals], isigs: list[IntentSignals],
                 gate: float, max_similarity: float = 0.25, min_words: int = 3,
                 skip: set[int] | frozenset[int] = frozenset(), tail_blocks: int = 2
                 ) -> list[tuple[int, list[float]]]:
    """(unit index, ``scorer_features``) of the units the scorer weighs: candidates (not on the
    article's topic, long enough or with a contact) whose intent log-odds exceed ``gate``, with
    commercial evidence, outside labelled notices, headings and footer blocks, and not in
    ``skip`` (units other rules report). Training and the detector share this selection."""
    notices = notice_blocks(doc) | furniture_blocks(doc, tail_blocks)
    out = []
    for k, (sig, isig) in enumerate(zip(sigs, isigs)):
        if isig.logit <= gate or k in skip or not candidate(sig, max_similarity, min_words):
            continue
        if doc.sentences[sig.sentence].block in notices:
            continue
        x = unit_features(doc, sig, isig)
        if has_commercial_evidence(isig):
            out.append((k, x))
    return out


def scorer_value(scorer: dict, x: list[float]) -> float:
    """Log-odds of the scorer for feature vector ``x``: gradient-boosted trees
    (``spamsignals.tree_score``) or a standardised linear model."""
    if "trees" in scorer:
        return tree_score(scorer["baseline"], scorer["trees"], x)
    total = scorer["intercept"]
    for v, mean, scale, w in zip(x, scorer["mean"], scorer["scale"], scorer["coef"]):
        total += w * (v - mean) / scale
    return float(total)


_CUE_WORDS = (
    ("@price", "a price or discount"),
    ("@cta-open", "a call to action"),
    ("@cta", "a call to action"),
    ("@reward", "a bonus or reward"),
    ("@praise+page", "praise of the page itself ('your blog', 'this article')"),
    ("@praise-writing", "generic praise of the writing"),
    ("@testimonial", "a testimonial"),
    ("@seller", "the seller's own voice ('we offer', 'our service')"),
    ("@teaser", "a clickbait formula"),
    ("@title-case", "a Title Case headline inside body text"),
    ("@number-led", "a numbered-list headline"),
    ("@benefit", "customer-benefit claims"),
    ("@superlative", "sales superlatives"),
    ("@urgency", "urgency"),
    ("@contact", "contact details or a link"),
    ("@you2", "second-person address"),
    ("@you", "second-person address"),
)


def describe(isig: IntentSignals, text: str) -> tuple[str, str, list[str]]:
    """(kind of insertion, what it sells, cue descriptions) for a flagged unit."""
    shapes = isig.shapes
    if isig.links and any(cat or aff for *_, cat, aff in isig.links):
        host = next(h for _, _, h, cat, aff in isig.links if cat or aff)
    else:
        host = isig.links[0][2] if isig.links else ""
    name = isig.names[0][2] if isig.names else ""
    if shapes & {"@praise+page", "@praise-writing"} and not isig.names:
        kind = "comment spam"
    elif shapes & {"@teaser", "@title-case", "@number-led"} and not host and (
            "@contact" not in shapes):
        kind = "native-ad teaser"  # (a Title Case headline makes "names" of its own words)
        name = ""
    elif "@testimonial" in shapes and shapes & {"@scam-words", "@earn"}:
        kind = "testimonial pitch"
    else:
        kind = "advert"
    if name:
        what = f"'{' '.join(name.split())}', a name the article never mentions"
    elif host:
        what = f"a link to {host}"
    elif kind == "native-ad teaser":
        what = "a click to a sponsored page"
    elif kind == "comment spam":
        what = "the commenter's own site"
    else:
        what = "a product or service the article does not cover"
    cues: list[str] = []
    for feat, words in _CUE_WORDS:
        if feat in shapes and words not in cues:
            cues.append(words)
    for _, _, h, cat, aff in isig.links:
        if cat and cat != "shortener":
            cues.insert(0, f"a link to a {cat} site ({h})")
        elif aff:
            cues.insert(0, f"an affiliate-tracked link ({h})")
    return kind, what, cues[:4]


class CommercialIntentDetector(Detector):
    """Kind ``commercial-intent`` (module docstring)."""

    kind = "commercial-intent"
    english_only = True

    def __init__(self, params: dict) -> None:
        super().__init__(params)
        model = self.text("model", INTENT_MODEL)
        scorer = self.text("scorer", SCORER_MODEL)
        self.category_files = self.categories("categories", required=False)
        host_files = self.categories("hosts", required=False)
        self.max_similarity = self.number("max_similarity", 0.25, 0.0, 1.0)
        self.min_words = self.integer("min_words", 3, 1)
        self.min_sentences = self.integer("min_sentences", 4, 1)
        self.join_margin = self.number("join_margin", 2.0, 0.0, 50.0)
        self.tail_blocks = self.integer("tail_blocks", 2, 0)
        self.finish_params()
        try:
            self.model_file = model
            load_intent_model(model)
            self.scorer = load_scorer(scorer)
        except (OSError, ValueError) as err:
            raise ParamError("scorer", f"cannot read the SP104 models: {err}") from None
        self.warning_at = float(self.scorer["warning_at"])
        self.error_at = float(self.scorer["error_at"])
        self.gate = float(self.scorer.get("gate", 0.0))
        self.hosts = HostClassifier(host_files)
        self.matcher = matcher_for(tuple(
            (cat, name) for cat, files in self.category_files.items() for name in files))

    def _lexicon_units(self, doc: Document, sigs: list[SentenceSignals]) -> set[int]:
        if not self.matcher.size:
            return set()
        starts = [s.start for s in sigs]
        out = set()
        for m in self.matcher.iter_matches(doc.folded):
            k = bisect.bisect_right(starts, m.start) - 1
            if k >= 0 and m.start < sigs[k].end:
                out.add(k)
        return out

    def detect(self, doc: Document) -> Iterator[Hit]:
        sigs = sentence_signals(doc)
        if sum(1 for s in sigs if s.words >= self.min_words) < self.min_sentences:
            return
        isigs = intent_signals(doc, self.model_file, self.hosts)
        # units SP101 (a lexicon phrase or link it reports) or SP102 already report; a phrase
        # SP101 only notes (on-topic, reported speech) does not keep SP104 away
        sp101 = doc.cache.get("commercial_insertion:reported")
        if sp101 is None:  # SP101 not run: leave every lexicon unit to it
            skip = self._lexicon_units(doc, sigs)
        else:
            skip = {k for k, sig in enumerate(sigs) if sig.sentence in sp101}
        skip |= doc.cache.get("spam_sentence:reported", set())
        scores = {k: scorer_value(self.scorer, x) for k, x in scored_units(
            doc, sigs, isigs, self.gate, self.max_similarity, self.min_words, skip,
            self.tail_blocks)}
        flagged = sorted(k for k, v in scores.items() if v >= self.warning_at)
        members = set(flagged)
        join_at = self.warning_at - self.join_margin
        for k in flagged:  # a neighbour leaning the same way belongs to the same insertion
            for step in (-1, 1):
                j = k + step
                while (j in scores and j not in members and scores[j] >= join_at
                       and doc.sentences[sigs[j].sentence].block
                       == doc.sentences[sigs[k].sentence].block):
                    members.add(j)
                    j += step
        groups: list[list[int]] = []
        for k in sorted(members):
            if groups and groups[-1][-1] == k - 1:
                groups[-1].append(k)
            else:
                groups.append([k])
        text = doc.lint_text
        for group in groups:
            best = max(group, key=lambda k: scores[k])
            sig, isig = sigs[best], isigs[best]
            # the message describes the whole passage: names, links and cues of every unit
            merged = IntentSignals(
                isig.logit, isig.z,
                names=[n for k in group for n in isigs[k].names],
                shapes=frozenset().union(*(isigs[k].shapes for k in group)),
                links=[lk for k in group for lk in isigs[k].links])
            kind, what, cues = describe(merged, text[sig.start:sig.end])
            fit = (f"shares almost no words with the article (similarity {sig.cos:.2f})"
                   if sig.cos < 0.05 else f"fits the article poorly (similarity {sig.cos:.2f})")
            detail = f"it promotes {what}"
            if cues:
                detail += f" ({', '.join(cues)})"
            data = {
                "kind": kind,
                "what": what,
                "cues": ", ".join(cues) or "none",
                "why": f"{detail}; {fit}",
                "score": round(scores[best], 2),
                "intent_probability": round(1 / (1 + math.exp(-max(-30.0, isig.logit))), 3),
                "similarity": round(sig.cos, 3),
            }
            if merged.names:
                data["names"] = [n for _, _, n in merged.names]
            severity = Severity.ERROR if scores[best] >= self.error_at else Severity.WARNING
            yield Hit(sigs[group[0]].start, sigs[group[-1]].end,
                      1.0 if severity == Severity.ERROR else 0.6, data, severity=severity)

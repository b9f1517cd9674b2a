"""What a link's target says about it: the host's commercial category and affiliate parameters.

Used by the spam detectors (SP101 reports a link whose host is a casino, pharmacy, lender...;
SP104 counts a commercial or affiliate link as pitch evidence). Host lexicons
(``rules/lexicons/spam-hosts-*.txt``) hold two kinds of entries: an entry with a dot is a
registrable domain and matches that host and its subdomains ("bit.ly" matches "www.bit.ly",
not "habit.ly"); an entry without a dot is a keyword matched inside the lower-cased host name
("casino" matches "best-casino-bonus.net").

Affiliate and referral parameters are read from the query string and path (``aff_id=``,
``aff_c``, ``via=``, ``promo=``, ``/refer/``...): a tracked sales link. A bare ``ref=`` counts
only when its value looks like a code (letters and digits, 5+ characters, at least one digit):
many sites tag their own links ``?ref=homepage``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import parse_qsl, urlparse

from ..analyse.lexicons import load_lexicon
from ..regex import patterncache

AFFILIATE_KEYS = frozenset(
    """aff aff_id affid aff_c aff_sub affiliate affiliate_id affiliateid via promo promocode
    promo_code coupon couponcode coupon_code invite invitecode invite_code inviter referral
    referral_code referralcode refcode ref_code refid ref_id btag a_aid partnerid partner_id
    clickid subid""".split())
_AFFILIATE_PATH = patterncache.compile(r"/(?:aff_c|aff|affiliate|affiliates|refer|referral|"
                                       r"invite|go)(?:/|$|\?)", 0)
_CODE = patterncache.compile(r"(?=[^\W_]*\d)[^\W_]{5,}")


@dataclass(frozen=True)
class LinkTarget:
    host: str
    """Lower-cased host name ('' when the href has none)."""
    category: str | None
    """Category of the first host lexicon that matches, else None."""
    affiliate: bool
    """The URL carries affiliate or referral tracking."""


def host_of(href: str) -> str:
    """Lower-cased host name of ``href`` (scheme optional; '' when it has none)."""
    href = href.strip()
    if not href or href.startswith(("#", "/", "mailto:", "tel:")):
        return ""
    try:
        host = urlparse(href if "//" in href else "//" + href).hostname or ""
    except ValueError:
        return ""
    return host.lower().rstrip(".")


@lru_cache(maxsize=8)
def _tables(categories: tuple[tuple[str, tuple[str, ...]], ...]
            ) -> tuple[tuple[str, frozenset[str], tuple[str, ...]], ...]:
    out = []
    for cat, files in categories:
        entries = [e for name in files for e in load_lexicon(name)]
        out.append((cat, frozenset(e for e in entries if "." in e),
                    tuple(e for e in entries if "." not in e)))
    return tuple(out)


class HostClassifier:
    """Classifies link targets with category host lexicons (``{category: [files]}``)."""

    def __init__(self, categories: dict[str, list[str]]) -> None:
        self.tables = _tables(tuple((c, tuple(f)) for c, f in categories.items()))

    def category(self, host: str) -> str | None:
        if not host:
            return None
        parts = host.split(".")
        suffixes = {".".join(parts[i:]) for i in range(len(parts) - 1)}
        for cat, domains, keywords in self.tables:
            if suffixes & domains or any(k in host for k in keywords):
                return cat
        return None

    def target(self, href: str) -> LinkTarget:
        host = host_of(href)
        return LinkTarget(host, self.category(host), affiliate_link(href))


def affiliate_link(href: str) -> bool:
    """Whether ``href`` carries affiliate or referral tracking (see module docstring)."""
    try:
        url = urlparse(href if "//" in href or ":" in href else "//" + href)
    except ValueError:
        return False
    if _AFFILIATE_PATH.search(url.path.lower()):
        return True
    for key, value in parse_qsl(url.query, keep_blank_values=True):
        key = key.lower()
        if key in AFFILIATE_KEYS and value:
            return True
        if key == "ref" and _CODE.fullmatch(value):
            return True
    return False

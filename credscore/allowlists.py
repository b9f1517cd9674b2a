"""Allow-lists: findings a newsroom accepts, dropped before scoring.

**Allow-lists** (Vale's accepted vocabulary): ``[allow] domains`` and ``terms`` in the
configuration or a pack's ``allow.toml``. A finding is dropped when its span lies inside the
anchor text of a link to an allowed host (a subdomain counts; ``www.`` is ignored), when its
evidence is such a URL itself, or when it lies inside an occurrence of an allowed term
(case-insensitive, whole words). Dropped findings cost nothing and are counted in the report's
``metrics["allowed"]``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

from .findings import Finding

_DOMAIN = re.compile(r"^(?:\*\.)?[a-z0-9](?:[a-z0-9-]*[a-z0-9])?"
                     r"(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+\.?$")


def valid_domain(domain: str) -> bool:
    return bool(_DOMAIN.match(domain.strip().lower()))


def bare_host(value: str) -> str:
    host = value.strip().lower().rstrip(".")
    host = host[2:] if host.startswith("*.") else host
    return host[4:] if host.startswith("www.") else host


def link_host(href: str) -> str:
    """The lower-cased host of a link target (``www.`` dropped); "" for relative links."""
    target = href.strip()
    if target.lower().startswith("www."):
        target = "http://" + target
    try:
        host = urlsplit(target).hostname or ""
    except ValueError:
        return ""
    return bare_host(host) if host else ""


class AllowList:
    """Drops findings on allowed links and terms (see the module docstring)."""

    def __init__(self, domains: Iterable[str], terms: Iterable[str]) -> None:
        self.domains = tuple(bare_host(d) for d in domains)
        self.terms = tuple(terms)
        self._matcher: Any = None
        if self.terms:
            from .analyse.lexicons import PhraseMatcher

            self._matcher = PhraseMatcher((t, "allow") for t in self.terms)

    def __bool__(self) -> bool:
        return bool(self.domains or self.terms)

    def allowed_host(self, host: str) -> bool:
        return bool(host) and any(host == d or host.endswith("." + d) for d in self.domains)

    def apply(self, doc: Any, findings: list[Finding]) -> tuple[list[Finding], dict[str, Any]]:
        """(kept findings, ``metrics["allowed"]``); the metrics are empty when none dropped."""
        if not self or not findings:
            return findings, {}
        covered: list[tuple[int, int]] = []
        if self.domains:
            covered += [(lk.start, lk.end) for lk in doc.links
                        if self.allowed_host(link_host(lk.href))]
        if self._matcher is not None:
            covered += [(m.start, m.end) for m in self._matcher.iter_matches(doc.folded)]
        kept, by_rule = [], {}
        for f in findings:
            inside = any(a <= f.start and f.end <= b for a, b in covered)
            if not inside and self.domains and f.end - f.start < 300:
                inside = self.allowed_host(link_host(f.evidence))
            if inside:
                by_rule[f.rule_id] = by_rule.get(f.rule_id, 0) + 1
            else:
                kept.append(f)
        if not by_rule:
            return findings, {}
        return kept, {"dropped": sum(by_rule.values()), "by_rule": dict(sorted(by_rule.items()))}

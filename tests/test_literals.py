"""credscore.regex.literals: a pattern's required literals never skip a text it could match."""

import random
import re

from credscore.detectors.sources import grammar
from credscore.packs import default_rules
from credscore.regex.literals import may_match, required_literals


def test_required_literals_of_simple_patterns():
    assert required_literals(re.compile(r"\breportedly\b")) == {"reportedly"}
    assert required_literals(re.compile(r"(?:said|says)\s+to")) == {"said", "says"}
    assert required_literals(re.compile(r"official|officials")) == {"official"}
    assert required_literals(re.compile(r"a(?:bc)+d")) == {"bc"}
    assert required_literals(re.compile(r"x(?:yz)?w")) == {"xw", "xyzw"}
    assert required_literals(re.compile(r"\banalyst(?:s)?\s")) == {"analyst"}
    assert required_literals(re.compile(r"x\d(?:yz)?w")) == {"x"}
    # nothing can be named: a class, an optional part, a branch without literals
    assert required_literals(re.compile(r"[a-z]+ists")) == {"ists"}
    assert required_literals(re.compile(r"(?:foo)?")) is None
    assert required_literals(re.compile(r"foo|\d+")) is None
    # a literal could match in another case
    assert required_literals(re.compile("foo", re.IGNORECASE)) is None
    assert required_literals(re.compile("(?i)foo")) is None
    assert required_literals(re.compile("bar(?i:foo)")) is None


def test_may_match():
    assert may_match(None, "anything")
    assert may_match(frozenset({"said", "says"}), "he says so")
    assert not may_match(frozenset({"said", "says"}), "he writes")


def _texts() -> list[str]:
    rules = [r for r in default_rules() if r.family == "attribution"]
    examples = [e for r in rules for e in (*r.bad_examples, *r.good_examples)]
    rng = random.Random(6)
    words = " ".join(examples).lower().split()
    noise = [" ".join(rng.choice(words) for _ in range(60)) for _ in range(200)]
    return [e.lower() for e in examples] + noise


def test_a_skipped_text_never_has_a_match():
    """Every attribution cue: a text lacking all required literals has no match."""
    patterns = [cue.pattern for cue in _cue_patterns()]
    assert patterns
    for pattern in patterns:
        needles = required_literals(pattern)
        for text in _texts():
            if not may_match(needles, text):
                assert pattern.search(text) is None, (pattern.pattern[:60], text)


def _cue_patterns():
    from credscore.detectors import build_detector

    grammar()
    out = []
    for rule in default_rules():
        if rule.kind == "vague-attribution":
            out.extend(build_detector(rule.kind, rule.params).cues)
    return out


def test_literal_index():
    from credscore.regex.literals import LiteralIndex

    index = LiteralIndex([re.compile(r"alpha|beta"), re.compile(r"gamma\d"), re.compile(r"\d+")])
    assert index.possible("the gamma ray") == [False, True, True]
    assert index.possible("alphabet") == [True, False, True]
    assert LiteralIndex([re.compile(r"\d")]).possible("x") == [True]


def test_prefix_scanner_finds_what_finditer_finds():
    from credscore.regex.literals import prefix_scanner, required_prefixes

    pattern = re.compile(r"\b(?:said|says|wrote)\s+(\w+)|\bnoted\b")
    assert required_prefixes(pattern) == {"said", "says", "wrote", "noted"}
    scanner = prefix_scanner(pattern)
    assert scanner is not None
    text = "she said so, he says yes; they wrote it and noted that unsaid says"
    for pos, endpos in ((0, None), (5, None), (0, 20), (13, 40), (30, 10)):
        end = len(text) if endpos is None else endpos
        want = [(m.span(), m.groups()) for m in pattern.finditer(text, pos, end)]
        got = [(m.span(), m.groups()) for m in scanner.finditer(text, pos, endpos)]
        assert got == want
    # one-letter or single prefixes gain nothing: no scanner
    assert prefix_scanner(re.compile(r"a\s+few|many")) is None
    assert prefix_scanner(re.compile(r"by\s+\w+")) is None
    assert prefix_scanner(re.compile(r"[a-z]+ists")) is None


def test_prefix_scanner_on_every_attribution_cue():
    from credscore.regex.literals import prefix_scanner

    for cue in _cue_patterns():
        scanner = prefix_scanner(cue.pattern)
        if scanner is None:
            continue
        for text in _texts():
            want = [(m.span(), m.groups()) for m in cue.pattern.finditer(text)]
            assert [(m.span(), m.groups()) for m in scanner.finditer(text)] == want


TRICKY = [
    r"\x41\u00e9\U0001F600\N{EM DASH}\101\0\012 end",
    r"(?P<word>said|says)\s+(?P=word)",
    r"(a)(b)?(?(2)c|d)tail",
    r"(?<=\bthe )markets?(?! crashed)|(?<!no )deal[s]?",
    r"x{2,3}y{,2}z{3}|\{literal\}|a{b",
    r"[]a-z\]]+ends|[^]x]word|[\[(]bracket",
    r"(?#a comment)prefix(?-i:Case)(?s:.)suffix",
    r"(?>atomic|atom)ic\d++s*+q?+",
    r"^(?:one|two)$|\Athree\Z|\bfour\B",
    r"(?:ab|abc|abcd)(?:ef|e)(?:)",
    r"(?m)^morning$",
]


def _all_patterns() -> list[re.Pattern[str]]:
    """Every pattern credscore compiles while checking the seeds, and the TRICKY ones."""
    import gc

    from credscore.api import Checker
    from credscore.regex.patterncache import LazyPattern

    from .conftest import ROOT

    checker = Checker()
    for path in sorted((ROOT / "seeds").iterdir()):
        checker.check_path(path)
    found = {(o.pattern, o.flags) for o in gc.get_objects()
             if isinstance(o, (LazyPattern, re.Pattern)) and isinstance(o.pattern, str)}
    return [re.compile(p, f) for p, f in sorted(found)] + [re.compile(p) for p in TRICKY]


def test_facts_are_sound_for_every_pattern():
    """For every pattern: no match in a text that lacks all its required literals, every match
    starts with a required prefix, and the prefix scanner finds what finditer finds."""
    from credscore.regex.literals import prefix_scanner, required_prefixes

    from .conftest import ROOT

    texts = _texts() + [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").iterdir())]
    texts += ["AA\u00e9\U0001F600\u2014A\x00\n end", "said said, says says", "abtail acd",
              "the markets rallied, the market crashed, no deals, deal", "xxyyzzz {literal} a{b",
              "a]]ends [^word (bracket", "prefixCase\nsuffix", "atomicatomic 12 sss", "one",
              "three", "four", "abcdef abce", "x\nmorning\n"]
    checked = 0
    for pattern in _all_patterns():
        needles, prefixes = required_literals(pattern), required_prefixes(pattern)
        scanner = prefix_scanner(pattern)
        for text in texts:
            matches = list(pattern.finditer(text))
            if not may_match(needles, text):
                assert not matches, (pattern.pattern[:80], text[:80])
            if prefixes is not None:
                for m in matches:
                    if m.end() > m.start():
                        assert any(text.startswith(p, m.start()) for p in prefixes), (
                            pattern.pattern[:80], m.group(0)[:40])
            if scanner is not None:
                got = [(m.span(), m.groups()) for m in scanner.finditer(text)]
                assert got == [(m.span(), m.groups()) for m in matches], pattern.pattern[:80]
        checked += 1
    assert checked > 100

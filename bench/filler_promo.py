"""Benchmark of the filler and promo families (issue 5). One command, fixed seeds:

    .venv-bench/bin/python bench/filler_promo.py [--corpus ../shared/corpus] [--split dev]

Measures, on ``<corpus>/<dataset>/<split>.jsonl``:

1. **Promo recall** on ``crypto_news_cryptorank`` and ``crypto_news_rss`` records that contain a
   risk/investment disclaimer. "Contains a disclaimer" is decided by ``DISCLAIMER`` below, a
   regular expression over disclaimer wording written for this benchmark (independent of the
   rule packs): a negated advice statement ("is not investment advice", "does not contain
   investment advice", "should not be construed as financial advice", "not ... legal, tax,
   investment, financial, or other advice"), an instruction to do one's own research / due
   diligence, "consult ... (financial|investment) advisor", "at your own risk", "investing
   involves risk", "your capital is at risk". A record is *recalled* when every match of
   ``DISCLAIMER`` lies inside the span of one promo finding; we report the share of qualifying
   records recalled (any promo finding, and PR101 financial-disclaimer only) and the share of
   matches covered.
2. **Promo false positives**: the share of ``bbc_news`` + ``reuters21578`` articles with a promo
   finding at warning or error (and, for reference, how often each filler rule fires there).
3. **Filler separation**: AUROC between ``ai`` and ``human`` texts of ``human_ai_news`` of
   credscore's padding share (mean sentence padding probability) and filler penalty (points the
   filler family takes off), next to slop-guard (100 - score) and defluff (slop_score) measured
   in the same run on the same texts (bench/peers.py). AUROC is also given per AI prompt variant.
4. **Seeds**: the padding share of both seed articles and the share of BBC + Reuters articles
   below it.
5. **Cross-document**: 40 ``crypto_news_cryptorank`` pages (random.Random(5) sample) written to
   a temporary folder and checked as one batch (``Checker.check_paths``); the shared footer is
   every line (5+ words) present in all 40 pages; we count the pages where each footer line is
   covered by a PR107 cross-document finding.
6. **Cost**: CPU milliseconds per BBC article of the filler + promo rules (``Engine.run`` with
   only those rules on parsed Documents minus the same run with no rules; 300 articles, best of
   three passes). Sentence TF-IDF vectors are included although the spam family shares them.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

DISCLAIMER = re.compile(
    r"(?i)(?:"
    r"\b(?:is|are|be|constitutes?|contains?|intended|offered|construed|considered)\s+"
    r"(?:not\s+)?(?:\w+[\s,]+){0,8}?(?:financial|investment|trading|tax|legal)(?:[\s,]+\w+){0,4}?"
    r"\s+advice\b"
    r"|\b(?:do|conduct|doing)\s+(?:your|their)\s+own\s+(?:research|homework|due diligence)\b"
    r"|\b(?:do|conduct)\s+(?:your|their)\s+due\s+diligence\b"
    r"|\bconsult\w*\s+(?:with\s+)?(?:a|an|your|their)\s+(?:\w+\s+){0,2}"
    r"(?:financial|investment|investor)\s+(?:\w+\s+)?advis[oe]r"
    r"|\bat\s+your\s+own\s+risk\b"
    r"|\bcapital\s+is\s+(?:at|subject\s+to)\s+risk\b"
    r"|\b(?:investing|every\s+investment)\b[^.]{0,40}\binvolves\s+risk\b"
    r")"
)
_NEGATION = re.compile(r"(?i)\b(?:not|nor|no)\b")


def load(corpus: Path, name: str, split: str) -> list[dict[str, Any]]:
    with open(corpus / name / f"{split}.jsonl", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


def auroc(pos: list[float], neg: list[float]) -> float:
    """P(score of a positive > score of a negative), ties count half."""
    import bisect

    ordered = sorted(neg)
    total = 0.0
    for p in pos:
        lo, hi = bisect.bisect_left(ordered, p), bisect.bisect_right(ordered, p)
        total += lo + 0.5 * (hi - lo)
    return total / (len(pos) * len(neg))


def disclaimer_spans(text: str) -> list[tuple[int, int]]:
    out = []
    for m in DISCLAIMER.finditer(text):
        phrase = m.group(0)
        window = text[max(0, m.start() - 40) : m.end()]
        if "advice" in phrase.lower() and not _NEGATION.search(window):
            continue  # "advice" without a negation nearby is not a disclaimer
        out.append(m.span())
    return out


def promo_recall(corpus: Path, split: str) -> None:
    from credscore.api import Checker
    from credscore.config import Config

    checker = Checker(Config(select=["promo"]))
    print("\n## 1. Promo recall on crypto pages with a risk/investment disclaimer")
    print(f"{'dataset':26s} {'records':>7s} {'qualify':>7s} {'recall(any promo)':>18s} "
          f"{'recall(PR101)':>14s} {'matches covered':>16s}")
    missed: list[str] = []
    for name in ("crypto_news_cryptorank", "crypto_news_rss"):
        recs = load(corpus, name, split)
        qualify = hit_any = hit_pr101 = spans_total = spans_covered = 0
        for rec in recs:
            spans = disclaimer_spans(rec["text"])
            if not spans:
                continue
            qualify += 1
            report = checker.check_text(rec["text"])
            promo = [(f.start, f.end, f.rule_id) for f in report.findings if f.family == "promo"]
            covered = [any(s <= a and b <= e for s, e, _ in promo) for a, b in spans]
            covered101 = [any(s <= a and b <= e for s, e, r in promo if r == "PR101")
                          for a, b in spans]
            spans_total += len(spans)
            spans_covered += sum(covered)
            hit_any += all(covered)
            hit_pr101 += all(covered101)
            if not all(covered):
                a, b = spans[covered.index(False)]
                missed.append(f"{rec['id']}: {rec['text'][max(0, a - 60):b + 40]!r}")
        print(f"{name:26s} {len(recs):7d} {qualify:7d} {hit_any / max(1, qualify):18.3f} "
              f"{hit_pr101 / max(1, qualify):14.3f} "
              f"{spans_covered}/{spans_total} = {spans_covered / max(1, spans_total):.3f}")
    for line in missed[:10]:
        print("  missed:", line[:220].replace("\n", " "))


def promo_false_positives(corpus: Path, split: str) -> None:
    from credscore.api import Checker
    from credscore.config import Config
    from credscore.findings import Severity
    from credscore.load import parse_text

    engine = Checker(Config(select=["promo", "filler"])).engine
    print("\n## 2. Promo false positives on professional news (finding at warning or error)")
    total = flagged = 0
    examples: list[str] = []
    filler_rates: dict[str, int] = {}
    for name in ("bbc_news", "reuters21578"):
        recs = load(corpus, name, split)
        n = 0
        for rec in recs:
            findings = engine.run(parse_text(rec["text"]))
            loud = [f for f in findings if f.family == "promo" and f.severity >= Severity.WARNING]
            if loud:
                n += 1
                examples.append(f"{rec['id']} {loud[0].rule_id}: {loud[0].evidence[:120]!r}")
            for rule in sorted({f.rule_id for f in findings if f.family == "filler"}):
                key = f"{name} {rule}"
                filler_rates[key] = filler_rates.get(key, 0) + 1
        print(f"{name:14s} {n}/{len(recs)} = {n / len(recs):.4f}")
        total += len(recs)
        flagged += n
    print(f"{'both':14s} {flagged}/{total} = {flagged / total:.4f}")
    for line in examples[:10]:
        print("  flagged:", line.replace("\n", " "))
    print("filler rules on the same articles (share of articles with the finding):")
    sizes = {name: len(load(corpus, name, split)) for name in ("bbc_news", "reuters21578")}
    for key, count in sorted(filler_rates.items()):
        print(f"  {key:22s} {count / sizes[key.split()[0]]:.4f}")


def filler_separation(corpus: Path, split: str) -> None:
    from peers import defluff_slop_score, slop_guard_score

    from credscore.api import Checker
    from credscore.config import Config
    from credscore.detectors.filler import padding_share
    from credscore.load import parse_text

    checker = Checker(Config(select=["filler"]))
    recs = load(corpus, "human_ai_news", split)
    rows = []
    for rec in recs:
        text = rec["text"]
        share = padding_share(parse_text(text))[0]
        report = checker.check_text(text)
        penalty = sum(f.penalty for f in report.findings if f.family == "filler")
        rows.append((rec["label"], rec.get("meta", {}).get("prompt_variant"), share, penalty,
                     slop_guard_score(text), defluff_slop_score(text)))
    print("\n## 3. Filler separation on human_ai_news: AUROC (ai vs human; 0.5 = chance)")
    names = ["credscore padding share", "credscore filler penalty", "slop-guard (100-score)",
             "defluff slop_score"]
    variants = sorted({v for lab, v, *_ in rows if lab == "ai" and v})
    print(f"{'measure':26s} {'all ai':>7s} " + " ".join(f"{v[:16]:>16s}" for v in variants))
    for k, name in enumerate(names):
        human = [r[2 + k] for r in rows if r[0] == "human"]
        ai = [r[2 + k] for r in rows if r[0] == "ai"]
        per = [auroc([r[2 + k] for r in rows if r[1] == v], human) for v in variants]
        print(f"{name:26s} {auroc(ai, human):7.3f} " + " ".join(f"{x:16.3f}" for x in per))
    n_ai = sum(1 for r in rows if r[0] == "ai")
    print(f"({n_ai} ai, {len(rows) - n_ai} human texts)")


def seeds_vs_news(corpus: Path, split: str) -> None:
    from credscore.detectors.filler import padding_share
    from credscore.load import parse_text

    news = sorted(padding_share(parse_text(rec["text"]))[0]
                  for name in ("bbc_news", "reuters21578") for rec in load(corpus, name, split))
    q = lambda p: news[int(p * (len(news) - 1))]  # noqa: E731
    print("\n## 4. Seeds: padding share vs BBC + Reuters")
    print(f"news ({len(news)} articles): median {q(0.5):.3f}, p90 {q(0.9):.3f}, "
          f"p99 {q(0.99):.3f}, max {news[-1]:.3f}")
    for seed in ("crypto-news-distillation.txt", "ai-security-slots-insertion.txt"):
        share = padding_share(parse_text((ROOT / "seeds" / seed).read_text(encoding="utf-8")))[0]
        below = sum(1 for x in news if x < share) / len(news)
        print(f"{seed:34s} share {share:.3f}  higher than {below:.2%} of news articles")


def cross_document(corpus: Path, split: str) -> None:
    from credscore.api import Checker
    from credscore.report import Report

    recs = load(corpus, "crypto_news_cryptorank", split)
    sample = random.Random(5).sample(recs, min(40, len(recs)))
    line_sets = [{ln.strip() for ln in r["text"].splitlines() if len(ln.split()) >= 5}
                 for r in sample]
    footer = set.intersection(*line_sets)
    print(f"\n## 5. Cross-document: {len(sample)} cryptorank pages in one batch")
    print(f"footer lines shared by all pages: {len(footer)}")
    with tempfile.TemporaryDirectory() as tmp:
        for i, rec in enumerate(sample):
            (Path(tmp) / f"{i:03d}.txt").write_text(rec["text"], encoding="utf-8")
        checker = Checker()
        ok = 0
        counts = set()
        for item in checker.check_paths([tmp]):
            assert isinstance(item, Report), item
            cross = [f for f in item.findings if f.rule_id == "PR107"]
            counts.update(f.data.get("files") for f in cross)
            covered = all(
                any(line in f.evidence for f in cross) for line in footer
            )
            ok += covered
    print(f"pages where every footer line is reported by PR107: {ok}/{len(sample)}; "
          f"counts reported: {sorted(c for c in counts if c)}")


def cost(corpus: Path, split: str) -> None:
    from credscore.analyse.engine import Engine, RuleSelection
    from credscore.api import Checker
    from credscore.config import Config
    from credscore.load import parse_text

    recs = load(corpus, "bbc_news", split)[:300]
    checker = Checker(Config(select=["filler", "promo"]))
    engines = {"family": checker.engine, "none": Engine([], RuleSelection())}
    best: dict[str, float] = {}
    for _ in range(3):  # best of three passes over the same articles (the machine is shared)
        for name, engine in engines.items():
            docs = [parse_text(rec["text"]) for rec in recs]
            for doc in docs:  # shared parsing, not the family's cost
                _ = doc.sentences, doc.words, doc.folded, doc.language
            start = time.process_time()
            for doc in docs:
                engine.run(doc)
            spent = (time.process_time() - start) * 1000 / len(docs)
            best[name] = min(best.get(name, spent), spent)
    print("\n## 6. Cost of the filler + promo rules per BBC article (CPU time, best of 3)")
    print(f"{best['family'] - best['none']:.2f} ms per article over {len(recs)} articles "
          f"(engine with no rules: {best['none']:.3f} ms)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", default=str(ROOT.parent / "shared" / "corpus"))
    ap.add_argument("--split", default="dev")
    ap.add_argument("--skip-peers", action="store_true", help="omit section 3 (peers needed)")
    args = ap.parse_args()
    corpus = Path(args.corpus)
    print(f"# bench/filler_promo.py on {corpus} ({args.split})")
    promo_recall(corpus, args.split)
    promo_false_positives(corpus, args.split)
    if not args.skip_peers:
        filler_separation(corpus, args.split)
    seeds_vs_news(corpus, args.split)
    cross_document(corpus, args.split)
    cost(corpus, args.split)


if __name__ == "__main__":
    main()

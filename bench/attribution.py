"""Attribution benchmark: CoNLL-2010 weasel sentences, news false-alarm rates, the two seeds.

Run: ``.venv/bin/python bench/attribution.py`` (reads ``../shared/corpus``; prints every figure).

* ``conll2010_wiki_uncertainty`` (dev): each sentence is checked on its own with only the
  attribution rules; it counts as flagged when it gets any ``attribution`` finding (any severity).
  Positive class = ``uncertain``. Precision, recall, F1 and accuracy.
* ``bbc_news`` + ``reuters21578`` (dev): share of articles with an article-level
  missing-attribution finding (AT103), and attribution findings per 1,000 words (all / warning+),
  next to the same figures for both seeds.
* Also ``human_ai_news`` (dev): the same figures for human-written and GPT-3.5 news texts.
* Seeds: which vague sources are flagged, and whether the Senate Banking Committee letter in
  seed 003 counts as a named source.
* Speed: median per-article time of the attribution family (its rules plus the attribution
  metrics) on the first 300 ``bbc_news`` articles, next to the whole ``check`` of the same
  articles (all rules, metrics, report) in the same run; 5 rounds, medians.

Options: ``--limit N`` (first N records per dataset, for quick iteration), ``--show-fp N`` /
``--show-fn N`` (print N false positives / negatives of CoNLL for error analysis),
``--show-news N`` (print N news findings).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
sys.path.insert(0, str(ROOT))

from credscore.api import Checker  # noqa: E402
from credscore.config import Config  # noqa: E402
from credscore.findings import Severity  # noqa: E402

SEEDS = {
    "000 crypto-news-distillation": ROOT / "seeds" / "crypto-news-distillation.txt",
    "003 ai-security-slots-insertion": ROOT / "seeds" / "ai-security-slots-insertion.txt",
}
SEED_000_VAGUE = [
    "Source: XPost",
    "According to AI researchers",
    "Industry analysts note",
    "Many experts believe",
    "Researchers have repeatedly warned",
]
SEED_003_VAGUE = ["experts emphasize"]
SENATE_LETTER = "In a letter dated June 10, 2026, addressed to influential members"


def read(dataset: str, limit: int | None) -> list[dict]:
    rows = []
    with open(CORPUS / dataset / "dev.jsonl", encoding="utf-8") as fh:
        for line in fh:
            rows.append(json.loads(line))
            if limit and len(rows) >= limit:
                break
    return rows


def attribution_findings(report) -> list:  # type: ignore[no-untyped-def]
    return [f for f in report.findings if f.family == "attribution" and not f.suppressed]


def conll(checker: Checker, limit: int | None, show_fp: int, show_fn: int) -> None:
    rows = read("conll2010_wiki_uncertainty", limit)
    tp = fp = fn = tn = 0
    wtp = wfp = 0  # counting warning-and-above findings only
    fps: list[tuple[str, str]] = []
    fns: list[str] = []
    by_rule: Counter[str] = Counter()
    by_rule_tp: Counter[str] = Counter()
    for row in rows:
        found = attribution_findings(checker.check_text(row["text"]))
        flagged = bool(found)
        gold = row["label"] == "uncertain"
        if any(f.severity >= Severity.WARNING for f in found):
            wtp += gold
            wfp += not gold
        for rid in {f.rule_id for f in found}:
            by_rule[rid] += 1
            by_rule_tp[rid] += gold
        if flagged and gold:
            tp += 1
        elif flagged:
            fp += 1
            fps.append((found[0].evidence, row["text"]))
        elif gold:
            fn += 1
            fns.append(row["text"])
        else:
            tn += 1
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    acc = (tp + tn) / len(rows)
    print(f"conll2010_wiki_uncertainty dev: n={len(rows)} (uncertain={tp + fn})")
    print(f"  flagged={tp + fp} TP={tp} FP={fp} FN={fn} TN={tn}")
    print(f"  precision={p:.3f} recall={r:.3f} F1={f1:.3f} accuracy={acc:.3f}")
    if wtp + wfp:
        print(f"  warning-and-above only: flagged={wtp + wfp} precision={wtp / (wtp + wfp):.3f} "
              f"recall={wtp / (tp + fn):.3f}")
    for rid in sorted(by_rule):
        prec = by_rule_tp[rid] / by_rule[rid]
        print(f"  {rid}: flagged {by_rule[rid]}, precision {prec:.3f}")
    for ev, text in fps[:show_fp]:
        print(f"  FP [{ev}] {text}")
    for text in fns[:show_fn]:
        print(f"  FN {text}")


def doc_figures(checker: Checker, texts: list[str], rules: Counter[str] | None = None
                ) -> dict:
    articles = flagged = words = n_all = n_warn = 0
    examples = []
    for text in texts:
        report = checker.check_text(text)
        found = attribution_findings(report)
        examples.extend(found)
        for f in found:
            if rules is not None:
                rules[f"{f.rule_id}/{f.severity.label}"] += 1
        articles += 1
        words += report.word_count
        flagged += any(f.rule_id == "AT103" for f in found)
        n_all += len(found)
        n_warn += sum(f.severity >= Severity.WARNING for f in found)
    return {
        "articles": articles,
        "unsourced": flagged,
        "unsourced_share": flagged / articles if articles else 0.0,
        "per_1k_all": 1000 * n_all / words if words else 0.0,
        "per_1k_warn": 1000 * n_warn / words if words else 0.0,
        "words": words,
        "examples": examples,
    }


def news(checker: Checker, limit: int | None, show: int) -> None:
    print("News (dev) vs seeds: article-level AT103 share; attribution findings per 1,000 words")
    total = {"articles": 0, "unsourced": 0}
    shown = 0
    rules: Counter[str] = Counter()
    for dataset in ("bbc_news", "reuters21578"):
        rows = read(dataset, limit)
        fig = doc_figures(checker, [r["text"] for r in rows], rules)
        total["articles"] += fig["articles"]
        total["unsourced"] += fig["unsourced"]
        print(
            f"  {dataset:28s} articles={fig['articles']:5d} AT103={fig['unsourced']:3d} "
            f"({100 * fig['unsourced_share']:.1f}%) per1k all={fig['per_1k_all']:.2f} "
            f"warning+={fig['per_1k_warn']:.2f}"
        )
        for f in fig["examples"][: max(0, show - shown)]:
            shown += 1
            print(f"    [{dataset} {f.rule_id} {f.severity.label}] {f.evidence!r}: "
                  f"{f.sentence[:200]!r}")
    share = total["unsourced"] / total["articles"] if total["articles"] else 0.0
    print(f"  {'bbc_news + reuters21578':28s} articles={total['articles']:5d} "
          f"AT103={total['unsourced']:3d} ({100 * share:.1f}%)")
    print(f"  news findings by rule: {dict(sorted(rules.items()))}")
    rows = read("human_ai_news", limit)
    for label in ("human", "ai"):
        fig = doc_figures(checker, [r["text"] for r in rows if r["label"] == label])
        print(
            f"  {'human_ai_news ' + label:28s} articles={fig['articles']:5d} AT103="
            f"{fig['unsourced']:3d} ({100 * fig['unsourced_share']:.1f}%) "
            f"per1k all={fig['per_1k_all']:.2f} warning+={fig['per_1k_warn']:.2f}"
        )
    for name, path in SEEDS.items():
        fig = doc_figures(checker, [path.read_text(encoding="utf-8")])
        print(
            f"  {name:32s} AT103={'yes' if fig['unsourced'] else 'no '} "
            f"per1k all={fig['per_1k_all']:.2f} warning+={fig['per_1k_warn']:.2f} "
            f"(words={fig['words']})"
        )


def seeds(checker: Checker) -> None:
    print("Seeds: vague sources flagged / named sources recognised")
    for name, path, wanted in (
        ("000", SEEDS["000 crypto-news-distillation"], SEED_000_VAGUE),
        ("003", SEEDS["003 ai-security-slots-insertion"], SEED_003_VAGUE),
    ):
        report = checker.check_text(path.read_text(encoding="utf-8"))
        found = attribution_findings(report)
        for phrase in wanted:
            hit = any(phrase.lower() in f.sentence.lower() or phrase.lower() in f.evidence.lower()
                      for f in found)
            print(f"  seed {name}: {'FLAGGED ' if hit else 'missed  '} {phrase!r}")
        print(f"  seed {name}: findings: "
              + "; ".join(f"{f.rule_id}:{f.evidence!r}" for f in found))
        attr = report.metrics.get("attribution", {})
        print(f"  seed {name}: metrics.attribution = {attr}")
    from credscore.detectors.sources import named_sources_in

    text = SEEDS["003 ai-security-slots-insertion"].read_text(encoding="utf-8")
    start = text.index(SENATE_LETTER)
    end = text.index(".", text.index("Anthropic detailed", start)) + 1
    names = named_sources_in(text[start:end])
    print(f"  seed 003: Senate Banking Committee letter named sources: {names}")


def speed(rounds: int = 5, n: int = 300) -> None:
    from statistics import median

    from credscore.analyse.engine import Engine, RuleSelection
    from credscore.detectors.attribution import attribution_counts
    from credscore.load import parse_text
    from credscore.packs import default_rules

    texts = [r["text"] for r in read("bbc_news", n)]
    engine = Engine(default_rules(), RuleSelection(select=("attribution",)))
    try:
        full: Checker | None = Checker()
    except Exception as err:  # another family's rules may be mid-edit; still time ours
        print(f"  (whole-check baseline unavailable: {err})")
        full = None
    family, whole = [], []
    for _ in range(rounds):
        docs = [parse_text(t, "txt", None) for t in texts]
        for d in docs:  # shared per-document facts, computed by the pipeline anyway
            d.sentences, d.folded, d.language  # noqa: B018
        t0 = time.perf_counter()
        for d in docs:
            engine.run(d)
            attribution_counts(d)
        family.append((time.perf_counter() - t0) / len(docs) * 1000)
        if full is not None:
            t0 = time.perf_counter()
            for t in texts:
                full.check_text(t)
            whole.append((time.perf_counter() - t0) / len(texts) * 1000)
    fam = median(family)
    print(f"Speed ({len(texts)} bbc_news articles, median of {rounds} rounds):")
    if whole:
        tot = median(whole)
        print(f"  attribution family {fam:.2f} ms/article; whole check {tot:.2f} ms/article "
              f"(family = {100 * fam / tot:.0f}% of the check)")
    else:
        print(f"  attribution family {fam:.2f} ms/article")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--show-fp", type=int, default=0)
    ap.add_argument("--show-fn", type=int, default=0)
    ap.add_argument("--show-news", type=int, default=0)
    ap.add_argument("--only", choices=("conll", "news", "seeds", "speed"), default=None)
    args = ap.parse_args()
    if not CORPUS.is_dir():
        sys.exit(f"bench/attribution.py: corpus folder {CORPUS} not found")
    checker = Checker(Config(select=["attribution"]))
    t0 = time.perf_counter()
    if args.only in (None, "conll"):
        conll(checker, args.limit, args.show_fp, args.show_fn)
    if args.only in (None, "news"):
        news(checker, args.limit, args.show_news)
    if args.only in (None, "seeds"):
        seeds(checker)
    if args.only in (None, "speed"):
        speed()
    print(f"(elapsed {time.perf_counter() - t0:.1f} s)")


if __name__ == "__main__":
    main()

"""Does the score rank credible articles above unreliable ones? (issue: the credibility model)

    .venv/bin/python bench/credibility.py [--corpus ../shared/corpus] [--C 0.1] [--cache]

1. Leave one dataset out: the credibility model is fitted (``credscore.score.credibility.fit``, the
   code behind ``credscore fit``) on every labelled set of bench/credsets.py but one, and
   scores the one left out. AUROC (credible above unreliable) for fakenewsnet_politifact,
   celebrity_fake_news and human_ai_news (human above AI); for fakenewscorpus_sample, its
   unreliable articles against BBC and Reuters articles, each scored by a model that never saw
   its own dataset.
2. Calibration of those out-of-fold probabilities on the reference mix: Brier score and a
   reliability table.
3. The shipped model (rules/models/credibility.json) on professional news: median score and
   share below 50 for BBC and Reuters; both seeds' scores.
4. Cost of the new style and headline measures per BBC article, against the whole check of the
   same articles in the same run (medians of per-article times).
5. How often the tone and headline rules fire (warning and above) per dataset and label.

``--cache`` keeps the feature vectors in bench/out/ (keyed by the rules hash) for quick reruns.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import credsets  # noqa: E402

from credscore.api import Checker  # noqa: E402
from credscore.packs import rules_hash  # noqa: E402
from credscore.score.credibility.fit import DEFAULT_C, DEFAULT_PRIOR, fit_model  # noqa: E402
from credscore.score.credibility.training import LabelledText, vectors  # noqa: E402


def _vectors(corpus: Path, cache: bool) -> list[tuple[dict, dict]]:
    path = ROOT / "bench" / "out" / f"credibility-vectors-2-{rules_hash()}.json"
    if cache and path.is_file():
        return json.loads(path.read_text(encoding="utf-8"))
    rows = credsets.load(corpus)
    items = [LabelledText(r["text"], r["label"], r["group"], r["id"]) for r in rows]
    story = {r["id"]: r["story"] for r in rows}
    out = [({"group": i.group, "label": i.label, "id": i.name, "story": story[i.name]}, v)
           for i, v in vectors(Checker(), items)]
    if cache:
        path.parent.mkdir(exist_ok=True)
        path.write_text(json.dumps(out), encoding="utf-8")
    return out


def _junk_vs_news(data: list[tuple[dict, dict]], C: float) -> tuple[list[float], list[float]]:
    """fakenewscorpus_sample left out of the fit; BBC and Reuters articles scored out of fold
    (5 folds over the news articles, each fit without fakenewscorpus_sample)."""
    import random

    from credscore.score.credibility.fit import fit_linear, reference_weights

    is_news = [m["group"] in ("bbc_news", "reuters21578") for m, _ in data]
    fold = [random.Random(m["id"]).randrange(5) for m, _ in data]
    junk_rows = [v for m, v in data if m["group"] == "fakenewscorpus_sample" and m["label"] == 0]
    news_scores: list[float] = []
    junk_scores: list[float] = []
    for k in range(5):
        train = [i for i, (m, _) in enumerate(data) if m["group"] != "fakenewscorpus_sample"
                 and not (is_news[i] and fold[i] == k)]
        labels = [data[i][0]["label"] for i in train]
        weights = reference_weights(labels, [data[i][0]["group"] for i in train])
        fit = fit_linear([data[i][1] for i in train], labels, weights, C)
        test = [data[i][1] for i in range(len(data)) if is_news[i] and fold[i] == k]
        news_scores += fit.decision(test).tolist()
        junk_scores += (fit.decision(junk_rows) / 5).tolist() if k == 0 else []
    junk_scores = [s * 5 for s in junk_scores]
    return news_scores, junk_scores


def _within(data: list[tuple[dict, dict]], C: float) -> dict[str, float]:
    """AUROC on held-out stories of each mixed dataset, the rest of the corpus in the fit."""
    import zlib

    from sklearn.metrics import roc_auc_score

    from credscore.score.credibility.fit import fit_linear, reference_weights

    out = {}
    for group in credsets.MIXED:
        scores, labels = [], []
        for k in range(5):
            def held(m: dict, k: int = k, group: str = group) -> bool:
                return m["group"] == group and zlib.crc32(m["story"].encode()) % 5 == k
            train = [(m, v) for m, v in data if not held(m)]
            test = [(m, v) for m, v in data if held(m)]
            y = [m["label"] for m, _ in train]
            fit = fit_linear([v for _, v in train], y,
                             reference_weights(y, [m["group"] for m, _ in train]), C)
            scores += fit.decision([v for _, v in test]).tolist()
            labels += [m["label"] for m, _ in test]
        out[group] = float(roc_auc_score(labels, scores))
    return out


def _ceiling(data: list[tuple[dict, dict]], C: float) -> dict[str, float]:
    """AUROC within each mixed dataset from a fit on that dataset only: how far these features
    can separate its labels at all (no domain shift)."""
    import zlib

    from sklearn.metrics import roc_auc_score

    from credscore.score.credibility.fit import fit_linear, reference_weights

    out = {}
    for group in credsets.MIXED:
        rows = [(m, v) for m, v in data if m["group"] == group]
        scores, labels = [], []
        for k in range(5):
            train = [(m, v) for m, v in rows if zlib.crc32(m["story"].encode()) % 5 != k]
            test = [(m, v) for m, v in rows if zlib.crc32(m["story"].encode()) % 5 == k]
            y = [m["label"] for m, _ in train]
            fit = fit_linear([v for _, v in train], y,
                             reference_weights(y, [group] * len(y)), C)
            scores += fit.decision([v for _, v in test]).tolist()
            labels += [m["label"] for m, _ in test]
        out[group] = float(roc_auc_score(labels, scores))
    return out


def _auroc(pos: list[float], neg: list[float]) -> float:
    from sklearn.metrics import roc_auc_score

    return float(roc_auc_score([1] * len(pos) + [0] * len(neg), pos + neg))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, default=credsets.CORPUS)
    ap.add_argument("--C", type=float, default=DEFAULT_C)
    ap.add_argument("--prior", type=float, default=DEFAULT_PRIOR)
    ap.add_argument("--cache", action="store_true")
    args = ap.parse_args()

    started = time.perf_counter()
    data = _vectors(args.corpus, args.cache)
    meta = [m for m, _ in data]
    result = fit_model([v for _, v in data], [m["label"] for m in meta],
                       [m["group"] for m in meta], C=args.C, prior=args.prior)
    print(f"articles: {len(data)} ({time.perf_counter() - started:.0f} s)\n")
    print("1. leave one dataset out, AUROC (credible above unreliable)")
    for group in credsets.MIXED:
        print(f"   {group:<26} {result.group_auroc.get(group, float('nan')):.3f}")
    news, junk = _junk_vs_news(data, args.C)
    print(f"   {'fakenewscorpus_sample':<26} {_auroc(news, junk):.3f}  "
          f"(its {len(junk)} unreliable articles vs {len(news)} BBC + Reuters)")

    print("\n   held-out rows of the same datasets (5 folds grouped by story; every other "
          "dataset in each fit):")
    for group, auc in _within(data, args.C).items():
        print(f"   {group:<26} {auc:.3f}")

    print("\n   ceiling: the same features fitted on each dataset alone (5 folds by story):")
    for group, auc in _ceiling(data, args.C).items():
        print(f"   {group:<26} {auc:.3f}")

    print(f"\n2. calibration of the out-of-fold probabilities (reference mix, prior {args.prior})")
    print(f"   Brier score {result.brier:.4f}")
    print("   bin        rows  predicted  observed")
    for row in result.reliability:
        print(f"   {row['bin']}  {row['rows']:5d}  {row['predicted']:9.3f}  {row['observed']:8.3f}")

    print("\n3. the shipped model: professional news and seeds")
    checker = Checker()
    for name in ("bbc_news", "reuters21578"):
        rows = credsets.load(args.corpus, (name,))
        for label, key in (("title line + body", "text"), ("body only", "body")):
            scores = [checker.check_text(r[key]).score for r in rows]
            unassessed = sum(s is None for s in scores)
            scores = [s for s in scores if s is not None]
            below = sum(s < 50 for s in scores) / len(scores)
            print(f"   {name:<14} {label:<18} n={len(scores):5d} median "
                  f"{statistics.median(scores):5.1f}  below 50: {below:.2%}  below 80: "
                  f"{sum(s < 80 for s in scores) / len(scores):.2%}"
                  + (f"  (not assessed: {unassessed})" if unassessed else ""))
    for seed in sorted((ROOT / "seeds").glob("*.txt")):
        if not seed.is_symlink():
            report = checker.check_path(seed)
            print(f"   {seed.name:<36} score {report.score:3d} ({report.grade})")

    print("\n4. cost of the style and headline measures per BBC article (medians)")
    _cost(args.corpus)

    print("\n5. share of articles where a tone or headline rule fires (warning and above)")
    _new_rules(args.corpus)


def _new_rules(corpus: Path) -> None:
    from collections import Counter

    from credscore.config import Config

    checker = Checker(Config(select=["tone", "headline"]))
    counts: dict[tuple[str, int], Counter] = {}
    totals: Counter = Counter()
    for r in credsets.load(corpus):
        key = (r["group"], r["label"])
        totals[key] += 1
        fired = {f.rule_id for f in checker.check_text(r["text"]).findings
                 if f.severity.label != "info"}
        counts.setdefault(key, Counter()).update(fired)
    for key in sorted(totals):
        cells = "  ".join(f"{rid} {counts.get(key, Counter())[rid] / totals[key]:6.1%}"
                          for rid in ("TN101", "TN102", "HD101"))
        label = "credible" if key[1] else "unreliable"
        print(f"   {key[0]:<24} {label:<10} n={totals[key]:5d}  {cells}")


def _cost(corpus: Path) -> None:
    from credscore.analyse.style import style_counts
    from credscore.detectors.headline import headline_clickbait
    from credscore.load import parse_text

    checker = Checker()
    texts = [r["text"] for r in credsets.load(corpus, ("bbc_news",))][:600]
    new, whole = [], []
    for text in texts:
        doc = parse_text(text)
        t0 = time.perf_counter()
        checker.check_document(doc)
        t1 = time.perf_counter()
        doc2 = parse_text(text)
        _ = doc2.sentences, doc2.words, doc2.folded, doc2.language  # shared, already paid
        from credscore.detectors.spans import quote_spans

        quote_spans(doc2)
        t2 = time.perf_counter()
        style_counts(doc2)
        headline_clickbait(doc2)
        t3 = time.perf_counter()
        whole.append(t1 - t0)
        new.append(t3 - t2)
    m_new, m_whole = statistics.median(new) * 1000, statistics.median(whole) * 1000
    print(f"   style + headline measures {m_new:.2f} ms; whole check {m_whole:.2f} ms "
          f"({m_new / m_whole:.1%} of it); {len(texts)} articles")


if __name__ == "__main__":
    main()

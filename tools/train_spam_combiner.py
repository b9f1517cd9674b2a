"""Fit how the spam-sentence detector (SP102) weighs its signals: rules/models/spam-combiner.json.

Stage 2 of the spam-insertion model. Run it after tools/train_spam.py. Data: the ``tune`` part of
the fixed hash split (bench/insertion.py ``split_of``), never the ``eval`` part the benchmark
reports. Spiked articles are built exactly as the benchmark builds them (three seeds); every unit
of a spiked article is an example (label 1 when it overlaps the inserted text), described by the
signals of ``credscore.detectors.spamsignals`` (``combiner_features``). A logistic regression
weighs them; then two thresholds on its score are chosen on the untouched tune articles:
``warning_at`` (article false-positive rate at most ``--warning-fp``) and ``error_at`` (at most
``--error-fp``).

    .venv/bin/python tools/train_spam_combiner.py
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from credscore.detectors.spamsignals import (  # noqa: E402
    COMBINER_FEATURES,
    combiner_features,
    sentence_signals,
)
from credscore.document import Document  # noqa: E402

_spec = importlib.util.spec_from_file_location("bench_insertion", ROOT / "bench" / "insertion.py")
assert _spec and _spec.loader
bench = importlib.util.module_from_spec(_spec)
sys.modules["bench_insertion"] = bench
_spec.loader.exec_module(bench)


def threshold_for(clean_max: list[float], fp: float) -> float:
    """Smallest score threshold leaving at most ``fp`` of the clean articles at or above it."""
    ranked = sorted(clean_max, reverse=True)
    allowed = int(fp * len(ranked))
    return ranked[allowed] + 1e-6 if allowed < len(ranked) else ranked[-1]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3])
    ap.add_argument("--C", type=float, default=1.0)
    ap.add_argument("--positive-weight", type=float, default=5.0)
    ap.add_argument("--warning-fp", type=float, default=0.004)
    ap.add_argument("--error-fp", type=float, default=0.002)
    ap.add_argument("--out", default=str(ROOT / "rules" / "models" / "spam-combiner.json"))
    args = ap.parse_args(argv)

    from sklearn.linear_model import LogisticRegression

    X: list[list[float]] = []
    y: list[int] = []
    for seed in args.seeds:
        for p in bench.build(None, seed, "tune"):
            doc = Document(p.text)
            for sig in sentence_signals(doc):
                if sig.words < 3:
                    continue
                X.append(combiner_features(sig))
                y.append(int(sig.start < p.end and sig.end > p.start))
    clf = LogisticRegression(C=args.C, max_iter=5000,
                             class_weight={0: 1.0, 1: args.positive_weight})
    clf.fit(X, y)
    weights = {name: round(float(w), 4) for name, w in zip(COMBINER_FEATURES, clf.coef_[0])}
    bias = round(float(clf.intercept_[0]), 4)

    def score(feats: list[float]) -> float:
        return bias + sum(weights[n] * v for n, v in zip(COMBINER_FEATURES, feats))

    clean_max = []
    for _host_id, text in bench.host_articles("tune"):
        doc = Document(text)
        clean_max.append(max((score(combiner_features(s)) for s in sentence_signals(doc)
                              if s.words >= 3 and s.cos < 0.25), default=-99.0))
    warning_at = threshold_for(clean_max, args.warning_fp)
    error_at = max(warning_at, threshold_for(clean_max, args.error_fp))
    out = {
        "about": "SP102 signal weights (logistic regression) and thresholds, written by "
                 "tools/train_spam_combiner.py from the tune split; do not edit by hand",
        "bias": bias,
        "weights": weights,
        "warning_at": round(warning_at, 4),
        "error_at": round(error_at, 4),
        "fit": {"examples": len(y), "positives": sum(y), "clean_articles": len(clean_max),
                "warning_fp": args.warning_fp, "error_fp": args.error_fp, "C": args.C,
                "positive_weight": args.positive_weight, "seeds": args.seeds},
    }
    Path(args.out).write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(out, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

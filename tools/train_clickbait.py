"""Fit the clickbait headline model shipped in rules/models/clickbait.tsv.

Data: ``clickbait_headlines`` in ../shared/corpus (dev portion; Chakraborty et al. 2016).
Features are ``credscore.detectors.headline.headline_features`` (the run-time function itself),
binary and scaled by 1/sqrt(n); scikit-learn's LogisticRegression (L2) is fitted on them.
Features seen in fewer than ``--min-df`` headlines are dropped. Prints the 5-fold
cross-validated AUROC before writing the table.

    .venv/bin/python tools/train_clickbait.py [--corpus ../shared/corpus] [--C 2.0]
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from credscore.detectors.headline import MODEL_FILE, headline_features  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    ap.add_argument("--C", type=float, default=2.0)
    ap.add_argument("--min-df", type=int, default=3)
    ap.add_argument("--prune", type=float, default=0.15, help="drop weights smaller than this")
    ap.add_argument("--out", type=Path, default=ROOT / "rules" / "models" / MODEL_FILE)
    args = ap.parse_args()

    import numpy as np
    from scipy.sparse import csr_matrix
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold, cross_val_score

    path = args.corpus / "clickbait_headlines" / "dev.jsonl"
    if not path.is_file():
        sys.exit(f"train_clickbait: {path}: corpus file not found")
    rows = [json.loads(line) for line in path.open(encoding="utf-8")]
    feats = [headline_features(r["text"]) for r in rows]
    y = np.array([r["label"] == "clickbait" for r in rows], dtype=int)
    df = Counter(f for fs in feats for f in fs)
    vocab = sorted(f for f, n in df.items() if n >= args.min_df)
    index = {f: i for i, f in enumerate(vocab)}
    data, cols, ptr = [], [], [0]
    for fs in feats:
        kept = [index[f] for f in fs if f in index]
        scale = 1.0 / math.sqrt(len(fs)) if fs else 0.0  # run time divides by all features
        cols.extend(kept)
        data.extend([scale] * len(kept))
        ptr.append(len(cols))
    X = csr_matrix((data, cols, ptr), shape=(len(rows), len(vocab)))
    model = LogisticRegression(C=args.C, max_iter=3000)
    folds = StratifiedKFold(5, shuffle=True, random_state=0)
    auc = cross_val_score(model, X, y, cv=folds, scoring="roc_auc")
    print(f"clickbait headlines: {len(rows)} ({y.sum()} clickbait), {len(vocab)} features, "
          f"5-fold AUROC {auc.mean():.4f} (min {auc.min():.4f})")
    model.fit(X, y)
    lines = [
        "# Clickbait headline model (logistic regression), written by tools/train_clickbait.py",
        f"# trained on {len(rows)} clickbait_headlines dev records ({int(y.sum())} clickbait); "
        f"C={args.C} min_df={args.min_df} prune={args.prune}; 5-fold AUROC {auc.mean():.4f}",
        f"# bias\t{model.intercept_[0]:.6f}",
    ]
    for feature, weight in zip(vocab, model.coef_[0]):
        if abs(weight) >= args.prune:
            lines.append(f"{feature}\t{weight:.4f}")
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {args.out} ({len(lines) - 3} weights)")


if __name__ == "__main__":
    main()

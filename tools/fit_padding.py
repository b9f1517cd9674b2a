"""Fit the sentence padding model shipped in rules/models/padding.tsv with scikit-learn.

    .venv/bin/python tools/fit_padding.py [--corpus ../shared/corpus] [--C 0.1]

Data: the dev part of ``human_ai_news``. Every assessed sentence (see
``credscore.detectors.filler.sentence_signals``) inherits its article's label (ai = 1,
human = 0); sentences are weighted so that every article counts equally and both classes weigh
the same. The model is an L2-regularised logistic regression over the ten signals (eleven
numbers with the bias): few parameters on purpose, so it describes padding in general rather
than these articles. Before fitting on everything, the script reports a story-grouped 5-fold
cross-validated article AUROC (the article score is the mean sentence probability, i.e. the
padding share); all five versions of a story stay in one fold. Only weights are written.
"""

from __future__ import annotations

import argparse
import json
import zlib
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import GroupKFold

from credscore.detectors.filler import SIGNALS, sentence_signals
from credscore.load import parse_text

ROOT = Path(__file__).resolve().parent.parent


def _rows(docs: list[list[dict[str, float]]], labels: np.ndarray, idx: np.ndarray
          ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    xs, ys, ws, owner = [], [], [], []
    n_pos = max(1, int(labels[idx].sum()))
    n_neg = max(1, len(idx) - n_pos)
    for i in idx:
        sig = docs[i]
        for s in sig:
            xs.append([s[k] for k in SIGNALS])
            ys.append(labels[i])
            ws.append((1.0 / len(sig)) / (n_pos if labels[i] else n_neg))
            owner.append(i)
    w = np.array(ws)
    return np.array(xs), np.array(ys), w / w.mean(), np.array(owner)


def _fit(x: np.ndarray, y: np.ndarray, w: np.ndarray, c: float) -> LogisticRegression:
    return LogisticRegression(C=c, max_iter=5000).fit(x, y, sample_weight=w)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", default=str(ROOT.parent / "shared" / "corpus"))
    ap.add_argument("--C", type=float, default=0.1, help="inverse L2 strength")
    args = ap.parse_args()
    docs, labels, groups = [], [], []
    with open(Path(args.corpus) / "human_ai_news" / "dev.jsonl", encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            sig = [s for s in sentence_signals(parse_text(rec["text"])) if s is not None]
            if not sig:
                continue
            docs.append(sig)
            labels.append(1 if rec["label"] == "ai" else 0)
            story = rec.get("title") or rec["text"][:80]
            groups.append(zlib.crc32(story.encode("utf-8")))
    y = np.array(labels)
    g = np.array(groups)
    scores = np.zeros(len(y))
    for train, test in GroupKFold(n_splits=5).split(np.zeros(len(y)), y, g):
        x, yy, w, _ = _rows(docs, y, train)
        model = _fit(x, yy, w, args.C)
        xt, _, _, owner = _rows(docs, y, test)
        prob = model.predict_proba(xt)[:, 1]
        for i in test:
            scores[i] = prob[owner == i].mean()
    cv_auc = roc_auc_score(y, scores)
    x, yy, w, _ = _rows(docs, y, np.arange(len(y)))
    model = _fit(x, yy, w, args.C)
    out = ROOT / "rules" / "models" / "padding.tsv"
    with out.open("w", encoding="utf-8") as fh:
        fh.write("# sentence padding model: p = sigmoid(bias + sum(weight * signal)); signals in\n")
        fh.write("# credscore/detectors/filler.py. Fitted by tools/fit_padding.py "
                 f"(C={args.C}) on {len(y)} dev articles\n")
        fh.write(f"# of human_ai_news ({int(y.sum())} ai, {int(len(y) - y.sum())} human); "
                 f"story-grouped 5-fold CV article AUROC {cv_auc:.3f}\n")
        fh.write(f"bias\t{model.intercept_[0]:.4f}\n")
        for name, coef in zip(SIGNALS, model.coef_[0]):
            fh.write(f"{name}\t{coef:.4f}\n")
    print(f"CV AUROC {cv_auc:.3f}; wrote {out}")
    for name, coef in zip(SIGNALS, model.coef_[0]):
        print(f"  {name:12s} {coef:+.3f}")
    print(f"  {'bias':12s} {model.intercept_[0]:+.3f}")


if __name__ == "__main__":
    main()

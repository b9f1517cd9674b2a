"""Fit and calibrate a credibility model with scikit-learn (``credscore fit``, tools/).

1. Every feature is standardised with its (weighted) mean and standard deviation over the
   training rows; a missing value (None) is the mean. A feature that does not vary is kept at
   weight 0.
2. A logistic regression with an L2 penalty is fitted with sample weights that give every
   *group* (a dataset, a folder) and class the same total weight: the *reference mix*. A
   feature whose weight comes out against its declared direction (``Feature.sign``) is
   dropped and the regression refitted, until all signs agree: an explanation never gives
   credit for padding or takes points for named sources.
3. Out-of-fold decision values come from a grouped cross-validation (leave one group out when
   there are at least three groups, else stratified 5-fold); a Platt sigmoid fitted on them
   is the calibration, so the probability reflects how the model does on data it has not
   seen. The sigmoid is fitted with the credible articles given ``prior`` of the total weight
   (``DEFAULT_PRIOR``): the probability is the probability on that stated mix.
4. Cross-validated AUROC (overall and per group that holds both classes), Brier score and a
   reliability table are computed from the same out-of-fold predictions.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from .features import BY_NAME, FEATURE_NAMES, FEATURE_VERSION
from .model import CredibilityModel, ModelFeature

DEFAULT_C = 0.1
DEFAULT_PRIOR = 0.85
"""Share of credible articles in the default reference mix: most of what an editor's desk or a
crawl of news sites sees is honest reporting. The regression itself is fitted balanced; only
the calibration (and so the probability, the score's scale) assumes this mix, never the
ranking. 0.85 is the share at which professional news (BBC, Reuters) without a headline line
has a median score of 90 on the dev corpus: a choice of scale, stated with the figures in
BENCHMARKS.md."""


@dataclass
class FitResult:
    model: CredibilityModel
    cv_auroc: float
    group_auroc: dict[str, float]
    brier: float
    reliability: list[dict[str, float]]
    n_rows: int
    dropped: list[str] = field(default_factory=list)
    """Features dropped because their weight took the wrong sign."""
    oof_probability: list[float] = field(default_factory=list)


def reference_weights(labels: Sequence[int], groups: Sequence[str], prior: float = 0.5
                      ) -> list[float]:
    """Equal total weight per (group, class), then credible articles ``prior`` of the total
    weight and unreliable ones the rest; mean 1."""
    cells: dict[tuple[str, int], int] = {}
    for y, g in zip(labels, groups):
        cells[(g, y)] = cells.get((g, y), 0) + 1
    raw = [1.0 / cells[(g, y)] for y, g in zip(labels, groups)]
    totals = {c: sum(w for w, y in zip(raw, labels) if y == c) for c in (0, 1)}
    n = len(labels)
    share = {1: prior, 0: 1.0 - prior}
    return [w / totals[y] * n * share[y] for w, y in zip(raw, labels)]


def data_hash(rows: Sequence[tuple[str, int, str]]) -> str:
    """Digest of the training data: (text digest, label, group) of every row, order-free."""
    digest = hashlib.sha256()
    for key in sorted(f"{hashlib.sha256(t.encode('utf-8', 'surrogatepass')).hexdigest()}"
                      f"\t{y}\t{g}" for t, y, g in rows):
        digest.update(key.encode("utf-8", "surrogatepass"))
        digest.update(b"\n")
    return digest.hexdigest()[:16]


def _standardise(vectors: Sequence[dict[str, float | None]], weights: Sequence[float]
                 ) -> tuple[Any, list[float], list[float]]:
    import numpy as np

    w = np.asarray(weights, dtype=float)
    means, scales = [], []
    cols = []
    for name in FEATURE_NAMES:
        values = np.array([np.nan if v.get(name) is None else float(v[name]) for v in vectors])
        known = ~np.isnan(values)
        if known.any():
            mean = float(np.average(values[known], weights=w[known]))
            var = float(np.average((values[known] - mean) ** 2, weights=w[known]))
        else:
            mean, var = 0.0, 0.0
        scale = math.sqrt(var)
        values[~known] = mean
        means.append(mean)
        scales.append(scale)
        cols.append((values - mean) / scale if scale > 1e-9 else np.zeros_like(values))
    return np.column_stack(cols), means, scales


def _fit_signed(Z: Any, y: Any, w: Any, C: float, allowed: list[int]) -> tuple[Any, float,
                                                                               list[int]]:
    """L2 logistic regression on the columns ``allowed``; features whose weight contradicts
    their declared sign are dropped one at a time (the worst first) and the fit repeated."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    signs = [BY_NAME[n].sign for n in FEATURE_NAMES]
    cols = list(allowed)
    dropped: list[int] = []
    while True:
        coef = np.zeros(Z.shape[1])
        if not cols:
            return coef, 0.0, dropped
        reg = LogisticRegression(C=C, max_iter=5000)
        reg.fit(Z[:, cols], y, sample_weight=w)
        coef[cols] = reg.coef_[0]
        wrong = [c for c in cols if signs[c] * coef[c] < 0]
        if not wrong:
            return coef, float(reg.intercept_[0]), dropped
        worst = min(wrong, key=lambda c: signs[c] * coef[c])
        cols.remove(worst)
        dropped.append(worst)


@dataclass
class LinearFit:
    """A standardised, sign-constrained logistic regression (no calibration)."""

    means: list[float]
    scales: list[float]
    coef: list[float]
    intercept: float
    dropped: list[str]

    def decision(self, vectors: Sequence[dict[str, float | None]]) -> Any:
        """Decision values (logits before calibration) of ``vectors``."""
        import numpy as np

        out = np.full(len(vectors), self.intercept)
        for j, name in enumerate(FEATURE_NAMES):
            if self.coef[j] == 0.0 or self.scales[j] <= 1e-9:
                continue
            values = np.array([self.means[j] if v.get(name) is None else float(v[name])
                               for v in vectors])
            out += np.clip((values - self.means[j]) / self.scales[j], -8, 8) * self.coef[j]
        return out


def fit_linear(vectors: Sequence[dict[str, float | None]], labels: Sequence[int],
               weights: Sequence[float], C: float = DEFAULT_C) -> LinearFit:
    """Standardise (weighted) and fit the sign-constrained regression (steps 1-2 above)."""
    import numpy as np

    Z, means, scales = _standardise(vectors, weights)
    usable = [i for i, s in enumerate(scales) if s > 1e-9]
    coef, intercept, dropped = _fit_signed(Z, np.asarray(labels, dtype=int),
                                           np.asarray(weights, dtype=float), C, usable)
    return LinearFit(means, scales, [float(c) for c in coef], intercept,
                     [FEATURE_NAMES[i] for i in dropped])


def _splits(y: Any, groups: Sequence[str]) -> list[tuple[Any, Any]]:
    import numpy as np
    from sklearn.model_selection import LeaveOneGroupOut, StratifiedKFold

    names = sorted(set(groups))
    if len(names) >= 3:
        g = np.array([names.index(x) for x in groups])
        return list(LeaveOneGroupOut().split(np.zeros(len(y)), y, g))
    folds = min(5, int(min(np.bincount(y, minlength=2))))
    if folds < 2:
        raise ValueError("need at least 2 articles of each label to cross-validate")
    return list(StratifiedKFold(folds, shuffle=True, random_state=0).split(np.zeros(len(y)), y))


def fit_model(vectors: Sequence[dict[str, float | None]], labels: Sequence[int],
              groups: Sequence[str], *, C: float = DEFAULT_C, prior: float = DEFAULT_PRIOR,
              info: dict[str, Any] | None = None) -> FitResult:
    """Fit, cross-validate and calibrate a model on feature vectors labelled 1 (credible) or
    0 (unreliable); ``groups`` name each row's dataset or folder (see the module docstring)."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import brier_score_loss, roc_auc_score

    y = np.asarray(labels, dtype=int)
    if set(y.tolist()) != {0, 1}:
        raise ValueError("need articles of both labels (credible and unreliable)")
    if not 0.0 < prior < 1.0:
        raise ValueError(f"prior must be between 0 and 1, got {prior}")
    w = np.asarray(reference_weights(labels, groups))
    w_mix = np.asarray(reference_weights(labels, groups, prior))
    full = fit_linear(vectors, labels, w.tolist(), C)

    oof = np.zeros(len(y))
    for train, test in _splits(y, groups):
        if len(set(y[train].tolist())) < 2:
            continue
        fold = fit_linear([vectors[i] for i in train], y[train].tolist(), w[train].tolist(), C)
        oof[test] = fold.decision([vectors[i] for i in test])

    platt = LogisticRegression(C=1e6, max_iter=1000)
    platt.fit(oof.reshape(-1, 1), y, sample_weight=w_mix)
    a, b = float(platt.coef_[0][0]), float(platt.intercept_[0])
    prob = 1.0 / (1.0 + np.exp(-(a * oof + b)))
    cv_auroc = float(roc_auc_score(y, oof, sample_weight=w))
    per_group = {}
    for g in sorted(set(groups)):
        mask = np.array([x == g for x in groups])
        if len(set(y[mask].tolist())) == 2:
            per_group[g] = round(float(roc_auc_score(y[mask], oof[mask])), 4)
    brier = float(brier_score_loss(y, prob, sample_weight=w_mix))
    reliability = reliability_table(prob.tolist(), y.tolist(), w_mix.tolist())

    features = tuple(ModelFeature(n, round(full.means[i], 6), round(full.scales[i], 6),
                                  round(full.coef[i], 6)) for i, n in enumerate(FEATURE_NAMES))
    model_info = dict(info or {})
    model_info.setdefault("cross_validation", {
        "auroc": round(cv_auroc, 4), "group_auroc": per_group, "brier": round(brier, 4),
        "reliability": reliability,
        "scheme": "leave one group out" if len(set(groups)) >= 3 else "stratified 5-fold",
    })
    model_info.setdefault("fit", {"C": C, "rows": len(y), "prior": prior,
                                  "dropped_for_sign": full.dropped})
    model = CredibilityModel(features, round(full.intercept, 6), round(a, 6), round(b, 6),
                             FEATURE_VERSION, "", model_info)
    return FitResult(model, cv_auroc, per_group, brier, reliability, len(y), full.dropped,
                     prob.tolist())


def reliability_table(prob: Sequence[float], labels: Sequence[int],
                      weights: Sequence[float] | None = None, bins: int = 10
                      ) -> list[dict[str, float]]:
    """Per probability bin: rows, mean predicted probability, observed share credible
    (weighted by the reference mix when ``weights`` are given)."""
    w = list(weights) if weights is not None else [1.0] * len(prob)
    rows = []
    for k in range(bins):
        lo, hi = k / bins, (k + 1) / bins
        idx = [i for i, p in enumerate(prob) if lo <= p < hi or (k == bins - 1 and p == 1.0)]
        if not idx:
            continue
        total = sum(w[i] for i in idx)
        rows.append({
            "bin": f"{lo:.1f}-{hi:.1f}",
            "rows": len(idx),
            "predicted": round(sum(prob[i] * w[i] for i in idx) / total, 4),
            "observed": round(sum(labels[i] * w[i] for i in idx) / total, 4),
        })
    return rows


def points_per_sd(model: CredibilityModel) -> list[tuple[str, float]]:
    """Points one standard deviation of each feature moves the score at the base, largest
    first (features at weight 0 left out)."""
    base_logit = model.calibration_a * model.intercept + model.calibration_b
    p0 = 1.0 / (1.0 + math.exp(-base_logit))
    slope = 100.0 * p0 * (1.0 - p0) * model.calibration_a
    rows = [(f.name, slope * f.weight) for f in model.features if f.weight != 0.0]
    return sorted(rows, key=lambda r: -abs(r[1]))


def fit_summary(result: FitResult) -> list[str]:
    """Lines that say what was fitted, how well it ranks, and what each feature is worth."""
    from .features import BY_NAME

    model = result.model
    base_logit = model.calibration_a * model.intercept + model.calibration_b
    base = 100.0 / (1.0 + math.exp(-base_logit))
    cv = model.info.get("cross_validation", {})
    lines = [f"rows: {result.n_rows}; cross-validated AUROC {result.cv_auroc:.3f} "
             f"({cv.get('scheme', '')}); Brier score {result.brier:.3f}"]
    for group, auc in result.group_auroc.items():
        lines.append(f"  AUROC on {group} (left out of its own fit): {auc:.3f}")
    lines.append(f"base score (the reference article): {base:.1f}")
    lines.append("points for one standard deviation more of each feature, at the base:")
    for name, pts in points_per_sd(model):
        feature = BY_NAME[name]
        lines.append(f"  {pts:+6.1f}  {name:<24} {feature.meaning} ({feature.family})")
    if result.dropped:
        lines.append("dropped (fitted weight against the feature's declared direction): "
                     + ", ".join(result.dropped))
    lines.append("reliability (predicted vs observed share credible, reference mix):")
    for row in result.reliability:
        lines.append(f"  {row['bin']}  rows {row['rows']:5d}  predicted {row['predicted']:.2f}"
                     f"  observed {row['observed']:.2f}")
    return lines


def write_model(model: CredibilityModel, path: str, *, overwrite: bool = False) -> None:
    """Write ``model`` as JSON through a temporary file (never half-written)."""
    import json
    import os
    from pathlib import Path

    target = Path(path)
    if target.exists() and not overwrite:
        raise FileExistsError(f"{target}: exists (pass --force to replace it)")
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(model.to_dict(), indent=1, ensure_ascii=False) + "\n",
                   encoding="utf-8")
    os.replace(tmp, target)

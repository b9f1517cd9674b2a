"""The fitted credibility model: load it, predict, and explain the score in points.

A model file (``rules/models/credibility.json`` ships with credscore; ``credscore fit`` writes
others) holds, for every feature of ``credscore.score.credibility.features``, the reference mean and
scale it was standardised with and its weight, plus an intercept and a Platt calibration
(``a``, ``b``). The score is ``100 * sigmoid(a * (intercept + sum(weight * z)) + b)``, where
``z = (value - mean) / scale``: 100 times the calibrated probability that the article is
credible on the model's reference mix (stated in the file).

Explanation: at the reference article (every feature at its mean) the score is the *base*.
Each feature moves the logit by ``a * weight * z``; those logit moves are turned into points
with one common factor, ``(score - base) / (logit - base logit)``, so every feature keeps its
sign and share and the points add up exactly to the score. A feature that is None (no basis
in the article) sits at its mean and contributes nothing.

Pure Python: no scikit-learn, numpy or scipy at run time.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ...errors import CredscoreError
from ...paths import rules_dir
from .features import FEATURE_VERSION

MODEL_FORMAT = "credscore-credibility-model"
DEFAULT_MODEL = "credibility.json"


class ModelError(CredscoreError):
    """A model file that cannot be used (missing, malformed, other feature version)."""


@dataclass(frozen=True)
class ModelFeature:
    name: str
    mean: float
    scale: float
    weight: float


@dataclass(frozen=True)
class Prediction:
    probability: float
    """Calibrated probability that the article is credible (reference mix)."""
    score: float
    """100 * probability (not rounded)."""
    base: float
    """The score of the reference article (every feature at its mean)."""
    points: dict[str, float]
    """Points per feature (signed); ``base + sum(points) == score``."""


def _sigmoid(z: float) -> float:
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


@dataclass(frozen=True)
class CredibilityModel:
    features: tuple[ModelFeature, ...]
    intercept: float
    calibration_a: float = 1.0
    calibration_b: float = 0.0
    feature_version: int = FEATURE_VERSION
    source: str = ""
    """Where the model was loaded from (file name), for messages."""
    info: dict[str, Any] = field(default_factory=dict, compare=False)
    """Everything else in the file: reference mix, training data hash, cross-validation."""

    def predict(self, vector: dict[str, float | None]) -> Prediction:
        a = self.calibration_a
        base_logit = a * self.intercept + self.calibration_b
        moves: dict[str, float] = {}
        for f in self.features:
            value = vector.get(f.name)
            if value is None or f.weight == 0.0:
                continue
            z = (value - f.mean) / f.scale if f.scale > 0 else 0.0
            z = max(-8.0, min(8.0, z))  # far outside the training range: no unbounded push
            moves[f.name] = a * f.weight * z
        logit = base_logit + sum(moves.values())
        probability = _sigmoid(logit)
        base = 100.0 * _sigmoid(base_logit)
        score = 100.0 * probability
        span = logit - base_logit
        if abs(span) > 1e-9:
            factor = (score - base) / span
        else:  # the derivative of 100 * sigmoid at the base
            p0 = base / 100.0
            factor = 100.0 * p0 * (1.0 - p0)
        points = {name: move * factor for name, move in moves.items()}
        return Prediction(probability, score, base, points)

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": MODEL_FORMAT,
            "feature_version": self.feature_version,
            "intercept": self.intercept,
            "calibration": {"method": "platt", "a": self.calibration_a,
                            "b": self.calibration_b},
            "features": [{"name": f.name, "mean": f.mean, "scale": f.scale,
                          "weight": f.weight} for f in self.features],
            **self.info,
        }


def _number(data: dict[str, Any], key: str, source: str) -> float:
    value = data.get(key)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise ModelError(f"{source}: key '{key}' must be a finite number, got {value!r}")
    return float(value)


def model_from_dict(data: Any, source: str = "<model>") -> CredibilityModel:
    """Validate a model file's content; ModelError names the file and the key."""
    if not isinstance(data, dict) or data.get("format") != MODEL_FORMAT:
        raise ModelError(f"{source}: not a credscore credibility model "
                         f"(expected \"format\": \"{MODEL_FORMAT}\")")
    version = data.get("feature_version")
    if version != FEATURE_VERSION:
        raise ModelError(f"{source}: fitted on feature version {version}, this credscore "
                         f"computes version {FEATURE_VERSION}; refit it with `credscore fit`")
    from .features import BY_NAME

    rows = data.get("features")
    if not isinstance(rows, list) or not rows:
        raise ModelError(f"{source}: key 'features' must be a non-empty list")
    features = []
    for i, row in enumerate(rows):
        if not isinstance(row, dict):
            raise ModelError(f"{source}: features[{i}] must be a table")
        name = row.get("name")
        if name not in BY_NAME:
            raise ModelError(f"{source}: features[{i}]: unknown feature {name!r}")
        where = f"{source}: feature {name}"
        features.append(ModelFeature(str(name), _number(row, "mean", where),
                                     _number(row, "scale", where),
                                     _number(row, "weight", where)))
    calibration = data.get("calibration") or {}
    if not isinstance(calibration, dict):
        raise ModelError(f"{source}: key 'calibration' must be a table")
    info = {k: v for k, v in data.items()
            if k not in ("format", "feature_version", "intercept", "calibration", "features")}
    return CredibilityModel(
        features=tuple(features),
        intercept=_number(data, "intercept", source),
        calibration_a=_number(calibration, "a", f"{source}: calibration")
        if "a" in calibration else 1.0,
        calibration_b=_number(calibration, "b", f"{source}: calibration")
        if "b" in calibration else 0.0,
        source=source,
        info=info,
    )


_loaded: dict[str, CredibilityModel] = {}


def load_model(path: str | Path | None = None) -> CredibilityModel:
    """The model at ``path`` (default: the shipped ``rules/models/credibility.json``)."""
    target = Path(path) if path is not None else rules_dir() / "models" / DEFAULT_MODEL
    key = str(target)
    if key not in _loaded:
        try:
            raw = target.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise ModelError(f"{target}: model file not found") from None
        except (OSError, UnicodeDecodeError) as err:
            raise ModelError(f"{target}: cannot read the model file ({err})") from None
        try:
            data = json.loads(raw)
        except json.JSONDecodeError as err:
            raise ModelError(f"{target}: invalid JSON ({err})") from None
        shipped = target.parent == rules_dir() / "models"
        _loaded[key] = model_from_dict(data, target.name if shipped else str(target))
    return _loaded[key]

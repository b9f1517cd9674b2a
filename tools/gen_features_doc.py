"""Regenerate docs/features.md: the credibility model's feature vector, one row per feature.

    python tools/gen_features_doc.py          # rewrite docs/features.md
    python tools/gen_features_doc.py --check  # exit 1 if docs/features.md is out of date
"""

from __future__ import annotations

import sys
from pathlib import Path

from generated import write_or_check

from credscore.score.credibility.features import FEATURE_VERSION, FEATURES
from credscore.score.credibility.model import load_model

ROOT = Path(__file__).resolve().parent.parent
PATH = ROOT / "docs" / "features.md"
SIGNS = {1: "+ (credit only)", -1: "- (penalty only)", 0: "either"}


def render() -> str:
    model = load_model(ROOT / "rules" / "models" / "credibility.json")
    weights = {f.name: f.weight for f in model.features}
    out = [
        "# The credibility model's features",
        "",
        f"Feature version {FEATURE_VERSION}. Generated from "
        "`credscore/score/credibility/features.py` "
        "by `tools/gen_features_doc.py`; the weights column is the shipped model "
        "(`rules/models/credibility.json`, fitted by `tools/fit_credibility.py`).",
        "",
        "Each feature is one number per article. Rates count the writer's own words and body "
        "sentences (quotations, the headline and headings left out) and are log-compressed. "
        "*Direction* is the sign the fitter may give the feature's weight: a feature whose "
        "fitted weight would take the other sign is dropped (weight 0), so an explanation "
        "never credits padding or penalises named sources. The weight is per standard "
        "deviation of the feature on the reference mix, in logit units; `credscore fit` "
        "prints the same weights as points.",
        "",
        "| feature | family | meaning | raw value | range | direction | rules behind it | weight |",
        "|---|---|---|---|---|---|---|---:|",
    ]
    for f in FEATURES:
        rules = ", ".join(f.rules) or "-"
        out.append(f"| `{f.name}` | {f.family} | {f.meaning} | {f.unit} | {f.range} | "
                   f"{SIGNS[f.sign]} | {rules} | {weights.get(f.name, 0.0):+.3f} |")
    return "\n".join(out) + "\n"


def main() -> int:
    return write_or_check(PATH, render(), "python tools/gen_features_doc.py")


if __name__ == "__main__":
    sys.exit(main())

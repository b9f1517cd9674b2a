"""Fit the shipped credibility model, rules/models/credibility.json, on the dev corpus.

    .venv/bin/python tools/fit_credibility.py [--corpus ../shared/corpus] [--C 0.1]

Data: the labelled sets of bench/credsets.py (BBC and Reuters news, FakeNewsNet PolitiFact,
celebrity fake news, FakeNewsCorpus sample, human vs AI news), each article as a plain-text
file would give it (title line, body). The fit itself is ``credscore.score.credibility.fit``
(the same code as ``credscore fit``): reference-mix weights (every dataset and class the same
total weight), sign-constrained L2 logistic regression, Platt calibration on leave-one-dataset-
out predictions. The file records the hash of the rows it was fitted on.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import credsets  # noqa: E402  (bench/credsets.py)

from credscore.api import Checker  # noqa: E402
from credscore.score.credibility.fit import (  # noqa: E402
    DEFAULT_C,
    DEFAULT_PRIOR,
    data_hash,
    fit_model,
    fit_summary,
    write_model,
)
from credscore.score.credibility.training import LabelledText, vectors  # noqa: E402

REFERENCE_MIX = (
    "equal total weight for every dataset and label of the credscore dev corpus "
    "(bbc_news, reuters21578: credible; fakenewsnet_politifact, celebrity_fake_news, "
    "human_ai_news: both; fakenewscorpus_sample: unreliable site types); credible articles "
    "{prior:.0%} of the mix"
)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, default=credsets.CORPUS)
    ap.add_argument("--C", type=float, default=DEFAULT_C)
    ap.add_argument("--prior", type=float, default=DEFAULT_PRIOR,
                    help="share of credible articles in the reference mix")
    ap.add_argument("--out", type=Path, default=ROOT / "rules" / "models" / "credibility.json")
    args = ap.parse_args()
    started = time.perf_counter()
    rows = credsets.load(args.corpus)
    items = [LabelledText(r["text"], r["label"], r["group"], r["id"]) for r in rows]
    checker = Checker()
    pairs = list(vectors(checker, items))
    print(f"{len(pairs)} of {len(items)} articles assessable "
          f"({time.perf_counter() - started:.0f} s)")
    counts: dict[str, Counter] = {}
    for item, _ in pairs:
        counts.setdefault(item.group, Counter())["credible" if item.label else "unreliable"] += 1
    info = {
        "name": "credscore default",
        "reference_mix": REFERENCE_MIX.format(prior=args.prior),
        "trained_on": {
            "data": {g: dict(sorted(c.items())) for g, c in sorted(counts.items())},
            "data_hash": data_hash([(i.text, i.label, i.group) for i, _ in pairs]),
            "fitted_by": "tools/fit_credibility.py",
        },
    }
    result = fit_model([v for _, v in pairs], [i.label for i, _ in pairs],
                       [i.group for i, _ in pairs], C=args.C, prior=args.prior,
                       info=info)
    print("\n".join(fit_summary(result)))
    write_model(result.model, str(args.out), overwrite=True)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()

"""Fit the IDF table shipped in rules/models/idf.tsv with scikit-learn.

    python tools/build_idf.py [--corpus ../shared/corpus]

Documents: the bbc_news and reuters21578 articles of the dev corpus (derived statistics only;
no text is stored). Terms need a document frequency of at least 3.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from sklearn.feature_extraction.text import TfidfVectorizer

from credscore.analyse.vectors import tokenize

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", default=str(ROOT.parent / "shared" / "corpus"))
    args = ap.parse_args()
    texts = []
    for name in ("bbc_news", "reuters21578"):
        with open(Path(args.corpus) / name / "dev.jsonl", encoding="utf-8") as fh:
            texts.extend(json.loads(line)["text"] for line in fh)
    vec = TfidfVectorizer(tokenizer=tokenize, lowercase=False, token_pattern=None, min_df=3)
    vec.fit(texts)
    n = len(texts)
    import math

    unseen = math.log((1 + n) / (1 + 1)) + 1  # sklearn's smoothed idf for df=1
    out = ROOT / "rules" / "models" / "idf.tsv"
    terms = sorted(zip(vec.get_feature_names_out(), vec.idf_), key=lambda p: p[0])
    with out.open("w", encoding="utf-8") as fh:
        fh.write(f"# idf fitted by tools/build_idf.py on {n} news articles (min_df=3)\n")
        fh.write(f"# unseen\t{unseen:.4f}\n")
        for term, idf in terms:
            fh.write(f"{term}\t{idf:.4f}\n")
    print(f"wrote {len(terms)} terms to {out}")


if __name__ == "__main__":
    main()

"""Fit the word topic clusters shipped in rules/models/topics.tsv (LSA + k-means, scikit-learn).

Every word of the IDF table (rules/models/idf.tsv) gets the number of a topic cluster: words
that occur in the same paragraphs of news copy land in the same cluster ("striker", "penalty",
"midfielder"; "shares", "dividend", "quarter"). SP102 compares a sentence's clusters with the
rest of its article (``spamsignals``): a sentence can share no word with the article and still
be on its topic ("smashing home an indirect free-kick" in a match report), while an inserted
pitch brings words of another topic ("domain names at discount prices" in the same report).

Documents: the paragraphs of the bbc_news and reuters21578 records of the benchmark's ``fit``
split (never the ``eval`` hosts) and of the other news sets; derived statistics only, no text is
stored. TF-IDF (this package's tokenizer, the IDF table's vocabulary), TruncatedSVD to
``--dims`` dimensions, word vectors normalised, KMeans into ``--clusters`` clusters.

    .venv/bin/python tools/build_topics.py
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from credscore.analyse.vectors import idf_table, tokenize  # noqa: E402
from credscore.segment.sentences import split_blocks  # noqa: E402

sys.path.insert(0, str(ROOT / "bench"))
import insertion as bench  # noqa: E402  (bench/insertion.py: the benchmark's split and spiking)

NEWS_SETS = ("bbc_news", "reuters21578", "human_ai_news", "crypto_news_cryptorank",
             "crypto_news_rss", "crypto_news_cointelegraph_2025")


def paragraphs(min_words: int = 8) -> list[str]:
    """Paragraphs (blocks) of the fit split's news records."""
    out = []
    for name in NEWS_SETS:
        if not (bench.CORPUS / name / "dev.jsonl").is_file():
            continue
        for rec in bench.read_jsonl(name):
            if bench.split_of(bench.record_key(rec)) != "fit":
                continue
            text = rec["text"]
            for block in split_blocks(text):
                para = text[block.start:block.end]
                if len(para.split()) >= min_words:
                    out.append(para)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--dims", type=int, default=100)
    ap.add_argument("--clusters", type=int, default=60)
    ap.add_argument("--out", default=str(ROOT / "rules" / "models" / "topics.tsv"))
    args = ap.parse_args(argv)

    from sklearn.cluster import KMeans
    from sklearn.decomposition import TruncatedSVD
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.preprocessing import normalize

    if not bench.CORPUS.is_dir():
        print(f"build_topics: corpus not found at {bench.CORPUS}", file=sys.stderr)
        return 2
    table, _ = idf_table()
    docs = paragraphs()
    vec = TfidfVectorizer(tokenizer=tokenize, lowercase=False, token_pattern=None,
                          vocabulary=sorted(table), sublinear_tf=True)
    X = vec.fit_transform(docs)
    svd = TruncatedSVD(n_components=args.dims, random_state=0)
    svd.fit(X)
    words = vec.get_feature_names_out()
    seen = X.getnnz(axis=0) > 0
    vectors = normalize((svd.components_.T * svd.singular_values_)[seen])
    kept = words[seen]
    km = KMeans(n_clusters=args.clusters, random_state=0, n_init=4)
    labels = km.fit_predict(vectors)
    out = Path(args.out)
    with out.open("w", encoding="utf-8") as fh:
        fh.write(f"# word topic clusters written by tools/build_topics.py: {len(docs)} news "
                 f"paragraphs (fit split), LSA {args.dims} dims, k-means {args.clusters}\n")
        for word, label in sorted(zip(kept, labels)):
            fh.write(f"{word}\t{int(label)}\n")
    print(f"{len(docs)} paragraphs, {len(kept)} words in {args.clusters} clusters -> {out}")
    for c in range(0, args.clusters, max(1, args.clusters // 8)):
        members = [w for w, lab in zip(kept, labels) if lab == c][:12]
        print(f"  cluster {c}: {' '.join(members)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

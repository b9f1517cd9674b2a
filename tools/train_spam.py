"""Fit the sentence classifiers shipped in rules/models/ (spam-sentence.tsv, spam-message.tsv).

Data: the ``fit`` part (bench/insertion.py ``split_of``: a fixed hash split of records by their
normalised text, so copies of one message share a side) of the dev corpus in ../shared/corpus,
never the ``eval`` part the benchmark reports. ``--exclude-fold K`` also leaves out the fit
records of cross-fitting fold K (tools/train_spam_combiner.py trains one such pair of models
per fold).

* spam (1): sms_spam and youtube_spam records labelled spam (whole message and each of its
  sentences), sentences of spamassassin_sample spam bodies;
* prose (0): sentences of bbc_news, reuters21578, human_ai_news and crypto news articles,
  Wikipedia sentences (szeged_wiki_uncertainty) and headlines (clickbait_headlines: casual
  second-person text that is not spam); news sentences that share almost nothing with the rest
  of their article are added ``--offtopic-repeat`` more times: topically they look like an
  insertion, so the classifier must separate them by register;
* ham messages (SMS/YouTube/e-mail) are left out by default (``--message-ham-weight 0``); with
  ``--ham-messages-as-spam`` they count as positives, which fits the *message-register* model
  (spam-message.tsv: "reads like a message, not like article prose").

Features are ``credscore.detectors.spammodel.features`` (the run-time function itself);
scikit-learn's LogisticRegression with an L2 penalty is fitted on them (binary, scaled by
1/sqrt(n)); features seen in fewer than ``--min-df`` texts are dropped and weights under
``--prune`` dropped, leaving ~8,000 (spam) and ~17,000 (message) weights.

    .venv/bin/python tools/train_spam.py                        # rules/models/spam-sentence.tsv
    .venv/bin/python tools/train_spam.py --ham-messages-as-spam \
        --out rules/models/spam-message.tsv
    .venv/bin/python tools/train_spam_combiner.py               # then refit the combiner
"""

from __future__ import annotations

import argparse
import math
import random
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from credscore.detectors.spammodel import MODEL_FILE, features  # noqa: E402
from credscore.segment.sentences import split_blocks, split_sentences  # noqa: E402

sys.path.insert(0, str(ROOT / "bench"))
import insertion as bench  # noqa: E402  (bench/insertion.py: the benchmark's split and spiking)


def sentences(text: str, lo: int = 3, hi: int = 60) -> list[str]:
    out = []
    for s in split_sentences(text, split_blocks(text)):
        sent = " ".join(text[s.start : s.end].split())
        if lo <= len(sent.split()) <= hi:
            out.append(sent)
    return out


MESSAGE_SETS = ("sms_spam", "youtube_spam", "spamassassin_sample")


def offtopic_sentences(text: str, max_similarity: float = 0.05) -> list[str]:
    """Sentences of an article that share (almost) no TF-IDF weight with the rest of it: the
    news sentences an insertion detector must not mistake for inserted text."""
    from credscore.analyse.sentencevectors import article_centroid, sentence_vectors
    from credscore.detectors.commercial import cosine_to_rest
    from credscore.segment.document import Document

    doc = Document(text)
    vectors = sentence_vectors(doc)
    centroid = article_centroid(doc)
    norm2 = sum(v * v for v in centroid.values())
    out = []
    for s, vec in zip(doc.sentences, vectors):
        sent = " ".join(text[s.start : s.end].split())
        if len(sent.split()) >= 3 and cosine_to_rest(vec, vec, centroid, norm2) < max_similarity:
            out.append(sent)
    return out


FOLDS = 5
EXCLUDED_FOLD: int | None = None
"""When set, records of this fold (``bench.fold_of`` with ``FOLDS`` folds) are left out:
tools/train_spam_combiner.py trains such fold models to get unbiased classifier scores on the
fit split."""


def in_train(key: str) -> bool:
    """Whether the record with this ``bench.group_key`` is trained on."""
    return bench.split_of(key) == "fit" and (
        EXCLUDED_FOLD is None or bench.fold_of(key, FOLDS) != EXCLUDED_FOLD)


def collect(rng: random.Random, max_per_set: int, offtopic_repeat: int = 0
            ) -> tuple[list[str], list[int], list[bool], Counter]:
    """Texts, labels (1 spam) and whether each comes from a message set."""
    texts: list[str] = []
    labels: list[int] = []
    message: list[bool] = []
    counts: Counter = Counter()

    def add(items: list[str], label: int, name: str) -> None:
        if len(items) > max_per_set:
            items = rng.sample(items, max_per_set)
        texts.extend(items)
        labels.extend([label] * len(items))
        message.extend([name in MESSAGE_SETS] * len(items))
        counts[(name, label)] += len(items)

    for name in ("sms_spam", "youtube_spam"):
        per = {0: [], 1: []}
        for rec in bench.read_jsonl(name):
            if not in_train(bench.message_key(name, rec)):
                continue
            msg = bench.clean_message(rec["text"])
            if not msg:
                continue
            label = 1 if rec["label"] == "spam" else 0
            per[label].append(msg)
            parts = sentences(msg, lo=2)
            if len(parts) > 1:
                per[label].extend(parts)
        add(per[1], 1, name)
        add(per[0], 0, name)
    per = {0: [], 1: []}
    for rec in bench.read_jsonl("spamassassin_sample"):
        if not in_train(bench.message_key("spamassassin_sample", rec)) or "=3D" in rec["text"]:
            continue
        body = bench._TAG.sub(" ", bench.html.unescape(rec["text"]))
        per[1 if rec["label"] == "spam" else 0].extend(sentences(body))
    add(per[1], 1, "spamassassin_sample")
    add(per[0], 0, "spamassassin_sample")
    for name in ("bbc_news", "reuters21578", "human_ai_news", "crypto_news_cryptorank",
                 "crypto_news_rss"):
        items = []
        for rec in bench.read_jsonl(name):
            if in_train(bench.record_key(rec)):
                if rec.get("title"):
                    items.append(rec["title"])
                items.extend(sentences(rec["text"]))
        add(items, 0, name)
        if offtopic_repeat and name in ("bbc_news", "reuters21578"):
            hard = [t for rec in bench.read_jsonl(name) if in_train(bench.record_key(rec))
                    for t in offtopic_sentences(rec["text"])]
            add(hard * offtopic_repeat, 0, name + " (off-topic, repeated)")
    for name in ("szeged_wiki_uncertainty", "clickbait_headlines"):
        items = [rec["text"] for rec in bench.read_jsonl(name)
                 if in_train(bench.record_key(rec)) and len(rec["text"].split()) >= 3]
        add(items, 0, name)
    return texts, labels, message, counts


def ngram_matrix(feature_sets: list[set[str]], vocab: dict[str, int],
                 fixed: list[set[str]] | None = None, fixed_value: float = 1.0):  # type: ignore[no-untyped-def]
    """The sparse design matrix the shipped models read at run time: row ``r`` holds each of
    ``feature_sets[r]``'s features known to ``vocab`` at ``1/sqrt(len(feature_sets[r]))``
    (``spammodel.SpamModel``), plus each of ``fixed[r]`` (shape cues) at ``fixed_value``."""
    from scipy.sparse import csr_matrix

    rows, cols, vals = [], [], []
    for r, fs in enumerate(feature_sets):
        scale = 1.0 / math.sqrt(len(fs)) if fs else 0.0
        for f in fs:
            j = vocab.get(f)
            if j is not None:
                rows.append(r)
                cols.append(j)
                vals.append(scale)
        for f in (fixed[r] if fixed is not None else ()):
            rows.append(r)
            cols.append(vocab[f])
            vals.append(fixed_value)
    return csr_matrix((vals, (rows, cols)), shape=(len(feature_sets), len(vocab)))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--max-per-set", type=int, default=12000)
    ap.add_argument("--min-df", type=int, default=3)
    ap.add_argument("--C", type=float, default=64.0)
    ap.add_argument("--spam-weight", type=float, default=4.0,
                    help="class weight of spam examples (ham is 1)")
    ap.add_argument("--message-ham-weight", type=float, default=0.0,
                    help="weight of ham SMS/YouTube/e-mail examples (0 leaves them out)")
    ap.add_argument("--ham-messages-as-spam", action="store_true",
                    help="model 'message-like text' (spam and ham messages) against prose")
    ap.add_argument("--penalty", choices=("l1", "l2"), default="l2",
                    help="l2 (default since spam round 5: weight spread over many related n-grams "
                         "generalises better to unseen spam) or l1 (sparse)")
    ap.add_argument("--offtopic-repeat", type=int, default=3,
                    help="extra copies of off-topic news sentences (the hard negatives)")
    ap.add_argument("--prune", type=float, default=1.5,
                    help="drop weights smaller than this in absolute value (the L2 model keeps "
                         "~170,000 otherwise; at 1.5 ~8,000 spam / ~17,000 message weights, with "
                         "the same cross-validated recall)")
    ap.add_argument("--out", default=str(ROOT / "rules" / "models" / MODEL_FILE))
    ap.add_argument("--folds", type=int, default=5,
                    help="number of cross-fitting folds of the fit split")
    ap.add_argument("--exclude-fold", type=int, default=None,
                    help="leave out fit records of this fold (for cross-fitted scores)")
    args = ap.parse_args(argv)
    global EXCLUDED_FOLD, FOLDS
    EXCLUDED_FOLD, FOLDS = args.exclude_fold, args.folds

    from sklearn.linear_model import LogisticRegression

    rng = random.Random(args.seed)
    texts, labels, message, counts = collect(rng, args.max_per_set, args.offtopic_repeat)
    for (name, label), n in sorted(counts.items()):
        print(f"  {name:28s} {'spam' if label else 'ham '} {n}")
    feats = [features(t) for t in texts]
    df = Counter(f for fs in feats for f in fs)
    vocab = {f: i for i, f in enumerate(sorted(f for f, c in df.items() if c >= args.min_df))}
    X = ngram_matrix(feats, vocab)
    if args.penalty == "l1":
        clf = LogisticRegression(C=args.C, penalty="l1", solver="liblinear", max_iter=3000)
    else:
        clf = LogisticRegression(C=args.C, max_iter=3000)
    if args.ham_messages_as_spam:
        labels = [1 if m else y for y, m in zip(labels, message)]
    weights = [args.spam_weight if y else (args.message_ham_weight if m else 1.0)
               for y, m in zip(labels, message)]
    clf.fit(X, labels, sample_weight=weights)
    coef = clf.coef_[0]
    kept = sorted(((f, coef[j]) for f, j in vocab.items() if abs(coef[j]) >= args.prune),
                  key=lambda x: x[0])
    out = Path(args.out)
    with out.open("w", encoding="utf-8") as fh:
        fh.write("# Sentence spam classifier (logistic regression), "
                 "written by tools/train_spam.py\n")
        fh.write(f"# trained on {len(texts)} texts ({sum(labels)} spam), fit split only; "
                 f"penalty={args.penalty} C={args.C} prune={args.prune} "
                 f"spam_weight={args.spam_weight} "
                 f"message_ham_weight={args.message_ham_weight} min_df={args.min_df}\n")
        fh.write(f"# bias\t{clf.intercept_[0]:.6f}\n")
        for f, w in kept:
            fh.write(f"{f}\t{w:.4f}\n")
    print(f"{len(texts)} texts, {len(vocab)} features, {len(kept)} kept -> {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

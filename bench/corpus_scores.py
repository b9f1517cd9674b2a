"""Scores of professional news versus the seed articles (issue: the core pipeline).

    python bench/corpus_scores.py [--corpus ../shared/corpus] [--limit N]

Runs credscore on every bbc_news and reuters21578 article of the dev corpus (title line, blank
line, body: as a file holds it) and on both seeds,
and prints the median score, the share below 50, the grade distribution, the most frequent
rules on news, and the seeds' scores.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections import Counter
from pathlib import Path

from credscore.api import Checker

ROOT = Path(__file__).resolve().parent.parent


def load(corpus: Path, name: str, limit: int | None) -> list[str]:
    """The articles as files would hold them: the title line, a blank line, the body."""
    with open(corpus / name / "dev.jsonl", encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh]
    texts = [f"{r['title']}\n\n{r['text']}" if r.get("title") else r["text"] for r in rows]
    return texts[:limit] if limit else texts


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    ap.add_argument("--limit", type=int, default=None)
    args = ap.parse_args()
    checker = Checker()
    print(f"{'set':<14} {'n':>5} {'median':>7} {'<50':>7} {'<80':>7}  grades")
    all_scores: list[int] = []
    rule_counts: Counter[str] = Counter()
    started = time.perf_counter()
    unassessed = 0
    for name in ("bbc_news", "reuters21578"):
        scores = []
        for text in load(args.corpus, name, args.limit):
            report = checker.check_text(text)
            if report.score is None:  # not assessed (not English, too short): no score
                unassessed += 1
                continue
            scores.append(report.score)
            rule_counts.update({f.rule_id for f in report.findings if f.penalty > 0})
        all_scores += scores
        _row(name, scores)
    _row("news (both)", all_scores)
    if unassessed:
        print(f"not assessed (no score): {unassessed}")
    elapsed = time.perf_counter() - started
    print(f"\nnews articles per second (one process, incl. metrics): "
          f"{len(all_scores) / elapsed:.0f}")
    print("\narticles (of news) where a rule cost points:")
    for rule_id, n in rule_counts.most_common(12):
        print(f"  {rule_id}  {n:5d}  {n / len(all_scores):6.1%}")
    print("\nseeds:")
    for seed in sorted((ROOT / "seeds").glob("*.txt")):
        if seed.is_symlink():
            continue
        report = checker.check_path(seed)
        fams = Counter(f.family for f in report.findings if f.severity.label != "info")
        print(f"  {seed.name:<36} score {report.score:3d} grade {report.grade}  "
              f"warning+ findings by family: {dict(sorted(fams.items()))}")


def _row(name: str, scores: list[int]) -> None:
    grades = Counter("A" if s >= 90 else "B" if s >= 80 else "C" if s >= 65 else "D" if s >= 50
                     else "F" for s in scores)
    below50 = sum(s < 50 for s in scores) / len(scores)
    below80 = sum(s < 80 for s in scores) / len(scores)
    print(f"{name:<14} {len(scores):5d} {statistics.median(scores):7.1f} {below50:7.2%} "
          f"{below80:7.2%}  " + " ".join(f"{g}:{grades[g]}" for g in "ABCDF"))


if __name__ == "__main__":
    main()

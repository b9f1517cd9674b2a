"""Peak memory and time of one `credscore check` on a large article (issue 20).

    .venv/bin/python bench/memory.py [--mb 1 10 50] [--tracemalloc] [--ignore spam]

The article is BBC dev articles (../shared/corpus/bbc_news/dev.jsonl) joined by blank lines until
it reaches the size, so it is real prose at every length. Each size runs in a fresh process
(`credscore check --format json --max-bytes ...`); peak RSS is that process's ``ru_maxrss``.
``--tracemalloc`` instead reports, in process, the largest allocation sites at the peak.
``--ignore FAMILY`` passes ``--ignore FAMILY`` to credscore (to see what one family costs).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "bbc_news" / "dev.jsonl"


def article(size: int) -> str:
    texts = [json.loads(line)["text"] for line in CORPUS.open(encoding="utf-8")]
    parts, total, i = [], 0, 0
    while total < size:
        text = texts[i % len(texts)]
        parts.append(text)
        total += len(text.encode("utf-8")) + 2
        i += 1
    return "\n\n".join(parts)[:size]


def measure(path: Path, extra: list[str]) -> tuple[float, float, int]:
    child = (
        "import resource, subprocess, sys, time\n"
        "t = time.perf_counter()\n"
        "p = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)\n"
        "s = time.perf_counter() - t\n"
        "r = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
        "print(s, r, p.returncode)\n"
    )
    argv = [sys.executable, "-c", child, str(Path(sys.executable).parent / "credscore"),
            "check", "--format", "json", "--max-bytes", str(10**9), *extra, str(path)]
    out = subprocess.run(argv, capture_output=True, text=True, check=True)
    seconds, rss_kb, code = out.stdout.split()
    return float(seconds), int(rss_kb) / 1024, int(code)


def top_allocations(path: Path) -> None:
    import tracemalloc

    sys.path.insert(0, str(ROOT))
    from credscore.api import Checker

    checker = Checker()
    tracemalloc.start(8)
    checker.check_path(path)
    snapshot = tracemalloc.take_snapshot()
    print(f"peak traced {tracemalloc.get_traced_memory()[1] / 2**20:.0f} MB")
    for stat in snapshot.statistics("traceback")[:12]:
        print(f"{stat.size / 2**20:8.1f} MB  {stat.traceback.format()[-1].strip()}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--mb", type=float, nargs="+", default=[1, 10])
    ap.add_argument("--tracemalloc", action="store_true")
    ap.add_argument("--ignore", action="append", default=[], help="a rule family to skip")
    args = ap.parse_args()
    if not CORPUS.exists():
        sys.exit(f"{CORPUS} not found (the corpus lives in ../shared/corpus)")
    with tempfile.TemporaryDirectory(prefix="credscore-memory-") as tmp:
        for mb in args.mb:
            path = Path(tmp) / f"article-{mb:g}mb.txt"
            path.write_text(article(int(mb * 1_000_000)), encoding="utf-8")
            if args.tracemalloc:
                print(f"{mb:g} MB:")
                top_allocations(path)
                continue
            extra = [arg for family in args.ignore for arg in ("--ignore", family)]
            seconds, rss, code = measure(path, extra)
            print(f"{mb:6g} MB  {seconds:8.1f} s  peak RSS {rss:8.0f} MB  exit {code}",
                  flush=True)


if __name__ == "__main__":
    main()

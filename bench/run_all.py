"""Run every benchmark in turn (what `make bench` does); pass names to run only some.

    .venv-bench/bin/python bench/run_all.py [corpus_scores startup insertion ...]

Each benchmark prints its own figures; BENCHMARKS.md records them with the same commands.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ORDER = ["corpus_scores", "startup", "insertion", "attribution", "filler_promo", "html_extract",
         "throughput"]


def main() -> int:
    names = sys.argv[1:] or ORDER
    unknown = [n for n in names if not (HERE / f"{n}.py").is_file()]
    if unknown:
        print(f"unknown benchmark(s): {', '.join(unknown)} (have: {', '.join(ORDER)})",
              file=sys.stderr)
        return 2
    failed = []
    for name in names:
        print(f"\n=== bench/{name}.py ===", flush=True)
        started = time.perf_counter()
        code = subprocess.call([sys.executable, str(HERE / f"{name}.py")])
        print(f"--- {name}: exit {code}, {time.perf_counter() - started:.0f} s", flush=True)
        if code:
            failed.append(name)
    if failed:
        print(f"\nfailed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

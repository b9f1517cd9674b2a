"""Cold start of `credscore check` for two source trees, interleaved in the same run.

    git archive main --prefix=cs-main/ | tar -x -C /tmp
    git archive HEAD --prefix=cs-branch/ | tar -x -C /tmp
    python -m compileall -q /tmp/cs-main/credscore /tmp/cs-branch/credscore
    nice python bench/compare_startup.py seeds/ai-security-slots-insertion.txt 21 \\
        /tmp/cs-main /tmp/cs-branch

Each tree runs as ``PYTHONPATH=TREE python -m credscore check --no-color SEED`` with this
interpreter's dependencies; runs alternate between the trees so that machine noise hits both.
Prints each tree's median and its ratio to the first tree's.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time


def main() -> int:
    if len(sys.argv) < 4:
        print(__doc__, file=sys.stderr)
        return 2
    seed, runs, trees = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
    times: dict[str, list[float]] = {t: [] for t in trees}
    for t in trees:  # warm-up: the on-disk rule cache of each tree
        subprocess.run([sys.executable, "-m", "credscore", "check", "--no-color", seed],
                       env=dict(os.environ, PYTHONPATH=t), capture_output=True)
    for _ in range(runs):
        for t in trees:
            start = time.perf_counter()
            subprocess.run([sys.executable, "-m", "credscore", "check", "--no-color", seed],
                           env=dict(os.environ, PYTHONPATH=t), capture_output=True)
            times[t].append(time.perf_counter() - start)
    base = statistics.median(times[trees[0]])
    for t in trees:
        median = statistics.median(times[t])
        print(f"{t}: median {median * 1000:.0f} ms over {runs} runs, ratio {median / base:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Cold start of `credscore check` for two source trees, interleaved in the same run.

    git archive main --prefix=cs-main/ | tar -x -C /tmp
    git archive HEAD --prefix=cs-branch/ | tar -x -C /tmp
    python -m compileall -q /tmp/cs-main/credscore /tmp/cs-branch/credscore
    nice python bench/compare_startup.py seeds/ai-security-slots-insertion.txt 21 \\
        /tmp/cs-main /tmp/cs-branch

Each tree runs as ``PYTHONPATH=TREE python -m credscore check --no-color SEED`` with this
interpreter's dependencies; runs alternate between the trees so that machine noise hits both.
Prints each tree's median and its ratio to the first tree's. When this interpreter's
environment has proselint (the bench environment), ``proselint check SEED`` runs in the same
loop and each median is also given as a ratio to proselint's. ``PYTHONDONTWRITEBYTECODE`` is
removed for every run (this sandbox sets it), and each tree gets a fresh credscore cache folder
(filled by its warm-up run), as ``bench/startup.py`` does: a shared cache would hold the entries
of every tree and checkout it ever saw, and load them all on every start.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time


def main() -> int:
    if len(sys.argv) < 4:
        print(__doc__, file=sys.stderr)
        return 2
    seed, runs, trees = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    caches = tempfile.TemporaryDirectory(prefix="credscore-compare-")
    commands = {t: ([sys.executable, "-m", "credscore", "check", "--no-color", seed],
                    dict(env, PYTHONPATH=t, CREDSCORE_CACHE_DIR=os.path.join(caches.name, str(k))))
                for k, t in enumerate(trees)}
    proselint = os.path.join(os.path.dirname(sys.executable), "proselint")
    if os.path.exists(proselint):
        commands["proselint"] = ([proselint, "check", seed], env)
    times: dict[str, list[float]] = {name: [] for name in commands}
    for argv, run_env in commands.values():  # warm-up: the on-disk rule cache of each tree
        subprocess.run(argv, env=run_env, capture_output=True)
    for _ in range(runs):
        for name, (argv, run_env) in commands.items():
            start = time.perf_counter()
            subprocess.run(argv, env=run_env, capture_output=True)
            times[name].append(time.perf_counter() - start)
    base = statistics.median(times[trees[0]])
    peer = statistics.median(times["proselint"]) if "proselint" in times else None
    for name in commands:
        median = statistics.median(times[name])
        versus = f", {median / peer:.2f}x proselint" if peer else ""
        print(f"{name}: median {median * 1000:.0f} ms over {runs} runs, ratio {median / base:.3f}"
              f"{versus}")
    caches.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())

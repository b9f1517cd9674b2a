"""Cold start: a whole `credscore check` process versus proselint's, measured in the same run.

    .venv-bench/bin/python bench/startup.py [--runs 15]

Runs are interleaved (python -c pass, credscore check, proselint check, credscore --version,
credscore rules) so machine noise hits all of them alike; medians and the ratio to proselint
are printed, then the slowest imports of a cold check (python -X importtime).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "003_e0cf293beb21d17e.txt"
BIN = Path(sys.executable).parent


def _timed(argv: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--runs", type=int, default=15)
    args = ap.parse_args()
    credscore = str(BIN / "credscore")
    proselint = str(BIN / "proselint")
    commands = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "credscore check seed": [credscore, "check", str(SEED)],
        "proselint check seed": [proselint, "check", str(SEED)],
        "credscore --version": [credscore, "--version"],
        "credscore rules": [credscore, "rules"],
    }
    times: dict[str, list[float]] = {name: [] for name in commands}
    for argv in commands.values():  # warm the file cache once
        _timed(argv)
    for _ in range(args.runs):
        for name, argv in commands.items():
            times[name].append(_timed(argv))
    base = statistics.median(times["proselint check seed"])
    print(f"cold wall time, median of {args.runs} interleaved runs ({SEED.name})")
    for name, values in times.items():
        med = statistics.median(values)
        print(f"  {name:<24} {med * 1000:7.1f} ms   {med / base:5.2f}x proselint")
    out = subprocess.run([sys.executable, "-X", "importtime", "-m", "credscore", "check",
                          str(SEED)], capture_output=True, text=True, check=False).stderr
    rows = []
    for line in out.splitlines():
        if line.startswith("import time:") and "|" in line:
            _, cumulative, name = line.split("|")
            try:
                rows.append((int(cumulative), name.rstrip()))
            except ValueError:
                continue
    top = [r for r in sorted(rows, reverse=True) if r[1].startswith(" ") and
           not r[1].startswith("  ")][:10]
    print("\nslowest top-level imports of a cold check (cumulative, -X importtime):")
    for cumulative, name in top:
        print(f"  {cumulative / 1000:7.1f} ms  {name.strip()}")


if __name__ == "__main__":
    main()

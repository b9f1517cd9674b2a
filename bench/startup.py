"""Cold start: a whole `credscore check` process versus proselint's, measured in the same run.

    .venv-bench/bin/python bench/startup.py [--runs 15] [--editable]

credscore is measured as a user gets it: a regular (not editable) install of this working tree,
with its bytecode compiled by pip, in a throwaway virtual environment whose dependencies come
from this (bench) environment through a .pth line. An editable install adds a path finder to
every start-up (~10 ms here); ``--editable`` measures the bench environment's own copy instead.
``PYTHONDONTWRITEBYTECODE`` is removed for every run (this sandbox sets it), for proselint too.

credscore keeps compiled regular expressions and parsed rule data in an on-disk cache
(credscore.diskcache, like Python's ``__pycache__``). The bench points it at a fresh folder, so
the warm-up run is the first run after installing; "check seed" is every run after that, and
"check seed, no cache" (``CREDSCORE_NO_CACHE=1``) is what every run would cost without it.

Runs are interleaved (python -c pass, credscore check with and without the cache, proselint
check, credscore --version, credscore rules) so machine noise hits all of them alike; medians
and the ratio to proselint are printed, then the slowest imports of a cold check
(python -X importtime).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "003_e0cf293beb21d17e.txt"
BIN = Path(sys.executable).parent


ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def _timed(argv: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False,
                   env=env)
    return time.perf_counter() - start


def _regular_install(where: Path) -> Path:
    """A venv at ``where`` with this tree pip-installed (not editable); its bin folder."""
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(where)], check=True)
    python = where / "bin" / "python"
    site = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()"
                           "['purelib'])"], capture_output=True, text=True, check=True)
    deps = sysconfig.get_paths()["purelib"]  # typer, rich, ... from the bench environment
    (Path(site.stdout.strip()) / "_bench_dependencies.pth").write_text(deps + "\n")
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "-q",
                    "--no-deps", str(ROOT)], check=True, env=ENV)
    return where / "bin"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--runs", type=int, default=15)
    ap.add_argument("--editable", action="store_true",
                    help="measure the bench environment's editable install instead")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="credscore-startup-") as tmp:
        bin_dir = BIN if args.editable else _regular_install(Path(tmp) / "venv")
        ENV["CREDSCORE_CACHE_DIR"] = str(Path(tmp) / "cache")
        _measure(args.runs, bin_dir)


def _measure(runs: int, bin_dir: Path) -> None:
    credscore = str(bin_dir / "credscore")
    proselint = str(BIN / "proselint")
    no_cache = {**ENV, "CREDSCORE_NO_CACHE": "1"}
    commands = {
        "python -c pass": ([sys.executable, "-c", "pass"], ENV),
        "credscore check seed": ([credscore, "check", str(SEED)], ENV),
        "check seed, no cache": ([credscore, "check", str(SEED)], no_cache),
        "proselint check seed": ([proselint, "check", str(SEED)], ENV),
        "credscore --version": ([credscore, "--version"], ENV),
        "credscore rules": ([credscore, "rules"], ENV),
    }
    times: dict[str, list[float]] = {name: [] for name in commands}
    for argv, env in commands.values():  # warm the file cache and credscore's cache once
        _timed(argv, env)
    for _ in range(runs):
        for name, (argv, env) in commands.items():
            times[name].append(_timed(argv, env))
    base = statistics.median(times["proselint check seed"])
    print(f"cold wall time, median of {runs} interleaved runs ({SEED.name}; credscore from "
          f"{bin_dir})")
    for name, values in times.items():
        med = statistics.median(values)
        print(f"  {name:<24} {med * 1000:7.1f} ms   {med / base:5.2f}x proselint")
    out = subprocess.run([str(bin_dir / "python"), "-X", "importtime", "-m", "credscore",
                          "check", str(SEED)], capture_output=True, text=True, check=False,
                         env=ENV).stderr
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

"""Batch throughput: `credscore audit` with 1 and 2 jobs, the floor, slop-guard, RSS, size scaling.

Run (bench environment, where slop-guard's ``sg`` lives; credscore is installed there too)::

    nice .venv-bench/bin/python bench/throughput.py            # everything, ~5 minutes
    nice .venv-bench/bin/python bench/throughput.py --quick    # 600 files, no 20k run

What it does, in one run so that ratios share the machine's conditions:

1. Writes the ``bbc_news`` + ``reuters21578`` dev articles of ``../shared/corpus`` as text files
   (title, blank line, body) into a temporary folder (3,250 files), and a second folder that
   repeats them (hard links, different names) up to 20,000 files. The texts never leave the
   temporary folder.
2. **Floor**: read every file and split it into sentences (``Document(text).sentences``), in
   this process, nothing else.
3. **credscore**: the real command, ``credscore audit DIR --jobs N --out rows.jsonl``, as a
   subprocess, wall time for the whole command (start-up, census pass, scoring, writing, summary).
   ``--repeat`` runs of 1 and 2 jobs are interleaved; the median is reported.
4. **slop-guard**: ``sg -s FILE...`` once over the same 3,250 files (``bench/peers.py``).
5. **Peak RSS** of ``credscore audit`` over the 20,000 files with 2 jobs: the largest sum of
   VmRSS over the process tree (parent and workers), sampled every 20 ms from /proc.
6. **Size scaling**: one article of 10 KB, 100 KB, 1 MB and 10 MB (distinct BBC/Reuters articles
   joined by blank lines), scored in this process with ``Checker.check_path`` (warm; median of 3
   runs, 1 run for 10 MB).

Targets (issue 6): 2 jobs >= 1.7x 1 job; 2 jobs >= 1.5x slop-guard; credscore per article at
most 100x the floor; peak RSS <= 400 MB at 20,000 files; time growing about linearly with size.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

DATASETS = ("bbc_news", "reuters21578")


def load_articles() -> list[str]:
    texts = []
    for ds in DATASETS:
        with open(CORPUS / ds / "dev.jsonl", encoding="utf-8") as fh:
            for line in fh:
                rec = json.loads(line)
                title = (rec.get("title") or "").strip()
                texts.append((title + "\n\n" if title else "") + rec["text"].strip() + "\n")
    return texts


def write_sets(base: Path, texts: list[str], repeat_to: int) -> tuple[Path, Path, list[str]]:
    one = base / "articles"
    one.mkdir()
    paths = []
    for i, text in enumerate(texts):
        p = one / f"{i:05d}.txt"
        p.write_text(text, encoding="utf-8")
        paths.append(str(p))
    many = base / "repeated"
    many.mkdir()
    n = 0
    while n < repeat_to:
        sub = many / f"r{n // len(paths):02d}"
        sub.mkdir(exist_ok=True)
        for src in paths:
            if n >= repeat_to:
                break
            dst = sub / Path(src).name
            try:
                os.link(src, dst)
            except OSError:
                shutil.copyfile(src, dst)
            n += 1
    return one, many, paths


def floor_seconds(paths: list[str]) -> tuple[float, float]:
    """(wall, CPU) seconds to read every file and split it into sentences, in this process."""
    from credscore.segment.document import Document

    start, cpu = time.perf_counter(), time.process_time()
    for p in paths:
        doc = Document(text=Path(p).read_text(encoding="utf-8"))
        _ = doc.sentences
    return time.perf_counter() - start, time.process_time() - cpu


def credscore_exe() -> str:
    exe = Path(sys.executable).parent / "credscore"
    if not exe.is_file():
        sys.exit(f"{exe} not found: install credscore into this environment "
                 f"({sys.executable} -m pip install -e {ROOT})")
    return str(exe)


def _tree_rss_kb(pid: int) -> tuple[int, int]:
    """(RSS, PSS) of ``pid`` and all its descendants (kB), from /proc/PID/smaps_rollup.

    RSS counts pages shared by forked workers once per process; PSS splits them among the
    processes that share them, so the PSS sum is the tree's real footprint.
    """
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="utf-8") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(entry))
        except (OSError, IndexError, ValueError):
            continue
    rss = pss = 0
    todo = [pid]
    while todo:
        p = todo.pop()
        todo.extend(children.get(p, ()))
        try:
            with open(f"/proc/{p}/smaps_rollup", encoding="utf-8") as fh:
                for line in fh:
                    if line.startswith("Rss:"):
                        rss += int(line.split()[1])
                    elif line.startswith("Pss:"):
                        pss += int(line.split()[1])
        except OSError:
            continue
    return rss, pss


def children_cpu() -> float:
    """CPU seconds (user + system) of every finished descendant, pool workers included."""
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


def run_audit_cli(folder: Path, jobs: int, out: Path, track_rss: bool = False
                  ) -> tuple[float, float, tuple[int, int], int]:
    """(wall s, CPU s of the tree, peak tree (RSS, PSS) kB or 0s, exit code) of one audit."""
    if out.exists():
        out.unlink()
    argv = [credscore_exe(), "audit", str(folder), "--jobs", str(jobs), "--out", str(out)]
    cpu0 = children_cpu()
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = (0, 0)
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not stop.is_set():
            rss, pss = _tree_rss_kb(proc.pid)
            peak = (max(peak[0], rss), max(peak[1], pss))
            stop.wait(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    if track_rss:
        sampler.start()
    _, err = proc.communicate()
    wall = time.perf_counter() - start
    stop.set()
    if track_rss:
        sampler.join()
    if proc.returncode not in (0, 2):
        sys.exit(f"credscore audit failed ({proc.returncode}): {err.decode()[-2000:]}")
    return wall, children_cpu() - cpu0, peak, proc.returncode


def size_scaling(texts: list[str], base: Path) -> list[tuple[int, float, int]]:
    from credscore.api import Checker

    checker = Checker()
    checker.check_text(texts[0])  # warm: lexicons and models loaded
    out = []
    for size in (10_000, 100_000, 1_000_000, 10_000_000):
        parts, n, i = [], 0, 0
        while n < size:
            t = texts[i % len(texts)]
            parts.append(t)
            n += len(t.encode("utf-8")) + 1
            i += 1
        data = "\n".join(parts).encode("utf-8")[:size]
        data = data.decode("utf-8", "ignore").encode("utf-8")
        p = base / f"size_{size}.txt"
        p.write_bytes(data)
        runs = []
        for _ in range(1 if size >= 10_000_000 else 3):
            start = time.perf_counter()
            checker.check_path(p)
            runs.append(time.perf_counter() - start)
        out.append((len(data), statistics.median(runs), i))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="600 files, no 20,000-file run")
    ap.add_argument("--repeat", type=int, default=3, help="runs of each job count (median)")
    ap.add_argument("--files", type=int, default=20_000, help="size of the repeated set")
    ap.add_argument("--skip-sizes", action="store_true")
    args = ap.parse_args()
    if not CORPUS.is_dir():
        sys.exit(f"{CORPUS} not found: the benchmark reads ../shared/corpus")

    texts = load_articles()
    if args.quick:
        texts = texts[:600]
    base = Path(tempfile.mkdtemp(prefix="credscore-throughput-"))
    try:
        one, many, paths = write_sets(base, texts, 0 if args.quick else args.files)
        n = len(paths)
        print(f"files: {n:,} ({sum(len(t) for t in texts) / n / 1000:.1f} kB mean) in {one}")
        print(f"load average before: {os.getloadavg()}")

        floor, floor_cpu = floor_seconds(paths)
        print(f"floor (read + sentence split, 1 process): {floor:.2f} s, "
              f"{floor / n * 1000:.3f} ms/article", flush=True)

        out = base / "rows.jsonl"
        peaks: list[tuple[int, int]] = []
        walls: dict[int, list[float]] = {1: [], 2: []}
        cpus: dict[int, list[float]] = {1: [], 2: []}
        for r in range(args.repeat):
            for jobs in ((1, 2) if r % 2 == 0 else (2, 1)):
                wall, cpu, peak, code = run_audit_cli(one, jobs, out, track_rss=jobs == 2)
                if jobs == 2:
                    peaks.append(peak)
                walls[jobs].append(wall)
                cpus[jobs].append(cpu)
                print(f"  credscore audit --jobs {jobs}: {wall:.2f} s wall, {cpu:.2f} s CPU "
                      f"({n / wall:.0f} articles/s, exit {code}, load {os.getloadavg()[0]:.1f})",
                      flush=True)
        rows = sum(1 for _ in out.open(encoding="utf-8"))
        med = {j: statistics.median(w) for j, w in walls.items()}
        cpu_med = {j: statistics.median(c) for j, c in cpus.items()}

        from peers import slop_guard_cli_over_files

        cpu0 = children_cpu()
        sg = slop_guard_cli_over_files(paths)
        sg_cpu = children_cpu() - cpu0
        print(f"  slop-guard sg -s (1 process): {sg:.2f} s wall, {sg_cpu:.2f} s CPU "
              f"({n / sg:.0f} articles/s)", flush=True)

        print("\n| measure | wall s | articles/s | ms/article | CPU s | CPU ms/article |")
        print("|---|---:|---:|---:|---:|---:|")
        print(f"| floor: read + split sentences (1 process) | {floor:.2f} | {n / floor:,.0f} | "
              f"{floor / n * 1000:.3f} | {floor_cpu:.2f} | {floor_cpu / n * 1000:.3f} |")
        for jobs in (1, 2):
            print(f"| `credscore audit --jobs {jobs}` (median of {args.repeat}) | {med[jobs]:.2f} "
                  f"| {n / med[jobs]:,.0f} | {med[jobs] / n * 1000:.2f} | {cpu_med[jobs]:.2f} | "
                  f"{cpu_med[jobs] / n * 1000:.2f} |")
        print(f"| slop-guard `sg -s` over the same files (1 process) | {sg:.2f} | {n / sg:,.0f} | "
              f"{sg / n * 1000:.2f} | {sg_cpu:.2f} | {sg_cpu / n * 1000:.2f} |")
        print(f"\nrows written: {rows:,} of {n:,}")
        print(f"2 jobs / 1 job (wall): {med[1] / med[2]:.2f}x (target >= 1.7); parallel "
              f"efficiency by CPU time: {cpu_med[1] / cpu_med[2]:.2f} "
              f"(2 idle cores would give {2 * cpu_med[1] / cpu_med[2]:.2f}x)")
        print(f"2 jobs vs slop-guard (wall): {sg / med[2]:.2f}x (target >= 1.5); by CPU time "
              f"with 2 idle cores: {sg_cpu / (cpu_med[2] / 2):.2f}x")
        print(f"1 job / floor: {med[1] / floor:.0f}x wall, {cpu_med[1] / floor_cpu:.0f}x CPU "
              "(target <= 100)")
        runs = {j: [round(w, 2) for w in ws] for j, ws in walls.items()}
        print(f"runs: 1 job {runs[1]}, 2 jobs {runs[2]}")

        if not args.quick:
            big_out = base / "rows20k.jsonl"
            wall, cpu, peak, _ = run_audit_cli(many, 2, big_out, track_rss=True)
            m = sum(1 for _ in big_out.open(encoding="utf-8"))
            small = (max(p[0] for p in peaks), max(p[1] for p in peaks))
            print(f"\n{m:,} files, --jobs 2: {wall:.1f} s wall, {cpu:.1f} s CPU "
                  f"({m / wall:.0f} articles/s)")
            print(f"peak memory of the process tree (parent + 2 workers), --jobs 2: "
                  f"{n:,} files RSS {small[0] / 1024:.0f} MB / PSS {small[1] / 1024:.0f} MB; "
                  f"{m:,} files RSS {peak[0] / 1024:.0f} MB / PSS {peak[1] / 1024:.0f} MB "
                  "(target <= 400 MB)")

        if not args.skip_sizes:
            print("\n| article size | articles joined | seconds | µs per kB |")
            print("|---:|---:|---:|---:|")
            for size, secs, joined in size_scaling(texts, base):
                print(f"| {size / 1000:,.0f} kB | {joined:,} | {secs:.3f} | "
                      f"{secs / (size / 1000) * 1e6:,.0f} |")
        print(f"\nload average after: {os.getloadavg()}")
    finally:
        shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()

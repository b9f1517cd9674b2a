"""Where one check's CPU goes: ms per article by stage and by rule family (issue 16).

    nice .venv/bin/python bench/stages.py                  # BBC + Reuters dev articles
    nice .venv/bin/python bench/stages.py --every 4        # every 4th article (quicker)
    nice .venv/bin/python bench/stages.py --mb 10          # one article of 10 MB (memory.py's)
    nice .venv/bin/python bench/stages.py --json out.json  # the table as JSON too

Every article goes through ``Checker.check_document`` as in ``credscore audit`` (parse, analyse,
score, ``Report.to_dict`` and the JSON line), in this process, after one warm-up article. The
functions of each stage are wrapped with a timer that counts *exclusive* CPU time
(``time.process_time``): a stage that triggers another (a detector asking for the sentences
first) is charged only for its own part. Lazily computed facts land on the stage that needs them
first: the sentence split on "segment" (the bench asks for it before the rules run, as
every rule needs it), the spam family's shared sentence signals on the first spam rule.

Stages: load (decode + parse into a Document), segment (blocks, sentences, words, folded text),
language, one line per rule family (each rule's ``detect``), attribution counts, style counts,
padding share, headline, the rest of the measures, readability (textstat), scoring (the
credibility model), rendering (``to_dict`` + JSON line; ``--text`` adds the terminal renderer),
and "other" (what the wrapped functions do not cover: finding construction, suppression, fixes).
With ``--mb`` it also prints peak RSS per stage (VmHWM, reset before each stage through
``/proc/self/clear_refs``) to show which stage holds the memory.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))



class StageClock:
    """Exclusive CPU time per stage name, over nested wrapped calls."""

    def __init__(self) -> None:
        self.totals: dict[str, float] = defaultdict(float)
        self.peaks: dict[str, float] = defaultdict(float)
        self.track_memory = False
        self._stack: list[list[Any]] = []  # [name, start, child time]

    def wrap(self, name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(fn)
        def timed(*args: Any, **kwargs: Any) -> Any:
            if self.track_memory:  # peaks are inclusive: a stage's peak covers its callees
                if self._stack:
                    self._stack[-1][3] = max(self._stack[-1][3], _peak_mb())
                _reset_peak()
            frame = [name, time.process_time(), 0.0, 0.0]  # name, start, callees, peak
            self._stack.append(frame)
            try:
                return fn(*args, **kwargs)
            finally:
                self._stack.pop()
                spent = time.process_time() - frame[1]
                self.totals[name] += spent - frame[2]
                if self._stack:
                    self._stack[-1][2] += spent
                if self.track_memory:
                    frame[3] = max(frame[3], _peak_mb())
                    self.peaks[name] = max(self.peaks[name], frame[3])
                    if self._stack:
                        self._stack[-1][3] = max(self._stack[-1][3], frame[3])
        return timed

    def patch(self, name: str, module: Any, attr: str) -> None:
        """Wrap ``module.attr`` and every credscore module's reference to the same function."""
        original = getattr(module, attr)
        wrapped = self.wrap(name, original)
        for mod_name, mod in list(sys.modules.items()):
            if mod_name.startswith("credscore") and mod is not None:
                for key, value in list(vars(mod).items()):
                    if value is original:
                        setattr(mod, key, wrapped)


def _reset_peak() -> None:
    try:
        with open("/proc/self/clear_refs", "w") as fh:
            fh.write("5")
    except OSError:
        pass


def _peak_mb() -> float:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return 0.0


def _wrap_cached_property(cls: type, attr: str, clock: StageClock, stage: str) -> None:
    prop = cls.__dict__[attr]
    new = functools.cached_property(clock.wrap(stage, prop.func))
    new.__set_name__(cls, attr)
    setattr(cls, attr, new)


def instrument(clock: StageClock, checker: Any) -> None:
    """Wrap the functions of every stage (module attributes, so late imports see them too)."""
    import credscore.analyse.measures as measures
    import credscore.analyse.metrics as metrics
    import credscore.analyse.readability as readability
    import credscore.analyse.style as style
    import credscore.detectors.attribution as attribution
    import credscore.detectors.filler as filler
    import credscore.detectors.headline as headline_det
    import credscore.load as loaders
    import credscore.report as report
    import credscore.score.scoring as scoring
    import credscore.segment.headline as headline
    from credscore.segment.document import Document

    for attr in ("lint_text", "folded", "blocks", "sentences", "words", "_line_starts"):
        _wrap_cached_property(Document, attr, clock, "segment")
    _wrap_cached_property(Document, "language", clock, "language")
    clock.patch("load", loaders, "parse_text")
    clock.patch("load", loaders, "parse_bytes")
    clock.patch("readability", readability, "readability")
    clock.patch("measures: attribution counts", attribution, "attribution_counts")
    clock.patch("measures: style counts", style, "style_counts")
    clock.patch("measures: padding share", filler, "padding_share")
    clock.patch("measures: headline", headline, "headline")
    clock.patch("measures: headline", headline_det, "headline_clickbait")
    clock.patch("measures: rest", measures, "article_measures")
    clock.patch("metrics", metrics, "document_metrics")
    clock.patch("scoring", scoring, "score_article")
    report.Report.to_dict = clock.wrap("render: to_dict + JSON", report.Report.to_dict)
    for rule, detector, _severity in checker.engine.rules:
        # detect() is often a generator: the wrapped call drains it, so its work is timed
        detector.detect = clock.wrap(f"rules: {rule.family}",
                                     lambda doc, d=detector.detect: list(d(doc)))


def load_articles(every: int) -> list[str]:
    """Every ``every``-th article as bench/throughput.py writes them (title, blank line, body)."""
    from throughput import load_articles as news_articles

    return news_articles()[::every]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--every", type=int, default=1, help="take every n-th article")
    ap.add_argument("--mb", type=float, help="one article of this many MB instead")
    ap.add_argument("--text", action="store_true", help="also time the terminal renderer")
    ap.add_argument("--json", type=Path, help="write the table as JSON here too")
    args = ap.parse_args()
    if not CORPUS.exists():
        sys.exit(f"{CORPUS} not found (the corpus lives in ../shared/corpus)")
    from credscore.api import Checker
    from credscore.render.jsonout import dumps_line

    if args.mb:
        from memory import article

        texts = [article(int(args.mb * 1_000_000))]
    else:
        texts = load_articles(args.every)
    checker = Checker()
    checker.check_text(load_articles(97)[0])  # warm: first-use imports and tables
    clock = StageClock()
    instrument(clock, checker)
    clock.track_memory = bool(args.mb)
    render_text = None
    if args.text:
        import io

        from rich.console import Console

        from credscore.render import text as text_render

        def render_text(rep: Any) -> None:
            console = Console(file=io.StringIO(), width=100, highlight=False, markup=False,
                              emoji=False)
            text_render.render_report(console, rep)
        render_text = clock.wrap("render: text", render_text)
    dumps = clock.wrap("render: to_dict + JSON", dumps_line)
    start_cpu, start_wall = time.process_time(), time.perf_counter()
    for text in texts:
        rep = checker.check_text(text, "txt")
        dumps(rep.to_dict())
        if render_text is not None:
            render_text(rep)
    cpu, wall = time.process_time() - start_cpu, time.perf_counter() - start_wall
    n = len(texts)
    covered = sum(clock.totals.values())
    rows = sorted(clock.totals.items(), key=lambda kv: -kv[1])
    rows.append(("other (not wrapped)", cpu - covered))
    what = f"one {args.mb:g} MB article" if args.mb else f"{n} BBC + Reuters dev articles"
    print(f"{what}: {cpu:.2f} s CPU, {wall:.2f} s wall, {cpu / n * 1000:.3f} ms CPU/article")
    print(f"{'stage':<34} {'ms/article':>11} {'share':>7}" + ("  peak RSS MB" if args.mb else ""))
    for name, total in rows:
        peak = f"  {clock.peaks.get(name, 0):11.0f}" if args.mb else ""
        print(f"{name:<34} {total / n * 1000:11.3f} {total / cpu:7.1%}{peak}")
    if args.mb:
        print(f"peak RSS of the process: {resource_peak_mb():.0f} MB")
    if args.json:
        args.json.write_text(json.dumps({
            "articles": n, "cpu_s": cpu, "wall_s": wall, "pid": os.getpid(),
            "ms_per_article": {k: v / n * 1000 for k, v in rows},
            "peak_mb": dict(clock.peaks)}, indent=1), encoding="utf-8")


def resource_peak_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


if __name__ == "__main__":
    main()

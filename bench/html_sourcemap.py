"""What the HTML source map costs: credscore/load/html.py now vs at a git ref, same run.

    nice .venv/bin/python bench/html_sourcemap.py [--ref main] [--pages 240] [--seed 20261126]
                                                  [--repeat 5] [--mb 1 3 10]

"Before" is ``credscore/load/html.py`` as it is at ``--ref`` (``git show``), loaded as a
module next to the current one (same Document, same interpreter). Two page sets:

1. the pages of bench/html_extract.py (same builder, articles and seed: bbc_news and
   reuters21578 dev texts in five layouts with menus, comments, scripts...). Per page the two
   loaders run alternately ``--repeat`` times each, and each keeps its fastest run; reported:
   the median per-page time of each and the median of the per-page ratios. Also checked on every
   page: the extracted text, links and suppression markers are the same as before, and every
   character of the text maps to source that reads as it (the same character once references
   are decoded; a space from white space; a line break from white space or a tag).
   Then a whole ``credscore check`` of each page (``Checker.check_text``: loader, rules, score;
   with the map also placing each finding in the page), the two loaders alternating, fastest of
   ``--repeat``: the median per page of each and of the ratios.
2. long pages: BBC dev articles as ``<p>``s (entities, inline ``<em>`` and links) until the page
   is 1, 3, 10 MB, to see that the cost stays linear: each loader's time (fastest of 3) and ms
   per MB, the map's size (segments; 24 bytes each), and the peak memory the loader allocates
   (tracemalloc, a separate untimed run of each).

Nothing from the corpus is written anywhere; pages are built in memory.
"""

from __future__ import annotations

import argparse
import html
import importlib.util
import json
import random
import statistics
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT))

import html_extract as hx  # noqa: E402  (the page builder of bench/html_extract.py)

from credscore.analyse.sourcemap import SOURCE_MAP_KEY  # noqa: E402
from credscore.api import Checker  # noqa: E402
from credscore.load import html as after  # noqa: E402


def loader_at(ref: str) -> ModuleType:
    """credscore/load/html.py at git ``ref``, as module credscore.load._html_at_ref."""
    for where in ("credscore/load/html.py", "credscore/loaders/html.py"):  # before #16: loaders/
        shown = subprocess.run(["git", "show", f"{ref}:{where}"], cwd=ROOT,
                               capture_output=True, text=True)
        if shown.returncode == 0:
            break
    shown.check_returncode()
    code = shown.stdout
    name = "credscore.load._html_at_ref"
    spec = importlib.util.spec_from_loader(name, loader=None)
    assert spec is not None
    module = importlib.util.module_from_spec(spec)
    module.__package__ = "credscore.load"
    sys.modules[name] = module
    exec(compile(code, f"{ref}:{where}", "exec"), module.__dict__)
    return module


def mismatches(page: str, doc) -> int:  # type: ignore[no-untyped-def]
    """Characters of doc.text whose mapped source does not read as them."""
    source, to_source = doc.cache[SOURCE_MAP_KEY]
    bad = 0
    last = 0
    for i, ch in enumerate(doc.text):
        start, end = to_source(i), to_source.end(i)
        piece = source[start:end]
        if start < last or not (0 <= start < end <= len(source)):
            bad += 1
        elif ch == "\n":
            bad += not (piece.isspace() or (piece.startswith("<") and piece.endswith(">")))
        elif ch == " ":
            bad += not (piece.isspace() or html.unescape(piece).isspace())
        else:
            bad += ch not in html.unescape(piece)
        last = start
    return bad


def timed(fn: Callable[[str], object], page: str) -> float:
    start = time.perf_counter()
    fn(page)
    return (time.perf_counter() - start) * 1000


def long_page(mb: float) -> str:
    with open(hx.CORPUS / "bbc_news" / "dev.jsonl", encoding="utf-8") as fh:
        texts = [json.loads(line)["text"] for line in fh]
    rng = random.Random(5)
    parts, size, i = [], 0, 0
    while size < mb * 1_000_000:
        paras = [" ".join(p.split()) for p in texts[i % len(texts)].split("\n\n") if p.strip()]
        i += 1
        out = [f"<h2>{html.escape(paras[0])}</h2>"]
        for p in paras[1:]:
            words = html.escape(p).split(" ")  # quotes and apostrophes become references
            if len(words) > 8:
                k = rng.randrange(len(words) - 3)
                words[k] = f'<a href="/story/{i}">{words[k]}'
                words[k + 2] += "</a>"
                j = rng.randrange(len(words))
                words[j] = f"<em>{words[j]}</em>"
            out.append("<p>" + "\n    ".join(" ".join(words[w:w + 12])
                                            for w in range(0, len(words), 12)) + "</p>")
        chunk = "\n".join(out) + "\n"
        parts.append(chunk)
        size += len(chunk.encode("utf-8"))
    return "<!doctype html><html><body><article>\n" + "".join(parts) + "</article></body></html>\n"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--ref", default="main")
    ap.add_argument("--pages", type=int, default=240)
    ap.add_argument("--seed", type=int, default=20261126)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--mb", type=float, nargs="*", default=[1, 3, 10])
    args = ap.parse_args()
    if not hx.CORPUS.is_dir():
        sys.exit(f"corpus not found at {hx.CORPUS}")
    before = loader_at(args.ref)
    rng = random.Random(args.seed)
    arts, spare, pool = hx.load_articles(rng, args.pages)
    layouts = ["article", "main", "divsoup", "blog", "table"]
    pages = ["".join(hx.build(a, layouts[i % 5], rng, spare, pool).parts)
             for i, a in enumerate(arts)]
    old_parse, new_parse = before.parse_html, after.parse_html
    old_parse("<p>warm</p>")
    new_parse("<p>warm</p>")

    old_ms, new_ms, differ, bad_chars, chars = [], [], 0, 0, 0
    for page in pages:
        a, b = [], []
        for _ in range(args.repeat):
            a.append(timed(old_parse, page))
            b.append(timed(new_parse, page))
        old_ms.append(min(a))
        new_ms.append(min(b))
        old, new = old_parse(page), new_parse(page)
        differ += (old.text, old.links, old.cache.get("credscore_markers")) != (
            new.text, new.links, new.cache.get("credscore_markers"))
        bad_chars += mismatches(page, new)
        chars += len(new.text)
    sizes = [len(p) for p in pages]
    ratios = [n / o for n, o in zip(new_ms, old_ms)]
    print(f"{len(pages)} pages of bench/html_extract.py (seed {args.seed}), median page "
          f"{statistics.median(sizes) / 1000:.1f} kB; before = {args.ref}; fastest of "
          f"{args.repeat} alternating runs per page")
    print(f"  per-page ms, median: before {statistics.median(old_ms):.2f}, now "
          f"{statistics.median(new_ms):.2f}; ratio now/before, median "
          f"{statistics.median(ratios):.2f} (p10 {statistics.quantiles(ratios, n=10)[0]:.2f}, "
          f"p90 {statistics.quantiles(ratios, n=10)[-1]:.2f})")
    print(f"  pages whose text, links or markers differ from before: {differ}")
    print(f"  characters mapped to source that does not read as them: {bad_chars} of {chars:,}")

    checker = Checker()
    checker.check_text(pages[0], "html", "warm.html")
    old_check, new_check = [], []
    for page in pages:
        a, b = [], []
        for _ in range(args.repeat):
            after.parse_html = old_parse  # what credscore.load.parse_text calls
            a.append(timed(lambda p: checker.check_text(p, "html", "page.html"), page))
            after.parse_html = new_parse
            b.append(timed(lambda p: checker.check_text(p, "html", "page.html"), page))
        old_check.append(min(a))
        new_check.append(min(b))
    ratios = [n / o for n, o in zip(new_check, old_check)]
    print(f"  whole check per page, ms, median: before {statistics.median(old_check):.2f}, now "
          f"{statistics.median(new_check):.2f}; ratio now/before, median "
          f"{statistics.median(ratios):.3f}")

    print("\nlong pages (BBC dev paragraphs, entities, inline tags, links), fastest of 3:")
    print(f"  {'MB':>5} {'before ms':>10} {'now ms':>10} {'ratio':>6} {'before ms/MB':>13} "
          f"{'now ms/MB':>10} {'segments':>9} {'map kB':>7} {'peak MB before':>15} "
          f"{'peak MB now':>12}")
    for mb in args.mb:
        page = long_page(mb)
        real = len(page.encode("utf-8")) / 1e6
        o = min(timed(old_parse, page) for _ in range(3))
        n = min(timed(new_parse, page) for _ in range(3))
        smap = new_parse(page).cache[SOURCE_MAP_KEY][1]
        segs = len(smap.starts)
        peaks = []
        for parse in (old_parse, new_parse):
            tracemalloc.start()
            parse(page)
            peaks.append(tracemalloc.get_traced_memory()[1] / 1e6)
            tracemalloc.stop()
        print(f"  {real:5.1f} {o:10.0f} {n:10.0f} {n / o:6.2f} {o / real:13.0f} {n / real:10.0f} "
              f"{segs:9,} {segs * 24 / 1000:7.0f} {peaks[0]:15.1f} {peaks[1]:12.1f}")


if __name__ == "__main__":
    main()

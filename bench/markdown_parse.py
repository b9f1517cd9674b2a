"""Markdown loader: markdown-it-py with a source map (credscore/load/markdown.py) against the
regex loader it replaced, on real Markdown files and on the news corpus read as Markdown.

    .venv/bin/python bench/markdown_parse.py [--before DIR] [--docs GLOB ...]

``--before DIR`` is a checkout of the old loader's package, e.g.
``git archive dac7570 credscore | tar -x -C /tmp/before`` then ``--before /tmp/before``.
Real Markdown: every ``*.md`` file under /usr/share/doc (Debian ships changelogs and READMEs
there) plus this repository's README.md and BENCHMARKS.md, or the files of ``--docs``.
Reported: throughput (MB/s, whole-set time, best of 3), blocks the walk could not place (left
masked), whether the linted words equal markdown-it's own text tokens (the reference), and on
bbc_news + reuters21578 dev articles (plain prose, as a newsroom's .md drafts mostly are) how
many articles get different linted words from the two loaders.
"""

from __future__ import annotations

import argparse
import glob
import importlib.util
import json
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
sys.path.insert(0, str(ROOT))


def _old_loader(before: Path):  # type: ignore[no-untyped-def]
    where = before / "credscore" / "load" / "markdown.py"
    if not where.exists():  # a tree from before #16 (credscore/loaders/)
        where = before / "credscore" / "loaders" / "markdown.py"
    spec = importlib.util.spec_from_file_location("credscore.load._before_markdown", where)
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module.parse_markdown


def _timed(fn, texts: list[str], runs: int = 3) -> float:  # type: ignore[no-untyped-def]
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        for text in texts:
            fn(text)
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--before", type=Path, help="checkout of the previous credscore package")
    ap.add_argument("--docs", nargs="*", help="Markdown files (default: /usr/share/doc/**/*.md)")
    args = ap.parse_args()
    from credscore.load import parse_text
    from credscore.load.markdown import _BARE_URL, UNPLACED_KEY, _parser

    names = args.docs or sorted(glob.glob("/usr/share/doc/**/*.md", recursive=True))
    names += [str(ROOT / "README.md"), str(ROOT / "BENCHMARKS.md")]
    docs = []
    for name in names:
        try:
            docs.append(Path(name).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError):
            continue
    size = sum(len(d) for d in docs) / 1e6
    new = lambda text: parse_text(text, "md")  # noqa: E731
    print(f"{len(docs)} Markdown files, {size:.1f} M characters")
    t_new = _timed(new, docs)
    t_mdit = _timed(_parser().parse, docs)
    print(f"  markdown-it + source map: {t_new:.2f} s ({size / t_new:.2f} MB/s); markdown-it "
          f"parse alone {t_mdit:.2f} s")
    if args.before:
        old = _old_loader(args.before)
        t_old = _timed(old, docs)
        print(f"  regex loader (before):    {t_old:.2f} s ({size / t_old:.2f} MB/s); new / old "
              f"{t_new / t_old:.1f}x")
    unplaced = agree = 0
    for text in docs:
        doc = new(text)
        unplaced += doc.cache[UNPLACED_KEY]
        words: list[str] = []
        for token in _parser().parse(text):
            auto = False  # inside <https://...> or <name@host>: a link, not prose
            for child in token.children or ():
                if child.type in ("link_open", "link_close"):
                    auto = child.type == "link_open" and child.markup == "autolink"
                if child.type in ("text", "text_special") and not auto:
                    words.append(child.markup if child.type == "text_special"
                                 else child.content)
                elif child.type != "text_special":
                    words.append(" ")
            words.append(" ")
        ref = [re.sub(r"\\(?=[!-/:-@\[-`{-~])", "", w)
               for w in _BARE_URL.sub(" ", "".join(words)).split()]
        mine = [re.sub(r"\\(?=[!-/:-@\[-`{-~])", "", w) for w in doc.lint_text.split()]
        agree += mine == ref
    print(f"  blocks left unplaced (masked): {unplaced}; files whose linted words equal "
          f"markdown-it's text tokens: {agree}/{len(docs)}")

    if not CORPUS.is_dir():
        return
    articles = []
    for name in ("bbc_news", "reuters21578"):
        with open(CORPUS / name / "dev.jsonl", encoding="utf-8") as fh:
            articles += [json.loads(line)["text"] for line in fh]
    size = sum(len(a) for a in articles) / 1e6
    t_new = _timed(new, articles, 1)
    print(f"\n{len(articles)} news articles read as Markdown ({size:.1f} M characters): "
          f"{t_new / len(articles) * 1000:.2f} ms per article")
    if args.before:
        old = _old_loader(args.before)
        t_old = _timed(old, articles, 1)
        differ = sum(new(a).lint_text.split() != old(a).lint_text.split() for a in articles)
        print(f"  before: {t_old / len(articles) * 1000:.2f} ms per article; articles whose "
              f"linted words differ: {differ}")


if __name__ == "__main__":
    main()

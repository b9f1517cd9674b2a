"""Build rules/lexicons/common-words.txt: ordinary English words of four or more letters.

    python tools/build_wordlist.py [--corpus ../shared/corpus] [--min-count 3]

A word written in capitals is shouting when it is an ordinary word ("NEVER", "EXCLUSIVE") and
house style when it is an acronym ("OPEC", "USDA"). An ordinary word is one that the dev
corpus's edited prose (bbc_news, reuters21578 and the Wikipedia sentences of
szeged_wiki_uncertainty) writes in lower case at least ``--min-count`` times; acronyms never
appear in lower case there. Only the word list is stored, no text.
"""

from __future__ import annotations

import argparse
import json
import re
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SETS = ("bbc_news", "reuters21578", "szeged_wiki_uncertainty")
_LOWER_WORD = re.compile(r"(?<![\w'’-])[a-z]{4,}(?![\w'’-])")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    ap.add_argument("--min-count", type=int, default=3)
    args = ap.parse_args()
    counts: Counter[str] = Counter()
    for name in SETS:
        path = args.corpus / name / "dev.jsonl"
        if not path.is_file():
            raise SystemExit(f"build_wordlist: {path}: corpus file not found")
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                counts.update(_LOWER_WORD.findall(json.loads(line)["text"]))
    words = sorted(w for w, n in counts.items() if n >= args.min_count)
    out = ROOT / "rules" / "lexicons" / "common-words.txt"
    header = [
        "# Ordinary English words of 4+ letters: written in lower case at least "
        f"{args.min_count} times in the dev corpus's",
        f"# edited prose ({', '.join(SETS)}). Built by tools/build_wordlist.py; a word in "
        "capitals that is on this list is shouting, one that is not is an acronym.",
    ]
    out.write_text("\n".join(header + words) + "\n", encoding="utf-8")
    print(f"wrote {out} ({len(words)} words)")


if __name__ == "__main__":
    main()

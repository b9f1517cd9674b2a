"""Pre-parse pyphen's en_US hyphenation patterns into rules/models/hyphenation-en_US.tsv.

    python tools/build_hyphenation.py

pyphen parses its 11,000 en_US patterns with regular expressions on first use (~50 ms, a third
of a cold `credscore check`). Loading the same table from this file takes ~6 ms (from JSON it
took 15-28 ms: nested lists are slow to decode). The file records the SHA-256 of the dictionary
it came from; credscore uses it only when the installed pyphen ships the very same dictionary
(see credscore/analyse/readability.py), otherwise pyphen parses as usual.

Format: ``# key<TAB>value`` header lines (source, source_sha256, pyphen_version, maxlen), then
one line per pattern: ``<pattern> <offset> <digits>``, the pattern's hyphenation values written
as one digit each (pyphen's patterns carry values 0-9 only; the tool refuses anything else).
"""

from __future__ import annotations

import hashlib
from importlib.metadata import version
from pathlib import Path

import pyphen

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "rules" / "models" / "hyphenation-en_US.tsv"


def main() -> None:
    path = Path(pyphen.LANGUAGES["en_US"])
    hd = pyphen.HyphDict(path)
    lines = [
        f"# source\t{path.name}",
        f"# source_sha256\t{hashlib.sha256(path.read_bytes()).hexdigest()}",
        f"# pyphen_version\t{version('pyphen')}",
        f"# maxlen\t{hd.maxlen}",
    ]
    for key in sorted(hd.patterns):
        start, values = hd.patterns[key]
        if not all(type(v) is int and 0 <= v <= 9 for v in values):
            raise SystemExit(f"pattern {key!r} has non-standard hyphenation; not supported")
        if not key or any(c.isspace() for c in key):
            raise SystemExit(f"pattern {key!r} cannot be written to the table")
        lines.append(f"{key} {start} {''.join(map(str, values))}")
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {len(hd.patterns)} patterns to {OUT}")


if __name__ == "__main__":
    main()

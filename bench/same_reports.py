"""Do two versions of credscore report the same? For speed work, where no output may move.

    python bench/same_reports.py --out before.txt    # with the old code importable
    python bench/same_reports.py --out after.txt     # with the new code
    cmp before.txt after.txt

Writes one SHA-256 per report (``Report.to_dict()``: score, grade, findings, reasons, metrics)
for every bbc_news and reuters21578 dev article and every file in seeds/, one per line, and
prints their count and a digest of them all. No article text is written.
"""

from __future__ import annotations

import argparse
import hashlib
import json
from pathlib import Path

from credscore.api import Checker

ROOT = Path(__file__).resolve().parent.parent


def digest(report: dict) -> str:  # type: ignore[type-arg]
    data = json.dumps(report, sort_keys=True, ensure_ascii=False).encode("utf-8")
    return hashlib.sha256(data).hexdigest()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args()
    checker = Checker()
    lines = []
    for name in ("bbc_news", "reuters21578"):
        with open(args.corpus / name / "dev.jsonl", encoding="utf-8") as fh:
            for line in fh:
                lines.append(digest(checker.check_text(json.loads(line)["text"]).to_dict()))
    for path in sorted((ROOT / "seeds").iterdir()):
        report = checker.check_path(path).to_dict()
        report["path"] = path.name  # the same seed wherever the checkout is
        lines.append(digest(report))
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(len(lines), hashlib.sha256("".join(lines).encode()).hexdigest())


if __name__ == "__main__":
    main()

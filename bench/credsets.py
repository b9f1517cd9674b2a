"""The labelled credibility sets of ../shared/corpus, as articles a user would have.

Each record becomes one plain-text article: its title (when the set has one) as the first
line, a blank line, then the body, the way a scraped article lands in a .txt file. Labels:
1 credible, 0 unreliable; the group is the dataset.

* credible only: bbc_news, reuters21578 (professional news);
* both: fakenewsnet_politifact (real / fake by PolitiFact's verdict), celebrity_fake_news
  (legit / fake), human_ai_news (human / AI-written: an AI rewrite is not reporting);
* unreliable: fakenewscorpus_sample rows whose *site* type is fake, conspiracy, junksci,
  unreliable, hate, clickbait, bias or political; its 2 `reliable` rows count as credible and
  `unknown` rows are left out.
"""

from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"

SETS = ("bbc_news", "reuters21578", "fakenewsnet_politifact", "celebrity_fake_news",
        "fakenewscorpus_sample", "human_ai_news")
MIXED = ("fakenewsnet_politifact", "celebrity_fake_news", "human_ai_news")
CREDIBLE_LABELS = {"real", "legit", "human", "reliable"}


def label_of(dataset: str, label: str) -> int | None:
    if dataset in ("bbc_news", "reuters21578"):
        return 1
    if dataset == "fakenewscorpus_sample" and label == "unknown":
        return None
    return 1 if label in CREDIBLE_LABELS else 0


def load(corpus: Path = CORPUS, sets: tuple[str, ...] = SETS, limit: int | None = None
         ) -> list[dict]:
    """Rows with ``text`` (title line + body), ``label``, ``group``, ``id``."""
    rows = []
    for name in sets:
        path = corpus / name / "dev.jsonl"
        if not path.is_file():
            raise SystemExit(f"{path}: corpus file not found (see ../shared/corpus/README.md)")
        with path.open(encoding="utf-8") as fh:
            for n, line in enumerate(fh):
                if limit is not None and n >= limit:
                    break
                record = json.loads(line)
                label = label_of(name, record["label"])
                if label is None:
                    continue
                title = (record.get("title") or "").strip()
                text = f"{title}\n\n{record['text']}" if title else record["text"]
                rows.append({"id": record["id"], "text": text, "body": record["text"],
                             "label": label, "group": name,
                             "raw_label": record["label"],
                             # one story's versions (human_ai_news: a human article and its
                             # AI rewrites) share the title: grouped folds keep them together
                             "story": title.lower() or record["id"]})
    return rows

"""Labelled articles for fitting: from folders, from JSON Lines, into feature vectors.

Used by ``credscore fit`` and by tools/fit_credibility.py. A bad file never stops a fit: it is
reported and left out.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ...errors import CredscoreError
from .features import evidence_from, feature_vector


@dataclass(frozen=True)
class LabelledText:
    text: str
    label: int
    """1 credible, 0 unreliable."""
    group: str
    """The dataset or folder the article came from (cross-validation and weights use it)."""
    name: str
    fmt: str = "txt"


def from_folders(good: Iterable[str | Path], bad: Iterable[str | Path],
                 include: Iterable[str] = ()) -> tuple[list[LabelledText], list[str]]:
    """Articles under the ``good`` folders (label 1) and ``bad`` folders (label 0); each folder
    is a group. Returns the articles and one-line problems for files that could not be read."""
    from ...load import format_for, read_file
    from ...load.decoding import decode_bytes
    from ...load.files import iter_files
    from ...report import Failure

    items: list[LabelledText] = []
    problems: list[str] = []
    for label, folders in ((1, good), (0, bad)):
        for folder in folders:
            for path in iter_files([folder], include):
                if isinstance(path, Failure):
                    problems.append(path.error)
                    continue
                try:
                    text = decode_bytes(read_file(path), str(path))
                except CredscoreError as err:
                    problems.append(str(err))
                    continue
                items.append(LabelledText(text, label, str(folder), str(path),
                                          format_for(path)))
    return items, problems


def from_jsonl(path: str | Path, *, label_field: str = "label", good: Iterable[str] = (),
               bad: Iterable[str] = (), text_field: str = "text",
               title_field: str | None = "title", group_field: str | None = None
               ) -> tuple[list[LabelledText], list[str]]:
    """Articles from a JSON Lines file: ``label_field`` holds the label; a value in ``good`` is
    credible, one in ``bad`` unreliable (with no ``bad`` given, every other value is
    unreliable). A title, when present, becomes the article's first line."""
    good_set, bad_set = set(good), set(bad)
    items: list[LabelledText] = []
    problems: list[str] = []
    source = Path(path)
    try:
        handle = source.open(encoding="utf-8")
    except OSError as err:
        raise CredscoreError(f"{source}: cannot read ({err.strerror or err})") from None
    with handle:
        for n, line in enumerate(handle, 1):
            if not line.strip():
                continue
            where = f"{source}:{n}"
            try:
                row = json.loads(line)
            except json.JSONDecodeError as err:
                problems.append(f"{where}: invalid JSON ({err.msg})")
                continue
            if not isinstance(row, dict):
                problems.append(f"{where}: not a JSON object")
                continue
            text, value = row.get(text_field), row.get(label_field)
            if not isinstance(text, str) or not text.strip():
                problems.append(f"{where}: no text in field '{text_field}'")
                continue
            value = str(value)
            if value in good_set:
                label = 1
            elif value in bad_set or (not bad_set and value is not None):
                label = 0
            else:
                continue  # a label the user did not ask for
            title = row.get(title_field) if title_field else None
            if isinstance(title, str) and title.strip():
                text = f"{title.strip()}\n\n{text}"
            group = str(row.get(group_field)) if group_field else source.name
            items.append(LabelledText(text, label, group, str(row.get("id", where))))
    return items, problems


def vectors(checker: Any, items: Iterable[LabelledText]
            ) -> Iterator[tuple[LabelledText, dict[str, float | None]]]:
    """The feature vector of every article (the analysis stage only, no scoring); articles
    that are not assessable (not English, too short) are skipped."""
    from ...load import parse_text

    for item in items:
        doc = parse_text(item.text, item.fmt, item.name)
        analysis = checker.analyse(doc)
        measures = analysis.metrics["measures"]
        if not measures.get("assessable"):
            continue
        yield item, feature_vector(evidence_from(measures, analysis.findings))

"""Cross-document boilerplate: a census of normalised paragraphs over a batch of files.

Site templates repeat the same footer, disclaimer or bio under every article. One article
cannot show that a paragraph is a template; a batch can. The census works in two passes and
never holds texts in memory, only 64-bit paragraph hashes and counts:

1. **Count** (streaming): for each file, take its paragraphs (``Document.blocks`` with at least
   ``min_words`` words), normalise them (lower case, every run of non-word characters becomes
   one space), hash each (BLAKE2b, 8 bytes) and add 1 per *file* for every distinct hash.
2. **Score**: while checking a file, every paragraph whose hash occurs in ``min_files`` or more
   files gets a ``promo`` finding (rule PR107, kind ``cross-document``) with the count:
   "appears in 37 of 40 files". Each occurrence is reported, also a second copy in one file.

API (used by ``Checker.check_paths`` and by ``credscore audit``)::

    from credscore.analyse.crossdoc import ParagraphCensus, census_for_batch

    census = ParagraphCensus(min_files=3)
    for doc in documents:          # pass 1: Documents, or census.add_text(text, fmt)
        census.add(doc)
    census.freeze()                # keep only hashes seen in >= min_files files
    census.merge(other_census)     # (before freeze) combine censuses built by workers
    census.occurrences(doc)        # pass 2: [(start, end, files)] of boilerplate paragraphs
    checker.attach_census(census)  # Checker.check_document then adds the PR107 findings

    census = census_for_batch(paths, config, jobs)  # pass 1 over files (None if < min_files)

Memory: a Python dict entry per distinct paragraph (about 100 bytes) while counting. When the
number of distinct paragraphs exceeds ``max_keys`` (default 2,000,000, about 200 MB) the census
forgets paragraphs seen in one file only so far (documented approximation: a template repeats
in many files and keeps its count; a paragraph first seen before a prune is undercounted by
one). ``freeze()`` shrinks the census to the boilerplate hashes only, so what is sent to
workers is small. A census pickles (plain ints), so it can be shipped to worker processes.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..segment.document import Document

_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)
_WORD = re.compile(r"[^\W_]+", re.UNICODE)

DEFAULT_MIN_FILES = 3
DEFAULT_MIN_WORDS = 5


def normalise_paragraph(text: str) -> str:
    """Lower-cased words separated by single spaces (punctuation and spacing ignored)."""
    return _NON_WORD.sub(" ", text.lower()).strip()


def paragraph_hash(normalised: str) -> int:
    return int.from_bytes(hashlib.blake2b(normalised.encode("utf-8"), digest_size=8).digest(),
                          "big")


class ParagraphCensus:
    """Per-file counts of normalised paragraph hashes (no texts are kept)."""

    def __init__(self, min_files: int = DEFAULT_MIN_FILES, min_words: int = DEFAULT_MIN_WORDS,
                 max_keys: int = 2_000_000) -> None:
        if min_files < 2:
            raise ValueError("min_files must be at least 2")
        self.min_files = min_files
        self.min_words = min_words
        self.max_keys = max_keys
        self.files = 0
        self.counts: dict[int, int] = {}
        self.frozen = False

    # -- pass 1 ---------------------------------------------------------------------------
    def paragraphs(self, doc: Document) -> list[tuple[int, int, int]]:
        """``(start, end, hash)`` of the document's countable paragraphs, in text order."""
        out = []
        text = doc.lint_text
        for block in doc.blocks:
            chunk = text[block.start : block.end]
            if len(_WORD.findall(chunk)) < self.min_words:
                continue
            norm = normalise_paragraph(chunk)
            if norm:
                out.append((block.start, block.end, paragraph_hash(norm)))
        return out

    def add(self, doc: Document) -> None:
        """Count one file's distinct paragraphs."""
        self.add_keys({h for _, _, h in self.paragraphs(doc)})

    def add_text(self, text: str, fmt: str = "txt") -> None:
        from ..load import parse_text

        self.add(parse_text(text, fmt))

    def add_keys(self, keys: Iterable[int]) -> None:
        """Count one file given the set of its paragraph hashes (e.g. computed by a worker)."""
        if self.frozen:
            raise RuntimeError("the census is frozen; count before freeze()")
        self.files += 1
        counts = self.counts
        for key in set(keys):
            counts[key] = counts.get(key, 0) + 1
        if len(counts) > self.max_keys:
            self.counts = {k: c for k, c in counts.items() if c > 1}

    def merge(self, other: ParagraphCensus) -> None:
        """Add another (unfrozen) census's counts, e.g. one built by a worker process."""
        if self.frozen or other.frozen:
            raise RuntimeError("merge censuses before freeze()")
        self.files += other.files
        for key, count in other.counts.items():
            self.counts[key] = self.counts.get(key, 0) + count

    def freeze(self) -> ParagraphCensus:
        """Keep only the hashes that reach ``min_files`` (small, cheap to pickle)."""
        self.counts = {k: c for k, c in self.counts.items() if c >= self.min_files}
        self.frozen = True
        return self

    # -- pass 2 ---------------------------------------------------------------------------
    def count(self, key: int) -> int:
        return self.counts.get(key, 0)

    def occurrences(self, doc: Document) -> list[tuple[int, int, int]]:
        """``(start, end, files)`` of the paragraphs found in at least ``min_files`` files."""
        if not self.counts:
            return []
        out = []
        for start, end, key in self.paragraphs(doc):
            n = self.counts.get(key, 0)
            if n >= self.min_files:
                out.append((start, end, n))
        return out

    def __len__(self) -> int:
        return len(self.counts)

    def __repr__(self) -> str:
        return (f"ParagraphCensus(files={self.files}, hashes={len(self.counts)}, "
                f"min_files={self.min_files}, frozen={self.frozen})")


def _file_keys(path: str, max_bytes: int | None, min_words: int) -> set[int] | None:
    """The paragraph hashes of one file, or None when it cannot be read (pass 1 skips it)."""
    from ..errors import CredscoreError
    from ..load import load_path

    try:
        doc = load_path(path, None, max_bytes)
    except (CredscoreError, OSError, ValueError):
        return None
    probe = ParagraphCensus(min_words=min_words)
    return {h for _, _, h in probe.paragraphs(doc)}


def _chunk_keys(args: tuple[list[str], int | None, int]) -> list[set[int] | None]:
    paths, max_bytes, min_words = args
    return [_file_keys(p, max_bytes, min_words) for p in paths]


def census_of_files(paths: Iterable[str | Path], min_files: int = DEFAULT_MIN_FILES,
                    max_bytes: int | None = None, jobs: int = 1,
                    min_words: int = DEFAULT_MIN_WORDS) -> ParagraphCensus:
    """Pass 1 over files (unreadable ones are skipped); returns a frozen census.

    With ``jobs`` > 1 files are hashed in a process pool, 16 per task; only hash sets travel.
    """
    census = ParagraphCensus(min_files=min_files, min_words=min_words)
    names = [str(p) for p in paths]
    if jobs > 1 and len(names) > 32:
        import multiprocessing as mp

        chunks = [(names[i : i + 16], max_bytes, min_words) for i in range(0, len(names), 16)]
        with mp.get_context("spawn").Pool(jobs) as pool:
            for result in pool.imap(_chunk_keys, chunks):
                for keys in result:
                    if keys is not None:
                        census.add_keys(keys)
    else:
        for name in names:
            keys = _file_keys(name, max_bytes, min_words)
            if keys is not None:
                census.add_keys(keys)
    return census.freeze()


def census_for_batch(paths: Iterable[str | Path], config: Any, jobs: int = 1
                     ) -> ParagraphCensus | None:
    """The census for a batch (``credscore audit`` hook): None when the batch is too small.

    ``config.boilerplate_min_files`` (default 3; 0 switches the census off) sets N.
    """
    from ..load.files import iter_files

    min_files = int(getattr(config, "boilerplate_min_files", DEFAULT_MIN_FILES) or 0)
    if min_files < 2:
        return None
    files = [p for p in iter_files(paths, getattr(config, "include", ()),
                                   getattr(config, "exclude", ()))
             if isinstance(p, Path)]
    if len(files) < min_files:
        return None
    return census_of_files(files, min_files, getattr(config, "max_bytes", None),
                           max(1, min(jobs, os.cpu_count() or 1)))


def cross_document_findings(engine: Any, doc: Document, census: ParagraphCensus) -> list[Any]:
    """Findings of the engine's cross-document rules on ``doc`` (empty if none selected)."""
    out = []
    for rule, detector, severity in engine.rules:
        if not detector.cross_document:
            continue
        for hit in detector.detect_census(doc, census):
            finding = engine.to_finding(doc, rule, severity, hit)
            if finding.severity >= engine.selection.min_severity:
                out.append(finding)
    return out


__all__ = [
    "ParagraphCensus",
    "census_for_batch",
    "census_of_files",
    "cross_document_findings",
    "normalise_paragraph",
    "paragraph_hash",
]

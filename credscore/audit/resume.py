"""--resume: a compact index of the rows an earlier run wrote (64-bit path digest -> content
hash, rules hash, offset), compacting the JSONL to the latest row per file in input order,
the settings digest, and rebuilding the CSV from the JSONL.
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import json
import os
import struct
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..config import Config
from ..errors import CredscoreError
from ..load import read_file
from ..names import escape_path
from ..safeio import atomic_writer
from .outputs import CSV_COLUMNS, csv_row
from .rows import RowInfo


def _key(path: str) -> int:
    return int.from_bytes(hashlib.blake2b(path.encode("utf-8", "surrogatepass"),
                                          digest_size=8).digest(), "little")


_ENTRY = struct.Struct("<QH")


def _hex_bytes(value: Any) -> bytes | None:
    try:
        return bytes.fromhex(value) if isinstance(value, str) else None
    except ValueError:
        return None


@dataclass
class ResumeIndex:
    """Rows of an earlier run: 64-bit path digest -> packed (byte offset, rules hash, content hash).

    Packed as one small bytes object per row (about 140 bytes per row with the dict entry).
    """

    entries: dict[int, bytes] = field(default_factory=dict)
    rules: list[str | None] = field(default_factory=list)
    """Distinct rules hashes; an entry stores an index into this list."""
    size: int = 0
    """Bytes of the JSONL that belong to the earlier run."""
    bad_lines: int = 0
    kept: set[int] = field(default_factory=set)
    """Digests of files skipped in this run (their old row stands)."""
    resettled: int = 0
    """Files scored again because their earlier row was made with other rules or settings."""

    @classmethod
    def load(cls, path: Path) -> ResumeIndex:
        index = cls()
        offset = 0
        with path.open("rb") as fh:
            for raw in fh:
                try:
                    row = json.loads(raw)
                    name = row["path"]
                except (ValueError, KeyError, TypeError):
                    if raw.strip():
                        index.bad_lines += 1
                    offset += len(raw)
                    continue
                index.entries[_key(name)] = index._pack(
                    offset, row.get("settings_hash"), _hex_bytes(row.get("content_hash")))
                offset += len(raw)
        index.size = offset
        return index

    def _pack(self, offset: int, rules: Any, digest: bytes | None) -> bytes:
        rules = rules if isinstance(rules, str) else None
        if rules not in self.rules:
            self.rules.append(rules)
        return _ENTRY.pack(offset, self.rules.index(rules)) + (digest or b"")

    def entry(self, path: str) -> tuple[int, str | None, bytes | None] | None:
        """(byte offset, settings hash, content hash) of the latest earlier row of ``path``."""
        packed = self.entries.get(_key(escape_path(path)))
        if packed is None:
            return None
        offset, ridx = _ENTRY.unpack_from(packed)
        return offset, self.rules[ridx], packed[_ENTRY.size:] or None

    def unchanged(self, path: str, settings_hash: str, max_bytes: int | None) -> bool:
        """True when ``path`` was scored before with the same bytes, rules and settings
        (``settings_digest``); a row scored with other settings counts in ``resettled``."""
        key = _key(escape_path(path))
        entry = self.entry(path)
        if entry is None or entry[2] is None:
            return False
        if entry[1] != settings_hash:
            self.resettled += 1
            return False
        try:
            p = Path(path)
            if max_bytes is not None and p.stat().st_size > max_bytes:
                return False  # let a worker produce the (same) failure row cheaply
            if hashlib.blake2b(read_file(p, max_bytes), digest_size=16).digest() != entry[2]:
                return False
        except (OSError, CredscoreError):
            return False
        self.kept.add(key)
        return True

    def kept_rows(self, path: Path) -> Iterator[str]:
        """The earlier rows that stand for files skipped in this run (one per file)."""
        if not self.kept:
            return
        wanted = {_ENTRY.unpack_from(self.entries[k])[0] for k in self.kept}
        offset = 0
        with path.open("rb") as fh:
            for raw in fh:
                if offset >= self.size:
                    break
                if offset in wanted:
                    yield raw.decode("utf-8", "replace").rstrip("\n")
                offset += len(raw)


def order_jsonl(path: Path, order: Iterable[str]) -> bool:
    """Rewrite ``path`` with the latest valid row of each file, the files in ``order`` first
    (the audit's input order), then rows of files no longer among the inputs, in file order.

    Drops superseded rows and torn lines; a file scored again on resume
    keeps its place instead of moving to the end. Memory: two integers per row. Returns
    whether the file was rewritten."""
    last: dict[int, int] = {}
    lines = 0
    with path.open("rb") as fh:
        offset = 0
        for raw in fh:
            lines += 1
            with contextlib.suppress(ValueError, KeyError, TypeError):  # torn: dropped
                last[_key(json.loads(raw)["path"])] = offset
            offset += len(raw)
    wanted: list[int] = []
    placed: set[int] = set()
    for name in order:
        key = _key(name)
        if key in last and key not in placed:
            placed.add(key)
            wanted.append(last[key])
    rest = sorted(offset for key, offset in last.items() if key not in placed)
    sequence = wanted + rest  # byte offsets of the rows to keep, in their new order
    if len(last) == lines and sequence == sorted(sequence):
        return False  # one valid row per file, already in order
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with path.open("rb") as src, temporary.open("wb") as dst:
            for offset in sequence:
                src.seek(offset)
                raw = src.readline()
                dst.write(raw if raw.endswith(b"\n") else raw + b"\n")
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
    return True


def settings_digest(config: Config, rules_hash: str) -> str:
    """A digest of everything that changes a row: the rules and the settings that select,
    re-grade, bound or extend them (``Config.row_settings``). ``--resume`` re-scores a file
    whose earlier row was made with another digest."""
    facts = {"rules": rules_hash, **config.row_settings()}
    blob = json.dumps(facts, sort_keys=True, default=str).encode("utf-8")
    return hashlib.blake2b(blob, digest_size=8).hexdigest()


def rebuild_csv(jsonl: Path, target: Path) -> None:
    """Write ``target`` afresh from the rows of ``jsonl`` (one CSV row per JSONL row)."""
    with jsonl.open(encoding="utf-8", errors="replace") as src, atomic_writer(target) as dst:
        writer = csv.writer(dst, lineterminator="\n")
        writer.writerow(CSV_COLUMNS)
        for line in src:
            try:
                writer.writerow(csv_row(RowInfo.from_row(json.loads(line))))
            except (ValueError, KeyError, TypeError):
                continue



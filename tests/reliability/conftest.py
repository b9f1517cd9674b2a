"""Helpers for the reliability matrix: run the real command line, as a user would."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "seeds" / "ai-security-slots-insertion.txt"
ARTICLE = SEED.read_text(encoding="utf-8")


def credscore(*args: str | os.PathLike[str] | bytes, input: bytes | None = None,
              cwd: Path | None = None, timeout: float = 60,
              env: dict[str, str] | None = None) -> subprocess.CompletedProcess[bytes]:
    """``python -m credscore ARGS`` in a new process; output as bytes (it must be UTF-8)."""
    argv = [sys.executable, "-m", "credscore", *map(os.fsdecode, args)]
    return subprocess.run(argv, input=input, capture_output=True, cwd=cwd or ROOT,
                          timeout=timeout, env={**os.environ, "COLUMNS": "250", **(env or {})},
                          check=False)


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "article.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path

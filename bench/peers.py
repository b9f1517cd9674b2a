"""Run the benchmark-only peer tools (slop-guard, defluff, proselint).

The peers live only in the bench virtualenv (``.venv-bench``, see
``bench/requirements.txt``); they are never dependencies of credscore. Import
this module with that venv's interpreter. It imports only the standard library
at import time; each peer package is imported lazily inside the function that
needs it, and peer executables are looked up next to ``sys.executable`` (the
venv's ``bin/`` directory), never on ``PATH``.

Both per-text scores are oriented the same way: **higher = more slop**.
"""

from __future__ import annotations

import functools
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

__all__ = [
    "defluff_cold_argv",
    "defluff_slop_score",
    "peer_executable",
    "proselint_cold_argv",
    "slop_guard_cli_over_files",
    "slop_guard_score",
]

# Headroom left below the kernel's ARG_MAX for the environment block and
# per-string pointers (which the kernel also counts against ARG_MAX).
_ARGV_HEADROOM_BYTES = 64 * 1024


def peer_executable(name: str) -> str:
    """Return the path of console script ``name`` in the venv of ``sys.executable``.

    ``sys.executable`` is deliberately not resolved: in a venv it is a symlink to
    the base interpreter, and resolving it would leave the venv.
    """
    exe = Path(sys.executable).parent / name
    if not exe.is_file():
        raise FileNotFoundError(
            f"{exe} not found: run with the bench venv's python "
            "(.venv-bench/bin/python) after `make bench-env`"
        )
    return str(exe)


# --------------------------------------------------------------------------- slop-guard


def slop_guard_score(text: str) -> float:
    """Return slop-guard's slop for ``text`` in [0, 100]; higher = more slop.

    slop-guard's own score (``slop_guard.analyze_text(text)["score"]``, also what
    ``sg -s`` prints) runs the other way: an integer 0-100 where 100 = clean and
    0 = saturated with slop. This returns ``100 - score`` so that, like
    :func:`defluff_slop_score`, higher means sloppier. Texts under 10 words are
    skipped by slop-guard (score 100) and therefore give 0.0 here.
    """
    import slop_guard  # lazy: the peer is only in the bench venv

    result = slop_guard.analyze_text(text)
    return float(100 - result["score"])


def _argv_bytes(argv: list[str]) -> int:
    """Bytes the kernel charges for ``argv``: the strings, NULs and pointers."""
    return sum(len(os.fsencode(arg)) + 1 + 8 for arg in argv)


def _chunk_argv(prefix: list[str], paths: list[str]) -> list[list[str]]:
    """Split ``prefix + paths`` into as few argv lists as ARG_MAX allows (usually one)."""
    try:
        arg_max = os.sysconf("SC_ARG_MAX")
    except (AttributeError, ValueError, OSError):
        arg_max = 128 * 1024
    env_bytes = sum(
        len(os.fsencode(k)) + len(os.fsencode(v)) + 2 + 8 for k, v in os.environ.items()
    )
    budget = arg_max - env_bytes - _ARGV_HEADROOM_BYTES - _argv_bytes(prefix)
    chunks: list[list[str]] = []
    current: list[str] = []
    used = 0
    for path in paths:
        size = _argv_bytes([path])
        if current and used + size > budget:
            chunks.append(prefix + current)
            current, used = [], 0
        current.append(path)
        used += size
    if current:
        chunks.append(prefix + current)
    return chunks


def slop_guard_cli_over_files(paths: list[str]) -> float:
    """Run ``sg -s PATH...`` once over ``paths`` and return the wall seconds.

    One process scores every file (``-s`` prints one score per file, discarded
    here). The argument list is split into several consecutive ``sg`` runs only
    when it would exceed the OS limit (ARG_MAX); the time returned is then the
    sum of those runs. Every path must be an existing file: ``sg`` would
    otherwise treat a missing path containing whitespace as inline text.

    Raises:
        FileNotFoundError: A path is not an existing file, or ``sg`` is missing.
        subprocess.CalledProcessError: ``sg`` exited non-zero.
        RuntimeError: ``sg`` reported a per-file error on stderr.
    """
    if not paths:
        raise ValueError("no paths given")
    missing = [p for p in paths if not Path(p).is_file()]
    if missing:
        raise FileNotFoundError(f"{len(missing)} path(s) are not files, e.g. {missing[0]}")
    prefix = [peer_executable("sg"), "-s"]
    total = 0.0
    for argv in _chunk_argv(prefix, paths):
        start = time.perf_counter()
        proc = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
        total += time.perf_counter() - start
        if proc.returncode != 0:
            raise subprocess.CalledProcessError(proc.returncode, argv[:3], stderr=proc.stderr)
        if proc.stderr:
            # sg skips unreadable files with a message but still exits 0.
            raise RuntimeError(f"sg: {proc.stderr.decode(errors='replace')[:500]}")
    return total


# --------------------------------------------------------------------------- defluff


@functools.lru_cache(maxsize=1)
def _defluff_lexicon() -> Any:
    """defluff's bundled lexicon, pinned once per process.

    The project overlay (``./.defluff/`` walking up to the git root) is
    disabled so results do not depend on the working directory. defluff always
    layers the user overlay ``~/.config/defluff/`` if that exists.
    """
    import defluff  # lazy: the peer is only in the bench venv

    return defluff.load_lexicon(no_project_overlay=True)


def defluff_slop_score(text: str) -> float:
    """Return defluff's ``slop_score`` for ``text`` in [0, 1]; higher = more slop.

    This is ``defluff.score(text)`` (same value as ``defluff score FILE``):
    the weighted count of words in flagged phrases divided by
    ``max(word_count, 20)``, clamped to 1 and rounded to 4 decimals. defluff
    raises on empty or whitespace-only text; that returns 0.0 here.
    """
    if not text.strip():
        return 0.0
    import defluff  # lazy: the peer is only in the bench venv

    return float(defluff.score(text, lexicon=_defluff_lexicon()))


def defluff_cold_argv(path: str) -> list[str]:
    """Return the argv of a cold ``defluff lint FILE`` check (exit 1 = over threshold)."""
    return [peer_executable("defluff"), "lint", "--no-project-overlay", path]


# --------------------------------------------------------------------------- proselint


def proselint_cold_argv(path: str) -> list[str]:
    """Return the argv of a cold whole-process proselint check of one file.

    proselint >= 0.16 only accepts the ``check`` subcommand (``proselint FILE``
    is rejected with exit 2). It exits 0 when the file is clean and 1 when it
    found problems; both are successful runs.
    """
    return [peer_executable("proselint"), "check", path]

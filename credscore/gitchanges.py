"""Changed-only checks: the article files that differ from a git ref.

``credscore check --changed-since REF PATH...`` checks the files under PATH that

- differ between REF and the working tree (``git diff --name-only REF``: committed, staged and
  unstaged changes; added, copied, modified, renamed or retyped; deleted files are skipped), or
- are untracked and not ignored (``git ls-files --others --exclude-standard``): a new draft
  counts as changed even before ``git add``.

REF is anything git accepts: a branch, a tag, a commit, ``HEAD~3``. In a pull request, use the
merge base so that changes made on the target branch since are not included: either
``--changed-since origin/main...HEAD`` (git's three-dot form: the changes on HEAD since it left
origin/main, committed changes only) or ``--changed-since "$(git merge-base origin/main HEAD)"``
(also picks up uncommitted changes). Folders given as PATH keep their
``--include``/``--exclude`` patterns; a file named explicitly is checked if it changed.
"""

from __future__ import annotations

import fnmatch
import os
import subprocess
from collections.abc import Iterable, Sequence
from pathlib import Path

from .errors import CredscoreError

DEFAULT_PATTERNS = ("*.txt", "*.md", "*.markdown", "*.html", "*.htm")


class GitError(CredscoreError):
    """git is missing, the folder is not a repository, or the ref is unknown."""


def _git(args: Sequence[str], cwd: str | Path) -> str:
    try:
        proc = subprocess.run(
            ["git", *args], cwd=cwd, capture_output=True, text=True, encoding="utf-8",
            errors="surrogateescape", check=False,
        )
    except FileNotFoundError:
        raise GitError("--changed-since needs git, and git was not found on PATH") from None
    if proc.returncode != 0:
        first = (proc.stderr.strip().splitlines() or ["git failed"])[0]
        raise GitError(f"git {args[0]}: {first}")
    return proc.stdout


def repo_root(where: str | Path = ".") -> Path:
    """The top folder of the git work tree containing ``where``."""
    folder = Path(where)
    if not folder.is_dir():
        folder = folder.parent if str(folder.parent) else Path(".")
    out = _git(["rev-parse", "--show-toplevel"], folder if folder.exists() else ".")
    return Path(out.strip())


def changed_files(ref: str, where: str | Path = ".") -> list[Path]:
    """Absolute paths of files changed since ``ref`` plus untracked ones (sorted, existing)."""
    if ref.startswith("-"):
        raise GitError(f"--changed-since: {ref!r} is not a git ref")
    root = repo_root(where)
    for part in ref.split("...") if "..." in ref else [ref]:
        try:
            _git(["rev-parse", "--verify", f"{part or 'HEAD'}^{{commit}}"], root)
        except GitError:
            raise GitError(f"--changed-since: unknown git ref {part!r}") from None
    diff = _git(["diff", "--name-only", "-z", "--no-renames", "--diff-filter=ACMRT", ref, "--"],
                root)
    untracked = _git(["ls-files", "--others", "--exclude-standard", "-z"], root)
    names = {n for n in (diff + untracked).split("\0") if n}
    return sorted(p for p in (root / n for n in names) if p.is_file())


def _matches(name: str, rel: str, patterns: Iterable[str]) -> bool:
    return any(fnmatch.fnmatch(name, p) or fnmatch.fnmatch(rel, p) for p in patterns)


def select_changed(
    ref: str,
    paths: Sequence[str],
    include: Iterable[str] = (),
    exclude: Iterable[str] = (),
) -> list[str]:
    """The inputs of ``check``, narrowed to files changed since ``ref``.

    ``paths`` are the files and folders the user named (``-`` for stdin is kept as is). Returns
    paths relative to the working directory when possible, in sorted order."""
    inc = tuple(include) or DEFAULT_PATTERNS
    exc = tuple(exclude)
    named = [p for p in paths if p != "-"]
    first = named[0] if named else "."
    changed = changed_files(ref, first)
    chosen: list[str] = []
    for c in changed:
        real = os.path.realpath(c)
        for p in named:
            target = os.path.realpath(p)
            if os.path.isdir(target):
                if not real.startswith(target.rstrip(os.sep) + os.sep):
                    continue
                rel = Path(os.path.relpath(real, target)).as_posix()
                if any(part.startswith(".") for part in Path(rel).parts[:-1]):
                    continue  # hidden folders are skipped when walking, as in check
                if not _matches(c.name, rel, inc) or _matches(c.name, rel, exc):
                    continue
            elif real != target:
                continue
            chosen.append(_display(c))
            break
    return (["-"] if "-" in paths else []) + chosen


def _display(path: Path) -> str:
    try:
        return Path(os.path.relpath(path)).as_posix()
    except ValueError:  # another drive on Windows
        return str(path)

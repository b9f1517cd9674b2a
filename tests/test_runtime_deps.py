"""credscore works on a runtime-only install: nothing it imports may come from the dev extras.

Issue 19: front matter was parsed with ``import yaml`` while PyYAML was not a declared
dependency, so on ``pip install credscore`` (no dev extras) every front matter silently became
``front_matter_error``. The fast test runs credscore in a subprocess whose imports are limited
to the standard library and the distributions that credscore's runtime requirements pull in
(their closure, computed from the installed metadata): importing anything else (PyYAML if it
were undeclared, pytest, dask...) fails there as it would on a user's machine. The slow test
(CREDSCORE_SLOW_TESTS=1, needs the package index) does a real ``pip install`` into a new venv.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import venv
from importlib import metadata
from pathlib import Path

import pytest

from .conftest import ROOT

ARTICLE_MD = """---
title: Rates rise again
author: Jane Doe
date: 2024-05-01
---
# Rates rise again

The central bank raised its main interest rate to 5.25% on Thursday. Governor Andrew Bailey
said inflation remained too high. Read the [statement](https://example.org/statement).
"""

ARTICLE_TOML = """+++
title = "Rates rise again"
author = "Jane Doe"
+++
The central bank raised its main interest rate to 5.25% on Thursday.
"""

ARTICLE_HTML = ("<html><head><title>Rates rise</title></head><body><article><h1>Rates rise</h1>"
                "<p>The central bank raised its main interest rate to 5.25% on Thursday, the "
                "ninth rise in a row, and the governor said inflation remained too high for "
                "comfort.</p></article></body></html>")


def _name(requirement: str) -> str:
    return re.split(r"[\s<>=!~;\[(]", requirement.strip(), maxsplit=1)[0].lower().replace("_", "-")


def _runtime_closure() -> set[str]:
    """Normalised names of credscore's runtime requirements and of everything they require
    (markers honoured, extras not followed)."""
    from packaging.markers import default_environment
    from packaging.requirements import Requirement

    env = default_environment()
    todo, seen = ["credscore"], set()
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        try:
            requires = metadata.requires(name) or []
        except metadata.PackageNotFoundError:
            continue
        for raw in requires:
            req = Requirement(raw)
            if req.marker is not None and not req.marker.evaluate({**env, "extra": ""}):
                continue  # an extra (dev, dask) or another platform
            todo.append(_name(req.name))
    return seen


def _allowed_modules() -> list[str]:
    closure = _runtime_closure()
    allowed = []
    for module, dists in metadata.packages_distributions().items():
        if any(_name(d) in closure for d in dists):
            allowed.append(module)
    return sorted(allowed)


GUARD = r"""
import importlib.abc, importlib.machinery, json, sys
allowed = set(json.loads(sys.argv[1]))
allowed |= set(sys.stdlib_module_names) | set(sys.builtin_module_names) | {"credscore"}
blocked = []

class RuntimeOnly(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        top = name.partition(".")[0]
        if top in allowed or top.startswith("_"):
            return None
        spec = importlib.machinery.PathFinder.find_spec(top)
        if spec is None or spec.origin in (None, "built-in", "frozen"):
            return None
        blocked.append(name)
        raise ModuleNotFoundError(f"No module named {name!r} (not a runtime dependency)")

sys.meta_path.insert(0, RuntimeOnly())
import credscore
out = {}
for fmt, text in json.loads(sys.argv[2]).items():
    report = credscore.check_text(text, fmt=fmt.split("-")[0], path="a." + fmt)
    out[fmt] = {"metadata": report.metrics.get("document", {}), "score": report.score,
                "words": report.word_count}
from credscore.load import parse_text
meta = {fmt: parse_text(text, fmt.split("-")[0]).metadata
        for fmt, text in json.loads(sys.argv[2]).items()}
print(json.dumps({"blocked": blocked, "reports": out, "meta": meta}, default=str))
"""


def test_credscore_runs_on_its_runtime_dependencies_only() -> None:
    pytest.importorskip("packaging")
    inputs = {"md": ARTICLE_MD, "md-toml": ARTICLE_TOML, "html": ARTICLE_HTML,
              "txt": "The central bank raised its rate on Thursday, the governor said.\n"}
    proc = subprocess.run(
        [sys.executable, "-c", GUARD, json.dumps(_allowed_modules()), json.dumps(inputs)],
        capture_output=True, text=True, timeout=120,
        env={**os.environ, "CREDSCORE_NO_CACHE": "1"})
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout.splitlines()[-1])
    assert result["blocked"] == [], f"imports outside the runtime dependencies: {result}"
    assert result["meta"]["md"]["title"] == "Rates rise again"
    assert result["meta"]["md"]["author"] == "Jane Doe"
    assert "front_matter_error" not in result["meta"]["md"]
    assert result["meta"]["md-toml"]["author"] == "Jane Doe"
    assert result["meta"]["html"]["title"] == "Rates rise"


def test_the_guard_would_catch_an_undeclared_import() -> None:
    """The same guard refuses a module that only the dev extras bring (pytest)."""
    pytest.importorskip("packaging")
    code = GUARD.replace("import credscore\n", "import credscore\nimport pytest\n", 1)
    proc = subprocess.run([sys.executable, "-c", code, json.dumps(_allowed_modules()), "{}"],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode != 0 and "not a runtime dependency" in proc.stderr


@pytest.mark.skipif(os.environ.get("CREDSCORE_SLOW_TESTS") != "1",
                    reason="pip-installs credscore without extras into a new venv (needs the "
                           "package index, ~1 min); set CREDSCORE_SLOW_TESTS=1")
def test_pip_install_without_extras_parses_front_matter(tmp_path: Path) -> None:
    target = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(target)
    python = target / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "-q", str(ROOT)], check=True,
                   timeout=900)
    article = tmp_path / "a.md"
    article.write_text(ARTICLE_MD, encoding="utf-8")
    proc = subprocess.run([str(target / "bin" / "credscore"), "check", "--format", "json",
                           str(article)], capture_output=True, text=True, timeout=120)
    assert proc.returncode in (0, 1), proc.stderr
    code = ("from credscore.load import load_path; import sys; "
            "print(load_path(sys.argv[1]).metadata)")
    meta = subprocess.run([str(python), "-c", code, str(article)], capture_output=True,
                          text=True, check=True).stdout
    assert "Rates rise again" in meta and "front_matter_error" not in meta

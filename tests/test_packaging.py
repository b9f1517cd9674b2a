"""A plain (non-editable) wheel carries the rule packs and works from any directory, offline."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from .conftest import ROOT, SLOTS_SEED

OFFLINE_GUARD = """
import socket
def _no_network(*args, **kwargs):
    raise OSError("network disabled by the test")
socket.socket = _no_network
socket.create_connection = _no_network
socket.getaddrinfo = _no_network
"""


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    build = tmp_path_factory.mktemp("build")
    shutil.copytree(ROOT, build / "src", ignore=shutil.ignore_patterns(
        ".venv*", ".git", "__pycache__", "*.egg-info", "build", "dist", ".pytest_cache"))
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(out), str(build / "src")],
        check=True, capture_output=True,
    )
    (path,) = out.glob("credscore-*.whl")
    return path


def test_wheel_contains_rule_packs_lexicons_and_models(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped = {p.relative_to(ROOT / "rules").as_posix() for p in (ROOT / "rules").rglob("*")
               if p.is_file() and "__pycache__" not in p.parts}
    assert shipped, "rules/ is empty"
    for rel in shipped:
        assert f"credscore/rules/{rel}" in names, f"{rel} missing from the wheel"


def test_wheel_contains_every_package(wheel: Path) -> None:
    # An editable install in the test's own environment can hide a package missing from the
    # wheel (its finder resolves any credscore.* name), so compare the file lists directly.
    names = set(zipfile.ZipFile(wheel).namelist())
    for init in (ROOT / "credscore").rglob("__init__.py"):
        rel = init.relative_to(ROOT).as_posix()
        assert rel in names, f"{rel} missing from the wheel (pyproject.toml packages)"


def test_wheel_runs_from_elsewhere_without_network(wheel: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    (tmp_path / "guard.py").write_text(OFFLINE_GUARD)
    code = (
        "import guard, json, credscore, credscore.paths as p\n"
        f"assert credscore.__file__.startswith({str(site)!r}), credscore.__file__\n"
        f"assert str(p.rules_dir()).startswith({str(site)!r}), p.rules_dir()\n"
        f"r = credscore.check_path({str(SLOTS_SEED)!r})\n"
        "print(json.dumps(r.metrics['readability']))\n"
    )
    env = {**os.environ, "PYTHONPATH": f"{tmp_path}{os.pathsep}{site}"}
    result = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "flesch_reading_ease" in result.stdout

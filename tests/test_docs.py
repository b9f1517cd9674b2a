"""Documentation stays in step with the code: the README's rules table is generated."""

from __future__ import annotations

import subprocess
import sys

from .conftest import ROOT


def test_readme_rules_table_is_current() -> None:
    result = subprocess.run([sys.executable, str(ROOT / "tools" / "gen_rules_table.py"),
                             "--check"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_every_rule_is_in_the_readme() -> None:
    from credscore.packs import default_rules

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [r.id for r in default_rules() if f"| {r.id} |" not in readme]
    assert not missing, f"rules missing from README.md: {missing}"


def test_rules_docs_are_current() -> None:
    """docs/rules.md (the target of SARIF helpUri) is generated from the packs."""
    result = subprocess.run([sys.executable, str(ROOT / "tools" / "gen_rules_docs.py"),
                             "--check"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_every_rule_has_a_docs_section() -> None:
    from credscore.packs import default_rules

    docs = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert all(f"\n## {r.id}\n" in docs for r in default_rules())


def test_features_doc_is_current() -> None:
    """docs/features.md is generated from the feature table and the shipped model."""
    result = subprocess.run([sys.executable, str(ROOT / "tools" / "gen_features_doc.py"),
                             "--check"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr

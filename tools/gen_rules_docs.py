"""Regenerate docs/rules.md: one section per rule (what, why, examples, suggested fix).

SARIF's ``helpUri`` and ``credscore explain --json`` point at these sections (anchor: the rule
id in lower case).

    python tools/gen_rules_docs.py          # rewrite docs/rules.md
    python tools/gen_rules_docs.py --check  # exit 1 if docs/rules.md is out of date
"""

from __future__ import annotations

import sys
from pathlib import Path

from generated import write_or_check

from credscore.packs import load_rules
from credscore.score.credibility.features import features_fed_by

ROOT = Path(__file__).resolve().parent.parent
PATH = ROOT / "docs" / "rules.md"


def _quote(example: str) -> list[str]:
    return ["```text", *example.rstrip("\n").split("\n"), "```"]


def render() -> str:
    rules = load_rules(ROOT / "rules")
    out = ["# credscore rules", "",
           "Generated from `rules/*.toml` by `tools/gen_rules_docs.py`; "
           "`credscore explain ID` prints the same.", ""]
    for family in sorted({r.family for r in rules}):
        out.append(f"- **{family}**: " + ", ".join(f"[{r.id}](#{r.id.lower()})"
                                                   for r in rules if r.family == family))
    for r in rules:
        out += ["", f"## {r.id}", "",
                f"`{r.name}`: family {r.family}, severity {r.severity.label}, "
                f"detector kind `{r.kind}`; feeds "
                + (", ".join(f"`{f}`" for f in features_fed_by(r.id))
                   or "no credibility feature (information only)") + ".", "",
                "### What it flags", "", r.what, "", "### Why it matters", "", r.why, "",
                "### Example (flagged)", ""]
        for ex in r.bad_examples:
            out += [*_quote(ex), ""]
        out += ["### Use instead (not flagged)", ""]
        for ex in r.good_examples:
            out += [*_quote(ex), ""]
        if r.fix is not None:
            out += ["### Suggested fix", "",
                    f"{r.fix.description} (`{r.fix.action}`"
                    + (f", replacement `{r.fix.replacement}`" if r.fix.replacement else "")
                    + "). `credscore check --diff` shows it, `--fix` applies it, editors "
                      "offer it as a code action.", ""]
        while out[-1] == "":
            out.pop()
    return "\n".join(out) + "\n"


def main() -> int:
    return write_or_check(PATH, render(), "python tools/gen_rules_docs.py")


if __name__ == "__main__":
    sys.exit(main())

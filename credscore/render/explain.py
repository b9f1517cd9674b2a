"""``credscore explain``: a rule's documentation as text (rich) or JSON."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from rich.console import Console
from rich.text import Text

from ..score.credibility.features import features_fed_by


def help_uri(rule_id: str) -> str:
    """Where a rule's documentation lives online (docs/rules.md, one section per rule)."""
    from .sarif import DOCS_URI

    return f"{DOCS_URI}#{rule_id.lower()}"


def rule_dict(rule: Any) -> dict[str, Any]:
    """The documentation of one rule (a RuleSpec) as plain data."""
    fix = rule.fix
    return {
        "id": rule.id,
        "name": rule.name,
        "family": rule.family,
        "kind": rule.kind,
        "severity": rule.severity.label,
        "features": list(features_fed_by(rule.id)),
        "message": rule.message,
        "what": rule.what,
        "why": rule.why,
        "examples": {"bad": list(rule.bad_examples), "good": list(rule.good_examples)},
        "fix": None if fix is None else {"action": fix.action, "description": fix.description,
                                         **({"replacement": fix.replacement}
                                            if fix.replacement else {})},
        "help_uri": help_uri(rule.id),
    }


def render_rule(console: Console, rule: Any) -> None:
    head = Text()
    head.append(f"{rule.id} {rule.name}", style="bold")
    feeds = ", ".join(features_fed_by(rule.id)) or "none (information only)"
    head.append(f"  family {rule.family}, kind {rule.kind}, severity {rule.severity.label}, "
                f"feeds {feeds}")
    parts: list[Any] = [head, Text(), Text("What it flags", style="bold"), Text(rule.what),
                        Text(), Text("Why it matters", style="bold"), Text(rule.why), Text(),
                        Text("Example (flagged)", style="bold")]
    parts += [Text(f"  ✗ {ex}") for ex in rule.bad_examples]  # whole: wrapped, never cut
    parts += [Text(), Text("Use instead (not flagged)", style="bold")]
    parts += [Text(f"  ✓ {ex}") for ex in rule.good_examples]
    if rule.fix is not None:
        parts += [Text(), Text("Suggested fix", style="bold"),
                  Text(f"{rule.fix.description} (`credscore check --fix` applies it; "
                       "`--diff` shows it)")]
    for part in parts:
        console.print(part)


def render_rules(console: Console, rules: Sequence[Any]) -> None:
    for i, rule in enumerate(rules):
        if i:
            console.print(Text("\n" + "─" * 40, style="dim"))
        render_rule(console, rule)


def rules_json(rules: Iterable[Any]) -> list[dict[str, Any]]:
    return [rule_dict(r) for r in rules]

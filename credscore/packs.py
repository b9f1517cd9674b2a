"""Load and validate the rule packs (``rules/*.toml``) and the scoring policy (``scoring.toml``).

Errors are one line naming the file, the rule and the key, e.g.
``spam.toml: rule SP101: key 'params.max_similarity': must be between 0.0 and 1.0, got 3``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from . import patterncache
from .diskcache import file_key, memo
from .errors import PackError
from .findings import Severity
from .paths import rules_dir

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib  # type: ignore[no-redef]

ID_RE = patterncache.compile(r"^[A-Z]{2}\d{3}$")
NAME_RE = patterncache.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")
REQUIRED = ("id", "name", "kind", "severity", "message", "what", "why", "examples")
ALLOWED = set(REQUIRED) | {"params", "english_only", "preview"}
FAMILY_FILES_EXCLUDED = {"scoring.toml"}


@dataclass(frozen=True)
class RuleSpec:
    """One rule as declared in a pack (documentation included)."""

    id: str
    name: str
    family: str
    kind: str
    severity: Severity
    weight: float
    message: str
    what: str
    why: str
    bad_examples: tuple[str, ...]
    good_examples: tuple[str, ...]
    params: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)
    english_only: bool | None = None
    """None: follow the detector kind's default."""
    file: str = ""

    @property
    def summary(self) -> str:
        """The first sentence of ``what``, without its final period (tables, SARIF)."""
        return first_sentence(self.what)


_OPEN, _CLOSE = "([{\u201c", ")]}\u201d"
_NOT_AN_END = ("e.g", "i.e", "etc", "vs", "cf", "approx", "incl")


def first_sentence(text: str) -> str:
    """``text`` up to its first sentence end, without the period: a ". " (or ".", "!", "?"
    before white space) outside quotation marks and brackets, not part of an ellipsis
    ("The post ... appeared") nor of an abbreviation ("e.g. SP101")."""
    depth, quoted = 0, False
    for i, ch in enumerate(text):
        if ch == '"':
            quoted = not quoted
        elif ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth = max(0, depth - 1)
        elif ch in ".!?" and not quoted and not depth:
            if i + 1 < len(text) and not text[i + 1].isspace():
                continue
            if ch == "." and (text[i - 1 : i] == "." or text[i + 1 : i + 2] == "."):
                continue
            word = text[:i].rsplit(None, 1)[-1].lower() if text[:i].strip() else ""
            if ch == "." and word.lstrip("(") in _NOT_AN_END:
                continue
            return text[:i] if ch == "." else text[: i + 1]
    return text.rstrip().rstrip(".")


@dataclass(frozen=True)
class FamilyPolicy:
    cap: float
    length_scaled: bool


@dataclass(frozen=True)
class Policy:
    """Scoring policy from ``rules/scoring.toml``."""

    base: float
    decay: float
    length_reference_words: int
    families: dict[str, FamilyPolicy]
    weights: dict[str, float]
    grades: tuple[tuple[str, float], ...]


def _load_toml(path: Path) -> dict[str, Any]:
    key = file_key(path)
    if key is None:
        return _parse_toml(path)  # raises the OSError
    return memo(("toml", 1, key), lambda: _parse_toml(path))


def _parse_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as err:
        raise PackError(path.name, f"invalid TOML ({err})") from None


def _rule_from(data: dict[str, Any], family: str, file: str, weights: dict[str, float]
               ) -> RuleSpec:
    rid = str(data.get("id", "?"))
    for key in REQUIRED:
        if key not in data:
            raise PackError(file, "missing", rid, key)
    for key in data:
        if key not in ALLOWED:
            raise PackError(file, "unknown key", rid, key)
    if not ID_RE.match(rid):
        raise PackError(file, "must be two capitals and three digits, e.g. SP101", rid, "id")
    if not NAME_RE.match(str(data["name"])):
        raise PackError(file, "must be kebab-case", rid, "name")
    try:
        severity = Severity.parse(data["severity"])
    except ValueError as err:
        raise PackError(file, str(err), rid, "severity") from None
    for key in ("message", "what", "why"):
        if not isinstance(data[key], str) or not data[key].strip():
            raise PackError(file, "must be a non-empty string", rid, key)
    examples = data["examples"]
    if not isinstance(examples, dict):
        raise PackError(file, "must be a table with bad and good lists", rid, "examples")
    bad, good = examples.get("bad", []), examples.get("good", [])
    for key, value in (("examples.bad", bad), ("examples.good", good)):
        if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
            raise PackError(file, "must be a non-empty list of strings", rid, key)
    params = data.get("params", {})
    if not isinstance(params, dict):
        raise PackError(file, "must be a table", rid, "params")
    if rid not in weights:
        raise PackError("scoring.toml", f"no weight for rule {rid} (add it under [weights])")
    english_only = data.get("english_only")
    return RuleSpec(
        id=rid,
        name=str(data["name"]),
        family=family,
        kind=str(data["kind"]),
        severity=severity,
        weight=float(weights[rid]),
        message=data["message"].strip(),
        what=" ".join(data["what"].split()),
        why=" ".join(data["why"].split()),
        bad_examples=tuple(bad),
        good_examples=tuple(good),
        params=params,
        english_only=english_only if isinstance(english_only, bool) else None,
        file=file,
    )


def parse_policy(data: dict[str, Any], file: str = "scoring.toml") -> Policy:
    """Validate the scoring table."""
    try:
        families = {
            name: FamilyPolicy(float(v["cap"]), bool(v.get("length_scaled", False)))
            for name, v in data.get("families", {}).items()
        }
        weights = {str(k): float(v) for k, v in data.get("weights", {}).items()}
        grades = tuple(
            sorted(((str(g["grade"]), float(g["min"])) for g in data["grades"]),
                   key=lambda g: -g[1])
        )
        policy = Policy(
            base=float(data.get("base", 100)),
            decay=float(data.get("decay", 0.7)),
            length_reference_words=int(data.get("length_reference_words", 500)),
            families=families,
            weights=weights,
            grades=grades,
        )
    except (KeyError, TypeError, ValueError) as err:
        raise PackError(file, f"invalid scoring policy ({err})") from None
    if not 0 < policy.decay <= 1:
        raise PackError(file, "must be in (0, 1]", key="decay")
    if not grades or grades[-1][1] > 0:
        raise PackError(file, "the lowest grade band must start at 0", key="grades")
    return policy


def load_policy(directory: Path | None = None) -> Policy:
    return parse_policy(_load_toml((directory or rules_dir()) / "scoring.toml"))


def load_pack_file(path: Path, weights: dict[str, float]) -> list[RuleSpec]:
    data = _load_toml(path)
    family = data.get("family")
    if not isinstance(family, str) or not NAME_RE.match(family):
        raise PackError(path.name, "must name the pack's family in kebab-case", key="family")
    rules = data.get("rule", [])
    if not isinstance(rules, list) or not rules:
        raise PackError(path.name, "a pack needs at least one [[rule]]", key="rule")
    return [_rule_from(r, family, path.name, weights) for r in rules]


def load_rules(directory: Path | None = None) -> list[RuleSpec]:
    """Every rule of every pack, in id order; raises PackError on the first problem."""
    base = directory or rules_dir()
    policy = load_policy(base)
    out: list[RuleSpec] = []
    seen: dict[str, str] = {}
    names: dict[str, str] = {}
    for path in sorted(base.glob("*.toml")):
        if path.name in FAMILY_FILES_EXCLUDED:
            continue
        for rule in load_pack_file(path, policy.weights):
            if rule.id in seen:
                raise PackError(path.name, f"duplicate id (also in {seen[rule.id]})", rule.id, "id")
            if rule.name in names:
                raise PackError(path.name, f"duplicate name (also {names[rule.name]})", rule.id,
                                "name")
            if rule.family not in policy.families:
                raise PackError("scoring.toml", f"no [families.{rule.family}] table")
            seen[rule.id] = path.name
            names[rule.name] = rule.id
            out.append(rule)
    return sorted(out, key=lambda r: r.id)


@lru_cache(maxsize=4)
def default_rules() -> tuple[RuleSpec, ...]:
    return tuple(load_rules())


@lru_cache(maxsize=4)
def default_policy() -> Policy:
    return load_policy()


def rules_hash(directory: Path | None = None) -> str:
    """A short digest of every file under rules/ (changes whenever a rule or weight does)."""
    base = directory or rules_dir()
    import hashlib  # here, not at the top: a text report never needs it

    digest = hashlib.sha256()
    for path in sorted(p for p in base.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        digest.update(path.relative_to(base).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def find_rule(key: str, rules: tuple[RuleSpec, ...] | list[RuleSpec] | None = None
              ) -> RuleSpec | None:
    """Look a rule up by id or name (case-insensitive for ids)."""
    for rule in rules or default_rules():
        if rule.id == key.upper() or rule.name == key.lower():
            return rule
    return None

"""Load and validate the rule packs (``rules/*.toml``) and the scoring policy (``scoring.toml``).

Errors are one line naming the file, the rule and the key, e.g.
``spam.toml: rule SP101: key 'params.max_similarity': must be between 0.0 and 1.0, got 3``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from .diskcache import file_key, memo
from .errors import PackError
from .findings import Severity
from .paths import rules_dir
from .regex import patterncache

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib  # type: ignore[no-redef]

ID_RE = patterncache.compile(r"^[A-Z]{2}\d{3}$")
NAME_RE = patterncache.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")
REQUIRED = ("id", "name", "kind", "severity", "message", "what", "why", "examples")
ALLOWED = set(REQUIRED) | {"params", "english_only", "preview", "fix"}
FIX_ACTIONS = ("delete-sentence", "delete-phrase", "replace")
"""What a rule's ``[rule.fix]`` may do (credscore.analyse.fixes applies them)."""
FAMILY_FILES_EXCLUDED = {"scoring.toml"}


@dataclass(frozen=True)
class RuleSpec:
    """One rule as declared in a pack (documentation included)."""

    id: str
    name: str
    family: str
    kind: str
    severity: Severity
    message: str
    what: str
    why: str
    bad_examples: tuple[str, ...]
    good_examples: tuple[str, ...]
    params: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)
    english_only: bool | None = None
    """None: follow the detector kind's default."""
    file: str = ""
    fix: FixSpec | None = field(default=None, hash=False, compare=False)
    """The suggested fix the rule declares (``[rule.fix]``), if any."""

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
class FixSpec:
    """A rule's suggested fix, declared as data (``[rule.fix]`` in its pack).

    ``action``: ``delete-sentence`` (remove the sentence(s) the finding covers),
    ``delete-phrase`` (remove the flagged phrase where it stands alone: a whole sentence, an
    opening clause followed by a comma, or a clause between commas; anywhere else the rule
    offers no fix) or ``replace`` (replace the flagged span with ``replacement``, where
    ``{evidence}`` stands for the flagged text).
    """

    action: str
    description: str
    replacement: str = ""


@dataclass(frozen=True)
class Floor:
    """A hard floor: confident evidence that caps the score whatever else the article shows."""

    name: str
    description: str
    rules: frozenset[str]
    min_severity: Severity
    max_score: float
    min_findings: int = 1
    min_distinct_rules: int = 1


@dataclass(frozen=True)
class FamilyPolicy:
    """The cap of a house family (a user pack's ``[families.NAME]``)."""

    cap: float
    length_scaled: bool = False


HOUSE_DECAY = 0.7
"""The n-th finding of one house rule costs 0.7^(n-1) of its weight (SpamAssassin style)."""


@dataclass(frozen=True)
class Policy:
    """Scoring policy from ``rules/scoring.toml`` (plus what user packs add)."""

    model: str
    """The credibility model file (a name in rules/models/ or a path)."""
    floors: tuple[Floor, ...]
    grades: tuple[tuple[str, float], ...]
    weights: dict[str, float] = field(default_factory=dict)
    """House rules (user packs): fixed points per finding, taken off after the model. The
    built-in rules have none: their evidence is in the model's features."""
    families: dict[str, FamilyPolicy] = field(default_factory=dict)
    """Caps of the house families."""


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


def _rule_from(data: dict[str, Any], family: str, file: str) -> RuleSpec:
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
    english_only = data.get("english_only")
    fix = _fix_from(data["fix"], file, rid) if "fix" in data else None
    return RuleSpec(
        id=rid,
        name=str(data["name"]),
        family=family,
        kind=str(data["kind"]),
        severity=severity,
        message=data["message"].strip(),
        what=" ".join(data["what"].split()),
        why=" ".join(data["why"].split()),
        bad_examples=tuple(bad),
        good_examples=tuple(good),
        params=params,
        english_only=english_only if isinstance(english_only, bool) else None,
        file=file,
        fix=fix,
    )


def _floor_from(data: Any, index: int, file: str) -> Floor:
    where = f"floors[{index}]"
    if not isinstance(data, dict):
        raise PackError(file, "must be a table", key=where)
    unknown = set(data) - {"name", "description", "rules", "min_severity", "max_score",
                           "min_findings", "min_distinct_rules"}
    if unknown:
        raise PackError(file, "unknown key", key=f"{where}.{sorted(unknown)[0]}")
    rules = data.get("rules")
    if not isinstance(rules, list) or not rules or not all(isinstance(r, str) for r in rules):
        raise PackError(file, "must be a non-empty list of rule ids", key=f"{where}.rules")
    try:
        return Floor(
            name=str(data["name"]),
            description=str(data["description"]),
            rules=frozenset(rules),
            min_severity=Severity.parse(data.get("min_severity", "warning")),
            max_score=float(data["max_score"]),
            min_findings=int(data.get("min_findings", 1)),
            min_distinct_rules=int(data.get("min_distinct_rules", 1)),
        )
    except KeyError as err:
        raise PackError(file, "missing", key=f"{where}.{err.args[0]}") from None
    except (TypeError, ValueError) as err:
        raise PackError(file, f"invalid floor ({err})", key=where) from None


def _fix_from(data: Any, file: str, rid: str) -> FixSpec:
    if not isinstance(data, dict):
        raise PackError(file, "must be a table with action and description", rid, "fix")
    for key in data:
        if key not in ("action", "description", "replacement"):
            raise PackError(file, "unknown key", rid, f"fix.{key}")
    action = data.get("action")
    if action not in FIX_ACTIONS:
        raise PackError(file, f"must be one of {', '.join(FIX_ACTIONS)}, got {action!r}", rid,
                        "fix.action")
    description = data.get("description")
    if not isinstance(description, str) or not description.strip():
        raise PackError(file, "must be a non-empty string", rid, "fix.description")
    replacement = data.get("replacement", "")
    if not isinstance(replacement, str) or (action == "replace") != bool(replacement):
        raise PackError(file, "a non-empty string for action 'replace' (and only for it)", rid,
                        "fix.replacement")
    return FixSpec(action, " ".join(description.split()), replacement)


def parse_policy(data: dict[str, Any], file: str = "scoring.toml") -> Policy:
    """Validate the scoring table."""
    unknown = set(data) - {"model", "floors", "grades"}
    if unknown:
        raise PackError(file, "unknown key", key=sorted(unknown)[0])
    model = data.get("model", "credibility.json")
    if not isinstance(model, str) or not model:
        raise PackError(file, "must name a model file", key="model")
    floors = data.get("floors", [])
    if not isinstance(floors, list):
        raise PackError(file, "must be a list of tables ([[floors]])", key="floors")
    try:
        grades = tuple(
            sorted(((str(g["grade"]), float(g["min"])) for g in data["grades"]),
                   key=lambda g: -g[1])
        )
    except (KeyError, TypeError, ValueError) as err:
        raise PackError(file, f"invalid grade bands ({err})", key="grades") from None
    if not grades or grades[-1][1] > 0:
        raise PackError(file, "the lowest grade band must start at 0", key="grades")
    return Policy(model=model,
                  floors=tuple(_floor_from(f, i, file) for i, f in enumerate(floors)),
                  grades=grades)


def load_policy(directory: Path | None = None) -> Policy:
    return parse_policy(_load_toml((directory or rules_dir()) / "scoring.toml"))


def load_pack_file(path: Path) -> list[RuleSpec]:
    data = _load_toml(path)
    family = data.get("family")
    if not isinstance(family, str) or not NAME_RE.match(family):
        raise PackError(path.name, "must name the pack's family in kebab-case", key="family")
    rules = data.get("rule", [])
    if not isinstance(rules, list) or not rules:
        raise PackError(path.name, "a pack needs at least one [[rule]]", key="rule")
    return [_rule_from(r, family, path.name) for r in rules]


def load_rules(directory: Path | None = None) -> list[RuleSpec]:
    """Every rule of every pack, in id order; raises PackError on the first problem."""
    base = directory or rules_dir()
    out: list[RuleSpec] = []
    seen: dict[str, str] = {}
    names: dict[str, str] = {}
    for path in sorted(base.glob("*.toml")):
        if path.name in FAMILY_FILES_EXCLUDED:
            continue
        for rule in load_pack_file(path):
            if rule.id in seen:
                raise PackError(path.name, f"duplicate id (also in {seen[rule.id]})", rule.id, "id")
            if rule.name in names:
                raise PackError(path.name, f"duplicate name (also {names[rule.name]})", rule.id,
                                "name")
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

"""User rule packs: a newsroom adds its own rules (and, in ``allow.toml``, accepts its own links).

A **pack** is a folder laid out like ``rules/`` (``packs = ["newsroom"]`` in the configuration,
or ``--rules DIR``; a single ``.toml`` file also works)::

    newsroom/
      house-style.toml     # family = "...", [[rule]] entries: the format of rules/<family>.toml
      scoring.toml         # [weights]: points per finding of each rule; [families.<name>] cap
      allow.toml           # optional: domains = [...], terms = [...]
      lexicons/*.txt       # optional: phrase lists the pack's rules name (one phrase a line)

A pack's rules are *house rules*: the credibility model was not fitted on them, so each costs
the fixed points its ``[weights]`` entry gives, taken off after the model (the n-th finding of a
rule 0.7^(n-1) of that; a family's total capped by ``[families.<name>] cap``), each a line of
the points table. Rules may join a built-in family (``family = "promo"``) or start one (then
``scoring.toml`` gives its cap). Ids follow the built-in form (two capitals, three digits) and
must not clash with a built-in or another pack's rule. A lexicon named in ``params`` is looked
for in the pack's ``lexicons/`` folder, then in the pack folder, then among the built-in
lexicons.
Patterns are compiled by the detectors as for the built-in packs (``credscore.regex.patterncache``),
so the same safety checks apply to them.

Every problem is reported, each on its own line naming the file, the line, the rule and the key
(``newsroom/house-style.toml:14: rule NR102: key 'severity': unknown severity 'critical' (use
info, warning or error)``), and nothing is checked until the packs load cleanly.

Allow-lists (a pack's ``allow.toml``) are read here and applied by ``credscore.allowlists``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from .allowlists import bare_host, valid_domain
from .errors import PackError
from .packfiles import Problems, line_of, read_toml
from .packs import (
    ALLOWED,
    ID_RE,
    NAME_RE,
    REQUIRED,
    FamilyPolicy,
    Policy,
    RuleSpec,
    _rule_from,
)

SPECIAL_FILES = ("scoring.toml", "allow.toml")


class PackErrors(PackError):
    """Every problem found in the user packs, one line each (``problems``)."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        Exception.__init__(self, "\n".join(problems))


@dataclass(frozen=True)
class UserPacks:
    """What the user packs add to the built-in rules."""

    rules: tuple[RuleSpec, ...] = ()
    weights: dict[str, float] = field(default_factory=dict)
    families: dict[str, FamilyPolicy] = field(default_factory=dict)
    allow_domains: tuple[str, ...] = ()
    allow_terms: tuple[str, ...] = ()

    def merged_policy(self, policy: Policy) -> Policy:
        return replace(policy, weights={**policy.weights, **self.weights},
                       families={**policy.families, **self.families})


# --------------------------------------------------------------------------- loading


def _pack_files(path: Path, problems: Problems) -> tuple[Path, list[Path]] | None:
    """(pack folder, rule files) of one ``packs`` entry."""
    if path.is_dir():
        files = sorted(p for p in path.glob("*.toml") if p.name not in SPECIAL_FILES)
        if not files and not (path / "allow.toml").is_file():
            problems.add(path, None, "no rule pack (*.toml) or allow.toml in this folder")
        return path, files
    if path.is_file():
        if path.suffix != ".toml":
            problems.add(path, None, "a rule pack is a .toml file or a folder of them")
            return None
        return path.parent, [path]
    problems.add(path, None, "no such rule pack folder or file")
    return None


def _resolve_lexicons(value: Any, folder: Path, builtin: Path) -> tuple[Any, list[str]]:
    """``value`` with lexicon names (strings ending in .txt) resolved to files of the pack;
    and the names found nowhere."""
    missing: list[str] = []
    if isinstance(value, str) and value.endswith(".txt"):
        for candidate in (folder / "lexicons" / value, folder / value):
            if candidate.is_file():
                return str(candidate.resolve()), missing
        if (builtin / value).is_file():
            return value, missing
        return value, [value]
    if isinstance(value, list):
        out = []
        for item in value:
            resolved, more = _resolve_lexicons(item, folder, builtin)
            out.append(resolved)
            missing += more
        return out, missing
    if isinstance(value, dict):
        table = {}
        for k, item in value.items():
            table[k], more = _resolve_lexicons(item, folder, builtin)
            missing += more
        return table, missing
    return value, missing


def _policy_of(folder: Path, problems: Problems) -> tuple[dict[str, float],
                                                           dict[str, FamilyPolicy]]:
    path = folder / "scoring.toml"
    if not path.is_file():
        return {}, {}
    read = read_toml(path, problems)
    if read is None:
        return {}, {}
    data, text = read
    weights: dict[str, float] = {}
    for rid, value in (data.get("weights") or {}).items():
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
            problems.add(path, text, "must be a number of points, 0 or more",
                         key=f"weights.{rid}")
            continue
        weights[str(rid)] = float(value)
    families: dict[str, FamilyPolicy] = {}
    for name, table in (data.get("families") or {}).items():
        cap = table.get("cap") if isinstance(table, dict) else None
        if isinstance(cap, bool) or not isinstance(cap, (int, float)) or cap <= 0:
            problems.add(path, text, "must be a positive number of points",
                         key=f"families.{name}.cap")
            continue
        families[str(name)] = FamilyPolicy(float(cap), bool(table.get("length_scaled", False)))
    for key in data:
        if key not in ("weights", "families"):
            problems.add(path, text, "unknown key (a pack's scoring.toml has [weights] and "
                                     "[families.NAME])", key=key)
    return weights, families


def _allow_of(folder: Path, problems: Problems) -> tuple[list[str], list[str]]:
    path = folder / "allow.toml"
    if not path.is_file():
        return [], []
    read = read_toml(path, problems)
    if read is None:
        return [], []
    data, text = read
    out: dict[str, list[str]] = {"domains": [], "terms": []}
    for key, value in data.items():
        if key not in out:
            problems.add(path, text, "unknown key (use domains, terms)", key=key)
        elif not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            problems.add(path, text, "must be a list of strings", key=key)
        else:
            out[key] = value
    for domain in out["domains"]:
        if not valid_domain(domain):
            problems.add(path, text, f"{domain!r} is not a host name (write partner.example, "
                                     "without https:// or a path)", key="domains")
    return out["domains"], out["terms"]


def _rule_problems(data: Any, problems: Problems, path: Path, text: str, index: int) -> bool:
    """Check one ``[[rule]]`` table, adding every problem; True when it is usable."""
    if not isinstance(data, dict):
        problems.add(path, text, "must be a table", index=index)
        return False
    rid = str(data.get("id", "?"))
    before = len(problems.lines)
    for key in REQUIRED:
        if key not in data:
            problems.add(path, text, "missing", rid, key, index)
    for key in data:
        if key not in ALLOWED:
            problems.add(path, text, "unknown key", rid, key, index)
    if "id" in data and not ID_RE.match(rid):
        problems.add(path, text, "must be two capitals and three digits, e.g. NR101", rid, "id",
                     index)
    if "name" in data and not NAME_RE.match(str(data["name"])):
        problems.add(path, text, "must be kebab-case", rid, "name", index)
    if "severity" in data:
        from .findings import Severity

        try:
            Severity.parse(data["severity"])
        except ValueError as err:
            problems.add(path, text, str(err), rid, "severity", index)
    for key in ("message", "what", "why"):
        if key in data and (not isinstance(data[key], str) or not data[key].strip()):
            problems.add(path, text, "must be a non-empty string", rid, key, index)
    examples = data.get("examples")
    if "examples" in data:
        if not isinstance(examples, dict):
            problems.add(path, text, "must be a table with bad and good lists", rid, "examples",
                         index)
        else:
            for key in ("bad", "good"):
                value = examples.get(key, [])
                if not isinstance(value, list) or not value or not all(
                        isinstance(v, str) for v in value):
                    problems.add(path, text, "must be a non-empty list of strings", rid,
                                 f"examples.{key}", index)
    if "params" in data and not isinstance(data["params"], dict):
        problems.add(path, text, "must be a table", rid, "params", index)
    return len(problems.lines) == before


def load_user_packs(paths: Iterable[str | Path], builtin: Iterable[RuleSpec], policy: Policy,
                    allow_domains: Iterable[str] = (), allow_terms: Iterable[str] = ()
                    ) -> UserPacks:
    """Load and validate the user packs; PackErrors lists every problem."""
    from .detectors import KINDS, ParamError, build_detector
    from .paths import rules_dir

    problems = Problems()
    builtin = list(builtin)
    ids = {r.id: f"the built-in {r.file}" for r in builtin}
    builtin_families = {r.family for r in builtin}
    names = {r.name: r.id for r in builtin}
    lexicons = rules_dir() / "lexicons"
    rules: list[RuleSpec] = []
    weights: dict[str, float] = {}
    families: dict[str, FamilyPolicy] = {}
    domains, terms = list(allow_domains), list(allow_terms)
    for raw in paths:
        found = _pack_files(Path(raw), problems)
        if found is None:
            continue
        folder, files = found
        pack_weights, pack_families = _policy_of(folder, problems)
        weights.update(pack_weights)
        families.update(pack_families)
        more_domains, more_terms = _allow_of(folder, problems)
        domains += more_domains
        terms += more_terms
        for path in files:
            read = read_toml(path, problems)
            if read is None:
                continue
            data, text = read
            family = data.get("family")
            if not isinstance(family, str) or not NAME_RE.match(family):
                problems.add(path, text, "must name the pack's family in kebab-case",
                              key="family", line=line_of(text, None, "family"))
                continue
            if (family not in builtin_families and family not in policy.families
                    and family not in pack_families):
                problems.add(path, text, f"family '{family}' is not built in: give its cap in "
                                         f"{folder / 'scoring.toml'} under [families.{family}]",
                             key="family", line=line_of(text, None, "family"))
            entries = data.get("rule", [])
            if not isinstance(entries, list) or not entries:
                problems.add(path, text, "a pack needs at least one [[rule]]", key="rule")
                continue
            for index, entry in enumerate(entries):
                if not _rule_problems(entry, problems, path, text, index):
                    continue
                rid = entry["id"]
                if rid in ids:
                    problems.add(path, text, f"duplicate id (also in {ids[rid]})", rid, "id",
                                 index)
                    continue
                if entry["name"] in names:
                    problems.add(path, text, f"duplicate name (also {names[entry['name']]})",
                                 rid, "name", index)
                    continue
                if rid not in pack_weights:
                    problems.add(path, text, f"no weight: add {rid} = POINTS under [weights] "
                                             f"in {folder / 'scoring.toml'}", rid, None, index)
                    continue
                if entry["kind"] not in KINDS:
                    problems.add(path, text, f"unknown detector kind '{entry['kind']}' (see "
                                             f"{', '.join(sorted(KINDS))})", rid, "kind", index)
                    continue
                params, missing = _resolve_lexicons(entry.get("params", {}), folder, lexicons)
                for name in missing:
                    problems.add(path, text, f"lexicon file '{name}' not found in "
                                             f"{folder / 'lexicons'}, {folder} or the built-in "
                                             "lexicons", rid, "params", index)
                if missing:
                    continue
                try:
                    build_detector(entry["kind"], params)
                except ParamError as err:
                    problems.add(path, text, str(err), rid, f"params.{err.key}", index)
                    continue
                except Exception as err:  # a detector's own check, e.g. a pattern refused
                    problems.add(path, text, f"{type(err).__name__}: {err}", rid, "params",
                                 index)
                    continue
                spec = _rule_from({**entry, "params": params}, family, str(path))
                ids[rid] = str(path)
                names[spec.name] = rid
                rules.append(spec)
    for domain in domains:
        if not valid_domain(domain):
            problems.add(Path("allow.domains"), None, f"{domain!r} is not a host name")
    if problems.lines:
        raise PackErrors(problems.lines)
    return UserPacks(rules=tuple(sorted(rules, key=lambda r: r.id)), weights=weights,
                     families=families,
                     allow_domains=tuple(dict.fromkeys(bare_host(d) for d in domains)),
                     allow_terms=tuple(dict.fromkeys(t.strip() for t in terms if t.strip())))


def packs_digest(paths: Iterable[str | Path]) -> str:
    """A digest of every file of the given packs (names and bytes); changes with any edit."""
    digest = hashlib.blake2b(digest_size=8)
    for raw in paths:
        path = Path(raw)
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for file in files:
            digest.update(str(file).encode("utf-8", "surrogateescape") + b"\0")
            try:
                digest.update(file.read_bytes())
            except OSError:
                digest.update(b"<unreadable>")
    return digest.hexdigest()


@lru_cache(maxsize=8)
def _cached(paths: tuple[str, ...], digest: str, builtin: tuple[RuleSpec, ...], policy: Any,
            domains: tuple[str, ...], terms: tuple[str, ...]) -> UserPacks:
    return load_user_packs(paths, builtin, policy, domains, terms)


def user_packs(paths: Iterable[str], builtin: tuple[RuleSpec, ...], policy: Policy,
               domains: Iterable[str] = (), terms: Iterable[str] = ()) -> UserPacks:
    """``load_user_packs``, loaded once per content of the packs in a process."""
    key = tuple(str(p) for p in paths)
    return _cached(key, packs_digest(key), builtin, _Frozen(policy), tuple(domains),
                   tuple(terms))


class _Frozen:
    """A hashable stand-in for a Policy (compared by identity; the built-in one is cached)."""

    def __init__(self, policy: Policy) -> None:
        self.policy = policy

    def __hash__(self) -> int:
        return id(self.policy)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Frozen) and other.policy is self.policy

    def __getattr__(self, name: str) -> Any:
        return getattr(self.policy, name)

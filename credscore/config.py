"""Configuration: ``[tool.credscore]`` in pyproject.toml or a ``.credscore.toml``.

Found by walking up from the first path checked (or the working directory). Command-line flags
beat configuration. Keys::

    select = ["spam", "AT101"]        # rule ids, names, families or id prefixes
    ignore = ["FL102"]
    min_severity = "warning"
    fail_under = 60
    fail_on = "error"
    include = ["*.md"]                 # file patterns when walking folders
    exclude = ["drafts/*"]
    max_bytes = 10485760
    boilerplate_min_files = 3          # paragraphs found in N+ files are boilerplate (0 = off)
    model = "newsroom-model.json"      # a credibility model written by `credscore fit`
    packs = ["newsroom-rules"]         # user rule packs (folders like rules/), see userpacks.py
    [rules.FL101]                      # per-rule overrides (id, name or family)
    severity = "info"
    enabled = false
    [allow]                            # allow-lists (Vale's accept vocabulary)
    domains = ["partner.example"]      # links to these hosts (and subdomains) are never flagged
    terms = ["Premier League betting partner"]   # findings on exactly these words are dropped

Relative ``packs`` paths are relative to the configuration file's folder.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import ConfigError
from .findings import Severity

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib  # type: ignore[no-redef]


@dataclass
class Config:
    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    min_severity: Severity = Severity.INFO
    fail_under: float | None = None
    fail_on: Severity | None = None
    include: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)
    max_bytes: int = 10 * 1024 * 1024
    boilerplate_min_files: int = 3
    """A paragraph found in at least this many files of one batch is boilerplate (0 = off)."""
    severity_overrides: dict[str, Severity] = field(default_factory=dict)
    disabled: list[str] = field(default_factory=list)
    model: str | None = None
    """A credibility model file (``credscore fit``); None: the shipped model. A relative path
    is relative to the configuration file."""
    packs: list[str] = field(default_factory=list)
    """User rule packs: folders (or single .toml files) in the format of ``rules/``."""
    allow_domains: list[str] = field(default_factory=list)
    allow_terms: list[str] = field(default_factory=list)
    source: str | None = None
    """The file the configuration came from, if any."""

    def row_settings(self) -> dict[str, Any]:
        """The settings that change what a report holds (not the gates, not which files are
        read): ``credscore audit --resume`` re-scores a file whose row was made with others.
        User packs count with their content (``userpacks.packs_digest``)."""
        from .userpacks import packs_digest

        return {
            "select": sorted(self.select), "ignore": sorted(self.ignore),
            "min_severity": self.min_severity.label,
            "severity_overrides": {k: v.label for k, v in sorted(self.severity_overrides.items())},
            "disabled": sorted(self.disabled), "max_bytes": self.max_bytes,
            "boilerplate_min_files": self.boilerplate_min_files,
            "packs": packs_digest(self.packs) if self.packs else "",
            "allow_domains": sorted(d.lower() for d in self.allow_domains),
            "allow_terms": sorted(self.allow_terms),
            # the credibility model scores the row: another model file is another score
            "model": _file_digest(self.model) if self.model else "",
        }


def _file_digest(path: str) -> str:
    """A short digest of a file's bytes (``"missing"`` when it cannot be read)."""
    import hashlib

    try:
        return hashlib.blake2b(Path(path).read_bytes(), digest_size=8).hexdigest()
    except OSError:
        return "missing"


def _strings(value: Any, key: str, source: str) -> list[str]:
    if isinstance(value, str):
        return [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{source}: '{key}' must be a list of strings")
    return list(value)


def parse_config(table: dict[str, Any], source: str) -> Config:
    """Validate a ``[tool.credscore]`` table."""
    cfg = Config(source=source)
    known = {"select", "ignore", "min_severity", "fail_under", "fail_on", "include", "exclude",
             "max_bytes", "boilerplate_min_files", "rules", "packs", "allow", "model"}
    for key in table:
        if key not in known:
            raise ConfigError(f"{source}: unknown key '{key}'")
    cfg.select = _strings(table.get("select", []), "select", source)
    cfg.ignore = _strings(table.get("ignore", []), "ignore", source)
    cfg.include = _strings(table.get("include", []), "include", source)
    cfg.exclude = _strings(table.get("exclude", []), "exclude", source)
    try:
        if "min_severity" in table:
            cfg.min_severity = Severity.parse(table["min_severity"])
        if "fail_on" in table:
            cfg.fail_on = Severity.parse(table["fail_on"])
    except ValueError as err:
        raise ConfigError(f"{source}: {err}") from None
    if "fail_under" in table:
        value = table["fail_under"]
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 100:
            raise ConfigError(f"{source}: 'fail_under' must be a number from 0 to 100")
        cfg.fail_under = float(value)
    if "max_bytes" in table:
        value = table["max_bytes"]
        if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
            raise ConfigError(f"{source}: 'max_bytes' must be a positive whole number")
        cfg.max_bytes = value
    if "boilerplate_min_files" in table:
        value = table["boilerplate_min_files"]
        if isinstance(value, bool) or not isinstance(value, int) or value == 1 or value < 0:
            raise ConfigError(f"{source}: 'boilerplate_min_files' must be 0 (off) or 2 or more")
        cfg.boilerplate_min_files = value
    if "model" in table:
        value = table["model"]
        if not isinstance(value, str) or not value.strip():
            raise ConfigError(f"{source}: 'model' must be the path of a model file")
        path = Path(value).expanduser()
        if not path.is_absolute() and source and source != "<flags>" and Path(source).name:
            path = Path(source).parent / path
        cfg.model = str(path)
    base = Path(source).parent if source and source != "<flags>" else Path.cwd()
    cfg.packs = [str(p if Path(p).is_absolute() else base / p)
                 for p in _strings(table.get("packs", []), "packs", source)]
    allow = table.get("allow", {})
    if not isinstance(allow, dict):
        raise ConfigError(f"{source}: 'allow' must be a table with domains and terms")
    for key in allow:
        if key not in ("domains", "terms"):
            raise ConfigError(f"{source}: allow: unknown key '{key}' (use domains, terms)")
    cfg.allow_domains = _strings(allow.get("domains", []), "allow.domains", source)
    cfg.allow_terms = _strings(allow.get("terms", []), "allow.terms", source)
    from .allowlists import valid_domain

    for domain in cfg.allow_domains:
        if not valid_domain(domain):
            raise ConfigError(f"{source}: allow.domains: {domain!r} is not a host name "
                              "(write partner.example, without https:// or a path)")
    rules = table.get("rules", {})
    if not isinstance(rules, dict):
        raise ConfigError(f"{source}: 'rules' must be a table of per-rule settings")
    for key, settings in rules.items():
        if not isinstance(settings, dict):
            raise ConfigError(f"{source}: rules.{key} must be a table")
        for skey, value in settings.items():
            if skey == "severity":
                try:
                    cfg.severity_overrides[key] = Severity.parse(value)
                except ValueError as err:
                    raise ConfigError(f"{source}: rules.{key}.severity: {err}") from None
            elif skey == "enabled":
                if not isinstance(value, bool):
                    raise ConfigError(f"{source}: rules.{key}.enabled must be true or false")
                if not value:
                    cfg.disabled.append(key)
            else:
                raise ConfigError(f"{source}: rules.{key}: unknown key '{skey}'")
    return cfg


def _read(path: Path) -> dict[str, Any]:
    from .names import escape_path

    name = escape_path(str(path))
    try:
        data = path.read_bytes()
    except OSError as err:
        raise ConfigError(f"{name}: cannot read configuration ({err.strerror or err})") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise ConfigError(f"{name}: configuration is not UTF-8 (byte 0x{data[err.start]:02x} at "
                          f"offset {err.start}); TOML files must be UTF-8") from None
    try:
        return tomllib.loads(text.removeprefix("\ufeff"))
    except tomllib.TOMLDecodeError as err:
        raise ConfigError(f"{name}: invalid TOML ({err})") from None


def _mentions_us(path: Path) -> bool:
    """Might this pyproject.toml hold a [tool.credscore] table? (A cheap look at the bytes.)"""
    try:
        return b"credscore" in path.read_bytes()
    except OSError:
        return False


def load_config_file(path: Path) -> Config:
    data = _read(path)
    table = data.get("tool", {}).get("credscore", {}) if path.name == "pyproject.toml" else data
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [tool.credscore] must be a table")
    return parse_config(table, str(path))


def discover_config(start: Path | None = None) -> Config:
    """The nearest ``.credscore.toml`` or pyproject.toml with [tool.credscore], else defaults."""
    try:
        here = (start or Path.cwd()).resolve()
    except (OSError, RuntimeError):  # a symlink loop: look from the folder it is in
        here = Path(os.path.abspath(start or ".")).parent
    if here.is_file() or not here.exists():
        here = here.parent
    for folder in (here, *here.parents):
        dot = folder / ".credscore.toml"
        if dot.is_file():
            return load_config_file(dot)
        pyproject = folder / "pyproject.toml"
        # Another tool's pyproject.toml is not ours to judge: one that never names credscore
        # is skipped unread, even if it is broken.
        if pyproject.is_file() and _mentions_us(pyproject):
            tool = _read(pyproject).get("tool", {})
            if isinstance(tool, dict) and "credscore" in tool:
                return load_config_file(pyproject)
    return Config()

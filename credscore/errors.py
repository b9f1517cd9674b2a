"""Errors that reach users as one line: they name the file (or rule pack) and the problem."""

from __future__ import annotations


class CredscoreError(Exception):
    """Base class; ``str(err)`` is the one-line message shown to users."""


class InputError(CredscoreError):
    """An input that cannot be read or decoded."""

    def __init__(self, path: str, problem: str) -> None:
        from .names import escape_path

        super().__init__(f"{escape_path(path)}: {problem}")
        self.path = escape_path(path)
        """The file's name as reports show it (``credscore.names.escape_path``)."""
        self.problem = problem


class PackError(CredscoreError):
    """A rule pack or scoring file that does not validate."""

    def __init__(self, file: str, problem: str, rule: str | None = None, key: str | None = None):
        where = file
        if rule:
            where += f": rule {rule}"
        if key:
            where += f": key '{key}'"
        super().__init__(f"{where}: {problem}")


class ConfigError(CredscoreError):
    """A configuration file or option with a bad value."""

"""credscore: reads an article and tells its reader, with evidence, how far it can be trusted.

>>> import credscore
>>> report = credscore.check_text("Experts say prices will double.")
>>> report.score, report.grade
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from pathlib import Path

    from .report import Report


def check_text(text: str, *, fmt: str = "txt", path: str | None = None) -> Report:
    """Score an article given as text (``fmt``: ``txt``, ``md`` or ``html``)."""
    from .api import check_text as _check_text

    return _check_text(text, fmt=fmt, path=path)


def check_path(path: str | Path) -> Report:
    """Score one file; raises ``credscore.errors.InputError`` when it cannot be read."""
    from .api import check_path as _check_path

    return _check_path(path)


def __getattr__(name: str) -> Any:
    if name in ("Report", "Failure"):
        from . import report

        return getattr(report, name)
    if name == "Checker":
        from .api import Checker

        return Checker
    raise AttributeError(name)


__all__ = ["Checker", "Failure", "Report", "__version__", "check_path", "check_text"]

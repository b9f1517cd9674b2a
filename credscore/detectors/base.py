"""The contract every kind of detection follows, and helpers to validate its parameters."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar

from ..analyse.lexicons import LexiconError, load_lexicon
from ..findings import Hit
from ..segment.document import Document


class ParamError(ValueError):
    """A rule parameter that does not validate; ``key`` names it."""

    def __init__(self, key: str, problem: str) -> None:
        super().__init__(problem)
        self.key = key


class Detector:
    """A coded kind of detection. Rules in ``rules/*.toml`` configure it through ``params``.

    Subclasses read and validate their parameters in ``__init__`` (raising ParamError naming the
    key) and implement ``detect``. A detector knows nothing of rule ids, weights or wording.
    """

    kind: ClassVar[str] = ""
    #: True when the detection only makes sense on English text.
    english_only: ClassVar[bool] = True
    #: True for detections that need several documents (run by the batch, not per document).
    cross_document: ClassVar[bool] = False
    #: True when a hit is a verdict on the whole article; its span only says where to point
    #: (e.g. the first sentence), so it does not identify the finding (see credscore.baseline).
    article_level: ClassVar[bool] = False

    def __init__(self, params: dict[str, Any]) -> None:
        self.params = dict(params)
        self._used: set[str] = set()

    def detect(self, doc: Document) -> Iterable[Hit]:  # pragma: no cover - interface
        raise NotImplementedError

    # -- parameter helpers -------------------------------------------------------------------
    def finish_params(self) -> None:
        """Reject unknown keys (call at the end of ``__init__``)."""
        unknown = sorted(set(self.params) - self._used)
        if unknown:
            raise ParamError(unknown[0], f"unknown parameter for detector kind '{self.kind}'")

    def _get(self, key: str, default: Any) -> Any:
        self._used.add(key)
        return self.params.get(key, default)

    def number(self, key: str, default: float, lo: float | None = None,
               hi: float | None = None) -> float:
        value = self._get(key, default)
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ParamError(key, f"must be a number, got {value!r}")
        if (lo is not None and value < lo) or (hi is not None and value > hi):
            raise ParamError(key, f"must be between {lo} and {hi}, got {value}")
        return float(value)

    def integer(self, key: str, default: int, lo: int = 0) -> int:
        value = self._get(key, default)
        if isinstance(value, bool) or not isinstance(value, int) or value < lo:
            raise ParamError(key, f"must be a whole number >= {lo}, got {value!r}")
        return value

    def flag(self, key: str, default: bool) -> bool:
        value = self._get(key, default)
        if not isinstance(value, bool):
            raise ParamError(key, f"must be true or false, got {value!r}")
        return value

    def text(self, key: str, default: str | None = None, choices: Iterable[str] = ()) -> str:
        value = self._get(key, default)
        if not isinstance(value, str) or not value:
            raise ParamError(key, "must be a non-empty string")
        options = tuple(choices)
        if options and value not in options:
            raise ParamError(key, f"must be one of {', '.join(options)}, got {value!r}")
        return value

    def strings(self, key: str, default: list[str] | None = None, required: bool = False
                ) -> list[str]:
        value = self._get(key, default if default is not None else [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ParamError(key, "must be a list of strings")
        if required and not value:
            raise ParamError(key, "must not be empty")
        return list(value)

    def lexicon_files(self, key: str, required: bool = False) -> list[str]:
        """File names under ``rules/lexicons/``; each must exist and parse."""
        names = self.strings(key, required=required)
        for name in names:
            try:
                load_lexicon(name)
            except LexiconError as err:
                raise ParamError(key, str(err)) from None
        return names

    def categories(self, key: str, required: bool = True) -> dict[str, list[str]]:
        """A table ``{category: [lexicon files]}``."""
        value = self._get(key, {})
        if not isinstance(value, dict) or (required and not value):
            raise ParamError(key, "must be a table of category = [lexicon files]")
        out: dict[str, list[str]] = {}
        for category, names in value.items():
            if isinstance(names, str):
                names = [names]
            if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
                raise ParamError(f"{key}.{category}", "must be a list of lexicon file names")
            for name in names:
                try:
                    load_lexicon(name)
                except LexiconError as err:
                    raise ParamError(f"{key}.{category}", str(err)) from None
            out[str(category)] = list(names)
        return out

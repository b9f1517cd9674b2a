"""Kind ``pattern``: flag regular-expression matches.

Parameters: ``patterns`` (list of Python regexes), ``ignore_case`` (default true), ``group``
(which group is the span, default 0), ``span`` (match|sentence|block), ``skip_quotes``.

Patterns run under a bound (``credscore.regex.saferegex``): on RE2 when they mean the same there,
else on ``re`` within the document's time budget.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..findings import Hit
from ..regex.saferegex import RulePattern, UnsafePattern, document_deadline
from ..segment.document import Document
from .base import Detector, ParamError
from .spans import inside, quote_spans, widen


class PatternDetector(Detector):
    kind = "pattern"
    pack_patterns = True  # runs the pack's regexes: within the time budget

    def __init__(self, params: dict) -> None:
        super().__init__(params)
        sources = self.strings("patterns", required=True)
        flags = re.IGNORECASE if self.flag("ignore_case", True) else 0
        self.group = self.integer("group", 0)
        self.span = self.text("span", "match", ("match", "sentence", "block"))
        self.skip_quotes = self.flag("skip_quotes", False)
        self.finish_params()
        self.patterns: list[RulePattern] = []
        for source in sources:
            try:
                compiled = RulePattern(source, flags | re.MULTILINE)
            except UnsafePattern as err:
                raise ParamError("patterns", f"{source!r}: {err}") from None
            if self.group > compiled.groups:
                raise ParamError("group", f"regex {source!r} has no group {self.group}")
            self.patterns.append(compiled)

    def detect(self, doc: Document) -> Iterator[Hit]:
        quotes = quote_spans(doc) if self.skip_quotes else []
        seen: set[tuple[int, int]] = set()
        deadline = document_deadline(doc)
        for pattern in self.patterns:
            for start, end in pattern.finditer(doc.lint_text, self.group, deadline):
                if end <= start or (quotes and inside(quotes, start, end)):
                    continue
                span = widen(doc, start, end, self.span)
                if span not in seen:
                    seen.add(span)
                    yield Hit(span[0], span[1], data={"match": doc.text[start:end]})

"""Kind ``style-density``: report the writer's own style signals once they are dense enough.

One loaded word or one "you" is ordinary; a register built on them is the finding. The signals
are those ``credscore.analyse.style`` counts outside quotations: ``loaded`` (emotive words),
``caps`` (words in capitals), ``exclamation`` (the writer's "!"), ``conspiracy`` (framing
phrases), ``certainty`` (absolute markers), ``hedge``, ``informal``, ``imperative``
(sentences that command the reader) and ``second`` ("you").

Parameters: ``signals`` (list of the names above), ``min_hits`` (default 1: hits of the listed
signals in the article before any is reported), ``min_per_100_words`` (default 0: their rate
per 100 words of the writer's own voice), ``span`` (``match`` or ``sentence``).
"""

from __future__ import annotations

from collections.abc import Iterator

from ..analyse.style import style_counts
from ..findings import Hit
from ..segment.document import Document
from .base import Detector, ParamError
from .spans import widen

SIGNALS = ("loaded", "caps", "exclamation", "conspiracy", "certainty", "hedge", "informal",
           "imperative", "second")


class StyleDensityDetector(Detector):
    kind = "style-density"

    def __init__(self, params: dict) -> None:
        super().__init__(params)
        self.signals = self.strings("signals")
        if not self.signals:
            raise ParamError("signals", f"give at least one of: {', '.join(SIGNALS)}")
        for name in self.signals:
            if name not in SIGNALS:
                raise ParamError("signals", f"unknown signal {name!r} (use {', '.join(SIGNALS)})")
        self.min_hits = self.integer("min_hits", 1, 1)
        self.min_rate = self.number("min_per_100_words", 0.0, 0.0)
        self.span = self.text("span", "match", ("match", "sentence"))
        self.finish_params()

    def detect(self, doc: Document) -> Iterator[Hit]:
        counts = style_counts(doc)
        hits = sorted({(s, e, name) for name in self.signals
                       for s, e in counts.matches.get(name, ())})
        if len(hits) < self.min_hits:
            return
        if len(hits) * 100.0 / max(counts.words, 1) < self.min_rate:
            return
        seen: set[tuple[int, int]] = set()
        for start, end, name in hits:
            span = widen(doc, start, end, self.span)
            if span in seen:
                continue
            seen.add(span)
            yield Hit(span[0], span[1], data={"signal": name,
                                              "phrase": doc.text[start:end]})

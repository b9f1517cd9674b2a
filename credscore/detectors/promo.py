"""Kind ``boilerplate-block``: promotional boilerplate reported as whole blocks, by category.

A cue phrase (from the category's lexicons) marks its paragraph; consecutive paragraphs with a
cue of the same category merge into one span, and a short heading right before the block
("Disclaimer:", "About the author") joins it. One finding per block, not per phrase.

Parameters: ``categories`` (category = [lexicon files]), ``max_block_chars`` (a block longer
than this is reported as the cue's sentence instead, default 1500).
"""

from __future__ import annotations

from collections.abc import Iterator

from ..document import Document
from ..findings import Hit
from ..lexicons import PhraseMatcher, load_lexicon
from .base import Detector
from .spans import widen


class BoilerplateBlockDetector(Detector):
    kind = "boilerplate-block"
    english_only = False

    def __init__(self, params: dict) -> None:
        super().__init__(params)
        self.category_files = self.categories("categories")
        self.max_block = self.integer("max_block_chars", 1500, 1)
        self.finish_params()
        self.matcher = PhraseMatcher(
            (p, cat) for cat, files in self.category_files.items()
            for name in files for p in load_lexicon(name)
        )

    def detect(self, doc: Document) -> Iterator[Hit]:
        by_block: dict[int, dict[str, list[str]]] = {}
        cue_spans: dict[int, tuple[int, int]] = {}
        for m in self.matcher.longest_matches(doc.folded):
            i = doc.sentence_index_at(m.start)
            if i is None:
                continue
            b = doc.sentences[i].block
            by_block.setdefault(b, {}).setdefault(m.tag, []).append(doc.text[m.start : m.end])
            cue_spans.setdefault(b, (m.start, m.end))
        done: set[tuple[int, str]] = set()
        for b in sorted(by_block):
            for cat, cues in by_block[b].items():
                if (b, cat) in done:
                    continue
                last = b
                all_cues = list(cues)
                while cat in by_block.get(last + 1, {}):
                    last += 1
                    done.add((last, cat))
                    all_cues += by_block[last][cat]
                first = b
                if first > 0 and doc.blocks[first - 1].kind == "heading":
                    first -= 1
                start, end = doc.blocks[first].start, doc.blocks[last].end
                if end - start > self.max_block:
                    start, end = widen(doc, *cue_spans[b], "sentence")
                yield Hit(start, end, data={"category": cat, "cues": sorted(set(all_cues))})

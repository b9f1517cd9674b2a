"""Analyse stage: the selected rules run on a Document and their hits become findings, and the
article's measures are taken. The rule implementations are in ``credscore.detectors``.

- ``engine``: run the selected rules (detectors) on a Document, hits -> findings.
- ``lexicons``: phrase lists from rules/lexicons and one whole-phrase matcher per list.
- ``sentencevectors``: per-document sentence tokens / TF-IDF vectors the detectors share.
- ``vectors``: sparse TF-IDF vectors and cosine similarity (no scikit-learn).
- ``style``, ``readability``, ``measures``, ``metrics``: the article's measures (tone, textstat
  readability, the credibility model's raw facts, the report's metrics).
- ``suppress``: inline suppressions; ``crossdoc``: the cross-document boilerplate census;
  ``fixes``: suggested edits; ``sourcemap``: from the reported text back to the file.
"""

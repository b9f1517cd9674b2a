"""Segment stage: a loaded text becomes a Document (blocks, sentences, offsets, language,
headline) that every detector reads.

- ``sentences``: blocks (paragraphs, headings, lists) and sentence spans of a text.
- ``document``: the Document every later stage reads (text, spans, links, per-document cache).
- ``language``: the article's and each paragraph's language (function words, then langdetect).
- ``headline``: where the article's headline is (metadata title, H1, or a headline-like line).
"""

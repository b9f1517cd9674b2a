"""Regular-expression helpers every stage uses (a low package: it imports no other stage).

- ``patterncache``: patterns compiled when first used, with facts about them cached on disk.
- ``saferegex``: rule-pack patterns under a time bound (google-re2 when it can).
- ``literals``: the literals a pattern cannot match without, a cheap test before a search.
"""

"""Score stage: from an article's findings and measures to score, grade and reasons.

- ``assess``: can the text be assessed at all (else "not assessed", never 100/A)?
- ``credibility``: the calibrated credibility model (features from measures and findings, the
  fitted model, fitting and its training data).
- ``scoring``: a pure function from findings and measures to score, grade and the points table.
- ``gates``: which exit-code gate tripped, for which articles, in words.
"""

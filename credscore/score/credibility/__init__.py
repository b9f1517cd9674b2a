"""The credibility model: article feature vector, fitted calibrated model, points explanation.

* ``features``: the versioned feature vector (pure: measures + findings in, numbers out);
* ``model``: the model file (``rules/models/credibility.json``), prediction and the points
  explanation (pure Python, no scikit-learn);
* ``fit``: fitting and calibrating a model with scikit-learn (``credscore fit``, tools/).
"""

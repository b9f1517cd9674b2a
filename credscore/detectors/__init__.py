"""Kinds of detection (code). Rules (data, in ``rules/*.toml``) name a kind and configure it.

The registry maps each kind to the module and class that implement it; modules are imported
only when a rule of that kind is used, so listing or explaining rules stays fast.
"""

from __future__ import annotations

import importlib
from typing import Any

from .base import Detector, ParamError

KINDS: dict[str, str] = {
    "phrase": "credscore.detectors.phrase:PhraseDetector",
    "pattern": "credscore.detectors.pattern:PatternDetector",
    "heading": "credscore.detectors.heading:HeadingDetector",
    "commercial-insertion": "credscore.detectors.commercial:CommercialInsertionDetector",
    "spam-sentence": "credscore.detectors.spamsentence:SpamSentenceDetector",
    "commercial-intent": "credscore.detectors.spamintent:CommercialIntentDetector",
    "script-switch": "credscore.detectors.scriptswitch:ScriptSwitchDetector",
    "vague-attribution": "credscore.detectors.attribution:VagueAttributionDetector",
    "unsourced-article": "credscore.detectors.attribution:UnsourcedArticleDetector",
    "padding-sentence": "credscore.detectors.filler:PaddingSentenceDetector",
    "restatement": "credscore.detectors.filler:RestatementDetector",
    "padding-share": "credscore.detectors.filler:PaddingShareDetector",
    "boilerplate-block": "credscore.detectors.promo:BoilerplateBlockDetector",
    "cross-document": "credscore.detectors.crossdoc:CrossDocumentMarker",
    "language": "credscore.detectors.language:NonEnglishDetector",
    "style-density": "credscore.detectors.tone:StyleDensityDetector",
    "clickbait-headline": "credscore.detectors.headline:ClickbaitHeadlineDetector",
}


def detector_class(kind: str) -> type[Detector]:
    """The class implementing ``kind``; KeyError for an unknown kind."""
    module_name, _, class_name = KINDS[kind].partition(":")
    cls: type[Detector] = getattr(importlib.import_module(module_name), class_name)
    return cls


def build_detector(kind: str, params: dict[str, Any]) -> Detector:
    """Instantiate and validate a detector (ParamError names a bad key)."""
    return detector_class(kind)(params)


__all__ = ["KINDS", "Detector", "ParamError", "build_detector", "detector_class"]

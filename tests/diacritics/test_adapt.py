"""Adapting the noise model to one document (vnreport.diacritics.adapt)."""

import math

import pytest

from vnreport.diacritics import adapt
from vnreport.diacritics.adapt import Decision, learn


def test_only_confident_repeated_readings_are_evidence():
    document = learn(
        [
            Decision("pang", "đảng", 0.99),
            Decision("pang", "đảng", 0.95),
            Decision("pang", "đang", 0.97),  # once: luck, not a pattern of the scan
            Decision("pang", "đảng", 0.5),  # unsure: not counted
            Decision("pang", None, 1.0),  # kept as it is: says nothing about a syllable
            Decision("đảng", "đảng", 1.0),  # read as itself: no damage
            Decision("đảng", "đảng", 1.0),
        ]
    )
    assert document.sources("pang") == {"đảng": 2}
    assert document.sources("đảng") == {}
    assert document.totals == {"đảng": 4, "đang": 1}


def test_adapted_probability_follows_the_document_and_never_falls_below_the_trained_one():
    document = learn([Decision("pang", "đảng", 1.0)] * 7 + [Decision("dang", "đảng", 1.0)] * 3)
    trained = -11.3
    expected = math.log((7 + adapt.PRIOR_STRENGTH * math.exp(trained)) / (10 + adapt.PRIOR_STRENGTH))
    assert document.logp("pang", "đảng", trained) == pytest.approx(expected)
    # A damage the document shows more rarely than the model expects keeps the model's value.
    assert document.logp("dang", "đảng", -0.01) == -0.01
    assert document.logp("bang", "đảng", -8.0) == -8.0

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
    # 7 of the document's 10 "đảng" came out "pang", against 5 pseudo-counts of the trained model,
    # which hardly ever saw it: about 7/15.
    assert document.logp("pang", "đảng", trained) == pytest.approx(math.log(7 / 15), abs=1e-3)
    # A damage the document shows more rarely than the model expects keeps the model's value.
    assert document.logp("dang", "đảng", -0.01) == -0.01
    assert document.logp("bang", "đảng", -8.0) == -8.0


def _flat(trained_logp):
    return lambda observed, syllable: trained_logp


def test_readings_are_only_those_the_document_raises_enough():
    document = learn([Decision("pang", "đảng", 1.0)] * 7 + [Decision("dang", "đảng", 1.0)] * 3)
    assert set(document.readings("pang", _flat(-11.3), damaged=True)) == {"đảng"}
    # The trained model already finds the damage likely: nothing to re-decode.
    assert document.readings("pang", _flat(-0.2), damaged=True) == {}


def test_a_damaged_token_one_edit_from_a_read_form_gets_its_reading_at_one_more_damage():
    document = learn([Decision("pang", "đảng", 1.0)] * 7 + [Decision("dang", "đảng", 1.0)] * 3)
    readings = document.readings("pdng", _flat(-11.3), damaged=True)
    assert readings == {"đảng": pytest.approx(document.logp("pang", "đảng", -11.3) + adapt.NEIGHBOUR_LOGP)}
    assert "đảng" in document.readings("dpang", _flat(-11.3), damaged=True)
    # Not for a valid syllable (it may be right as it is), nor two edits away, nor for short tokens.
    assert document.readings("pdng", _flat(-11.3), damaged=False) == {}
    assert document.readings("pdnq", _flat(-11.3), damaged=True) == {}
    short = learn([Decision("cp", "cấp", 1.0)] * 3)
    assert short.readings("c", _flat(-11.3), damaged=True) == {}


def test_usage_is_learned_only_where_one_reading_is_the_documents_habit():
    from vnreport.diacritics.adapt import learn_usage

    usage = learn_usage(
        [Decision("tinh", "tỉnh", 0.99)] * 4
        + [Decision("tinh", "tính", 0.95)]  # 4 of 5: still the habit
        + [Decision("tinh", "tỉnh", 0.5)] * 3  # unsure: not counted
        + [Decision("co", "có", 0.99)] * 2  # too few to say anything
        + [Decision("ban", "bản", 0.99)] * 3
        + [Decision("ban", "ban", 0.99)] * 3  # two readings alike: text that mixes documents
    )
    assert usage == {"tinh": {"tỉnh": 4, "tính": 1}}


def test_usage_bonus_favours_the_habit_and_is_neutral_without_evidence():
    from collections import Counter

    from vnreport.diacritics.adapt import USAGE_PRIOR_STRENGTH, usage_bonus

    words = ["tính", "tỉnh", "tình", "tinh"]
    bonus = usage_bonus(Counter({"tỉnh": 10}), words)
    share = USAGE_PRIOR_STRENGTH / len(words)
    assert bonus[1] == pytest.approx(math.log((10 + share) / (10 + USAGE_PRIOR_STRENGTH) * len(words)))
    assert bonus[1] > 0 > bonus[0] and bonus[0] == bonus[2] == bonus[3]
    assert usage_bonus(Counter(), words) == [0.0] * 4

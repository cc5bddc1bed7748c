"""Forward-backward posteriors agree with brute-force enumeration of every path."""

import itertools

import numpy as np
import pytest

from vnreport.diacritics.decoder import Slot, posteriors
from vnreport.diacritics.ngram import estimate


def test_posteriors_match_enumeration():
    rng = np.random.default_rng(7)
    vocab = 9
    stream = []
    for _ in range(400):
        stream += [0, 0, *rng.integers(2, vocab, int(rng.integers(3, 8))), 1]
    lm = estimate(np.asarray(stream), vocab, bos=0, min_trigram_count=1)
    start = Slot(np.array([0]), np.zeros(1, dtype=np.float32))
    slots = [start, start]
    for size in (3, 1, 4, 2, 3):
        slots.append(Slot(rng.choice(np.arange(2, vocab), size, replace=False), rng.normal(size=size).astype(np.float32)))
    slots.append(Slot(np.array([1]), np.zeros(1, dtype=np.float32)))
    weight = 0.8

    got = posteriors(slots, lm, channel_weight=weight)

    expected = [np.zeros(len(slot.ids)) for slot in slots]
    for path in itertools.product(*(range(len(slot.ids)) for slot in slots)):
        ids = [slot.ids[c] for slot, c in zip(slots, path)]
        score = sum(weight * float(slot.channel[c]) for slot, c in zip(slots, path))
        score += sum(float(lm.logprob(np.array([ids[i - 2]]), np.array([ids[i - 1]]), np.array([ids[i]]))[0]) for i in range(2, len(ids)))
        for i, c in enumerate(path):
            expected[i][c] += np.exp(score)
    for mine, brute in zip(got, expected):
        np.testing.assert_allclose(mine, brute / brute.sum(), atol=1e-5)


def test_channel_decides_when_language_model_is_indifferent():
    lm = estimate(np.asarray([0, 0, 2, 1, 0, 0, 3, 1] * 10), 4, bos=0, min_trigram_count=1)
    start = Slot(np.array([0]), np.zeros(1, dtype=np.float32))
    slots = [start, start, Slot(np.array([2, 3]), np.array([-0.1, -3.0], dtype=np.float32)), Slot(np.array([1]), np.zeros(1, dtype=np.float32))]
    middle = posteriors(slots, lm)[2]
    assert middle[0] > 0.9


def test_corpus_phrases_nudge_but_do_not_override():
    # The language model cannot choose between 2 and 3 after 4; the model's phrase list says "4 2".
    from vnreport.diacritics.decoder import CORPUS_PHRASE_BONUS

    lm = estimate(np.asarray([0, 0, 4, 2, 1, 0, 0, 4, 3, 1] * 10), 5, bos=0, min_trigram_count=1)
    start, end = Slot(np.array([0]), np.zeros(1, dtype=np.float32)), Slot(np.array([1]), np.zeros(1, dtype=np.float32))
    four = Slot(np.array([4]), np.zeros(1, dtype=np.float32))
    phrase = np.array([(4 << 16) | 2], dtype=np.uint64)
    even = [start, start, four, Slot(np.array([2, 3]), np.zeros(2, dtype=np.float32)), end]
    plain = posteriors(even, lm)[3]
    nudged = posteriors(even, lm, corpus_boost=phrase)[3]
    assert abs(plain[0] - 0.5) < 0.05
    assert nudged[0] / nudged[1] == pytest.approx(np.exp(CORPUS_PHRASE_BONUS) * plain[0] / plain[1], rel=0.01)
    # A noise model that clearly prefers the other reading still wins.
    against = [start, start, four, Slot(np.array([2, 3]), np.array([-3.0, 0.0], dtype=np.float32)), end]
    assert posteriors(against, lm, corpus_boost=phrase)[3][1] > 0.9


def test_phrase_membership_by_binary_search_matches_isin():
    from vnreport.diacritics.decoder import _member

    rng = np.random.default_rng(3)
    keys = np.unique(rng.integers(5, 10**12, 500).astype(np.uint64))
    # Members, non-members between them, and values below the first and above the last key.
    values = np.concatenate([rng.choice(keys, 200), rng.integers(0, 2 * 10**12, 300).astype(np.uint64), np.array([0, 2**63], dtype=np.uint64)])
    assert np.array_equal(_member(values, keys), np.isin(values, keys))
    assert _member(values, keys).sum() >= 200

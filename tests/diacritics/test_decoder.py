"""Forward-backward posteriors agree with brute-force enumeration of every path."""

import itertools

import numpy as np

from vnreport.diacritics.decoder import Slot, fourgram_posteriors, posteriors
from vnreport.diacritics.ngram import add_fourgrams, estimate


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


def _brute_force(slots, score_of, weight):
    """Posteriors by enumerating every path; ``score_of(ids, i)`` is the LM log-probability at i."""
    expected = [np.zeros(len(slot.ids)) for slot in slots]
    for path in itertools.product(*(range(len(slot.ids)) for slot in slots)):
        ids = [slot.ids[c] for slot, c in zip(slots, path)]
        score = sum(weight * float(slot.channel[c]) for slot, c in zip(slots, path))
        score += sum(score_of(ids, i) for i in range(2, len(ids)))
        for i, c in enumerate(path):
            expected[i][c] += np.exp(score)
    return [brute / brute.sum() for brute in expected]


def test_fourgram_posteriors_match_enumeration():
    rng = np.random.default_rng(11)
    vocab = 9
    stream = []
    for _ in range(600):
        stream += [0, 0, *rng.integers(2, vocab, int(rng.integers(3, 8))), 1]
    stream = np.asarray(stream)
    lm = add_fourgrams(estimate(stream, vocab, bos=0, min_trigram_count=1), stream, bos=0, min_count=2)
    start = Slot(np.array([0]), np.zeros(1, dtype=np.float32))
    slots = [start, start, start]
    for size in (3, 2, 1, 3, 2):
        slots.append(Slot(rng.choice(np.arange(2, vocab), size, replace=False), rng.normal(size=size).astype(np.float32)))
    slots.append(Slot(np.array([1]), np.zeros(1, dtype=np.float32)))
    weight = 0.7

    got = fourgram_posteriors(slots, lm, channel_weight=weight)

    def score_of(ids, i):
        if i < 3:
            return 0.0
        return float(lm.fourgram_logprob(*(np.array([x]) for x in ids[i - 3 : i + 1]))[0])

    for mine, brute in zip(got[3:], _brute_force(slots, score_of, weight)[3:]):
        np.testing.assert_allclose(mine, brute, atol=1e-5)


def test_fourgram_pass_uses_the_word_three_back():
    # "6 2 3 x" and "7 2 3 y": the trigram model cannot choose between 4 and 5 after "2 3".
    stream = np.asarray([0, 0, 6, 2, 3, 4, 1] * 30 + [0, 0, 7, 2, 3, 5, 1] * 30)
    trigram = estimate(stream, 8, bos=0, min_trigram_count=1)
    lm = add_fourgrams(trigram, stream, bos=0, min_count=2)
    start, end = Slot(np.array([0]), np.zeros(1, dtype=np.float32)), Slot(np.array([1]), np.zeros(1, dtype=np.float32))
    fixed = [Slot(np.array([2]), np.zeros(1, dtype=np.float32)), Slot(np.array([3]), np.zeros(1, dtype=np.float32))]
    choice = Slot(np.array([4, 5]), np.zeros(2, dtype=np.float32))
    for first, right in ((6, 0), (7, 1)):
        slots = [start, start, Slot(np.array([first]), np.zeros(1, dtype=np.float32)), *fixed, choice, end]
        assert posteriors(slots, lm)[5][right] > 0.9
        assert abs(posteriors(slots, trigram)[5][0] - 0.5) < 0.1

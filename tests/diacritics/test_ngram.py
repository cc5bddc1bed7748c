"""Kneser-Ney estimation and look-up: distributions sum to one, pruning keeps mass, files round-trip."""

import numpy as np
import pytest

from vnreport.diacritics.ngram import ID_BITS, NgramTables, add_fourgrams, estimate
from vnreport.errors import ModelError

BOS, EOS = 0, 1


def _random_stream(seed: int, vocab: int, sentences: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    ids = []
    for _ in range(sentences):
        # A skewed distribution, so counts of 1, 2 and more all occur.
        length = int(rng.integers(3, 12))
        ids += [BOS, BOS, *(2 + rng.zipf(1.6, length) % (vocab - 2)), EOS]
    return np.asarray(ids)


def _total(tables: NgramTables, u: int, v: int) -> float:
    w = np.arange(1, tables.vocab_size)  # every id that can follow (BOS never does)
    return float(np.exp(tables.logprob(np.full(w.shape, u), np.full(w.shape, v), w).astype(np.float64)).sum())


@pytest.mark.parametrize("min_count", [1, 2, 3])
def test_every_context_is_a_distribution(min_count):
    tables = estimate(_random_stream(0, 40, 3000), 40, bos=BOS, min_trigram_count=min_count)
    for u, v in [(BOS, BOS), (BOS, 2), (2, 3), (3, 2), (5, 7), (39, 38)]:
        # float16 storage of log-probabilities costs a little precision, nothing more.
        assert _total(tables, u, v) == pytest.approx(1.0, abs=0.01), (u, v)


@pytest.mark.parametrize("min_count", [1, 2, 3])
def test_every_trigram_context_is_in_the_bigram_table(min_count):
    # Look-ups skip trigrams whose context is not a stored bigram; that is only exact if this holds.
    tables = estimate(_random_stream(2, 40, 3000), 40, bos=BOS, min_trigram_count=min_count)
    contexts = np.unique(tables.tri_keys >> np.uint64(ID_BITS))
    assert contexts.size and np.isin(contexts, tables.bi_keys).all()


def test_frequent_continuation_beats_rare_one():
    stream = np.asarray([BOS, BOS, 2, 3, 4, EOS] * 50 + [BOS, BOS, 2, 3, 5, EOS] * 2)
    tables = estimate(stream, 6, bos=BOS, min_trigram_count=1)
    frequent, rare = tables.logprob(np.array([2, 2]), np.array([3, 3]), np.array([4, 5]))
    assert frequent > rare


def test_unseen_trigram_backs_off_to_bigram():
    stream = np.asarray([BOS, BOS, 2, 3, EOS] * 20 + [BOS, BOS, 4, 3, EOS] * 20 + [BOS, BOS, 2, 5, EOS] * 20)
    tables = estimate(stream, 6, bos=BOS, min_trigram_count=1)
    # (4, 5) was never seen, so p(5 | BOS, 4) comes from the unigram level: smaller than p(3 | BOS, 4).
    seen, unseen = tables.logprob(np.array([BOS, BOS]), np.array([4, 4]), np.array([3, 5]))
    assert np.isfinite(unseen) and unseen < seen


def test_save_load_round_trip(tmp_path):
    tables = estimate(_random_stream(1, 30, 500), 30, bos=BOS)
    path = tmp_path / "lm.npz"
    tables.save(path)
    loaded = NgramTables.load(path)
    u, v, w = np.array([BOS, 2, 3]), np.array([2, 3, 4]), np.array([3, 4, 5])
    np.testing.assert_array_equal(tables.logprob(u, v, w), loaded.logprob(u, v, w))


def test_missing_and_corrupt_model_files_raise_model_error(tmp_path):
    with pytest.raises(ModelError, match="not found"):
        NgramTables.load(tmp_path / "absent.npz")
    broken = tmp_path / "broken.npz"
    broken.write_bytes(b"this is not a numpy archive")
    with pytest.raises(ModelError, match="unreadable"):
        NgramTables.load(broken)


def _total4(tables: NgramTables, t: int, u: int, v: int) -> float:
    w = np.arange(1, tables.vocab_size)
    full = [np.full(w.shape, x) for x in (t, u, v)]
    return float(np.exp(tables.fourgram_logprob(*full, w).astype(np.float64)).sum())


@pytest.mark.parametrize("min_count", [1, 2, 3])
def test_every_fourgram_context_is_a_distribution(min_count):
    stream = _random_stream(3, 12, 4000)
    tables = add_fourgrams(estimate(stream, 12, bos=BOS, min_trigram_count=1), stream, bos=BOS, min_count=min_count)
    assert tables.order == 4 and tables.quad_keys.size
    for t, u, v in [(BOS, BOS, 2), (BOS, 2, 3), (2, 3, 2), (3, 2, 4), (5, 7, 9), (11, 10, 9)]:
        assert _total4(tables, t, u, v) == pytest.approx(1.0, abs=0.01), (t, u, v)


def test_fourgram_context_decides_where_trigram_cannot():
    # After "2 3" both 4 and 5 are equally common; the word before "2 3" says which one follows.
    stream = np.asarray([BOS, BOS, 6, 2, 3, 4, EOS] * 30 + [BOS, BOS, 7, 2, 3, 5, EOS] * 30)
    trigram = estimate(stream, 8, bos=BOS, min_trigram_count=1)
    tables = add_fourgrams(trigram, stream, bos=BOS, min_count=2)
    after6 = tables.fourgram_logprob(np.array([6, 6]), np.array([2, 2]), np.array([3, 3]), np.array([4, 5]))
    after7 = tables.fourgram_logprob(np.array([7, 7]), np.array([2, 2]), np.array([3, 3]), np.array([4, 5]))
    assert after6[0] > after6[1] + 2 and after7[1] > after7[0] + 2
    # Without 4-grams the same call is the trigram model, which cannot tell them apart.
    same = trigram.fourgram_logprob(np.array([6, 6]), np.array([2, 2]), np.array([3, 3]), np.array([4, 5]))
    assert same[0] == pytest.approx(same[1], abs=0.01)


def test_fourgrams_straddling_sentences_are_not_counted():
    # "4 EOS BOS BOS" never ends a sentence-internal 4-gram: p(2 | EOS, BOS, BOS) is no entry.
    stream = np.asarray([BOS, BOS, 2, 3, 4, EOS] * 40)
    tables = add_fourgrams(estimate(stream, 6, bos=BOS, min_trigram_count=1), stream, bos=BOS, min_count=1)
    bits = np.uint64(ID_BITS)
    firsts = tables.quad_keys >> (bits * np.uint64(3))
    assert tables.quad_keys.size and not np.isin(firsts, [EOS]).any()


def test_fourgram_model_round_trips_and_trigram_files_still_load(tmp_path):
    stream = _random_stream(4, 20, 800)
    trigram = estimate(stream, 20, bos=BOS)
    tables = add_fourgrams(trigram, stream, bos=BOS)
    tables.save(tmp_path / "lm4.npz")
    loaded = NgramTables.load(tmp_path / "lm4.npz")
    args = [np.array([BOS, 2, 3]), np.array([2, 3, 4]), np.array([3, 4, 5]), np.array([4, 5, 6])]
    np.testing.assert_array_equal(tables.fourgram_logprob(*args), loaded.fourgram_logprob(*args))
    # A file written before 4-grams existed has none of their arrays: it loads as a trigram model.
    np.savez_compressed(tmp_path / "lm3.npz", **{name: getattr(trigram, name) for name in ("uni_logp", "uni_bow", "bi_keys", "bi_logp", "bi_bow", "tri_keys", "tri_logp")})
    old = NgramTables.load(tmp_path / "lm3.npz")
    assert old.order == 3
    np.testing.assert_array_equal(old.fourgram_logprob(*args), trigram.logprob(*args[1:]))

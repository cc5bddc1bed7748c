"""Kneser-Ney estimation and look-up: distributions sum to one, pruning keeps mass, files round-trip."""

import numpy as np
import pytest

from vnreport.diacritics.ngram import ID_BITS, NgramTables, estimate
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


def test_saved_tables_are_stored_uncompressed_and_compressed_ones_still_load(tmp_path):
    import zipfile

    tables = estimate(_random_stream(1, 30, 500), 30, bos=BOS)
    path = tmp_path / "lm.npz"
    tables.save(path)
    with zipfile.ZipFile(path) as archive:  # read without inflating: the fixed cost of every run
        assert {info.compress_type for info in archive.infolist()} == {zipfile.ZIP_STORED}
    old = tmp_path / "old.npz"
    np.savez_compressed(old, **{name: getattr(tables, name) for name in NgramTables.__dataclass_fields__})
    u, v, w = np.array([BOS, 2, 3]), np.array([2, 3, 4]), np.array([3, 4, 5])
    np.testing.assert_array_equal(tables.logprob(u, v, w), NgramTables.load(old).logprob(u, v, w))


def test_the_shipped_model_is_stored_uncompressed():
    import zipfile

    from vnreport.diacritics.model import NGRAM_FILE, default_model_dir

    with zipfile.ZipFile(default_model_dir() / NGRAM_FILE) as archive:
        assert {info.compress_type for info in archive.infolist()} == {zipfile.ZIP_STORED}

"""Second-order (trigram) forward-backward decoding over a lattice of candidate syllables.

Every position holds a few candidates, each with a noise-model log-probability; the language model
scores every trigram of candidates. Forward-backward gives each candidate's posterior
probability, and choosing the most probable candidate at each position minimises the expected
number of wrong syllables, which is exactly the syllable error rate we are judged on. The
posterior is also the confidence reported per token.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from vnreport.diacritics.ngram import ID_BITS, NgramTables

# Added (in nats) to the language-model score of a syllable pair taken from a user's term file: about
# the gap between a rare and a common continuation, enough to win when the noise model allows it.
PHRASE_BONUS = 4.0
# The same for the syllable pairs of the model's own phrase list (lexicons/phrases.tsv: frequent pairs
# with high PMI, words such as "chuyển đổi", "ủy ban"): the language model already knows them, so
# only a small nudge, chosen on the held-out stripped and eng benchmark sets (0.5 against 1.0).
CORPUS_PHRASE_BONUS = 0.5


@dataclass(frozen=True)
class Slot:
    """One position of the lattice: candidate ids and their noise-model log-probabilities."""

    ids: np.ndarray  # int64[K]
    channel: np.ndarray  # float32[K]


@dataclass(frozen=True)
class _Lattice:
    """Every trigram of a lattice, flat: trigram ending at slot i, candidates (a, b, c), sits at
    ``starts[i - 2] + (a * K[i-1] + b) * K[i] + c``."""

    scores: np.ndarray  # float64, log p(c | a, b) (+ phrase bonus)
    starts: np.ndarray  # int64, where the block of slot i + 2 starts
    shapes: list[tuple[int, int, int]]  # (K[i], K[i+1], K[i+2]) of the block of slot i + 2
    last: np.ndarray  # int64, index of candidate c in the concatenated candidates of all slots
    slot_starts: np.ndarray  # int64, where each slot's candidates start in that concatenation
    slot_sizes: np.ndarray  # int64, K of every slot


def _score_lattice(slots: list[Slot], lm: NgramTables, boost: np.ndarray | None, corpus_boost: np.ndarray | None = None) -> _Lattice:
    """Score every trigram of the lattice with a few vectorised look-ups.

    Every pair of neighbouring candidates is looked up once (bigram probability, context backoff
    weight), then only the trigrams whose context is a known bigram are searched. ``boost`` holds sorted
    packed ``(v << ID_BITS) | w`` pairs (user phrases) whose trigrams get PHRASE_BONUS, ``corpus_boost``
    the pairs of the model's phrase list, which get CORPUS_PHRASE_BONUS.
    """
    n = len(slots)
    sizes = np.fromiter((slot.ids.size for slot in slots), dtype=np.int64, count=n)
    ids = np.concatenate([slot.ids for slot in slots]).astype(np.int64)
    starts = _exclusive_cumsum(sizes)

    # Pair p joins slot p and slot p + 1; its entry (b, c) sits at pair_starts[p] + b * sizes[p + 1] + c.
    pair_sizes = sizes[:-1] * sizes[1:]
    pair_starts = _exclusive_cumsum(pair_sizes)
    pair = np.repeat(np.arange(n - 1), pair_sizes)
    local = np.arange(pair.size) - pair_starts[pair]
    left = ids[starts[pair] + local // sizes[pair + 1]]
    right = ids[starts[pair + 1] + local % sizes[pair + 1]]
    bigram, context_bow, context_seen = lm.pair_scores(left, right)

    # Trigram t ends at slot i = third[t] with candidates (a, b, c) of slots i-2, i-1, i.
    tri_sizes = pair_sizes[:-1] * sizes[2:]
    tri_starts = _exclusive_cumsum(tri_sizes)
    third = np.repeat(np.arange(2, n), tri_sizes)
    local = np.arange(third.size) - tri_starts[third - 2]
    size_b, size_c = sizes[third - 1], sizes[third]
    c = local % size_c
    b = (local // size_c) % size_b
    a = local // (size_c * size_b)
    context = pair_starts[third - 2] + a * size_b + b
    suffix = pair_starts[third - 1] + b * size_c + c
    scores = lm.trigram_logprob(ids[starts[third - 2] + a], left[suffix], right[suffix], bigram[suffix], context_bow[context], context_seen[context])
    scores = scores.astype(np.float64)
    packed = (left.astype(np.uint64) << np.uint64(ID_BITS)) | right.astype(np.uint64)
    if boost is not None and boost.size:
        scores += PHRASE_BONUS * _member(packed, boost)[suffix]
    if corpus_boost is not None and corpus_boost.size:
        scores += CORPUS_PHRASE_BONUS * _member(packed, corpus_boost)[suffix]
    shapes = list(zip(sizes[:-2].tolist(), sizes[1:-1].tolist(), sizes[2:].tolist()))
    return _Lattice(scores, tri_starts, shapes, starts[third] + c, starts, sizes)


def _member(values: np.ndarray, keys: np.ndarray) -> np.ndarray:
    """``np.isin(values, keys)`` for sorted ``keys`` (the packed phrase pairs are built sorted): a
    binary search, where isin sorts both arrays again on every call."""
    index = np.minimum(np.searchsorted(keys, values), keys.size - 1)
    return keys[index] == values


def _blocks(flat: np.ndarray, lattice: _Lattice) -> list[np.ndarray]:
    """Per-slot views [a, b, c] of a flat per-trigram array."""
    return [flat[start : start + a * b * c].reshape(a, b, c) for start, (a, b, c) in zip(lattice.starts.tolist(), lattice.shapes)]


def _exclusive_cumsum(values: np.ndarray) -> np.ndarray:
    starts = np.zeros(values.size, dtype=np.int64)
    np.cumsum(values[:-1], out=starts[1:])
    return starts


def posteriors(slots: list[Slot], lm: NgramTables, *, channel_weight: float = 1.0, boost: np.ndarray | None = None, corpus_boost: np.ndarray | None = None) -> list[np.ndarray]:
    """Posterior probability of every candidate of every slot.

    ``slots`` must start with two sentence-start slots and end with a sentence-end slot (one
    candidate each); their posteriors are returned too and are 1. The recursions run in
    probability space with a normalisation at every step (the classic scaled forward-backward),
    which needs far fewer array operations per slot than log-space sums; the noise model is
    folded into the transition tensors up front, in one vectorised pass.
    """
    n = len(slots)
    if n < 3:
        return [np.ones(slot.ids.shape, dtype=np.float64) for slot in slots]
    lattice = _score_lattice(slots, lm, boost, corpus_boost)
    emission = channel_weight * np.concatenate([slot.channel for slot in slots]).astype(np.float64)
    sizes = lattice.slot_sizes
    # Each slot's best candidate gets weight 1: a constant per slot changes no posterior, and it
    # keeps exp() away from underflow when every candidate of a slot is very unlikely.
    emission -= np.repeat(np.maximum.reduceat(emission, lattice.slot_starts), sizes)
    # trans[i - 2][a, b, c] = p(cand c at i | a at i-2, b at i-1) * P(observation i | c)
    trans = _blocks(np.exp(lattice.scores + emission[lattice.last]), lattice)
    first = np.exp(emission[: sizes[0]])
    second = np.exp(emission[sizes[0] : sizes[0] + sizes[1]])
    # alpha[i][b, c] ∝ P(observations up to i, cand b at i-1, cand c at i), each normalised to sum 1.
    alpha: list[np.ndarray] = [np.ones((1, 1)), first[:, None] * second[None, :]]
    alpha[1] /= alpha[1].sum()
    scale = [1.0, 1.0]
    for i in range(2, n):
        step = np.einsum("ab,abc->bc", alpha[i - 1], trans[i - 2])
        total = step.sum()
        if total <= 0.0:  # every path underflowed: restart from uniform rather than divide by zero
            step = np.ones_like(step)
            total = step.sum()
        scale.append(total)
        alpha.append(step / total)
    # beta[i][b, c] ∝ P(observations after i | cand b at i-1, cand c at i), same scaling as alpha.
    beta: list[np.ndarray] = [np.ones((1, 1))] * n
    beta[n - 1] = np.ones_like(alpha[n - 1])
    for i in range(n - 2, 0, -1):
        beta[i] = np.einsum("bcd,cd->bc", trans[i - 1], beta[i + 1]) / scale[i + 1]
    result = [np.ones(1, dtype=np.float64)]
    for i in range(1, n):
        marginal = (alpha[i] * beta[i]).sum(axis=0)
        total = marginal.sum()
        result.append(marginal / total if total > 0 else np.full(marginal.shape, 1.0 / marginal.size))
    return result

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


@dataclass(frozen=True)
class Slot:
    """One position of the lattice: candidate ids and their noise-model log-probabilities."""

    ids: np.ndarray  # int64[K]
    channel: np.ndarray  # float32[K]


def trigram_scores(slots: list[Slot], lm: NgramTables, boost: np.ndarray | None = None) -> list[np.ndarray]:
    """``scores[i][a, b, c]`` = log p(slot i+2 cand c | slot i cand a, slot i+1 cand b).

    All trigrams of the lattice are scored in one vectorised look-up. ``boost`` holds packed
    ``(v << ID_BITS) | w`` pairs (user phrases) whose trigrams get PHRASE_BONUS.
    """
    us: list[int] = []
    vs: list[int] = []
    ws: list[int] = []
    shapes = []
    ids = [slot.ids.tolist() for slot in slots]
    for i in range(2, len(slots)):
        first, second, third = ids[i - 2], ids[i - 1], ids[i]
        shapes.append((len(first), len(second), len(third)))
        # Python lists beat numpy's meshgrid for lattices this small (a few candidates a slot).
        for u in first:
            for v in second:
                us.extend([u] * len(third))
                vs.extend([v] * len(third))
                ws.extend(third)
    if not shapes:
        return []
    all_v, all_w = np.asarray(vs, dtype=np.int64), np.asarray(ws, dtype=np.int64)
    flat = lm.logprob(np.asarray(us, dtype=np.int64), all_v, all_w).astype(np.float64)
    if boost is not None and boost.size:
        pairs = (all_v.astype(np.uint64) << np.uint64(ID_BITS)) | all_w.astype(np.uint64)
        flat = flat + PHRASE_BONUS * np.isin(pairs, boost)
    scores, offset = [], 0
    for shape in shapes:
        size = shape[0] * shape[1] * shape[2]
        scores.append(flat[offset : offset + size].reshape(shape))
        offset += size
    return scores


def posteriors(slots: list[Slot], lm: NgramTables, *, channel_weight: float = 1.0, boost: np.ndarray | None = None) -> list[np.ndarray]:
    """Posterior probability of every candidate of every slot.

    ``slots`` must start with two sentence-start slots and end with a sentence-end slot (one
    candidate each); their posteriors are returned too and are 1. The recursions run in
    probability space with a normalisation at every step (the classic scaled forward-backward),
    which needs far fewer array operations per slot than log-space sums.
    """
    n = len(slots)
    if n < 3:
        return [np.ones(slot.ids.shape, dtype=np.float64) for slot in slots]
    trans = [np.exp(scores) for scores in trigram_scores(slots, lm, boost)]  # trans[i - 2] for slot i
    emit = []
    for slot in slots:
        weights = channel_weight * slot.channel.astype(np.float64)
        emit.append(np.exp(weights - weights.max()))
    # alpha[i][b, c] ∝ P(observations up to i, cand b at i-1, cand c at i), each normalised to sum 1.
    alpha: list[np.ndarray] = [np.ones((1, 1)), emit[0][:, None] * emit[1][None, :]]
    alpha[1] /= alpha[1].sum()
    scale = [1.0, 1.0]
    for i in range(2, n):
        step = np.einsum("ab,abc->bc", alpha[i - 1], trans[i - 2]) * emit[i][None, :]
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
        weighted = emit[i + 1][None, :] * beta[i + 1]
        beta[i] = np.einsum("bcd,cd->bc", trans[i - 1], weighted) / scale[i + 1]
    result = [np.ones(1, dtype=np.float64)]
    for i in range(1, n):
        marginal = (alpha[i] * beta[i]).sum(axis=0)
        total = marginal.sum()
        result.append(marginal / total if total > 0 else np.full(marginal.shape, 1.0 / marginal.size))
    return result

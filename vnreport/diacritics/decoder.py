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


def _logsumexp(values: np.ndarray, axis: int) -> np.ndarray:
    peak = np.max(values, axis=axis, keepdims=True)
    peak = np.where(np.isfinite(peak), peak, 0.0)
    return np.squeeze(peak, axis=axis) + np.log(np.sum(np.exp(values - peak), axis=axis))


def trigram_scores(slots: list[Slot], lm: NgramTables, boost: np.ndarray | None = None) -> list[np.ndarray]:
    """``scores[i][a, b, c]`` = log p(slot i cand c | slot i-2 cand a, slot i-1 cand b), for i >= 2.

    All trigrams of the lattice are scored in one vectorised look-up. ``boost`` holds packed
    ``(v << ID_BITS) | w`` pairs (user phrases) whose trigrams get PHRASE_BONUS.
    """
    shapes, us, vs, ws = [], [], [], []
    for i in range(2, len(slots)):
        u, v, w = np.meshgrid(slots[i - 2].ids, slots[i - 1].ids, slots[i].ids, indexing="ij")
        shapes.append(u.shape)
        us.append(u.ravel())
        vs.append(v.ravel())
        ws.append(w.ravel())
    if not shapes:
        return []
    all_v, all_w = np.concatenate(vs), np.concatenate(ws)
    flat = lm.logprob(np.concatenate(us), all_v, all_w)
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
    candidate each); their posteriors are returned too and are 1.
    """
    if len(slots) < 3:
        return [np.ones(slot.ids.shape, dtype=np.float64) for slot in slots]
    trans = trigram_scores(slots, lm, boost)
    emit = [channel_weight * slot.channel.astype(np.float64) for slot in slots]
    # alpha[i][b, c]: log-probability of everything up to slot i with candidates b at i-1, c at i.
    alpha = [None, (emit[0][:, None] + emit[1][None, :])]
    for i in range(2, len(slots)):
        step = alpha[i - 1][:, :, None] + trans[i - 2]
        alpha.append(_logsumexp(step, axis=0) + emit[i][None, :])
    # beta[i][b, c]: log-probability of everything after slot i given b at i-1, c at i.
    n = len(slots)
    beta: list[np.ndarray | None] = [None] * n
    beta[n - 1] = np.zeros_like(alpha[n - 1])
    for i in range(n - 2, 0, -1):
        step = trans[i - 1] + emit[i + 1][None, None, :] + beta[i + 1][None, :, :]
        beta[i] = _logsumexp(step, axis=2)
    total = _logsumexp(alpha[n - 1].ravel(), axis=0)
    result = [np.ones(1, dtype=np.float64)]
    for i in range(1, n):
        joint = _logsumexp(alpha[i] + beta[i], axis=0) - total
        probabilities = np.exp(joint)
        result.append(probabilities / max(probabilities.sum(), 1e-300))
    return result

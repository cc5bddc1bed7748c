"""Candidate syllables for an observed token, each with its noise-model log-probability.

For stripped text the candidates are the syllables with the same letters; for OCR text they are
also the syllables the token came from in training (the noise model's token table) and, for tokens
that are no Vietnamese syllable ("s6", "ctia", "Pang"), every vocabulary syllable within two edits
of it, found through a deletion-neighbourhood index (the SymSpell idea) and verified with
rapidfuzz. In English-model OCR, where a syllable is as likely damaged as any token ("ay" for
"ủy"), a token that is a syllable also gets the syllables one edit from its letters (none for a
one-letter token: the index never holds the empty string, which would bring every short syllable).
Results (candidates and whole pools) are cached per generator, since documents repeat their words.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations

import numpy as np
from rapidfuzz.distance import Levenshtein

from vnreport.diacritics import orthography
from vnreport.diacritics.channel import ChannelModel
from vnreport.diacritics.lexicon import UNK, SPECIALS, Vocabulary


@dataclass(frozen=True)
class Candidates:
    """Candidates of one observed token; ``keep`` marks the one that leaves the token as it is."""

    words: tuple[str, ...]  # lowercase syllables; the observed token itself for the keep candidate
    ids: np.ndarray  # vocabulary ids (``<unk>`` for the keep candidate)
    channel: np.ndarray  # log P(observed | candidate)
    keep: np.ndarray  # bool


# Ranking before the language model sees the candidates: noise model plus a little unigram prior,
# so that among equally plausible damages the common syllable survives the cut.
PRIOR_WEIGHT = 0.3
DAMAGED_FACTOR = 3
POOL_CACHE_SIZE = 4096


def _deletions(key: str, depth: int) -> set[str]:
    found = {key}
    for size in range(1, min(depth, len(key) - 1) + 1):
        for removed in combinations(range(len(key)), size):
            found.add("".join(ch for i, ch in enumerate(key) if i not in removed))
    return found


class CandidateGenerator:
    """Proposes and scores candidates with one vocabulary, unigram prior and noise model.

    max_candidates: candidates kept per token after ranking by noise model plus unigram prior; the
        language model then decides among them in context.
    max_distance: edit distance searched for tokens that are no syllable (OCR damage).
    """

    def __init__(self, vocabulary: Vocabulary, unigram_logp: np.ndarray, channel: ChannelModel, *, max_candidates: int = 8, max_distance: int = 2) -> None:
        self._vocabulary = vocabulary
        self._unigram = unigram_logp
        self._channel = channel
        self._max_candidates = max_candidates
        self._max_distance = max_distance
        self._unk = vocabulary.id(UNK)
        self._by_key: dict[str, list[str]] = {}
        for word in vocabulary.words[len(SPECIALS):]:
            self._by_key.setdefault(orthography.strip_marks(word), []).append(word)
        self._deletion_index: dict[str, set[str]] | None = None
        self._cache: dict[str, Candidates] = {}
        self._numbers: dict[str, Candidates | None] = {}
        self._pools: dict[str, tuple[list[str], np.ndarray, np.ndarray]] = {}

    @property
    def mode(self) -> str:
        """The input kind of the noise model in use ("stripped", "eng" or "vie")."""
        return self._channel.mode

    def generate(self, observed: str) -> Candidates:
        """Candidates for ``observed`` (lowercase, no punctuation, tone placement normalised)."""
        cached = self._cache.get(observed)
        if cached is None:
            cached = self._cache[observed] = self._generate(observed)
        return cached

    def pool(self, observed: str) -> tuple[list[str], np.ndarray, np.ndarray]:
        """Every candidate syllable of ``observed``, unranked, with its noise-model log-probability
        and its vocabulary id."""
        cached = self._pools.get(observed)
        if cached is None:
            words, channel = self._pool(observed)
            ids = np.asarray([self._vocabulary.id(word) for word in words], dtype=np.int64)
            cached = self._pools[observed] = (words, channel, ids)
            if len(self._pools) > POOL_CACHE_SIZE:
                # Pools are large (up to a thousand syllables): a long-lived restorer keeps only the
                # newest, oldest out first (dicts keep insertion order).
                del self._pools[next(iter(self._pools))]
        return cached

    def _pool(self, observed: str) -> tuple[list[str], np.ndarray]:
        key = orthography.strip_marks(observed)
        pool = set(self._by_key.get(key, ()))
        if self._channel.mode != "stripped":
            pool.update(word for word in self._channel.seen_sources(observed) if word in self._vocabulary)
            if observed not in self._vocabulary:
                pool.update(self._near(key))
            elif self._channel.mode == "eng":
                pool.update(self._near(key, 1))
        words = sorted(pool)
        return words, np.asarray([self._channel.logp(observed, word) for word in words], dtype=np.float32)

    def seen_as_damage(self, observed: str) -> bool:
        """Whether training saw a syllable come out of OCR as exactly ``observed`` (lowercase)."""
        return bool(self._channel.seen_sources(observed))

    def channel_logp(self, observed: str, syllable: str) -> float:
        """log P(observed | syllable) under the trained noise model."""
        return self._channel.logp(observed, syllable)

    def with_keep(self, observed: str, words: list[str], channel: list[float]) -> Candidates:
        """Candidates from chosen syllables, plus the keep option when ``observed`` may stay as it is."""
        words, channel = list(words), list(channel)
        keep = [False] * len(words)
        if observed not in self._vocabulary and (not words or self._channel.mode != "stripped"):
            # Names, English words and unreadable damage may stay as they are. In stripped text a
            # token whose letters spell Vietnamese syllables ("dieu") is Vietnamese: no keep option.
            words.append(observed)
            channel.append(self._channel.keep_cost(observed) if self._channel.mode != "stripped" else 0.0)
            keep.append(True)
        ids = [self._unk if is_keep else self._vocabulary.id(word) for word, is_keep in zip(words, keep)]
        return Candidates(tuple(words), np.asarray(ids, dtype=np.int64), np.asarray(channel, dtype=np.float32), np.asarray(keep, dtype=bool))

    def number_candidates(self, observed: str, number_id: int, number_logp: float) -> Candidates | None:
        """Candidates for a bare number that English-model OCR may have read for a syllable ("6" for
        "ở", "14" for "là"): the syllables the noise model saw come out as exactly these digits in
        training, and the number itself (vocabulary id ``number_id``, noise-model log-probability
        ``number_logp``) as the keep candidate. None when training never saw these digits stand
        for a syllable: then the number is only a number.
        """
        if observed in self._numbers:
            return self._numbers[observed]
        words = sorted(word for word in self._channel.seen_sources(observed) if word in self._vocabulary)
        found = None
        if words:
            channel = [self._channel.logp(observed, word) for word in words] + [number_logp]
            ids = [self._vocabulary.id(word) for word in words] + [number_id]
            found = Candidates((*words, observed), np.asarray(ids, dtype=np.int64), np.asarray(channel, dtype=np.float32), np.asarray([False] * len(words) + [True], dtype=bool))
        self._numbers[observed] = found
        return found

    def _generate(self, observed: str) -> Candidates:
        words, logps, ids = self.pool(observed)
        # A damaged token ("Gy") may come from a syllable its letters hardly suggest ("ủy"): give the
        # language model more to choose from there than for a token that is itself a syllable.
        limit = self.limit(observed)
        if self._channel.mode == "eng":
            # Every token of English-model OCR gets a second look over its whole pool, in context
            # (Restorer._widen), which keeps up to DAMAGED_FACTOR times more for a damaged token: the
            # first pass only gives its neighbours a likely reading, and max_candidates do that. Tune
            # eng lines (benchmarks/restore.py --tune, WIDEN_MARGIN 12): first pass of 24 for damaged
            # tokens 0.80% SER, of 8 0.80% at 43% less CPU, of 4 0.82%, of 2 0.88%.
            limit = self._max_candidates
        # A stable sort, best first: among equal scores the pool's (alphabetical) order decides.
        rank = logps.astype(np.float64) + PRIOR_WEIGHT * self._unigram[ids].astype(np.float64)
        scored = [(float(logps[i]), words[i]) for i in np.argsort(-rank, kind="stable")]
        chosen = scored[:limit]
        if observed in self._vocabulary and all(word != observed for _, word in chosen):
            # A valid syllable may always stay as it is, however rarely the noise model saw it
            # survive (English-model OCR hardly ever keeps "â": "nhân" would otherwise lose to the
            # damaged forms it usually comes from); the language model decides in context.
            chosen[-1] = next(item for item in scored if item[1] == observed)
        return self.with_keep(observed, [word for _, word in chosen], [logp for logp, _ in chosen])

    def limit(self, observed: str) -> int:
        """How many candidates a token keeps (more for damaged tokens, see DAMAGED_FACTOR)."""
        return self._max_candidates if observed in self._vocabulary else self._max_candidates * DAMAGED_FACTOR

    def _near(self, key: str, distance: int | None = None) -> set[str]:
        distance = self._max_distance if distance is None else distance
        if self._deletion_index is None:
            index: dict[str, set[str]] = {}
            for vocabulary_key in self._by_key:
                for deletion in _deletions(vocabulary_key, self._max_distance):
                    index.setdefault(deletion, set()).add(vocabulary_key)
            self._deletion_index = index
        keys: set[str] = set()
        for deletion in _deletions(key, distance):
            keys.update(self._deletion_index.get(deletion, ()))
        near = set()
        for vocabulary_key in keys:
            if Levenshtein.distance(key, vocabulary_key, score_cutoff=distance) <= distance:
                near.update(self._by_key[vocabulary_key])
        return near

"""Restoring diacritics: tokenise, propose candidates, decode in context, reassemble.

Only WORD tokens are ever rewritten; spaces, punctuation, numbers, codes, URLs, acronyms and
known foreign words are copied through, so layout and line structure survive exactly (one output
line per input line). Language-model context runs across the lines of a paragraph, because OCR
wraps sentences anywhere.
"""

from __future__ import annotations

import dataclasses
import itertools
import logging
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import regex

from vnreport.config import RestoreConfig
from vnreport.diacritics import adapt, orthography
from vnreport.diacritics.candidates import CandidateGenerator, Candidates
from vnreport.diacritics.channel import Mode
from vnreport.diacritics.decoder import Slot, posteriors
from vnreport.diacritics.lexicon import BOS, CODE, EOS, NUM, PUNCT, TITLE_SHARE, UNK, load_terms
from vnreport.diacritics.model import Model, load_model
from vnreport.diacritics.ngram import ID_BITS
from vnreport.diacritics.normalize import Kind, Token, apply_case, case_pattern, nfc, tokenize_line
from vnreport.diacritics.types import KEPT_FLAGS, LOW_CONFIDENCE, UNCERTAIN, UNKNOWN_WORD, Restored, TokenRepair
from vnreport.errors import InputError

log = logging.getLogger(__name__)

# Letters that only Vietnamese-aware OCR produces; an English model outputs at most Latin-1 accents.
_VIETNAMESE_ONLY = regex.compile(r"[ăđơưĩũ\u1EA0-\u1EF9]", regex.IGNORECASE)
_NON_ASCII_LETTER = regex.compile(r"[^\x00-\x7F]")
# Auto-detection thresholds, measured on the pairs files: vie-OCR text has Vietnamese-only letters
# in ~half of its words, English-model OCR in almost none, stripped text has no marks at all.
STRIPPED_MAX_MARKED = 0.02
VIE_MIN_VIETNAMESE = 0.15
# Language-model context is cut at a sentence end once a segment is this long, which bounds the
# memory of one forward-backward pass (a 50 MB single line is decoded piece by piece).
MAX_SEGMENT = 256
# Segments a document is adapted over at once (see _adapt): about 65,000 words, a report of a hundred
# pages; the first pass's lattices of a batch are kept until its second pass.
ADAPT_BATCH = 256
_SENTENCE_END = {".", ";", "!", "?", ":"}
_CAPITAL_AFTER = {".", "!", "?"}  # the next word starts a sentence and is written with a capital
ALTERNATIVES = 3
# How a flagged token is written in Restored.marked_text: "[[" hardly ever occurs in reports.
FLAG_OPEN, FLAG_CLOSE = "[[", "]]"
# No report has a line this long; such input is a concatenated dump or garbage, and restoring it would
# take minutes, so it is refused with a clear message rather than silently ground through.
MAX_LINE_CHARS = 1_000_000
# English-model OCR reads some short syllables as digits ("ở" as "6", "là" as "14", "lộ" as "16"). A
# bare number of at most this many digits, in prose (a word on either side, on its line: not after a
# comma of a list such as "16 xã, 14 phường"), is then a candidate for the syllables training saw come
# out as it (CandidateGenerator.number_candidates); the language model weighs the number against them
# in context, so "6" stays a number after "Điều" and becomes "ở" in "làm việc 6 cơ sở".
MAX_READ_DIGITS = 3
_BARE_DIGITS = regex.compile(r"\d+")
# log P(digits | the number written there), against log P(digits | syllable): 0 takes digits at face
# value, so a syllable must win on its context. On the tune set (the last 1,500 lines of
# lexicons/pairs/train-eng, training slice) -3, -1 and 0 gave the same SER (0.93%, 1.07% without
# reading digits) and 0 one silent error more in 10,000 syllables; 0 was kept because at -3 and -1
# counts in a list ("16 xã, 14 phường") were read as syllables: the corpus, mostly law, has few such
# lists and its language model finds numbers there unlikely.
NUMBER_KEEP_LOGP = 0.0
# Every ALL-CAPS token of lexicons/pairs/train-eng that came from a Title-case word outside a heading
# has two letters ("BO", "SO", "HO"; 209 of them); longer unknown ones are acronyms ("LAN", "HTX").
CAPS_DAMAGE_LENGTH = 2
# The second look at damaged tokens (Restorer._widen) keeps, of the best candidates in context, only
# those whose score (noise model plus language model with the first pass's neighbours) is within
# this many nats of the best one's: the decoder's work grows with the product of the candidate counts
# of three neighbouring tokens, and a candidate that far behind hardly ever wins. Chosen on the tune
# eng lines (benchmarks/restore.py --tune): no margin 0.81% SER (first pass of 24 for damaged tokens,
# as before), 12 nats 0.80% (first pass of 24 or of 8), and with a first pass of 4: 12 nats 0.82%,
# 8 nats 0.88%. Restoring 5 pages of English-model OCR took 3.1-3.4 CPU seconds without it and
# 1.3-1.5 with it and the first pass of 8 (issue 16).
WIDEN_MARGIN = 12.0


def detect_input_kind(words: list[str]) -> Mode:
    """Guess where text comes from by the marks its words carry."""
    if not words:
        return "stripped"
    marked = sum(bool(_NON_ASCII_LETTER.search(word)) for word in words) / len(words)
    if marked < STRIPPED_MAX_MARKED:
        return "stripped"
    vietnamese = sum(bool(_VIETNAMESE_ONLY.search(word)) for word in words) / len(words)
    return "vie" if vietnamese >= VIE_MIN_VIETNAMESE else "eng"


@dataclass(frozen=True)
class _Position:
    """One non-space token of a paragraph and what the decoder may choose for it."""

    line: int
    token: Token
    slot: Slot
    pattern: str = "lower"
    candidates: Candidates | None = None  # for restorable words, else None
    observed: str = ""  # the word as the noise model sees it (lowercase, tone placement normalised)
    # The confidence, before the usage pass, of a token the document's usage re-decoded: its
    # confidence is the lower of the two passes' (see Restorer._decode).
    first_confidence: float = 1.0
    # An ALL-CAPS token read as a Title-case word's damage ("BO" for "Bộ", see Restorer._position):
    # its letters read as they stand are written as they stood.
    caps_damage: bool = False


class Restorer:
    """Loads the model once and restores many texts."""

    def __init__(self, config: RestoreConfig | None = None, model: Model | None = None) -> None:
        self.config = config or RestoreConfig()
        self.model = model or load_model(self.config.model_dir)
        vocabulary = self.model.vocabulary
        self._fixed = {name: Slot(np.array([vocabulary.id(name)]), np.zeros(1, dtype=np.float32)) for name in (BOS, EOS, UNK, NUM, CODE, PUNCT)}
        self._generators: dict[str, CandidateGenerator] = {}
        user_terms = [term for path in self.config.user_lexicons for term in load_terms(Path(path))]
        self._keep = set(self.model.foreign)
        self._keep.update(term.lower() for term in user_terms if " " not in term and not orthography.is_syllable(term.lower()))
        self._boost = self._phrase_keys(term for term in user_terms if " " in term)
        self._corpus_boost = self._phrase_keys(self.model.phrases)

    def _phrase_keys(self, phrases) -> np.ndarray:
        """Packed (v, w) id pairs of consecutive syllables of phrases, for the decoder bonus."""
        vocabulary = self.model.vocabulary
        keys = set()
        word_ids: dict[str, int] = {}  # the model's ~10,000 phrases repeat a few thousand words
        unk = vocabulary.id(UNK)
        for phrase in phrases:
            ids = []
            for word in phrase.split():
                found = word_ids.get(word)
                if found is None:
                    found = word_ids[word] = vocabulary.id(orthography.normalize_syllable(word.lower(), "old"))
                ids.append(found)
            for v, w in zip(ids, ids[1:]):
                if v != unk and w != unk:
                    keys.add((v << ID_BITS) | w)
        return np.array(sorted(keys), dtype=np.uint64)

    def _generator(self, mode: str) -> CandidateGenerator:
        generator = self._generators.get(mode)
        if generator is None:
            channel = self.model.channels.get(mode)
            if channel is None:
                log.warning("no %s noise model in %s; using the stripped-text model", mode, self.model.directory)
                channel = self.model.channels["stripped"]
            generator = CandidateGenerator(self.model.vocabulary, self.model.lm.uni_logp, channel, max_candidates=self.config.max_candidates)
            self._generators[mode] = generator
        return generator

    def restore(self, text: str) -> Restored:
        """Restore the diacritics of ``text``; the result has the same lines as the input."""
        lines = nfc(text).split("\n")
        for number, line in enumerate(lines, 1):
            if len(line) > MAX_LINE_CHARS:
                raise InputError(f"line {number} is {len(line):,} characters long; vnreport restores lines of at most {MAX_LINE_CHARS:,} characters")
        tokenized = [tokenize_line(line) for line in lines]
        words = [token.text for tokens in tokenized for token in tokens if token.kind is Kind.WORD]
        mode = self.config.input_kind if self.config.input_kind != "auto" else detect_input_kind(words)
        log.info("input kind: %s", mode)
        generator = self._generator(mode)
        output = [[token.text for token in tokens] for tokens in tokenized]
        index_by_start = [{token.start: i for i, token in enumerate(tokens)} for tokens in tokenized]
        adapting = self.config.adapt_to_document
        repairs: list[TokenRepair] = []
        segments = iter(self._segments(tokenized, generator))
        # Without adaptation each segment is decoded and written out on its own; with it, a batch
        # of segments (a long report) is held until the second pass, which bounds the memory.
        while batch := list(itertools.islice(segments, ADAPT_BATCH if adapting else 1)):
            lattices = [(segment, self._lattice(segment, generator)) for segment in batch]
            if adapting:
                lattices = self._adapt(lattices, generator) if generator.mode != "stripped" else lattices
                # The usage decides between readings of unmarked letters; Vietnamese OCR reads the marks.
                lattices = self._adapt_usage(lattices) if generator.mode != "vie" else lattices
            for segment, probabilities in lattices:
                repairs.extend(self._decode(segment, probabilities, output, index_by_start))
        marked = [list(parts) for parts in output]
        for repair in repairs:
            if repair.flagged:
                index = index_by_start[repair.line][repair.start]
                marked[repair.line][index] = FLAG_OPEN + marked[repair.line][index] + FLAG_CLOSE
        return Restored(
            text="\n".join("".join(parts) for parts in output),
            tokens=tuple(repairs),
            marked_text="\n".join("".join(parts) for parts in marked),
        )

    def _segments(self, tokenized: list[list[Token]], generator: CandidateGenerator):
        """Paragraph-sized runs of positions (blank lines and long sentences cut them)."""
        segment: list[_Position] = []
        for line_index, tokens in enumerate(tokenized):
            visible = [token for token in tokens if token.kind is not Kind.SPACE]
            if not visible:
                if segment:
                    yield segment
                    segment = []
                continue
            caps_line = sum(case_pattern(t.text) == "upper" for t in visible if t.kind is Kind.WORD) * 2 > sum(t.kind is Kind.WORD for t in visible)
            for k, token in enumerate(visible):
                # Words on both sides, on the same line: a number there may be a misread syllable (see _position).
                prose = 0 < k < len(visible) - 1 and visible[k - 1].kind is Kind.WORD and visible[k + 1].kind is Kind.WORD
                segment.append(self._position(line_index, token, caps_line, generator, prose))
                if (len(segment) >= MAX_SEGMENT and token.text in _SENTENCE_END) or len(segment) >= 2 * MAX_SEGMENT:
                    yield segment
                    segment = []
        if segment:
            yield segment

    def _position(self, line: int, token: Token, caps_line: bool, generator: CandidateGenerator, prose: bool = False) -> _Position:
        if token.kind is Kind.NUMBER:
            if prose and generator.mode == "eng" and len(token.text) <= MAX_READ_DIGITS and _BARE_DIGITS.fullmatch(token.text):
                read = generator.number_candidates(token.text, int(self._fixed[NUM].ids[0]), NUMBER_KEEP_LOGP)
                if read is not None:
                    return _Position(line, token, Slot(read.ids, read.channel), "lower", read, token.text)
            return _Position(line, token, self._fixed[NUM])
        if token.kind is Kind.PROTECTED:
            return _Position(line, token, self._fixed[CODE])
        if token.kind is Kind.PUNCT:
            return _Position(line, token, self._fixed[PUNCT])
        pattern = case_pattern(token.text)
        lower = token.text.lower()
        # An ALL-CAPS word inside ordinary text is an acronym (UBND, LAN); in a heading it is a word
        # unless the corpus knows it as an acronym.
        caps_damage = False
        if pattern == "upper" and len(token.text) == CAPS_DAMAGE_LENGTH and not caps_line and generator.mode == "eng" and token.text not in self.model.acronyms and generator.seen_as_damage(lower):
            # The English model reads the tall marked vowel of a Title-case word as a capital ("Bộ" as
            # "BO", "Sở" as "SO": 173 and 5 times in lexicons/pairs/train-eng): an unknown two-letter
            # ALL-CAPS token whose letters training saw come from a syllable is such a word, and is
            # written Title-case when restored (as it stood when read as its own letters).
            caps_damage = True
            pattern = "title"
        if lower in self._keep or (pattern == "upper" and (not caps_line or token.text in self.model.acronyms)):
            return _Position(line, token, self._fixed[UNK])
        if lower[0].isdigit() and generator.mode != "eng":
            # Only an English model reads letters as digits ("16n" for "lớn"); elsewhere a word that
            # starts with a digit is a measure or a numbering ("10kg", "4G", "khoản 2a").
            return _Position(line, token, self._fixed[UNK])
        observed = orthography.normalize_syllable(lower, "old") if orthography.is_syllable(lower) else lower
        candidates = generator.generate(observed)
        return _Position(line, token, Slot(candidates.ids, candidates.channel), pattern, candidates, observed, caps_damage=caps_damage)

    def _lattice(self, segment: list[_Position], generator: CandidateGenerator) -> list[np.ndarray]:
        """Posteriors of every candidate of a segment (whose damaged tokens may be widened in place)."""
        probabilities = self._posteriors(segment)
        if generator.mode != "stripped" and self._widen(segment, probabilities, generator):
            probabilities = self._posteriors(segment)
        return probabilities

    def _adapt(self, lattices: list[tuple[list[_Position], list[np.ndarray]]], generator: CandidateGenerator) -> list[tuple[list[_Position], list[np.ndarray]]]:
        """Second pass with the noise model adapted to this document (see :mod:`adapt`): tokens
        the first pass did not restore with confidence, whose damage it confidently read elsewhere in
        the document, get the document's readings among their candidates, priced by the document's
        counts; only segments holding such tokens are decoded again."""
        decisions = (
            _decision(position, posterior)
            for segment, probabilities in lattices
            for position, posterior in zip(segment, probabilities)
            if position.candidates is not None
        )
        document = adapt.learn(decisions)
        if not document.counts:
            return lattices
        readings: dict[str, dict[str, float]] = {}  # observed -> the document's readings, per distinct token
        adapted = []
        for segment, probabilities in lattices:
            changed = False
            for k, (position, posterior) in enumerate(zip(segment, probabilities)):
                # A number's candidates are only the syllables training saw read as it (see _position).
                if position.candidates is None or position.token.kind is Kind.NUMBER or adapt.is_evidence(_decision(position, posterior)):
                    continue
                observed = position.observed
                if observed not in readings:
                    readings[observed] = document.readings(observed, generator.channel_logp, damaged=observed not in self.model.vocabulary)
                if not readings[observed]:
                    continue
                candidates = self._adapted_candidates(position, readings[observed], generator)
                segment[k] = dataclasses.replace(position, slot=Slot(candidates.ids, candidates.channel), candidates=candidates)
                changed = True
            adapted.append((segment, self._posteriors(segment) if changed else probabilities))
        return adapted

    def _adapt_usage(self, lattices: list[tuple[list[_Position], list[np.ndarray]]]) -> list[tuple[list[_Position], list[np.ndarray]]]:
        """Second pass for the document's usage (after the damage pass in OCR text): tokens the
        passes before did not restore with confidence lean towards the readings the document gave
        the same observed letters with confidence (:func:`adapt.learn_usage`); only segments holding
        such tokens are decoded again."""
        usage = adapt.learn_usage(
            _decision(position, posterior)
            for segment, probabilities in lattices
            for position, posterior in zip(segment, probabilities)
            if position.candidates is not None
        )
        if not usage:
            return lattices
        adapted = []
        for segment, probabilities in lattices:
            changed = False
            for k, (position, posterior) in enumerate(zip(segment, probabilities)):
                # Numbers get no usage prior: a document's habit ("14" read "là" in one sentence) is
                # no evidence that a count elsewhere is a word.
                if position.candidates is None or position.token.kind is Kind.NUMBER or position.observed not in usage or adapt.is_evidence(_decision(position, posterior)):
                    continue
                candidates = position.candidates
                bonus = np.asarray(adapt.usage_bonus(usage[position.observed], candidates.words), dtype=np.float32)
                candidates = dataclasses.replace(candidates, channel=candidates.channel + np.where(candidates.keep, np.float32(0.0), bonus))
                segment[k] = dataclasses.replace(position, slot=Slot(candidates.ids, candidates.channel), candidates=candidates, first_confidence=float(posterior.max()))
                changed = True
            adapted.append((segment, self._posteriors(segment) if changed else probabilities))
        return adapted

    def _adapted_candidates(self, position: _Position, readings: dict[str, float], generator: CandidateGenerator) -> Candidates:
        """The position's candidates with the document's readings added or repriced."""
        candidates = position.candidates
        scores = {word: float(logp) for word, logp, keep in zip(candidates.words, candidates.channel, candidates.keep) if not keep}
        scores.update(readings)
        return generator.with_keep(position.observed, list(scores), list(scores.values()))

    def _decode(self, segment: list[_Position], probabilities: list[np.ndarray], output: list[list[str]], index_by_start: list[dict[int, int]]) -> list[TokenRepair]:
        repairs = []
        previous_word = None  # the syllable chosen for the previous token, when that token is a word
        sentence_start = True  # no word yet since the segment began or since ". ! ?"
        for position, posterior in zip(segment, probabilities):
            candidates = position.candidates
            if candidates is None:
                previous_word = None
                if position.token.kind is Kind.PUNCT:
                    sentence_start = sentence_start or position.token.text in _CAPITAL_AFTER
                else:
                    sentence_start = False
                continue
            order = np.argsort(-posterior)
            best = int(order[0])
            # A token the document's usage re-decoded is as sure as the less sure of the two passes:
            # the usage is a guess about this document, not evidence about this word.
            confidence = min(float(posterior[best]), position.first_confidence)
            restored = self._surface(position, best, previous_word, sentence_start)
            minimum = self.config.min_confidence
            if position.token.kind is Kind.NUMBER:
                # A number is data: it becomes a syllable only when the decoder is as sure as an
                # unflagged reading must be; below that it stays, flagged, with the reading among its
                # alternatives.
                minimum = max(minimum, self.config.review_confidence)
            flag = _flag(candidates, best, confidence, position.observed, minimum, self.config.review_confidence)
            final = position.token.text if flag in KEPT_FLAGS else restored
            # A token left as it was (low-confidence) still shows its best reading among the others.
            shown = order[1:] if final == restored else order
            alternatives = tuple(itertools.islice(
                ((text, round(float(posterior[i]), 4))
                 for i in shown
                 if (text := self._surface(position, int(i), previous_word, sentence_start)) != final),
                ALTERNATIVES,
            ))
            previous_word = None if candidates.keep[best] else candidates.words[best]
            sentence_start = False
            if final != position.token.text:
                output[position.line][index_by_start[position.line][position.token.start]] = final
            repairs.append(
                TokenRepair(
                    line=position.line,
                    start=position.token.start,
                    end=position.token.end,
                    original=position.token.text,
                    restored=final,
                    confidence=round(confidence, 4),
                    alternatives=alternatives,
                    flag=flag,
                )
            )
        return repairs

    def _posteriors(self, segment: list[_Position]) -> list[np.ndarray]:
        closing = [self._fixed[EOS]] if _ends_sentence(segment) else []
        slots = [self._fixed[BOS], self._fixed[BOS], *(position.slot for position in segment), *closing]
        return posteriors(slots, self.model.lm, channel_weight=self.config.channel_weight, boost=self._boost, corpus_boost=self._corpus_boost)[2 : 2 + len(segment)]

    def _widen(self, segment: list[_Position], probabilities: list[np.ndarray], generator: CandidateGenerator) -> bool:
        """Second look at every damaged token (in English-model OCR, every token).

        Candidates are cut before the language model sees them, by noise model and frequency alone,
        so damage the noise model finds unlikely ("s¢" for "sở": "ở" was never read "¢" in training)
        can be cut although the context wants it, and a worse reading then wins with confidence
        ("các cơ sử dữ liệu"). So for every damaged OCR token (no syllable of the vocabulary; in
        English-model OCR every token) the whole candidate pool is re-ranked with the first pass's
        best neighbours as context, and the lattice is decoded again. Stripped text needs none of this: a stripped token's pool is the
        syllables spelt with its letters, and for a token that is no syllable (every token of
        stripped text but a few) those are far fewer than the candidates kept.
        Returns whether anything was widened.
        """
        best = [int(np.argmax(p)) for p in probabilities]
        vocabulary = self.model.vocabulary
        ids = [int(position.slot.ids[b]) for position, b in zip(segment, best)]
        bos, eos = vocabulary.id(BOS), vocabulary.id(EOS)
        looked: list[tuple[int, list[str], np.ndarray, np.ndarray]] = []
        for k, position in enumerate(segment):
            candidates = position.candidates
            # English-model OCR drops marks everywhere: a token that is a valid syllable ("so") is as
            # likely damaged as any other ("số"), and its first cut, by noise model and frequency
            # alone, keeps rare syllables the English model always reads that way ("sọ", "sò").
            if candidates is None or position.token.kind is Kind.NUMBER or (position.observed in vocabulary and generator.mode != "eng"):
                continue
            words, channel, pool_ids = generator.pool(position.observed)
            if words:
                looked.append((k, words, channel, pool_ids))
        if not looked:
            return False
        # Every pool of the segment is scored in one vectorised look-up (in English-model OCR that is
        # every token of the segment, each with a pool of tens to hundreds of syllables).
        sizes = np.fromiter((entry[3].size for entry in looked), dtype=np.int64, count=len(looked))
        pool_ids = np.concatenate([entry[3] for entry in looked])
        channel = np.concatenate([entry[2] for entry in looked])
        at = [entry[0] for entry in looked]
        left1 = np.repeat([ids[k - 1] if k >= 1 else bos for k in at], sizes)
        left2 = np.repeat([ids[k - 2] if k >= 2 else bos for k in at], sizes)
        score = self.config.channel_weight * channel + self.model.lm.logprob(left2, left1, pool_ids)
        has_right = np.repeat([k + 1 < len(segment) or _ends_sentence(segment) for k in at], sizes)
        if has_right.any():
            right = np.repeat([ids[k + 1] if k + 1 < len(segment) else eos for k in at], sizes)
            score[has_right] += self.model.lm.logprob(left1[has_right], pool_ids[has_right], right[has_right])
        offsets = np.concatenate([[0], np.cumsum(sizes)]).tolist()
        for (k, words, _, _), begin, end in zip(looked, offsets[:-1], offsets[1:]):
            position = segment[k]
            observed = position.observed
            token_score, token_channel = score[begin:end], channel[begin:end]
            limit = generator.limit(observed)
            top = np.argsort(-token_score)[:limit]
            # Candidates far behind the best in this context can hardly win the decoding, and every
            # candidate multiplies the trigrams scored around it (see WIDEN_MARGIN).
            top = top[token_score[top] >= token_score[top[0]] - WIDEN_MARGIN]
            if observed in vocabulary and observed not in (words[i] for i in top):
                # A valid syllable may always stay as it is (see CandidateGenerator._generate).
                kept = words.index(observed)
                top = np.append(top, kept) if top.size < limit else np.append(top[:-1], kept)
            chosen = generator.with_keep(observed, [words[i] for i in top], token_channel[top].tolist())
            segment[k] = dataclasses.replace(position, slot=Slot(chosen.ids, chosen.channel), candidates=chosen)
        return True

    def _surface(self, position: _Position, index: int, previous_word: str | None, sentence_start: bool) -> str:
        candidates = position.candidates
        if candidates.keep[index] or (position.caps_damage and candidates.words[index] == position.observed):
            return position.token.text
        word = candidates.words[index]
        pattern = position.pattern
        # A sentence (or a line on its own, a table label) starts with a capital whatever its letter.
        damaged_capital = pattern == "title" and not sentence_start
        if damaged_capital and orthography.strip_marks(word[:1]) != orthography.strip_marks(position.token.text[:1].lower()):
            # The capital itself is OCR damage ("Gy" for "ủy", "Pang" for "Đảng"): take the case the
            # corpus uses for this syllable inside a sentence, after this previous syllable if known.
            share = self.model.case_pairs.get((previous_word, word)) if previous_word else None
            if share is None:
                share = self.model.vocabulary.title_share(word)
            pattern = "title" if share >= TITLE_SHARE else "lower"
        if self.config.tone_style == "new":
            word = orthography.normalize_syllable(word, "new")
        return apply_case(pattern, word)


def _flag(candidates: Candidates, best: int, confidence: float, observed: str, min_confidence: float, review_confidence: float) -> str:
    """Why a decision is left to a reader, or "" when it is not.

    Under ``min_confidence`` the token is left as it is; from there up to ``review_confidence`` the
    best reading is written but marked, because it is still wrong too often to pass unseen.

    A kept token that is no syllable is flagged however sure the decoder is: the language model
    prices every unknown token alike, so that certainty says the context suits *some* unknown word,
    not that this damaged spelling is right. Left unflagged: a valid syllable the vocabulary lacks
    (a name such as "Thiềm"), one letter alone (a list marker "b)" far more often than a word) and a
    token that starts with a digit (a measure such as "10kg" or "4G" far more often than damage).
    A letter left as it is ("I." or "b)", whether kept or read as the syllable "i") is not flagged
    as uncertain either: the decoder's doubt about a list marker is its doubt about the words around it.
    """
    if confidence < min_confidence:
        return LOW_CONFIDENCE
    word = candidates.words[best]
    if candidates.keep[best] and len(word) > 1 and not word[0].isdigit() and not orthography.is_syllable(word):
        return UNKNOWN_WORD
    if confidence < review_confidence and not (len(observed) == 1 and word == observed):
        return UNCERTAIN
    return ""


def _decision(position: _Position, posterior: np.ndarray) -> adapt.Decision:
    """The first pass's decision for a restorable position, as document adaptation counts it.

    Tokens whose decision is evidence (:func:`adapt.is_evidence`) keep their candidates in the
    second pass: the document's readings are meant for the tokens the first pass could not place,
    and repricing every sure token would send nearly every part of a document through decoding again.
    """
    candidates = position.candidates
    best = int(np.argmax(posterior))
    return adapt.Decision(position.observed, None if candidates.keep[best] else candidates.words[best], float(posterior[best]))


def _ends_sentence(segment: list[_Position]) -> bool:
    """Whether the segment closes with sentence punctuation.

    The language model learned ``</s>`` at the end of corpus paragraphs. OCR text that simply stops
    after a word (a heading, a signature block, a one-line input such as "... Ban Thuong vu Tinh Gy")
    says nothing about where its sentence ends, so no end-of-sentence is scored there.
    """
    return bool(segment) and segment[-1].token.kind is Kind.PUNCT and segment[-1].token.text in _SENTENCE_END


def restore(text: str, config: RestoreConfig | None = None) -> Restored:
    """Restore the diacritics of ``text`` (loads the model each call; use Restorer for many texts)."""
    return Restorer(config).restore(text)

"""Training the OCR noise (channel) models of :mod:`vnreport.diacritics.channel` (build time).

Moved out of the runtime package: the restorer only loads trained models
(:meth:`vnreport.diacritics.channel.ChannelModel.load`); ``vnreport lexicon build`` and the
benchmarks train them here from (clean line, OCR line) pairs.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from typing import Iterable

from rapidfuzz.distance import Levenshtein

from vnreport.diacritics import orthography
from vnreport.diacritics.channel import _EDGE_PUNCT, EMPTY, KEEP_SHAPES, UNSEEN_OUTCOMES, ChannelModel, Mode, clean_token, keep_shape
from vnreport.errors import ModelError
from vnreport_build.align import align_syllables


def syllable_pairs(line_pairs: Iterable[tuple[str, str]]) -> Iterable[tuple[str, str]]:
    """(syllable, observed token) pairs from (clean line, OCR line) pairs, punctuation removed.

    Only clean tokens that are Vietnamese syllables are kept; the observed side may be anything
    (digits, glued neighbours, an empty string for a dropped syllable).
    """
    for clean_line, ocr_line in line_pairs:
        for clean, observed in align_syllables(clean_line, ocr_line):
            syllable = clean_token(clean)
            if not syllable or not orthography.is_syllable(syllable):
                continue
            yield orthography.normalize_syllable(syllable, "old"), clean_token(observed)


def genuine_token_shapes(line_pairs: Iterable[tuple[str, str]]) -> Counter:
    """How often genuine non-Vietnamese words came out of OCR in each :func:`keep_shape`.

    Counted over the tokens the restorer decides on and should leave as they are: clean words of
    two or more plain Latin letters that are no syllable and not ALL-CAPS (acronyms are never
    restored), whose OCR form is no syllable either. Words with Vietnamese marks that are no
    syllable are left out: in the corpus they are syllables glued together ("tạiĐiều"), damage of
    a kind the restorer cannot mend, not foreign words whose shape is to be learned.
    """
    shapes: Counter = Counter()
    for clean_line, ocr_line in line_pairs:
        for clean, observed in align_syllables(clean_line, ocr_line):
            bare = _EDGE_PUNCT.sub("", clean)
            if len(bare) < 2 or not (bare.isascii() and bare.isalpha()) or bare.isupper() or orthography.is_syllable(bare.lower()):
                continue
            observed = clean_token(observed)
            if observed and not orthography.is_syllable(observed):
                shapes[keep_shape(observed)] += 1
    return shapes


def keep_shape_logps(genuine_shapes: Counter) -> dict[str, float]:
    """Per-shape adjustment of the keep price: log of how much rarer genuine words of a shape are
    than those of the commonest shape (add-one smoothed), so that the commonest keeps KEEP_LOGP,
    the value tuned when nearly every kept token was such a word."""
    counts = {shape: genuine_shapes.get(shape, 0) + 1 for shape in KEEP_SHAPES}
    top = max(counts.values())
    return {shape: math.log(count / top) for shape, count in counts.items()}


def train_channel(mode: Mode, pairs: Iterable[tuple[str, str]], *, min_table_count: int = 2, genuine_shapes: Counter | None = None) -> ChannelModel:
    """Estimate a channel model from (syllable, observed) pairs.

    ``min_table_count``: token-table entries seen fewer times are left to the character model,
    which keeps the shipped table small and avoids memorising one-off noise.
    ``genuine_shapes``: :func:`genuine_token_shapes` of the same pairs; without it every shape
    of token costs the same to keep.
    """
    table: dict[str, Counter] = defaultdict(Counter)
    sources: Counter = Counter()
    chars: dict[str, Counter] = defaultdict(Counter)
    for syllable, observed in pairs:
        sources[syllable] += 1
        table[observed][syllable] += 1
        for tag, src_start, src_end, dest_start, dest_end in Levenshtein.opcodes(syllable, observed):
            if tag in ("equal", "replace"):
                for offset in range(src_end - src_start):
                    chars[syllable[src_start + offset]][observed[dest_start + offset]] += 1
            elif tag == "delete":
                for char in syllable[src_start:src_end]:
                    chars[char][EMPTY] += 1
            else:
                for char in observed[dest_start:dest_end]:
                    chars[EMPTY][char] += 1
    if not sources:
        raise ModelError(f"no training pairs for the {mode} noise model")
    # Witten-Bell estimates: a character seen N times with T distinct outcomes keeps T / (N + T) of
    # its mass for outcomes never seen, spread over an alphabet of UNSEEN_OUTCOMES. A scanner or font
    # we did not render can still turn "ủ" into "G"; this prices such damage by how varied that
    # character's damage already is, instead of forbidding it.
    char_logp: dict[str, dict[str, float]] = {}
    unseen_logp: dict[str, float] = {}
    for intended, row in chars.items():
        seen_total, distinct = sum(row.values()), len(row)
        denominator = seen_total + distinct
        char_logp[intended] = {observed: math.log(count / denominator) for observed, count in row.items()}
        unseen_logp[intended] = math.log(distinct / denominator / UNSEEN_OUTCOMES)
    # Insertions compete with "nothing inserted" at every character position.
    positions = sum(sum(row.values()) for intended, row in chars.items() if intended != EMPTY)
    if EMPTY in chars:
        char_logp[EMPTY] = {observed: math.log(count / (positions + 1.0)) for observed, count in chars[EMPTY].items()}
        unseen_logp[EMPTY] = math.log(len(chars[EMPTY]) / (positions + 1.0) / UNSEEN_OUTCOMES)
    unseen = min(unseen_logp.values())
    forms: Counter = Counter()
    for row in table.values():
        forms.update(row.keys())
    kept_table = {
        observed: {syllable: count for syllable, count in row.items() if count >= min_table_count}
        for observed, row in table.items()
    }
    kept_table = {observed: row for observed, row in kept_table.items() if row}
    return ChannelModel(
        mode=mode,
        table=kept_table,
        syllable_counts=dict(sources),
        syllable_forms=dict(forms),
        char_logp=char_logp,
        unseen_row_logp=unseen_logp,
        unseen_char_logp=unseen,
        keep_shape_logp=keep_shape_logps(genuine_shapes) if genuine_shapes else {},
    )

"""The OCR noise (channel) model: how likely an intended syllable is to come out as an observed token.

Learned, not hand-listed, from (clean, OCR'd) line pairs made by rendering corpus text and reading
it back with Tesseract (:mod:`vnreport_build.ocrpairs`). Two parts, interpolated:

* a token table, ``count(syllable -> observed)``: memorises frequent damage ("số"→"s6",
  "của"→"ctia", "được"→"dugc"); Witten-Bell interpolation gives the character model the share
  of a syllable's mass that its number of distinct damaged forms suggests is still unseen;
* a character model, ``P(observed char | intended char)`` with insertions and deletions, from a
  character alignment of every pair: it generalises to damage never seen whole ("quyết"→"quyét").

One model is learned per input kind: ``eng`` (legacy English-model OCR) and ``vie`` (Vietnamese
OCR of degraded pages); ``stripped`` text (no marks at all) needs no learning: the observed token is
exactly the syllable without marks.
"""

from __future__ import annotations

import gzip
import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import regex
from rapidfuzz.distance import Levenshtein

from vnreport.diacritics import orthography
from vnreport.errors import ModelError

Mode = Literal["stripped", "eng", "vie"]
LEARNED_MODES: tuple[Mode, ...] = ("eng", "vie")
EMPTY = ""  # the "no character" side of an insertion or a deletion

# Characters that OCR damage produces or that belong to a syllable; anything else (punctuation
# glued to a word) is stripped from both sides before learning and before scoring.
_EDGE_PUNCT = regex.compile(r"^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$")

# Size of the alphabet that unseen character damage is spread over (letters with and without
# marks, digits and the punctuation OCR produces: roughly a hundred).
UNSEEN_OUTCOMES = 100.0
FLOOR_LOGP = -25.0
# Log-probability that an OCR token which is no Vietnamese syllable is a foreign word to keep rather
# than damage to repair. Chosen with scripts/tune_restore.py on training pairs (eng, 1200 lines:
# SER 3.0% at -3, 2.3% at -7, 2.25% at -9, flat beyond); -8 keeps some room for real foreign words.
KEEP_LOGP = -8.0

# Shapes of a token that is no Vietnamese syllable, by which the price of leaving it as it is differs.
# Learned from the training pairs: of the OCR tokens that came from genuine non-Vietnamese words
# (English words, names, list letters), nearly all are plain ASCII letters; damage to Vietnamese
# words also takes the other shapes ("s6", "huyén", "hoach"), genuine words hardly ever do.
KeepShape = Literal["letters", "skeleton", "marked", "digits"]
KEEP_SHAPES: tuple[KeepShape, ...] = ("letters", "skeleton", "marked", "digits")
_DIGIT = regex.compile(r"\p{N}")
_NOT_PLAIN_LETTER = regex.compile(r"[^a-zA-Z]")


def clean_token(text: str) -> str:
    """Lowercase NFC token without surrounding punctuation (how both sides are compared)."""
    return _EDGE_PUNCT.sub("", text).lower()


def keep_shape(observed: str) -> KeepShape:
    """The shape of a token that is no syllable: digits among its letters ("s6", "b0"), the bare
    letters of a syllable ("hoach", "Dich", "huyén"), other marks or symbols ("nghi¢p", "gﬁn",
    "t&i"), or plain ASCII letters only ("Zalo", "big", and damage such as "ctia", "Pang")."""
    if _DIGIT.search(observed):
        return "digits"
    if orthography.is_skeleton(observed):
        return "skeleton"
    if _NOT_PLAIN_LETTER.search(observed):
        return "marked"
    return "letters"


@dataclass(frozen=True)
class ChannelModel:
    """P(observed | syllable) for one input kind."""

    mode: Mode
    table: dict[str, dict[str, int]] = field(default_factory=dict)  # observed -> {syllable: count}
    syllable_counts: dict[str, int] = field(default_factory=dict)  # how often each syllable was a source
    syllable_forms: dict[str, int] = field(default_factory=dict)  # how many distinct forms it came out as
    char_logp: dict[str, dict[str, float]] = field(default_factory=dict)  # intended -> {observed: logp}
    unseen_row_logp: dict[str, float] = field(default_factory=dict)  # intended -> logp of one unseen outcome
    unseen_char_logp: float = -9.0  # damage to a character never seen in training
    keep_logp: float = KEEP_LOGP  # a non-Vietnamese token (name, English word) left as it is
    # Added to keep_logp by the token's shape (see keep_shape); 0 for shapes not listed.
    keep_shape_logp: dict[str, float] = field(default_factory=dict)

    def keep_cost(self, observed: str) -> float:
        """log-probability that ``observed``, no Vietnamese syllable, is a genuine word to keep as it is."""
        return self.keep_logp + self.keep_shape_logp.get(keep_shape(observed), 0.0)

    # -- scoring --------------------------------------------------------------------------------

    def logp(self, observed: str, syllable: str) -> float:
        """log P(observed | syllable); both lowercase, without punctuation."""
        if self.mode == "stripped":
            return 0.0 if orthography.strip_marks(syllable) == observed else FLOOR_LOGP
        char_p = math.exp(self.char_logp_of(observed, syllable))
        seen = self.syllable_counts.get(syllable, 0)
        if seen:
            forms = self.syllable_forms.get(syllable, 1)
            count = self.table.get(observed, {}).get(syllable, 0)
            probability = (count + forms * char_p) / (seen + forms)
        else:
            probability = char_p
        return max(math.log(probability), FLOOR_LOGP) if probability > 0 else FLOOR_LOGP

    def char_logp_of(self, observed: str, syllable: str) -> float:
        """Character-model log-probability along a minimal edit alignment of the two strings."""
        total = 0.0
        # as_list(): plain tuples, where iterating the Opcodes object builds one object per edit.
        for tag, src_start, src_end, dest_start, dest_end in Levenshtein.opcodes(syllable, observed).as_list():
            if tag == "equal" or tag == "replace":
                for offset in range(src_end - src_start):
                    total += self._char(syllable[src_start + offset], observed[dest_start + offset])
            elif tag == "delete":
                for char in syllable[src_start:src_end]:
                    total += self._char(char, EMPTY)
            else:  # insert
                for char in observed[dest_start:dest_end]:
                    total += self._char(EMPTY, char)
        return total

    def _char(self, intended: str, observed: str) -> float:
        row = self.char_logp.get(intended)
        if row is None:
            return 0.0 if intended == observed else self.unseen_char_logp
        logp = row.get(observed)
        return logp if logp is not None else self.unseen_row_logp.get(intended, self.unseen_char_logp)

    def seen_sources(self, observed: str) -> dict[str, int]:
        """Syllables that produced exactly ``observed`` in training, with counts."""
        return self.table.get(observed, {})

    # -- persistence ----------------------------------------------------------------------------

    def save(self, path: Path) -> None:
        """Write the model as gzip'd JSON (inspectable, diff-friendly when decompressed)."""
        payload = {
            "mode": self.mode,
            "table": self.table,
            "syllable_counts": self.syllable_counts,
            "syllable_forms": self.syllable_forms,
            "char_logp": self.char_logp,
            "unseen_row_logp": self.unseen_row_logp,
            "unseen_char_logp": self.unseen_char_logp,
            "keep_logp": self.keep_logp,
            "keep_shape_logp": self.keep_shape_logp,
        }
        data = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")
        with gzip.GzipFile(path, "wb", mtime=0) as handle:
            handle.write(data)

    @classmethod
    def load(cls, path: Path) -> "ChannelModel":
        """Read a model written by :meth:`save`; raise ModelError when missing or malformed."""
        try:
            with gzip.open(path, "rt", encoding="utf-8") as handle:
                payload = json.load(handle)
            return cls(
                mode=payload["mode"],
                table=payload["table"],
                syllable_counts=payload["syllable_counts"],
                syllable_forms=payload["syllable_forms"],
                char_logp=payload["char_logp"],
                unseen_row_logp=payload["unseen_row_logp"],
                unseen_char_logp=float(payload["unseen_char_logp"]),
                keep_logp=float(payload["keep_logp"]),
                keep_shape_logp={shape: float(logp) for shape, logp in payload.get("keep_shape_logp", {}).items()},
            )
        except FileNotFoundError as exc:
            raise ModelError(f"noise model not found: {path}") from exc
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise ModelError(f"noise model {path} is unreadable: {exc}") from exc


STRIPPED = ChannelModel(mode="stripped")

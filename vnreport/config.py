"""Immutable configuration for each stage; built by the CLI, passed down as arguments."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from vnreport.errors import BadArgsError

ToneStyle = Literal["old", "new"]
InputKind = Literal["auto", "stripped", "eng", "vie"]


@dataclass(frozen=True)
class OcrConfig:
    """How pages are rasterised and read.

    dpi: rasterisation resolution, also passed to Tesseract (pdf2image images carry none).
    lang: Tesseract language(s), e.g. ``vie`` or ``vie+eng``.
    jobs: worker processes, one page each; None means all cores.
    pages: 1-based page numbers to read, in order; None means all.
    psm: Tesseract page segmentation mode (3 = automatic, suits reports).
    timeout: seconds allowed for one page before it is reported as failed.
    """

    dpi: int = 300
    lang: str = "vie"
    jobs: int | None = None
    pages: tuple[int, ...] | None = None
    psm: int = 3
    timeout: float = 300.0

    def __post_init__(self) -> None:
        if not 50 <= self.dpi <= 1200:
            raise BadArgsError(f"--dpi must be between 50 and 1200, got {self.dpi}")
        if self.jobs is not None and self.jobs < 1:
            raise BadArgsError(f"--jobs must be at least 1, got {self.jobs}")


@dataclass(frozen=True)
class RestoreConfig:
    """How diacritics are restored.

    tone_style: "old" puts the tone on the first vowel of oa/oe/uy ("hòa", "thủy"), as government
        documents do; "new" puts it on the second ("hoà", "thuỷ").
    min_confidence: tokens restored with a lower confidence are flagged and left as they were. Above
        it the decoder's best reading is written (flagged "uncertain" under ``review_confidence``):
        it is the reading most likely right, and the token as it was almost never is (on the
        held-out eng pairs, tokens left as they were under 0.5 were right 9% of the time).
    review_confidence: tokens restored with at least ``min_confidence`` but less than this are
        restored and flagged "uncertain", for a reader to check; 0 (or anything not above
        ``min_confidence``) flags none that way. The default rests on how often decisions were
        right at each confidence (``benchmarks/calibration.py``): on the held-out eng pairs 53-85%
        at 0.5-0.9, 92% at 0.9-0.95.
    user_lexicons: extra term files (one term or phrase per line) that the decoder should prefer.
    model_dir: a built model folder; None means the one shipped with the package.
    input_kind: where the text comes from, which picks the noise model: "stripped" (no marks at
        all), "eng" (legacy English-model OCR), "vie" (Vietnamese OCR, tone confusions), or "auto"
        (decided from the marks the text carries).
    channel_weight: weight of the noise model against the language model (tuned on training pairs).
    max_candidates: candidate syllables kept per token before the language model decides.
    adapt_to_document: in OCR text, decode the parts that need it a second time, with the noise
        model adapted to the damage a first pass over the document read with confidence (the same
        scan damages the same word the same way).
    """

    tone_style: ToneStyle = "old"
    min_confidence: float = 0.3
    review_confidence: float = 0.9
    user_lexicons: tuple[Path, ...] = field(default_factory=tuple)
    model_dir: Path | None = None
    input_kind: InputKind = "auto"
    channel_weight: float = 1.0
    max_candidates: int = 8
    adapt_to_document: bool = True

    def __post_init__(self) -> None:
        if self.tone_style not in ("old", "new"):
            raise BadArgsError(f"tone style must be 'old' or 'new', got {self.tone_style!r}")
        if self.input_kind not in ("auto", "stripped", "eng", "vie"):
            raise BadArgsError(f"input kind must be auto, stripped, eng or vie, got {self.input_kind!r}")
        if self.max_candidates < 1:
            raise BadArgsError(f"max_candidates must be at least 1, got {self.max_candidates}")
        if not 0.0 <= self.min_confidence <= 1.0:
            raise BadArgsError(f"--min-confidence must be between 0 and 1, got {self.min_confidence}")
        if not 0.0 <= self.review_confidence <= 1.0:
            raise BadArgsError(f"--review-confidence must be between 0 and 1, got {self.review_confidence}")

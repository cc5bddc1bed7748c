"""Read the text of many page regions (table cells, title lines) with one Tesseract call.

The regions are cut out at their ink bounding box and stacked, one under another with white space
between them, into a single composite image, which Tesseract reads once as a uniform block (psm 6);
each word goes back to the region its box falls in. Measured on photocopied appendix pages
(``benchmarks/tables.py``), this reads digits far more reliably than a full-page pass, where layout
analysis has to find the cells itself among rules and noise; and empty cells cost nothing, because
a region without ink is never sent.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass

import cv2
import numpy as np
from PIL import Image

from vnreport.config import OcrConfig
from vnreport.models import Page, Word
from vnreport.ocr import ocr_page
from vnreport.tables.detect import scale
from vnreport.tables.grid import center, words_text

# White space between stacked regions and around them (px at 300 dpi): more than a line gap, so
# Tesseract never reads two regions as one line, and the margin its binariser wants around text.
_GAP_AT_300 = 40
# Tesseract and Leptonica handle images up to 32767 px; stay well below in one composite.
_MAX_COMPOSITE_HEIGHT = 30000


@dataclass(frozen=True)
class Region:
    """A rectangle of the page to read: ``key`` says what it is (a cell, a title band)."""

    key: Hashable
    left: int
    top: int
    right: int
    bottom: int


def ink_box(binary: np.ndarray, region: Region) -> tuple[int, int, int, int] | None:
    """Bounding box (left, top, right, bottom in page px) of the ink in ``region`` (``binary`` has
    rules and specks removed already), or None for an empty region."""
    patch = binary[max(0, region.top) : region.bottom, max(0, region.left) : region.right]
    if patch.size == 0:
        return None
    rows, cols = np.nonzero(patch)
    if rows.size == 0:
        return None
    left, top = max(0, region.left), max(0, region.top)
    return left + int(cols.min()), top + int(rows.min()), left + int(cols.max()) + 1, top + int(rows.max()) + 1


def read_regions(
    gray: np.ndarray,
    binary: np.ndarray,
    regions: Sequence[Region],
    *,
    page_number: int,
    ocr: OcrConfig,
    side_by_side: Callable[[Hashable], bool] | None = None,
    read: Callable[..., Page] | None = None,
) -> dict[Hashable, list[Word]]:
    """OCR words of each region (boxes in composite coordinates, enough to order them into lines).

    ``side_by_side``: regions (by key) whose one- or two-glyph cells are read side by side on one
    line (:func:`_strips`) rather than stacked. ``read`` is the OCR engine's ``read``
    (:class:`vnreport.engine.OcrEngine`, the seam tests use); None reads with Tesseract.
    """
    dpi = ocr.dpi
    gap = scale(dpi, _GAP_AT_300)
    # Only the ink (slightly widened to keep anti-aliased edges) is copied; the paper around it is
    # pure white. A grey photocopy patch with specks on the white composite would give Tesseract's
    # global threshold two backgrounds and stray marks to read as ":" or "-".
    keep = cv2.dilate(binary, np.ones((3, 3), np.uint8), iterations=scale(dpi, 2))
    pieces: list[tuple[Hashable, np.ndarray]] = []
    for region in regions:
        box = ink_box(binary, region)
        if box is None:
            continue
        left, top, right, bottom = box
        margin = scale(dpi, 4)
        window = (slice(max(0, top - margin), bottom + margin), slice(max(0, left - margin), right + margin))
        crop = np.where(keep[window] > 0, gray[window], np.uint8(255))
        if crop.size:
            pieces.append((region.key, crop))
    if side_by_side is not None:
        pieces = [piece for piece in pieces if not side_by_side(piece[0])] + _strips([piece for piece in pieces if side_by_side(piece[0])], gap, dpi)
    found: dict[Hashable, list[Word]] = {}
    batch: list[tuple[Hashable, np.ndarray]] = []
    height = gap
    for key, crop in pieces:
        if batch and height + crop.shape[0] + gap > _MAX_COMPOSITE_HEIGHT:
            found.update(_read_batch(batch, gap, page_number, ocr, read))
            batch, height = [], gap
        batch.append((key, crop))
        height += crop.shape[0] + gap
    if batch:
        found.update(_read_batch(batch, gap, page_number, ocr, read))
    return found


@dataclass(frozen=True)
class _Strip:
    """Several one- or two-glyph cells set side by side on one line of the composite: each with
    its key and its x span in the strip."""

    spans: tuple[tuple[int, int, Hashable], ...]


def _strips(pieces: list[tuple[Hashable, np.ndarray]], gap: int, dpi: int) -> list[tuple[Hashable, np.ndarray]]:
    """Cells of one or two glyphs ("1", "5", "II", "x") read badly stacked one under another:
    Tesseract's line finder drops or garbles a lone small glyph ("5" read ")", "6" read as
    nothing). Set side by side on one line, ``_STRIP_CELLS`` at most, they read like a line of
    text. Other cells are kept as they are."""
    small = [(key, crop) for key, crop in pieces if crop.shape[1] <= _SMALL_ASPECT * crop.shape[0] and crop.shape[0] <= scale(dpi, _SMALL_HEIGHT_AT_300)]
    if len(small) < 2:
        return pieces
    wanted = {id(crop) for _key, crop in small}
    result = [(key, crop) for key, crop in pieces if id(crop) not in wanted]
    for start in range(0, len(small), _STRIP_CELLS):
        chunk = small[start : start + _STRIP_CELLS]
        height = max(crop.shape[0] for _key, crop in chunk)
        space = max(gap, int(_STRIP_SPACE * height))  # far wider than a word space: no two cells make one word
        width = sum(crop.shape[1] for _key, crop in chunk) + space * (len(chunk) - 1)
        strip = np.full((height, width), 255, np.uint8)
        spans = []
        x = 0
        for key, crop in chunk:
            top = height - crop.shape[0]  # bottoms aligned: glyphs of one line sit on one baseline
            strip[top : top + crop.shape[0], x : x + crop.shape[1]] = crop
            spans.append((x, x + crop.shape[1], key))
            x += crop.shape[1] + space
        result.append((_Strip(tuple(spans)), strip))
    return result


# A cell crop at most this many times as wide as it is high, and at most this high (px at 300
# dpi, a text line with its marks), holds one or two glyphs.
_SMALL_ASPECT = 1.6
_SMALL_HEIGHT_AT_300 = 70
_STRIP_CELLS = 24
_STRIP_SPACE = 2.5


def _read_batch(batch: list[tuple[Hashable, np.ndarray]], gap: int, page_number: int, ocr: OcrConfig,
                read: Callable[..., Page] | None = None) -> dict[Hashable, list[Word]]:
    width = max(crop.shape[1] for _, crop in batch) + 2 * gap
    height = sum(crop.shape[0] + gap for _, crop in batch) + gap
    composite = np.full((height, width), 255, np.uint8)
    spans: list[tuple[int, int, Hashable]] = []
    y = gap
    for key, crop in batch:
        composite[y : y + crop.shape[0], gap : gap + crop.shape[1]] = crop
        spans.append((y, y + crop.shape[0], key))
        y += crop.shape[0] + gap
    page = (read or ocr_page)(Image.fromarray(composite), page_number=page_number, config=ocr)
    found: dict[Hashable, list[Word]] = {}
    for line in page.lines:
        for word in line.words:
            if word.bbox is None or not word.text.strip():
                continue
            cx, cy = center(word)
            for top, bottom, key in spans:
                if top - gap / 2 <= cy < bottom + gap / 2:
                    if isinstance(key, _Strip):
                        x = cx - gap  # strips are placed at x = gap in the composite
                        key = next((k for left, right, k in key.spans if left - gap <= x < right + gap), None)
                        if key is None:
                            break
                    found.setdefault(key, []).append(word)
                    break
    return found


def region_text(words: Sequence[Word] | None) -> str:
    """Text of a region: its lines joined by a space."""
    return words_text(words) if words else ""

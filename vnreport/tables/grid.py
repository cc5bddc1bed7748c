"""Rows and columns: text lines and column gaps from ink projections; OCR words into lines."""

from __future__ import annotations

import statistics
from collections.abc import Sequence

import numpy as np

from vnreport.models import Word


def center(word: Word) -> tuple[float, float]:
    box = word.bbox
    assert box is not None  # OCR words always have boxes
    return box.left + box.width / 2, box.top + box.height / 2


def group_lines(words: Sequence[Word]) -> list[list[Word]]:
    """Words grouped into text lines (by vertical position), each line left to right, top to bottom."""
    ordered = sorted(words, key=lambda word: center(word)[1])
    lines: list[list[Word]] = []
    for word in ordered:
        _, y = center(word)
        if lines:
            last = lines[-1]
            height = statistics.median(w.bbox.height for w in last)  # type: ignore[union-attr]
            line_y = statistics.median(center(w)[1] for w in last)
            if abs(y - line_y) <= 0.5 * max(height, word.bbox.height):  # type: ignore[union-attr]
                last.append(word)
                continue
        lines.append([word])
    return [sorted(line, key=lambda word: word.bbox.left) for line in lines]  # type: ignore[union-attr]


def words_text(words: Sequence[Word]) -> str:
    """A cell's text: its lines joined by a space (a wrapped cell is one cell)."""
    return " ".join(" ".join(word.text for word in line) for line in group_lines(words))


def runs(profile: np.ndarray, *, min_gap: float = 1) -> list[tuple[int, int]]:
    """Maximal runs of True in ``profile`` as (start, end), joining runs separated by less than ``min_gap``."""
    result: list[tuple[int, int]] = []
    start = None
    for index, value in enumerate(list(profile) + [False]):
        if value and start is None:
            start = index
        elif not value and start is not None:
            if result and start - result[-1][1] < min_gap:
                result[-1] = (result[-1][0], index)
            else:
                result.append((start, index))
            start = None
    return result


def line_bands(
    binary: np.ndarray, *, left: int, right: int, top: int, bottom: int, line_height: float, join: float = 1 / 3
) -> list[tuple[int, int]]:
    """Text lines of a region as (top, bottom) page rows, from its horizontal ink profile.

    Gaps under ``join`` of a line are joined: they separate a diacritic from its letter, not two
    lines (headings set tight need a smaller ``join``). Bands far thinner than a line are specks or
    rule remains and are dropped.
    """
    patch = binary[max(0, top) : bottom, max(0, left) : right]
    if patch.size == 0:
        return []
    counts = np.count_nonzero(patch, axis=1)
    # A row crossed by a photocopy speck or two is no text: specks between the tight lines of a
    # table would join them into one band.
    profile = counts > max(1.0, line_height * _SPECK_ROW)
    bands = [(max(0, top) + a, max(0, top) + b) for a, b in runs(profile, min_gap=line_height * join)]
    bands = [piece for band in bands for piece in _split_tall(counts, band, max(0, top), line_height)]
    bands = [band for band in bands if band[1] - band[0] >= line_height / 4]
    return _grow(counts > 0, bands, max(0, top), line_height)


def _grow(inked: np.ndarray, bands: list[tuple[int, int]], offset: int, line_height: float) -> list[tuple[int, int]]:
    """Bands widened over the faint rows right above and below them (a tone mark over a capital,
    a dot below, which alone are too little ink to count as text), up to a third of a line and
    never into the next band."""
    reach = int(line_height / 3)
    grown = []
    for index, (top, bottom) in enumerate(bands):
        floor = grown[-1][1] if grown else offset
        ceiling = bands[index + 1][0] if index + 1 < len(bands) else offset + len(inked)
        new_top, new_bottom = top, bottom
        while new_top - 1 >= floor and top - new_top < reach and inked[new_top - 1 - offset]:
            new_top -= 1
        while new_bottom < ceiling and new_bottom - bottom < reach and inked[new_bottom - offset]:
            new_bottom += 1
        grown.append((new_top, new_bottom))
    return grown


# Ink in a row up to this share of a line height (a speck or two) does not make the row text.
_SPECK_ROW = 0.3
# A band taller than this many line heights holds several lines set too tight for a white row
# between them (tight table rows, ink spread by a photocopy): it is cut at its faintest row.
_TALL_BAND = 1.7
# ... when that row has at most this share of the ink of the band's typical row (the x-height of
# a text line is dense, the space between two lines holds only descenders and marks).
_VALLEY = 0.2


def _split_tall(counts: np.ndarray, band: tuple[int, int], offset: int, line_height: float) -> list[tuple[int, int]]:
    top, bottom = band
    if bottom - top <= _TALL_BAND * line_height:
        return [band]
    window = counts[top - offset : bottom - offset].astype(np.float64)
    smooth = np.convolve(window, np.ones(3) / 3, mode="same")
    margin = int(0.6 * line_height)
    if len(smooth) <= 2 * margin:
        return [band]
    inner = smooth[margin : len(smooth) - margin]
    cut = margin + int(np.argmin(inner))
    if smooth[cut] > _VALLEY * float(np.median(window[window > 0])):
        return [band]
    # Cut in the middle of the valley: the dots below one line and the tone marks over the next
    # lie on either side of its faintest rows.
    low = max(1.5 * smooth[cut], smooth[cut] + 2)
    start = end = cut
    while start - 1 >= margin and smooth[start - 1] <= low:
        start -= 1
    while end + 1 < len(smooth) - margin and smooth[end + 1] <= low:
        end += 1
    cut = (start + end) // 2
    return _split_tall(counts, (top, top + cut), offset, line_height) + _split_tall(counts, (top + cut + 1, bottom), offset, line_height)


# Ink this share of a line high is text; lower is a speck, a dash or a rule remain.
_TEXT_HEIGHT = 0.4


def ink_height(patch: np.ndarray) -> int:
    """Rows from the first to the last with ink in ``patch`` (0 when it has none)."""
    rows = np.nonzero(patch.any(axis=1))[0]
    return int(rows[-1] - rows[0] + 1) if rows.size else 0


def column_gaps(
    binary: np.ndarray, bands: Sequence[tuple[int, int]], *, left: int, right: int, min_gap: float, min_lines: int = 2
) -> list[int]:
    """Column boundaries of a borderless table: the middle of each vertical strip at least
    ``min_gap`` wide without ink in any of ``bands``, plus ``left`` and ``right``.

    A strip of ink found in fewer than ``min_lines`` lines (a stray mark, one overhanging word)
    does not make a column of its own.
    """
    if not bands:
        return [left, right]
    patches = [binary[top:bottom, left:right] for top, bottom in bands]
    per_line = [patch.any(axis=0) for patch in patches]
    inked = np.logical_or.reduce(per_line)
    min_width = min_gap / 4  # narrower than a digit ("1" is ~20 px at 12 pt) is a mark, not a column
    line = float(np.median([bottom - top for top, bottom in bands]))

    def lines_with_text(start: int, end: int) -> int:
        # A photocopy speck is a dot: ink at least 0.4 of a line high is a character (or an
        # accent over one); specks at the same x in two lines are no column.
        return sum(1 for patch in patches if ink_height(patch[:, start:end]) >= _TEXT_HEIGHT * line)

    # A speck alone in a gap (a mark narrower than a digit, in one line only) would cut the gap in
    # two strips each too narrow to part columns: it is left out before the strips are measured.
    inked = inked.copy()
    for start, end in runs(inked):
        if end - start < min_width and sum(bool(profile[start:end].any()) for profile in per_line) < min_lines:
            inked[start:end] = False
    columns = [
        (start, end) for start, end in runs(inked, min_gap=min_gap)
        if end - start >= min_width and lines_with_text(start, end) >= min_lines
    ]
    if not columns:
        return [left, right]
    bounds = [left]
    for (_, end), (start, _) in zip(columns, columns[1:]):
        bounds.append(left + (end + start) // 2)
    bounds.append(right)
    return bounds

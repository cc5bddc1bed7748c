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
    profile = patch.any(axis=1)
    bands = [(max(0, top) + a, max(0, top) + b) for a, b in runs(profile, min_gap=line_height * join)]
    return [band for band in bands if band[1] - band[0] >= line_height / 4]


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
    per_line = [binary[top:bottom, left:right].any(axis=0) for top, bottom in bands]
    inked = np.logical_or.reduce(per_line)
    min_width = min_gap / 4  # narrower than a digit ("1" is ~20 px at 12 pt) is a mark, not a column
    columns = [
        (start, end) for start, end in runs(inked, min_gap=min_gap)
        if end - start >= min_width and sum(1 for line in per_line if line[start:end].any()) >= min_lines
    ]
    if not columns:
        return [left, right]
    bounds = [left]
    for (_, end), (start, _) in zip(columns, columns[1:]):
        bounds.append(left + (end + start) // 2)
    bounds.append(right)
    return bounds

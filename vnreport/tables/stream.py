"""Borderless tables without any rule: columns from the alignment of the ink across text lines.

The way Camelot's "stream" mode and pdfplumber's text strategy find tables in born-digital PDFs,
done on the page image before OCR (so a page of prose costs no Tesseract time):

1. The page's text lines (:func:`vnreport.tables.grid.line_bands`) are cut, at vertical white
   strips at least ``column_gap_em`` text heights wide, into segments: a line of prose or a
   centred heading is one segment (word spaces are a third of that), a table row is one segment per
   filled cell.
2. Consecutive lines of two segments or more, no further apart than a blank line or two, make a
   block; a one-segment line between two such lines stays in it (the wrapped second line of a
   label). Titles, units lines ("ĐVT: …"), page numbers and prose around a table are one segment
   and end it.
3. The column boundaries are the white strips that stay empty down the block (right-aligned
   figures, left-aligned labels), from the lines with the most segments: a group header
   ("Năm 2019" over two columns) or a row with blank cells has fewer and would hide a boundary.
4. A narrow first column (STT "1", "12", Roman "IV", "1.2") set close to the labels is split off
   with a smaller gap, when a white strip at the same place runs down the whole block.

Which of the top lines are the header is decided after OCR (:mod:`vnreport.tables.image`), where
their words are known; here the first ``_HEADER_LINES`` lines are also cut into phrases, so a group
label over two columns is read whole.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from vnreport.tables.config import TableConfig
from vnreport.tables.grid import column_gaps, ink_height, line_bands, runs

# Share of the page height at its top and bottom that is margin (A4: 15 mm of 297).
_MARGIN = 0.05
# A header has at most this many printed lines (a group label over a cell wrapped in three lines).
HEADER_LINES = 4
# Lines of one table are at most this many text heights apart (a blank line between row groups
# is common, two are a new block).
_BLOCK_GAP_LINES = 2.5
# A block needs this many lines of two segments or more: fewer is a pair of aligned phrases (a
# signature line, the two halves of a document's header block), not a table.
_MIN_TABLE_LINES = 3
# The STT column: its ink is at most this many text heights wide ("XIII", "1.10") and set at least
# this far from the labels.
_STT_WIDTH_LINES = 2.2
_STT_GAP_LINES = 0.3
# Share of the lines allowed to cross the STT strip (totals, group rows, the header).
_STT_CROSSING = 0.25


@dataclass(frozen=True)
class StreamBlock:
    """A rule-less table before OCR: column bounds, its text lines (top, bottom) and the first
    lines' phrase boxes (left, top, right, bottom), which may be header lines."""

    bounds: tuple[int, ...]
    lines: tuple[tuple[int, int], ...]
    phrases: tuple[tuple[int, int, int, int], ...]
    top: int
    bottom: int
    short: bool = False  # fewer than _MIN_TABLE_LINES aligned lines, at the top of the page


def _segments(binary: np.ndarray, band: tuple[int, int], left: int, right: int, gap: float) -> list[tuple[int, int]]:
    patch = binary[band[0] : band[1], left:right]
    profile = patch.any(axis=0)
    width = max(2, gap / 6)  # a speck is no cell
    low = 0.4 * (band[1] - band[0]) if band[1] - band[0] < 2 * gap else 0.2 * gap  # dots are no text
    return [(left + a, left + b) for a, b in runs(profile, min_gap=gap) if b - a >= width and ink_height(patch[:, a:b]) >= low]


def find_stream_tables(
    binary: np.ndarray,
    *,
    taken: Sequence[tuple[int, int]],
    config: TableConfig,
    line_height: float,
    allow_short_top: bool = True,
) -> list[StreamBlock]:
    """Rule-less tables of a page (``binary``: ink without rules and specks), outside ``taken``
    vertical spans (tables already found). ``allow_short_top``: a block that opens the page may be
    a single line (the last rows of a table continued from the previous page, a "Cộng" row); the
    caller keeps it only when it continues a table."""
    height, width = binary.shape
    columns = np.nonzero(binary.any(axis=0))[0]
    if columns.size == 0:
        return []
    left, right = int(columns[0]), int(columns[-1]) + 1
    # Running heads and page numbers ("2    Báo cáo số 238/BC-UBND") stand in the page's top and
    # bottom margins, where no table is printed: they are never rows.
    margin = _MARGIN * height
    bands = [band for band in line_bands(binary, left=left, right=right, top=0, bottom=height, line_height=line_height)
             if not any(top <= (band[0] + band[1]) // 2 <= bottom for top, bottom in taken)
             and margin <= (band[0] + band[1]) / 2 <= height - margin]
    if not bands:
        return []
    line = float(np.median([b - a for a, b in bands]))
    line = min(max(line, 0.6 * line_height), 1.6 * line_height)
    gap = config.column_gap_em * line
    segments = [_segments(binary, band, left, right, gap) for band in bands]
    blocks: list[list[int]] = []
    current: list[int] = []
    for index, band in enumerate(bands):
        near = bool(current) and band[0] - bands[current[-1]][1] <= _BLOCK_GAP_LINES * line
        crossed = bool(current) and any(bands[current[-1]][1] <= top < band[0] for top, _ in taken)
        if len(segments[index]) >= 2 and (not current or (near and not crossed)):
            current.append(index)
            continue
        if len(segments[index]) == 1 and current and near and not crossed and _wrapped_line(segments, current, index, line):
            current.append(index)  # may be a wrapped label line; dropped below if it ends the block
            continue
        if current:
            blocks.append(current)
        current = [index] if len(segments[index]) >= 2 else []
    if current:
        blocks.append(current)
    found = []
    for block in blocks:
        while block and len(segments[block[-1]]) < 2:
            block.pop()
        multi = [i for i in block if len(segments[i]) >= 2]
        # At most a page number or running head above it.
        opens_page = bool(block) and allow_short_top and block[0] <= 1
        if len(multi) < (1 if opens_page else _MIN_TABLE_LINES):
            continue
        result = _block(binary, [bands[i] for i in block], [segments[i] for i in block], config, line)
        if result is not None:
            found.append(replace(result, short=len(multi) < _MIN_TABLE_LINES))
    return found


def _wrapped_line(segments: list[list[tuple[int, int]]], current: list[int], index: int, line: float) -> bool:
    """A one-piece line inside a table is the wrapped next line of a cell: it starts where a cell of
    the last full row starts (a centred title or caption of the next table does not), and at most
    two such lines follow each other."""
    singles = 0
    for earlier in reversed(current):
        if len(segments[earlier]) >= 2:
            break
        singles += 1
    if singles >= 2:
        return False
    last = next((segments[i] for i in reversed(current) if len(segments[i]) >= 2), [])
    start, end = segments[index][0]
    slack = 0.5 * line
    # left-aligned under a cell, or inside one (a centred header cell's next line)
    return any(abs(start - left) <= slack or (start >= left - slack and end <= right + slack) for left, right in last)


def _block(
    binary: np.ndarray,
    bands: list[tuple[int, int]],
    segments: list[list[tuple[int, int]]],
    config: TableConfig,
    line: float,
) -> StreamBlock | None:
    left = min(segs[0][0] for segs in segments)
    right = max(segs[-1][1] for segs in segments)
    # Header lines (centred phrases that fill their columns, a group label over two) may bridge a
    # boundary that every body row shows: they are left out when enough lines remain, and so are
    # bands of several lines set tight (a wrapped header read as one band).
    skip = min(HEADER_LINES, len(bands) - _MIN_TABLE_LINES) if len(bands) > _MIN_TABLE_LINES else 0
    heights = [b - a for a, b in bands]
    tall = 1.6 * float(np.median(heights))
    body = [(band, segs) for band, segs in list(zip(bands, segments))[skip:] if len(segs) >= 2 and band[1] - band[0] <= tall]
    if len(body) < 2:
        body = [(band, segs) for band, segs in zip(bands, segments) if len(segs) >= 2]
    counts = sorted((len(segs) for _, segs in body), reverse=True)
    # The most segments that enough lines have: those lines show every boundary.
    need = max(1, min(2, len(counts)), int(0.4 * len(counts)))
    most = counts[need - 1]
    rows = [band for band, segs in body if len(segs) >= most]
    margin = max(2, int(line / 4))
    bounds = column_gaps(binary, rows, left=left - margin, right=right + margin, min_gap=config.column_gap_em * line,
                         min_lines=1 if len(rows) < 3 else 2)
    bounds = split_stt(binary, bands, bounds, line)
    if len(bounds) - 1 < config.min_columns:
        return None
    # A header line cut from a tight block may have left its tone marks with the line above
    # ("kế" under "với"): its phrases reach a quarter of a line up.
    reach = int(0.25 * line)
    phrases = tuple(
        (left + a, max(0, top - reach), left + b, bottom)
        for top, bottom in bands[:HEADER_LINES]
        for a, b in runs(binary[top:bottom, left:right].any(axis=0), min_gap=0.6 * line)
    )
    return StreamBlock(tuple(bounds), tuple(bands), phrases, bands[0][0], bands[-1][1])


def split_stt(binary: np.ndarray, bands: list[tuple[int, int]], bounds: list[int], line: float) -> list[int]:
    """Split a narrow STT column off the first column when a white strip (at least
    ``_STT_GAP_LINES`` wide) runs down every line with ink there, and the ink left of it is at most
    ``_STT_WIDTH_LINES`` wide."""
    if len(bounds) < 2:
        return bounds
    a, b = bounds[0], bounds[1]
    per_line = [binary[top:bottom, a:b].any(axis=0) for top, bottom in bands]
    # A few lines may cross the strip: the header's "Số TT", a "Tổng cộng" or group label set from
    # the left edge of the table.
    crossing = max(1, int(_STT_CROSSING * len(bands)))
    inked = np.sum(per_line, axis=0) > crossing
    pieces = runs(inked, min_gap=_STT_GAP_LINES * line)
    if len(pieces) < 2:
        return bounds
    first, second = pieces[0], pieces[1]
    if first[1] - first[0] > _STT_WIDTH_LINES * line:
        return bounds
    with_stt = sum(1 for profile in per_line if profile[first[0] : first[1]].any())
    if with_stt < max(2, 0.4 * len(bands)):
        return bounds  # an indented word here and there, not a column of numbers
    return [a, a + (first[1] + second[0]) // 2, *bounds[1:]]

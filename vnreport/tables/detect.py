"""Find ruling lines on a page image: deskew, rule masks by line morphology, ruled grids with merged cells.

Steps (OpenCV):

1. :func:`binarize`: adaptive threshold, so faint rules on a grey photocopy still come out as ink.
2. :func:`estimate_skew`: the angle whose projection of rule-like ink is sharpest;
   :func:`deskew` rotates the page so rules are axis-parallel, which the 1-pixel-thick
   structuring elements below need.
3. :func:`rule_masks`: ink in a densely inked stretch of its row (column) seeds the rules, so
   text drops out but a rule broken by toner loss does not; a closing bridges the breaks and an
   opening with the minimum rule length keeps the rules.
4. :func:`find_grids`: segments of the masks cluster into rule positions; the combined mask's
   connected components are the tables; a grid edge with too little ink is no border, so the two
   grid cells it separates are one merged (spanning) cell.

Long horizontal rules that belong to no grid are returned too: they are the header and closing
rules of borderless tables.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import cv2
import numpy as np

from vnreport.tables.config import TableConfig

# Adaptive threshold window ~ 1.5 text heights at 300 dpi: local enough to follow uneven toner,
# wide enough that the inside of a letter is not taken for background.
_BLOCK_AT_300 = 51
# Ink must be this much darker than the local mean: photocopy background noise is ~8 grey levels.
_THRESHOLD_OFFSET = 15
# Ink specks smaller than this (px² at 300 dpi) are photocopy noise, not part of a character (the
# dot of an "i" at 10 pt is ~40 px²).
_SPECK_AT_300 = 12
# Fewer rule-like pixels than this (at half resolution) say nothing about skew.
_MIN_SKEW_POINTS = 500
# Marks up to this size (px² at 300 dpi: a comma, a tone mark, the dot of "i") belong to text only
# when a letter-sized component lies within about half of _NEAR_AT_300 px (a word space is ~12 px,
# so a hyphen between words stays); farther away they are speckle.
_MARK_AT_300 = 80
_NEAR_AT_300 = 45


@dataclass(frozen=True)
class Rule:
    """A horizontal (or vertical) rule: its position across, and where it starts and ends along."""

    position: int
    start: int
    end: int

    @property
    def length(self) -> int:
        return self.end - self.start


@dataclass(frozen=True)
class GridCell:
    """A cell of a ruled grid, possibly merged: rows ``row0..row1-1`` and columns ``col0..col1-1``."""

    row0: int
    row1: int
    col0: int
    col1: int


@dataclass(frozen=True)
class Grid:
    """A ruled table: the x of each column boundary, the y of each row boundary, and its cells."""

    xs: tuple[int, ...]
    ys: tuple[int, ...]
    cells: tuple[GridCell, ...]

    @property
    def left(self) -> int:
        return self.xs[0]

    @property
    def right(self) -> int:
        return self.xs[-1]

    @property
    def top(self) -> int:
        return self.ys[0]

    @property
    def bottom(self) -> int:
        return self.ys[-1]

    @property
    def columns(self) -> int:
        return len(self.xs) - 1

    @property
    def rows(self) -> int:
        return len(self.ys) - 1


@dataclass(frozen=True)
class Layout:
    """What :func:`find_layout` found on one page (coordinates of the deskewed page)."""

    grids: tuple[Grid, ...]
    rules: tuple[Rule, ...]  # long horizontal rules outside every grid (borderless tables)
    skew_degrees: float


def scale(dpi: int, pixels_at_300: float) -> int:
    """A length given for 300 dpi, at ``dpi``."""
    return max(1, int(round(pixels_at_300 * dpi / 300)))


def binarize(gray: np.ndarray, dpi: int) -> np.ndarray:
    """Ink as 255 on 0, by a local (adaptive) threshold."""
    block = scale(dpi, _BLOCK_AT_300) | 1
    return cv2.adaptiveThreshold(gray, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, block, _THRESHOLD_OFFSET)


def estimate_skew(binary: np.ndarray, config: TableConfig, dpi: int) -> float:
    """Skew in degrees (positive: lines go down to the right), 0.0 when nothing line-like is seen.

    Projection profile of the rule-like ink (pixels in a densely inked stretch of their row, as in
    :func:`rule_masks`, which survives broken rules): the angle whose projection is sharpest, first
    in 0.1° steps within ``max_skew_degrees``, then to 0.01°.
    """
    small = cv2.resize(binary, (binary.shape[1] // 2, binary.shape[0] // 2), interpolation=cv2.INTER_AREA) > 100
    window = max(3, scale(dpi, config.stroke_px_at_300) // 2)
    density = cv2.blur(small.astype(np.float32), (window, 1), borderType=cv2.BORDER_CONSTANT)
    ys, xs = np.nonzero(small & (density >= config.rule_density))
    if ys.size < _MIN_SKEW_POINTS:
        return 0.0
    xs = xs.astype(np.float64) - xs.mean()

    def sharpness(degrees: float) -> float:
        projected = np.round(ys - xs * math.tan(math.radians(degrees))).astype(np.int64)
        counts = np.bincount(projected - projected.min())
        return float(np.dot(counts, counts))

    limit = config.max_skew_degrees
    coarse = max(np.arange(-limit, limit + 1e-9, 0.1), key=sharpness)
    fine = max(np.arange(coarse - 0.1, coarse + 0.1 + 1e-9, 0.01), key=sharpness)
    return float(round(fine, 2))


def deskew(gray: np.ndarray, angle: float) -> np.ndarray:
    """Rotate the page by ``-angle`` degrees about its centre, filling with white."""
    if abs(angle) < 0.1:  # within the estimate's precision; rules drift < 4 px over an A4 width
        return gray
    height, width = gray.shape
    matrix = cv2.getRotationMatrix2D((width / 2, height / 2), angle, 1.0)
    return cv2.warpAffine(gray, matrix, (width, height), flags=cv2.INTER_LINEAR, borderValue=255)


def rule_masks(binary: np.ndarray, config: TableConfig, dpi: int) -> tuple[np.ndarray, np.ndarray]:
    """Horizontal and vertical rule masks (255 = rule).

    Seeds are straight ink runs of at least ``rule_piece`` pixels (longer than most letter bars)
    that make up most of their row (column) over twice ``stroke``: a rule broken by toner loss is
    still ``rule_density`` such runs, a line of bold capitals is not. A closing then bridges the
    gaps of broken rules, and an opening with the minimum rule length keeps only rules.
    """
    height, width = binary.shape
    stroke = scale(dpi, config.stroke_px_at_300)
    gap = scale(dpi, config.gap_close_px_at_300)
    h_len = max(2 * stroke, int(width * config.min_line_fraction))
    v_len = max(stroke + scale(dpi, 10), int(height * config.min_line_fraction / 2))
    ink = binary > 0
    rect = cv2.getStructuringElement

    # Horizontal pieces may be shorter than vertical ones: letters have short bars but tall stems
    # (an ascender is ~40 px at 12-13 pt, a bar ~30 px).
    h_piece, v_piece = scale(dpi, config.rule_piece_px_at_300), stroke

    def rules(size: tuple[int, int], gap_size: tuple[int, int], length: tuple[int, int]) -> np.ndarray:
        along = (h_piece, 1) if size[1] == 1 else (1, v_piece)
        pieces = cv2.morphologyEx(binary, cv2.MORPH_OPEN, rect(cv2.MORPH_RECT, along)) > 0
        density = cv2.blur(pieces.astype(np.float32), size, borderType=cv2.BORDER_CONSTANT)
        seeds = np.where(pieces & (density >= config.rule_density), np.uint8(255), np.uint8(0))
        found = cv2.morphologyEx(seeds, cv2.MORPH_CLOSE, rect(cv2.MORPH_RECT, gap_size))
        found = cv2.morphologyEx(found, cv2.MORPH_OPEN, rect(cv2.MORPH_RECT, length))
        # The density window, half outside a rule's end, dilutes it there: grow the rules back
        # along their line through the ink they touch (step by step, so a letter beyond a white
        # gap is never reached), and rules meet again at the table's corners. (Growing the seeds
        # before the closing would let a bold "TT" next to a border pass for a rule.)
        # The growth runs along one axis only, so only the rows (columns) that hold a rule change:
        # it is done on those alone, stacked (the same result, a fraction of the page's work).
        horizontal_rules = size[1] == 1
        lines = np.flatnonzero(found.any(axis=1 if horizontal_rules else 0))
        if not len(lines):
            return found
        step = (9, 1) if horizontal_rules else (1, 9)
        part = found[lines] if horizontal_rules else found[:, lines]
        part_ink = ink[lines] if horizontal_rules else ink[:, lines]
        for _ in range(max(size) // 9 + 1):
            part = np.where(part_ink, cv2.dilate(part, rect(cv2.MORPH_RECT, step)), np.uint8(0))
        if horizontal_rules:
            found[lines] = part
        else:
            found[:, lines] = part
        return found

    horizontal = rules((2 * stroke, 1), (gap, 1), (h_len, 1))
    vertical = rules((1, 2 * stroke), (1, gap), (1, v_len))
    return horizontal, vertical


def _segments(mask: np.ndarray, *, horizontal: bool) -> list[Rule]:
    count, _labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    rules = []
    for index in range(1, count):
        x, y, w, h, _area = stats[index]
        if horizontal:
            rules.append(Rule(int(y + h // 2), int(x), int(x + w)))
        else:
            rules.append(Rule(int(x + w // 2), int(y), int(y + h)))
    return rules


def _cluster(rules: list[Rule], tolerance: int) -> list[Rule]:
    """Merge segments on (nearly) the same line into one rule spanning them all."""
    merged: list[list[Rule]] = []
    for rule in sorted(rules, key=lambda item: item.position):
        if merged and rule.position - merged[-1][-1].position <= tolerance:
            merged[-1].append(rule)
        else:
            merged.append([rule])
    result = []
    for group in merged:
        weights = [rule.length for rule in group]
        position = int(round(sum(rule.position * w for rule, w in zip(group, weights)) / max(1, sum(weights))))
        result.append(Rule(position, min(rule.start for rule in group), max(rule.end for rule in group)))
    return result


@dataclass(frozen=True, eq=False)
class Scan:
    """A page prepared for reading: deskewed grey image, its ink without rules and specks, the rule
    mask, and the layout found."""

    gray: np.ndarray
    binary: np.ndarray
    rules: np.ndarray
    layout: Layout


def remove_specks(binary: np.ndarray, dpi: int) -> np.ndarray:
    """Drop photocopy speckle, which would otherwise fill the white gaps that separate columns and
    lines and be read as ":" or "-".

    Components smaller than a letter's dot go; small components (dots, commas, diacritics) stay
    only when a letter-sized component is near them, as the dot of an "i" or a tone mark always is.
    """
    count, labels, stats, _ = cv2.connectedComponentsWithStats(binary, connectivity=8)
    areas = stats[:, cv2.CC_STAT_AREA]
    scale2 = (dpi / 300) ** 2
    keep = areas >= _SPECK_AT_300 * scale2
    big = areas >= _MARK_AT_300 * scale2
    keep[0] = big[0] = False
    near = cv2.dilate(big[labels].astype(np.uint8), np.ones((scale(dpi, _NEAR_AT_300),) * 2, np.uint8))
    touching = np.bincount(labels[near > 0].ravel(), minlength=count) > 0
    keep &= big | touching
    lookup = np.where(keep, 255, 0).astype(np.uint8)
    return lookup[labels]


def find_layout(gray: np.ndarray, config: TableConfig, dpi: int) -> Scan:
    """Deskew the page and find its grids and free rules."""
    binary = binarize(gray, dpi)
    angle = estimate_skew(binary, config, dpi)
    if angle:
        gray = deskew(gray, angle)
        binary = binarize(gray, dpi)
    horizontal, vertical = rule_masks(binary, config, dpi)
    tolerance = scale(dpi, 8)
    h_segments = _segments(horizontal, horizontal=True)
    v_segments = _segments(vertical, horizontal=False)
    h_rules = _cluster(h_segments, tolerance)
    grids = find_grids(horizontal, vertical, h_segments, v_segments, config, dpi)
    height, width = gray.shape
    free = tuple(
        rule for rule in h_rules
        if rule.length >= 0.3 * width and not any(_inside(rule, grid, tolerance) for grid in grids)
    )
    # Only rules that belong to a grid or stand free across the page are rules: a stray run that
    # passed for one (two bold "T" bars in a heading) must not be painted out of the text.
    lines = cv2.bitwise_or(horizontal, vertical)
    used = np.zeros_like(lines)
    for grid in grids:
        window = (slice(max(0, grid.top - tolerance), grid.bottom + tolerance), slice(max(0, grid.left - tolerance), grid.right + tolerance))
        used[window] = lines[window]
    for rule in free:
        window = (slice(max(0, rule.position - tolerance), rule.position + tolerance), slice(rule.start, rule.end))
        used[window] = horizontal[window]
    rules_mask = cv2.dilate(used, np.ones((3, 3), np.uint8))
    ink = remove_specks(cv2.bitwise_and(binary, cv2.bitwise_not(rules_mask)), dpi)
    return Scan(gray, ink, rules_mask, Layout(tuple(grids), free, angle))


def _inside(rule: Rule, grid: Grid, tolerance: int) -> bool:
    return grid.top - tolerance <= rule.position <= grid.bottom + tolerance and rule.start < grid.right and rule.end > grid.left


def find_grids(
    horizontal: np.ndarray,
    vertical: np.ndarray,
    h_segments: list[Rule],
    v_segments: list[Rule],
    config: TableConfig,
    dpi: int,
) -> list[Grid]:
    """Ruled tables: connected groups of horizontal and vertical rules, with their merged cells.

    Rule segments are clustered per table, so two tables printed one under the other with their
    borders at the same x stay two tables.
    """
    combined = cv2.dilate(cv2.bitwise_or(horizontal, vertical), np.ones((scale(dpi, 7), scale(dpi, 7)), np.uint8))
    count, _labels, stats, _ = cv2.connectedComponentsWithStats(combined, connectivity=8)
    tolerance = scale(dpi, 8)
    grids = []
    for index in range(1, count):
        x, y, w, h, _area = stats[index]
        left, top, right, bottom = int(x), int(y), int(x + w), int(y + h)
        hs = _cluster([r for r in h_segments if top <= r.position <= bottom and left <= r.start and r.end <= right], tolerance)
        vs = _cluster([r for r in v_segments if left <= r.position <= right and top <= r.start and r.end <= bottom], tolerance)
        # Column rules with one horizontal rule (the rule closing a table continued from the page
        # before, printed without rules between rows): the column rules show where it starts.
        if len(hs) < 1 or len(vs) < 1 or (len(hs) < 2 and len(vs) < 3):
            continue
        xs = sorted({r.position for r in vs})
        ys = sorted({r.position for r in hs})
        # Tables printed without side borders: the horizontal rules still show where they end.
        h_left, h_right = min(r.start for r in hs), max(r.end for r in hs)
        if xs[0] - h_left > 2 * tolerance:
            xs.insert(0, h_left)
        if h_right - xs[-1] > 2 * tolerance:
            xs.append(h_right)
        v_top, v_bottom = min(r.start for r in vs), max(r.end for r in vs)
        if ys[0] - v_top > 2 * tolerance:
            ys.insert(0, v_top)
        if v_bottom - ys[-1] > 2 * tolerance:
            ys.append(v_bottom)
        # One row as tall as several text lines is rows printed without rules between them (read
        # line by line later); otherwise a grid of too few rows is a box, not a table.
        one_tall_row = len(ys) == 2 and ys[1] - ys[0] >= scale(dpi, 3 * 45)
        if len(xs) - 1 < config.min_columns or (len(ys) - 1 < config.min_rows and not one_tall_row):
            continue
        cells = _merged_cells(horizontal, vertical, xs, ys, config, dpi)
        grids.append(Grid(tuple(xs), tuple(ys), cells))
    return sorted(grids, key=lambda grid: grid.top)


def _coverage(mask: np.ndarray, position: int, start: int, end: int, band: int, *, horizontal: bool) -> float:
    """Share of the edge from ``start`` to ``end`` at ``position`` that has rule ink (within ±band)."""
    if end <= start:
        return 1.0
    if horizontal:
        strip = mask[max(0, position - band) : position + band + 1, start:end]
        hits = strip.any(axis=0)
    else:
        strip = mask[start:end, max(0, position - band) : position + band + 1]
        hits = strip.any(axis=1)
    return float(hits.mean()) if hits.size else 0.0


def _merged_cells(
    horizontal: np.ndarray, vertical: np.ndarray, xs: list[int], ys: list[int], config: TableConfig, dpi: int
) -> tuple[GridCell, ...]:
    rows, columns = len(ys) - 1, len(xs) - 1
    parent = list(range(rows * columns))

    def find(item: int) -> int:
        while parent[item] != item:
            parent[item] = parent[parent[item]]
            item = parent[item]
        return item

    def union(a: int, b: int) -> None:
        parent[find(a)] = find(b)

    band = scale(dpi, 4)
    inset = scale(dpi, 10)  # keep clear of the crossing rules at the corners
    for r in range(rows):
        for c in range(columns):
            if c + 1 < columns:
                edge = _coverage(vertical, xs[c + 1], ys[r] + inset, ys[r + 1] - inset, band, horizontal=False)
                if edge < config.border_coverage:
                    union(r * columns + c, r * columns + c + 1)
            if r + 1 < rows:
                edge = _coverage(horizontal, ys[r + 1], xs[c] + inset, xs[c + 1] - inset, band, horizontal=True)
                if edge < config.border_coverage:
                    union(r * columns + c, (r + 1) * columns + c)
    groups: dict[int, list[tuple[int, int]]] = {}
    for r in range(rows):
        for c in range(columns):
            groups.setdefault(find(r * columns + c), []).append((r, c))
    cells = []
    for members in groups.values():
        rs = [r for r, _ in members]
        cs = [c for _, c in members]
        cells.append(GridCell(min(rs), max(rs) + 1, min(cs), max(cs) + 1))
    return tuple(sorted(cells, key=lambda cell: (cell.row0, cell.col0)))

"""The header block of an administrative document, read column by column.

Every Vietnamese administrative document opens with a two-column header (Nghị định 30/2020/NĐ-CP,
appendix I): the issuing body and số/ký hiệu on the left; the quốc hiệu, the motto "Độc lập - Tự
do - Hạnh phúc" with its underline rule, and the place and date on the right. Read as one page,
Tesseract joins the two columns into single lines of mixed sizes and reads the bold motto beside
"Số: 215/BC-UBND" as garbage ("PUYNG, 0U lân Dục" on the bundled sample). So when the first read of
a page shows such a header at its top, that zone is read again: split at the white gap between the
columns, the underline rules painted out, each column read as one column of text (psm 4). The new
lines replace the first read's lines of the zone, left column first: the reading order of the
document (issuing body, number, then quốc hiệu, motto, place and date).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np
import regex
from PIL import Image

from vnreport.config import OcrConfig
from vnreport.models import BBox, Line, Page


@dataclass(frozen=True)
class HeaderConfig:
    """Where the header block may be and how it is read, with the reason for each value.

    max_zone: the header lies in this top share of the page (it takes about a sixth of an A4 page).
    gap_range: the white gap between the columns lies in this horizontal share of the page (the
        left column is about 40% of the text width).
    min_gap: the gap must be at least this share of the page width (two words of one line are
        closer than this; the columns of the decree's template are about 5% apart).
    ink: grey levels below this are ink (photocopies grey the paper to about 200).
    rule_length: a horizontal run of ink at least this share of the page width is a rule, not a
        letter (the motto's rule is about 25%, the widest letter stroke under 2%).
    speckle: a column of pixels with at most this share of ink pixels (or 2) still counts as white.
    psm: Tesseract's "single column of text of variable sizes": each column is one.
    """

    max_zone: float = 0.3
    gap_range: tuple[float, float] = (0.3, 0.62)
    min_gap: float = 0.02
    ink: int = 140
    rule_length: float = 0.06
    speckle: float = 0.01
    psm: int = 4


# The lines that say "this is an administrative header" (matched on the text without marks).
_MARKERS = regex.compile(
    r"(?:\bngay\s+\S+\s+thang\s+\S+\s+nam\s+\d{4}|^So\s*:|CONG\s+HOA\s+XA\s+HOI|Doc\s+lap\s*-\s*Tu\s+do)",
    regex.IGNORECASE,
)


def _bare(text: str) -> str:
    stripped = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return stripped.replace("đ", "d").replace("Đ", "D")


def header_zone(page: Page, config: HeaderConfig = HeaderConfig()) -> int | None:
    """The bottom (pixels) of the header block of ``page``, or None when the page has none.

    The block ends with the lowest marker line (place and date, số, quốc hiệu, motto) in the top
    ``max_zone`` of the page; two markers are needed, so one "ngày ... tháng" in prose is not one.
    """
    limit = page.height * config.max_zone
    markers = [line for line in page.lines if line.bbox is not None and line.bbox.bottom <= limit and _MARKERS.search(_bare(line.text))]
    if len(markers) < 2 and not any(len(_MARKERS.findall(_bare(line.text))) >= 2 for line in markers):
        return None
    bottom = max(line.bbox.bottom for line in markers)
    pitch = max((line.bbox.height for line in markers), default=0)
    return int(min(limit, bottom + 0.5 * pitch))


def column_split(zone: np.ndarray, config: HeaderConfig = HeaderConfig()) -> int | None:
    """The x of the middle of the widest ink-free gap between the header's columns, or None."""
    width = zone.shape[1]
    lo, hi = int(config.gap_range[0] * width), int(config.gap_range[1] * width)
    # "Ink-free" allows a speck or two per column of pixels: photocopies are speckled.
    empty = (zone[:, lo:hi] < config.ink).sum(axis=0) <= max(2, int(config.speckle * zone.shape[0]))
    best_start, best_length, start = 0, 0, None
    for offset, is_empty in enumerate(np.append(empty, False)):
        if is_empty and start is None:
            start = offset
        elif not is_empty and start is not None:
            if offset - start > best_length:
                best_start, best_length = start, offset - start
            start = None
    if best_length < config.min_gap * width:
        return None
    return lo + best_start + best_length // 2


def remove_rules(pixels: np.ndarray, *, page_width: int, config: HeaderConfig = HeaderConfig()) -> np.ndarray:
    """``pixels`` with long horizontal rules (the motto's underline, the rule under the issuing body) painted white."""
    import cv2  # OpenCV only here and in tables: its import is not free

    ink = (pixels < config.ink).astype(np.uint8) * 255
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (max(2, int(config.rule_length * page_width)), 1))
    rules = cv2.morphologyEx(ink, cv2.MORPH_OPEN, kernel)
    # A scanned rule has ragged edges (and an even kernel leaves its end pixel): widen the mask by
    # one pixel at each end and two above and below.
    rules = cv2.dilate(rules, cv2.getStructuringElement(cv2.MORPH_RECT, (3, 5)))
    cleaned = pixels.copy()
    cleaned[rules > 0] = 255
    return cleaned


Reader = Callable[[Image.Image, OcrConfig], Page]


def reread_header(image: Image.Image, page: Page, *, config: OcrConfig, read: Reader, header: HeaderConfig = HeaderConfig()) -> Page:
    """``page`` with its header block (if it has one) read again column by column.

    ``read`` OCRs an image with a config (``vnreport.ocr.ocr_page``); boxes come back in page pixels.
    """
    bottom = header_zone(page, header)
    if bottom is None:
        return page
    gray = np.asarray(image.convert("L"))
    zone = gray[:bottom]
    split = column_split(zone, header)
    if split is None:
        return page
    column_config = replace(config, psm=header.psm)
    columns = [remove_rules(zone[:, left:right], page_width=gray.shape[1], config=header) for left, right in ((0, split), (split, gray.shape[1]))]
    # Both columns in one Tesseract process (a process costs 0.15-0.2 s of CPU before it reads a
    # pixel): the right column is pasted below the left one, a white band between them, and read
    # as one column of text (psm 4), which reads top to bottom: left column first.
    stacked, band = stack_columns(columns)
    new_lines: list[Line] = []
    for line in read(Image.fromarray(stacked, mode="L"), column_config).lines:
        if line.bbox is None:
            continue
        lower = line.bbox.top >= columns[0].shape[0] + band // 2  # in the right column's half
        new_lines.append(_shifted(line, split if lower else 0, block=-1 if lower else -2, dy=-(columns[0].shape[0] + band) if lower else 0))
    if not new_lines:
        return page
    kept = [line for line in page.lines if line.bbox is None or (line.bbox.top + line.bbox.bottom) / 2 > bottom]
    return replace(page, lines=tuple(new_lines) + tuple(kept))


def stack_columns(columns: list[np.ndarray]) -> tuple[np.ndarray, int]:
    """The column crops one above the other on white paper, left-aligned, and the height of the
    white band between them: half the zone's height, at least 40 pixels, so Tesseract never takes
    the last line of one column and the first of the next for one line or one paragraph."""
    height = columns[0].shape[0]
    band = max(40, height // 2)
    width = max(column.shape[1] for column in columns)
    stacked = np.full((height * len(columns) + band * (len(columns) - 1), width), 255, dtype=np.uint8)
    for index, column in enumerate(columns):
        top = index * (height + band)
        stacked[top : top + height, : column.shape[1]] = column
    return stacked, band


def _shifted(line: Line, dx: int, *, block: int, dy: int = 0) -> Line:
    words = tuple(replace(word, bbox=BBox(word.bbox.left + dx, word.bbox.top + dy, word.bbox.width, word.bbox.height)) if word.bbox else word for word in line.words)
    box = line.bbox and BBox(line.bbox.left + dx, line.bbox.top + dy, line.bbox.width, line.bbox.height)
    # Negative block numbers: the two columns are blocks of their own, before any block of the page.
    return Line(words=words, bbox=box, block=block)

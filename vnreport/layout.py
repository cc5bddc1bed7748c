"""Two-column pages in reading order: the left column from top to bottom, then the right one.

Tesseract's page layout analysis usually finds the columns of a page set in two, but not always:
on a photocopy of the tune pages it handed back a piece of the right column before the lines above
it, and where lines of the two columns lie level it can join a left and a right line into one (as
it does in the signature block, below). This step looks at the page image for a white vertical
gutter in the middle of the page, over the stretch where the OCR lines are narrow, and then:

* where every line of the stretch lies on one side of the gutter, it only puts them in reading
  order (left column, then right column), keeping the lines that span the page (titles, the header
  block, a signature block) where they are;
* where some lines cross the gutter (Tesseract joined the columns), the stretch is read again
  column by column, each column cropped and read as one column of text (psm 4), as the header block
  is (``vnreport/header.py``).

A page in one column has no such gutter and is returned as it came.

The **signature block** at the end of an administrative document is two columns as well (Nghị định
30/2020/NĐ-CP, appendix I): "Nơi nhận:" and its list on the left, "TM. ỦY BAN NHÂN DÂN", the
signer's title, "(Đã ký)" and the name on the right. Its lines are short, so Tesseract often joins
a recipient and a line of the signature into one ("- Bộ Thông tin và Truyền thông; KT. CHỦ TỊCH").
:func:`reread_signature` finds the block by its "Nơi nhận" line, splits it at the white gap
between its columns (as the header block, ``vnreport/header.py``) and reads each column again,
left column first: the order of the printed text.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np
from PIL import Image

import regex

from vnreport.config import OcrConfig
from vnreport.header import HeaderConfig, column_split
from vnreport.models import BBox, Line, Page

Reader = Callable[[Image.Image, OcrConfig], Page]


@dataclass(frozen=True)
class LayoutConfig:
    """What makes a two-column stretch, with the reason for each value.

    gutter_range: the gutter lies in this horizontal share of the page (two columns of a report are
        about equal; a page's left margin is wider than its right).
    min_gutter: the gutter is at least this share of the page width (word gaps in justified lines
        stay under 1%; column gaps are 2-4%).
    narrow: a line narrower than this share of the page may belong to a column (a column is at most
        about 45% of an A4 page; a full line of text is 70-85%).
    min_lines: a stretch needs at least this many narrow lines on each side (a short centred line,
        such as a signature title, is not a column).
    ink: grey levels below this are ink (photocopies grey the paper to about 200).
    speckle: a column of pixels with at most this share of ink still counts as white (dust).
    min_words: the lines of each side hold at least this many words (median): columns of prose hold
        6-10 a line; the columns of a table (names beside figures) hold one to three, and a table
        must keep its rows.
    width_ratio: the wider side is at most this many times as wide as the other (the columns of a
        page are about equal; a table's name column is several times its figures').
    psm: how a column is read when the columns must be read again (one column of text).
    """

    gutter_range: tuple[float, float] = (0.3, 0.7)
    min_gutter: float = 0.015
    narrow: float = 0.55
    min_lines: int = 3
    ink: int = 140
    speckle: float = 0.01
    min_words: int = 4
    width_ratio: float = 2.0
    psm: int = 4


def find_gutter(gray: np.ndarray, top: int, bottom: int, config: LayoutConfig = LayoutConfig()) -> tuple[int, int] | None:
    """The widest white vertical run (left, right in pixels) in the gutter range of rows
    ``top..bottom`` of ``gray``, or None when there is none at least ``min_gutter`` wide."""
    band = gray[max(0, top) : max(top + 1, bottom)]
    if band.size == 0:
        return None
    width = band.shape[1]
    ink_share = (band < config.ink).mean(axis=0)
    lo, hi = int(width * config.gutter_range[0]), int(width * config.gutter_range[1])
    white = ink_share[lo:hi] <= config.speckle
    best: tuple[int, int] | None = None
    start = None
    for x, is_white in enumerate(np.append(white, False)):
        if is_white and start is None:
            start = x
        elif not is_white and start is not None:
            if best is None or x - start > best[1] - best[0]:
                best = (start + lo, x + lo)
            start = None
    if best is None or best[1] - best[0] < config.min_gutter * width:
        return None
    return best


@dataclass(frozen=True)
class _Stretch:
    top: int
    bottom: int
    gutter: tuple[int, int]


def _side(line: Line, gutter: tuple[int, int]) -> str:
    """'L', 'R' or 'X' (crosses the gutter) for a line with a box."""
    middle = (gutter[0] + gutter[1]) / 2
    if line.bbox.right <= middle:
        return "L"
    if line.bbox.left >= middle:
        return "R"
    return "X"


def _stretch(gray: np.ndarray, lines: list[Line], config: LayoutConfig) -> _Stretch | None:
    """The two-column stretch of the page, or None.

    The split is the x in the gutter range with the most narrow lines wholly on either side of it
    (at least ``min_lines`` each); the stretch runs from the first to the last of those lines; and
    the image must show a white gutter there over the whole stretch (so a page of centred short
    lines, or real full-width lines among the narrow ones, is not taken for columns).
    """
    width = gray.shape[1]
    narrow = [line for line in lines if line.bbox.width < config.narrow * width]
    if len(narrow) < 2 * config.min_lines:
        return None
    rights = np.sort(np.array([line.bbox.right for line in narrow]))
    lefts = np.sort(np.array([line.bbox.left for line in narrow]))
    xs = np.arange(int(width * config.gutter_range[0]), int(width * config.gutter_range[1]))
    on_left = np.searchsorted(rights, xs, side="right")  # lines ending at or before x
    on_right = len(lefts) - np.searchsorted(lefts, xs, side="left")  # lines starting at or after x
    usable = (on_left >= config.min_lines) & (on_right >= config.min_lines)
    if not usable.any():
        return None
    score = np.where(usable, on_left + on_right, -1)
    best = np.flatnonzero(score == score.max())
    split = int(xs[(best[0] + best[-1]) // 2])  # the middle of the best positions: the gutter's middle
    columns = [line for line in narrow if line.bbox.right <= split or line.bbox.left >= split]
    sides = ([line for line in columns if line.bbox.right <= split], [line for line in columns if line.bbox.left >= split])
    if any(float(np.median([len(line.words) for line in side])) < config.min_words for side in sides):
        return None
    widths = [max(line.bbox.right for line in side) - min(line.bbox.left for line in side) for side in sides]
    if max(widths) > config.width_ratio * max(1, min(widths)):
        return None
    top = min(line.bbox.top for line in columns)
    bottom = max(line.bbox.bottom for line in columns)
    gutter = find_gutter(gray, top, bottom, config)
    if gutter is None or not gutter[0] <= split <= gutter[1]:
        return None
    return _Stretch(top=top, bottom=bottom, gutter=gutter)


def in_reading_order(image: Image.Image, page: Page, *, config: OcrConfig, read: Reader, layout: LayoutConfig = LayoutConfig()) -> Page:
    """``page`` with a two-column stretch (if it has one) in reading order, left column first.

    ``read`` OCRs an image with a config (``vnreport.ocr.ocr_page``); it is called only when lines
    cross the gutter, once per column.
    """
    boxed = [line for line in page.lines if line.bbox is not None and line.block >= 0]
    if not boxed:
        return page
    gray = np.asarray(image.convert("L"))
    stretch = _stretch(gray, boxed, layout)
    if stretch is None:
        return page
    inside = [line for line in boxed if stretch.top <= (line.bbox.top + line.bbox.bottom) / 2 <= stretch.bottom]
    sides = {id(line): _side(line, stretch.gutter) for line in inside}
    crossing = [line for line in inside if sides[id(line)] == "X"]
    if crossing:
        return _reread(gray, page, stretch, config, read, layout)
    left = sorted((line for line in inside if sides[id(line)] == "L"), key=lambda line: line.bbox.top)
    right = sorted((line for line in inside if sides[id(line)] == "R"), key=lambda line: line.bbox.top)
    ordered = left + right
    if [id(line) for line in ordered] == [id(line) for line in page.lines if id(line) in sides]:
        return page  # Tesseract already read the columns in order
    return _replace_stretch(page, inside, ordered)


def _replace_stretch(page: Page, old: list[Line], new: list[Line]) -> Page:
    """``page`` with the lines of ``old`` replaced by ``new``, where the first of them stood."""
    old_ids = {id(line) for line in old}
    out: list[Line] = []
    placed = False
    for line in page.lines:
        if id(line) in old_ids:
            if not placed:
                out.extend(new)
                placed = True
            continue
        out.append(line)
    if not placed:
        out.extend(new)
    return replace(page, lines=tuple(out))


def _reread(gray: np.ndarray, page: Page, stretch: _Stretch, config: OcrConfig, read: Reader, layout: LayoutConfig) -> Page:
    """Read the stretch again, column by column (lines crossing the gutter joined the columns)."""
    column_config = replace(config, psm=layout.psm)
    split = (stretch.gutter[0] + stretch.gutter[1]) // 2
    top, bottom = max(0, stretch.top - 4), min(gray.shape[0], stretch.bottom + 4)
    new_lines = _read_columns(gray, top, bottom, split, column_config, read, block_base=10_000)
    if not new_lines:
        return page
    old = [line for line in page.lines if line.bbox is not None and top <= (line.bbox.top + line.bbox.bottom) / 2 <= bottom]
    return _replace_stretch(page, old, new_lines)


def _read_columns(gray: np.ndarray, top: int, bottom: int, split: int, config: OcrConfig, read: Reader, *, block_base: int) -> list[Line]:
    """Read rows ``top:bottom`` left of ``split`` and then right of it, as lines in page coordinates.

    Each side's blocks are numbered from its own multiple of ``block_base`` so that they stay
    apart from the page's blocks and from each other.
    """
    lines: list[Line] = []
    for index, (left, right) in enumerate(((0, split), (split, gray.shape[1]))):
        crop = Image.fromarray(np.ascontiguousarray(gray[top:bottom, left:right]), mode="L")
        for line in read(crop, config).lines:
            lines.append(_shifted(line, left, top, block=block_base * (index + 1) + line.block))
    return lines


def _shifted(line: Line, dx: int, dy: int, *, block: int) -> Line:
    def move(box: BBox | None) -> BBox | None:
        return box and BBox(box.left + dx, box.top + dy, box.width, box.height)

    words = tuple(replace(word, bbox=move(word.bbox)) for word in line.words)
    return Line(words=words, bbox=move(line.bbox), block=block)


# "Nơi nhận:" opens the recipients' list of the signature block (matched without marks: OCR may lose them).
_RECIPIENTS = regex.compile(r"^\W*No[il]\s*nh[aâ]n\s*:?", regex.IGNORECASE)


def _bare(text: str) -> str:
    stripped = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return stripped.replace("đ", "d").replace("Đ", "D")


@dataclass(frozen=True)
class SignatureConfig:
    """Where the signature block's columns split, with the reason for each value.

    split: the columns' gap is looked for in this horizontal share of the page (the recipients'
        list takes the left 35-50% of an A4 page, the signature the rest).
    min_gap: the gap is at least this share of the page width.
    psm: each column is read as one column of text.
    """

    split: HeaderConfig = HeaderConfig(gap_range=(0.3, 0.62), min_gap=0.015)
    psm: int = 4


def reread_signature(image: Image.Image, page: Page, *, config: OcrConfig, read: Reader, signature: SignatureConfig = SignatureConfig()) -> Page:
    """``page`` with its signature block (if it has one) read again column by column.

    The block runs from the "Nơi nhận" line to the bottom of the page's last line; it is read again
    only when a white gap splits it into two columns and the first read joined them (a line of the
    block crosses the gap), so a block Tesseract already read in order is left as it is.
    """
    start = next((line for line in page.lines if line.bbox is not None and _RECIPIENTS.match(_bare(line.text))), None)
    if start is None:
        return page
    gray = np.asarray(image.convert("L"))
    top = max(0, start.bbox.top - max(2, start.bbox.height // 3))
    block = [line for line in page.lines if line.bbox is not None and line.bbox.bottom > top]
    bottom = min(gray.shape[0], max(line.bbox.bottom for line in block) + max(2, start.bbox.height // 3))
    split = column_split(gray[top:bottom], signature.split)
    if split is None or not any(line.bbox.left < split < line.bbox.right for line in block):
        return page
    column_config = replace(config, psm=signature.psm)
    new_lines = _read_columns(gray, top, bottom, split, column_config, read, block_base=20_000)
    if not new_lines:
        return page
    old = [line for line in page.lines if line.bbox is not None and (line.bbox.top + line.bbox.bottom) / 2 >= top]
    return _replace_stretch(page, old, new_lines)

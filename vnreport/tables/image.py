"""Tables from page images. The recipe: deskew → find rules → cut cells → OCR → tables → join pages.

* Ruled tables come from :mod:`vnreport.tables.detect` grids: every merged cell is one region, so a
  wrapped cell is one cell and a spanning header cell heads every column under it.
* Borderless tables start at a free horizontal rule (under the header; a rule above the header
  closes it from the top, one below the body ends it). Body text lines and column gaps come from
  the ink profile (:mod:`vnreport.tables.grid`); each (line, column) with ink is one region. After
  OCR, a line with text only in label columns that starts in lower case, or sits closer to the line
  above than rows do to each other, continues the row above.
* The title is read from a band above each table: the nearest "Phụ lục N" line and its caption.
* A table that opens its page without a title of its own, with the columns of the last table of
  the previous page, continues that table; a repeated header is dropped.

All regions of a page are read by one Tesseract vie pass (:func:`vnreport.tables.cells.read_regions`);
the cells of figure columns are then read again by a second, smaller eng pass (see
:func:`_reread_figures` for why).
"""

from __future__ import annotations

import statistics
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, replace

import numpy as np
import regex
from PIL import Image

from vnreport.config import OcrConfig
from vnreport.engine import OcrEngine
from vnreport.models import BBox, Word
from vnreport.tables.cells import Region, ink_box, read_regions, region_text
from vnreport.tables.config import TableConfig
from vnreport.tables.detect import Grid, GridCell, Rule, Scan, find_layout, scale
from vnreport.tables.grid import column_gaps, group_lines, line_bands, runs
from vnreport.tables.labels import has_vietnamese_marks
from vnreport.tables.locate import canonical_head, is_appendix_line, is_caption_line, is_note_line, split_appendix, title_from_lines
from vnreport.tables.numbers import is_figure, parse_number
from vnreport.tables.objects import Table
from vnreport.tables.stream import HEADER_LINES, find_stream_tables, split_stt
from vnreport.tables.textutil import fold

_INDEX_CELL = regex.compile(r"^\(?[0-9A-Za-z]{1,2}\)?$")
# Rule residue that survives as "words" next to a removed rule.
_RESIDUE = regex.compile(r"^[|_\[\]{}]+$")
# Tesseract confidence below which a word made only of punctuation is taken for a speck: specks
# read as ":" or "-" score under 55 on photocopies, printed dashes over 85.
_SURE_PUNCTUATION = 60
# Headings are set tight (a dot below "ụ" nearly touches the accent on "Ế" of the next line).
# Measured on generated appendix pages at 300 dpi, 12 pt, photocopy strength 0.3-1.2: a diacritic
# is 1-3 px from its letter, the lines of a title 7-9 px apart at the tightest (toner spread at
# 1.2 closes them to 7 px, under the 1/6 of a line = 7.5 px once used here); 1/9 (5 px) splits them.
_HEADING_JOIN = 1 / 9
# Text height at 12-13 pt, 300 dpi, used before the page tells us its own.
_LINE_AT_300 = 45


@dataclass(frozen=True)
class TablePart:
    """The piece of a table found on one page, before parts on consecutive pages are joined."""

    page: int
    title: str
    header: tuple[str, ...]  # () when the part has no header of its own (a continuation)
    rows: tuple[tuple[str, ...], ...]
    xs: tuple[int, ...]  # column boundaries in page pixels
    top: int
    bottom: int
    page_width: int
    first_on_page: bool = False
    titled: bool = False  # an appendix heading or caption stands right above it
    tentative: bool = False  # kept only when it continues the table of the previous page
    readings: tuple[tuple[tuple[int, int], tuple[str, ...]], ...] = ()  # ((row in ``rows``, column), other readings)


@dataclass(frozen=True)
class _Borderless:
    """Geometry of a borderless table before OCR."""

    bounds: tuple[int, ...]
    header: tuple[tuple[int, int, int, int], ...]  # phrase boxes (left, top, right, bottom)
    lines: tuple[tuple[int, int], ...]  # body text lines (top, bottom)
    top: int
    bottom: int
    stream: bool = False  # found without rules (:mod:`.stream`): its first lines may be the header
    short: bool = False  # a stream table of one or two lines at the top of the page: kept only as a continuation


def _clean_words(words: Sequence[Word] | None) -> list[Word]:
    """Drop rule residue ("|", "_") and unsure punctuation-only marks (specks read as ":" or "-");
    a region that holds nothing else keeps its word (a lone "-" is a printed nil)."""
    words = [word for word in words or () if not _RESIDUE.match(word.text) or len(words or ()) == 1]
    if len(words) <= 1:
        return words
    lines = group_lines(words)

    def speck(word: Word, line: list[Word]) -> bool:
        # Only at either end of a line: a hyphen between words ("Lao động - Thương binh") is text
        # even when Tesseract is unsure of it. "(%)" is text however unsure.
        at_end = word is line[0] or word is line[-1]
        if not at_end or any(char.isalnum() for char in word.text) or "%" in word.text:
            return False
        # A mark no cell starts or ends with ("." "'" "`" ":" "_"; "-" only at the end: "- Sở Y
        # tế" is a sub-item) is a photocopy speck, however sure Tesseract is of it.
        if word.text in _SPECK_MARKS or (word is line[-1] and word is not line[0] and word.text in ("-", "–")):
            return True
        return (word.confidence or 0) < _SURE_PUNCTUATION

    return [word for line in lines for word in line if not speck(word, line)]


_SPECK_MARKS = frozenset({".", ",", "'", "`", ":", ";", "_", '"', "‘", "’", "“", "”", "·", "~", "^"})
# Marks glued to a figure by a speck ("98,19.", "'11.602", "566\"", "_80,0"): taken off when what is
# left is a number and the text as read is not.
_FIGURE_SPECKS = ".,:;'`\"_‘’“”·~^"


def strip_figure_specks(text: str) -> str:
    """ "98,19." → "98,19", "'11.602" → "11.602"; anything that does not become a number is kept."""
    if not text or parse_number(text) is not None:
        return text
    stripped = text.strip(_FIGURE_SPECKS).strip()
    return stripped if stripped and parse_number(stripped) is not None else text


def _text(words: Sequence[Word] | None) -> str:
    return region_text(_clean_words(words))


def scan_page(image: Image.Image, config: TableConfig, dpi: int) -> Scan:
    """Deskew the page, find its rules, and (if configured) paint the rules white for OCR."""
    scan = find_layout(np.asarray(image.convert("L")), config, dpi)
    if config.remove_rules and (scan.layout.grids or scan.layout.rules):
        gray = scan.gray.copy()
        gray[scan.rules > 0] = 255
        scan = replace(scan, gray=gray)
    return scan


def tables_from_page(image: Image.Image, *, page_number: int, config: TableConfig, ocr: OcrConfig, engine: OcrEngine | None = None) -> list[TablePart]:
    """Every table part on one page image (ruled and borderless), top to bottom (``engine``: the
    OCR seam, Tesseract when None)."""
    read = engine.read if engine is not None else None
    dpi = ocr.dpi
    scan = scan_page(image, config, dpi)
    layout = scan.layout
    height, width = scan.gray.shape
    regions: list[Region] = []
    inset = scale(dpi, 3)
    inner: dict[tuple[int, int], _Borderless] = {}
    line = float(scale(dpi, _LINE_AT_300))
    for g, grid in enumerate(layout.grids):
        inner.update({(g, r): table for r, table in _line_rows(scan.binary, grid, line, dpi).items()})
        regions.extend(
            Region(("grid", g, cell), grid.xs[cell.col0] + inset, grid.ys[cell.row0] + inset,
                   grid.xs[cell.col1] - inset, grid.ys[cell.row1] - inset)
            for cell in grid.cells if (g, cell.row0) not in inner
        )
    for (g, r), table in inner.items():
        for i, (top, bottom) in enumerate(table.lines):
            regions.extend(Region(("body", ("in", g, r), i, c), table.bounds[c] + inset, top, table.bounds[c + 1] - inset, bottom)
                           for c in range(len(table.bounds) - 1))
    taken = [(grid.top, grid.bottom) for grid in layout.grids]
    borderless = _find_borderless(scan, layout.rules, taken, config, dpi) if layout.rules else []
    taken += [(table.top, table.bottom) for table in borderless]
    # Tables without any rule: columns from the alignment of the ink (a page of prose has no block
    # of aligned lines and costs no OCR).
    borderless += [
        _Borderless(block.bounds, block.phrases, block.lines, block.top, block.bottom, stream=True, short=block.short)
        for block in find_stream_tables(scan.binary, taken=taken, config=config, line_height=float(scale(dpi, _LINE_AT_300)))
    ]
    if not layout.grids and not borderless:
        return []
    for b, table in enumerate(borderless):
        bounds = table.bounds
        regions.extend(Region(("head", b, i), *box) for i, box in enumerate(table.header))
        for i, (top, bottom) in enumerate(table.lines):
            regions.extend(Region(("body", b, i, c), bounds[c], top, bounds[c + 1], bottom) for c in range(len(bounds) - 1))
    spans = sorted([(grid.top, grid.bottom, ("grid", g)) for g, grid in enumerate(layout.grids)]
                   + [(t.top, t.bottom, ("borderless", b)) for b, t in enumerate(borderless)])
    band = scale(dpi, config.title_band_px_at_300)
    floor = 0
    line = float(scale(dpi, _LINE_AT_300))
    for top, bottom, key in spans:
        # One region per text line, cut to its ink: a centred heading read as part of a wide band
        # comes out garbled ("Phụ lục 2" as "Phụ BC"), read on its own it does not.
        lines = line_bands(scan.binary, left=0, right=width, top=max(floor, top - band), bottom=top - inset,
                           line_height=line, join=_HEADING_JOIN)
        regions.extend(Region(("title", key, i), 0, a, width, b) for i, (a, b) in enumerate(lines))
        floor = bottom + inset
    # STT cells ("5", "II") read side by side: stacked alone, Tesseract read a lone "5" as ")".
    # Two-digit figures of other columns read better stacked (measured on the tune set).
    words = read_regions(scan.gray, scan.binary, regions, page_number=page_number, ocr=ocr, side_by_side=_first_column_cell, read=read)
    words = _marks(scan.binary, regions, words)
    others: dict[Hashable, str] = {}
    if config.reread_figures:
        words, others = _reread_figures(scan, regions, words, page_number=page_number, ocr=ocr, figures_lang=config.figures_lang, read=read)
    parts: list[TablePart] = []
    for top, bottom, key in spans:
        if key[0] == "grid":
            part = _grid_part(layout.grids[key[1]], key[1], words, page_number, width, others,
                              {r: table for (g, r), table in inner.items() if g == key[1]})
        else:
            part = _borderless_part(borderless[key[1]], key[1], words, page_number, width, others)
        if part is None:
            continue
        title_lines = sorted(k for k in words if k[0] == "title" and k[1] == key)
        lines = [_text(words[k]) for k in title_lines]
        lines = [text for text in lines if sum(char.isalnum() for char in text) >= 2]
        parts.append(_with_title(part, lines, first=not any(not earlier.tentative for earlier in parts)))
    return parts


# Figure cells that hold no value: a printed "x" (not applicable, never re-read as a figure: eng
# reads it "4") and "…".
_NOT_APPLICABLE = frozenset({"x", "X", "×", "…", "...", ".."})
_CROSS = frozenset({"x", "X", "×"})
# A dash is a bar: at least this many times as wide as it is high, and no higher than this share
# of a text line (Tesseract alone in a composite often reads nothing in it).
_DASH_ASPECT = 1.4
_DASH_HEIGHT = 0.25
# A lowercase "x" is about two thirds of a digit's height, a capital X as high as a digit.
_SMALL_X = 0.8


def _marks(binary: np.ndarray, regions: Sequence[Region], words: dict[Hashable, list[Word]]) -> dict[Hashable, list[Word]]:
    """Cells the OCR of a composite gets wrong because they hold a single mark: a printed "-" read
    as nothing, an "x" read in the wrong case (its height says which: Tesseract cannot tell "x"
    from "X" alone)."""
    boxes = {region.key: box for region in regions if _column_key(region.key) is not None
             if (box := ink_box(binary, region)) is not None}
    digit_heights = [box[3] - box[1] for key, box in boxes.items()
                     if (text := _text(words.get(key))) and text.isdigit() and len(text) <= 4]
    digit = float(np.median(digit_heights)) if digit_heights else None
    result = dict(words)
    for key, (left, top, right, bottom) in boxes.items():
        width, height = right - left, bottom - top
        text = _text(words.get(key))
        if not text and digit and width >= _DASH_ASPECT * height and height <= _DASH_HEIGHT * digit * 1.6 and width <= 3 * digit:
            result[key] = [Word("-", BBox(left, top, width, height), 99.0)]
        elif not text and digit and _first_column(key) and height >= 0.8 * digit and width <= 0.5 * height:
            # One stroke in the STT column read as nothing: a Roman "I" or a "1"; "|" lets the
            # numbering repair (:func:`_repair_numbering`) decide from the sequence, or shows it.
            result[key] = [Word("|", BBox(left, top, width, height), 10.0)]
        elif text in _CROSS and digit:
            result[key] = [Word("x" if height < _SMALL_X * digit else "X", BBox(left, top, width, height), 99.0)]
    return result


def _first_column_cell(key: Hashable) -> bool:
    return isinstance(key, tuple) and key[0] in ("grid", "body") and _first_column(key)


def _first_column(key: Hashable) -> bool:
    return (key[0] == "grid" and key[2].col0 == 0) or (key[0] == "body" and key[3] == 0)


def _column_key(key: Hashable) -> Hashable | None:
    """The table column a cell region belongs to (None for headers of borderless tables, titles)."""
    if key[0] == "grid":
        return ("grid", key[1], key[2].col0)
    if key[0] == "body":
        return ("body", key[1], key[3])
    return None


def _reread_figures(
    scan: Scan,
    regions: Sequence[Region],
    words: dict[Hashable, list[Word]],
    *,
    page_number: int,
    ocr: OcrConfig,
    figures_lang: str,
    read=None,
) -> tuple[dict[Hashable, list[Word]], dict[Hashable, str]]:
    """Read the cells of figure columns a second time, with ``figures_lang`` (eng), figures only.

    Tesseract's vie model turns some printed "5"s into "9"s or adds a digit ("59,52" → "959,52");
    on 396 figure cells of photocopied pages it misread 11, the eng model none (measured with
    benchmarks/tables.py's generator). Figures need no Vietnamese letters. A column is a figure
    column when most of its cells have digits; its cells that are clearly words are left out. The
    second reading replaces the first when it is a well-formed number, or when the first is not
    even a repairable one.

    Returns the words, and for each cell where both readings are figures but differ, the reading
    that was not kept: eng misreads too ("77,55" as "77,99" on some photocopies, where vie was
    right), and the table's arithmetic can tell which one was printed
    (:func:`vnreport.tables.validate.choose_readings`).
    """
    columns: dict[Hashable, list[Hashable]] = {}
    for key in words:
        column = _column_key(key)
        if column is not None:
            columns.setdefault(column, []).append(key)
    chosen: list[Hashable] = []
    for keys in columns.values():
        texts = [_text(words[key]) for key in keys]
        if sum(1 for text in texts if any(char.isdigit() for char in text)) < 0.5 * len(texts):
            continue
        chosen.extend(key for key, text in zip(keys, texts)
                      if not regex.search(r"\p{L}{3,}", text) and text not in _NOT_APPLICABLE)
    if not chosen:
        return words, {}
    wanted = set(chosen)
    again = read_regions(scan.gray, scan.binary, [region for region in regions if region.key in wanted],
                         page_number=page_number, ocr=replace(ocr, lang=figures_lang), side_by_side=_first_column_cell, read=read)
    merged = dict(words)
    others: dict[Hashable, str] = {}
    for key in chosen:
        first, second = _text(words.get(key)), _text(again.get(key))
        if parse_number(second) is not None or (not is_figure(first) and is_figure(second)):
            merged[key] = again[key]
            if first != second and is_figure(first):
                others[key] = first
    return merged, others


def _with_title(part: TablePart, lines: list[str], *, first: bool) -> TablePart:
    """The title is the appendix heading and captions right above the table, if any. A "(tiếp
    theo)" heading ("Phụ lục 3 (tiếp theo)") says the table goes on from the page before: no title."""
    lines = [line for line in lines if "tiep theo" not in fold(line)]
    tail: list[str] = []
    for line in reversed(lines):
        if is_units_line(line) and not tail:
            continue  # "ĐVT: hồ sơ" between the heading and the table
        if is_appendix_line(line) or is_caption_line(line) or is_note_line(line) or _note_tail(line):
            tail.insert(0, line)
            continue
        break
    # A page number or running head above a continued table is allowed; prose is not.
    text_above = len(lines) - len(tail) > 1
    title = title_from_lines(tail)
    head, rest = split_appendix(title)
    if head and has_vietnamese_marks(title):
        # read by a Vietnamese model: the heading words' marks come back from the fixed phrase
        # ("Phu lục 2" -> "Phụ lục 2"); a title read without any mark is left to the restorer whole
        title = f"{canonical_head(head)}: {rest}" if rest else canonical_head(head)
    return replace(part, title=title, titled=bool(tail), first_on_page=first and not text_above)


def _note_tail(line: str) -> bool:
    """The wrapped end of a "(Kèm theo …" note, e.g. "của UBND tỉnh Vĩnh Phúc)"."""
    return line.rstrip().endswith(")") and len(line) < 90


def _looks_like_header(texts: Sequence[str]) -> bool:
    """No figures (an STT-like first cell aside) and some text."""
    return any(texts) and not any(is_figure(text) for text in texts[1:] if text)


# A body row of a ruled grid this many text lines high or more, with no rule inside, is several
# table rows printed with column rules only (rules between rows left out).
_LINES_IN_ROW = 3


def _line_rows(binary: np.ndarray, grid: Grid, line: float, dpi: int) -> dict[int, _Borderless]:
    """Rows of ``grid`` below its first that hold ``_LINES_IN_ROW`` text lines or more and no merged
    cell: each is read as a borderless body between the grid's column rules, one region per
    (text line, column); the lines become rows as in a borderless table (a wrapped label joins its
    row)."""
    result = {}
    spanning = {r for cell in grid.cells if cell.col1 - cell.col0 > 1 or cell.row1 - cell.row0 > 1
                for r in range(cell.row0, cell.row1)}
    for r in range(grid.rows):
        top, bottom = grid.ys[r], grid.ys[r + 1]
        if r in spanning or bottom - top < _LINES_IN_ROW * line or (r == 0 and grid.rows > 1):
            continue
        inset = scale(dpi, 6)
        bands = line_bands(binary, left=grid.left + inset, right=grid.right - inset, top=top + inset, bottom=bottom - inset,
                           line_height=line)
        if len(bands) < _LINES_IN_ROW:
            continue
        # Several rows, not one row with a wrapped cell: two columns or more hold a line each of
        # several rows (a wrapped label has one STT and one figure per column, set in its middle).
        # Not necessarily the first column: its one-glyph STT cells ("1") are too little ink per
        # pixel row for a text line, and label-only group rows leave the last columns blank.
        def lines_in(c: int) -> int:
            return len(line_bands(binary, left=grid.xs[c] + inset, right=grid.xs[c + 1] - inset, top=top + inset,
                                  bottom=bottom - inset, line_height=line))
        if sum(lines_in(c) >= 2 for c in range(grid.columns)) >= 2:
            result[r] = _Borderless(tuple(grid.xs), (), tuple(bands), bands[0][0], bands[-1][1])
    return result


def _grid_part(
    grid: Grid, g: int, words: dict[Hashable, list[Word]], page_number: int, page_width: int, others: dict[Hashable, str],
    inner: dict[int, _Borderless] | None = None,
) -> TablePart | None:
    inner = inner or {}
    texts = {cell: _text(words.get(("grid", g, cell))) for cell in grid.cells}
    inner_parts = {r: _borderless_part(table, ("in", g, r), words, page_number, page_width, others) for r, table in inner.items()}
    if not any(texts.values()) and not any(inner_parts.values()):
        return None  # an empty frame (a signature box, a border around a photo)
    owner: dict[tuple[int, int], GridCell] = {}
    for cell in grid.cells:
        for r in range(cell.row0, cell.row1):
            for c in range(cell.col0, cell.col1):
                owner[(r, c)] = cell

    def row_texts(r: int) -> list[str]:
        return [texts[owner[(r, c)]] if owner[(r, c)].row0 == r and owner[(r, c)].col0 == c else "" for c in range(grid.columns)]

    header_rows = max((cell.row1 for cell in grid.cells if cell.row0 == 0), default=0)
    if header_rows >= grid.rows or not all(
        _looks_like_header([texts[owner[(r, c)]] for c in range(grid.columns)]) for r in range(header_rows)
    ):
        header_rows = 0
    header: tuple[str, ...] = ()
    if header_rows:
        columns = []
        for c in range(grid.columns):
            seen: list[GridCell] = []
            for r in range(header_rows):
                if owner[(r, c)] not in seen:
                    seen.append(owner[(r, c)])
            columns.append(join_header([(texts[cell], cell.col1 - cell.col0 > 1) for cell in seen]))
        header = tuple(columns)
    rows: list[tuple[str, ...]] = []
    readings: list[tuple[tuple[int, int], tuple[str, ...]]] = []
    for r in range(header_rows, grid.rows):
        if r in inner:
            part = inner_parts[r]
            if part is not None:  # (a "(1) (2) (3)" line under the header is dropped by _borderless_part)
                readings.extend(((len(rows) + row, column), texts) for (row, column), texts in part.readings)
                rows.extend(part.rows)
            continue
        cells = row_texts(r)
        if not rows and header and _is_index_row(cells):
            continue  # the "(1) (2) (3)" column-number row under a header is not data
        rows.append(tuple(cells))
        readings.extend(((len(rows) - 1, c), (others[key],)) for c in range(grid.columns)
                        if (key := ("grid", g, owner[(r, c)])) in others and owner[(r, c)].row0 == r and owner[(r, c)].col0 == c)
    while rows and not any(rows[-1]):
        rows.pop()
    return TablePart(page_number, "", header, tuple(rows), grid.xs, grid.top, grid.bottom, page_width,
                     readings=tuple(item for item in readings if item[0][0] < len(rows)))


def join_header(pieces: Sequence[tuple[str, bool]]) -> str:
    """One column's header from its printed pieces, top to bottom, each with whether it spans
    several columns: a group label ("Năm 2019") and the column's own text ("Kế hoạch") are joined
    by " - " ("Năm 2019 - Kế hoạch", what a spreadsheet user expects of a flattened two-level
    header); the lines of one cell, or of one group label, by a space."""
    parts: list[tuple[bool, list[str]]] = []
    for text, spans in pieces:
        if not text:
            continue
        if parts and parts[-1][0] == spans:
            parts[-1][1].append(text)
        else:
            parts.append((spans, [text]))
    return " - ".join(" ".join(texts) for _, texts in parts)


def _is_index_row(cells: Sequence[str]) -> bool:
    filled = [text for text in cells if text]
    return len(filled) >= max(2, len(cells) // 2) and all(_INDEX_CELL.match(text) for text in filled)


# --- borderless tables ----------------------------------------------------------------------------


def _find_borderless(scan: Scan, rules: Sequence[Rule], taken: list[tuple[int, int]], config: TableConfig, dpi: int) -> list[_Borderless]:
    """Borderless tables hanging from free rules: header above the rule, aligned body lines below."""
    binary = scan.binary
    page_height = binary.shape[0]
    line = float(scale(dpi, _LINE_AT_300))
    groups = [rule for rule in rules if _group_rule(rule, rules, line)]
    ordered = [rule for rule in sorted(rules, key=lambda rule: rule.position) if rule not in groups]
    found: list[_Borderless] = []
    used: set[int] = set()

    def hanging(i: int, line: float) -> tuple[list[tuple[int, int]], list[int]] | None:
        """Body lines and column bounds of a table under rule ``i`` taken as its header rule, or None."""
        rule = ordered[i]
        left, right = rule.start, rule.end
        below = ordered[i + 1].position if i + 1 < len(ordered) else page_height
        bands = line_bands(binary, left=left, right=right, top=rule.position + scale(dpi, 4), bottom=below - scale(dpi, 4), line_height=line)
        body = _until_gap(bands, line)
        previous = ordered[i - 1] if i > 0 and (i - 1) not in used else None
        boxed_header = previous is not None and rule.position - previous.position <= 8 * line
        closing = bool(body) and i + 1 < len(ordered) and ordered[i + 1].position - body[-1][1] < 2 * line
        # The last rows of a page may be a single row of a table that goes on overleaf: one row is
        # enough when the table is framed by rules (above and below the header, under the body) or
        # runs to the end of the page; otherwise a rule with one line under it is not a table.
        runs_off_page = len(body) == len(bands) and i + 1 == len(ordered)
        if len(body) < (1 if (boxed_header and closing) or runs_off_page else config.min_rows):
            return None
        line = float(statistics.median(b - a for a, b in body))
        bounds = column_gaps(binary, body, left=left, right=right, min_gap=config.column_gap_em * line,
                             min_lines=1 if len(body) <= 3 else 2)  # a short body: every line counts
        bounds = split_stt(binary, body, bounds, line)  # a narrow STT column set close to the labels
        if len(bounds) - 1 < config.min_columns:
            return None
        return body, bounds

    for i, rule in enumerate(ordered):
        if i in used or any(top <= rule.position <= bottom for top, bottom in taken):
            continue
        header_top = _opens_header(ordered, i, line) and not any(top <= ordered[i + 1].position <= bottom for top, bottom in taken)
        if header_top and hanging(i + 1, line) is not None and _starts_below(binary, ordered[i + 1], line, dpi):
            # The rule above a header: a header of two levels or wrapped phrases, boxed between this
            # rule and the next, reads like two short body lines closed by a rule. The next rule,
            # with a table body right under it, is the header rule.
            continue
        found_body = hanging(i, line)
        if found_body is None:
            continue
        body, bounds = found_body
        left, right = rule.start, rule.end
        previous = ordered[i - 1] if i > 0 and (i - 1) not in used else None
        boxed_header = previous is not None and rule.position - previous.position <= 8 * line
        closing = i + 1 < len(ordered) and ordered[i + 1].position - body[-1][1] < 2 * line
        line = float(statistics.median(b - a for a, b in body))
        if boxed_header:
            head_bands = line_bands(binary, left=left, right=right, top=previous.position + scale(dpi, 4),
                                    bottom=rule.position - scale(dpi, 4), line_height=line)
        else:
            head_bands = _bands_right_above(binary, left, right, rule.position, line, groups)
        if not head_bands:
            continue
        reach = int(0.25 * line)  # tone marks a tight line may have left with the line above (see stream.py)
        header = tuple(
            (a, max(head_bands[0][0], top - reach) if top == band_top else top, b, bottom)
            for band_top, band_bottom in head_bands
            for a, top, b, bottom in _header_boxes(binary, (band_top, band_bottom), left, right, groups, line)
        )
        if closing:
            used.add(i + 1)
        used.add(i)
        found.append(_Borderless(tuple(bounds), header, tuple(body), head_bands[0][0], body[-1][1]))
    return found


def _header_boxes(binary: np.ndarray, band: tuple[int, int], left: int, right: int, groups: Sequence[Rule],
                  line: float) -> list[tuple[int, int, int, int]]:
    """Phrases (left, top, right, bottom) of one header band: runs of ink cut by white gaps. Where a
    group rule crosses the band (the cells beside a group span both header rows, so the band runs
    on through it), the band is cut at the rule over the rule's width: the group label above it and
    the sub-headers under it are separate phrases, not one phrase over two columns."""
    top, bottom = band
    crossing = sorted((rule for rule in groups if top < rule.position < bottom and rule.start < right and rule.end > left),
                      key=lambda rule: rule.start)
    boxes: list[tuple[int, int, int, int]] = []

    def add(x0: int, x1: int, y0: int, y1: int) -> None:
        if x1 - x0 <= 0 or y1 - y0 <= 0:
            return
        for a, b in runs(binary[y0:y1, x0:x1].any(axis=0), min_gap=0.6 * line):
            rows = np.flatnonzero(binary[y0:y1, x0 + a:x0 + b].any(axis=1))
            if y0 == top and y1 == bottom:
                boxes.append((x0 + a, top, x0 + b, bottom))
            elif len(rows) and rows[-1] - rows[0] + 1 >= 0.4 * line:  # not the descenders or marks cut off by the rule
                boxes.append((x0 + a, y0 + int(rows[0]), x0 + b, y0 + int(rows[-1]) + 1))

    edge = left
    for rule in crossing:
        start, end = max(left, rule.start), min(right, rule.end)
        add(edge, start, top, bottom)
        add(start, end, top, rule.position - 1)
        add(start, end, rule.position + 2, bottom)
        edge = end
    add(edge, right, top, bottom)
    return sorted(boxes, key=lambda box: (box[1], box[0]))


def _group_rule(rule: Rule, rules: Sequence[Rule], line: float) -> bool:
    """A short rule inside a header: under a group label ("Năm 2019" over "Kế hoạch | Thực hiện")
    only, not across the table. A wider rule a header's height below it (the header rule) covers
    its whole span and reaches further by more than a column's worth on some side; such a rule
    neither opens nor closes a table, and the header above the header rule runs across it."""
    for other in rules:
        below = 0 < other.position - rule.position <= 8 * line
        covers = other.start <= rule.start + line and other.end >= rule.end - line
        wider = (rule.start - other.start) + (other.end - rule.end) > 3 * line
        if below and covers and wider:
            return True
    return False


def _opens_header(rules: Sequence[Rule], i: int, line: float) -> bool:
    """Rule ``i`` may be the top of a boxed header: the next rule lies within a header's height
    below it (at most 8 lines) and spans the same width (the header rule of the same table)."""
    if i + 1 >= len(rules):
        return False
    rule, following = rules[i], rules[i + 1]
    same_span = abs(rule.start - following.start) <= line and abs(rule.end - following.end) <= line
    return same_span and following.position - rule.position <= 8 * line


def _starts_below(binary: np.ndarray, rule: Rule, line: float, dpi: int) -> bool:
    """Text starts right under ``rule`` (within a line): a body hangs from it, as under a header
    rule; the text after a closing rule (a signature, the next title) stands further off."""
    bands = line_bands(binary, left=rule.start, right=rule.end, top=rule.position + scale(dpi, 4),
                       bottom=rule.position + int(3 * line), line_height=line)
    return bool(bands) and bands[0][0] - rule.position <= line


def _bands_right_above(binary: np.ndarray, left: int, right: int, position: int, line: float,
                       groups: Sequence[Rule] = ()) -> list[tuple[int, int]]:
    """Header lines right above a lone header rule: up to three, without a wide gap. A group rule
    in the header (see ``_group_rule``) has its group label above it: the header reaches up to
    that label."""
    reach = min((rule.position for rule in groups
                 if position - 8 * line < rule.position < position and rule.start < right and rule.end > left), default=position)
    top = max(0, int(min(position - 5 * line, reach - 2.5 * line)))
    bands = line_bands(binary, left=left, right=right, top=top, bottom=position - 2, line_height=line)
    picked: list[tuple[int, int]] = []
    edge = position
    for band in reversed(bands):
        if edge - band[1] > 1.2 * line or len(picked) == 3 or _running_text(binary[band[0]:band[1], left:right], line):
            break
        picked.insert(0, band)
        edge = band[0]
    return picked


def _running_text(patch: np.ndarray, line: float) -> bool:
    """A line of running text across most of the table's width (the "(Kèm theo …)" note, a caption)
    rather than header phrases: one run of words without a column gap, wider than a header phrase
    ever is (``_WIDE_PHRASE``)."""
    pieces = runs(patch.any(axis=0), min_gap=0.6 * line)
    return any(b - a > _WIDE_PHRASE * patch.shape[1] for a, b in pieces)


def _until_gap(bands: list[tuple[int, int]], line: float) -> list[tuple[int, int]]:
    """Body lines until a vertical gap of more than ~2 blank lines (a table without a closing rule)."""
    kept: list[tuple[int, int]] = []
    for band in bands:
        if kept and band[0] - kept[-1][1] > 2.5 * line:
            break
        kept.append(band)
    return kept


def _borderless_part(
    table: _Borderless, b: int, words: dict[Hashable, list[Word]], page_number: int, page_width: int, others: dict[Hashable, str]
) -> TablePart | None:
    bounds = table.bounds
    columns = len(bounds) - 1
    lines = [[_text(words.get(("body", b, i, c))) for c in range(columns)] for i in range(len(table.lines))]
    keys = list(range(len(table.lines)))
    if table.stream:
        header_lines, skip = _stream_header_lines(lines)
        cut = table.lines[header_lines - 1][1] if header_lines else table.top
        table = replace(table, header=tuple(box for box in table.header if box[3] <= cut), lines=table.lines[skip:], top=table.top)
        lines, keys = lines[skip:], keys[skip:]
        if not any(is_figure(cell) for line in lines for cell in line if cell):
            return None  # aligned text without a single figure: a document's header block, a signature
    elif lines and _index_like(lines[0]):
        # the "(1) (2) (3)" row right under the header rule is not data
        table = replace(table, lines=table.lines[1:])
        lines, keys = lines[1:], keys[1:]
    header = _borderless_header(table, b, words)
    if not any(any(line) for line in lines):
        return None
    text_columns = _text_columns(lines)
    tops = [top for top, _ in table.lines]
    pitches = [after - before for before, after in zip(tops, tops[1:])]
    tight = min(pitches) if pitches else 0
    loose = bool(pitches) and max(pitches) > 1.3 * tight
    rows: list[list[str]] = []
    readings: list[tuple[tuple[int, int], tuple[str, ...]]] = []
    for index, cells in enumerate(lines):
        filled = [c for c in range(columns) if cells[c]]
        if not filled:
            continue
        only_text = all(c in text_columns for c in filled)
        close = index > 0 and loose and pitches[index - 1] <= 1.15 * tight
        if rows and only_text and (cells[filled[0]][:1].islower() or close):
            for c in filled:
                rows[-1][c] = f"{rows[-1][c]} {cells[c]}".strip()
        else:
            rows.append(list(cells))
            readings.extend(((len(rows) - 1, c), (others[key],)) for c in filled if (key := ("body", b, keys[index], c)) in others)
    body = tuple(tuple(row) for row in rows)
    return TablePart(page_number, "", header if any(header) else (), body, bounds, table.top, table.bottom, page_width,
                     readings=tuple(readings), tentative=table.short)


# The first cell of a body row: a number (1, 1.2, 12.), a Roman numeral, a letter item ("a)", "A"),
# a dash item. A header's first cell is a word ("STT", "TT", "Số TT").
_ITEM_CELL = regex.compile(r"^(?:\d+(?:\.\d+)*\.?|[IVXLC]+\.?|[a-zđ]\)|[A-Z]\.?|[-+•])$")


def _index_like(cells: Sequence[str]) -> bool:
    """A "(1) (2) (3) …" row as OCR reads it: most filled cells short index cells counting up (one
    may be garbled: "(5)" read "G®)"), none a word."""
    filled = [text for text in cells if text]
    matching = [text for text in filled if _INDEX_CELL.match(text)]
    return (len(filled) >= max(2, len(cells) // 2) and len(matching) >= max(2, 0.6 * len(filled))
            and not any(regex.search(r"\p{L}{3,}", text) for text in filled) and _counts_up(matching))


def _short_marks(cells: Sequence[str]) -> bool:
    """A line of short marks across most columns, as OCR reads an italic "(1) (2) (3)" row ("4)",
    "(4", "()"): every filled cell at most four characters, no word in it, most with a digit or a
    bracket."""
    filled = [text for text in cells if text]
    return (len(filled) >= max(2, 0.6 * len(cells)) and all(len(text) <= 4 for text in filled)
            and not any(regex.search(r"\p{L}{2,}", text) for text in filled)
            and sum(bool(regex.search(r"[\d()]", text)) for text in filled) >= 0.6 * len(filled))


def _counts_up(cells: Sequence[str]) -> bool:
    """A column-number row counts up: "(1) (2) (3)", "1 2 3", or letters ("A B 1 2")."""
    numbers = [cell.strip("()") for cell in cells if cell]
    digits = [int(text) for text in numbers if text.isdigit()]
    return len(set(numbers)) == len(numbers) and all(b == a + 1 for a, b in zip(digits, digits[1:]))


def _stream_header_lines(lines: Sequence[Sequence[str]]) -> tuple[int, int]:
    """(header lines, lines to skip) at the top of a rule-less table, read: the header is the top
    lines without a figure, up to the first row that starts with an item number or holds a figure;
    a "(1) (2) (3)" column-number row under it ends it and is skipped too."""
    header = 0
    for index, cells in enumerate(lines[:HEADER_LINES + 1]):
        if index and _index_like(cells):
            return index, index + 1
        # Item numbers stand in the first column; a figure has a digit (a lone "-" in a header line
        # is a speck or a hyphen of a wrapped word, not a nil)
        first = cells[0] if cells else ""
        if any(is_figure(cell) and any(char.isdigit() for char in cell) for cell in cells if cell) or (first and _ITEM_CELL.match(first)) or index == HEADER_LINES:
            break
        header = index + 1
    return header, header


# Share of the table's width beyond which a line of text above the columns is no header phrase.
_WIDE_PHRASE = 0.6
_UNITS_LINE = regex.compile(r"^\W*(?:don vi tinh|don vi|dvt)\s*[:.]")


def is_units_line(text: str) -> bool:
    """ "ĐVT: triệu đồng", "Đơn vị tính: người": the units line printed above a table, not a header."""
    return bool(_UNITS_LINE.match(fold(text)))


def _borderless_header(table: _Borderless, b: int, words: dict[Hashable, list[Word]]) -> tuple[str, ...]:
    """Header of a borderless table, one text per column, its phrases top to bottom.

    Each phrase heads the column it overlaps most. A phrase of an upper header line that stands
    over phrases of a lower line in other columns too (the "Năm 2019" over "Kế hoạch" and "Thực
    hiện" of a two-level header) heads each of those columns, as a spanning cell of a ruled header
    heads every column under it. Phrases of different columns never overlap, since every phrase is
    printed inside its own column, so this only joins what a spanning phrase covers.
    """
    bounds = table.bounds
    columns = len(bounds) - 1

    def overlap(left: int, right: int, c: int) -> int:
        return max(0, min(right, bounds[c + 1]) - max(left, bounds[c]))

    phrases: list[tuple[tuple[int, int, int, int], str, int]] = []
    width = bounds[-1] - bounds[0]
    for i, box in enumerate(table.header):
        text = _text(words.get(("head", b, i)))
        if not text or is_appendix_line(text) or is_caption_line(text) or is_note_line(text) or is_units_line(text):
            continue
        if box[2] - box[0] > _WIDE_PHRASE * width:
            continue  # a title, caption or note line set close above the header: no header phrase is that wide
        overlaps = [overlap(box[0], box[2], c) for c in range(columns)]
        phrases.append((box, text, overlaps.index(max(overlaps))))
    # A "(1) (2) (3)" column-number row boxed in with the header (above the header rule) is no
    # header text: the phrases of the lowest header line, when they read as such a row.
    if phrases:
        lowest = max(box[1] for box, _, _ in phrases)
        height = min(box[3] - box[1] for box, _, _ in phrases if box[1] == lowest)
        last = [item for item in phrases if item[0][1] >= lowest - 0.5 * height and item[0][3] <= lowest + 1.5 * height]
        cells = [""] * columns
        for _box, text, column in last:
            cells[column] = f"{cells[column]} {text}".strip()
        if len(last) < len(phrases) and (_index_like(cells) or _short_marks(cells)):
            phrases = [item for item in phrases if item not in last]
    header_words: list[list[tuple[str, bool]]] = [[] for _ in range(columns)]
    for (left, top, right, bottom), text, column in phrases:
        covered = {column}
        for (other_left, other_top, other_right, _), _text_below, other_column in phrases:
            # below: starts under this phrase's middle (a phrase's box reaches up a little for the
            # tone marks of its line, so it may start a few pixels above this one's bottom)
            below = other_top >= bottom - 0.4 * (bottom - top) and min(right, other_right) > max(left, other_left)
            if below and overlap(left, right, other_column) > 0:
                covered.add(other_column)
        for c in sorted(covered):
            header_words[c].append((text, len(covered) > 1))
    return tuple(join_header(pieces) for pieces in header_words)


def _text_columns(lines: list[list[str]]) -> set[int]:
    """Columns whose filled cells are mostly words, not numbers (the label columns)."""
    result = set()
    for c in range(len(lines[0]) if lines else 0):
        texts = [line[c] for line in lines if line[c]]
        numbers = sum(1 for text in texts if is_figure(text))
        if texts and numbers < 0.5 * len(texts):
            result.add(c)
    return result


# --- pages to tables ------------------------------------------------------------------------------


def join_pages(parts: Iterable[TablePart], config: TableConfig) -> tuple[Table, ...]:
    """Tables from page parts: a part continues the previous table when it opens its page without a
    title and has the same columns; a repeated header is dropped."""
    tables: list[Table] = []
    last: TablePart | None = None
    for part in parts:
        if tables and last is not None and not part.header and len(part.xs) != len(last.xs) and _continues(last, part, config):
            part = _onto_columns(part, last)
        if tables and last is not None and _continues(last, part, config):
            previous = tables[-1]
            rows = part.rows
            header = previous.header
            if part.header and not _same_header(part.header, previous.header):
                rows = (part.header, *rows)  # not a repeated header: a first body row read as header
            elif part.header:
                # The repeated header is a second reading of the header: it fills a cell the first missed.
                header = tuple(a or b for a, b in zip(previous.header, part.header))
            offset = len(previous.rows) + len(rows) - len(part.rows) + 1  # CSV row of the part's row 0
            readings = tuple(((offset + row, column), texts) for (row, column), texts in part.readings)
            cut = tuple(edge for edge in ("left", "right") if edge in previous.cut or edge in _cut_edges(part))
            tables[-1] = replace(previous, header=header, rows=previous.rows + rows, pages=previous.pages + (part.page,),
                                 readings=previous.readings + readings, regions=previous.regions + (_region(part),), cut=cut)
        elif part.tentative:
            continue  # one or two aligned lines at the top of a page that continue nothing: no table
        else:
            header = part.header or ("",) * (len(part.xs) - 1)  # a table printed without a header
            readings = tuple(((row + 1, column), texts) for (row, column), texts in part.readings)
            tables.append(Table(header=header, rows=part.rows, title=part.title, page=part.page, pages=(part.page,),
                                readings=readings, regions=(_region(part),), cut=_cut_edges(part)))
        last = part
    return tuple(_count_readings(_repair_numbering(_total_labels(_strip_specks(table)))) for table in tables)


# A table whose outer column boundary lies this close to the page's edge (share of the page width,
# ~1 mm on A4) was printed wider than the paper: printed tables keep a margin of 10 mm or more.
_EDGE = 0.006


def _cut_edges(part: TablePart) -> tuple[str, ...]:
    """The page edges ``part`` runs off ("left", "right")."""
    margin = _EDGE * part.page_width
    return tuple(edge for edge, off in (("left", part.xs[0] <= margin), ("right", part.xs[-1] >= part.page_width - margin)) if off)


def _strip_specks(table: Table) -> Table:
    """Figure cells with a speck glued to them, in columns of figures, and label cells with a
    speck glued to their last word ("tỉnh.", "Lò'") cleaned up."""
    columns = len(table.header)
    numeric = set()
    for column in range(columns):
        cells = [row[column] for row in table.rows if column < len(row) and row[column]]
        if cells and sum(1 for text in cells if is_figure(strip_figure_specks(text))) >= 0.6 * len(cells):
            numeric.add(column)

    def clean(column: int, text: str) -> str:
        if text and all(char in _FIGURE_SPECKS for char in text):
            return ""  # nothing but a speck
        tokens = text.split()
        while len(tokens) > 1 and tokens[-1] in _SPECK_MARKS:
            tokens.pop()  # a speck read as a word of its own region (a header phrase, a wrapped line)
        while len(tokens) > 1 and (tokens[0] in _SPECK_MARKS or (column < 0 and tokens[0] in ("-", "–"))):
            tokens.pop(0)  # (a header cell never starts with a dash: there it is a speck)
        text = " ".join(tokens) if len(tokens) != len(text.split()) else text
        if column in numeric:
            return strip_figure_specks(text)
        last = text.split()[-1] if text.split() else ""
        if len(text) > 2 and text[-1] in "'`\"}" and (text[-2].isalpha() or text[-2] == ")"):
            return text[:-1]
        # "tỉnh." "Xã.": a full stop glued to a label's last word (not an abbreviation: "v.v.", "TP.")
        if len(text) > 2 and text[-1] == "." and text[-2].islower() and last.count(".") == 1 and len(last) > 2:
            return text[:-1]
        if len(text) > 2 and text[0] in "'`\"._" and text[1].isalpha():
            return text[1:]
        return text

    rows = tuple(tuple(clean(column, cell) for column, cell in enumerate(row)) for row in table.rows)
    header = tuple(clean(-1, cell) for cell in table.header)
    return replace(table, rows=rows, header=header) if (rows, header) != (table.rows, table.header) else table


_ITEM_NUMBER = regex.compile(r"^(\d+)\.?$")


# Total-row labels as printed; OCR misreads a mark of these few words ("Tống cộng") and no other
# phrase folds to them.
_TOTAL_LABELS = {"tong cong": "Tổng cộng", "tong so": "Tổng số", "cong": "Cộng", "tong": "Tổng", "toan tinh": "Toàn tỉnh"}


def _total_labels(table: Table) -> Table:
    """Label cells that fold to a total-row label ("Tống cộng", "Tổng công") written as printed
    ("Tổng cộng"); all capitals stay all capitals."""
    def fix(text: str) -> str:
        label = _TOTAL_LABELS.get(fold(text).rstrip(":"))
        if label is None or text.rstrip(":") in (label, label.upper()):
            return text
        label = label.upper() if text.isupper() else label
        return label + (":" if text.endswith(":") else "")

    rows = tuple(tuple(fix(cell) if column < 2 else cell for column, cell in enumerate(row)) for row in table.rows)
    return replace(table, rows=rows) if rows != table.rows else table


def _count_readings(table: Table) -> Table:
    """An STT cell OCR could not read as a number (a "5" read ")", "S)" or "9"), between items
    numbered n-1 and n+1 of the same group, gets n as another reading; the checks
    (:func:`vnreport.tables.validate.choose_readings`) take it only when it mends the STT count,
    and say so in an ``ocr-repair`` warning."""
    if not _numbered(table):
        return table
    firsts = [row[0].strip() if row else "" for row in table.rows]
    extra = []
    for index, text in enumerate(firsts):
        if not text or _ITEM_NUMBER.match(text) or text.rstrip(".") in _ROMANS or len(text) > 3:
            continue
        before = after = None
        for earlier in reversed(firsts[:index]):
            if earlier.rstrip(".") in _ROMANS:
                break
            if (match := _ITEM_NUMBER.match(earlier)):
                before = int(match.group(1))
                break
        for later in firsts[index + 1 :]:
            if later.rstrip(".") in _ROMANS:
                break
            if (match := _ITEM_NUMBER.match(later)):
                after = int(match.group(1))
                break
        if before is not None and after == before + 2:
            extra.append(((index + 1, 0), (str(before + 1),)))
        elif before is None and after == 2:
            extra.append(((index + 1, 0), ("1",)))
        elif before is not None and after is None and len(text) <= 2:
            extra.append(((index + 1, 0), (str(before + 1),)))  # the last item of its group
    known = {cell for cell, _ in table.readings}
    extra = [item for item in extra if item[0] not in known]
    return replace(table, readings=table.readings + tuple(extra)) if extra else table


def _numbered(table: Table) -> bool:
    """The first column is the STT column (by its header, or most of its cells are item numbers)."""
    stt = fold(table.header[0]) if table.header else ""
    firsts = [row[0] for row in table.rows if row and row[0]]
    items = sum(1 for text in firsts if _ITEM_CELL.match(text))
    return bool(table.rows) and (stt in ("stt", "tt", "so tt") or items >= 0.5 * max(1, len(firsts)))


_ROMANS = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV")
# How OCR reads the strokes of a Roman numeral standing alone in a cell: "I" as "|", "l", "!" or a
# bracket, a bold "II" as "H".
_ROMAN_STROKES = str.maketrans({"|": "I", "l": "I", "!": "I", "]": "I", "[": "I", "i": "I", "í": "I", "ì": "I", "ï": "I",
                                "Í": "I", "Ì": "I", "Ï": "I", "L": "I", "'": "I", '"': "II", "M": "II", "U": "II"})


def _repair_numbering(table: Table) -> Table:
    """Roman numerals of group rows in the STT column as printed ("|" → "I", "H" → "II"), where the
    reading is the numeral the sequence expects next (the one after the last numeral above it). A
    cell that is a valid number or numeral as read is never changed."""
    if not _numbered(table):
        return table
    expected = 0  # index in _ROMANS of the numeral the next group row should carry
    rows = list(table.rows)
    for index, row in enumerate(rows):
        if not row:
            continue
        text = row[0].strip().rstrip(".")
        if text in _ROMANS and _ROMANS.index(text) >= expected:
            expected = _ROMANS.index(text) + 1
            continue
        if expected >= len(_ROMANS) or not text or text.isdigit():
            continue
        guess = text.translate(_ROMAN_STROKES).replace("H", "II")
        # The first numeral: items numbered from 1 follow it (a "|" over "2" was an item's "1").
        following = next((later[0].strip().rstrip(".") for later in rows[index + 1 :] if later and later[0].strip()), "")
        # Strokes only ("|", "H", "l|") where the sequence expects "II" or "III": OCR merged or
        # dropped a stroke of a numeral that is made of strokes.
        strokes = set(guess) == {"I"} and set(_ROMANS[expected]) == {"I"} and expected > 0
        if (guess == _ROMANS[expected] or strokes) and (expected > 0 or following == "1"):
            guess = _ROMANS[expected]
            rows[index] = (row[0].replace(text, guess), *row[1:])
            expected += 1
    return replace(table, rows=tuple(rows))


def _region(part: TablePart) -> tuple[int, int, int, int, int]:
    # (page, left, top, right, bottom): where the part was printed, for the review page's crop.
    return (part.page, part.xs[0], part.top, part.xs[-1], part.bottom)


def _continues(previous: TablePart, part: TablePart, config: TableConfig) -> bool:
    if part.page != previous.page + 1 or not part.first_on_page or part.titled:
        return False
    if len(part.xs) != len(previous.xs):
        # Rows overleaf without a header may leave a column blank (no ink, so no column found):
        # they continue when each of their columns falls inside one column of the table.
        return not part.header and _column_map(part, previous) is not None
    tolerance = config.continuation_tolerance * part.page_width
    same_columns = all(abs(a - b) <= tolerance for a, b in zip(part.xs, previous.xs))
    same_header = bool(part.header) and _same_header(part.header, previous.header)
    # A part without a header of its own that opens the page under no title: the table goes on,
    # even where its column gaps (found from the ink of other rows) sit a little elsewhere.
    headless = not part.header and len(part.xs) > 2 and _column_map(part, previous) is not None
    return same_columns or same_header or headless


def _column_map(part: TablePart, previous: TablePart) -> list[int] | None:
    """For each column of ``part``, the column of ``previous`` its middle falls in (distinct and
    in order), or None."""
    mapping = []
    for left, right in zip(part.xs, part.xs[1:]):
        middle = (left + right) / 2
        column = next((c for c, (a, b) in enumerate(zip(previous.xs, previous.xs[1:])) if a <= middle < b), None)
        if column is None or (mapping and column <= mapping[-1]):
            return None
        mapping.append(column)
    return mapping


def _onto_columns(part: TablePart, previous: TablePart) -> TablePart:
    """``part`` with its cells moved to the columns of ``previous`` (see :func:`_column_map`)."""
    mapping = _column_map(part, previous)
    assert mapping is not None
    width = len(previous.xs) - 1
    rows = []
    for row in part.rows:
        cells = [""] * width
        for column, text in zip(mapping, row):
            cells[column] = text
        rows.append(tuple(cells))
    readings = tuple(((row, mapping[column]), texts) for (row, column), texts in part.readings)
    return replace(part, rows=tuple(rows), xs=previous.xs, readings=readings)


def _same_header(repeat: Sequence[str], header: Sequence[str]) -> bool:
    """The header printed again overleaf: every column both readings have text for reads the same
    (diacritics aside), and that is most columns. OCR may miss a header cell on one page ("STT"
    on a dark photocopy), never turn it into another column's text."""
    if len(repeat) != len(header):
        return False
    both = [(fold(a), fold(b)) for a, b in zip(repeat, header) if a.strip() and b.strip()]
    return 2 * len(both) >= len(header) and all(a == b for a, b in both)

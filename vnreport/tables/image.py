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
from vnreport.models import Word
from vnreport.tables.cells import Region, read_regions, region_text
from vnreport.tables.config import TableConfig
from vnreport.tables.detect import Grid, GridCell, Rule, Scan, find_layout, scale
from vnreport.tables.grid import column_gaps, group_lines, line_bands, runs
from vnreport.tables.locate import is_appendix_line, is_caption_line, is_note_line, title_from_lines
from vnreport.tables.numbers import is_figure, parse_number
from vnreport.tables.objects import Table
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
    readings: tuple[tuple[tuple[int, int], tuple[str, ...]], ...] = ()  # ((row in ``rows``, column), other readings)


@dataclass(frozen=True)
class _Borderless:
    """Geometry of a borderless table before OCR."""

    bounds: tuple[int, ...]
    header: tuple[tuple[int, int, int, int], ...]  # phrase boxes (left, top, right, bottom)
    lines: tuple[tuple[int, int], ...]  # body text lines (top, bottom)
    top: int
    bottom: int


def _clean_words(words: Sequence[Word] | None) -> list[Word]:
    """Drop rule residue ("|", "_") and unsure punctuation-only marks (specks read as ":" or "-");
    a region that holds nothing else keeps its word (a lone "-" is a printed nil)."""
    words = [word for word in words or () if not _RESIDUE.match(word.text) or len(words or ()) == 1]
    if len(words) <= 1:
        return words
    lines = group_lines(words)

    def speck(word: Word, line: list[Word]) -> bool:
        # Only at either end of a line: a hyphen between words ("Lao động - Thương binh") is text
        # even when Tesseract is unsure of it.
        at_end = word is line[0] or word is line[-1]
        return at_end and not any(char.isalnum() for char in word.text) and (word.confidence or 0) < _SURE_PUNCTUATION

    return [word for line in lines for word in line if not speck(word, line)]


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
    if not layout.grids and not layout.rules:
        return []  # no rule at all: no table, and no Tesseract time spent on prose or a photo
    height, width = scan.gray.shape
    regions: list[Region] = []
    inset = scale(dpi, 3)
    for g, grid in enumerate(layout.grids):
        regions.extend(
            Region(("grid", g, cell), grid.xs[cell.col0] + inset, grid.ys[cell.row0] + inset,
                   grid.xs[cell.col1] - inset, grid.ys[cell.row1] - inset)
            for cell in grid.cells
        )
    taken = [(grid.top, grid.bottom) for grid in layout.grids]
    borderless = _find_borderless(scan, layout.rules, taken, config, dpi)
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
    words = read_regions(scan.gray, scan.binary, regions, page_number=page_number, ocr=ocr, read=read)
    others: dict[Hashable, str] = {}
    if config.reread_figures:
        words, others = _reread_figures(scan, regions, words, page_number=page_number, ocr=ocr, figures_lang=config.figures_lang, read=read)
    parts: list[TablePart] = []
    for top, bottom, key in spans:
        if key[0] == "grid":
            part = _grid_part(layout.grids[key[1]], key[1], words, page_number, width, others)
        else:
            part = _borderless_part(borderless[key[1]], key[1], words, page_number, width, others)
        if part is None:
            continue
        title_lines = sorted(k for k in words if k[0] == "title" and k[1] == key)
        lines = [_text(words[k]) for k in title_lines]
        lines = [text for text in lines if sum(char.isalnum() for char in text) >= 2]
        parts.append(_with_title(part, lines, first=not parts))
    return parts


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
        chosen.extend(key for key, text in zip(keys, texts) if not regex.search(r"\p{L}{3,}", text))
    if not chosen:
        return words, {}
    wanted = set(chosen)
    again = read_regions(scan.gray, scan.binary, [region for region in regions if region.key in wanted],
                         page_number=page_number, ocr=replace(ocr, lang=figures_lang), read=read)
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
    """The title is the appendix heading and captions right above the table, if any."""
    tail: list[str] = []
    for line in reversed(lines):
        if is_appendix_line(line) or is_caption_line(line) or is_note_line(line) or _note_tail(line):
            tail.insert(0, line)
            continue
        break
    # A page number or running head above a continued table is allowed; prose is not.
    text_above = len(lines) - len(tail) > 1
    return replace(part, title=title_from_lines(tail), titled=bool(tail), first_on_page=first and not text_above)


def _note_tail(line: str) -> bool:
    """The wrapped end of a "(Kèm theo …" note, e.g. "của UBND tỉnh Vĩnh Phúc)"."""
    return line.rstrip().endswith(")") and len(line) < 90


def _looks_like_header(texts: Sequence[str]) -> bool:
    """No figures (an STT-like first cell aside) and some text."""
    return any(texts) and not any(is_figure(text) for text in texts[1:] if text)


def _grid_part(
    grid: Grid, g: int, words: dict[Hashable, list[Word]], page_number: int, page_width: int, others: dict[Hashable, str]
) -> TablePart | None:
    texts = {cell: _text(words.get(("grid", g, cell))) for cell in grid.cells}
    if not any(texts.values()):
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
            columns.append(" ".join(texts[cell] for cell in seen if texts[cell]))
        header = tuple(columns)
    rows: list[tuple[str, ...]] = []
    readings: list[tuple[tuple[int, int], tuple[str, ...]]] = []
    for r in range(header_rows, grid.rows):
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


def _is_index_row(cells: Sequence[str]) -> bool:
    filled = [text for text in cells if text]
    return len(filled) >= max(2, len(cells) // 2) and all(_INDEX_CELL.match(text) for text in filled)


# --- borderless tables ----------------------------------------------------------------------------


def _find_borderless(scan: Scan, rules: Sequence[Rule], taken: list[tuple[int, int]], config: TableConfig, dpi: int) -> list[_Borderless]:
    """Borderless tables hanging from free rules: header above the rule, aligned body lines below."""
    binary = scan.binary
    page_height = binary.shape[0]
    line = float(scale(dpi, _LINE_AT_300))
    ordered = sorted(rules, key=lambda rule: rule.position)
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
            head_bands = _bands_right_above(binary, left, right, rule.position, line)
        if not head_bands:
            continue
        header = tuple(
            (left + a, top, left + b, bottom)
            for top, bottom in head_bands
            for a, b in runs(binary[top:bottom, left:right].any(axis=0), min_gap=0.6 * line)
        )
        if closing:
            used.add(i + 1)
        used.add(i)
        found.append(_Borderless(tuple(bounds), header, tuple(body), head_bands[0][0], body[-1][1]))
    return found


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


def _bands_right_above(binary: np.ndarray, left: int, right: int, position: int, line: float) -> list[tuple[int, int]]:
    """Header lines right above a lone header rule: up to three, without a wide gap."""
    top = max(0, int(position - 5 * line))
    bands = line_bands(binary, left=left, right=right, top=top, bottom=position - 2, line_height=line)
    picked: list[tuple[int, int]] = []
    edge = position
    for band in reversed(bands):
        if edge - band[1] > 1.2 * line or len(picked) == 3:
            break
        picked.insert(0, band)
        edge = band[0]
    return picked


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
    header = _borderless_header(table, b, words)
    lines = [[_text(words.get(("body", b, i, c))) for c in range(columns)] for i in range(len(table.lines))]
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
            readings.extend(((len(rows) - 1, c), (others[key],)) for c in filled if (key := ("body", b, index, c)) in others)
    body = tuple(tuple(row) for row in rows)
    return TablePart(page_number, "", header if any(header) else (), body, bounds, table.top, table.bottom, page_width,
                     readings=tuple(readings))


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
    for i, box in enumerate(table.header):
        text = _text(words.get(("head", b, i)))
        if not text or is_appendix_line(text) or is_caption_line(text) or is_note_line(text):
            continue
        overlaps = [overlap(box[0], box[2], c) for c in range(columns)]
        phrases.append((box, text, overlaps.index(max(overlaps))))
    header_words: list[list[str]] = [[] for _ in range(columns)]
    for (left, _top, right, bottom), text, column in phrases:
        covered = {column}
        for (other_left, other_top, other_right, _), _text_below, other_column in phrases:
            below = other_top >= bottom and min(right, other_right) > max(left, other_left)
            if below and overlap(left, right, other_column) > 0:
                covered.add(other_column)
        for c in sorted(covered):
            header_words[c].append(text)
    return tuple(" ".join(texts) for texts in header_words)


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
            tables[-1] = replace(previous, header=header, rows=previous.rows + rows, pages=previous.pages + (part.page,),
                                 readings=previous.readings + readings, regions=previous.regions + (_region(part),))
        else:
            header = part.header or ("",) * (len(part.xs) - 1)  # a table printed without a header
            readings = tuple(((row + 1, column), texts) for (row, column), texts in part.readings)
            tables.append(Table(header=header, rows=part.rows, title=part.title, page=part.page, pages=(part.page,),
                                readings=readings, regions=(_region(part),)))
        last = part
    return tuple(tables)


def _region(part: TablePart) -> tuple[int, int, int, int, int]:
    # (page, left, top, right, bottom): where the part was printed, for the review page's crop.
    return (part.page, part.xs[0], part.top, part.xs[-1], part.bottom)


def _continues(previous: TablePart, part: TablePart, config: TableConfig) -> bool:
    if part.page != previous.page + 1 or not part.first_on_page or part.titled:
        return False
    if len(part.xs) != len(previous.xs):
        return False
    tolerance = config.continuation_tolerance * part.page_width
    same_columns = all(abs(a - b) <= tolerance for a, b in zip(part.xs, previous.xs))
    same_header = bool(part.header) and _same_header(part.header, previous.header)
    return same_columns or same_header


def _same_header(repeat: Sequence[str], header: Sequence[str]) -> bool:
    """The header printed again overleaf: every column both readings have text for reads the same
    (diacritics aside), and that is most columns. OCR may miss a header cell on one page ("STT"
    on a dark photocopy), never turn it into another column's text."""
    if len(repeat) != len(header):
        return False
    both = [(fold(a), fold(b)) for a, b in zip(repeat, header) if a.strip() and b.strip()]
    return 2 * len(both) >= len(header) and all(a == b for a, b in both)

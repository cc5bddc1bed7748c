"""Synthetic appendix pages with known CSVs, for the tests and ``benchmarks/tables.py``.

Each generated table is a :class:`SynthTable` (what was printed, with the expected CSV header and
rows), rendered onto A4 pages ruled or borderless, with wrapped cells, two-level headers, a table
that runs onto the next page, and optional photocopy degradation (:func:`vnreport_build.synthetic.degrade_photocopy`).
Errors can be injected into numeric cells (a digit swap or a changed digit) with their cell recorded,
so a benchmark can tell whether every injected error is found at its cell.

Deterministic for a given seed.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field, replace
from decimal import Decimal

from PIL import Image, ImageDraw, ImageFont

from vnreport_build.synthetic import PageStyle, degrade_photocopy, find_font, wrap_text
from vnreport.tables.numbers import DIGIT_CONFUSIONS, format_printed
from vnreport.tables.objects import Table

UNITS = ("Sở Tư pháp", "Sở Y tế", "Sở Tài chính", "Sở Công Thương", "Sở Kế hoạch và Đầu tư",
         "Sở Giáo dục và Đào tạo", "Sở Nông nghiệp và Phát triển nông thôn", "Sở Thông tin và Truyền thông",
         "Sở Lao động - Thương binh và Xã hội", "UBND thành phố Vĩnh Yên", "UBND thành phố Phúc Yên",
         "UBND huyện Lập Thạch", "UBND huyện Tam Dương", "UBND huyện Tam Đảo", "UBND huyện Bình Xuyên",
         "UBND huyện Yên Lạc", "UBND huyện Vĩnh Tường", "UBND huyện Sông Lô", "Ban Quản lý các khu công nghiệp",
         "Văn phòng UBND tỉnh")
INDICATORS = (
    ("Số thuê bao điện thoại cố định", "Thuê bao"),
    ("Số thuê bao điện thoại di động", "Thuê bao"),
    ("Số thuê bao băng rộng di động phát sinh lưu lượng (thoại và dữ liệu hoặc dữ liệu)", "Thuê bao"),
    ("Số thuê bao băng rộng cố định", "Thuê bao"),
    ("Số người sử dụng Internet", "Người"),
    ("Số hộ gia đình có kết nối Internet băng rộng", "Hộ"),
    ("Số doanh nghiệp có kết nối Internet băng rộng", "Doanh nghiệp"),
    ("Tổng số máy tính đang hoạt động trên địa bàn tỉnh", "Máy tính"),
    ("Số cán bộ, công chức được cấp hộp thư điện tử chính thức", "Người"),
    ("Số văn bản đi được gửi hoàn toàn qua mạng", "Văn bản"),
    ("Số hồ sơ thủ tục hành chính được tiếp nhận trực tuyến", "Hồ sơ"),
    ("Số cơ quan nhà nước có mạng nội bộ (LAN)", "Cơ quan"),
)
CAPTIONS = ("KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH NĂM 2019", "PHÁT TRIỂN HẠ TẦNG CÔNG NGHỆ THÔNG TIN - TRUYỀN THÔNG",
            "KẾT QUẢ ỨNG DỤNG CÔNG NGHỆ THÔNG TIN TRONG CƠ QUAN NHÀ NƯỚC", "PHÁT TRIỂN NGUỒN NHÂN LỰC CÔNG NGHỆ THÔNG TIN",
            "PHÁT TRIỂN CÔNG NGHIỆP ĐIỆN TỬ, CÔNG NGHỆ THÔNG TIN")
NOTE = "(Kèm theo Báo cáo số 238/BC-UBND ngày 16/9/2020 của UBND tỉnh Vĩnh Phúc)"


@dataclass(frozen=True)
class HeaderCell:
    """A printed header cell: its text, the first column it covers and how many columns/rows it spans."""

    text: str
    column: int
    colspan: int = 1
    row: int = 0
    rowspan: int = 1


@dataclass(frozen=True)
class Injected:
    """An error put into a printed cell: where (CSV row, column), what was printed and what was right."""

    table: int  # 1-based table index in the document
    row: int
    column: int
    correct: str
    printed: str


@dataclass(frozen=True)
class SynthTable:
    """A table to print and the CSV that extraction should give back.

    header_cells: the printed header (one or two rows, spanning cells allowed).
    table: the expected CSV (header joined per column, body as printed); its title is printed above.
    widths_mm: column widths. align: "l", "c" or "r" per column.
    """

    header_cells: tuple[HeaderCell, ...]
    header_rows: int
    table: Table
    widths_mm: tuple[float, ...]
    align: tuple[str, ...]
    ruled: bool = True
    injected: tuple[Injected, ...] = ()
    bare: bool = False  # borderless without any rule (not even under the header)
    repeat_header: bool = True  # a table continued overleaf prints its header again
    unit: str = ""  # a units line ("ĐVT: triệu đồng") printed right-aligned above the table
    index_row: bool = False  # the "(1) (2) (3) …" column-number row printed under the header


@dataclass(frozen=True)
class SynthDocument:
    """Rendered pages and what should be read from them."""

    pages: tuple[Image.Image, ...]
    tables: tuple[Table, ...]  # expected, with title, page and pages set
    injected: tuple[Injected, ...] = ()
    dpi: int = 300
    clean_pages: tuple[Image.Image, ...] = field(default=(), repr=False)


def _count(rng: random.Random, low: int, high: int) -> int:
    return rng.randint(low, high)


def results_table(rng: random.Random, *, rows: int, total: str = "top", ruled: bool = True, title: str = "") -> SynthTable:
    """STT | Đơn vị | Số hồ sơ tiếp nhận | Số hồ sơ đã giải quyết | Tỷ lệ (%) with a total row."""
    units = rng.sample(UNITS, rows)
    body = []
    received_sum = solved_sum = 0
    for index, unit in enumerate(units, start=1):
        received = _count(rng, 150, 60000)
        solved = rng.randint(received // 2, received)
        received_sum += received
        solved_sum += solved
        body.append([str(index), unit, format_printed(Decimal(received)), format_printed(Decimal(solved)),
                     format_printed(Decimal(100) * solved / received, 2)])
    total_row = ["", "Tổng số" if total == "top" else "Tổng cộng", format_printed(Decimal(received_sum)),
                 format_printed(Decimal(solved_sum)), format_printed(Decimal(100) * solved_sum / received_sum, 2)]
    body = [total_row, *body] if total == "top" else [*body, total_row]
    header = ("STT", "Đơn vị", "Số hồ sơ tiếp nhận", "Số hồ sơ đã giải quyết", "Tỷ lệ giải quyết (%)")
    cells = tuple(HeaderCell(text, column) for column, text in enumerate(header))
    return SynthTable(cells, 1, Table(header, tuple(tuple(row) for row in body), title=title),
                      (12, 62, 33, 33, 30), ("c", "l", "r", "r", "r"), ruled)


def plan_table(rng: random.Random, *, rows: int, ruled: bool = True, title: str = "") -> SynthTable:
    """Two-level header: STT | Chỉ tiêu | Đơn vị tính | Năm 2019 (Kế hoạch | Thực hiện) | Tỷ lệ (%),
    with a "Trong đó" row under one item."""
    indicators = rng.sample(INDICATORS, rows)
    body = []
    for index, (name, unit) in enumerate(indicators, start=1):
        plan = _count(rng, 1000, 900000)
        done = rng.randint(plan // 2, plan + plan // 5)
        body.append([str(index), name, unit, format_printed(Decimal(plan)), format_printed(Decimal(done)),
                     format_printed(Decimal(100) * done / plan, 1)])
        if index == 2:
            part_plan, part_done = rng.randint(plan // 4, plan // 2), rng.randint(done // 4, done // 2)
            body.append(["", "Trong đó: khu vực nông thôn", unit, format_printed(Decimal(part_plan)),
                         format_printed(Decimal(part_done)), format_printed(Decimal(100) * part_done / part_plan, 1)])
    header = ("STT", "Chỉ tiêu", "Đơn vị tính", "Năm 2019 - Kế hoạch", "Năm 2019 - Thực hiện", "Tỷ lệ thực hiện so với kế hoạch (%)")
    cells = (
        HeaderCell("STT", 0, rowspan=2),
        HeaderCell("Chỉ tiêu", 1, rowspan=2),
        HeaderCell("Đơn vị tính", 2, rowspan=2),
        HeaderCell("Năm 2019", 3, colspan=2),
        HeaderCell("Kế hoạch", 3, row=1),
        HeaderCell("Thực hiện", 4, row=1),
        HeaderCell("Tỷ lệ thực hiện so với kế hoạch (%)", 5, rowspan=2),
    )
    return SynthTable(cells, 2, Table(header, tuple(tuple(row) for row in body), title=title),
                      (11, 62, 24, 26, 26, 25), ("c", "l", "c", "r", "r", "r"), ruled)


SECTIONS = (("Khối sở, ban, ngành", UNITS[:9]), ("Khối huyện, thành phố", UNITS[9:19]))


def sections_table(rng: random.Random, *, ruled: bool = True, bare: bool = False, cong: bool = False, title: str = "",
                   unit: str = "ĐVT: hồ sơ", index_row: bool = True) -> SynthTable:
    """Group rows as government appendices print them: Roman-numbered sections ("I", "II") with
    their own sums (or, with ``cong``, a label-only section row and a "Cộng" row under its items),
    items numbered 1.. under each, a "Tổng cộng" row; a unit that did not report prints "-" and its
    rate "x"; a blank note stays blank. ``unit``: the units line printed above the table (not a
    row); ``index_row``: the "(1) (2) …" column-number row under the header (not a row)."""
    body: list[list[str]] = []
    grand = [0, 0]
    for roman, (name, units) in zip(("I", "II"), SECTIONS):
        items = []
        sums = [0, 0]
        for index, unit_name in enumerate(rng.sample(units, rng.randint(2, 4)), start=1):
            if rng.random() < 0.15:
                items.append([str(index), unit_name, "-", "-", "x"])
                continue
            received = _count(rng, 100, 9000)
            solved = rng.randint(received // 2, received)
            sums[0] += received
            sums[1] += solved
            items.append([str(index), unit_name, format_printed(Decimal(received)), format_printed(Decimal(solved)),
                          format_printed(Decimal(100) * solved / received, 1)])
        rate = format_printed(Decimal(100) * sums[1] / sums[0], 1) if sums[0] else "x"
        totals = [format_printed(Decimal(sums[0])), format_printed(Decimal(sums[1])), rate]
        if cong:
            body.append([roman, name, "", "", ""])
            body.extend(items)
            body.append(["", "Cộng", *totals])
        else:
            body.append([roman, name, *totals])
            body.extend(items)
        grand[0] += sums[0]
        grand[1] += sums[1]
    body.append(["", "Tổng cộng", format_printed(Decimal(grand[0])), format_printed(Decimal(grand[1])),
                 format_printed(Decimal(100) * grand[1] / grand[0], 1)])
    header = ("STT", "Đơn vị", "Số hồ sơ tiếp nhận", "Số hồ sơ đã giải quyết", "Tỷ lệ (%)")
    cells = tuple(HeaderCell(text, column) for column, text in enumerate(header))
    return SynthTable(cells, 1, Table(header, tuple(tuple(row) for row in body), title=title),
                      (12, 70, 32, 32, 24), ("c", "l", "r", "r", "r"), ruled, bare=bare, unit=unit, index_row=index_row)


def inject_error(rng: random.Random, synth: SynthTable, table_index: int) -> SynthTable:
    """Change one numeric body cell that takes part in a check by one digit swap or one digit
    misread as a similar one (3↔8, 5↔6 …).

    The cell is chosen among the count and rate columns; the change keeps the text a valid number.
    """
    table = synth.table
    numeric = [column for column, text in enumerate(table.header) if any(ch in text for ch in "%") or
               any(word in text for word in ("Số hồ sơ", "Kế hoạch", "Thực hiện"))]
    for _ in range(100):
        row = rng.randrange(len(table.rows))
        column = rng.choice(numeric)
        original = table.rows[row][column]
        if not original or (table.rows[row][1].startswith("Trong đó") and "%" not in table.header[column]):
            continue
        printed = _mutate(rng, original)
        if printed and printed != original:
            changed = table.with_cells({(row + 1, column): printed})
            injected = Injected(table_index, row + 1, column, original, printed)
            return replace(synth, table=changed, injected=synth.injected + (injected,))
    raise RuntimeError("no cell to inject an error into")  # pragma: no cover - tables always have one


def _mutate(rng: random.Random, text: str) -> str | None:
    digits = [i for i, ch in enumerate(text) if ch.isdigit()]
    swaps = [i for i in digits if i + 1 in digits and text[i] != text[i + 1]]
    if swaps and rng.random() < 0.5:
        i = rng.choice(swaps)
        result = text[:i] + text[i + 1] + text[i] + text[i + 2 :]
    else:
        # A digit misread as one of similar shape (the confusions the checker knows, vnreport.tables.numbers).
        i = rng.choice(digits)
        result = text[:i] + rng.choice(DIGIT_CONFUSIONS[text[i]]) + text[i + 1 :]
    if result[0] == "0" and len(result) > 1 and result[1] != ",":
        return None
    return result


# --- rendering ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Fonts:
    body: ImageFont.FreeTypeFont
    bold: ImageFont.FreeTypeFont
    line: int  # line height in px


def _fonts(style: PageStyle) -> _Fonts:
    body = ImageFont.truetype(str(style.font_path), style.font_px)
    bold = ImageFont.truetype(str(find_font("serif-bold")), style.font_px)
    return _Fonts(body, bold, int(style.font_px * 1.3))


def render_document(
    tables: list[SynthTable],
    *,
    seed: int = 0,
    degrade: float = 0.0,
    dpi: int = 300,
    font_size_pt: float = 12.0,
    page_height_mm: float = 297.0,
    page_width_mm: float = 210.0,
    page_numbers: bool = False,
) -> SynthDocument:
    """Render tables one after another (each with its title) onto A4 pages (landscape with
    ``page_width_mm=297, page_height_mm=210``); long tables continue on the next page with the
    header repeated (unless the table says not to). ``page_numbers``: a centred page number at the
    foot of every page (not part of any table). Returns pages and the expected tables."""
    style = PageStyle(font_path=find_font("serif"), font_size_pt=font_size_pt, dpi=dpi, page_height_mm=page_height_mm,
                      page_width_mm=page_width_mm)
    fonts = _fonts(style)
    width, height = style.px(style.page_width_mm), style.px(style.page_height_mm)
    bottom = height - style.px(style.margin_mm)
    pages: list[Image.Image] = []
    expected: list[Table] = []
    injected: list[Injected] = []

    def new_page() -> ImageDraw.ImageDraw:
        pages.append(Image.new("L", (width, height), 255))
        return ImageDraw.Draw(pages[-1])

    draw = new_page()
    y = style.px(style.margin_mm)
    for synth in tables:
        table_width = sum(style.px(w) for w in synth.widths_mm)
        x0 = (width - table_width) // 2
        title_lines = _title_lines(synth.table.title)
        header_height = _header_height(synth, style, fonts)
        first_row = _row_height(synth, synth.table.rows[0], style, fonts) if synth.table.rows else 0
        need = len(title_lines) * fonts.line + fonts.line + header_height + first_row
        if y + need > bottom and y > style.px(style.margin_mm):
            draw, y = new_page(), style.px(style.margin_mm)
        for text, bold in title_lines:
            font = fonts.bold if bold else fonts.body
            draw.text(((width - font.getlength(text)) / 2, y), text, font=font, fill=0)
            y += fonts.line
        y += fonts.line // 2
        if synth.unit:
            draw.text((x0 + table_width - fonts.body.getlength(synth.unit), y), synth.unit, font=fonts.body, fill=0)
            y += fonts.line
        start_page = len(pages)
        y = _draw_header(draw, synth, x0, y, style, fonts)
        table_top = y
        if synth.index_row:
            y = _draw_index_row(draw, synth, x0, y, style, fonts)
        for row in synth.table.rows:
            row_height = _row_height(synth, row, style, fonts)
            if y + row_height > bottom:
                _draw_frame(draw, synth, x0, table_top, y, style)
                draw, y = new_page(), style.px(style.margin_mm)
                if synth.repeat_header:
                    y = _draw_header(draw, synth, x0, y, style, fonts)
                table_top = y
                if synth.repeat_header and synth.index_row:
                    y = _draw_index_row(draw, synth, x0, y, style, fonts)
            _draw_row(draw, synth, row, x0, y, row_height, style, fonts)
            y += row_height
        _draw_frame(draw, synth, x0, table_top, y, style)
        y += 2 * fonts.line
        page_numbers = tuple(range(start_page, len(pages) + 1))
        expected.append(replace(synth.table, page=start_page, pages=page_numbers))
        injected.extend(synth.injected)
    if page_numbers:
        for number, page in enumerate(pages, start=1):
            text = str(number)
            ImageDraw.Draw(page).text(((width - fonts.body.getlength(text)) / 2, height - style.px(style.margin_mm) + fonts.line),
                                      text, font=fonts.body, fill=0)
    clean = tuple(pages)
    if degrade > 0:
        pages = [degrade_photocopy(page, seed=seed * 1000 + number, strength=degrade) for number, page in enumerate(pages)]
    for page in pages:
        page.info["dpi"] = (dpi, dpi)
    return SynthDocument(tuple(pages), tuple(expected), tuple(injected), dpi, clean)


def _title_lines(title: str) -> list[tuple[str, bool]]:
    if not title:
        return []
    head, _, caption = title.partition(": ")
    lines = [(head, True)]
    if caption:
        lines.append((caption, True))
    lines.append((NOTE, False))
    return lines


def _pad(style: PageStyle) -> int:
    return style.px(1.2)


def _wrapped(text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    return wrap_text(text, font, width) if text else []


def _header_height(synth: SynthTable, style: PageStyle, fonts: _Fonts) -> int:
    return sum(_header_row_heights(synth, style, fonts))


def _header_row_heights(synth: SynthTable, style: PageStyle, fonts: _Fonts) -> list[int]:
    heights = [fonts.line + 2 * _pad(style)] * synth.header_rows
    for cell in synth.header_cells:
        width = sum(style.px(w) for w in synth.widths_mm[cell.column : cell.column + cell.colspan]) - 2 * _pad(style)
        need = len(_wrapped(cell.text, fonts.bold, width)) * fonts.line + 2 * _pad(style)
        if cell.rowspan == 1:
            heights[cell.row] = max(heights[cell.row], need)
    for cell in synth.header_cells:
        if cell.rowspan > 1:
            width = sum(style.px(w) for w in synth.widths_mm[cell.column : cell.column + cell.colspan]) - 2 * _pad(style)
            need = len(_wrapped(cell.text, fonts.bold, width)) * fonts.line + 2 * _pad(style)
            have = sum(heights[cell.row : cell.row + cell.rowspan])
            if need > have:
                heights[cell.row + cell.rowspan - 1] += need - have
    return heights


def _draw_header(draw: ImageDraw.ImageDraw, synth: SynthTable, x0: int, y0: int, style: PageStyle, fonts: _Fonts) -> int:
    heights = _header_row_heights(synth, style, fonts)
    lefts = [x0]
    for w in synth.widths_mm:
        lefts.append(lefts[-1] + style.px(w))
    tops = [y0]
    for h in heights:
        tops.append(tops[-1] + h)
    thickness = _rule(style)
    for cell in synth.header_cells:
        left, right = lefts[cell.column], lefts[cell.column + cell.colspan]
        top, bottom = tops[cell.row], tops[cell.row + cell.rowspan]
        lines = _wrapped(cell.text, fonts.bold, right - left - 2 * _pad(style))
        text_top = top + (bottom - top - len(lines) * fonts.line) // 2
        for i, line in enumerate(lines):
            draw.text(((left + right - fonts.bold.getlength(line)) / 2, text_top + i * fonts.line), line, font=fonts.bold, fill=0)
        if synth.ruled:
            draw.rectangle([left, top, right, bottom], outline=0, width=thickness)
    if not synth.ruled and not synth.bare:
        # Borderless tables: a rule above and below the header only.
        draw.rectangle([lefts[0], tops[0], lefts[-1], tops[0] + thickness - 1], fill=0)
        draw.rectangle([lefts[0], tops[-1], lefts[-1], tops[-1] + thickness - 1], fill=0)
    return tops[-1]


def _draw_index_row(draw: ImageDraw.ImageDraw, synth: SynthTable, x0: int, y: int, style: PageStyle, fonts: _Fonts) -> int:
    """The "(1) (2) (3) …" row under the header; returns the y under it."""
    height = fonts.line + 2 * _pad(style)
    row = tuple(f"({column + 1})" for column in range(len(synth.widths_mm)))
    _draw_row(draw, replace(synth, align=("c",) * len(row)), row, x0, y, height, style, fonts)
    return y + height


def _rule(style: PageStyle) -> int:
    return max(2, style.px(0.25))


def _cell_lines(synth: SynthTable, row: tuple[str, ...], style: PageStyle, fonts: _Fonts) -> list[list[str]]:
    return [
        _wrapped(text, fonts.bold if _is_total(row) else fonts.body, style.px(w) - 2 * _pad(style))
        for text, w in zip(row, synth.widths_mm)
    ]


def _is_total(row: tuple[str, ...]) -> bool:
    return any(cell.startswith(("Tổng", "Cộng")) for cell in row[:2])


def _row_height(synth: SynthTable, row: tuple[str, ...], style: PageStyle, fonts: _Fonts) -> int:
    lines = max((len(cell) for cell in _cell_lines(synth, row, style, fonts)), default=1)
    return max(1, lines) * fonts.line + 2 * _pad(style)


def _draw_row(draw, synth: SynthTable, row, x0: int, y: int, height: int, style: PageStyle, fonts: _Fonts) -> None:
    left = x0
    font = fonts.bold if _is_total(row) else fonts.body
    for lines, w, align in zip(_cell_lines(synth, row, style, fonts), synth.widths_mm, synth.align):
        right = left + style.px(w)
        # Ruled tables centre cells vertically; borderless ones set them from the top of the row.
        top = y + (height - len(lines) * fonts.line) // 2 if synth.ruled else y + _pad(style)
        for i, line in enumerate(lines):
            length = font.getlength(line)
            x = {"l": left + _pad(style), "c": (left + right - length) / 2, "r": right - _pad(style) - length}[align]
            draw.text((x, top + i * fonts.line), line, font=font, fill=0)
        left = right
    if synth.ruled:
        draw.rectangle([x0, y + height, left, y + height + _rule(style) - 1], fill=0)


def _draw_frame(draw, synth: SynthTable, x0: int, top: int, bottom: int, style: PageStyle) -> None:
    thickness = _rule(style)
    if synth.bare:
        return
    if not synth.ruled:
        right = x0 + sum(style.px(w) for w in synth.widths_mm)
        draw.rectangle([x0, bottom, right, bottom + thickness - 1], fill=0)
        return
    left = x0
    draw.rectangle([left, top, left + thickness - 1, bottom], fill=0)
    for w in synth.widths_mm:
        left += style.px(w)
        draw.rectangle([left, top, left + thickness - 1, bottom], fill=0)


def blank_page(*, dpi: int = 300) -> Image.Image:
    """A white A4 page (bad input for tables: nothing to find)."""
    style = PageStyle(font_path=find_font("serif"), dpi=dpi)
    image = Image.new("L", (style.px(style.page_width_mm), style.px(style.page_height_mm)), 255)
    image.info["dpi"] = (dpi, dpi)
    return image


def photo_page(*, seed: int = 0, dpi: int = 150) -> Image.Image:
    """A page that is only a photograph-like picture: smooth shapes and noise, no text, no rules."""
    import numpy as np

    rng = np.random.default_rng(seed)
    style = PageStyle(font_path=find_font("serif"), dpi=dpi)
    height, width = style.px(style.page_height_mm), style.px(style.page_width_mm)
    yy, xx = np.mgrid[0:height, 0:width]
    pixels = 128 + 60 * np.sin(xx / 37.0) * np.cos(yy / 53.0) + rng.normal(0, 25, (height, width))
    image = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8), mode="L")
    image.info["dpi"] = (dpi, dpi)
    return image


def prose_page(text: str, *, dpi: int = 300) -> Image.Image:
    """A page of running text without any table."""
    from vnreport_build.synthetic import render_paragraphs

    style = PageStyle(font_path=find_font("serif"), dpi=dpi)
    image = render_paragraphs([text], style)[0][0]
    image.info["dpi"] = (dpi, dpi)
    return image


def appendix_set(seed: int, *, errors: bool = True, degrade: float = 0.8, borderless_two_level: bool = False) -> SynthDocument:
    """One benchmark document: a ruled results table (total row, rate column), a ruled table with
    a two-level header and a "Trong đó" row, a borderless results table, and a ruled table long
    enough to continue on the next page. With ``errors``, one numeric error is injected into every
    other table (which ones depends on the seed); the rest stay clean.

    ``borderless_two_level`` adds a fifth table, the two-level table printed borderless, after the
    others; it draws from its own random stream, so the first four tables and their errors stay
    what they are without it."""
    tables = appendix_tables(seed, errors=errors, borderless_two_level=borderless_two_level)
    return render_document(tables, seed=seed, degrade=degrade)


def appendix_tables(seed: int, *, errors: bool = True, borderless_two_level: bool = False) -> list[SynthTable]:
    """The tables of :func:`appendix_set` before rendering (the same for the same seed), for
    checking the checker on the printed truth without the cost of rendering and OCR."""
    rng = random.Random(seed)
    tables = [
        results_table(rng, rows=rng.randint(5, 8), total=rng.choice(["top", "bottom"]),
                      title=f"Phụ lục 1: {CAPTIONS[0]}"),
        plan_table(rng, rows=rng.randint(4, 6), title=f"Phụ lục 2: {CAPTIONS[1]}"),
        results_table(rng, rows=rng.randint(6, 9), total="bottom", ruled=False, title=f"Phụ lục 3: {CAPTIONS[2]}"),
        results_table(rng, rows=rng.randint(16, 19), total="bottom", title=f"Phụ lục 4: {CAPTIONS[3]}"),
    ]
    if errors:
        first = seed % 2
        for index in range(first, len(tables), 2):
            tables[index] = inject_error(rng, tables[index], index + 1)
    if borderless_two_level:
        extra = random.Random(seed + 7919)
        table = plan_table(extra, rows=extra.randint(4, 6), ruled=False, title=f"Phụ lục 5: {CAPTIONS[4]}")
        if errors and seed % 2 == 0:  # index 4 is one of "every other table" when the first is 0
            table = inject_error(extra, table, 5)
        tables.append(table)
    return tables

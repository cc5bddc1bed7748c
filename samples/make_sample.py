#!/usr/bin/env python3
"""Render the bundled sample: a scanned-looking provincial report built from the clean seed texts.

    python samples/make_sample.py [--seeds ../shared/seeds] [--out samples]

Writes, into --out:
  report-scan.pdf              5 pages: a report (header block, numbered sections, lists, signature
                               block) and an appendix page with two ruled tables, degraded like an
                               office photocopy and stored as JPEG page images
  report-scan.truth.txt        the text printed on each page, line by line, pages separated by \\f
  report-scan.tables/table-N.csv   the appendix tables as printed (header row first)
  legacy-ocr-238-BC-UBND.txt   a copy of seeds/004, a real legacy English-model OCR of a report

Everything is deterministic (fixed seeds, fixed PDF dates), so rerunning it reproduces the files.
The figures in the tables are invented but consistent: the "Tổng cộng" row holds the sums and every
"Tỷ lệ (%)" is the row's count over its total, rounded half up to one decimal.
"""

from __future__ import annotations

import argparse
import csv
import shutil
import sys
import time
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import regex
from PIL import Image, ImageDraw, ImageFont

from vnreport_build.synthetic import degrade_photocopy, find_font, wrap_text

REPO = Path(__file__).resolve().parents[1]
DPI = 300  # rendered and stored at 300 dpi, the resolution offices scan at
JPEG_QUALITY = 55  # keeps five noisy pages under 5 MB without visible blocking around diacritics
MM_PER_INCH = 25.4
PAGE_W_MM, PAGE_H_MM = 210.0, 297.0
# Margins of Nghị định 30/2020/NĐ-CP: top/bottom 20-25 mm, left 30-35 mm, right 15-20 mm.
TOP_MM, BOTTOM_MM, LEFT_MM, RIGHT_MM = 20.0, 20.0, 30.0, 15.0
BODY_PT = 13.0
LINE_SPACING = 1.3
FIRST_INDENT_MM = 12.7
PARAGRAPH_GAP_PT = 4.0
DEGRADE_SEED = 20231215
PDF_DATE = time.strptime("2023-12-15 09:00:00", "%Y-%m-%d %H:%M:%S")

REPORT_NO = "215/BC-UBND"
PLACE_DATE = "Vĩnh Phúc, ngày 15 tháng 12 năm 2023"


def px(mm: float) -> int:
    return int(round(mm / MM_PER_INCH * DPI))


def pt(points: float) -> int:
    return int(round(points / 72.0 * DPI))


# --- fonts ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Fonts:
    regular: Path
    bold: Path
    italic: Path
    bold_italic: Path

    def get(self, style: str, size_pt: float) -> ImageFont.FreeTypeFont:
        return ImageFont.truetype(str(getattr(self, style)), pt(size_pt))


def find_fonts() -> Fonts:
    regular = find_font("serif")
    bold = find_font("serif-bold")

    def sibling(name: str, fallback: Path) -> Path:
        # Liberation Serif ships Italic and BoldItalic beside Regular; DejaVu names them differently.
        for candidate in (regular.with_name(name), regular.with_name(name.replace("Liberation", "DejaVu"))):
            if candidate.is_file():
                return candidate
        return fallback

    return Fonts(regular, bold, sibling("LiberationSerif-Italic.ttf", regular), sibling("LiberationSerif-BoldItalic.ttf", bold))


# --- typesetting ----------------------------------------------------------------------------------


class Typesetter:
    """Lays lines top-down on A4 pages and records every printed line as the page's truth."""

    def __init__(self, fonts: Fonts) -> None:
        self.fonts = fonts
        self.width, self.height = px(PAGE_W_MM), px(PAGE_H_MM)
        self.left, self.right = px(LEFT_MM), self.width - px(RIGHT_MM)
        self.bottom = self.height - px(BOTTOM_MM)
        self.pages: list[Image.Image] = []
        self.truth: list[list[str]] = []
        self.new_page()

    # pages

    def new_page(self) -> None:
        self.image = Image.new("L", (self.width, self.height), 255)
        self.draw = ImageDraw.Draw(self.image)
        self.pages.append(self.image)
        self.truth.append([])
        self.y = px(TOP_MM)
        number = len(self.pages)
        if number >= 2:  # page numbers from page 2, centred in the top margin (Nghị định 30)
            font = self.fonts.get("regular", 12)
            text = str(number)
            self.draw.text(((self.width - font.getlength(text)) / 2, px(10)), text, font=font, fill=0)
            self.truth[-1].append(text)

    def ensure(self, height: int) -> None:
        if self.y + height > self.bottom:
            self.new_page()

    def space(self, points: float) -> None:
        self.y += pt(points)

    # lines

    def line_height(self, font: ImageFont.FreeTypeFont) -> int:
        return int(font.size * LINE_SPACING)

    def put(self, text: str, font: ImageFont.FreeTypeFont, *, x0: int, width: int, align: str = "left", record: bool = True) -> None:
        """Draw one line at the cursor (no page break here) and record it."""
        words = text.split()
        if align == "justify" and len(words) > 1:
            gap = (width - sum(font.getlength(w) for w in words)) / (len(words) - 1)
            x = float(x0)
            for word in words:
                self.draw.text((x, self.y), word, font=font, fill=0)
                x += font.getlength(word) + gap
        else:
            length = font.getlength(text)
            x = x0 if align == "left" else x0 + (width - length) / 2 if align == "center" else x0 + width - length
            self.draw.text((x, self.y), text, font=font, fill=0)
        if record:
            self.truth[-1].append(" ".join(words))

    def paragraph(
        self,
        text: str,
        *,
        style: str = "regular",
        size: float = BODY_PT,
        indent_mm: float = FIRST_INDENT_MM,
        align: str = "justify",
        gap_pt: float = PARAGRAPH_GAP_PT,
    ) -> None:
        """A wrapped paragraph: first line indented, justified except its last line."""
        font = self.fonts.get(style, size)
        step = self.line_height(font)
        width = self.right - self.left
        indent = px(indent_mm)
        first = wrap_text(text, font, width - indent)
        lines = first[:1] + (wrap_text(" ".join(" ".join(first[1:]).split()), font, width) if len(first) > 1 else [])
        self.space(gap_pt)
        for index, line in enumerate(lines):
            self.ensure(step)
            x0 = self.left + (indent if index == 0 else 0)
            last = index == len(lines) - 1
            line_align = align if not (align == "justify" and last) else "left"
            self.put(line, font, x0=x0, width=self.right - x0, align=line_align)
            self.y += step

    def centred(self, lines: list[str], *, style: str, size: float, x0: int, width: int) -> int:
        """Centred lines in a column starting at the cursor; returns the height used."""
        font = self.fonts.get(style, size)
        step = self.line_height(font)
        top = self.y
        for line in lines:
            self.put(line, font, x0=x0, width=width, align="center")
            self.y += step
        used = self.y - top
        self.y = top
        return used

    def rule(self, x_centre: float, length_mm: float, y: int) -> None:
        half = px(length_mm) / 2
        self.draw.line([(x_centre - half, y), (x_centre + half, y)], fill=0, width=3)


# --- the report -----------------------------------------------------------------------------------


def seed_paragraphs(seeds: Path) -> dict[str, list[str]]:
    texts = {}
    for name in ("001", "002", "003"):
        files = sorted(seeds.glob(f"{name}_*.txt"))
        if not files:
            sys.exit(f"make_sample: no seed {name}_*.txt in {seeds} (use --seeds)")
        texts[name] = [line.strip() for line in files[0].read_text(encoding="utf-8").splitlines() if line.strip()]
    return texts


def pick(paragraphs: list[str], start: str) -> str:
    for paragraph in paragraphs:
        if paragraph.startswith(start):
            return paragraph
    raise SystemExit(f"make_sample: seed paragraph starting {start!r} not found")


def sentences(text: str) -> list[str]:
    return [s.strip() for s in regex.split(r"(?<=\.)\s+(?=\p{Lu})", text) if s.strip()]


def clauses(text: str) -> list[str]:
    """Split a ';'-separated enumeration into list items, each capitalised and ending with ';' or '.'."""
    parts = [part.strip().rstrip(".…") for part in text.split(";") if part.strip()]
    items = [part[:1].upper() + part[1:] for part in parts]
    return [item + (";" if index < len(items) - 1 else ".") for index, item in enumerate(items)]


def header_block(ts: Typesetter) -> None:
    left_w = px(70)
    right_x, right_w = ts.left + left_w, ts.right - ts.left - left_w
    top = ts.y
    used_left = ts.centred(["UBND TỈNH VĨNH PHÚC"], style="bold", size=13, x0=ts.left, width=left_w)
    ts.rule(ts.left + left_w / 2, 25, top + used_left + pt(2))
    ts.y = top + used_left + pt(8)
    ts.centred([f"Số: {REPORT_NO}"], style="regular", size=13, x0=ts.left, width=left_w)
    ts.y = top
    used_right = ts.centred(
        ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"], style="bold", size=13, x0=right_x, width=right_w
    )
    ts.rule(right_x + right_w / 2, 55, top + used_right + pt(2))
    ts.y = top + used_right + pt(8)
    used_date = ts.centred([PLACE_DATE], style="italic", size=13, x0=right_x, width=right_w)
    ts.y = top + used_right + pt(8) + used_date + pt(18)


def title(ts: Typesetter) -> None:
    width = ts.right - ts.left
    ts.y += ts.centred(["BÁO CÁO"], style="bold", size=14, x0=ts.left, width=width)
    ts.y += ts.centred(
        ["Kết quả thực hiện chuyển đổi số và ứng dụng", "công nghệ thông tin trên địa bàn tỉnh năm 2023"],
        style="bold",
        size=13,
        x0=ts.left,
        width=width,
    )
    ts.rule(ts.left + width / 2, 40, ts.y + pt(2))
    ts.space(12)


def heading(ts: Typesetter, text: str) -> None:
    font = ts.fonts.get("bold", BODY_PT)
    ts.space(PARAGRAPH_GAP_PT)
    # Keep a heading with at least two lines of what follows.
    ts.ensure(3 * ts.line_height(font))
    ts.paragraph(text, style="bold", align="left", gap_pt=0)


def signature_block(ts: Typesetter) -> None:
    small = ts.fonts.get("regular", 11)
    recipients = [
        "- Bộ Thông tin và Truyền thông;",
        "- TTTU, TTHĐND tỉnh;",
        "- CT, các PCT UBND tỉnh;",
        "- Các sở, ban, ngành;",
        "- UBND các huyện, thành phố;",
        "- Lưu: VT, KGVX.",
    ]
    right_lines = ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
    needed = pt(16) * 3 + ts.line_height(small) * len(recipients) + pt(80)
    ts.space(10)
    ts.ensure(needed)
    left_w = px(75)
    right_x, right_w = ts.left + left_w, ts.right - ts.left - left_w
    top = ts.y
    ts.put("Nơi nhận:", ts.fonts.get("bold_italic", 12), x0=ts.left, width=left_w)
    ts.y += ts.line_height(ts.fonts.get("bold_italic", 12))
    for line in recipients:
        ts.put(line, small, x0=ts.left, width=left_w)
        ts.y += ts.line_height(small)
    bottom_left = ts.y
    ts.y = top
    used = ts.centred(right_lines, style="bold", size=13, x0=right_x, width=right_w)
    ts.y = top + used + pt(14)
    ts.y += ts.centred(["(Đã ký)"], style="italic", size=13, x0=right_x, width=right_w) + pt(26)
    ts.y += ts.centred(["Nguyễn Văn Khánh"], style="bold", size=13, x0=right_x, width=right_w)
    ts.y = max(ts.y, bottom_left)


def report_body(ts: Typesetter, seeds: dict[str, list[str]]) -> None:
    s1, s2, s3 = seeds["001"], seeds["002"], seeds["003"]
    ts.paragraph(
        "Thực hiện Kế hoạch số 125/KH-UBND ngày 20/3/2023 của UBND tỉnh về chuyển đổi số năm 2023, "
        "UBND tỉnh Vĩnh Phúc báo cáo kết quả thực hiện như sau:"
    )
    ts.paragraph(pick(s2, "Bằng việc kịp thời"))
    heading(ts, "I. KẾT QUẢ ĐẠT ĐƯỢC")
    heading(ts, "1. Công tác chỉ đạo, điều hành")
    ts.paragraph(pick(s1, "Nhận định rõ những tồn tại"))
    ts.paragraph(pick(s2, "Tiếp nối thành công"))
    heading(ts, "2. Hạ tầng số và nền tảng số")
    ts.paragraph(pick(s2, "Theo báo cáo của UBND tỉnh"))
    ts.paragraph(pick(s2, "Cổng dịch vụ công, hệ thống một cửa"))
    heading(ts, "3. Ứng dụng công nghệ thông tin trong cơ quan nhà nước")
    ts.paragraph("Kết quả cụ thể như sau:")
    for sentence in sentences(pick(s3, "UBND tỉnh đã quan tâm"))[1:5]:
        ts.paragraph(f"- {sentence}")
    heading(ts, "II. TỒN TẠI, HẠN CHẾ")
    bottlenecks = pick(s1, "Từ đó, rất nhanh")
    intro, _, listing = bottlenecks.partition(": ")
    ts.paragraph("Qua rà soát, " + intro[len("Từ đó, rất nhanh, ") :].strip() + ":")
    for item in clauses(listing):
        ts.paragraph(f"- {item}")
    heading(ts, "III. NHIỆM VỤ, GIẢI PHÁP TRONG THỜI GIAN TỚI")
    heading(ts, "1. Nhiệm vụ trọng tâm")
    ts.paragraph(pick(s1, "Sở chủ động xây dựng kế hoạch"))
    heading(ts, "2. Giải pháp")
    ts.paragraph("a) Về thể chế, chính sách:")
    policy = pick(s3, "Để tiếp tục đẩy mạnh ứng dụng").split("…")[0]
    for item in clauses(policy.partition("tỉnh sẽ tập trung ")[2])[:4]:
        ts.paragraph(f"+ {item}")
    ts.paragraph("b) Về hạ tầng và dữ liệu:")
    for sentence in sentences(pick(s2, "Về giải pháp cụ thể"))[1:4]:
        ts.paragraph(f"+ {sentence}")
    ts.paragraph(
        "Trên đây là báo cáo kết quả thực hiện chuyển đổi số và ứng dụng công nghệ thông tin năm 2023 "
        "trên địa bàn tỉnh Vĩnh Phúc./."
    )
    signature_block(ts)


# --- the appendix tables --------------------------------------------------------------------------


def vn_int(value: int) -> str:
    """1234567 -> "1.234.567" (Vietnamese thousands separator)."""
    return f"{value:,}".replace(",", ".")


def vn_pct(part: int, whole: int) -> str:
    """Share in percent, one decimal, half up, decimal comma: 1102/1245 -> "88,5"."""
    value = (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return str(value).replace(".", ",")


@dataclass(frozen=True)
class Column:
    header: str
    width_mm: float
    align: str  # "left", "center", "right"


@dataclass(frozen=True)
class Table:
    title: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[str, ...], ...]  # the last row is "Tổng cộng", printed bold


def table_1() -> Table:
    units = [
        ("Văn phòng UBND tỉnh", 1245, 1102),
        ("Sở Tư pháp", 8530, 7915),
        ("Sở Lao động - Thương binh và Xã hội", 12406, 10873),
        ("Sở Tài nguyên và Môi trường", 6318, 5027),
        ("Sở Kế hoạch và Đầu tư", 9752, 9406),
        ("Sở Giao thông vận tải", 15870, 14962),
        ("Sở Xây dựng", 2134, 1866),
    ]
    rows = [(str(i), name, vn_int(total), vn_int(online), vn_pct(online, total)) for i, (name, total, online) in enumerate(units, 1)]
    total, online = sum(u[1] for u in units), sum(u[2] for u in units)
    rows.append(("", "Tổng cộng", vn_int(total), vn_int(online), vn_pct(online, total)))
    return Table(
        title="Phụ lục 1: Hồ sơ thủ tục hành chính tiếp nhận trực tuyến năm 2023",
        columns=(
            Column("STT", 13, "center"),
            Column("Cơ quan, đơn vị", 60, "left"),
            Column("Tổng số hồ sơ", 32, "right"),
            Column("Hồ sơ trực tuyến", 36, "right"),
            Column("Tỷ lệ (%)", 24, "right"),
        ),
        rows=tuple(rows),
    )


def table_2() -> Table:
    districts = [
        ("Thành phố Vĩnh Yên", 512),
        ("Thành phố Phúc Yên", 398),
        ("Huyện Bình Xuyên", 421),
        ("Huyện Yên Lạc", 356),
        ("Huyện Vĩnh Tường", 447),
        ("Huyện Tam Đảo", 215),
        ("Huyện Tam Dương", 309),
        ("Huyện Lập Thạch", 372),
        ("Huyện Sông Lô", 283),
    ]
    total = sum(count for _, count in districts)
    rows = [(str(i), name, vn_int(count), vn_pct(count, total)) for i, (name, count) in enumerate(districts, 1)]
    rows.append(("", "Tổng cộng", vn_int(total), vn_pct(total, total)))
    return Table(
        title="Phụ lục 2: Trạm thu phát sóng di động (BTS) theo huyện, thành phố",
        columns=(
            Column("STT", 13, "center"),
            Column("Huyện, thành phố", 80, "left"),
            Column("Số trạm BTS", 40, "right"),
            Column("Tỷ lệ (%)", 32, "right"),
        ),
        rows=tuple(rows),
    )


def draw_table(ts: Typesetter, table: Table) -> list[list[str]]:
    """Draw a ruled table at the cursor; return its cells (header first) as printed, for the CSV."""
    width = ts.right - ts.left
    ts.y += ts.centred([table.title], style="bold", size=13, x0=ts.left, width=width)
    ts.y += ts.centred([f"(Kèm theo Báo cáo số {REPORT_NO} ngày 15/12/2023 của UBND tỉnh)"], style="italic", size=12, x0=ts.left, width=width)
    ts.space(6)
    regular, bold = ts.fonts.get("regular", 12), ts.fonts.get("bold", 12)
    step = ts.line_height(regular)
    pad_x, pad_y = px(1.5), pt(3)
    xs = [ts.left]
    for column in table.columns:
        xs.append(xs[-1] + px(column.width_mm))
    rows = [tuple(column.header for column in table.columns)] + list(table.rows)
    top = ts.y
    edges = [top]
    for index, row in enumerate(rows):
        is_header, is_total = index == 0, index == len(rows) - 1
        font = bold if is_header or is_total else regular
        wrapped = [wrap_text(cell, font, px(col.width_mm) - 2 * pad_x) or [""] for cell, col in zip(row, table.columns)]
        height = max(len(lines) for lines in wrapped) * step + 2 * pad_y
        for line_index in range(max(len(lines) for lines in wrapped)):
            printed = []
            for lines, column, x0 in zip(wrapped, table.columns, xs):
                if line_index < len(lines) and lines[line_index]:
                    align = "center" if is_header else column.align
                    ts.y = edges[-1] + pad_y + line_index * step
                    ts.put(lines[line_index], font, x0=x0 + pad_x, width=px(column.width_mm) - 2 * pad_x, align=align, record=False)
                    printed.append(lines[line_index])
            ts.truth[-1].append(" ".join(printed))
        edges.append(edges[-1] + height)
    for y in edges:
        ts.draw.line([(xs[0], y), (xs[-1], y)], fill=0, width=3)
    for x in xs:
        ts.draw.line([(x, edges[0]), (x, edges[-1])], fill=0, width=3)
    ts.y = edges[-1] + pt(20)
    return [list(row) for row in rows]


def check_table_layout(fonts: Fonts, table: Table, *, wrapped_cells: int) -> None:
    """Headers fit on one line and exactly ``wrapped_cells`` body cells wrap (the multi-line test case)."""
    regular, bold = fonts.get("regular", 12), fonts.get("bold", 12)
    inner = [px(column.width_mm) - 2 * px(1.5) for column in table.columns]
    for column, width in zip(table.columns, inner):
        if len(wrap_text(column.header, bold, width)) != 1:
            raise SystemExit(f"make_sample: header {column.header!r} wraps; widen its column")
    found = sum(
        len(wrap_text(cell, bold if index == len(table.rows) - 1 else regular, width)) > 1
        for index, row in enumerate(table.rows)
        for cell, width in zip(row, inner)
    )
    if found != wrapped_cells:
        raise SystemExit(f"make_sample: {found} cells of {table.title!r} wrap, expected {wrapped_cells}")


# --- output ---------------------------------------------------------------------------------------


def write_outputs(out: Path, ts: Typesetter, tables: list[list[list[str]]], seeds: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    scans = [degrade_photocopy(page, seed=DEGRADE_SEED + number, strength=1.0) for number, page in enumerate(ts.pages, 1)]
    pdf = out / "report-scan.pdf"
    scans[0].save(
        pdf,
        "PDF",
        save_all=True,
        append_images=scans[1:],
        resolution=float(DPI),
        quality=JPEG_QUALITY,
        title="Báo cáo 215/BC-UBND (sample scan)",
        producer="vnreport samples/make_sample.py",
        creationDate=PDF_DATE,
        modDate=PDF_DATE,
    )
    (out / "report-scan.truth.txt").write_text("\f".join("\n".join(lines) + "\n" for lines in ts.truth), encoding="utf-8")
    table_dir = out / "report-scan.tables"
    table_dir.mkdir(exist_ok=True)
    for number, rows in enumerate(tables, 1):
        with (table_dir / f"table-{number}.csv").open("w", encoding="utf-8", newline="") as handle:
            csv.writer(handle, lineterminator="\n").writerows(rows)
    legacy = sorted(seeds.glob("004_*.txt"))
    if legacy:
        shutil.copyfile(legacy[0], out / "legacy-ocr-238-BC-UBND.txt")
    size = pdf.stat().st_size
    print(f"wrote {pdf} ({len(scans)} pages, {size / 1e6:.2f} MB), truth, {len(tables)} tables")
    if size > 5_000_000:
        raise SystemExit("make_sample: the PDF is over 5 MB; lower JPEG_QUALITY")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", type=Path, default=REPO.parent / "shared" / "seeds", help="folder with the seed texts 001-004")
    parser.add_argument("--out", type=Path, default=REPO / "samples", help="output folder")
    args = parser.parse_args(argv)
    fonts = find_fonts()
    seeds = seed_paragraphs(args.seeds)
    ts = Typesetter(fonts)
    header_block(ts)
    title(ts)
    report_body(ts, seeds)
    ts.new_page()
    tables = []
    for table, wrapped in ((table_1(), 1), (table_2(), 0)):
        check_table_layout(fonts, table, wrapped_cells=wrapped)
        tables.append(draw_table(ts, table))
    write_outputs(args.out, ts, tables, args.seeds)


if __name__ == "__main__":
    main()

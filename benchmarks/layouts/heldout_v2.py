"""Second held-out set of appendix layouts (split ``heldout2``, seeds from 20000): a blind judge.

Why a second held-out set: the first held-out families (``families.HELDOUT``) have been looked at
once their failures were reported, so they no longer judge blindly. These families were written
after that, by someone who does not work on the table engine, and are never shown to whoever tunes
it. They are made differently from every tune family on purpose, while staying within what issue 14
asks the engine to read:

* **Fonts** the tune set never uses: FreeSerif, FreeSans (GNU FreeFont) and DejaVu Sans (the tune
  set has Tinos, Arimo, DejaVu Serif Condensed). Liberation Serif/Sans are left out: they share
  their outlines with Tinos/Arimo.
* **Pages:** A4 with the other margins Nghị định 30/2020/NĐ-CP allows (top/bottom 20-25 mm, left
  30-35 mm, right 15-20 mm), US Letter (an office printer left on its default), line spacing from
  single to 1.5 lines, 9.5-14 pt; ``table-layout: fixed`` so that the given column widths, not the
  text, decide where cells wrap.
* **Layouts of real appendices**, each its own HTML/CSS here (``document_html``), not the tune
  renderer's: a table set mid-page between prose paragraphs of a report, under the report's
  two-column national header and above its two-column signature block ("Nơi nhận:" list and "TM.
  ỦY BAN NHÂN DÂN"), with only a top rule, a rule under the header and a bottom rule; a three-level
  header (a group over two year groups over "Số lượng | Tỷ lệ (%)") with a "(1) (2) …" row, the
  total row printed first, "A", "B" group rows with subtotals; a long table continued over pages
  whose later pages repeat only the column-number row, not the header, with "I", "II" section
  rows, long wrapped labels, a "Cộng" row closing each section and page numbers "- N -" at the foot;
  a landscape table of fifteen narrow columns (months) with blanks for months not yet reported and
  "-" for none; a borderless table (whitespace only, or three rules) of indicators whose labels wrap
  over two or three lines, with a unit column, "1.", "a)", "-" rows, "…" where a figure is not
  available and growth rates "80,28".
* **Content** in my own wording, about other provinces (Bắc Ninh, Phú Thọ, Hà Tĩnh; real
  districts and communes) and the topics of seeds 001-003 (video conferencing to the commune,
  online public services, digital signatures, e-documents); figures consistent (totals are sums of
  their parts, rates rounded half up as printed) and recorded, so ``families.inject`` puts one
  locatable-or-not error in about half the tables exactly as for the other families.

``build(family, seed)`` is deterministic: it draws from ``random.Random(f"v2:{family}:{seed}")``.
"""

from __future__ import annotations

import html
import random
from collections.abc import Callable
from dataclasses import dataclass

from benchmarks.layouts import content as C
from benchmarks.layouts.spec import DocSpec, HCell, PageSetup, Row, TableSpec

SEED_START = 20000
FONTS = ("FreeSerif", "FreeSans", "DejaVu Sans")

# Province -> (districts, communes). Real names, none of the tune set's four provinces.
PLACES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "Bắc Ninh": (
        ("Thành phố Bắc Ninh", "Thành phố Từ Sơn", "Thị xã Quế Võ", "Thị xã Thuận Thành", "Huyện Yên Phong",
         "Huyện Tiên Du", "Huyện Gia Bình", "Huyện Lương Tài"),
        ("Xã Phong Khê", "Xã Hòa Long", "Xã Kim Chân", "Xã Đông Phong", "Xã Tam Giang", "Xã Dũng Liệt",
         "Xã Phú Lâm", "Xã Lạc Vệ", "Xã Cao Đức", "Xã Đại Lai", "Xã Lâm Thao", "Xã Trung Kênh", "Xã Yên Trung",
         "Xã Hiên Vân", "Xã Nhân Thắng", "Xã Song Hồ", "Xã Mão Điền", "Xã Đông Thọ", "Phường Đình Bảng",
         "Phường Tương Giang", "Thị trấn Chờ"),
    ),
    "Phú Thọ": (
        ("Thành phố Việt Trì", "Thị xã Phú Thọ", "Huyện Lâm Thao", "Huyện Phù Ninh", "Huyện Thanh Ba",
         "Huyện Hạ Hòa", "Huyện Cẩm Khê", "Huyện Tam Nông", "Huyện Thanh Sơn", "Huyện Đoan Hùng"),
        ("Xã Hy Cương", "Xã Chu Hóa", "Xã Sơn Vi", "Xã Tiên Kiên", "Xã Phù Ninh", "Xã Chân Mộng", "Xã Văn Lung",
         "Xã Hùng Lô", "Xã Kim Đức", "Xã Thanh Đình", "Xã Vân Phú", "Xã Trị Quận", "Xã Phú Lộc", "Xã Hương Xạ",
         "Xã Văn Luông", "Xã Tứ Hiệp", "Phường Nông Trang", "Thị trấn Hùng Sơn", "Thị trấn Thanh Ba"),
    ),
    "Hà Tĩnh": (
        ("Thành phố Hà Tĩnh", "Thị xã Hồng Lĩnh", "Thị xã Kỳ Anh", "Huyện Hương Sơn", "Huyện Đức Thọ",
         "Huyện Can Lộc", "Huyện Thạch Hà", "Huyện Cẩm Xuyên", "Huyện Nghi Xuân", "Huyện Vũ Quang"),
        ("Xã Thạch Hạ", "Xã Đồng Môn", "Xã Kỳ Ninh", "Xã Sơn Kim 1", "Xã Tùng Ảnh", "Xã Thiên Lộc",
         "Xã Cẩm Nhượng", "Xã Xuân Thành", "Xã Hương Minh", "Xã Kỳ Trinh", "Xã Tân Lâm Hương",
         "Xã Cổ Đạm", "Xã Đức Lạng", "Xã Thạch Ngọc", "Phường Bắc Hồng", "Thị trấn Nghèn", "Thị trấn Vũ Quang"),
    ),
}

AGENCIES = ("Văn phòng Đoàn ĐBQH và HĐND tỉnh", "Văn phòng UBND tỉnh", "Sở Ngoại vụ", "Sở Nội vụ",
            "Sở Lao động - Thương binh và Xã hội", "Sở Tài nguyên và Môi trường", "Sở Giao thông vận tải",
            "Sở Thông tin và Truyền thông", "Sở Y tế", "Sở Giáo dục và Đào tạo", "Sở Kế hoạch và Đầu tư",
            "Ban Quản lý Khu kinh tế tỉnh", "Công an tỉnh", "Bảo hiểm xã hội tỉnh", "Cục Thuế tỉnh",
            "Trung tâm Phục vụ hành chính công tỉnh")

# Long procedure names: label cells that wrap over 2-3 lines in a narrow label column.
PROCEDURES = (
    "Cấp giấy phép xây dựng đối với công trình, nhà ở riêng lẻ trên địa bàn",
    "Đăng ký thành lập hộ kinh doanh",
    "Cấp lại giấy chứng nhận quyền sử dụng đất, quyền sở hữu nhà ở và tài sản khác gắn liền với đất do bị mất",
    "Đăng ký khai sinh, đăng ký thường trú, cấp thẻ bảo hiểm y tế cho trẻ em dưới 6 tuổi",
    "Cấp phiếu lý lịch tư pháp",
    "Chứng thực bản sao từ bản chính giấy tờ, văn bản",
    "Giải quyết chế độ trợ cấp xã hội hằng tháng đối với người cao tuổi",
    "Cấp giấy phép lái xe quốc tế",
    "Đổi giấy phép lái xe do ngành Giao thông vận tải cấp",
    "Thẩm định, phê duyệt phương án cải tạo, phục hồi môi trường",
    "Cấp giấy chứng nhận đủ điều kiện kinh doanh dược",
    "Đăng ký kết hôn có yếu tố nước ngoài",
    "Cấp giấy phép tổ chức lễ hội",
    "Thông báo tổ chức quảng cáo trên bảng quảng cáo, băng-rôn",
    "Cấp giấy xác nhận tình trạng hôn nhân",
    "Hỗ trợ chi phí mai táng cho đối tượng bảo trợ xã hội",
    "Cấp giấy phép khai thác, sử dụng nước mặt",
    "Đăng ký biến động quyền sử dụng đất do thay đổi thông tin về người được cấp giấy chứng nhận",
)
SECTIONS = ("Lĩnh vực Tư pháp - Hộ tịch", "Lĩnh vực Đất đai - Môi trường", "Lĩnh vực Lao động - Xã hội",
            "Lĩnh vực Giao thông - Xây dựng", "Lĩnh vực Y tế - Giáo dục")

# Indicators whose names wrap in a borderless table (the topics of seeds 001-003), with their units.
INDICATORS = (
    ("Tỷ lệ cơ quan nhà nước cấp tỉnh có hệ thống hội nghị truyền hình trực tuyến kết nối đến cấp xã", "%"),
    ("Số điểm cầu hội nghị truyền hình trực tuyến được đầu tư mới trong năm", "Điểm cầu"),
    ("Số văn bản điện tử gửi, nhận qua Hệ thống quản lý văn bản và điều hành liên thông 03 cấp", "Văn bản"),
    ("Số chứng thư số cấp cho cán bộ, công chức, viên chức sử dụng ký số trên văn bản điện tử", "Chứng thư"),
    ("Số hồ sơ thủ tục hành chính được tiếp nhận và giải quyết trực tuyến toàn trình", "Hồ sơ"),
    ("Số lượt truy cập Cổng dịch vụ công và Hệ thống thông tin một cửa điện tử của tỉnh", "Lượt"),
    ("Số cán bộ, công chức cấp xã được tập huấn kỹ năng số cơ bản", "Người"),
    ("Số tổ công nghệ số cộng đồng được thành lập ở thôn, tổ dân phố", "Tổ"),
)


@dataclass(frozen=True)
class TableV2(TableSpec):
    """A table of this set: prose printed before/after it, and how its header continues overleaf.

    overleaf: "header" (the whole header repeats on each page), "colnums" (only the column-number
    row repeats) or "none" (nothing repeats).
    """

    before: tuple[str, ...] = ()
    after: tuple[str, ...] = ()
    overleaf: str = "none"


@dataclass(frozen=True)
class DocV2(DocSpec):
    """A document of this set: paper, margins and line spacing of its own, optional report frame
    (national header block, signature block)."""

    paper: str = "A4"  # a CSS page size: "A4", "letter"
    line_height: float = 1.2
    page_number_css: str = ""  # content of the page-number margin box ("" for none)
    page_number_box: str = "bottom-center"
    frame: tuple[str, ...] = ()  # (agency, number, place-and-date) of the national header; () for none
    signature: bool = False


Builder = Callable[[random.Random, int], tuple[DocV2, list[TableV2]]]


def _province(rng: random.Random) -> str:
    return rng.choice(sorted(PLACES))


def _note(rng: random.Random, province: str) -> str:
    number = rng.randint(12, 480)
    day, month, year = rng.randint(1, 28), rng.randint(1, 12), rng.choice((2022, 2023, 2024))
    kind = rng.choice(("Báo cáo", "Báo cáo", "Kế hoạch"))
    return f"(Kèm theo {kind} số {number}/{'BC' if kind == 'Báo cáo' else 'KH'}-UBND ngày {day}/{month}/{year} của UBND tỉnh {province})"


def _font(rng: random.Random, low: float, high: float) -> tuple[str, float]:
    font = rng.choice(FONTS)
    size = rng.choice([s / 2 for s in range(int(low * 2), int(high * 2) + 1)])
    if font == "DejaVu Sans":  # wide face: a point smaller to keep the same line length
        size = max(low, size - 1)
    return font, size


def _doc(rng: random.Random, family: str, *, landscape: bool = False, size: tuple[float, float] = (11.0, 13.0),
         **kw) -> DocV2:
    font, size_pt = _font(rng, *size)
    margins = (rng.choice((20.0, 25.0)), rng.choice((15.0, 20.0)), rng.choice((20.0, 25.0)), rng.choice((30.0, 35.0)))
    if landscape:
        margins = (rng.choice((15.0, 20.0)), 15.0, 15.0, rng.choice((15.0, 20.0)))
    setup = PageSetup(landscape=landscape, font=font, size_pt=size_pt, page_number="", margins_mm=margins)
    paper = "A4" if landscape or rng.random() < 0.7 else "letter"
    return DocV2(family=family, seed=0, setup=setup, tables=(), paper=paper,
                 line_height=rng.choice((1.0, 1.15, 1.3, 1.5)), **kw)


def _n(value: int) -> str:
    return C.printed_int(value)


# --- families ----------------------------------------------------------------------------------------


def report_body(rng: random.Random, first: int) -> tuple[DocV2, list[TableV2]]:
    """A page of a report: national header, prose with figures, a "Biểu số" table with three rules
    (top, under the header, bottom), prose after it, then the signature block."""
    province = _province(rng)
    year = rng.choice((2022, 2023, 2024))
    frame = (f"TỈNH {province.upper()}", f"Số: {rng.randint(20, 460)}/BC-UBND",
             f"{province}, ngày {rng.randint(1, 28)} tháng {rng.randint(1, 12)} năm {year}")
    doc = _doc(rng, "", size=(12.0, 14.0), frame=frame, signature=True)
    labels = rng.sample(PLACES[province][0], rng.randint(5, min(8, len(PLACES[province][0]))))
    body, regs, dones = [], [], []
    for i, label in enumerate(labels, 1):
        reg = rng.randint(120, 9000)
        done = rng.randint(reg // 2, reg)
        regs.append(reg)
        dones.append(done)
        body.append(Row((str(i), label, _n(reg), _n(done), C.rate(done, reg, 2))))
    tr, td = sum(regs), sum(dones)
    body.append(Row(("", rng.choice(("Tổng cộng", "Toàn tỉnh")), _n(tr), _n(td), C.rate(td, tr, 2)), "total"))
    n = len(body) - 1
    before = (
        f"Thực hiện Kế hoạch chuyển đổi số năm {year} của tỉnh, Ủy ban nhân dân các huyện, thị xã, thành phố đã "
        f"chỉ đạo bộ phận một cửa cấp huyện, cấp xã đẩy mạnh tiếp nhận hồ sơ trực tuyến, hướng dẫn người dân "
        f"nộp hồ sơ qua Cổng dịch vụ công quốc gia.",
        f"Trong năm {year}, toàn tỉnh tiếp nhận {_n(tr)} hồ sơ trực tuyến, đã giải quyết {_n(td)} hồ sơ "
        f"(đạt tỷ lệ {C.rate(td, tr, 2)}%); kết quả của từng địa phương như sau:",
    )
    after = (
        "Một số địa phương còn để tồn đọng hồ sơ do đường truyền tại bộ phận một cửa cấp xã chưa ổn định, "
        "cán bộ chưa thành thạo việc số hóa kết quả giải quyết thủ tục hành chính.",
        f"Ủy ban nhân dân tỉnh {province} báo cáo để Bộ Thông tin và Truyền thông tổng hợp./.",
    )
    heading = (f"Biểu số {first:02d}", "KẾT QUẢ TIẾP NHẬN, GIẢI QUYẾT HỒ SƠ TRỰC TUYẾN CỦA CẤP HUYỆN")
    if rng.random() < 0.4:
        heading = (f"Biểu số {first:02d}: KẾT QUẢ TIẾP NHẬN, GIẢI QUYẾT HỒ SƠ TRỰC TUYẾN CỦA CẤP HUYỆN",)
    table = TableV2(
        heading=heading, note="", unit=rng.choice(("", "Đơn vị tính: hồ sơ")),
        header=((HCell("STT"), HCell("Địa phương"), HCell("Số hồ sơ tiếp nhận"), HCell("Số hồ sơ đã giải quyết"),
                 HCell("Tỷ lệ giải quyết (%)")),),
        colnums=(), rows=tuple(body), widths=(8, 40, 18, 18, 16), align=("c", "l", "r", "r", "r"), style="rules",
        sums=((2, n, tuple(range(n))), (3, n, tuple(range(n)))), rates=((4, 3, 2, 2),), before=before, after=after)
    return doc, [table]


def three_level_header(rng: random.Random, first: int) -> tuple[DocV2, list[TableV2]]:
    """A group over two year groups over "Số lượng | Tỷ lệ (%)"; "(1) (2) …" row; total row first;
    "A", "B" group rows carrying subtotals of their items."""
    province = _province(rng)
    doc = _doc(rng, "", size=(10.5, 12.0))
    y = rng.choice((2022, 2023))
    districts = PLACES[province][0]
    groups = [("Cấp tỉnh", rng.sample(AGENCIES, rng.randint(3, 5))),
              ("Cấp huyện", rng.sample(districts, rng.randint(3, 5)))]
    rows: list[Row | None] = [None]  # the total row, printed first
    sums: list[tuple[int, int, tuple[int, ...]]] = []
    group_rows = []
    total = [0, 0, 0]
    for g, (name, labels) in enumerate(groups):
        gi = len(rows)
        group_rows.append(gi)
        rows.append(None)
        acc = [0, 0, 0]
        items = []
        for i, label in enumerate(labels, 1):
            procs = rng.randint(40, 420)
            a = rng.randint(procs // 4, procs)
            b = rng.randint(a // 2, procs)
            for k, v in enumerate((procs, a, b)):
                acc[k] += v
            items.append(len(rows))
            rows.append(Row((str(i), label, _n(procs), _n(a), C.rate(a, procs, 2), _n(b), C.rate(b, procs, 2))))
        rows[gi] = Row(("AB"[g], name, _n(acc[0]), _n(acc[1]), C.rate(acc[1], acc[0], 2), _n(acc[2]),
                        C.rate(acc[2], acc[0], 2)), "group")
        for col in (2, 3, 5):
            sums.append((col, gi, tuple(items)))
        for k in range(3):
            total[k] += acc[k]
    rows[0] = Row(("", rng.choice(("Tổng cộng", "Toàn tỉnh")), _n(total[0]), _n(total[1]), C.rate(total[1], total[0], 2),
                   _n(total[2]), C.rate(total[2], total[0], 2)), "total")
    for col in (2, 3, 5):
        sums.append((col, 0, tuple(group_rows)))
    top = rng.choice(("Dịch vụ công trực tuyến toàn trình", "Thủ tục hành chính cung cấp trực tuyến"))
    header = ((HCell("TT", rowspan=3), HCell("Cơ quan, đơn vị", rowspan=3),
               HCell("Tổng số\nTTHC", rowspan=3), HCell(top, colspan=4)),
              (HCell(f"Năm {y - 1}", colspan=2), HCell(f"Năm {y}", colspan=2)),
              (HCell("Số lượng"), HCell("Tỷ lệ (%)"), HCell("Số lượng"), HCell("Tỷ lệ (%)")))
    table = TableV2(
        heading=(f"Phụ lục {C.ROMAN[first - 1]}", "TÌNH HÌNH CUNG CẤP DỊCH VỤ CÔNG TRỰC TUYẾN CỦA CÁC CƠ QUAN, ĐƠN VỊ"),
        note=_note(rng, province), unit="", header=header, colnums=tuple(f"({i})" for i in range(1, 8)),
        rows=tuple(rows), widths=(6, 30, 13, 13, 12, 13, 12), align=("c", "l", "r", "r", "r", "r", "r"),
        style=rng.choice(("grid", "vertical")), sums=tuple(sums), rates=((4, 3, 2, 2), (6, 5, 2, 2)),
        overleaf="header")
    return doc, [table]


def continued_colnums(rng: random.Random, first: int) -> tuple[DocV2, list[TableV2]]:
    """A long ruled table over 2-3 pages; the pages after the first repeat only the column-number row;
    "I", "II" section rows with only a label, long wrapped labels, "Cộng" closing each section,
    "Tổng cộng" at the end; page numbers "- N -" at the foot."""
    province = _province(rng)
    doc = _doc(rng, "", size=(11.5, 13.0), page_number_css='"- " counter(page) " -"',
               page_number_box=rng.choice(("bottom-center", "top-center")))
    sections = rng.sample(SECTIONS, rng.randint(3, 4))
    body: list[Row] = []
    sums = []
    closing = []
    tot = [0, 0, 0]
    for s, name in enumerate(sections):
        body.append(Row((C.ROMAN[s], name, "", "", "", ""), "group"))
        items = []
        acc = [0, 0, 0]
        for i, label in enumerate(rng.sample(PROCEDURES, rng.randint(6, 9)), 1):
            rec = rng.randint(0, 2600)
            ontime = rng.randint(rec * 3 // 4, rec) if rec else 0
            late = rec - ontime
            for k, v in enumerate((rec, ontime, late)):
                acc[k] += v
            items.append(len(body))
            body.append(Row((str(i), label, _n(rec) if rec else "-", _n(ontime) if ontime else "-",
                             _n(late) if late else "-", C.rate(ontime, rec, 1))))
        closing.append(len(body))
        for col in (2, 3, 4):
            sums.append((col, len(body), tuple(items)))
        body.append(Row(("", "Cộng", _n(acc[0]), _n(acc[1]), _n(acc[2]), C.rate(acc[1], acc[0], 1)), "total"))
        for k in range(3):
            tot[k] += acc[k]
    for col in (2, 3, 4):
        sums.append((col, len(body), tuple(closing)))
    body.append(Row(("", "Tổng cộng", _n(tot[0]), _n(tot[1]), _n(tot[2]), C.rate(tot[1], tot[0], 1)), "total"))
    header = ((HCell("STT", rowspan=2), HCell("Tên thủ tục hành chính", rowspan=2), HCell("Số hồ sơ đã giải quyết", colspan=3),
               HCell("Tỷ lệ đúng hạn (%)", rowspan=2)),
              (HCell("Tổng số"), HCell("Đúng hạn"), HCell("Quá hạn")))
    table = TableV2(
        heading=(f"Phụ lục {first}", "TỔNG HỢP KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH THEO LĨNH VỰC"),
        note=_note(rng, province), unit=rng.choice(("", "ĐVT: hồ sơ")), header=header,
        colnums=rng.choice((tuple(f"({i})" for i in range(1, 7)), ("1", "2", "3", "4", "5", "6"))),
        rows=tuple(body), widths=(7, 45, 12, 12, 12, 12), align=("c", "l", "r", "r", "r", "r"), style="grid",
        sums=tuple(sums), rates=((5, 3, 2, 1),), overleaf="colnums")
    return doc, [table]


MONTHS = 12


def landscape_months(rng: random.Random, first: int) -> tuple[DocV2, list[TableV2]]:
    """Landscape, fifteen narrow columns (STT, unit, Tháng 1-12, Cộng): months not yet reported are
    blank in every row, "-" for none; column rules only; units line; "Tháng" group header."""
    province = _province(rng)
    doc = _doc(rng, "", landscape=True, size=(9.5, 10.5))
    reported = rng.randint(8, 11)
    labels = rng.sample(PLACES[province][0], rng.randint(6, min(9, len(PLACES[province][0]))))
    body, cols = [], [[0] * len(labels) for _ in range(MONTHS + 1)]
    for i, label in enumerate(labels):
        cells = []
        year_total = 0
        for m in range(MONTHS):
            if m >= reported:
                cells.append("")
                continue
            v = 0 if rng.random() < 0.1 else rng.randint(1, 2400)
            cols[m][i] = v
            year_total += v
            cells.append(_n(v) if v else "-")
        cols[MONTHS][i] = year_total
        body.append(Row((str(i + 1), label, *cells, _n(year_total))))
    totals = [sum(c) for c in cols]
    body.append(Row(("", "Cộng", *(_n(t) if m < reported else "" for m, t in enumerate(totals[:MONTHS])), _n(totals[MONTHS])),
                    "total"))
    n = len(body) - 1
    sums = []
    for m in list(range(reported)) + [MONTHS]:
        parts = tuple(r for r in range(n) if body[r].cells[m + 2] != "")
        sums.append((m + 2, n, parts))
    header = ((HCell("STT", rowspan=2), HCell("Đơn vị", rowspan=2),
               HCell(f"Số hồ sơ tiếp nhận trực tuyến năm {rng.choice((2023, 2024))}", colspan=MONTHS),
               HCell("Lũy kế", rowspan=2)),
              tuple(HCell(f"Tháng {m}") for m in range(1, MONTHS + 1)))
    table = TableV2(
        heading=(f"Phụ lục {first}", "SỐ HỒ SƠ THỦ TỤC HÀNH CHÍNH TIẾP NHẬN TRỰC TUYẾN THEO THÁNG"),
        note=_note(rng, province), unit=rng.choice(("ĐVT: hồ sơ", "Đơn vị tính: hồ sơ")), header=header, colnums=(),
        rows=tuple(body), widths=(4, 17) + (6,) * MONTHS + (8,), align=("c", "l") + ("r",) * (MONTHS + 1),
        style="vertical", sums=tuple(sums), overleaf="header")
    return doc, [table]


def borderless_wrapped(rng: random.Random, first: int) -> tuple[DocV2, list[TableV2]]:
    """Whitespace only (or three rules): indicator labels wrapped over 2-3 lines, a unit column,
    "1.", "a)", "-" rows, "…" where not available, growth rate "Năm sau so với năm trước (%)"."""
    province = _province(rng)
    doc = _doc(rng, "", size=(11.0, 12.5))
    y = rng.choice((2022, 2023, 2024))
    body: list[Row] = []
    sums = []
    number = 1
    for label, unit in rng.sample(INDICATORS, rng.randint(3, 4)):
        if unit == "%":
            a, b = rng.randint(4000, 9000), rng.randint(6000, 10000)
            body.append(Row((f"{number}.", label, unit, C.rate(a, 10000, 2), C.rate(b, 10000, 2), "x")))
        else:
            a = rng.randint(30, 90000)
            b = int(a * rng.uniform(0.7, 1.6))
            if rng.random() < 0.25:
                body.append(Row((f"{number}.", label, unit, "…", _n(b), "x")))
            else:
                body.append(Row((f"{number}.", label, unit, _n(a), _n(b), C.rate(b, a, 2))))
        number += 1
    # A broken-down indicator: its "a)" rows add up to it; "-" rows list what is not counted.
    parent = len(body)
    parts = []
    part_a = part_b = 0
    kids = rng.sample(("Cấp tỉnh", "Cấp huyện", "Cấp xã"), 3)
    body.append(Row(()))
    for k, name in enumerate(kids):
        a = rng.randint(50, 4000)
        b = int(a * rng.uniform(0.8, 1.5))
        part_a += a
        part_b += b
        parts.append(len(body))
        body.append(Row((C.LETTERS[k], f"Tại {name.lower()}", "Hồ sơ", _n(a), _n(b), C.rate(b, a, 2)), "sub"))
    body[parent] = Row((f"{number}.", "Số hồ sơ được số hóa kết quả giải quyết thủ tục hành chính", "Hồ sơ",
                        _n(part_a), _n(part_b), C.rate(part_b, part_a, 2)), "group")
    for extra in rng.sample(("- Hồ sơ tiếp nhận qua dịch vụ bưu chính công ích", "- Hồ sơ nộp trực tiếp tại bộ phận một cửa"), 1):
        body.append(Row(("", extra, "Hồ sơ", "", "", ""), "sub"))
    sums = [(3, parent, tuple(parts)), (4, parent, tuple(parts))]
    header = (HCell("STT"), HCell("Chỉ tiêu"), HCell("Đơn vị tính"), HCell(f"Năm {y - 1}"), HCell(f"Năm {y}"),
              HCell(f"Năm {y} so với\nnăm {y - 1} (%)"))
    table = TableV2(
        heading=(f"Phụ lục {first}", "MỘT SỐ CHỈ TIÊU VỀ CHÍNH QUYỀN SỐ, XÃ HỘI SỐ"), note=_note(rng, province), unit="",
        header=(header,), colnums=(), rows=tuple(body), widths=(7, 40, 13, 12, 12, 17), align=("c", "l", "c", "r", "r", "r"),
        style=rng.choice(("none", "rules")), sums=tuple(sums), rates=((5, 4, 3, 2),), overleaf="none")
    return doc, [table]


FAMILIES: dict[str, Builder] = {
    "report-body": report_body,
    "three-level-header": three_level_header,
    "continued-colnums": continued_colnums,
    "landscape-months": landscape_months,
    "borderless-wrapped": borderless_wrapped,
}


def build(family: str, seed: int) -> DocV2:
    """The document of ``family`` for ``seed``: about half its tables carry one injected error
    (``families.inject``, the same rule as for every other family)."""
    from benchmarks.layouts import families  # here: families imports this module to register the split

    rng = random.Random(f"v2:{family}:{seed}")
    first = rng.randint(1, 5)
    doc, tables = FAMILIES[family](rng, first)
    out = []
    for index, table in enumerate(tables, 1):
        if rng.random() < 0.5:
            table = families.inject(rng, index, table)
        out.append(table)
    return DocV2(family=family, seed=seed, setup=doc.setup, tables=tuple(out), paper=doc.paper,
                 line_height=doc.line_height, page_number_css=doc.page_number_css, page_number_box=doc.page_number_box,
                 frame=doc.frame, signature=doc.signature)


# --- HTML --------------------------------------------------------------------------------------------

_RULES = {  # "T" stands for the table's own selector
    "grid": "T th, T td { border: 0.7pt solid #000; }",
    "vertical": ("T th, T td { border-left: 0.7pt solid #000; border-right: 0.7pt solid #000; }"
                 " T th { border-top: 0.7pt solid #000; border-bottom: 0.7pt solid #000; }"
                 " T tr.end td { border-bottom: 0.7pt solid #000; }"),
    "rules": ("T tr.top th { border-top: 1pt solid #000; } T tr.hend th { border-bottom: 0.6pt solid #000; }"
              " T tr.end td { border-bottom: 1pt solid #000; }"),
    "none": "",
}


def _text(text: str) -> str:
    return html.escape(text).replace("\n", "<br>")


def _marker(text: str) -> str:
    # Invisible, read back from the printed PDF's text layer by render.marker_pages.
    return f'<span style="color:#fff;font-size:1px">{text}</span>'


def _header_rows(table: TableV2) -> list[str]:
    rows = []
    last = len(table.header) - 1
    for r, cells in enumerate(table.header):
        cls = ("top " if r == 0 else "") + ("hend" if r == last and not table.colnums else "")
        ths = "".join(f'<th colspan="{c.colspan}" rowspan="{c.rowspan}">{_text(c.text)}</th>' for c in cells)
        rows.append(f'<tr class="{cls.strip()}">{ths}</tr>')
    return rows


def _colnum_row(table: TableV2) -> str:
    return '<tr class="num hend">' + "".join(f"<th>{_text(n)}</th>" for n in table.colnums) + "</tr>"


def _colgroup(table: TableV2) -> str:
    total = sum(table.widths)
    return "<colgroup>" + "".join(f'<col style="width:{100 * w / total:.3f}%">' for w in table.widths) + "</colgroup>"


def table_html(table: TableV2, index: int) -> str:
    """The prose before, heading, note, units line, the table (split so that only the column-number
    row repeats overleaf when ``overleaf == "colnums"``), and the prose after."""
    from benchmarks.layouts import render  # marker names shared with render.marker_pages

    out = [f'<p class="prose">{_text(p)}</p>' for p in table.before]
    for i, line in enumerate(table.heading):
        out.append(f'<p class="heading">{_text(line)}{_marker(render.start_marker(index)) if i == 0 else ""}</p>')
    if table.note:
        out.append(f'<p class="note">{_text(table.note)}</p>')
    if table.unit:
        out.append(f'<p class="unit">{_text(table.unit)}</p>')
    body = []
    for r, row in enumerate(table.rows):
        end = r == len(table.rows) - 1
        tds = "".join(f'<td class="{table.align[c]}">{_text(t)}{_marker(render.end_marker(index)) if end and c == 0 else ""}</td>'
                      for c, t in enumerate(row.cells))
        body.append(f'<tr class="{row.kind}{" end" if end else ""}">{tds}</tr>')
    head = _header_rows(table)
    cls = f"t r-{table.style}"
    if table.overleaf == "colnums":
        # The header is its own table right above the body table; the body table's thead holds only
        # the column-number row, which Chromium prints again at the top of every later page.
        out.append(f'<table class="{cls} headpart">{_colgroup(table)}<tbody>{"".join(head)}</tbody></table>')
        out.append(f'<table class="{cls}">{_colgroup(table)}<thead>{_colnum_row(table)}</thead><tbody>{"".join(body)}</tbody></table>')
    else:
        if table.colnums:
            head.append(_colnum_row(table))
        if table.overleaf == "header":
            out.append(f'<table class="{cls}">{_colgroup(table)}<thead>{"".join(head)}</thead><tbody>{"".join(body)}</tbody></table>')
        else:
            out.append(f'<table class="{cls}">{_colgroup(table)}<tbody>{"".join(head)}{"".join(body)}</tbody></table>')
    out.extend(f'<p class="prose">{_text(p)}</p>' for p in table.after)
    return "\n".join(out)


def _frame_html(doc: DocV2) -> str:
    province_line, number, place_date = doc.frame
    return (
        '<div class="frame"><div class="left"><b>ỦY BAN NHÂN DÂN<br>' + _text(province_line) + "</b><hr>"
        + _text(number) + '</div><div class="right"><b>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM<br>Độc lập - Tự do - Hạnh phúc</b><hr>'
        + f"<i>{_text(place_date)}</i></div></div>"
        + '<p class="title"><b>BÁO CÁO</b><br><b>Kết quả thực hiện nhiệm vụ chuyển đổi số, cải cách hành chính</b></p>')


_SIGNATURE = ('<div class="sign"><div class="left"><b><i>Nơi nhận:</i></b><br>- Bộ Thông tin và Truyền thông;<br>'
              "- TT Tỉnh ủy, TT HĐND tỉnh;<br>- Chủ tịch, các PCT UBND tỉnh;<br>- Các sở, ban, ngành;<br>- Lưu: VT, KGVX.</div>"
              '<div class="right"><b>TM. ỦY BAN NHÂN DÂN<br>KT. CHỦ TỊCH<br>PHÓ CHỦ TỊCH</b><br><br><br><br>'
              "<b>Nguyễn Văn Thành</b></div></div>")


def document_html(doc: DocV2) -> str:
    """The whole document as one HTML page for Chromium's print-to-PDF."""
    s = doc.setup
    top, right, bottom, left = s.margins_mm
    size = f"{doc.paper} {'landscape' if s.landscape else 'portrait'}"
    number = ""
    if doc.page_number_css:
        number = f"@{doc.page_number_box} {{ content: {doc.page_number_css}; font-family: \"{s.font}\"; font-size: {s.size_pt - 1}pt; }}"
    rules = "\n".join(css.replace("T ", f"table.r-{name} ") for name, css in _RULES.items())
    parts = [_frame_html(doc)] if doc.frame else []
    parts += [f'<p class="prose">{_text(p)}</p>' for p in doc.intro]
    parts += [table_html(t, i) for i, t in enumerate(doc.tables, 1)]
    if doc.signature:
        parts.append(_SIGNATURE)
    return f"""<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>{html.escape(doc.family)}</title><style>
@page {{ size: {size}; margin: {top}mm {right}mm {bottom}mm {left}mm; {number} }}
html, body {{ margin: 0; padding: 0; }}
body {{ font-family: "{s.font}"; font-size: {s.size_pt}pt; line-height: {doc.line_height}; color: #000; }}
p {{ margin: 0; }}
p.prose {{ text-align: justify; text-indent: 10mm; margin: 0 0 {0.4 * doc.line_height:.2f}em 0; }}
p.heading {{ text-align: center; font-weight: bold; break-after: avoid; }}
p.note {{ text-align: center; font-style: italic; margin-bottom: 3pt; break-after: avoid; }}
p.unit {{ text-align: right; font-style: italic; margin: 2pt 0; break-after: avoid; }}
p.title {{ text-align: center; margin: 6mm 0 5mm 0; }}
div.frame, div.sign {{ display: flex; justify-content: space-between; }}
div.frame div, div.sign div {{ text-align: center; }}
div.frame div.left {{ width: 38%; }} div.frame div.right {{ width: 58%; }}
div.frame hr {{ width: 35%; border: 0; border-top: 0.7pt solid #000; margin: 1pt auto 3pt auto; }}
div.sign {{ margin-top: 6mm; break-inside: avoid; }}
div.sign div.left {{ text-align: left; font-size: {s.size_pt - 2}pt; line-height: 1.2; }}
div.sign div.right {{ width: 45%; }}
table.t {{ border-collapse: collapse; width: 100%; table-layout: fixed; }}
table.headpart {{ break-after: avoid; break-inside: avoid; }}
table.t th {{ font-weight: bold; text-align: center; vertical-align: middle; padding: 1.5pt 2pt; overflow-wrap: break-word; }}
table.t tr.num th {{ font-weight: normal; padding: 0.5pt 2pt; }}
table.t td {{ padding: 1.5pt 3pt; vertical-align: top; overflow-wrap: break-word; }}
table.t td.l {{ text-align: left; }} table.t td.c {{ text-align: center; }} table.t td.r {{ text-align: right; }}
table.t tr.group td, table.t tr.total td {{ font-weight: bold; }}
table.t tr.sub td.l {{ font-style: italic; }}
table.t tr {{ break-inside: avoid; }}
{rules}
</style></head><body>
{chr(10).join(parts)}
</body></html>
"""

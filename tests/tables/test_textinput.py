"""Tables from OCR text: the appendices of the real legacy OCR of report 238/BC-UBND (samples/)."""

from __future__ import annotations

from pathlib import Path

import pytest

from vnreport.tables.config import TableConfig
from vnreport.tables.textinput import tables_from_text
from vnreport.tables.validate import validate_table

LEGACY = Path(__file__).resolve().parents[2] / "samples" / "legacy-ocr-238-BC-UBND.txt"


@pytest.fixture(scope="module")
def tables():
    return tables_from_text(LEGACY.read_text(encoding="utf-8"))


def test_the_five_appendices_are_found_with_their_titles(tables) -> None:
    assert [table.title for table in tables] == [
        "Phu luc 1: XEP HANG CHI SO SAN SANG VE CONG NGHE THONG TIN CUA TINH",
        "Phu luc 2: PHAT TRIEN HA TANG CONG NGHE THONG TIN - TRUYEN THONG",
        "Phu luc 3: KET QUA UNG DUNG CONG NGHE THONG TIN TRONG CO QUAN NHA NUOC",
        "Phu luc 4: PHAT TRIEN NGUON NHAN LUC CONG NGHE THONG TIN",
        "Phu luc 5: PHAT TRIEN CONG NGHIEP PIEN TU, CONG NGHE THONG TIN",
    ]


def test_rows_with_stt_unit_and_figures(tables) -> None:
    appendix_1, appendix_2 = tables[0], tables[1]
    assert appendix_1.header == ("TST", "Nam danh gia", "Xép hang")
    assert appendix_1.rows[0] == ("1", "2019", "21") and len(appendix_1.rows) == 10
    assert appendix_2.header == ("TST", "HA TANG KY THUAT", "Pon vi tinh", "Nim 2019")
    assert appendix_2.rows[0] == ("1", "Sé thué bao dién thoai c6 dinh", "Thué bao", "90.955")
    assert appendix_2.rows[4] == ("5", "S6 ngudi sir dung Internet", "Nguoi", "671.322")


def test_units_as_legacy_ocr_prints_them(tables) -> None:
    appendix_2 = tables[1]
    # "Hb" is "Hộ" and "Ty 1€ %" is "Tỷ lệ %": the English model prints "b"/"6" for "ộ", "1" for "l"
    # and "€" for "ệ"; the unit column still gets them, as printed.
    assert appendix_2.rows[5] == ("6", "S6 ho gia dinh c6 két ndi Internet bing rong", "Hb", "166.627")
    assert appendix_2.rows[8] == ("9", "Co quan nha nudc két ndi Internet", "Ty 1€ %", "100%")


def test_a_figure_cell_with_labelled_lines_is_one_cell(tables) -> None:
    # Printed: row 10 | Cơ quan nhà nước có mạng nội bộ (LAN) | Tỷ lệ % | "- Cấp tỉnh, huyện: 100%" over
    # "- Cấp xã: 30%". The OCR text has "- Cap tinh," above the row, "huyén: 100%" at the end of its
    # line and "- Cap xa: 30%" below it.
    appendix_2 = tables[1]
    assert appendix_2.rows[9] == ("10", "Co quan nha nudc c6 mang ndi bo (LAN)", "Ty 1€ %", "- Cap tinh, huyén: 100% - Cap xa: 30%")
    assert len(appendix_2.rows) == 10


def test_labelled_figures_need_a_unit_before_them() -> None:
    text = "Phụ lục 1:\nSTT Chỉ tiêu Đơn vị tính Năm 2019\n1 Số xã có mạng LAN Xã 30\n2 Tỷ lệ cơ quan có mạng LAN % 100%\n- Cấp xã: 30%\n"
    table = tables_from_text(text)[0]
    # Row 2 has no "word:" before its figure, so the bullet line stays a row of its own; a word
    # ending in ":" is never taken for a unit ("xã" is one, "xã:" introduces a figure).
    assert table.rows == (("1", "Số xã có mạng LAN", "Xã", "30"), ("2", "Tỷ lệ cơ quan có mạng LAN", "%", "100%"),
                          ("", "- Cấp xã:", "", "30%"))


def test_wrapped_labels_join_the_row_they_belong_to(tables) -> None:
    appendix_2, appendix_4 = tables[1], tables[3]
    # The continuation line "lugng (thoai va ...)" is in lower case: it belongs to the row above.
    assert appendix_2.rows[2][1].endswith("luu lugng (thoai va dir li¢u hodc dir li¢u)")
    # "S sinh vién ..." stands above the line that carries STT 2 (centred vertically in print).
    assert appendix_4.rows[1] == ("2", "S sinh vién duoc dao tao chuyén nganh cong nghé thong tin trén dia ban tinh", "400", "1.215")


def test_rows_without_stt_are_kept(tables) -> None:
    appendix_3 = tables[2]
    assert ("", "Gidy moi hop", "Pon vi", "24") in appendix_3.rows
    assert appendix_3.rows[-1] == ("", "Téng s6 dich vu cong truc tuyén muc do 1", "Dich vu", "165")


def test_checks_run_on_text_tables(tables) -> None:
    findings = validate_table(tables[2], TableConfig())
    # OCR turned STT 2 into 5; the "Chia ra" parts 137 + 299 + 1.198 + 165 do add up to 1799.
    assert [(f.kind, f.row, f.column, f.suggestion) for f in findings if f.severity == "error"] == [("stt-sequence", 2, 0, "2")]


def test_text_without_appendix_gives_nothing() -> None:
    assert tables_from_text("Báo cáo kết quả năm 2019.\nKhông có phụ lục.\n") == ()

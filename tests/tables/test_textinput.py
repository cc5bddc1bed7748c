"""Tables from OCR text: the appendices of the real legacy OCR of report 238/BC-UBND (samples/)."""

from __future__ import annotations

from pathlib import Path

import pytest

from vnreport.config import RestoreConfig
from vnreport.tables.config import TableConfig
from vnreport.tables.labels import read_without_marks, restore_labels
from vnreport.tables.objects import Table
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


# --- Inline fixtures modelled on the appendices of seed 004 (English-model OCR of 238/BC-UBND) -------

APPENDIX_2 = """Phu luc 2:

PHAT TRIEN HA TANG CONG NGHE THONG TIN - TRUYEN THONG

TST HA TANG KY THUAT Pon vi tinh | Nim 2019
1 | Sé thué bao dién thoai c6 dinh Thué bao 90.955
5 | S6 ngudi sir dung Internet Nguoi 671.322
7 | S6 doanh nghiép c6 két ndi Internet bang rong | Doanh nghiép 10.693
10 | Co quan nha nudc c6 mang ndi bo (LAN) Ty 1€ % 100%
"""

APPENDIX_5 = """Phu luc 5:

PHAT TRIEN CONG NGHIEP DIEN TU, CONG NGHE THONG TIN

T Chi tiéu Nam 2009 Nam 2019
1 So doanh nghiép dién tu, 54 174
cong nghé thong tin
o | Doanh thu toan nganh dién | 1y g0 000.000d | 93.000.000.000.000 d
tu, cong nghé thong tin
Téng s6 lao dong lam viéc
3 | trong linh vuc dién tur, cong 1.220 50.000

nghiép cong nghé thong tin
"""


@pytest.fixture(scope="module")
def restorer():
    from vnreport.diacritics import Restorer

    return Restorer(RestoreConfig())


def _restored(table, restorer):
    return restore_labels(table, lambda text: restorer.restore(text).text, "unmarked")


def test_header_and_labels_of_legacy_text_are_repaired(restorer) -> None:
    # Alone, "Pon vi tinh", "Nim 2019" and "S6 ngudi sir dung Internet" carry no mark and pass for
    # stripped text; with the rest of the table they are English-model OCR, which the restorer
    # repairs ("P" for "Đ", "i" for "ă", "6" for "ố"). Figures stay as printed.
    table = _restored(tables_from_text(APPENDIX_2)[0], restorer)
    assert table.header == ("TST", "HẠ TẦNG KỸ THUẬT", "Đơn vị tính", "Năm 2019")
    assert table.rows[0] == ("1", "Số thuê bao điện thoại cố định", "Thuê bao", "90.955")
    assert table.rows[1] == ("5", "Số người sử dụng Internet", "Người", "671.322")
    assert table.rows[3][1] == "Cơ quan nhà nước có mạng nội bộ (LAN)"


def test_labels_of_a_table_read_without_marks_go_to_the_restorer_together() -> None:
    calls: list[str] = []

    def restore(text: str) -> str:
        calls.append(text)
        return text.replace("Pon vi tinh", "Đơn vị tính")

    table = Table(header=("STT", "Chi tiéu", "Pon vi tinh", "Nim 2019"), rows=(("1", "S6 ngudi sir dung", "Nguoi", "671.322"),))
    restored = restore_labels(table, restore, "unmarked")
    # One call, one label per paragraph; figures are not sent; each answer line goes back to its cell.
    assert calls == ["STT\n\nChi tiéu\n\nPon vi tinh\n\nNim 2019\n\nS6 ngudi sir dung\n\nNguoi"]
    assert restored.header == ("STT", "Chi tiéu", "Đơn vị tính", "Nim 2019")
    assert restored.rows == (("1", "S6 ngudi sir dung", "Nguoi", "671.322"),)
    assert read_without_marks(table)


def test_labels_of_a_table_read_with_marks_go_one_by_one() -> None:
    calls: list[str] = []
    table = Table(header=("STT", "Chỉ tiêu", "Đơn vị tính", "Năm 2019"), rows=(("1", "Số người dùng", "Nguoi", "5"),))
    restore_labels(table, lambda text: calls.append(text) or text, "unmarked")
    # "STT" spells no syllable: the restorer could not mark it, so it is not sent
    assert not read_without_marks(table) and calls == ["Nguoi"]


def test_rule_before_the_unit_marks_it() -> None:
    # "Cổng" is no unit this module knows: only the rule tells it from the label.
    text = APPENDIX_2 + "11 | So cong thong tin dién tu cap huyén | Cong 12\n"
    table = tables_from_text(text)[0]
    assert table.rows[-1] == ("11", "So cong thong tin dién tu cap huyén", "Cong", "12")
    assert table.rows[2] == ("7", "S6 doanh nghiép c6 két ndi Internet bang rong", "Doanh nghiép", "10.693")


def test_rules_are_never_cell_text_and_a_glued_bar_is_the_letter_l() -> None:
    # "|uot" is "lượt" with its "l" read as a bar (as "Ba |a:" is "Ba là:" in the report's prose);
    # a bar glued to the end of a word is a rule (no Vietnamese syllable ends in "l").
    text = APPENDIX_2 + "12 | So |uot truy cap cong thong tin| Luot 1.500\n13 | Tong so | 4 | 9.000\n"
    table = tables_from_text(text)[0]
    assert table.rows[-2] == ("12", "So luot truy cap cong thong tin", "Luot", "1.500")
    assert all("|" not in cell for row in table.rows for cell in row)
    assert "|" not in "".join(table.header)


def test_a_bar_inside_a_word_is_no_column_boundary() -> None:
    # Seed 004's prose has "Ba |a: Phai xay dung ..." ("Ba là: Phải xây dựng"); such a line in a
    # table block stays one piece of text, with its "l", and starts no row.
    text = ("Phu luc 3:\n\nSTT Chi tiéu Don vi tinh Nam 2019\n1 | So can bo duoc cap hom thu Nguoi 8.500\n"
            "Ba |a: Phai xay dung, cu thé héa thé ché\n2 | So can bo sir dung thu dién tir Nguoi 4.600\n")
    table = tables_from_text(text)[0]
    assert table.rows[1] == ("", "Ba la: Phai xay dung, cu thé héa thé ché", "", "")
    assert [row[0] for row in table.rows] == ["1", "", "2"]


def test_ruled_row_comes_out_as_printed() -> None:
    # Printed: 2 | Doanh thu toàn ngành điện tử, công nghệ thông tin | <2009 figure> | 93.000.000.000.000 đ.
    # OCR read the STT "2" as "o" (the rule after it shows it is the STT cell), the 2009 figure as
    # "1y g0 000.000d" (kept in its column as printed, for the checks to flag) and wrapped the label.
    table = tables_from_text(APPENDIX_5)[0]
    assert table.header == ("T", "Chi tiéu", "Nam 2009", "Nam 2019")
    assert table.rows == (
        ("1", "So doanh nghiép dién tu, cong nghé thong tin", "54", "174"),
        ("o", "Doanh thu toan nganh dién tu, cong nghé thong tin", "1y g0 000.000d", "93.000.000.000.000 d"),
        ("3", "Téng s6 lao dong lam viéc trong linh vuc dién tur, cong nghiép cong nghé thong tin", "1.220", "50.000"),
    )
    findings = validate_table(table, TableConfig())
    # The STT "o" stands where the count 1, _, 3 lacks 2: reported at its own cell, not at row 3.
    assert [(f.kind, f.row, f.column, f.suggestion) for f in findings if f.severity == "error"] == [
        ("stt-sequence", 2, 0, "2"), ("unparseable-number", 2, 2, "")]
    assert next(f.message for f in findings if f.kind == "stt-sequence") == "STT 'o' where 2 was expected"


def test_a_figure_missing_from_a_row_stays_empty() -> None:
    # A blank figure cell has nothing on the OCR line: the cell stays empty, never "0".
    text = APPENDIX_5.replace("o | Doanh thu toan nganh dién | 1y g0 000.000d |", "2 | Doanh thu toan nganh dién |")
    table = tables_from_text(text)[0]
    assert table.rows[1] == ("2", "Doanh thu toan nganh dién tu, cong nghé thong tin", "", "93.000.000.000.000 d")

"""Which cells the diacritic restorer sees: labels only, and by default only labels without marks."""

from __future__ import annotations

from vnreport.tables.labels import has_vietnamese_marks, restore_labels
from vnreport.tables.objects import Table

TABLE = Table(
    header=("STT", "Chi tieu", "Đơn vị tính", "Năm 2019"),
    rows=(("1", "So thue bao dien thoai", "Thuê bao", "1.O58"), ("2", "Sé thué bao", "Thue bao", "-")),
    title="Phu luc 2: PHAT TRIEN",
)


def _mark(text: str) -> str:
    # Like the restorer, keeps the clause breaks that join the labels of one column.
    return "; ".join(f"<{part}>" for part in text.split("; "))


def test_marks_that_only_vietnamese_makes() -> None:
    assert has_vietnamese_marks("Thuê bao") and has_vietnamese_marks("Số") and has_vietnamese_marks("ĐVT")
    assert not has_vietnamese_marks("Sé thué bao")  # é/è alone come from English-model OCR too
    assert not has_vietnamese_marks("So thue bao")


def test_unmarked_labels_only_by_default() -> None:
    restored = restore_labels(TABLE, _mark, "unmarked")
    assert restored.title == "<Phu luc 2: PHAT TRIEN>"
    # "STT" spells no Vietnamese syllable: nothing for the restorer (its model is not even loaded for it)
    assert restored.header == ("STT", "<Chi tieu>", "Đơn vị tính", "Năm 2019")
    # "Thue bao" takes the spelling its own column prints ("Thuê bao"), not the restorer's guess
    assert restored.rows == (("1", "<So thue bao dien thoai>", "Thuê bao", "1.O58"), ("2", "<Sé thué bao>", "Thuê bao", "-"))


def test_labels_without_a_syllable_never_reach_the_restorer() -> None:
    sent: list[str] = []

    def record(text: str) -> str:
        sent.append(text)
        return text

    table = Table(header=("STT", "UBND", "CNTT"), rows=(("1", "TT", "ĐVT"),))
    assert restore_labels(table, record, "all") == table and sent == []
    restore_labels(Table(header=("STT", "Chỉ tiêu", "Đơn vị", "Năm"), rows=(("1", "Chi tieu", "Người", "5"),)), record, "unmarked")
    assert sent == ["Chi tieu"]


def test_all_and_none() -> None:
    assert restore_labels(TABLE, _mark, "none") == TABLE
    everything = restore_labels(TABLE, _mark, "all")
    assert everything.rows[0] == ("1", "<So thue bao dien thoai>", "<Thuê bao>", "1.O58")  # figures never
    assert everything.header[3] == "<Năm 2019>"


PLACES = Table(
    header=("STT", "Tên đơn vị", "Cấp", "Số hồ sơ"),
    rows=(("1", "Vĩnh Phúc", "Tỉnh", "120"), ("2", "Tam Dương", "Huyện", "45"), ("3", "Kim Long", "Xã", "12"),
          ("4", "Hợp Thịnh", "Xã", "9")),
)


def test_a_column_of_short_labels_is_restored_as_one_line_with_its_context() -> None:
    calls: list[str] = []

    def restore(text: str) -> str:
        calls.append(text)
        return text.upper()

    restored = restore_labels(PLACES, restore, "unmarked")
    # "Xã" carries no Vietnamese-only letter, so it is sent, with the column's other labels around it
    assert "Tỉnh; Huyện; Xã" in calls and "Xã" not in calls
    assert [row[2] for row in restored.rows] == ["Tỉnh", "Huyện", "XÃ", "XÃ"]


def test_place_types_keep_their_marks_with_the_real_restorer() -> None:
    from vnreport.config import RestoreConfig
    from vnreport.diacritics import Restorer

    restorer = Restorer(RestoreConfig())
    restored = restore_labels(PLACES, lambda text: restorer.restore(text).text, "unmarked")
    assert [row[2] for row in restored.rows] == ["Tỉnh", "Huyện", "Xã", "Xã"]


def test_a_title_read_with_marks_still_goes_to_the_restorer() -> None:
    # Bold capitals: OCR misreads marks ("THỤC HIỆN" for "THỰC HIỆN") that no "unmarked" test sees.
    sent: list[str] = []

    def fix(text: str) -> str:
        sent.append(text)
        return text.replace("THỤC", "THỰC")

    table = Table(header=("STT", "Đơn vị"), rows=(("1", "Sở Y tế"),), title="Phụ lục 3: TÌNH HÌNH THỤC HIỆN KẾ HOẠCH")
    assert restore_labels(table, fix, "unmarked").title == "Phụ lục 3: TÌNH HÌNH THỰC HIỆN KẾ HOẠCH"
    assert sent == ["Phụ lục 3: TÌNH HÌNH THỤC HIỆN KẾ HOẠCH"]  # the marked labels stay as read
    assert restore_labels(table, fix, "none") == table

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
    return f"<{text}>"


def test_marks_that_only_vietnamese_makes() -> None:
    assert has_vietnamese_marks("Thuê bao") and has_vietnamese_marks("Số") and has_vietnamese_marks("ĐVT")
    assert not has_vietnamese_marks("Sé thué bao")  # é/è alone come from English-model OCR too
    assert not has_vietnamese_marks("So thue bao")


def test_unmarked_labels_only_by_default() -> None:
    restored = restore_labels(TABLE, _mark, "unmarked")
    assert restored.title == "<Phu luc 2: PHAT TRIEN>"
    assert restored.header == ("<STT>", "<Chi tieu>", "Đơn vị tính", "Năm 2019")
    assert restored.rows == (("1", "<So thue bao dien thoai>", "Thuê bao", "1.O58"), ("2", "<Sé thué bao>", "<Thue bao>", "-"))


def test_all_and_none() -> None:
    assert restore_labels(TABLE, _mark, "none") == TABLE
    everything = restore_labels(TABLE, _mark, "all")
    assert everything.rows[0] == ("1", "<So thue bao dien thoai>", "<Thuê bao>", "1.O58")  # figures never
    assert everything.header[3] == "<Năm 2019>"

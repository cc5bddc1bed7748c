"""Layouts the first generator never made: group rows (I, II, Cộng), "-" / "x" cells, units line,
column-number row, page numbers, landscape; and the clean-up stages behind them (no OCR in the unit
tests, one OCR'd page per layout test)."""

from __future__ import annotations

import os
import random

import numpy as np
import pytest

from vnreport.config import OcrConfig
from vnreport.tables.extract import analyse, tables_from_images
from vnreport.tables.config import TableConfig
from vnreport.tables.grid import line_bands
from vnreport.tables.image import (
    _count_readings,
    _repair_numbering,
    _strip_specks,
    _total_labels,
    is_units_line,
    strip_figure_specks,
)
from vnreport.tables.objects import Table
from vnreport_build.table_pages import render_document, sections_table

os.environ.setdefault("OMP_THREAD_LIMIT", "1")
HEADER = ("STT", "Đơn vị", "Kế hoạch", "Thực hiện")


def test_roman_numerals_read_as_strokes_are_restored_from_the_sequence() -> None:
    rows = (("|", "Khối sở", "30", "20"), ("1", "Sở Y tế", "10", "5"), ("2", "Sở Nội vụ", "20", "15"),
            ("H", "Khối huyện", "5", "5"), ("1", "Huyện A", "5", "5"), ("lÏ", "Khối khác", "1", "1"), ("1", "B", "1", "1"))
    fixed = _repair_numbering(Table(HEADER, rows))
    assert [row[0] for row in fixed.rows] == ["I", "1", "2", "II", "1", "III", "1"]
    # a "|" over "2" is an item's "1" read badly, not a numeral: left as read
    plain = Table(HEADER, (("|", "A", "1", "1"), ("2", "B", "1", "1")))
    assert _repair_numbering(plain) == plain


def test_an_unreadable_stt_cell_gets_the_count_as_a_reading_the_checks_take() -> None:
    rows = (("1", "A", "10", "5"), ("2", "B", "20", "5"), ("S)", "C", "30", "5"), ("4", "D", "40", "5"), ("", "Cộng", "100", "20"))
    table = _count_readings(Table(HEADER, rows))
    assert table.readings == (((3, 0), ("3",)),)
    [result] = analyse((table,), TableConfig())
    assert result.table.rows[2][0] == "3"
    assert [(f.kind, f.row, f.column, f.severity) for f in result.findings] == [("ocr-repair", 3, 0, "warning")]


def test_specks_glued_to_figures_and_labels_are_taken_off() -> None:
    assert [strip_figure_specks(text) for text in ("98,19.", "'11.602", '566"', "_80,0", "1.058", "-", "Sở")] == [
        "98,19", "11.602", "566", "80,0", "1.058", "-", "Sở"]
    rows = (("1", "Văn phòng UBND tỉnh.", "12.", "5"), ("2", "Thị xã Cửa Lò'", "'7", "."), ("3", "v.v.", "1", "1"))
    cleaned = _strip_specks(Table(("STT", "Đơn vị :", "Kế hoạch", "Tỷ lệ (%)`"), rows))
    assert cleaned.header == ("STT", "Đơn vị", "Kế hoạch", "Tỷ lệ (%)")
    assert cleaned.rows == (("1", "Văn phòng UBND tỉnh", "12", "5"), ("2", "Thị xã Cửa Lò", "7", ""), ("3", "v.v.", "1", "1"))
    # a dash before a header cell is a speck; before a body label it is a sub-item and stays
    dashed = _strip_specks(Table(("STT", "- Tên cơ quan, đơn vị"), (("", "- Sở Y tế"),)))
    assert dashed.header == ("STT", "Tên cơ quan, đơn vị") and dashed.rows == (("", "- Sở Y tế"),)


def test_total_labels_and_units_lines() -> None:
    table = _total_labels(Table(HEADER, (("", "Tống cộng", "1", "1"), ("", "TỔNG SỐ", "1", "1"), ("", "Cộng:", "1", "1"),
                                         ("1", "Tổng công ty Điện lực", "1", "1"))))
    assert [row[1] for row in table.rows] == ["Tổng cộng", "TỔNG SỐ", "Cộng:", "Tổng công ty Điện lực"]
    assert is_units_line("ĐVT: triệu đồng") and is_units_line("Đơn vị tính: người") and not is_units_line("Đơn vị")


def test_not_applicable_cells_are_no_warning_and_blank_is_not_zero() -> None:
    rows = (("1", "A", "10", "x"), ("2", "B", "…", ""), ("3", "C", "-", "5"), ("", "Tổng cộng", "10", "5"))
    [result] = analyse((Table(("STT", "Đơn vị", "Kế hoạch", "Thực hiện"), rows),), TableConfig())
    assert result.findings == ()


def test_tight_lines_joined_by_specks_are_cut_into_lines() -> None:
    # Three text lines 40 px high, 6 px apart, with a speck bridging each gap.
    page = np.zeros((200, 400), np.uint8)
    for top in (20, 66, 112):
        page[top : top + 40, 20:380] = 255 * (np.arange(360) % 7 < 4)
    page[58:70, 200:206] = 255
    page[104:114, 90:96] = 255
    bands = line_bands(page, left=0, right=400, top=0, bottom=200, line_height=45)
    assert len(bands) == 3
    assert all(abs(a - top) <= 6 and abs(b - (top + 40)) <= 6 for (a, b), top in zip(bands, (20, 66, 112)))


LAYOUTS = [
    pytest.param(dict(ruled=True), dict(), id="ruled"),
    pytest.param(dict(ruled=False), dict(), id="header-rules"),
    pytest.param(dict(ruled=False, bare=True), dict(), id="no-rules"),
    pytest.param(dict(ruled=False, bare=True, cong=True), dict(page_width_mm=297, page_height_mm=210), id="no-rules-cong-landscape"),
    pytest.param(dict(ruled=True, cong=True), dict(page_width_mm=297, page_height_mm=210), id="ruled-cong-landscape"),
]


@pytest.mark.parametrize(("table", "page"), LAYOUTS)
def test_group_rows_totals_nils_units_and_column_numbers_on_a_photocopy(table: dict, page: dict) -> None:
    synth = sections_table(random.Random(5), title="Phụ lục 4: KẾT QUẢ GIẢI QUYẾT HỒ SƠ THEO ĐƠN VỊ", **table)
    doc = render_document([synth], seed=5, degrade=0.8, page_numbers=True, **page)
    [result] = analyse(tables_from_images(enumerate(doc.pages, start=1), config=TableConfig(), ocr=OcrConfig(dpi=300)), TableConfig())
    expected = doc.tables[0]
    assert result.table.header == expected.header
    assert result.table.rows == expected.rows  # "I"/"II", "Cộng", "-", "x" as printed; no units/index/page-number row
    assert [f for f in result.findings if f.severity == "error"] == []

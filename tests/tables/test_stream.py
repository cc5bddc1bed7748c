"""Borderless tables without any rule (vnreport.tables.stream): columns from the alignment of the ink
across lines; header lines, the column-number row and continuation overleaf decided after OCR."""

from __future__ import annotations

import os
import random
from dataclasses import replace

import pytest

from vnreport.config import OcrConfig
from vnreport.tables.extract import analyse, tables_from_images
from vnreport.tables.config import TableConfig
from vnreport.tables.image import _stream_header_lines, scan_page
from vnreport.tables.objects import Table
from vnreport.tables.stream import find_stream_tables
from vnreport_build.table_pages import HeaderCell, SynthTable, plan_table, prose_page, render_document, results_table

os.environ.setdefault("OMP_THREAD_LIMIT", "1")
TITLE = "Phụ lục 1: KẾT QUẢ GIẢI QUYẾT HỒ SƠ"


def _bare(synth: SynthTable, **changes) -> SynthTable:
    return replace(synth, bare=True, **changes)


def _blocks(image):
    scan = scan_page(image, TableConfig(), 300)
    assert not scan.layout.grids and not scan.layout.rules  # no rule at all on these pages
    return find_stream_tables(scan.binary, taken=[], config=TableConfig(), line_height=45.0)


def _read(doc):
    return tables_from_images(enumerate(doc.pages, start=1), config=TableConfig(), ocr=OcrConfig(dpi=300))


def test_columns_of_a_rule_less_table_come_from_the_ink_alignment() -> None:
    synth = _bare(results_table(random.Random(7), rows=6, total="bottom", ruled=False, title=TITLE))
    doc = render_document([synth], seed=1, page_height_mm=160)
    [block] = _blocks(doc.pages[0])
    assert len(block.bounds) - 1 == 5
    assert len(block.lines) == 1 + 7  # the header (one band of wrapped lines) and 7 rows; no title, no note


def test_a_narrow_stt_column_set_close_to_the_labels_is_its_own_column() -> None:
    # 8 mm STT column, labels left-aligned 1.2 mm after its edge: the gap is under one text height.
    synth = _bare(results_table(random.Random(9), rows=8, total="bottom", ruled=False, title=TITLE), widths_mm=(8, 70, 33, 33, 30))
    doc = render_document([synth], seed=2, page_height_mm=180)
    [block] = _blocks(doc.pages[0])
    assert len(block.bounds) - 1 == 5
    stt = doc.pages[0].width * 8 / 210  # px of the STT column
    assert block.bounds[1] - block.bounds[0] < 1.5 * stt


def test_prose_makes_no_table() -> None:
    page = prose_page("Báo cáo kết quả thực hiện nhiệm vụ năm 2019 của Ủy ban nhân dân tỉnh Vĩnh Phúc. " * 12)
    assert _blocks(page) == []


def test_a_rule_less_table_is_read_as_printed_on_a_photocopy() -> None:
    synth = _bare(plan_table(random.Random(7), rows=5, ruled=False, title="Phụ lục 2: PHÁT TRIỂN HẠ TẦNG"))
    doc = render_document([synth], seed=1, degrade=0.8, page_height_mm=170)
    [table] = _read(doc)
    expected = doc.tables[0]
    assert table.header == expected.header
    assert table.header[3:5] == ("Năm 2019 - Kế hoạch", "Năm 2019 - Thực hiện")
    assert table.rows == expected.rows


def test_three_columns_of_small_numbers_are_a_table() -> None:
    header = ("STT", "Năm", "Xếp hạng")
    rows = tuple((str(i), str(2009 + i), str(rank)) for i, rank in enumerate([5, 3, 4, 2, 7, 1, 6, 8, 9, 10], start=1))
    synth = SynthTable(tuple(HeaderCell(text, c) for c, text in enumerate(header)), 1,
                       Table(header, rows, title="Phụ lục 3: XẾP HẠNG CHỈ SỐ"), (15, 30, 30), ("c", "c", "c"), ruled=False, bare=True)
    doc = render_document([synth], seed=2, degrade=0.8, page_height_mm=180)
    [table] = _read(doc)
    assert (table.header, table.rows) == (header, rows)


@pytest.mark.parametrize("bare", [True, False], ids=["no-rules", "header-rules"])
def test_a_table_continued_overleaf_without_its_header_is_one_table(bare: bool) -> None:
    synth = replace(results_table(random.Random(7), rows=14, total="bottom", ruled=False, title=TITLE), bare=bare, repeat_header=False)
    doc = render_document([synth], seed=1, degrade=0.8, page_height_mm=130)
    assert len(doc.pages) == 2
    [table] = _read(doc)
    expected = doc.tables[0]
    assert table.pages == (1, 2) and table.header == expected.header
    assert table.rows == expected.rows  # the rows overleaf, the "Tổng cộng" row included
    [result] = analyse((table,), TableConfig())
    assert [f for f in result.findings if f.severity == "error"] == []


def test_an_injected_error_in_a_rule_less_table_is_found_at_its_cell() -> None:
    from vnreport_build.table_pages import inject_error

    rng = random.Random(11)
    synth = inject_error(rng, _bare(results_table(rng, rows=6, total="bottom", ruled=False, title=TITLE)), 1)
    [injected] = synth.injected
    doc = render_document([synth], seed=3, page_height_mm=160)
    [table] = _read(doc)
    [result] = analyse((table,), TableConfig())
    errors = [(f.row, f.column) for f in result.findings if f.severity == "error"]
    assert (injected.row, injected.column) in errors


def test_header_lines_end_at_the_first_item_or_figure_and_the_column_numbers_are_skipped() -> None:
    lines = [["STT", "Tên đơn vị", "Năm 2019", ""], ["", "", "Kế hoạch", "Thực hiện"], ["(1)", "(2)", "(3)", "(4)"],
             ["I", "Khối sở, ngành", "", ""], ["1", "Sở Y tế", "12", "10"]]
    assert _stream_header_lines(lines) == (2, 3)
    assert _stream_header_lines(lines[3:]) == (0, 0)  # a group row "I" is a row, not a header
    assert _stream_header_lines([["1", "5", "3"], ["2", "2019", "4"]]) == (0, 0)  # small numbers, no index row

"""Tables from page images with the real Tesseract (a few seconds per page): generated appendix
pages with known CSVs, the bundled sample scan, and pages without tables."""

from __future__ import annotations

import csv
import json
from dataclasses import replace
from pathlib import Path

import pytest

from vnreport.config import OcrConfig
from vnreport.tables.extract import analyse, tables_from_images
from vnreport.tables.config import TableConfig
from vnreport_build.table_pages import SynthDocument, appendix_set, blank_page, photo_page, prose_page
from vnreport.tables.textutil import fold

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


@pytest.fixture(scope="module")
def document() -> SynthDocument:
    # Ruled table with total and rate, two-level header with a "Trong đó" row, borderless table,
    # a table continued on the next page; photocopy degradation; errors in tables 1 and 3.
    return appendix_set(301, degrade=0.7)


@pytest.fixture(scope="module")
def extracted(document: SynthDocument):
    import os

    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    tables = tables_from_images(enumerate(document.pages, start=1), config=TableConfig(), ocr=OcrConfig(dpi=document.dpi))
    return analyse(tables, TableConfig())


def test_every_cell_is_read_as_printed(document: SynthDocument, extracted) -> None:
    assert len(extracted) == len(document.tables) == 4
    for expected, result in zip(document.tables, extracted):
        assert result.table.csv_rows() == expected.csv_rows()


def test_titles_and_pages_including_the_continued_table(document: SynthDocument, extracted) -> None:
    assert [fold(result.table.title) for result in extracted] == [fold(table.title) for table in document.tables]
    assert [result.table.pages for result in extracted] == [table.pages for table in document.tables]
    assert len(document.tables[3].pages) == 2  # the generator really continued the last table


def test_injected_errors_are_found_at_their_cells_and_nowhere_else(document: SynthDocument, extracted) -> None:
    errors = {
        (index, finding.row, finding.column)
        for index, result in enumerate(extracted, start=1)
        for finding in result.findings
        if finding.severity == "error"
    }
    assert errors == {(item.table, item.row, item.column) for item in document.injected}
    assert len(document.injected) == 2


def test_the_sample_scan_gives_the_truth_csvs(run_cli, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run_cli("tables", SAMPLES / "report-scan.pdf", "-o", out)
    assert result.exit_code == 0, result.stderr
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert [(t["csv"], t["page"], t["rows"], t["columns"]) for t in report["tables"]] == [
        ("01-phu-luc-1.csv", 5, 8, 5), ("02-phu-luc-2.csv", 5, 10, 4)]
    assert report["tables"][0]["title"] == "Phụ lục 1: Hồ sơ thủ tục hành chính tiếp nhận trực tuyến năm 2023"
    for name, truth in (("01-phu-luc-1.csv", "table-1.csv"), ("02-phu-luc-2.csv", "table-2.csv")):
        assert (out / name).read_text(encoding="utf-8").splitlines() == (SAMPLES / "report-scan.tables" / truth).read_text(
            encoding="utf-8").splitlines()


@pytest.mark.parametrize("page", ["blank", "photo", "prose"])
def test_pages_without_tables_are_bad_input(run_cli, tmp_path: Path, page: str) -> None:
    image = {
        "blank": lambda: blank_page(dpi=150),
        "photo": lambda: photo_page(seed=5, dpi=150),
        "prose": lambda: prose_page("Báo cáo kết quả thực hiện chuyển đổi số của tỉnh Vĩnh Phúc năm 2023. " * 12, dpi=150),
    }[page]()
    path = tmp_path / f"{page}.png"
    image.save(path, dpi=(150, 150))
    result = run_cli("tables", path, "-o", tmp_path / "out")
    assert result.exit_code == 3
    assert result.stderr.count("\n") == 1 and "no table found on 1 page" in result.stderr


# --- a borderless table with a two-level header -----------------------------------------------------


@pytest.fixture(scope="module")
def borderless_plan() -> SynthDocument:
    import random

    from vnreport_build.table_pages import plan_table, render_document

    # STT | Chỉ tiêu | Đơn vị tính | "Năm 2019" over "Kế hoạch" and "Thực hiện" | Tỷ lệ (%), printed with
    # a rule above the header, one under it and one under the body only; a "Trong đó" row.
    table = plan_table(random.Random(5), rows=5, ruled=False, title="Phụ lục 2: PHÁT TRIỂN HẠ TẦNG CÔNG NGHỆ THÔNG TIN")
    return render_document([table], seed=5, degrade=0.7, page_height_mm=150)


def test_borderless_two_level_header_geometry(borderless_plan: SynthDocument) -> None:
    # No OCR: the header between the first two rules is the header, not a two-line table closed by
    # the second rule; the body hangs from the second rule.
    import numpy as np

    from vnreport.tables.image import _find_borderless, scan_page

    scan = scan_page(borderless_plan.pages[0], TableConfig(), 300)
    rules = sorted(rule.position for rule in scan.layout.rules)
    assert len(rules) == 3 and not scan.layout.grids
    [found] = _find_borderless(scan, scan.layout.rules, [], TableConfig(), 300)
    assert len(found.bounds) - 1 == 6
    assert rules[0] < found.top < rules[1] < found.lines[0][0] and found.bottom < rules[2]
    assert all(rules[0] < top < rules[1] for _left, top, _right, _bottom in found.header)
    assert np.asarray(borderless_plan.pages[0]).shape[0] < 2000  # a short page keeps the OCR test fast


def test_borderless_two_level_header_is_read_as_printed(borderless_plan: SynthDocument) -> None:
    import os

    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    tables = tables_from_images(enumerate(borderless_plan.pages, start=1), config=TableConfig(), ocr=OcrConfig(dpi=300))
    [result] = analyse(tables, TableConfig())
    expected = borderless_plan.tables[0]
    assert result.table.header == expected.header
    assert result.table.header[3:5] == ("Năm 2019 - Kế hoạch", "Năm 2019 - Thực hiện")
    assert result.table.rows == expected.rows
    assert fold(result.table.title) == fold(expected.title)
    assert [f for f in result.findings if f.severity == "error"] == []


def test_a_spanning_header_phrase_heads_the_columns_under_it() -> None:
    # Header phrases of a borderless table (boxes in page px) and the words read in them; no OCR.
    from vnreport.models import BBox, Word
    from vnreport.tables.image import _Borderless, _borderless_header

    boxes = {
        "Năm 2019": (1558, 487, 1771, 533),  # over the boundary at 1723, mostly in column 3
        "Tỷ lệ thực": (2011, 487, 2226, 533),  # a wrapped header: both its lines in column 5
        "STT": (233, 552, 325, 728),
        "Kế hoạch": (1412, 552, 1611, 728),
        "Thực hiện": (1710, 552, 1926, 728),
        "hiện so với (%)": (2007, 552, 2232, 728),
    }
    table = _Borderless((213, 324, 1077, 1399, 1723, 2051, 2268), tuple(boxes.values()), ((774, 821),), 487, 821)
    words = {
        ("head", 0, i): [Word(text, BBox(left, top, right - left, 40), 95.0)]
        for i, (text, (left, top, right, _bottom)) in enumerate(boxes.items())
    }
    assert _borderless_header(table, 0, words) == (
        "STT", "", "", "Năm 2019 - Kế hoạch", "Năm 2019 - Thực hiện", "Tỷ lệ thực hiện so với (%)")


# --- several image inputs in parallel, one of them bad --------------------------------------------------


def test_parallel_image_batch_goes_on_past_a_bad_file(run_cli, tmp_path: Path) -> None:
    import random

    from vnreport_build.table_pages import inject_error, results_table, render_document

    # Two short pages with a ruled table, one saved as PNG and one as JPEG (with an injected error),
    # and a PNG cut off after a third of its bytes; two workers.
    title = "Phụ lục 1: KẾT QUẢ GIẢI QUYẾT HỒ SƠ"
    clean = results_table(random.Random(1), rows=4, total="bottom", title=title)
    rng = random.Random(2)
    wrong = inject_error(rng, results_table(rng, rows=4, total="bottom", title=title), 1)
    expected = {}
    for name, synth, fmt in (("a.png", clean, "PNG"), ("b.jpg", wrong, "JPEG")):
        doc = render_document([synth], seed=3, degrade=0.5, page_height_mm=130)
        assert len(doc.pages) == 1
        doc.pages[0].save(tmp_path / name, fmt, dpi=(300, 300), **({"quality": 90} if fmt == "JPEG" else {}))
        expected[Path(name).stem] = doc.tables[0].csv_rows()
    data = (tmp_path / "a.png").read_bytes()
    (tmp_path / "bad.png").write_bytes(data[: len(data) // 3])
    out = tmp_path / "out"
    result = run_cli("tables", tmp_path / "a.png", tmp_path / "bad.png", tmp_path / "b.jpg", "-o", out, "--jobs", "2")
    assert result.exit_code == 6  # some inputs failed: wins over the error finding in b.jpg (README, exit codes)
    errors = [line for line in result.stderr.splitlines() if line.startswith("vnreport: error:")]
    assert len(errors) == 1 and "bad.png" in errors[0] and "Traceback" not in result.stderr
    bad = json.loads((out / "bad" / "report.json").read_text(encoding="utf-8"))
    assert bad["error"] and bad["tables"] == [] and bad["findings"] == []
    for stem, rows in expected.items():
        report = json.loads((out / stem / "report.json").read_text(encoding="utf-8"))
        assert report["error"] is None and [t["csv"] for t in report["tables"]] == ["01-phu-luc-1.csv"]
        with (out / stem / "01-phu-luc-1.csv").open(encoding="utf-8", newline="") as handle:
            assert tuple(tuple(row) for row in csv.reader(handle)) == rows
        cells = {(f["row"], f["column"]) for f in report["findings"] if f["severity"] == "error"}
        assert cells == ({(item.row, item.column) for item in wrong.injected} if stem == "b" else set())


def test_other_readings_follow_their_cells_across_pages() -> None:
    from vnreport.tables.image import TablePart, join_pages

    xs = (100, 200, 400, 600)
    first = TablePart(1, "Phụ lục 4: X", ("STT", "Đơn vị", "Số"), (("1", "A", "10"), ("2", "B", "20")), xs, 0, 900, 2480,
                      titled=True, readings=(((1, 2), ("28",)),))
    # Overleaf, the header repeated and one more row; its cell (0, 2) was read "30" and "38".
    second = TablePart(2, "", ("STT", "Đơn vị", "Số"), (("3", "C", "30"), ("", "Tổng", "60")), xs, 0, 400, 2480,
                       first_on_page=True, readings=(((0, 2), ("38",)),))
    [table] = join_pages([first, second], TableConfig())
    assert table.pages == (1, 2) and len(table.rows) == 4
    assert table.readings == (((2, 2), ("28",)), ((3, 2), ("38",)))  # CSV rows: 1-based body rows
    assert [table.rows[row - 1][column] for (row, column), _ in table.readings] == ["20", "30"]


def test_a_repeated_header_fills_a_header_cell_the_first_page_missed() -> None:
    from vnreport.tables.image import TablePart, join_pages

    xs = (100, 200, 400, 600)
    header = ("STT", "Đơn vị", "Số hồ sơ")
    # A dark photocopy: OCR missed "STT" on page 1, read it overleaf where the header is repeated.
    first = TablePart(1, "Phụ lục 3: X", ("", "Đơn vị", "Số hồ sơ"), (("1", "A", "10"),), xs, 2900, 3200, 2480, titled=True)
    second = TablePart(2, "", header, (("2", "B", "20"), ("", "Tổng cộng", "30")), xs, 200, 900, 2480, first_on_page=True)
    [table] = join_pages([first, second], TableConfig())
    assert table.header == header and table.rows == (("1", "A", "10"), ("2", "B", "20"), ("", "Tổng cộng", "30"))
    # A first body row taken for a header (no figures in it) is not a repeated header: it stays a row.
    third = replace(second, header=("II", "Cấp huyện", ""))
    [table] = join_pages([first, third], TableConfig())
    assert table.rows[1] == ("II", "Cấp huyện", "")


def test_title_lines_set_tight_on_a_dark_photocopy_stay_apart() -> None:
    # No OCR. Toner spread (photocopy strength 1.2) closes the gap between "Phụ lục 1" (the dot of
    # "ụ") and the accents of the caption under it to 7 px; read as one band, the heading came out
    # as "Phụ lục ¬ S.. = ¬ KET QUA …" and the table lost its title (benchmark seed 203).
    import random

    from vnreport.tables.grid import line_bands
    from vnreport.tables.image import _HEADING_JOIN, scan_page
    from vnreport_build.table_pages import results_table, render_document

    table = results_table(random.Random(1), rows=2, title="Phụ lục 1: KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH NĂM 2019")
    page = render_document([table], seed=1, degrade=1.2, page_height_mm=120).pages[0]
    scan = scan_page(page, TableConfig(), 300)
    top = scan.layout.grids[0].top
    bands = line_bands(scan.binary, left=0, right=scan.binary.shape[1], top=0, bottom=top - 9, line_height=45, join=_HEADING_JOIN)
    assert len(bands) == 3  # "Phụ lục 1", the caption, the "(Kèm theo …)" note

"""Tables from page images with the real Tesseract (a few seconds per page): generated appendix
pages with known CSVs, the bundled sample scan, and pages without tables."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from vnreport.config import OcrConfig
from vnreport.tables.batch import analyse, tables_from_images
from vnreport.tables.config import TableConfig
from vnreport.tables.synth import SynthDocument, appendix_set, blank_page, photo_page, prose_page
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

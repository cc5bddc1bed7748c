"""`vnreport tables` over many inputs: the same batch rules as fix, one folder per input."""

from __future__ import annotations

import json
from pathlib import Path

from fakes.ocr import ScriptedEngine
from fakes.proc import run_vnreport

from vnreport.config import OcrConfig, RestoreConfig
from vnreport.errors import ExitCode
from vnreport.recipes.tables import run_tables
from vnreport.tables import TableConfig

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
TABLE_TEXT = """Phụ lục 1:
KẾT QUẢ GIẢI QUYẾT HỒ SƠ

STT Đơn vị Số hồ sơ Đã giải quyết Tỷ lệ (%)
1 Sở Tư pháp 1.058 529 50,0
2 Sở Y tế 2.942 1.765 60,0
Tổng cộng 4.000 2.294 57,4
"""


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_a_page_the_engine_cannot_read_fails_that_input_by_name_and_the_others_finish(tmp_path: Path) -> None:
    # The fake engine through the real seam: tables' cell reading goes through OcrEngine too.
    text = write(tmp_path / "legacy.txt", TABLE_TEXT)
    out = tmp_path / "out"
    engine = ScriptedEngine(pages=("",) * 5, fail_pages=(1, 2, 3, 4, 5))
    run = run_tables([SAMPLES / "report-scan.pdf", text], out, config=TableConfig(dpi=100), ocr=OcrConfig(dpi=100, jobs=2),
                     restore=RestoreConfig(), engine=engine)
    assert run.exit_code is ExitCode.SOME_INPUTS_FAILED
    failed, done = run.record.results
    assert failed.status == "failed" and "Tesseract failed: scripted failure" in failed.error
    assert json.loads((out / "report-scan" / "report.json").read_text(encoding="utf-8"))["error"] == failed.error
    assert done.status == "done" and (out / "legacy" / "01-phu-luc-1.csv").is_file()
    assert json.loads((out / "batch.json").read_text(encoding="utf-8"))["counts"]["failed"] == 1


def test_folder_argument_batch_json_rerun_and_collisions(tmp_path: Path) -> None:
    fonds = tmp_path / "fonds"
    write(fonds / "2022" / "a.txt", TABLE_TEXT)
    write(fonds / "2023" / "a.txt", TABLE_TEXT.replace("2.942", "2.492"))  # an error finding
    out = tmp_path / "out"
    args = ["tables", str(fonds), "--glob", "*.txt", "-o", str(out)]
    first = run_vnreport(args, cwd=tmp_path)
    assert first.returncode == ExitCode.VALIDATION_ERRORS == 1, first.stderr  # findings keep code 1
    assert (out / "2022" / "a" / "01-phu-luc-1.csv").is_file() and (out / "2023" / "a" / "report.json").is_file()
    record = json.loads((out / "batch.json").read_text(encoding="utf-8"))
    assert [entry["status"] for entry in record["inputs"]] == ["done", "done"]
    assert str(out / "2022" / "a" / "01-phu-luc-1.csv") in record["inputs"][0]["outputs"]
    second = run_vnreport(args, cwd=tmp_path)
    assert second.returncode == 1  # nothing read again, but the findings recorded still count
    assert [entry["status"] for entry in json.loads((out / "batch.json").read_text(encoding="utf-8"))["inputs"]] == ["skipped", "skipped"]
    third = run_vnreport(args + ["--normalize-numbers"], cwd=tmp_path)  # changes the CSVs: redone
    assert third.returncode == 1
    assert (out / "2022" / "a" / "01-phu-luc-1.csv").read_text(encoding="utf-8").splitlines()[1].startswith("1,Sở Tư pháp,1058,")
    clash = run_vnreport(["tables", str(fonds / "2022" / "a.txt"), str(fonds / "2023" / "a.txt"), "-o", str(tmp_path / "o2")], cwd=tmp_path)
    assert clash.returncode == 2 and "would both be written" in clash.stderr


def test_a_csv_batch_can_keep_no_report_in_memory(tmp_path: Path) -> None:
    # `vnreport tables DIR -o OUT` without --review or --format json: a report is written, then dropped.
    texts = [write(tmp_path / f"in{index}.txt", TABLE_TEXT.replace("2.942", "2.492") if index else TABLE_TEXT) for index in range(3)]
    kept = run_tables(texts, tmp_path / "kept", config=TableConfig(), ocr=OcrConfig(jobs=1), restore=RestoreConfig())
    dropped = run_tables(texts, tmp_path / "dropped", config=TableConfig(), ocr=OcrConfig(jobs=1), restore=RestoreConfig(), keep_reports=False)
    assert all(report is not None for report in kept.reports)
    assert dropped.reports == [None, None, None]
    assert dropped.exit_code == kept.exit_code == ExitCode.VALIDATION_ERRORS  # the findings still count
    assert [result.findings for result in dropped.record.results] == [result.findings for result in kept.record.results]
    for index in range(3):
        assert (tmp_path / "dropped" / f"in{index}" / "01-phu-luc-1.csv").read_bytes() == (tmp_path / "kept" / f"in{index}" / "01-phu-luc-1.csv").read_bytes()

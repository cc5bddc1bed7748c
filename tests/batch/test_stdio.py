"""Standard input and output for `tables --format json` and `check`, as pipelines use them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from test_tables_batch import TABLE_TEXT

PROSE = "Tiếp nhận 314.984 hồ sơ, giải quyết 252.856 hồ sơ (đạt tỷ lệ 90,28%).\n"


def vnreport(args: list[str], stdin: bytes, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "vnreport", *args], input=stdin, capture_output=True, cwd=cwd, timeout=120)


def test_tables_json_from_stdin_to_stdout(tmp_path: Path) -> None:
    done = vnreport(["tables", "-", "--format", "json", "-o", "-"], TABLE_TEXT.encode(), tmp_path)
    assert done.returncode == 0, done.stderr
    document = json.loads(done.stdout)
    (report,) = document["reports"]
    assert report["input"] == "-" and report["error"] is None
    table = report["tables"][0]
    assert table["header"] == ["STT", "Đơn vị", "Số hồ sơ", "Đã giải quyết", "Tỷ lệ (%)"]
    assert table["cells"][0] == ["1", "Sở Tư pháp", "1.058", "529", "50,0"]
    assert list(tmp_path.iterdir()) == []  # nothing written beside


def test_tables_json_of_a_bad_stdin_is_exit_3_with_the_error_in_the_document(tmp_path: Path) -> None:
    done = vnreport(["tables", "-", "--format", "json", "-o", "-"], b"PK\x03\x04 a zip", tmp_path)
    assert done.returncode == 3
    assert "unsupported input type" in json.loads(done.stdout)["reports"][0]["error"]


def test_check_reads_report_text_from_stdin_and_writes_json_to_a_file(tmp_path: Path) -> None:
    out = tmp_path / "findings.json"
    done = vnreport(["check", "-", "--format", "json", "-o", str(out)], PROSE.encode(), tmp_path)
    assert done.returncode == 1, done.stderr  # 252.856 / 314.984 is 80,28%, not 90,28%
    findings = json.loads(out.read_text(encoding="utf-8"))["findings"]
    assert findings and findings[0]["kind"] == "rate-mismatch" and findings[0]["file"] == "-"
    assert done.stdout == b""
    piped = vnreport(["check", "-", "--format", "json"], PROSE.replace("90,28", "80,28").encode(), tmp_path)
    assert piped.returncode == 0 and json.loads(piped.stdout)["findings"] == []

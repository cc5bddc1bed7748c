"""The thread rule of vnreport/ocr.py: every Tesseract it starts runs with OMP_THREAD_LIMIT=1,
read in-process (`--jobs 1`) or in a pool, whatever the caller's environment says; and pages go to
Tesseract on stdin (no temporary image files)."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest
from fakes.files import TEST_DPI
from fakes.proc import run_vnreport
from PIL import Image

from vnreport import ocr
from vnreport.config import OcrConfig

# A stand-in for tesseract: records its environment, arguments and how many bytes came on stdin,
# then answers with a TSV of one word.
FAKE_TESSERACT = """#!{python}
import json, os, sys
if "--version" in sys.argv:
    print("tesseract 5.3.0")
    sys.exit(0)
if "--list-langs" in sys.argv:
    print("List of available languages in \\"/fake/\\" (2):\\neng\\nvie")
    sys.exit(0)
data = sys.stdin.buffer.read()
record = {{"omp": os.environ.get("OMP_THREAD_LIMIT"), "args": sys.argv[1:], "stdin": len(data)}}
with open({log!r}, "a") as handle:
    handle.write(json.dumps(record) + "\\n")
print("level\\tpage_num\\tblock_num\\tpar_num\\tline_num\\tword_num\\tleft\\ttop\\twidth\\theight\\tconf\\ttext")
print("5\\t1\\t1\\t1\\t1\\t1\\t10\\t20\\t30\\t40\\t96.5\\tViệt")
"""


@pytest.fixture
def fake_tesseract(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    import sys

    folder = tmp_path / "bin"
    folder.mkdir()
    log = tmp_path / "calls.jsonl"
    script = folder / "tesseract"
    script.write_text(FAKE_TESSERACT.format(python=sys.executable, log=str(log)), encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ['PATH']}")
    return log


def calls(log: Path) -> list[dict]:
    return [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]


def test_in_process_read_runs_tesseract_with_one_thread(fake_tesseract: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OMP_THREAD_LIMIT", "8")  # what a user's shell may say
    page = ocr.ocr_page(Image.new("L", (200, 100), 255), page_number=1, config=OcrConfig(dpi=TEST_DPI))
    assert [word.text for line in page.lines for word in line.words] == ["Việt"]
    assert page.lines[0].words[0].confidence == 96.5
    (call,) = calls(fake_tesseract)
    assert call["omp"] == "1"
    assert call["args"][:2] == ["stdin", "stdout"] and call["args"][-1] == "tsv"
    assert call["stdin"] > 200 * 100  # the page itself, uncompressed
    assert os.environ["OMP_THREAD_LIMIT"] == "8"  # the caller's own environment is left alone


def test_fix_jobs_1_and_pooled_both_run_tesseract_with_one_thread(fake_tesseract: Path, tmp_path: Path) -> None:
    image = tmp_path / "page.tif"
    frames = [Image.new("L", (300, 200), 255) for _ in range(2)]
    frames[0].save(image, save_all=True, append_images=frames[1:], dpi=(TEST_DPI, TEST_DPI))
    for jobs in ("1", "2"):
        result = run_vnreport(["fix", str(image), "-o", str(tmp_path / f"out{jobs}.txt"), "--no-repair", "--jobs", jobs], cwd=tmp_path, env={"OMP_THREAD_LIMIT": "4"})
        assert result.returncode == 0, result.stderr
    omp = [call["omp"] for call in calls(fake_tesseract) if call["args"][:1] == ["stdin"]]
    assert omp == ["1"] * 4

"""Before any page of a batch: Poppler when a PDF is among the inputs, Tesseract when any input is a
scan; a batch of text needs neither."""

from __future__ import annotations

from pathlib import Path

from fakes.files import save_pdf
from fakes.proc import bin_dir_with, run_vnreport
from PIL import Image
from test_tables_batch import TABLE_TEXT

from vnreport.errors import ExitCode


def outputs(out: Path) -> list[Path]:
    return [path for path in out.rglob("*") if path.is_file() and path.name != "batch.json"] if out.exists() else []


def test_a_scan_in_a_batch_without_tesseract_stops_it_before_any_work(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Nghi quyet so 01\n", encoding="utf-8")
    Image.new("L", (200, 100), 255).save(tmp_path / "b.png")
    out = tmp_path / "out"
    done = run_vnreport(["fix", "a.txt", "b.png", "-o", str(out)], path=bin_dir_with(tmp_path, "pdfinfo", "pdftoppm"), cwd=tmp_path)
    assert done.returncode == ExitCode.MISSING_DEPENDENCY, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("vnreport: error:") and "esseract" in lines[0], done.stderr
    assert outputs(out) == []  # not even the text input was written


def test_a_pdf_in_a_tables_batch_without_poppler_stops_it(tmp_path: Path, page_one) -> None:
    (tmp_path / "a.txt").write_text(TABLE_TEXT, encoding="utf-8")
    save_pdf(tmp_path / "b.pdf", [page_one])
    out = tmp_path / "out"
    done = run_vnreport(["tables", "a.txt", "b.pdf", "-o", str(out)], path=bin_dir_with(tmp_path, "tesseract"), cwd=tmp_path)
    assert done.returncode == ExitCode.MISSING_DEPENDENCY, done.stderr
    assert "Poppler" in done.stderr or "poppler" in done.stderr
    assert outputs(out) == []


def test_a_batch_of_text_needs_neither(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(TABLE_TEXT, encoding="utf-8")
    (tmp_path / "b.txt").write_text(TABLE_TEXT, encoding="utf-8")
    out = tmp_path / "out"
    done = run_vnreport(["tables", "a.txt", "b.txt", "-o", str(out)], path=bin_dir_with(tmp_path), cwd=tmp_path)
    assert done.returncode == ExitCode.OK, done.stderr
    assert (out / "a" / "01-phu-luc-1.csv").is_file() and (out / "b" / "01-phu-luc-1.csv").is_file()

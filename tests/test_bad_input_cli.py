"""Bad input and bad output places, tried as a new user would: the CLI as a process, real files.

Every case ends in one `vnreport: error:` line with its documented exit code, or in a correct result;
never a traceback, never a partial output (nor a temporary file) left behind.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pikepdf
import pytest
from fakes.files import save_pdf, write_encrypted_pdf
from fakes.proc import assert_one_line_error, run_vnreport
from PIL import Image

from vnreport.output import write_with_atomic
from vnreport.rasterize import MAX_PAGE_PIXELS, fitting_dpi


def leftovers(folder: Path) -> list[str]:
    """Files in ``folder`` that a failed run may have left: outputs and temporary files."""
    return sorted(path.name for path in folder.iterdir() if path.name.startswith((".out", "out")))


def blank_pdf(path: Path, width_pt: float, height_pt: float) -> Path:
    with pikepdf.new() as pdf:
        pdf.add_blank_page(page_size=(width_pt, height_pt))
        pdf.save(path)
    return path


@pytest.mark.parametrize("case", ["empty", "truncated", "encrypted"])
def test_broken_pdfs_are_3_and_leave_no_pdf(tmp_path: Path, page_one, case: str) -> None:
    source = tmp_path / "in.pdf"
    if case == "empty":
        source.write_bytes(b"")
    elif case == "truncated":
        whole = save_pdf(tmp_path / "whole.pdf", [page_one]).read_bytes()
        source.write_bytes(whole[: len(whole) // 2])
    else:
        write_encrypted_pdf(source)
    result = run_vnreport(["fix", str(source), "-o", str(tmp_path / "out.pdf")], cwd=tmp_path)
    assert result.returncode == 3, result.stderr
    assert_one_line_error(result.stderr, "in.pdf")
    assert leftovers(tmp_path) == []


def test_a_page_of_20000_by_20000_pixels_is_3(tmp_path: Path) -> None:
    source = tmp_path / "huge.png"
    Image.new("1", (20000, 20000), 1).save(source)  # 400 megapixels, a few KB on disk
    result = run_vnreport(["fix", str(source), "-o", str(tmp_path / "out.pdf")], cwd=tmp_path)
    assert result.returncode == 3
    assert_one_line_error(result.stderr, "huge.png", "too large")
    assert leftovers(tmp_path) == []


def test_a_page_between_pillows_warning_and_error_limits_is_one_line_too(tmp_path: Path) -> None:
    source = tmp_path / "large.png"
    Image.new("1", (10000, 10000), 1).save(source)  # 100 megapixels: Pillow only warns (several lines)
    result = run_vnreport(["fix", str(source), "-o", str(tmp_path / "out.txt")], cwd=tmp_path)
    assert result.returncode == 3
    assert_one_line_error(result.stderr, "10000 x 10000 pixels")


def test_an_all_black_page_gives_a_valid_pdf(tmp_path: Path) -> None:
    source = tmp_path / "black.png"
    Image.new("L", (1240, 1754), 0).save(source, dpi=(150, 150))
    out = tmp_path / "out.pdf"
    result = run_vnreport(["fix", str(source), "-o", str(out)], cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    with pikepdf.open(out) as pdf:
        assert len(pdf.pages) == 1
    listed = subprocess.run(["pdfimages", "-list", str(out)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    assert [row.split()[3:5] for row in listed] == [["1240", "1754"]]


def test_a_200_inch_page_at_100_dpi_is_3_naming_the_page_and_a_dpi_that_fits(tmp_path: Path) -> None:
    source = blank_pdf(tmp_path / "poster.pdf", 14400, 14400)  # 200 x 200 inches, the PDF maximum
    result = run_vnreport(["fix", str(source), "-o", str(tmp_path / "out.pdf"), "--dpi", "100"], cwd=tmp_path)
    assert result.returncode == 3
    assert_one_line_error(result.stderr, "page 1", "200 x 200 inches", "47 dpi")
    assert leftovers(tmp_path) == []


def test_fitting_dpi_of_the_issues_pages() -> None:
    a3 = (841.89, 1190.55)
    assert fitting_dpi(a3, 600) == 600  # 70 megapixels: read as asked
    lowered = fitting_dpi(a3, 1200)
    assert 600 < lowered < 1200
    pixels = lambda dpi: -(-a3[0] * dpi // 72) * -(-a3[1] * dpi // 72)  # noqa: E731
    assert pixels(lowered) <= MAX_PAGE_PIXELS < pixels(lowered + 1)
    assert fitting_dpi((14400, 14400), 100) == 47


@pytest.mark.parametrize("kind", ["txt", "pdf"])
def test_a_full_disk_on_stdout_is_5_with_one_line(tmp_path: Path, kind: str) -> None:
    if kind == "txt":
        source = tmp_path / "ocr.txt"
        source.write_text("Nghi quyet so 01\n" * 2000, encoding="utf-8")
        args = ["fix", str(source), "-o", "-", "--no-repair"]
    else:
        source = tmp_path / "blank.png"
        Image.new("L", (400, 400), 255).save(source)
        args = ["fix", str(source), "-o", "-", "--output-type", "pdf", "--no-repair"]
    with open("/dev/full", "wb") as full:
        result = subprocess.run([sys.executable, "-m", "vnreport", *args], stdout=full, stderr=subprocess.PIPE, text=True, cwd=tmp_path, timeout=120)
    assert result.returncode == 5, result.stderr
    assert_one_line_error(result.stderr, "standard output", "No space left")


def test_pdf_output_into_a_missing_folder_or_onto_a_folder_is_5(tmp_path: Path) -> None:
    source = tmp_path / "blank.png"
    Image.new("L", (400, 400), 255).save(source)
    for target, needle in ((tmp_path / "nowhere" / "out.pdf", "does not exist"), (tmp_path, "is a directory")):
        result = run_vnreport(["fix", str(source), "-o", str(target)], cwd=tmp_path)
        assert result.returncode == 5
        assert_one_line_error(result.stderr, needle)


def test_pdf_output_equal_to_the_input_is_5_and_the_input_kept(tmp_path: Path, page_one) -> None:
    source = save_pdf(tmp_path / "scan.pdf", [page_one])
    before = source.read_bytes()
    result = run_vnreport(["fix", str(source), "-o", str(tmp_path / "." / "scan.pdf")], cwd=tmp_path)
    assert result.returncode == 5
    assert_one_line_error(result.stderr, "refusing to overwrite the input")
    assert source.read_bytes() == before


def test_a_failed_write_leaves_neither_output_nor_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "out.pdf"
    target.write_bytes(b"old")

    def writer(handle) -> None:
        handle.write(b"%PDF-1.7 half a file")
        raise RuntimeError("the writer failed half-way")

    with pytest.raises(RuntimeError):
        write_with_atomic(target, writer)
    assert target.read_bytes() == b"old"
    assert leftovers(tmp_path) == ["out.pdf"]

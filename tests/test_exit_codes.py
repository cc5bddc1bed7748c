"""Every documented exit code of `vnreport fix`, each with one clear line on stderr and no traceback."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from fakes.files import save_pdf, write_encrypted_pdf
from fakes.proc import assert_one_line_error, bin_dir_with, run_vnreport

import vnreport.pipeline
from vnreport.errors import ExitCode


@pytest.fixture
def text_input(tmp_path: Path) -> Path:
    path = tmp_path / "ocr.txt"
    path.write_text("Báo cáo kết quả thực hiện chuyển đổi số\n", encoding="utf-8")
    return path


# --- 0 --------------------------------------------------------------------------------------------


def test_success_is_0_and_stdout_gets_the_text(run_cli, text_input: Path) -> None:
    result = run_cli("fix", text_input, "-o", "-", "--no-repair")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "Báo cáo kết quả thực hiện chuyển đổi số\n", "")


# --- 2: usage -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (("--pages", "3-1"), "--pages"),
        (("--pages", "x"), "--pages"),
        (("--pages", "2"), "page 2 but the input has 1 page"),
        (("--dpi", "10"), "--dpi"),
        (("--jobs", "0"), "--jobs"),
        (("--min-confidence", "2"), "--min-confidence"),
    ],
)
def test_arguments_that_make_no_sense_are_usage_errors(run_cli, text_input: Path, tmp_path: Path, args, needle: str) -> None:
    result = run_cli("fix", text_input, "-o", tmp_path / "out.txt", "--no-repair", *args)
    assert result.exit_code == ExitCode.USAGE == 2
    assert_one_line_error(result.stderr, needle)
    assert not (tmp_path / "out.txt").exists()


@pytest.mark.parametrize("args", [(), ("--format", "pdf"), ("--tone-style", "newest")])
def test_click_usage_errors_are_2(run_cli, text_input: Path, args) -> None:
    extra = ("-o", "-") if args else ()
    result = run_cli("fix", text_input, *extra, *args)
    assert result.exit_code == 2
    assert "Traceback" not in result.stderr


# --- 3: input -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "needle"),
    [
        ("random.pdf", os.urandom(4096), "is named like a PDF file but is not one"),
        ("empty.txt", b"", "is empty"),
        ("slides.pptx", b"PK\x03\x04" + b"\x00" * 64, "unsupported input type"),
        ("image.gif", b"GIF89a" + b"\x00" * 64, "GIF"),
        ("latin1.txt", "Báo cáo tiếng Việt".encode("cp1258", errors="replace") + b"\xff\xfe\xfa", "not UTF-8 text"),
    ],
)
def test_unreadable_or_unsupported_input_is_3(run_cli, tmp_path: Path, name: str, content: bytes, needle: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    result = run_cli("fix", path, "-o", tmp_path / "out.txt")
    assert result.exit_code == ExitCode.BAD_INPUT == 3
    assert_one_line_error(result.stderr, needle)


def test_missing_input_is_3(run_cli, tmp_path: Path) -> None:
    result = run_cli("fix", tmp_path / "nope.pdf", "-o", tmp_path / "out.txt")
    assert result.exit_code == 3
    assert_one_line_error(result.stderr, "does not exist")


def test_directory_as_input_is_3(run_cli, tmp_path: Path) -> None:
    result = run_cli("fix", tmp_path, "-o", tmp_path / "out.txt")
    assert result.exit_code == 3
    assert_one_line_error(result.stderr, "is a directory")


def test_encrypted_pdf_is_3_and_says_why(run_cli, tmp_path: Path) -> None:
    result = run_cli("fix", write_encrypted_pdf(tmp_path / "locked.pdf"), "-o", tmp_path / "out.txt")
    assert result.exit_code == 3
    assert_one_line_error(result.stderr, "encrypted")


def test_missing_lexicon_is_3_before_any_ocr(run_cli, text_input: Path, tmp_path: Path) -> None:
    result = run_cli("fix", text_input, "-o", tmp_path / "out.txt", "--lexicon", tmp_path / "terms.txt")
    assert result.exit_code == 3
    assert_one_line_error(result.stderr, "lexicon", "terms.txt")


# --- 5: output ------------------------------------------------------------------------------------


def test_output_into_a_missing_directory_is_5(run_cli, text_input: Path, tmp_path: Path) -> None:
    result = run_cli("fix", text_input, "-o", tmp_path / "no" / "such" / "dir" / "out.txt", "--no-repair")
    assert result.exit_code == ExitCode.OUTPUT_ERROR == 5
    assert_one_line_error(result.stderr, "does not exist")


def test_output_that_is_a_directory_is_5(run_cli, text_input: Path, tmp_path: Path) -> None:
    result = run_cli("fix", text_input, "-o", tmp_path, "--no-repair")
    assert result.exit_code == 5
    assert_one_line_error(result.stderr, "is a directory")


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root may write into read-only directories")
def test_output_into_a_read_only_directory_is_5(run_cli, text_input: Path, tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        result = run_cli("fix", text_input, "-o", locked / "out.txt", "--no-repair")
    finally:
        locked.chmod(0o700)
    assert result.exit_code == 5
    assert_one_line_error(result.stderr, "not writable")


@pytest.mark.parametrize("spelling", ["same", "dotdot", "hardlink"])
def test_output_equal_to_the_input_is_refused_and_the_input_kept(run_cli, text_input: Path, tmp_path: Path, spelling: str) -> None:
    before = text_input.read_bytes()
    target = {
        "same": text_input,
        "dotdot": tmp_path / ".." / tmp_path.name / text_input.name,
        "hardlink": tmp_path / "link.txt",
    }[spelling]
    if spelling == "hardlink":
        os.link(text_input, target)
    result = run_cli("fix", text_input, "-o", target, "--no-repair")
    assert result.exit_code == 5
    assert_one_line_error(result.stderr, "refusing to overwrite the input")
    assert text_input.read_bytes() == before


def test_pdf_output_onto_itself_is_refused_before_ocr(run_cli, tmp_path: Path, page_one) -> None:
    pdf = save_pdf(tmp_path / "scan.pdf", [page_one])
    before = pdf.read_bytes()
    result = run_cli("fix", pdf, "-o", pdf)
    assert result.exit_code == 5
    assert pdf.read_bytes() == before


# --- 10 and 130 -----------------------------------------------------------------------------------


def test_a_bug_is_10_with_one_line_and_no_traceback(run_cli, text_input: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args, **kwargs):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(vnreport.pipeline, "run_fix", broken)
    result = run_cli("fix", text_input, "-o", "-")
    assert result.exit_code == ExitCode.INTERNAL_ERROR == 10
    assert_one_line_error(result.stderr, "internal error", "ZeroDivisionError")


def test_ctrl_c_is_130(run_cli, text_input: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(vnreport.pipeline, "run_fix", interrupted)
    result = run_cli("fix", text_input, "-o", "-")
    assert result.exit_code == ExitCode.INTERRUPTED == 130
    assert_one_line_error(result.stderr, "interrupted")


# --- 4: dependencies, checked before page 1 (real processes with a reduced PATH) ------------------


def test_fix_without_tesseract_is_4_with_install_advice_before_page_1(tmp_path: Path, page_one) -> None:
    png = tmp_path / "page.png"
    page_one.image.save(png)
    done = run_vnreport(["fix", str(png), "-o", "out.txt"], path=bin_dir_with(tmp_path, "pdfinfo", "pdftoppm"), cwd=tmp_path)
    assert done.returncode == ExitCode.MISSING_DEPENDENCY == 4
    assert_one_line_error(done.stderr, "Tesseract is not installed", "apt-get install tesseract-ocr")
    assert not (tmp_path / "out.txt").exists()


def test_fix_of_a_pdf_without_poppler_is_4(tmp_path: Path, page_one) -> None:
    pdf = save_pdf(tmp_path / "scan.pdf", [page_one])
    done = run_vnreport(["fix", str(pdf), "-o", "out.txt"], path=bin_dir_with(tmp_path, "tesseract"), cwd=tmp_path)
    assert done.returncode == 4
    assert_one_line_error(done.stderr, "Poppler", "poppler-utils")


def test_fix_with_a_language_that_is_not_installed_is_4(run_cli, tmp_path: Path, page_one) -> None:
    png = tmp_path / "page.png"
    page_one.image.save(png)
    result = run_cli("fix", png, "-o", tmp_path / "out.txt", "--lang", "vie+xyz")
    assert result.exit_code == 4
    assert_one_line_error(result.stderr, "'xyz'", "tesseract-ocr-xyz")


def test_malformed_lexicon_with_a_scan_is_3_and_no_output(tmp_path: Path, page_one) -> None:
    # The restorer is loaded in a thread while the page is OCR'd (vnreport/background.py): its
    # error must still end the run as the one-line error of a bad lexicon, with nothing written.
    png = tmp_path / "page.png"
    page_one.image.save(png, dpi=(200, 200))
    lexicon = tmp_path / "terms.txt"
    lexicon.write_bytes(b"\xff\xfe not UTF-8\n")
    out = tmp_path / "out.pdf"
    result = run_vnreport(["fix", str(png), "-o", str(out), "--jobs", "1", "--lexicon", str(lexicon)], cwd=tmp_path)
    assert result.returncode == ExitCode.BAD_INPUT == 3, result.stderr
    assert_one_line_error(result.stderr, "terms.txt", "UTF-8")
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".out.pdf")] == []

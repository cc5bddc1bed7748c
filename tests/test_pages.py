"""Page selection (--pages), input sniffing and page-by-page rasterisation."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from fakes.files import TEST_DPI, save_pdf, save_tiff, write_encrypted_pdf
from PIL import Image

from vnreport.errors import BadArgsError, InputError
from vnreport.inputs import InputKind, sniff_input
from vnreport.pages import parse_pages
from vnreport.rasterize import check_page_selection
from vnreport.sources import Source


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        ("1", (1,)),
        ("1-3,7", (1, 2, 3, 7)),
        ("7,1-3", (1, 2, 3, 7)),
        (" 2 - 4 , 4 ", (2, 3, 4)),
        ("5-5", (5,)),
        ("1,1,1", (1,)),
    ],
)
def test_parse_pages_reads_lists_and_ranges_in_document_order(spec: str, expected: tuple[int, ...]) -> None:
    assert parse_pages(spec) == expected


@pytest.mark.parametrize("spec", ["", " ", "0", "3-1", "a", "1-", "-2", "1,,2", "1.5", "1-2-3", "0-4", "1-100001"])
def test_parse_pages_rejects_nonsense_with_a_usage_error(spec: str) -> None:
    with pytest.raises(BadArgsError) as caught:
        parse_pages(spec)
    assert "--pages" in str(caught.value)


def test_page_selection_defaults_to_every_page() -> None:
    assert check_page_selection(None, 3) == (1, 2, 3)


def test_page_selection_past_the_end_names_the_page_and_the_count() -> None:
    with pytest.raises(BadArgsError, match=r"page 9 but the input has 3 pages"):
        check_page_selection((1, 9), 3)


def test_sniff_trusts_magic_bytes_not_names(tmp_path: Path, page_one) -> None:
    png_named_txt = tmp_path / "scan.txt"
    page_one.image.save(png_named_txt, "PNG")
    text = tmp_path / "ocr-output"
    text.write_text("Báo cáo số 1\n", encoding="utf-8")
    pdf = save_pdf(tmp_path / "scan.bin", [page_one])
    assert sniff_input(png_named_txt) is InputKind.IMAGE
    assert sniff_input(text) is InputKind.TEXT
    assert sniff_input(pdf) is InputKind.PDF


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("random.pdf", os.urandom(2048), "not one"),
        ("empty.png", b"", "empty"),
        ("archive.docx", b"PK\x03\x04" + b"\x00" * 100, "ZIP"),
        ("binary.dat", b"\x00\x01\x02\xff" * 100, "unsupported"),
    ],
)
def test_sniff_rejects_what_it_cannot_read(tmp_path: Path, name: str, content: bytes, reason: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(InputError, match=reason):
        sniff_input(path)


def test_pdf_pages_are_rasterised_one_at_a_time_in_order(tmp_path: Path, page_one, page_two) -> None:
    pdf = save_pdf(tmp_path / "two.pdf", [page_one, page_two])
    source = Source.open(pdf)
    assert source.page_count() == 2
    image = source.load_page(1, dpi=100)  # only page 1 is rasterised
    # A4 at 100 dpi is 827 x 1169 pixels.
    assert abs(image.width - 827) <= 2 and abs(image.height - 1169) <= 2
    assert image.info["dpi"] == (100, 100)
    assert source.load_page(2, dpi=100).tobytes() != image.tobytes()


def test_pdf_page_selection_yields_only_the_selected_pages(tmp_path: Path, page_one, page_two) -> None:
    pdf = save_pdf(tmp_path / "two.pdf", [page_one, page_two])
    source = Source.open(pdf)
    assert check_page_selection((2,), source.page_count()) == (2,)
    with pytest.raises(BadArgsError, match="asks for page 3 but the input has 2 pages"):
        check_page_selection((3,), source.page_count())


def test_multi_frame_tiff_gives_one_page_per_frame_with_its_resolution(tmp_path: Path, page_one, page_two) -> None:
    tiff = save_tiff(tmp_path / "two.tif", [page_one, page_two])
    source = Source.open(tiff)
    assert source.page_count() == 2
    pages = [source.load_page(n, dpi=300) for n in (1, 2)]
    assert pages[0].size == page_one.image.size
    # The frames' own resolution wins over the dpi argument, which is for PDFs.
    assert pages[1].info["dpi"] == (TEST_DPI, TEST_DPI)
    assert pages[0].tobytes() != pages[1].tobytes()


def test_transparent_png_is_flattened_on_white(tmp_path: Path) -> None:
    path = tmp_path / "alpha.png"
    Image.new("RGBA", (20, 10), (0, 0, 0, 0)).save(path)
    source = Source.open(path)
    image = source.load_page(1, dpi=300)
    assert source.page_count() == 1 and image.mode == "RGB"
    assert image.getpixel((5, 5)) == (255, 255, 255)


def test_encrypted_pdf_is_bad_input_that_says_so(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="encrypted"):
        Source.open(write_encrypted_pdf(tmp_path / "locked.pdf")).page_count()


def test_truncated_pdf_is_bad_input(tmp_path: Path, page_one) -> None:
    whole = save_pdf(tmp_path / "whole.pdf", [page_one]).read_bytes()
    cut = tmp_path / "cut.pdf"
    cut.write_bytes(whole[: len(whole) // 3])
    with pytest.raises(InputError):
        source = Source.open(cut)
        source.page_count()
        source.load_page(1, dpi=50)


def test_text_that_starts_like_a_bmp_header_is_still_text(tmp_path: Path) -> None:
    path = tmp_path / "form.txt"
    path.write_text("BM-01: Biểu mẫu báo cáo\n", encoding="utf-8")
    assert sniff_input(path) is InputKind.TEXT

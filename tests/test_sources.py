"""One source type per input kind: sniffed once, counts its pages, gives page n."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest
from fakes.files import save_pdf, save_tiff, write_encrypted_pdf
from fakes.ocr import ScriptedEngine

from vnreport.cleanup import CleanupConfig
from vnreport.config import OcrConfig
from vnreport.errors import DependencyError, InputError
from vnreport.inputs import InputKind
from vnreport.sources import ImageSource, PdfSource, Source, TextSource


def test_open_returns_the_source_of_the_files_kind(tmp_path: Path, page_one, page_two) -> None:
    pdf = save_pdf(tmp_path / "scan.pdf", [page_one, page_two])
    tiff = save_tiff(tmp_path / "scan.tif", [page_one, page_two, page_one])
    text = tmp_path / "ocr.txt"
    text.write_text("trang một\n\fTrang hai\n", encoding="utf-8")
    opened = [Source.open(path) for path in (pdf, tiff, text)]
    assert [type(source) for source in opened] == [PdfSource, ImageSource, TextSource]
    assert [source.kind for source in opened] == [InputKind.PDF, InputKind.IMAGE, InputKind.TEXT]
    assert [source.has_pages for source in opened] == [True, True, False]
    assert [source.page_count() for source in opened] == [2, 3, 2]
    # Picklable, as page tasks carry them to worker processes.
    assert [pickle.loads(pickle.dumps(source)).page_count() for source in opened] == [2, 3, 2]


def test_image_pages_are_read_by_the_engine_text_pages_are_split(tmp_path: Path, page_one, page_two) -> None:
    tiff = save_tiff(tmp_path / "scan.tif", [page_one, page_two])
    engine = ScriptedEngine(pages=("một hai", "ba bốn"))
    page = Source.open(tiff).read_page(2, config=OcrConfig(), engine=engine)
    assert (page.number, page.text) == (2, "ba bốn")
    assert Source.open(tiff).load_page(1, dpi=300).size == page_one.image.size
    text = tmp_path / "ocr.txt"
    text.write_text("Dòng một\nDòng hai\n\fTrang hai\n", encoding="utf-8")
    source = Source.open(text)
    assert [line.text for line in source.read_page(1, config=OcrConfig(), engine=engine).lines] == ["Dòng một", "Dòng hai"]
    with pytest.raises(InputError, match="is text"):
        source.load_page(1, dpi=300)


def test_a_text_source_reads_its_file_once(tmp_path: Path) -> None:
    text = tmp_path / "ocr.txt"
    text.write_text("một\n\n\n\nhai\n\n\n\nba\n", encoding="utf-8")
    source = Source.open(text)
    assert source.page_count(CleanupConfig(page_break_blank_lines=3)) == 3
    text.unlink()  # every later page comes from the one read
    assert source.read_page(3, config=OcrConfig(), engine=ScriptedEngine(pages=()), cleanup=CleanupConfig(page_break_blank_lines=3)).text == "ba"


def test_each_source_probes_only_the_tools_it_needs(tmp_path: Path, page_one) -> None:
    missing = ScriptedEngine(pages=(), missing=True)
    text = tmp_path / "ocr.txt"
    text.write_text("đã là OCR\n", encoding="utf-8")
    Source.open(text).probe("vie", missing)  # text needs neither Tesseract nor Poppler
    tiff = save_tiff(tmp_path / "scan.tif", [page_one])
    with pytest.raises(DependencyError, match="Tesseract"):
        Source.open(tiff).probe("vie", missing)


def test_an_encrypted_pdf_fails_when_counted_with_a_one_line_reason(tmp_path: Path) -> None:
    source = Source.open(write_encrypted_pdf(tmp_path / "locked.pdf"))
    assert isinstance(source, PdfSource)
    with pytest.raises(InputError, match="encrypted"):
        source.page_count()


def test_the_tables_review_page_loader_opens_each_input_once(tmp_path: Path, page_one, page_two, monkeypatch) -> None:
    import vnreport.inputs
    import vnreport.sources
    from vnreport.review.tablepage import page_loader

    pdf = save_pdf(tmp_path / "scan.pdf", [page_one, page_two])
    tiff = save_tiff(tmp_path / "scan.tif", [page_one, page_two])
    sniffed: list[Path] = []
    real = vnreport.sources.sniff_input
    for module in (vnreport.inputs, vnreport.sources):  # every way in to the sniffer is counted
        monkeypatch.setattr(module, "sniff_input", lambda path: sniffed.append(Path(path)) or real(path))
    load = page_loader(dpi=100)
    images = [load(str(path), n) for path in (pdf, tiff) for n in (1, 2, 1)]
    assert sniffed == [pdf, tiff]  # once per input, not once per page
    assert images[0].info["dpi"] == (100, 100) and images[3].size == page_one.image.size
    assert images[0].tobytes() == images[2].tobytes() != images[1].tobytes()

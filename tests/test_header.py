"""The header block of an administrative document: found, split into its columns, rules removed, read in order."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from fakes.proc import run_vnreport

from vnreport.header import HeaderConfig, column_split, header_zone, remove_rules
from vnreport.models import BBox, Line, Page, Word

REPO = Path(__file__).resolve().parents[1]


def _page(*rows: tuple[str, int]) -> Page:
    lines = []
    for text, top in rows:
        words = tuple(Word(w, BBox(100 + 60 * i, top, 50, 40), 90.0) for i, w in enumerate(text.split()))
        lines.append(Line(words=words, bbox=BBox(100, top, 60 * len(words), 40)))
    return Page(number=1, lines=tuple(lines), width=2480, height=3508, dpi=300)


def test_header_zone_needs_the_markers_of_a_header_at_the_top() -> None:
    header = _page(("UBND TỈNH VĨNH PHÚC CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 230), ("Số: 215/BC-UBND PUYNG, 0U lân Dục", 315), ("Vĩnh Phúc, ngày 15 tháng 12 năm 2023", 416), ("BÁO CÁO", 555))
    assert header_zone(header) == 416 + 40 + 20
    prose = _page(("Thực hiện Kế hoạch số 125/KH-UBND ngày 20 tháng 3 năm 2023 của UBND tỉnh", 230), ("về chuyển đổi số năm 2023.", 300))
    assert header_zone(prose) is None  # one date in prose is no header
    low = _page(("Số: 12/QĐ", 2000), ("Hà Nội, ngày 1 tháng 2 năm 2024", 2100))
    assert header_zone(low) is None  # not at the top of the page


def test_column_split_finds_the_white_gap_despite_speckle() -> None:
    zone = np.full((300, 2480), 255, dtype=np.uint8)
    zone[50:90, 200:1000] = 0  # left column text
    zone[50:90, 1200:2300] = 0  # right column text
    zone[120, 1100] = 0  # a speck in the gap
    split = column_split(zone)
    assert split is not None and 1000 < split < 1200
    zone[50:90, 1000:1200] = 0  # one line across the page: no columns
    assert column_split(zone) is None


def test_remove_rules_paints_out_rules_and_keeps_letters() -> None:
    pixels = np.full((200, 1200), 255, dtype=np.uint8)
    pixels[150:153, 200:900] = 0  # the motto's underline rule, 700 px
    pixels[40:100, 300:340] = 0  # a letter stroke: 40 px wide
    pixels[60:64, 400:500] = 0  # a bar of a bold letter: 100 px, shorter than a rule
    cleaned = remove_rules(pixels, page_width=2480, config=HeaderConfig())
    assert (cleaned[150:153, 200:900] == 255).all()
    assert (cleaned[40:100, 300:340] == 0).all()
    assert (cleaned[60:64, 400:500] == 0).all()


@pytest.mark.slow
def test_sample_header_block_reads_in_order(tmp_path: Path) -> None:
    result = run_vnreport(["fix", str(REPO / "samples" / "report-scan.pdf"), "--pages", "1", "-o", "-", "--jobs", "1"], cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    truth = (REPO / "samples" / "report-scan.truth.txt").read_text(encoding="utf-8").splitlines()
    # Issuing body, số, quốc hiệu, motto (was "PUYNG, 0U lân Dục"), place and date, in this order.
    assert result.stdout.splitlines()[:5] == truth[:5]


def test_fix_gives_the_restorer_the_fixed_header_phrases(tmp_path: Path) -> None:
    source = tmp_path / "ocr.txt"
    source.write_text("UBND TINH VINH PHUC\nĐọc lập - Tự đo - Hạnh phục\n", encoding="utf-8")
    result = run_vnreport(["fix", str(source), "-o", "-"], cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Độc lập - Tự do - Hạnh phúc" in result.stdout.splitlines()


def test_both_columns_are_read_in_one_call_and_mapped_back_to_page_pixels() -> None:
    from PIL import Image

    from vnreport.config import OcrConfig
    from vnreport.header import reread_header

    page = _page(("UBND TỈNH CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 230), ("Số: 215/BC-UBND Độc lập - Tự do", 315), ("ngày 15 tháng 12 năm 2023", 416), ("Nội dung báo cáo", 900))
    pixels = np.full((3508, 2480), 255, dtype=np.uint8)
    pixels[230:280, 100:900] = 0  # left column
    pixels[230:280, 1300:2300] = 0  # right column
    calls: list[tuple[int, int]] = []

    def read(image: Image.Image, config: OcrConfig) -> Page:
        calls.append(image.size)
        height = 476  # the zone: the lowest marker's bottom (456) plus half a line
        band = image.height - 2 * height
        assert band >= 40 and config.psm == HeaderConfig().psm
        left = Line(words=(Word("UBND", BBox(100, 230, 300, 50), 95.0),), bbox=BBox(100, 230, 300, 50))
        right = Line(words=(Word("CỘNG", BBox(60, height + band + 230, 200, 50), 95.0),), bbox=BBox(60, height + band + 230, 200, 50))
        return Page(number=1, lines=(left, right), width=image.width, height=image.height, dpi=300)

    result = reread_header(Image.fromarray(pixels, mode="L"), page, config=OcrConfig(), read=read)
    assert len(calls) == 1  # one Tesseract process for both columns
    split = column_split(pixels[:476])
    assert [(line.text, line.block, line.bbox) for line in result.lines[:2]] == [
        ("UBND", -2, BBox(100, 230, 300, 50)),
        ("CỘNG", -1, BBox(split + 60, 230, 200, 50)),
    ]
    assert result.lines[1].words[0].bbox == BBox(split + 60, 230, 200, 50)
    assert [line.text for line in result.lines[2:]] == ["Nội dung báo cáo"]  # the body is kept

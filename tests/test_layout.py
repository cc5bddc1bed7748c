"""Two-column pages come out column by column (vnreport/layout.py), through the real CLI too."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from fakes.proc import run_vnreport
from PIL import Image, ImageDraw

from vnreport.config import OcrConfig
from vnreport.layout import find_gutter, in_reading_order, reread_signature
from vnreport.models import BBox, Line, Page, Word
from vnreport_build.synthetic import PageStyle, find_font, load_font

WIDTH, HEIGHT = 2480, 3508
LEFT = (300, 1180)  # left column, x from..to
RIGHT = (1300, 2180)


def _line(text: str, left: int, top: int, width: int, block: int = 1) -> Line:
    words = tuple(Word(w, BBox(left + 90 * i, top, 80, 40), 95.0) for i, w in enumerate(text.split()))
    return Line(words=words, bbox=BBox(left, top, width, 40), block=block)


def _image(rows: list[tuple[int, int, int]]) -> Image.Image:
    """A white page with a black bar for each (left, right, top) row of text."""
    pixels = np.full((HEIGHT, WIDTH), 255, dtype=np.uint8)
    for left, right, top in rows:
        pixels[top : top + 40, left:right] = 0
    pixels[1800, 1240] = 0  # a speck in the gutter
    return Image.fromarray(pixels, "L")


def _two_columns(count: int = 6) -> tuple[Image.Image, list[Line], list[Line]]:
    tops = [600 + 70 * i for i in range(count)]
    left = [_line(f"trái {i} dòng chữ của cột", LEFT[0], top, LEFT[1] - LEFT[0]) for i, top in enumerate(tops)]
    right = [_line(f"phải {i} dòng chữ của cột", RIGHT[0], top, RIGHT[1] - RIGHT[0], block=2) for i, top in enumerate(tops)]
    rows = [(LEFT[0], LEFT[1], top) for top in tops] + [(RIGHT[0], RIGHT[1], top) for top in tops]
    return _image(rows + [(1000, 1480, 450)]), left, right


def _no_reader(image: Image.Image, config: OcrConfig) -> Page:
    raise AssertionError("columns read again although every line lay in one column")


def test_find_gutter_sees_the_white_gap_despite_a_speck() -> None:
    image, _, _ = _two_columns()
    gutter = find_gutter(np.asarray(image), 600, 1020)
    assert gutter is not None and LEFT[1] <= gutter[0] < gutter[1] <= RIGHT[0]
    assert find_gutter(np.asarray(image), 440, 1020) is None  # the centred title crosses it


def test_interleaved_columns_are_put_in_reading_order() -> None:
    image, left, right = _two_columns()
    title = _line("BÁO CÁO", 1000, 450, 480, block=0)
    footer = _line("Nơi nhận: như trên, lưu văn thư và các cơ quan có liên quan của tỉnh", 300, 1500, 1880, block=3)
    interleaved = [title] + [line for pair in zip(left, right) for line in pair] + [footer]
    page = Page(number=1, lines=tuple(interleaved), width=WIDTH, height=HEIGHT, dpi=300)
    ordered = in_reading_order(image, page, config=OcrConfig(), read=_no_reader)
    assert [line.text for line in ordered.lines] == ["BÁO CÁO", *(l.text for l in left), *(l.text for l in right), footer.text]


def test_a_page_in_one_column_or_already_in_order_is_left_alone() -> None:
    image, left, right = _two_columns()
    page = Page(number=1, lines=tuple(left + right), width=WIDTH, height=HEIGHT, dpi=300)
    assert in_reading_order(image, page, config=OcrConfig(), read=_no_reader) is page
    full = [_line(f"dòng {i} của một trang một cột", 300, 600 + 70 * i, 1880) for i in range(8)]
    single = Page(number=1, lines=tuple(full), width=WIDTH, height=HEIGHT, dpi=300)
    solid = _image([(300, 2180, 600 + 70 * i) for i in range(8)])
    assert in_reading_order(solid, single, config=OcrConfig(), read=_no_reader) is single


def test_lines_joined_across_the_gutter_make_the_columns_read_again() -> None:
    image, left, right = _two_columns()
    joined = _line("trái 2 dòng chữ của cột phải 2 dòng chữ của cột", LEFT[0], 740, RIGHT[1] - LEFT[0])  # Tesseract joined the columns here
    page = Page(number=1, lines=(*left[:2], *right[:2], joined, *left[3:], *right[3:]), width=WIDTH, height=HEIGHT, dpi=300)
    crops: list[tuple[int, int]] = []

    def reader(crop: Image.Image, config: OcrConfig) -> Page:
        assert config.psm == 4
        crops.append(crop.size)
        name = "trái" if len(crops) == 1 else "phải"
        return Page(number=1, lines=tuple(_line(f"{name} {i} dòng chữ của cột", 10, 10 + 70 * i, 800) for i in range(6)))

    out = in_reading_order(image, page, config=OcrConfig(), read=reader)
    assert len(crops) == 2 and crops[0][0] + crops[1][0] == WIDTH
    assert [line.text for line in out.lines] == [*(l.text for l in left), *(l.text for l in right)]
    # Boxes come back in page pixels: the right column's words lie right of the gutter.
    assert all(word.bbox.left > LEFT[1] for line in out.lines[6:] for word in line.words)


def _render_two_columns(path: Path) -> tuple[list[str], list[str]]:
    """A real 300-dpi page in two columns whose lines lie level with each other across the gutter."""
    style = PageStyle(font_path=find_font("serif"), font_size_pt=12.0, dpi=300)
    font = load_font(style)
    left = ["Ủy ban nhân dân tỉnh đã chỉ đạo", "các sở, ngành triển khai thực hiện", "kế hoạch cải cách hành chính", "trong năm với nhiều kết quả tốt", "về chỉ số hài lòng của người dân."]
    right = ["Công tác chuyển đổi số được đẩy", "mạnh, hệ thống thông tin giải quyết", "thủ tục hành chính của tỉnh vận", "hành ổn định, kết nối với Cổng", "dịch vụ công quốc gia đầy đủ."]
    image = Image.new("L", (WIDTH, HEIGHT), 255)
    draw = ImageDraw.Draw(image)
    for i, (a, b) in enumerate(zip(left, right)):
        draw.text((LEFT[0], 500 + 70 * i), a, font=font, fill=0)
        draw.text((RIGHT[0] - 40, 500 + 70 * i), b, font=font, fill=0)
    image.save(path, dpi=(300, 300))
    return left, right


@pytest.mark.slow
def test_fix_reads_a_two_column_page_column_by_column(tmp_path: Path) -> None:
    page = tmp_path / "columns.png"
    left, right = _render_two_columns(page)
    result = run_vnreport(["fix", str(page), "-o", "-", "--jobs", "1", "--no-repair"], cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    text = " ".join(result.stdout.split())
    # The last words of the left column come before the first words of the right one.
    assert text.index("hài lòng") < text.index("Công tác"), text
    assert text.index("trong năm") < text.index("mạnh, hệ thống"), text


def test_a_table_of_names_and_figures_keeps_its_rows() -> None:
    tops = [600 + 70 * i for i in range(8)]
    names = [_line(f"Huyện số {i} của tỉnh", 300, top, 700) for i, top in enumerate(tops)]
    figures = [_line(f"{1000 + i}", 1700, top, 200, block=2) for i, top in enumerate(tops)]
    rows = [line for pair in zip(names, figures) for line in pair]
    image = _image([(300, 1000, top) for top in tops] + [(1700, 1900, top) for top in tops])
    page = Page(number=1, lines=tuple(rows), width=WIDTH, height=HEIGHT, dpi=300)
    assert in_reading_order(image, page, config=OcrConfig(), read=_no_reader) is page


def _signature_page(joined: bool) -> tuple[Image.Image, Page]:
    """'Nơi nhận' and its list on the left, the signature on the right, at the foot of a page."""
    pixels = np.full((HEIGHT, WIDTH), 255, dtype=np.uint8)
    lines = [_line("Trên đây là báo cáo kết quả thực hiện năm 2023 của tỉnh", 300, 2300, 1880)]
    pixels[2300:2340, 300:2180] = 0
    left = ["Nơi nhận:", "- Bộ Nội vụ;", "- TTTU, TTHĐND tỉnh;", "- Lưu: VT."]
    right = ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
    for i in range(4):
        top = 2450 + 60 * i
        pixels[top : top + 40, 300:900] = 0
        if i < 3:
            pixels[top : top + 40, 1500:2100] = 0
        if joined and i < 3:
            lines.append(_line(f"{left[i]} {right[i]}", 300, top, 1800))
        else:
            lines.append(_line(left[i], 300, top, 600))
    if not joined:
        lines += [_line(text, 1500, 2450 + 60 * i, 600, block=5) for i, text in enumerate(right)]
    return Image.fromarray(pixels, "L"), Page(number=1, lines=tuple(lines), width=WIDTH, height=HEIGHT, dpi=300)


def test_a_joined_signature_block_is_read_again_left_column_first() -> None:
    image, page = _signature_page(joined=True)
    crops: list[int] = []

    def reader(crop: Image.Image, config: OcrConfig) -> Page:
        assert config.psm == 4
        crops.append(crop.size[0])
        texts = ["Nơi nhận:", "- Bộ Nội vụ;", "- TTTU, TTHĐND tỉnh;", "- Lưu: VT."] if len(crops) == 1 else ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
        return Page(number=1, lines=tuple(_line(text, 20, 30 + 60 * i, 500) for i, text in enumerate(texts)))

    out = reread_signature(image, page, config=OcrConfig(), read=reader)
    assert len(crops) == 2 and 900 < WIDTH - crops[1] < 1500  # split in the white gap
    assert [line.text for line in out.lines] == [
        page.lines[0].text, "Nơi nhận:", "- Bộ Nội vụ;", "- TTTU, TTHĐND tỉnh;", "- Lưu: VT.", "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH",
    ]
    assert out.lines[5].bbox.left > 1000 and out.lines[5].bbox.top > 2400  # back in page pixels


def test_a_signature_block_read_in_order_is_left_alone() -> None:
    image, page = _signature_page(joined=False)
    assert reread_signature(image, page, config=OcrConfig(), read=_no_reader) is page


@pytest.mark.slow
def test_the_sample_signature_block_reads_recipients_then_signer(tmp_path: Path) -> None:
    sample = Path(__file__).resolve().parents[1] / "samples" / "report-scan.pdf"
    result = run_vnreport(["fix", str(sample), "--pages", "4", "-o", "-", "--jobs", "1"], cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    start = lines.index("Nơi nhận:")
    assert lines[start + 1] == "- Bộ Thông tin và Truyền thông;"
    assert lines[start + 6] == "- Lưu: VT, KGVX."
    assert lines[start + 7] == "TM. ỦY BAN NHÂN DÂN"

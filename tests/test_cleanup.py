"""Cleanup: NFC, page furniture, paragraph reflow, standalone lines, hyphenation."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from vnreport.cleanup import (
    BlockKind,
    Cleaned,
    classify_line,
    clean_pages,
    join_lines,
    normalize_line,
    text_to_pages,
)
from vnreport.models import BBox, Line, Page, Word

SAMPLES = Path(__file__).resolve().parents[1] / "samples"

# Geometry of the fake OCR pages below: a text column from x=300 to x=2300, lines 60 px apart.
LEFT, RIGHT, PITCH, HEIGHT = 300, 2300, 60, 40


def ocr_line(text: str, *, row: int, left: int = LEFT, right: int = RIGHT, block: int = 0, confidence: float = 95.0) -> Line:
    """A Tesseract-like line whose words are spread evenly between ``left`` and ``right``."""
    tokens = text.split()
    step = (right - left) / len(tokens)
    words = tuple(
        Word(token, BBox(int(left + i * step), 200 + row * PITCH, max(1, int(step) - 10), HEIGHT), confidence)
        for i, token in enumerate(tokens)
    )
    return Line(words=words, bbox=BBox(left, 200 + row * PITCH, right - left, HEIGHT), block=block)


def ocr_page(number: int, lines: list[Line]) -> Page:
    return Page(number=number, lines=tuple(lines), width=2480, height=3508, dpi=300)


def texts(cleaned: Cleaned) -> list[str]:
    return [block.text for block in cleaned.blocks]


# --- normalisation --------------------------------------------------------------------------------


def test_normalize_line_composes_to_nfc_and_drops_invisible_characters() -> None:
    decomposed = unicodedata.normalize("NFD", "Nghị quyết")
    assert decomposed != "Nghị quyết"
    assert normalize_line(f"  {decomposed}\u00ad\u200b  số\u00a001 ") == "Nghị quyết số 01"


def test_cleaned_text_is_nfc() -> None:
    pages = text_to_pages(unicodedata.normalize("NFD", "Ủy ban nhân dân tỉnh Vĩnh Phúc"))
    assert unicodedata.is_normalized("NFC", clean_pages(pages).text)
    assert clean_pages(pages).text == "Ủy ban nhân dân tỉnh Vĩnh Phúc"


# --- hyphenation ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("first", "second", "joined"),
    [
        ("áp dụng công nghệ docu-", "ment mới", "áp dụng công nghệ document mới"),
        ("phát triển kinh tế-", "xã hội", "phát triển kinh tế-xã hội"),  # whole syllables: a real hyphen
        ("giai đoạn 2006-", "2010 của tỉnh", "giai đoạn 2006-2010 của tỉnh"),
        ("Thông báo số 27-", "KL/TU ngày", "Thông báo số 27-KL/TU ngày"),
        ("phát triển kinh tế -", "xã hội", "phát triển kinh tế - xã hội"),  # a spaced dash is not a hyphen
        ("các cơ quan", "đơn vị", "các cơ quan đơn vị"),
    ],
)
def test_join_lines_mends_hyphenation_only_where_a_word_was_split(first: str, second: str, joined: str) -> None:
    assert join_lines(first, second) == joined


# --- classification -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("UBND TỈNH VĨNH PHÚC", BlockKind.HEADING),
        ("I. KẾT QUẢ ĐẠT ĐƯỢC", BlockKind.HEADING),
        ("A.KET QUA TRIEN KHAI THUC HIEN NGHI QUYET", BlockKind.HEADING),
        ("1. Công tác chỉ đạo, điều hành", BlockKind.LIST_ITEM),
        ("2.3. Kết quả cụ thể", BlockKind.LIST_ITEM),
        ("a) Hạ tầng công nghệ thông tin", BlockKind.LIST_ITEM),
        ("đ) Nguồn nhân lực", BlockKind.LIST_ITEM),
        ("- Hạ tầng viễn thông được đầu tư", BlockKind.LIST_ITEM),
        ("+ Hệ thống thông tin điện tử", BlockKind.LIST_ITEM),
        ("Số: 238/BC-UBND", BlockKind.LINE),
        ("Vĩnh Phúc, ngày 16 tháng 9 năm 2020", BlockKind.LINE),
        ("Phụ lục 1: Xếp hạng chỉ số sẵn sàng", BlockKind.LINE),
        ("Phu luc 2:", BlockKind.LINE),  # legacy OCR without marks
        ("Nơi nhận:", BlockKind.SIGNATURE),
        ("Noi nhan:", BlockKind.SIGNATURE),
        ("TM. ỦY BAN NHÂN DÂN", BlockKind.SIGNATURE),
        ("KT. CHỦ TỊCH", BlockKind.SIGNATURE),
        ("1 Sở Tư pháp 8.530 7.915 92,8", BlockKind.TABLE_ROW),
        ("3.1 | Nội bộ", BlockKind.TABLE_ROW),
        ("2019 21 18 24,5", BlockKind.TABLE_ROW),
        ("Tổng số thuê bao điện thoại trên mạng đạt gần 100.000 thuê bao, mật độ đạt 96", BlockKind.PARAGRAPH),
        ("thông tin di động, phủ sóng di động 3G, 4G đạt 100% và đã phát sóng", BlockKind.PARAGRAPH),
    ],
)
def test_classify_line(line: str, kind: BlockKind) -> None:
    assert classify_line(line) is kind


# --- text input (no boxes) ------------------------------------------------------------------------

WRAPPED = """\
BÁO CÁO
Thực hiện Nghị quyết số 01/NQ-TU ngày 09/5/2006 của Ban Thường vụ Tỉnh ủy
Vĩnh Phúc về phát triển và ứng dụng công nghệ thông tin, giai đoạn 2006-
2010, UBND tỉnh báo cáo kết quả thực hiện Nghị quyết với các nội dung cụ
thể như sau:
1. Công tác phổ biến, quán triệt và chỉ đạo triển khai nghị quyết
- Hạ tầng viễn thông và Internet đã được đầu tư tương đối hiện đại, chất
lượng tốt, đáp ứng được nhu cầu của các tổ chức, doanh nghiệp và nhân dân.
- Tổng số thuê bao Internet trên địa bàn tỉnh đạt hơn 22.000 thuê bao.
Các cơ quan, đơn vị sau khi học tập và quán triệt Nghị quyết đã cụ thể hóa
bằng các chương trình hành động.
"""


def test_wrapped_text_is_reflowed_into_paragraphs_and_items() -> None:
    cleaned = clean_pages(text_to_pages(WRAPPED))
    assert texts(cleaned) == [
        "BÁO CÁO",
        "Thực hiện Nghị quyết số 01/NQ-TU ngày 09/5/2006 của Ban Thường vụ Tỉnh ủy Vĩnh Phúc về phát triển "
        "và ứng dụng công nghệ thông tin, giai đoạn 2006-2010, UBND tỉnh báo cáo kết quả thực hiện Nghị quyết "
        "với các nội dung cụ thể như sau:",
        "1. Công tác phổ biến, quán triệt và chỉ đạo triển khai nghị quyết",
        "- Hạ tầng viễn thông và Internet đã được đầu tư tương đối hiện đại, chất lượng tốt, đáp ứng được nhu "
        "cầu của các tổ chức, doanh nghiệp và nhân dân.",
        "- Tổng số thuê bao Internet trên địa bàn tỉnh đạt hơn 22.000 thuê bao.",
        "Các cơ quan, đơn vị sau khi học tập và quán triệt Nghị quyết đã cụ thể hóa bằng các chương trình hành động.",
    ]
    assert [block.kind for block in cleaned.blocks][:3] == [BlockKind.HEADING, BlockKind.PARAGRAPH, BlockKind.LIST_ITEM]


def test_blank_lines_separate_paragraphs_and_form_feeds_separate_pages() -> None:
    text = "Đoạn một dài dài dài dài dài dài dài dài dài dài dài dài\n\nĐoạn hai\fTrang hai\n"
    pages = text_to_pages(text)
    assert [page.number for page in pages] == [1, 2]
    assert texts(clean_pages(pages)) == ["Đoạn một dài dài dài dài dài dài dài dài dài dài dài dài", "Đoạn hai", "Trang hai"]


def test_three_blank_lines_are_a_page_break_when_there_are_no_form_feeds() -> None:
    pages = text_to_pages("một\n\nhai\n\n\n\nba\n")
    assert [page.text for page in pages] == ["một\nhai", "ba"]


def test_page_numbers_at_page_edges_are_dropped_but_numbers_in_text_are_not() -> None:
    pages = (
        Page(1, tuple(text_to_pages("Nội dung trang một\n15\nkết thúc trang\n- 2 -")[0].lines)),
        Page(2, tuple(text_to_pages("Trang 3\nNội dung trang hai\n3/10")[0].lines)),
    )
    cleaned = clean_pages(pages)
    assert "15" in texts(cleaned)
    assert {(line.page, line.text, line.reason) for line in cleaned.dropped} == {
        (1, "- 2 -", "page-number"),
        (2, "Trang 3", "page-number"),
        (2, "3/10", "page-number"),
    }


BODIES = (
    "Sở Thông tin và Truyền thông đã tham mưu UBND tỉnh ban hành kế hoạch chuyển đổi số năm 2023.",
    "Hạ tầng viễn thông được đầu tư đồng bộ, phủ sóng di động 4G đạt toàn bộ các xã trên địa bàn.",
    "Cổng dịch vụ công của tỉnh cung cấp các thủ tục hành chính trực tuyến cho người dân và doanh nghiệp.",
)


def test_running_headers_and_footers_repeated_on_most_pages_are_dropped() -> None:
    pages = tuple(
        Page(n, text_to_pages(f"Báo cáo số 238/BC-UBND - trang {n}\n{body}\nTài liệu nội bộ, lưu hành hạn chế ({n}/3)")[0].lines)
        for n, body in enumerate(BODIES, 1)
    )
    cleaned = clean_pages(pages)
    assert texts(cleaned) == list(BODIES)
    assert [(line.page, line.reason) for line in cleaned.dropped] == [
        (1, "running-header"), (1, "running-footer"), (2, "running-header"), (2, "running-footer"),
        (3, "running-header"), (3, "running-footer"),
    ]


def test_a_line_on_only_one_page_is_not_a_running_header() -> None:
    titles = ("Phần mở đầu", "Hạ tầng viễn thông", "Dịch vụ công trực tuyến")
    pages = tuple(Page(n, text_to_pages(f"{title}\n{body}")[0].lines) for n, (title, body) in enumerate(zip(titles, BODIES), 1))
    assert clean_pages(pages).dropped == ()


def test_a_paragraph_continues_across_a_page_break() -> None:
    full = "Sở Thông tin và Truyền thông đã tham mưu UBND tỉnh ban hành nhiều văn bản chỉ đạo về chuyển"
    pages = (
        Page(1, text_to_pages(f"{full}\n{full}\nđổi số và chính quyền điện tử, chính quyền số trên địa bàn toàn tỉnh Vĩnh Phúc trong năm")[0].lines),
        Page(2, text_to_pages("2023 với nhiều kết quả tích cực.")[0].lines),
    )
    cleaned = clean_pages(pages)
    assert len(cleaned.blocks) == 1
    assert cleaned.blocks[0].text.endswith("toàn tỉnh Vĩnh Phúc trong năm 2023 với nhiều kết quả tích cực.")


def test_a_finished_sentence_at_the_foot_of_a_page_does_not_run_into_the_next_page() -> None:
    full = "Sở Thông tin và Truyền thông đã tham mưu UBND tỉnh ban hành nhiều văn bản chỉ đạo về chuyển"
    pages = (
        Page(1, text_to_pages(f"{full}\nđổi số và chính quyền điện tử trên địa bàn toàn tỉnh trong năm nay.")[0].lines),
        Page(2, text_to_pages("Hạ tầng viễn thông được đầu tư đồng bộ.")[0].lines),
    )
    assert len(clean_pages(pages).blocks) == 2


def test_signature_and_table_lines_stay_on_their_own_lines() -> None:
    text = (
        "Trên đây là báo cáo kết quả thực hiện chuyển đổi số năm 2023 trên địa bàn tỉnh Vĩnh Phúc,\n"
        "đề nghị các cơ quan, đơn vị tiếp tục phối hợp thực hiện các nhiệm vụ được giao trong năm\n"
        "Nơi nhận:\n"
        "TM. ỦY BAN NHÂN DÂN\n"
        "1 Sở Tư pháp 8.530 7.915 92,8\n"
        "2 Sở Xây dựng 2.134 1.866 87,4\n"
    )
    cleaned = clean_pages(text_to_pages(text))
    assert texts(cleaned)[1:] == ["Nơi nhận:", "TM. ỦY BAN NHÂN DÂN", "1 Sở Tư pháp 8.530 7.915 92,8", "2 Sở Xây dựng 2.134 1.866 87,4"]


# --- OCR pages (with boxes) -----------------------------------------------------------------------


def test_geometry_a_short_line_ends_a_paragraph_and_a_full_line_does_not() -> None:
    page = ocr_page(
        1,
        [
            ocr_line("Thực hiện Kế hoạch số 125/KH-UBND của UBND tỉnh về chuyển đổi số", row=0, left=LEFT + 150),
            ocr_line("năm 2023, các sở, ban, ngành đã triển khai đồng bộ các nhiệm vụ", row=1),
            ocr_line("được giao.", row=2, right=LEFT + 400),
            ocr_line("Hệ thống quản lý văn bản và điều hành được kết nối liên thông từ", row=3),
            ocr_line("cấp tỉnh đến cấp xã.", row=4, right=LEFT + 700),
        ],
    )
    assert texts(clean_pages([page])) == [
        "Thực hiện Kế hoạch số 125/KH-UBND của UBND tỉnh về chuyển đổi số năm 2023, các sở, ban, ngành đã "
        "triển khai đồng bộ các nhiệm vụ được giao.",
        "Hệ thống quản lý văn bản và điều hành được kết nối liên thông từ cấp tỉnh đến cấp xã.",
    ]


def test_geometry_an_indent_or_a_wide_gap_starts_a_new_paragraph_after_a_full_line() -> None:
    page = ocr_page(
        1,
        [
            ocr_line("Đoạn thứ nhất kết thúc đúng ở lề phải của trang văn bản này", row=0),
            ocr_line("Đoạn thứ hai thụt đầu dòng và cũng kết thúc ở lề phải trang", row=1, left=LEFT + 150),
            ocr_line("Đoạn thứ ba cách đoạn trên một khoảng trắng rộng hơn bình thường", row=3),
            ocr_line("và dòng này tiếp tục đoạn thứ ba cho đến hết lề phải của trang", row=4),
            ocr_line("dòng cuối của đoạn ba vẫn là một dòng đầy đủ đến lề phải trang", row=5),
        ],
    )
    assert [text.split()[:3] for text in texts(clean_pages([page]))] == [
        ["Đoạn", "thứ", "nhất"],
        ["Đoạn", "thứ", "hai"],
        ["Đoạn", "thứ", "ba"],
    ]


def test_geometry_centred_and_right_hand_lines_stay_alone() -> None:
    centre = (LEFT + RIGHT) // 2
    page = ocr_page(
        1,
        [
            ocr_line("Độc lập - Tự do - Hạnh phúc", row=0, left=centre - 400, right=centre + 400),
            ocr_line("Nội dung chính của văn bản trải dài từ lề trái đến lề phải trang", row=1),
            ocr_line("Nguyễn Văn Khánh", row=2, left=RIGHT - 700, right=RIGHT - 200),
            ocr_line("Dòng cuối cùng của văn bản cũng trải dài từ lề trái đến lề phải", row=3),
        ],
    )
    cleaned = clean_pages([page])
    assert texts(cleaned)[0] == "Độc lập - Tự do - Hạnh phúc"
    assert "Nguyễn Văn Khánh" in texts(cleaned)
    assert cleaned.blocks[0].kind is BlockKind.LINE


def test_geometry_a_lone_number_at_the_top_is_a_page_number_but_a_table_cell_is_not() -> None:
    centre = (LEFT + RIGHT) // 2
    page = ocr_page(
        2,
        [
            ocr_line("2", row=0, left=centre - 10, right=centre + 10),
            ocr_line("STT Năm đánh giá Xếp hạng", row=2),
            ocr_line("1 2019", row=3, left=LEFT, right=LEFT + 800),
            # Tesseract often reads a table column by column: the last cell is alone on its
            # line but shares its height with the cells beside it.
            ocr_line("9", row=3, left=RIGHT - 100, right=RIGHT),
        ],
    )
    cleaned = clean_pages([page])
    assert [(line.text, line.reason) for line in cleaned.dropped] == [("2", "page-number")]
    assert "9" in texts(cleaned)


def test_geometry_an_unreadable_speck_of_a_page_number_is_dropped() -> None:
    centre = (LEFT + RIGHT) // 2
    page = ocr_page(
        3,
        [
            ocr_line("Si", row=0, left=centre - 20, right=centre + 20, confidence=13.0),
            ocr_line("Nội dung chính của văn bản trải dài từ lề trái đến lề phải trang", row=2),
            ocr_line("Dòng thứ hai của nội dung chính cũng trải dài tới lề phải trang", row=3),
            ocr_line("Dòng thứ ba là dòng cuối của nội dung trên trang này đến lề phải", row=4),
        ],
    )
    cleaned = clean_pages([page])
    assert [(line.text, line.reason) for line in cleaned.dropped] == [("Si", "page-number")]
    assert len(cleaned.blocks) == 1


def test_punctuation_only_lines_are_noise() -> None:
    page = ocr_page(1, [ocr_line("Nội dung chính của văn bản", row=0), ocr_line(", . '", row=1), ocr_line("—", row=2)])
    assert [line.reason for line in clean_pages([page]).dropped] == ["noise", "noise"]


# --- the bundled legacy OCR -----------------------------------------------------------------------


def test_legacy_ocr_sample_keeps_its_structure() -> None:
    text = (SAMPLES / "legacy-ocr-238-BC-UBND.txt").read_text(encoding="utf-8")
    cleaned = clean_pages(text_to_pages(text))
    lines = texts(cleaned)
    # The printed page number "13" before the appendix is dropped; table rows stay one per line.
    assert [line.text for line in cleaned.dropped if line.reason == "page-number"] == ["13"]
    assert "1 2019 21" in lines and "10 2010 9" in lines
    assert "Phu luc 1:" in lines
    # A paragraph wrapped over four lines, with "2006-" / "2010" split at a line end, is one line.
    intro = next(line for line in lines if line.startswith("Thuc hién Nghi quyét s6 01/NQ-TU"))
    assert "giai doan 2006-2010 (sau day goi 1a" in intro
    assert intro.endswith("cu thé nhu sau:")
    # A paragraph that runs over a page break (three blank lines in this file) is joined.
    assert any("phd bién gido duc phap luat" in line for line in lines)


def test_blank_form_feed_pages_keep_their_numbers_and_a_final_form_feed_adds_none() -> None:
    pages = text_to_pages("một\f\fba\f")
    assert [(page.number, page.text) for page in pages] == [(1, "một"), (2, ""), (3, "ba")]
    assert text_to_pages("") == (Page(number=1, lines=()),)

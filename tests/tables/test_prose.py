"""Figures stated in report text: rates and "trong đó" parts."""

from __future__ import annotations

from vnreport.tables.config import TableConfig
from vnreport.tables.prose import check_prose

GOOD = (
    "Năm 2019, toàn tỉnh tiếp nhận 314.984 hồ sơ, đã giải quyết 252.856 hồ sơ (đạt tỷ lệ 80,28%).\n"
    "Theo Kế hoạch số 125/KH-UBND ngày 16/9/2020, Cổng dịch vụ công cung cấp 1.969 dịch vụ, trong đó có\n"
    "73 dịch vụ công trực tuyến mức độ 3. Có 50 người tham gia, đạt 12% kế hoạch năm 2020.\n"
)


def _found(text: str) -> list[tuple]:
    return [(f.kind, f.row, f.column, f.suggestion) for f in check_prose(text, TableConfig())]


def test_correct_prose_has_no_findings() -> None:
    assert _found(GOOD) == []


def test_a_wrong_rate_is_found_at_the_percentage_with_the_swap_that_explains_it() -> None:
    text = GOOD.replace("80,28%", "80,82%")
    assert _found(text) == [("rate-mismatch", 0, text.splitlines()[0].index("80,82%"), "80,28%")]


def test_a_wrong_count_is_found_at_the_count() -> None:
    text = GOOD.replace("252.856", "252.586")
    assert _found(text) == [("rate-mismatch", 0, text.splitlines()[0].index("252.586"), "252.856")]


def test_a_part_larger_than_the_whole() -> None:
    text = "Tiếp nhận 1.200 hồ sơ, trong đó 1.500 hồ sơ trực tuyến."
    assert _found(text) == [("part-exceeds-whole", 0, text.index("1.500"), "")]


def test_statements_across_a_line_break_are_read_as_one_sentence() -> None:
    text = "Toàn tỉnh tiếp nhận 314.984 hồ sơ, giải quyết\n252.856 hồ sơ (đạt tỷ lệ 70,28%)."
    assert [(kind, row) for kind, row, _, _ in _found(text)] == [("rate-mismatch", 1)]


def test_counts_of_different_things_are_not_compared() -> None:
    text = "Tiếp nhận 314.984 hồ sơ, cấp 252.856 tài khoản (đạt tỷ lệ 10,00%)."
    assert _found(text) == []

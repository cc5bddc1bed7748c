"""Vietnamese number parsing, OCR repair and the one-edit variants used for suggestions."""

from __future__ import annotations

from decimal import Decimal

import pytest

from vnreport.tables.numbers import (
    format_machine,
    format_printed,
    is_figure,
    looks_numeric,
    parse_number,
    repair_number,
    single_edit_variants,
)


@pytest.mark.parametrize(
    ("text", "value", "decimals", "percent", "unit"),
    [
        ("1.058", "1058", 0, False, ""),
        ("1.187.000", "1187000", 0, False, ""),
        ("53,95", "53.95", 2, False, ""),
        ("1.234,5", "1234.5", 1, False, ""),
        ("80,28%", "80.28", 2, True, ""),
        ("100 %", "100", 0, True, ""),
        ("(12)", "-12", 0, False, ""),
        ("-12", "-12", 0, False, ""),
        ("−5,5", "-5.5", 1, False, ""),
        ("0,5", "0.5", 1, False, ""),
        ("10.000.000.000đ", "10000000000", 0, False, "đ"),
        ("93.000 đồng", "93000", 0, False, "đồng"),
        ("1.220 triệu đồng", "1220", 0, False, "triệu đồng"),
        ("2019", "2019", 0, False, ""),
    ],
)
def test_printed_numbers_parse(text: str, value: str, decimals: int, percent: bool, unit: str) -> None:
    number = parse_number(text)
    assert number is not None
    assert (number.value, number.decimals, number.percent, number.unit) == (Decimal(value), decimals, percent, unit)


def test_a_dash_is_nil() -> None:
    number = parse_number("-")
    assert number is not None and number.nil and number.value == 0


@pytest.mark.parametrize("text", ["", "abc", "1.0.58", "1,058,000", "12a", "(12", "-(12)", "05", "000.000", "1.05"])
def test_malformed_numbers_do_not_parse(text: str) -> None:
    assert parse_number(text) is None


@pytest.mark.parametrize(
    ("text", "repaired", "change"),
    [
        ("1O5", "105", "'O' read as '0'"),
        ("l.2S8", "1.258", "'l' read as '1'"),
        ("|00", "100", "'|' read as '1'"),
        ("I.B00", "1.800", "'B' read as '8'"),
        ("1. 058", "1.058", "stray space removed"),
        ("1 058", "1.058", "space read as thousands separator '.'"),
        ("53.95", "53,95", "'.' read as decimal ','"),
        ("93.000.000 d", "93.000.000 đ", "'d' read as 'đ'"),
    ],
)
def test_ocr_confusions_are_repaired_and_explained(text: str, repaired: str, change: str) -> None:
    repair = repair_number(text)
    assert repair is not None
    assert repair.text == repaired
    assert change in repair.changes
    assert parse_number(repair.text) == repair.number


@pytest.mark.parametrize("text", ["1.058", "Số", "Cấp xã", "SOS", "lOl", ""])
def test_good_numbers_and_words_are_not_repaired(text: str) -> None:
    assert repair_number(text) is None


def test_figure_and_numeric_look() -> None:
    assert is_figure("1.O58") and is_figure("-") and not is_figure("Tổng số")
    assert looks_numeric("1.0.58") and looks_numeric("12a")
    assert not looks_numeric("- Cấp xã: 30%") and not looks_numeric("Tổng số")


@pytest.mark.parametrize(
    ("text", "machine"),
    [("1.058", "1058"), ("53,95", "53.95"), ("80,28%", "80.28"), ("(12)", "-12"), ("-", "0"), ("1.220 triệu đồng", "1220")],
)
def test_machine_form(text: str, machine: str) -> None:
    number = parse_number(text)
    assert number is not None and format_machine(number) == machine


def test_print_form() -> None:
    assert format_printed(Decimal(1058)) == "1.058"
    assert format_printed(Decimal("53.954"), 2) == "53,95"
    assert format_printed(Decimal("-1234567.5"), 1) == "-1.234.567,5"
    assert format_printed(Decimal(80), 2, percent=True) == "80,00%"


def test_rounding_is_half_the_last_printed_digit() -> None:
    assert parse_number("80,28").rounding == Decimal("0.005")
    assert parse_number("1.058").rounding == 0


def test_single_edit_variants() -> None:
    variants = {text: how for text, _number, how in single_edit_variants("1.085")}
    assert variants["1.058"] == "digits 85→58 swapped"
    assert variants["1.035"] == "digit 8→3"
    assert all(not text.startswith("0") for text in variants)
    assert "1.085" not in variants

"""Checks on tables, driven by data/validation_cases.json, plus the properties the cases rely on."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from vnreport.tables.config import TableConfig
from vnreport.tables.objects import Table
from vnreport.tables.validate import column_roles, repair_table, row_roles, validate_table

CASES = json.loads((Path(__file__).parent / "data" / "validation_cases.json").read_text(encoding="utf-8"))["cases"]


def _table(case: dict) -> Table:
    return Table(tuple(case["header"]), tuple(tuple(row) for row in case["rows"]))


def _errors(table: Table, config: TableConfig | None = None) -> list[tuple]:
    return [(f.row, f.column, f.kind, f.suggestion) for f in validate_table(table, config or TableConfig()) if f.severity == "error"]


@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_case(case: dict) -> None:
    expected = [(e["row"], e["column"], e["kind"], e.get("suggestion", "")) for e in case["errors"]]
    assert _errors(_table(case)) == expected


def _case(prefix: str) -> Table:
    return _table(next(case for case in CASES if case["name"].startswith(prefix)))


@pytest.mark.parametrize(
    ("prefix", "cell", "wrong", "kind"),
    [
        # Each clean case is really checked: spoiling one figure gives an error at that cell.
        ("clean: total on top", (1, 3), "4.900", "inconsistent-cell"),
        ("clean: sections", (9, 2), "330", "sum-mismatch"),
        ("clean: sections", (4, 3), "204", "inconsistent-cell"),
        ("clean: 'Trong đó'", (7, 3), "1.189", "breakdown-mismatch"),
        ("clean: 'Trong đó'", (3, 3), "320", "part-exceeds-whole"),
        ("clean: decimals", (4, 3), "75,9", "sum-mismatch"),
    ],
)
def test_clean_cases_are_checked(prefix: str, cell: tuple[int, int], wrong: str, kind: str) -> None:
    errors = _errors(_case(prefix).with_cells({cell: wrong}))
    assert [(row, column, found) for row, column, found, _ in errors] == [(*cell, kind)]


def test_rounding_and_tolerance() -> None:
    table = Table(("STT", "Huyện", "Diện tích"), (("1", "A", "10,4"), ("2", "B", "20,4"), ("", "Tổng", "30,9")))
    # 10,4 + 20,4 = 30,8; each printed figure may be 0,05 off, so 30,9 is within rounding.
    assert _errors(table) == []
    off = table.with_cells({(3, 2): "31,0"})
    assert [kind for _, _, kind, _ in _errors(off)] == ["sum-mismatch"]
    assert _errors(off, TableConfig(tolerance=Decimal("0.1"))) == []


def test_rate_relation_is_learnt_from_the_rows() -> None:
    # The rate is "solved / received" although "solved" is printed first.
    table = Table(
        ("STT", "Đơn vị", "Đã giải quyết", "Tiếp nhận", "Tỷ lệ (%)"),
        (("1", "A", "252.856", "314.984", "80,28"), ("2", "B", "90", "120", "75,00"), ("3", "C", "45", "60", "57,00")),
    )
    assert [(row, column, kind) for row, column, kind, _ in _errors(table)] == [(3, 4, "rate-mismatch")]


def test_no_rate_check_without_a_relation_that_holds_in_most_rows() -> None:
    table = Table(
        ("STT", "Đơn vị", "A", "B", "Tỷ lệ (%)"),
        (("1", "X", "10", "20", "13,0"), ("2", "Y", "30", "40", "91,0"), ("3", "Z", "50", "60", "7,5")),
    )
    assert _errors(table) == []


def test_column_and_row_roles() -> None:
    table = _case("clean: 'Trong đó'")
    roles = column_roles(table, TableConfig())
    assert (roles.stt, roles.label, roles.numeric, roles.additive) == (0, 1, (3,), (3,))
    kinds = [role.kind for role in row_roles(table, roles)]
    assert kinds == ["total", "item", "of-which", "item", "item", "breakdown-marker", "item", "item"]


def test_total_labels_are_recognised_without_marks_but_not_inside_longer_labels() -> None:
    table = Table(("STT", "Chỉ tiêu", "Số"), (("1", "A", "1"), ("2", "B", "2"), ("", "Tong cong", "4")))
    assert [kind for _, _, kind, _ in _errors(table)] == ["sum-mismatch"]
    longer = table.with_cells({(3, 1): "Tổng số dịch vụ công trực tuyến"})
    assert _errors(longer) == []


def test_repairs_are_warnings_and_change_only_the_repaired_cell() -> None:
    table = Table(("STT", "Đơn vị", "Số"), (("1", "A", "1.O58"), ("2", "B", "29,962"), ("3", "C", "27.813")))
    repaired, findings = repair_table(table, TableConfig())
    assert [row[2] for row in repaired.rows] == ["1.058", "29.962", "27.813"]
    assert [(f.severity, f.kind, f.row, f.column, f.suggestion) for f in findings] == [
        ("warning", "ocr-repair", 1, 2, "1.058"),
        ("warning", "ocr-repair", 2, 2, "29.962"),
    ]
    assert repaired.rows[0][:2] == table.rows[0][:2]


def test_validation_never_raises_on_odd_tables() -> None:
    odd = [
        Table((), ()),
        Table(("A",), ()),
        Table(("A", "B"), (("", ""),)),
        Table(("STT", "X"), (("Tổng", "abc"), ("1", "%"), ("-", "(")),),
        Table(("STT", "X", "Tỷ lệ (%)"), (("1", "0", "0"), ("2", "0", "-"), ("", "Tổng", "0"))),
    ]
    for table in odd:
        validate_table(table, TableConfig())

"""Write tables as CSV and the findings as report.json (schema in the README; keep it stable)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from pathlib import Path

import regex

from vnreport.errors import InputError, OutputError
from vnreport.output import write_bytes_atomic, write_text_atomic
from vnreport.tables.config import TableConfig
from vnreport.tables.locate import appendix_match
from vnreport.tables.numbers import format_machine, parse_number
from vnreport.tables.objects import InputReport, Table
from vnreport.tables.textutil import fold
from vnreport.tables.validate import column_roles

REPORT_NAME = "report.json"
SCHEMA_VERSION = 1
_BOM = "\ufeff"


def csv_text(table: Table, config: TableConfig) -> str:
    """The CSV of ``table``: header row then body rows, cells as printed (or as machine numbers)."""
    rows = table.csv_rows()
    if config.normalize_numbers:
        numeric = set(column_roles(table, config).numeric)
        rows = (table.header,) + tuple(
            tuple(_machine(cell) if column in numeric else cell for column, cell in enumerate(row)) for row in table.rows
        )
    if not config.raw_csv:
        rows = tuple(tuple(neutralise(cell) for cell in row) for row in rows)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")  # RFC 4180 line ends, which Excel expects
    writer.writerows(rows)
    return (_BOM if config.excel else "") + buffer.getvalue()


# OWASP "CSV injection": a spreadsheet takes a cell that starts with one of these for a formula
# (tab and carriage return too, which some spreadsheets skip before looking).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# A number as printed (sign, digits, Vietnamese separators, a percent sign) is data, not a formula,
# and stays numeric: "-5", "-1.234,5", "+12,5%".
_PLAIN_NUMBER = regex.compile(r"^[+\-]?\d[\d.,]*%?$")
# Printed nils ("-", "—") are a lone character, which no spreadsheet evaluates.
_NIL_CELLS = frozenset({"-", "−", "–", "—"})
NEUTRAL_PREFIX = "'"


def neutralise(cell: str) -> str:
    """``cell`` made safe to open in a spreadsheet: a leading apostrophe when it would start a
    formula ("=HYPERLINK(…)", "+cmd|…", "@SUM(…)", "- Cấp xã"), unless it is a plain number
    ("-5", "-1.234,5") or a lone printed nil ("-"). Excel and LibreOffice show such a cell as
    text without the apostrophe. :func:`read_csv_table` takes the apostrophe off again."""
    if cell.startswith(_FORMULA_START) and cell not in _NIL_CELLS and not _PLAIN_NUMBER.match(cell):
        return NEUTRAL_PREFIX + cell
    return cell


def unneutralise(cell: str) -> str:
    """The text :func:`neutralise` was given (a cell of a CSV written by vnreport or by hand)."""
    if cell.startswith(NEUTRAL_PREFIX) and cell[1:].startswith(_FORMULA_START):
        return cell[1:]
    return cell


def _machine(cell: str) -> str:
    number = parse_number(cell)
    return format_machine(number) if number is not None else cell


def csv_name(index: int, table: Table) -> str:
    """ "02-phu-luc-2.csv": the position keeps files in order, the appendix name says which one."""
    slug = ""
    length = appendix_match(table.title)
    if length:
        slug = regex.sub(r"[^a-z0-9]+", "-", fold(table.title[:length])).strip("-")
    return f"{index:02d}-{slug or 'table'}.csv"


def report_json(report: InputReport, names: Sequence[str]) -> dict[str, object]:
    """The report.json document for one input."""
    return {
        "schema_version": SCHEMA_VERSION,
        "input": report.input,
        "error": report.error,
        "tables": [
            {
                "csv": name,
                "title": result.table.title,
                "page": result.table.page,
                "pages": list(result.table.pages),
                "rows": len(result.table.rows),
                "columns": result.table.width,
            }
            for name, result in zip(names, report.results)
        ],
        "findings": [finding.to_json() for finding in report.findings],
    }


def reports_json(reports: Sequence[InputReport], config: TableConfig) -> str:
    """``vnreport tables --format json``: every input's report.json with each table's cells
    (``header`` and ``rows``, as the CSV would have them) in one document."""
    documents = []
    for report in reports:
        names = [csv_name(index, result.table) for index, result in enumerate(report.results, start=1)]
        document = report_json(report, names)
        for entry, result in zip(document["tables"], report.results):
            rows = list(csv.reader(io.StringIO(csv_text(result.table, replace_excel(config)))))
            entry["header"], entry["cells"] = rows[0], rows[1:]
        documents.append(document)
    return json.dumps({"schema_version": SCHEMA_VERSION, "reports": documents}, ensure_ascii=False, indent=2) + "\n"


def replace_excel(config: TableConfig) -> TableConfig:
    """The config without ``excel`` (a BOM belongs in a CSV file, not inside JSON)."""
    from dataclasses import replace

    return replace(config, excel=False)


def write_report(report: InputReport, directory: Path, config: TableConfig, *, protect: tuple[Path, ...] = ()) -> Path:
    """Write one CSV per table and report.json into ``directory`` (created if needed); return the report path."""
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot create {directory}: {exc.strerror or exc}") from exc
    names = [csv_name(index, result.table) for index, result in enumerate(report.results, start=1)]
    for name, result in zip(names, report.results):
        write_bytes_atomic(directory / name, csv_text(result.table, config).encode("utf-8"), protect=protect)
    target = directory / REPORT_NAME
    document = json.dumps(report_json(report, names), ensure_ascii=False, indent=2) + "\n"
    write_text_atomic(target, document, protect=protect)
    return target


def read_csv_table(path: Path) -> Table:
    """Load a CSV written by vnreport (or edited by hand): first row header, the rest body; a
    cell neutralised against CSV injection ("'=…", "'- Cấp xã") is read without its apostrophe.

    Raises InputError for files that are not UTF-8 CSV.
    """
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise InputError(f"{path} is not UTF-8 (byte {exc.start}); save it as CSV UTF-8") from exc
    try:
        rows = [tuple(row) for row in csv.reader(io.StringIO(text))]
    except csv.Error as exc:
        raise InputError(f"{path} is not a readable CSV: {exc}") from exc
    while rows and not any(cell.strip() for cell in rows[-1]):
        rows.pop()  # trailing blank lines; blank rows inside stay so row numbers match the file
    if not rows:
        raise InputError(f"{path} is an empty CSV")
    rows = [tuple(unneutralise(cell) for cell in row) for row in rows]
    return Table(header=rows[0], rows=tuple(rows[1:]))

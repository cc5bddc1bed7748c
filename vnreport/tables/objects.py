"""Records passed between the table stages: a Table as CSV-shaped text, and Findings about its cells."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Table:
    """One extracted (or loaded) table, cell text as printed.

    header: the header as one row; a multi-line header has each column's lines joined by a space, a group
        header over several columns joined to each one's own with " - " ("Năm 2019 - Kế hoạch").
    rows: body rows, each exactly as wide as the header (short rows are padded with "").
    title: the nearest "Phụ lục N" line and its caption above the table ("" when there is none).
    page: 1-based page the table starts on (None for tables read from CSV or text).
    pages: every page the table spans (a table continued on the next page is one table).
    readings: body cells that the two OCR readings of figures read differently, as ((CSV row,
        column), other texts): the cell holds one reading, these are the others (see
        :func:`vnreport.tables.validate.choose_readings`). Not part of the CSV; not compared.
    regions: where the table was printed, one (page, left, top, right, bottom) per page it spans, in
        the pixels of the page image it was read from (for the review page's crops); () for tables
        read from text or CSV. Not part of the CSV; not compared.

    CSV row numbers used in findings: 0 is the header, body row ``i`` is CSV row ``i + 1``.
    """

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    title: str = ""
    page: int | None = None
    pages: tuple[int, ...] = ()
    readings: tuple[tuple[tuple[int, int], tuple[str, ...]], ...] = field(default=(), compare=False, repr=False)
    regions: tuple[tuple[int, int, int, int, int], ...] = field(default=(), compare=False, repr=False)
    # Page edges ("left", "right") the printed table runs off: columns beyond them were not on the
    # scan. () for tables read from text or CSV. Not compared.
    cut: tuple[str, ...] = field(default=(), compare=False, repr=False)

    def __post_init__(self) -> None:
        width = max([len(self.header), *(len(row) for row in self.rows)], default=0)
        if len(self.header) < width:
            object.__setattr__(self, "header", tuple(self.header) + ("",) * (width - len(self.header)))
        if any(len(row) != width for row in self.rows):
            object.__setattr__(self, "rows", tuple(tuple(row) + ("",) * (width - len(row)) for row in self.rows))

    @property
    def width(self) -> int:
        return len(self.header)

    def csv_rows(self) -> tuple[tuple[str, ...], ...]:
        """Header then body: what the CSV file holds."""
        return (self.header, *self.rows)

    def cell(self, csv_row: int, column: int) -> str:
        """Text of a cell addressed by CSV row (0 = header) and column."""
        return self.csv_rows()[csv_row][column]

    def with_cells(self, changes: dict[tuple[int, int], str]) -> "Table":
        """A copy with some body cells replaced; keys are (CSV row, column)."""
        rows = [list(row) for row in self.rows]
        for (csv_row, column), text in changes.items():
            rows[csv_row - 1][column] = text
        return replace(self, rows=tuple(tuple(row) for row in rows))


@dataclass(frozen=True)
class Finding:
    """Something wrong (error) or worth a look (warning) at one cell of one table, or one place in text.

    table: 1-based index into the report's tables; None for findings in report text (prose).
    row / column: 0-based CSV row (0 = header) and column; for prose, 0-based line and character.
    kind: a stable identifier (documented in the README) such as "sum-mismatch" or "ocr-repair".
    suggestion: a value that would make every failing check hold, when one digit swap or one OCR
        confusion explains the error; "" otherwise. vnreport never applies it.
    """

    severity: Severity
    kind: str
    message: str
    row: int | None
    column: int | None
    suggestion: str = ""
    table: int | None = None
    source: str = field(default="", compare=False)  # file the finding is about (set by `check`)

    def to_json(self) -> dict[str, object]:
        """The report.json form (schema in the README)."""
        return {
            "table": self.table,
            "row": self.row,
            "column": self.column,
            "severity": self.severity,
            "kind": self.kind,
            "message": self.message,
            "suggestion": self.suggestion,
        }


@dataclass(frozen=True)
class TableResult:
    """A table with the findings about it (their ``table`` field is not set yet)."""

    table: Table
    findings: tuple[Finding, ...] = ()


@dataclass(frozen=True)
class InputReport:
    """Everything `vnreport tables` learned from one input."""

    input: str
    results: tuple[TableResult, ...] = ()
    error: str | None = None  # set when the input could not be read; the batch goes on

    @property
    def findings(self) -> tuple[Finding, ...]:
        """All findings, each with its 1-based table index."""
        return tuple(
            replace(finding, table=index)
            for index, result in enumerate(self.results, start=1)
            for finding in result.findings
        )

    @property
    def error_count(self) -> int:
        return sum(1 for finding in self.findings if finding.severity == "error")

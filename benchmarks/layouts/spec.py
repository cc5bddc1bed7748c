"""What a generated document prints, and the CSV that extraction must give back for each table.

A :class:`TableSpec` is the printed table (heading lines, units line, header rows with their
spans, the optional column-number row, body rows, layout style); :meth:`TableSpec.csv_rows` is its
expected CSV under the shared conventions (notes/tables-conventions.md of the issue): one header
row with wrapped lines joined by a space and spanned group headers written "<group> - <sub>"; no
column-number row, no units line, no repeated header; body rows exactly as printed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_SPACE = re.compile(r"\s+")


def norm(text: str) -> str:
    """Whitespace normalisation of the conventions: runs of whitespace -> one space, trimmed."""
    return _SPACE.sub(" ", text).strip()


@dataclass(frozen=True)
class HCell:
    """A printed header cell. ``text`` may hold "\\n" where the line is broken on purpose."""

    text: str
    colspan: int = 1
    rowspan: int = 1


@dataclass(frozen=True)
class Row:
    """A printed body row. kind: item | group (I, II, section label) | sub (a), -) | total (Cộng, Tổng cộng)."""

    cells: tuple[str, ...]
    kind: str = "item"


@dataclass(frozen=True)
class Injected:
    """An error printed into one cell (CSV row, 0 = header; column), with the value that was right."""

    table: int  # 1-based index of the table in its document
    row: int
    column: int
    correct: str
    printed: str
    how: str  # "swap" (two adjacent digits exchanged) or "lookalike" (3<->8, 1<->7, 5<->6, 0<->8 …)
    # True when this cell is the only one where one such edit makes every sum and rate of the table
    # hold again (else the checks can tell that something is wrong, not where).
    locatable: bool = True
    fixes: int = 1  # how many cells one edit could fix it at


@dataclass(frozen=True)
class TableSpec:
    """One printed appendix table.

    style: grid (every cell ruled) | none (whitespace only) | header-rule (one rule under the header)
    | booktabs (rules above and under the header and under the table) | vertical (column rules and a
    boxed header, no rules between body rows).
    sums: (column, total row index, part row indices) triples that the printed figures satisfy; the
    error injection uses them so that an injected error always breaks a check.
    """

    heading: tuple[str, ...]  # "Phụ lục 3", "KẾT QUẢ …" (1-3 lines): the title
    note: str  # "(Kèm theo …)" line under the heading, printed in italics; "" for none
    unit: str  # "ĐVT: triệu đồng" above the table, right-aligned; "" for none
    header: tuple[tuple[HCell, ...], ...]
    colnums: tuple[str, ...]  # "(1)", "(2)" … or "A", "B", "1" …; () for no column-number row
    rows: tuple[Row, ...]
    widths: tuple[float, ...]  # relative column widths
    align: tuple[str, ...]  # "l", "c", "r" per column
    style: str = "grid"
    repeat_header: bool = True
    new_page: bool = False  # start the table on a new page
    sums: tuple[tuple[int, int, tuple[int, ...]], ...] = ()
    rates: tuple[tuple[int, int, int, int], ...] = ()  # (rate column, part column, whole column, places)
    injected: Injected | None = None

    @property
    def columns(self) -> int:
        return len(self.widths)

    def __post_init__(self) -> None:
        width = len(self.widths)
        if len(self.align) != width or (self.colnums and len(self.colnums) != width):
            raise ValueError("widths, align and column numbers must have one entry per column")
        for row in self.rows:
            if len(row.cells) != width:
                raise ValueError(f"row {row.cells!r} has {len(row.cells)} cells, not {width}")
        self.header_grid()

    def header_grid(self) -> list[list[tuple[int, int, HCell] | None]]:
        """For each header row and column, the (origin row, origin column, cell) covering it."""
        grid: list[list[tuple[int, int, HCell] | None]] = [[None] * self.columns for _ in self.header]
        for r, cells in enumerate(self.header):
            c = 0
            for cell in cells:
                while c < self.columns and grid[r][c] is not None:
                    c += 1
                if c + cell.colspan > self.columns:
                    raise ValueError(f"header row {r} is wider than {self.columns} columns")
                for dr in range(cell.rowspan):
                    for dc in range(cell.colspan):
                        if grid[r + dr][c + dc] is not None:
                            raise ValueError(f"header cells overlap at {r + dr},{c + dc}")
                        grid[r + dr][c + dc] = (r, c, cell)
                c += cell.colspan
        for r, row in enumerate(grid):
            if any(slot is None for slot in row):
                raise ValueError(f"header row {r} leaves a column uncovered")
        return grid

    def csv_header(self) -> tuple[str, ...]:
        """One header cell per column: the texts of the cells above it, top to bottom; a cell that
        spans several columns is a group and is joined to what is under it with " - "."""
        grid = self.header_grid()
        out = []
        for c in range(self.columns):
            parts: list[str] = []
            seen: set[tuple[int, int]] = set()
            for r in range(len(grid)):
                slot = grid[r][c]
                assert slot is not None
                origin = (slot[0], slot[1])
                if origin in seen:
                    continue
                seen.add(origin)
                parts.append(norm(slot[2].text))
            out.append(" - ".join(part for part in parts if part))
        return tuple(out)

    def csv_rows(self) -> tuple[tuple[str, ...], ...]:
        """The expected CSV: header row, then every body row as printed (whitespace normalised)."""
        return (self.csv_header(),) + tuple(tuple(norm(cell) for cell in row.cells) for row in self.rows)

    @property
    def title(self) -> str:
        """The heading lines joined by one space ("Phụ lục 3 KẾT QUẢ …")."""
        return norm(" ".join(self.heading))


@dataclass(frozen=True)
class PageSetup:
    """Page and type of one document: orientation, font family and size, where the page number goes."""

    landscape: bool
    font: str  # a CSS font-family installed with Vietnamese glyphs (Tinos, Arimo, DejaVu Serif Condensed)
    size_pt: float
    page_number: str  # "top", "bottom" or "" (none)
    running_header: str = ""  # printed at the top of every page but the first ("" for none)
    margins_mm: tuple[float, float, float, float] = (20.0, 15.0, 20.0, 30.0)  # top right bottom left (NĐ 30)


@dataclass(frozen=True)
class DocSpec:
    """A generated document: its family, seed, page setup, tables, and an optional prose line before them."""

    family: str
    seed: int
    setup: PageSetup
    tables: tuple[TableSpec, ...]
    intro: tuple[str, ...] = field(default=())

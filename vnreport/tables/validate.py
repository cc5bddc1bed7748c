"""Checks on a table's numbers, returning findings and never raising.

What is checked (README, "Findings"):

* numeric cells parse; OCR confusions are repaired with a warning (:func:`repair_table`);
* total rows ("Tổng", "Tổng số", "Tổng cộng", "Cộng", "Toàn tỉnh") equal the sum of their
  component rows, per additive column, without counting "Trong đó" (of which) rows;
* "Trong đó" rows are not larger than their parent; "Chia ra" / "Bao gồm" parts add up to it;
* rate columns ("Tỷ lệ … (%)") agree with the pair of count columns they are computed from;
* the STT column runs 1..n (and 1.1, 1.2 … under each item).

Columns and rows get their roles from the header and the text (:func:`column_roles`,
:func:`row_roles`); checks only run where the roles are unambiguous, so a clean table yields no errors.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import regex

from vnreport.tables.config import TableConfig
from vnreport.tables.numbers import Number, looks_numeric, parse_number, repair_number
from vnreport.tables.objects import Finding, Table
from vnreport.tables.pinpoint import pinpoint
from vnreport.tables.relations import AtMostRelation, Cell, RateRelation, Relation, SumRelation
from vnreport.tables.textutil import fold, fold_words, short

_STT_HEADERS = frozenset({"stt", "tt", "so tt", "so thu tu", "thu tu"})
_TOTAL_RE = regex.compile(
    r"^(?:tong so|tong cong|tong|cong|toan tinh|cong chung|tong so chung)"
    r"(?:\s+(?:toan tinh|chung|[ivx]+|\([^)]*\)))?\s*[:.]?$"
)
_OF_WHICH_RE = regex.compile(r"^trong do\b")
_BREAKDOWN_RE = regex.compile(r"^(?:chia ?ra|chia theo\b.*|bao gom|gom|phan theo\b.*|cu the)\s*:?$")
# Headers of numeric columns that must not be summed down the rows.
_NON_ADDITIVE = ("ty le", "ti le", "%", "binh quan", "trung binh", "xep hang", "thu hang", "chi so",
                 "toc do", "so sanh", "tang truong", "ty trong", "ti trong", "don gia", "gia tri trung")
_RATE_HEADERS = ("ty le", "ti le", "%")

# What appendices print in a figure cell that has no value: "x" (not applicable), "…" (not
# available). Such a cell blocks the checks through it, like a blank, without a warning.
_NOT_APPLICABLE = frozenset({"x", "X", "×", "…", "...", ".."})
_ROMAN = regex.compile(r"^[IVXL]+\.?$")
_SECTION_LETTER = regex.compile(r"^[A-H]\.?$")
_INTEGER = regex.compile(r"^(\d+)\.?$")
_DOTTED = regex.compile(r"^(\d+(?:\.\d+)+)\.?$")
_LETTER = regex.compile(r"^[a-zđ][).]?$")
# An STT cell that OCR may have made of a number: one short token ("o", "Z", "l0", "?"), neither
# a numbering of its own ("3.1", "2)", "-") nor text merged into the column ("Tổng").
_DAMAGED_STT = regex.compile(r"^[^\s.]{1,3}\.?$")
_OTHER_NUMBERING = regex.compile(r"^\(?\d+\)$")
_BULLETS = {"-": 5, "–": 5, "+": 6, "*": 7, "•": 5}
_EMPTY_LEVEL = 9  # an unnumbered row in a numbered table sits under the row above it


@dataclass(frozen=True)
class ColumnRoles:
    """What each column holds. Numeric columns include rate and non-additive ones."""

    stt: int | None
    label: int | None
    numeric: tuple[int, ...]
    additive: tuple[int, ...]
    rates: tuple[int, ...]


RowKind = Literal["item", "total", "of-which", "of-which-marker", "breakdown-marker"]


@dataclass(frozen=True)
class RowRole:
    """A body row's part in the arithmetic: its kind and its depth in the STT hierarchy (0 = top)."""

    kind: RowKind
    level: int


def _cell_number(text: str) -> Number | None:
    number = parse_number(text)
    if number is None:
        repaired = repair_number(text)
        number = repaired.number if repaired else None
    return number


def _is_stt(text: str) -> bool:
    text = text.strip()
    return bool(
        _ROMAN.match(text) or _SECTION_LETTER.match(text) or _INTEGER.match(text) or _DOTTED.match(text)
        or _LETTER.match(text) or text in _BULLETS
    )


def column_roles(table: Table, config: TableConfig) -> ColumnRoles:
    """Decide which column is the STT, which the label, which numeric, additive or a rate."""
    stt = None
    if table.width:
        first = [row[0].strip() for row in table.rows if row[0].strip()]
        header_says = fold_words(table.header[0]) in _STT_HEADERS
        content_says = bool(first) and sum(_is_stt(text) for text in first) >= config.numeric_share * len(first)
        integers_only = bool(first) and all(_INTEGER.match(text) for text in first)
        # A first column of plain numbers is an STT only if it goes up (gaps are the STT check's
        # business); data in the first column would not be sorted.
        numbers = [int(_INTEGER.match(text).group(1)) for text in first] if integers_only else []
        counts_up = integers_only and all(a < b for a, b in zip(numbers, numbers[1:]))
        if header_says or (content_says and (not integers_only or counts_up)):
            stt = 0
    numeric, additive, rates = [], [], []
    label = None
    for column in range(table.width):
        if column == stt:
            continue
        cells = [row[column] for row in table.rows if row[column].strip()]
        parsed = [_cell_number(text) for text in cells]
        good = [number for number in parsed if number is not None]
        strict = sum(1 for text in cells if parse_number(text) is not None)
        is_numeric = bool(cells) and strict >= 1 and len(good) >= config.numeric_share * len(cells)
        if not is_numeric:
            if label is None:
                label = column
            continue
        numeric.append(column)
        header = fold_words(table.header[column])
        percent_cells = sum(1 for number in good if number.percent)
        if any(word in header for word in _RATE_HEADERS) or percent_cells >= config.numeric_share * len(good):
            rates.append(column)
            continue
        is_year = all(not n.nil and n.decimals == 0 and 1900 <= n.value <= 2100 for n in good) and "nam" in header.split()
        if any(word in header for word in _NON_ADDITIVE) or is_year:
            continue
        additive.append(column)
    return ColumnRoles(stt, label, tuple(numeric), tuple(additive), tuple(rates))


def _stt_level(text: str) -> int | None:
    text = text.strip()
    if not text:
        return None
    if _ROMAN.match(text) or _SECTION_LETTER.match(text):
        return 0
    if _INTEGER.match(text):
        return 1
    dotted = _DOTTED.match(text)
    if dotted:
        return 1 + dotted.group(1).count(".")
    if _LETTER.match(text):
        return 4
    return _BULLETS.get(text)


def _label(table: Table, roles: ColumnRoles, row: int) -> str:
    """Label text of a body row; a merged STT+label cell ("Tổng cộng") sits in the first column."""
    parts = [table.rows[row][column] for column in (roles.stt, roles.label) if column is not None]
    return " ".join(part.strip() for part in parts if part.strip() and not _stt_level(part))


def _has_values(table: Table, roles: ColumnRoles, row: int) -> bool:
    return any(table.rows[row][column].strip() for column in roles.numeric)


def row_roles(table: Table, roles: ColumnRoles) -> tuple[RowRole, ...]:
    """Kind and level of each body row (total, "Trong đó" part or marker, "Chia ra" marker, item)."""
    numbered = roles.stt is not None and any(row[roles.stt].strip() for row in table.rows)
    # A damaged STT cell the count places ("o" between 1 and 3) is an item like its neighbours,
    # not the letter sub-item it looks like: a total must count it.
    misread = _stt_sequence(table, roles.stt)[0] if roles.stt is not None else {}
    result: list[RowRole] = []
    for index, row in enumerate(table.rows):
        label = fold(_label(table, roles, index))
        words = fold_words(label)
        stt_level = _stt_level(row[roles.stt]) if roles.stt is not None else None
        if index + 1 in misread:
            stt_level = 1
        if stt_level is None and label[:1] in _BULLETS:
            stt_level = _BULLETS[label[:1]]
        level = stt_level if stt_level is not None else (_EMPTY_LEVEL if numbered else 1)
        has_values = _has_values(table, roles, index)
        if _TOTAL_RE.match(label) or _TOTAL_RE.match(words):
            result.append(RowRole("total", -1))
        elif _OF_WHICH_RE.match(words):
            result.append(RowRole("of-which" if has_values else "of-which-marker", level))
        elif not has_values and _BREAKDOWN_RE.match(words):
            result.append(RowRole("breakdown-marker", level))
        else:
            result.append(RowRole("item", level))
    return tuple(result)


def repair_table(table: Table, config: TableConfig) -> tuple[Table, tuple[Finding, ...]]:
    """Repair OCR confusions in numeric columns; one warning per changed cell, nothing else touched."""
    roles = column_roles(table, config)
    changes: dict[tuple[int, int], str] = {}
    findings: list[Finding] = []
    for index, row in enumerate(table.rows, start=1):
        for column in roles.numeric:
            repaired = repair_number(row[column])
            if repaired is None:
                continue
            changes[(index, column)] = repaired.text
            findings.append(
                Finding(
                    "warning",
                    "ocr-repair",
                    f"read {row[column]!r}, taken as {repaired.text!r}: {', '.join(repaired.changes)}",
                    index,
                    column,
                    suggestion=repaired.text,
                )
            )
    for column in roles.numeric:
        findings.extend(_separator_slips(table, column, changes))
    return (table.with_cells(changes) if changes else table), tuple(findings)


_COMMA_THOUSANDS = regex.compile(r"^([-−–(]?\d{1,3}),(\d{3}\)?)$")


def _separator_slips(table: Table, column: int, changes: dict[tuple[int, int], str]) -> list[Finding]:
    """"29,962" among whole numbers ("1.058", "27.813"): the thousands dot read as a comma.

    Only when every other figure of the column is a whole number and some use the thousands dot,
    so a column of real three-decimal values is never touched.
    """
    texts = {row: changes.get((row, column), table.rows[row - 1][column]).strip() for row in range(1, len(table.rows) + 1)}
    numbers = {row: parse_number(text) for row, text in texts.items() if text}
    slips = [row for row, text in texts.items() if _COMMA_THOUSANDS.match(text)]
    others = [number for row, number in numbers.items() if row not in slips]
    if not slips or len(slips) > 1 or not others or any(number is None or number.decimals for number in others):
        return []
    if not any("." in texts[row] for row in numbers if row not in slips):
        return []
    row = slips[0]
    fixed = texts[row].replace(",", ".")
    changes[(row, column)] = fixed
    return [Finding("warning", "ocr-repair", f"read {texts[row]!r}, taken as {fixed!r}: ',' read for the thousands '.' "
                    "(every other figure of the column is a whole number)", row, column, suggestion=fixed)]


def choose_readings(table: Table, config: TableConfig) -> tuple[Table, tuple[Finding, ...]]:
    """For cells the two OCR readings read differently (``table.readings``), take the other
    reading when the table's arithmetic agrees with it better; one warning for each cell changed.

    Both readings are OCR's account of the same printed figure, so the arithmetic is fair evidence
    between them: a misreading breaks the checks it takes part in, the printed figure keeps them.
    A reading is taken when it raises :func:`_agreement` (checks that hold, less checks that fail
    and cells that do not parse or break the STT count). Cells are tried one at a time, in table
    order. A figure printed wrong is read the same by both passes and is never touched here.
    """
    if not table.readings:
        return table, ()
    current = _agreement(table, config)
    findings: list[Finding] = []
    for (row, column), others in table.readings:
        best: tuple[int, str, Table] | None = None
        for text in others:
            trial = table.with_cells({(row, column): text})
            score = _agreement(trial, config)
            if score > current and (best is None or score > best[0]):
                best = (score, text, trial)
        if best is None:
            continue
        read = table.rows[row - 1][column]
        findings.append(
            Finding("warning", "ocr-repair", f"read {read!r}, another reading is {best[1]!r} (a second OCR pass, or "
                    f"the number the STT count puts there); {best[1]!r} taken, the table's checks agree with it",
                    row, column, suggestion=best[1])
        )
        current, table = best[0], best[2]
    return table, tuple(findings)


def _agreement(table: Table, config: TableConfig) -> int:
    """Checks that hold less checks that fail, less unparseable figures and STT breaks."""
    repaired, _ = repair_table(table, config)
    roles, _rows, values, _texts, cell_findings, relations = _analysis(repaired, config)
    held = sum(1 for relation in relations if relation.holds(values))
    broken = sum(1 for finding in cell_findings if finding.severity == "error")
    if roles.stt is not None:
        broken += len(_stt_findings(repaired, roles))
    return held - (len(relations) - held) - broken


def _analysis(
    repaired: Table, config: TableConfig
) -> tuple[ColumnRoles, tuple[RowRole, ...], dict[Cell, Number], dict[Cell, str], list[Finding], list[Relation]]:
    """Roles, values and the relations to check of a repaired table."""
    roles = column_roles(repaired, config)
    rows = row_roles(repaired, roles)
    values, texts, cell_findings = _read_values(repaired, roles)
    relations = [
        *_total_relations(repaired, roles, rows, values, config),
        *_part_relations(repaired, roles, rows, values, config),
        *_rate_relations(repaired, roles, values, config),
    ]
    return roles, rows, values, texts, cell_findings, relations


def validate_table(table: Table, config: TableConfig) -> tuple[Finding, ...]:
    """All findings for ``table``, sorted by cell; never raises on odd content."""
    repaired, findings = repair_table(table, config)
    roles, _rows, values, texts, cell_findings, relations = _analysis(repaired, config)
    findings = [*findings, *cell_findings]
    findings.extend(pinpoint(relations, values, texts, describe_cell=lambda cell: _describe(repaired, roles, cell)))
    if roles.stt is not None:
        findings.extend(_stt_findings(repaired, roles))
    for edge in table.cut:
        # printed wider than the paper: say so instead of passing the columns on the paper off as the table
        findings.append(Finding("warning", "cut-off", f"the table runs off the {edge} edge of the page: columns printed "
                                f"beyond it are not on the scan and not in the CSV", 0, 0 if edge == "left" else table.width - 1))
    return tuple(sorted(findings, key=lambda f: (f.row or 0, f.column or 0, f.kind)))


def _describe(table: Table, roles: ColumnRoles, cell: Cell) -> str:
    row, column = cell
    label = _label(table, roles, row - 1) if 0 < row <= len(table.rows) else ""
    header = short(table.header[column]) or f"column {column + 1}"
    return f"[{short(label, 30) or f'row {row}'} × {header}]"


def _read_values(table: Table, roles: ColumnRoles) -> tuple[dict[Cell, Number], dict[Cell, str], list[Finding]]:
    """Numbers of the numeric cells (by CSV row); findings for cells that are not numbers."""
    values: dict[Cell, Number] = {}
    texts: dict[Cell, str] = {}
    findings: list[Finding] = []
    for index, row in enumerate(table.rows, start=1):
        for column in roles.numeric:
            text = row[column].strip()
            if not text or text in _NOT_APPLICABLE:
                continue  # blank (not 0) or printed "not applicable": nothing to check, nothing wrong
            number = parse_number(text)
            if number is not None:
                values[(index, column)] = number
                texts[(index, column)] = text
            elif looks_numeric(text):
                findings.append(
                    Finding("error", "unparseable-number", f"{text!r} is not a number in numeric column "
                            f"{short(table.header[column]) or column + 1!r}", index, column)
                )
            else:
                findings.append(
                    Finding("warning", "text-in-number-column", f"text {short(text)!r} in numeric column "
                            f"{short(table.header[column]) or column + 1!r} is not checked", index, column)
                )
    return values, texts, findings


def _blocked(table: Table, row: int, column: int, values: dict[Cell, Number]) -> bool:
    """A non-empty cell that is not a number: relations through it cannot be evaluated."""
    return bool(table.rows[row][column].strip()) and (row + 1, column) not in values


def _total_components(rows: Sequence[RowRole], total: int) -> tuple[list[int], list[int]]:
    """Candidate component rows of the total row at ``total`` and the "Trong đó" rows among them.

    A total above its items (nothing but totals before it) sums the rows after it, up to the next
    total; a total below sums back to the previous total. A total right under another total (a
    grand total under the sections' "Cộng" rows) sums all the totals above it.
    """
    items_before = any(role.kind != "total" for role in rows[:total])
    if not items_before:
        end = next((i for i in range(total + 1, len(rows)) if rows[i].kind == "total"), len(rows))
        span = range(total + 1, end)
    else:
        start = next((i for i in range(total - 1, -1, -1) if rows[i].kind == "total"), -1)
        span = range(start + 1, total)
        if not span and start >= 0:
            # Right under another total: a grand total over the sections' own totals ("Cộng").
            subtotals = [i for i in range(total) if rows[i].kind == "total"]
            return (subtotals if len(subtotals) > 1 else []), []
    parts = _outside_parts(rows, list(span))
    of_which = [i for i in span if i not in parts and rows[i].kind == "of-which"]
    return [i for i in parts if rows[i].kind == "item"], of_which


def _outside_parts(rows: Sequence[RowRole], span: list[int]) -> list[int]:
    """Rows of ``span`` that are not "Trong đó"/"Chia ra" sub-rows of another row."""
    inside: set[int] = set()
    for i in span:
        if rows[i].kind in ("of-which-marker", "breakdown-marker"):
            inside.add(i)
            inside.update(_marker_children(rows, i))
        elif rows[i].kind == "of-which":
            inside.add(i)
    return [i for i in span if i not in inside]


def _marker_children(rows: Sequence[RowRole], marker: int) -> list[int]:
    """Rows under a "Trong đó:" / "Chia ra:" line: deeper than the row before the marker."""
    parent_level = rows[marker - 1].level if marker > 0 else 0
    children = []
    for i in range(marker + 1, len(rows)):
        role = rows[i]
        if role.kind in ("total", "of-which-marker", "breakdown-marker"):
            break
        if role.level <= parent_level and not (parent_level == _EMPTY_LEVEL and role.level == _EMPTY_LEVEL):
            break
        children.append(i)
    return children


def _total_relations(
    table: Table, roles: ColumnRoles, rows: Sequence[RowRole], values: dict[Cell, Number], config: TableConfig
) -> list[Relation]:
    relations: list[Relation] = []
    for total, role in enumerate(rows):
        if role.kind != "total":
            continue
        candidates, of_which = _total_components(rows, total)
        if not candidates:
            continue
        for column in roles.additive:
            if (total + 1, column) not in values or any(_blocked(table, i, column, values) for i in candidates):
                continue
            with_values = [i for i in candidates if (i + 1, column) in values]
            if not with_values:
                continue
            # Components are the shallowest rows that carry a value in this column: section rows
            # without figures (headings) leave their numbered items as the components.
            top = min(rows[i].level for i in with_values)
            parts = tuple((i + 1, column) for i in with_values if rows[i].level == top)
            relations.append(
                SumRelation(
                    "sum-mismatch",
                    (total + 1, column),
                    parts,
                    f"total {short(_label(table, roles, total), 30)!r} in column {short(table.header[column])!r}",
                    config.tolerance,
                    also_counted=tuple((i + 1, column) for i in of_which if (i + 1, column) in values),
                )
            )
    return relations


def _part_relations(
    table: Table, roles: ColumnRoles, rows: Sequence[RowRole], values: dict[Cell, Number], config: TableConfig
) -> list[Relation]:
    """"Trong đó" parts not above their parent; "Chia ra" parts adding up to it."""
    relations: list[Relation] = []
    for index, role in enumerate(rows):
        if role.kind == "of-which":
            parent = next((i for i in range(index - 1, -1, -1) if rows[i].kind != "of-which"), None)
            children, kind = [index], "of-which"
        elif role.kind in ("of-which-marker", "breakdown-marker"):
            parent = index - 1 if index > 0 else None
            children, kind = _marker_children(rows, index), role.kind
        else:
            continue
        if parent is None or not children:
            continue
        for column in roles.additive:
            whole = (parent + 1, column)
            if whole not in values:
                continue
            parts = tuple((i + 1, column) for i in children if (i + 1, column) in values)
            if not parts:
                continue
            name = f"{short(_label(table, roles, parent), 30)!r} in column {short(table.header[column])!r}"
            if kind == "breakdown-marker":
                if any(_blocked(table, i, column, values) for i in children):
                    continue
                relations.append(SumRelation("breakdown-mismatch", whole, parts, f"parts of {name}", config.tolerance))
            else:
                relations.extend(
                    AtMostRelation("part-exceeds-whole", part, whole, f"'Trong đó' part of {name}", config.tolerance)
                    for part in parts
                )
    return relations


def _rate_relations(table: Table, roles: ColumnRoles, values: dict[Cell, Number], config: TableConfig) -> list[Relation]:
    """Rate = 100 × part / whole, with (part, whole) learnt from the rows where it holds."""
    relations: list[Relation] = []
    body = range(1, len(table.rows) + 1)
    for rate in roles.rates:
        best: tuple[tuple[int, int], list[RateRelation]] | None = None
        for whole in roles.additive:
            for part in roles.additive:
                if part == whole:
                    continue
                name = f"rate {short(table.header[rate])!r} = {short(table.header[part])!r} / {short(table.header[whole])!r}"
                candidates = [
                    RateRelation("rate-mismatch", (row, rate), (row, part), (row, whole), name, config.tolerance)
                    for row in body
                    if (row, rate) in values and (row, part) in values and (row, whole) in values
                    and not values[(row, rate)].nil
                ]
                held = sum(1 for relation in candidates if relation.holds(values))
                if held < config.relation_min_rows or held < config.relation_share * len(candidates):
                    continue
                # More agreeing rows wins; then the pair printed nearest the rate column.
                score = (held, -(abs(rate - part) + abs(rate - whole)))
                if best is None or score > best[0]:
                    best = (score, candidates)
        if best is not None:
            relations.extend(best[1])
    return relations


def _stt_findings(table: Table, roles: ColumnRoles) -> list[Finding]:
    """The stt-sequence findings of the STT column (see :func:`_stt_sequence`)."""
    return _stt_sequence(table, roles.stt)[1]


def _stt_sequence(table: Table, column: int) -> tuple[dict[int, int], list[Finding]]:
    """Walk the STT column: STT numbers run 1..n; "k.j" sub-numbers run 1..m under item k; after a
    section row (I, II, A, B) the count may restart at 1 or go on.

    Returns the numbers that damaged STT cells stand for (by CSV row) and the findings. A damaged
    cell is a short token that is no number ("o", "Z", a letter that starts no a, b … run); when
    the count skips exactly as many numbers as there are such cells since the last number, the
    cells are those numbers: "1, o, 3" is reported at "o" with "2" suggested, not as a gap at "3".
    Anywhere else such a cell is left alone, as letters and merged labels are, and a gap or a
    repeat is reported at the number that breaks the count.
    """
    entries = [(index, row[column].strip()) for index, row in enumerate(table.rows, start=1) if row[column].strip()]
    findings: list[Finding] = []
    misread: dict[int, int] = {}
    damaged: list[tuple[int, str]] = []  # damaged cells since the last number
    last_top: int | None = None
    after_section = False
    in_letters = False  # inside an a, b, c … run of sub-items
    last_sub: dict[str, int] = {}
    for position, (csv_row, text) in enumerate(entries):
        if _ROMAN.match(text) or _SECTION_LETTER.match(text):
            # The count may restart here: what came before cannot be placed.
            after_section, in_letters, damaged = True, False, []
            continue
        integer = _INTEGER.match(text)
        dotted = _DOTTED.match(text)
        if integer:
            value = int(integer.group(1))
            expected = 1 if last_top is None else last_top + 1
            allowed = (expected, 1) if after_section else (expected,)
            start = next((first for first in allowed if damaged and value == first + len(damaged)), None)
            if start is not None:
                # The numbers the count lacks are exactly where the damaged cells stand.
                for offset, (row, read) in enumerate(damaged):
                    misread[row] = start + offset
                    findings.append(
                        Finding("error", "stt-sequence", f"STT {read!r} where {start + offset} was expected", row,
                                column, suggestion=str(start + offset))
                    )
            elif value not in allowed:
                following = _next_integer(entries, position)
                misprint = following == expected + 1
                findings.append(
                    Finding("error", "stt-sequence", f"STT {text} where {expected} was expected", csv_row, column,
                            suggestion=str(expected) if misprint else "")
                )
                # A misprint of the expected number keeps the count; a gap counts on from here.
                value = expected if misprint else value
            last_top, after_section, in_letters, damaged = value, False, False, []
        elif dotted:
            in_letters = False
            prefix, _, tail = dotted.group(1).rpartition(".")
            expected_sub = last_sub.get(prefix, 0) + 1
            if int(tail) != expected_sub:
                findings.append(
                    Finding("error", "stt-sequence", f"STT {text} where {prefix}.{expected_sub} was expected", csv_row, column)
                )
            last_sub[prefix] = int(tail)
        elif _LETTER.match(text) and (in_letters or text[0] == "a"):
            in_letters = True
        elif text not in _BULLETS and _DAMAGED_STT.match(text) and not _OTHER_NUMBERING.match(text):
            in_letters = False
            damaged.append((csv_row, text))
    return misread, findings


def _next_integer(entries: list[tuple[int, str]], position: int) -> int | None:
    for _row, text in entries[position + 1 :]:
        match = _INTEGER.match(text)
        if match:
            return int(match.group(1))
        if _ROMAN.match(text) or _SECTION_LETTER.match(text):
            return None
    return None

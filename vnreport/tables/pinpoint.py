"""Turn failing relations into findings that point at the faulty cell.

Order of reasoning, most specific first:

1. **One edit explains it.** A cell whose value, after one adjacent digit swap or one misread digit,
   makes every failing relation it takes part in hold, and breaks none that held, is the culprit.
   Accepted only when exactly one cell can do it; otherwise the evidence is ambiguous and the
   alternatives are only named in the message. The edited value goes into ``suggestion`` when
   exactly one edit of that cell does it; when several edits of the same cell do ("589.914" →
   "589.194" or "588.914"), the cell is still the only explanation and is reported, with the values
   named in the message and no suggestion.
2. **Crossing.** A cell where failing checks meet is blamed for all of them: a failing column
   check (total row) and a failing row check (rate) cross there, or a section's "Cộng" is both the
   total of its section and a part of the grand total. That one value can make them all wrong.
3. **Default.** Otherwise each failing relation is reported at its own cell (the total, the rate,
   the "Trong đó" part).

Nothing here changes a value: suggestions are text for a person to verify.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from vnreport.tables.numbers import Number, single_edit_variants
from vnreport.tables.objects import Finding
from vnreport.tables.relations import AtMostRelation, Cell, Relation, SumRelation

DOUBLE_COUNTED = "double-counted"
INCONSISTENT_CELL = "inconsistent-cell"


@dataclass(frozen=True)
class _Fix:
    cell: Cell
    text: str
    how: str
    explains: frozenset[int]  # indices of failing relations it makes hold


def pinpoint(
    relations: Sequence[Relation],
    values: Mapping[Cell, Number],
    texts: Mapping[Cell, str],
    *,
    describe_cell: Callable[[Cell], str],
) -> list[Finding]:
    """Findings (severity error) for the relations that do not hold, each at the most likely cell."""
    failing = [index for index, relation in enumerate(relations) if not relation.holds(values)]
    if not failing:
        return []
    findings: list[Finding] = []
    remaining = set(failing)

    for index in failing:
        relation = relations[index]
        if isinstance(relation, SumRelation) and relation.double_counted(values):
            row, column = relation.whole
            findings.append(
                Finding(
                    "error",
                    DOUBLE_COUNTED,
                    f"{relation.explain(values)}; it matches only if the 'Trong đó' (of which) rows are counted again",
                    row,
                    column,
                )
            )
            remaining.discard(index)

    fixes = _single_edit_fixes(relations, values, texts, remaining)
    for cell, explains, edits in _unambiguous(fixes):
        explained = sorted(explains & remaining)
        if not explained:
            continue
        kind = relations[explained[0]].kind if len(explained) == 1 else INCONSISTENT_CELL
        reasons = "; ".join(relations[i].explain(values) for i in explained)
        row, column = cell
        if len(edits) == 1:
            remedy, suggestion = f"{edits[0].text} ({edits[0].how}) makes every check hold", edits[0].text
        else:
            listed = " or ".join(f"{fix.text} ({fix.how})" for fix in edits)
            remedy, suggestion = f"{listed} would make every check hold, and no other cell can", ""
        findings.append(
            Finding(
                "error",
                kind,
                f"{describe_cell(cell)} {texts[cell]!r} looks wrong: {reasons}; {remedy}",
                row,
                column,
                suggestion=suggestion,
            )
        )
        remaining -= explains

    findings.extend(_crossings(relations, values, texts, remaining, describe_cell, fixes))
    return findings


def _single_edit_fixes(
    relations: Sequence[Relation],
    values: Mapping[Cell, Number],
    texts: Mapping[Cell, str],
    failing: set[int],
) -> list[_Fix]:
    """Every (cell, one-edit value) that makes all relations of that cell hold.

    Only cells of failing equalities are tried: an inequality ("Trong đó" ≤ parent) is met by
    countless edits, so an edit that meets it says nothing about which digit is wrong.
    """
    candidates = sorted(
        {cell for index in failing if not isinstance(relations[index], AtMostRelation) for cell in relations[index].cells}
    )
    fixes: list[_Fix] = []
    for cell in candidates:
        involved = [index for index, relation in enumerate(relations) if cell in relation.cells]
        explains = frozenset(index for index in involved if index in failing)
        if cell not in texts:
            continue
        for text, number, how in single_edit_variants(texts[cell]):
            if number.percent != values[cell].percent:
                continue
            trial = {**values, cell: number}
            if all(relations[index].holds(trial) for index in involved):
                fixes.append(_Fix(cell, text, how, explains))
    return fixes


def _unambiguous(fixes: list[_Fix]) -> list[tuple[Cell, frozenset[int], list[_Fix]]]:
    """Cells that are the only explanation of what they explain, widest first, with their edits.

    All edits of one cell explain the same failing relations (those the cell takes part in), so
    rivals are other cells: a cell that explains fewer failing relations than another is no rival
    to it (it would leave some checks failing, so the wider one is the better account of the
    evidence). Several edits of the same cell do not make the cell ambiguous, only the value.
    """
    by_cell: dict[Cell, list[_Fix]] = {}
    for fix in fixes:
        by_cell.setdefault(fix.cell, []).append(fix)
    explains = {cell: edits[0].explains for cell, edits in by_cell.items()}
    chosen: list[tuple[Cell, frozenset[int], list[_Fix]]] = []
    covered: set[int] = set()
    for cell in sorted(by_cell, key=lambda item: (-len(explains[item]), item)):
        mine = explains[cell]
        if mine & covered:
            continue
        rivals = [other for other in by_cell if other != cell and explains[other] & mine and len(explains[other]) >= len(mine)]
        if rivals:
            continue  # another cell explains it as well: do not guess
        chosen.append((cell, mine, by_cell[cell]))
        covered |= mine
    return chosen


def _crossings(
    relations: Sequence[Relation],
    values: Mapping[Cell, Number],
    texts: Mapping[Cell, str],
    remaining: set[int],
    describe_cell: Callable[[Cell], str],
    fixes: list[_Fix],
) -> list[Finding]:
    findings: list[Finding] = []
    while remaining:
        best_cell, best_set = None, set()
        counts: dict[Cell, set[int]] = {}
        for index in remaining:
            for cell in relations[index].cells:
                counts.setdefault(cell, set()).add(index)
        for cell, indices in sorted(counts.items()):
            if len(indices) > 1 and len(indices) > len(best_set):
                best_cell, best_set = cell, indices
        if best_cell is None:
            break
        reasons = "; ".join(relations[index].explain(values) for index in sorted(best_set))
        row, column = best_cell
        findings.append(
            Finding(
                "error",
                INCONSISTENT_CELL,
                f"{describe_cell(best_cell)} {texts.get(best_cell, '')!r} is where failing checks cross: {reasons}",
                row,
                column,
                suggestion=_shared_suggestion(fixes, best_cell),
            )
        )
        remaining -= best_set
    for index in sorted(remaining):
        relation = relations[index]
        row, column = relation.target
        alternatives = [fix for fix in fixes if index in fix.explains]
        message = relation.explain(values)
        if alternatives:
            listed = ", ".join(f"{describe_cell(fix.cell)} → {fix.text}" for fix in alternatives[:4])
            message += f" (one edit would fix it at several places: {listed})"
        findings.append(Finding("error", relation.kind, message, row, column))
    return findings


def _shared_suggestion(fixes: list[_Fix], cell: Cell) -> str:
    at_cell = [fix for fix in fixes if fix.cell == cell]
    return at_cell[0].text if len(at_cell) == 1 else ""

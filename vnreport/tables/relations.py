"""Arithmetic relations between printed numbers, each able to say whether it holds within printed rounding.

A relation names the cells it reads (``cells``) and the cell blamed when nothing better is known
(``target``); :mod:`vnreport.tables.pinpoint` uses the cells to find where failing checks cross.
Cells are (CSV row, column) pairs for tables, (line, character) pairs for prose.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from vnreport.tables.numbers import Number, format_printed

Cell = tuple[int, int]


def _slack(numbers: list[Number], tolerance: Decimal) -> Decimal:
    return sum((number.rounding for number in numbers), Decimal(0)) + tolerance


def _decimals(numbers: list[Number]) -> int:
    return max((number.decimals for number in numbers), default=0)


@dataclass(frozen=True)
class SumRelation:
    """``whole`` equals the sum of ``parts`` (a total row, or a "Chia ra" breakdown).

    ``also_counted``: "Trong đó" cells inside the summed range; when the sum only holds with them
    added, the total counted them twice and the finding says so.
    """

    kind: str
    whole: Cell
    parts: tuple[Cell, ...]
    description: str
    tolerance: Decimal = Decimal(0)
    also_counted: tuple[Cell, ...] = ()

    @property
    def cells(self) -> tuple[Cell, ...]:
        return (self.whole, *self.parts)

    @property
    def target(self) -> Cell:
        return self.whole

    def _difference(self, values: Mapping[Cell, Number], parts: tuple[Cell, ...]) -> tuple[Decimal, Decimal, int]:
        numbers = [values[cell] for cell in parts]
        total = sum((number.value for number in numbers), Decimal(0))
        whole = values[self.whole]
        return whole.value - total, _slack([whole, *numbers], self.tolerance), _decimals([whole, *numbers])

    def holds(self, values: Mapping[Cell, Number]) -> bool:
        difference, slack, _ = self._difference(values, self.parts)
        return abs(difference) <= slack

    def double_counted(self, values: Mapping[Cell, Number]) -> bool:
        """True when the total holds only if the "Trong đó" rows are added a second time."""
        if not self.also_counted or self.holds(values):
            return False
        difference, slack, _ = self._difference(values, self.parts + self.also_counted)
        return abs(difference) <= slack

    def explain(self, values: Mapping[Cell, Number]) -> str:
        difference, _, decimals = self._difference(values, self.parts)
        whole = values[self.whole]
        expected = whole.value - difference
        return (
            f"{self.description}: {format_printed(whole.value, whole.decimals)} printed, "
            f"the parts add up to {format_printed(expected, decimals)}"
        )


@dataclass(frozen=True)
class AtMostRelation:
    """``part`` is not larger than ``whole`` (a "Trong đó" / of-which row and its parent)."""

    kind: str
    part: Cell
    whole: Cell
    description: str
    tolerance: Decimal = Decimal(0)

    @property
    def cells(self) -> tuple[Cell, ...]:
        return (self.part, self.whole)

    @property
    def target(self) -> Cell:
        return self.part

    def holds(self, values: Mapping[Cell, Number]) -> bool:
        part, whole = values[self.part], values[self.whole]
        return part.value <= whole.value + _slack([part, whole], self.tolerance)

    def explain(self, values: Mapping[Cell, Number]) -> str:
        part, whole = values[self.part], values[self.whole]
        return (
            f"{self.description}: {format_printed(part.value, part.decimals)} is larger than "
            f"{format_printed(whole.value, whole.decimals)}"
        )


@dataclass(frozen=True)
class RateRelation:
    """``rate`` (in %) equals ``100 × part / whole`` within the rounding of all three printed numbers."""

    kind: str
    rate: Cell
    part: Cell
    whole: Cell
    description: str
    tolerance: Decimal = Decimal(0)

    @property
    def cells(self) -> tuple[Cell, ...]:
        return (self.rate, self.part, self.whole)

    @property
    def target(self) -> Cell:
        return self.rate

    def expected(self, values: Mapping[Cell, Number]) -> Decimal | None:
        whole = values[self.whole].value
        if whole == 0:
            return None
        return Decimal(100) * values[self.part].value / whole

    def holds(self, values: Mapping[Cell, Number]) -> bool:
        rate, part, whole = values[self.rate], values[self.part], values[self.whole]
        expected = self.expected(values)
        if expected is None:
            return rate.value == 0
        # Rounding of part and whole moves the ratio by at most 100·(δp/w + p·δw/w²).
        w = abs(whole.value)
        carried = Decimal(100) * (part.rounding / w + abs(part.value) * whole.rounding / (w * w))
        return abs(rate.value - expected) <= rate.rounding + carried + self.tolerance

    def explain(self, values: Mapping[Cell, Number]) -> str:
        rate = values[self.rate]
        expected = self.expected(values)
        shown = "undefined (division by 0)" if expected is None else format_printed(expected, max(rate.decimals, 2)) + "%"
        return f"{self.description}: {format_printed(rate.value, rate.decimals)}% printed, {shown} computed"


Relation = SumRelation | AtMostRelation | RateRelation

"""Checks on figures stated in report text, the same way as in tables.

Two statements are recognised, within one sentence, and only when their shape is unambiguous
(so that correct prose never gets an error):

* a rate: two counts of the same thing and a percentage after a rate word, e.g. "tiếp nhận
  314.984 hồ sơ … giải quyết 252.856 hồ sơ (đạt tỷ lệ 80,28%)": the percentage must equal the
  smaller count over the larger (or the larger over the smaller when it is above 100%);
* a part: "X hồ sơ, trong đó Y hồ sơ …": Y must not be larger than X.

Findings use ``table`` None, ``row`` the 0-based line and ``column`` the 0-based character of the
number in the text.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from vnreport.tables.config import TableConfig
from vnreport.tables.numbers import Number, parse_number
from vnreport.tables.objects import Finding
from vnreport.tables.pinpoint import pinpoint
from vnreport.tables.relations import AtMostRelation, Cell, RateRelation, Relation
from vnreport.tables.textutil import fold

# A sentence ends at . ; ! ? before a capital, or at a blank line; "1.058" never ends one.
_SENTENCE_END = regex.compile(r"(?<=[.;!?:])\s+(?=[\p{Lu}\-•+])|\n\s*\n")
_QUANTITY = regex.compile(
    r"(?<![\w.,/-])(?P<number>\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?)(?P<percent>\s*%)?(?![\w/]|[.,]\d)"
)
# Words before a number that make it a date, a year or a document number, not a count.
_NOT_A_COUNT = regex.compile(r"(?:nam|ngay|thang|so|quy|giai doan|muc do|nghi dinh|thong tu|khoan|dieu|lan thu)\s*$")
_RATE_WORDS = regex.compile(r"\b(?:ty le|ti le|dat|chiem|bang)\b")
_OF_WHICH = regex.compile(r"\btrong do\b")
_WORD = regex.compile(r"\p{L}+")


@dataclass(frozen=True)
class _Quantity:
    start: int  # character offset in the text
    end: int
    text: str
    number: Number
    unit: str  # folded first two words after the number ("ho so"), "" for percentages
    unit_text: str  # the same words as printed ("hồ sơ")


def check_prose(text: str, config: TableConfig) -> tuple[Finding, ...]:
    """Findings for the rate and part statements of ``text`` that do not add up."""
    relations: list[Relation] = []
    values: dict[Cell, Number] = {}
    texts: dict[Cell, str] = {}
    for start, end in _sentences(text):
        quantities = _quantities(text, start, end)
        for quantity in quantities:
            cell = _cell(text, quantity.start)
            values[cell] = quantity.number
            texts[cell] = quantity.text
        relations.extend(_rate_statements(text, quantities, config))
        relations.extend(_part_statements(text, quantities, config))
    findings = pinpoint(relations, values, texts, describe_cell=lambda cell: "the figure")
    return tuple(sorted(findings, key=lambda finding: (finding.row or 0, finding.column or 0)))


def _sentences(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    return spans


def _quantities(text: str, start: int, end: int) -> list[_Quantity]:
    found = []
    for match in _QUANTITY.finditer(text, start, end):
        before = fold(text[max(start, match.start() - 20) : match.start()])
        if _NOT_A_COUNT.search(before):
            continue
        number = parse_number(match.group(0))
        if number is None:
            continue
        words = _WORD.findall(text[match.end() : min(end, match.end() + 40)])[:2]
        unit = "" if number.percent else fold(" ".join(words))
        found.append(_Quantity(match.start(), match.end(), match.group(0).strip(), number, unit, " ".join(words)))
    return found


def _cell(text: str, offset: int) -> Cell:
    line = text.count("\n", 0, offset)
    return line, offset - (text.rfind("\n", 0, offset) + 1)


def _rate_statements(text: str, quantities: list[_Quantity], config: TableConfig) -> list[Relation]:
    relations: list[Relation] = []
    for index, rate in enumerate(quantities):
        if not rate.number.percent:
            continue
        counts = [q for q in quantities[:index] if not q.number.percent]
        previous_rate = max((q.end for q in quantities[:index] if q.number.percent), default=-1)
        counts = [q for q in counts if q.start > previous_rate]
        if len(counts) < 2:
            continue
        a, b = counts[-2], counts[-1]
        if not a.unit or a.unit != b.unit or not _RATE_WORDS.search(fold(text[b.end : rate.start])):
            continue
        small, large = sorted((a, b), key=lambda q: q.number.value)
        part, whole = (small, large) if rate.number.value <= 100 else (large, small)
        if whole.number.value == 0:
            continue
        relations.append(
            RateRelation(
                "rate-mismatch",
                _cell(text, rate.start),
                _cell(text, part.start),
                _cell(text, whole.start),
                f"rate {rate.text} of {part.text} over {whole.text} {a.unit_text}",
                config.tolerance,
            )
        )
    return relations


def _part_statements(text: str, quantities: list[_Quantity], config: TableConfig) -> list[Relation]:
    """ "X hồ sơ, trong đó Y hồ sơ": the quantity right after "trong đó", counting the same thing."""
    relations: list[Relation] = []
    for whole, part in zip(quantities, quantities[1:]):
        if whole.number.percent or part.number.percent or not whole.unit or part.unit != whole.unit:
            continue
        if not _OF_WHICH.search(fold(text[whole.end : part.start])):
            continue
        relations.append(
            AtMostRelation(
                "part-exceeds-whole",
                _cell(text, part.start),
                _cell(text, whole.start),
                f"'trong đó' part {part.text} of {whole.text} {whole.unit_text}",
                config.tolerance,
            )
        )
    return relations

"""Vietnamese number formats: parse "1.234,5", "(12)", "-", "80,28%", "90.955 đ"; repair OCR confusions.

Vietnamese prints "." between thousands and "," before decimals. Values are kept as Decimal so a
sum of printed numbers is exact and printed rounding can be reasoned about digit by digit.

Three levels, strictest first:

* :func:`parse_number` accepts only well-formed printed numbers.
* :func:`repair_number` fixes what OCR typically does to digits (O→0, l/I/|→1, S→5, B→8, a stray
  space in "1. 058", "." for the decimal comma) and says what it changed; the caller reports it.
* :func:`single_edit_variants` lists the numbers one digit swap or one digit misread away, used to
  suggest the value that would make failing checks hold (never applied).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

import regex

# Units printed after amounts. Longest first so "triệu đồng" wins over "đồng".
_UNITS = (
    "triệu đồng",
    "tỷ đồng",
    "tỉ đồng",
    "nghìn đồng",
    "ngàn đồng",
    "đồng",
    "vnđ",
    "vnd",
    "trđ",
    "tr.đ",
    "đ",
)
_UNIT_RE = regex.compile(r"\s*(?P<unit>" + "|".join(regex.escape(unit) for unit in _UNITS) + r")\.?$", regex.IGNORECASE)
_BODY = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?"
_NUMBER_RE = regex.compile(
    r"^(?P<sign>[-−–+])?\s*(?P<open>\()?\s*(?P<body>" + _BODY + r")\s*(?P<close>\))?\s*(?P<percent>%)?$"
)
_NIL = frozenset({"-", "−", "–", "—"})

# OCR confusions of letters for digits in numeric cells (the list plus lower-case o/s,
# which Tesseract's vie model produces as often as the capitals).
LETTER_DIGITS = {"O": "0", "o": "0", "l": "1", "I": "1", "|": "1", "S": "5", "s": "5", "B": "8"}
# Digit shapes Tesseract mistakes for one another on degraded scans (open loops, broken strokes).
DIGIT_CONFUSIONS = {
    "0": "689",
    "1": "47",
    "2": "7",
    "3": "58",
    "4": "19",
    "5": "36",
    "6": "058",
    "7": "12",
    "8": "0369",
    "9": "048",
}


@dataclass(frozen=True)
class Number:
    """A parsed printed number.

    value: the number as printed (80,28% is 80.28; "(12)" is -12; "-" is 0).
    decimals: digits printed after the decimal comma, which bounds the printed rounding.
    percent: printed with "%".
    unit: the currency unit printed with it ("đồng", "triệu đồng", …) or "".
    nil: printed as a dash, meaning "none" (value 0).
    """

    value: Decimal
    decimals: int = 0
    percent: bool = False
    unit: str = ""
    nil: bool = False

    @property
    def rounding(self) -> Decimal:
        """Largest difference between the true value and the printed one: half the last digit."""
        if self.decimals == 0:
            return Decimal(0)
        return Decimal(5) * Decimal(10) ** -(self.decimals + 1)


@dataclass(frozen=True)
class Repair:
    """A numeric cell whose OCR text was repaired: the new text, its number and what changed."""

    text: str
    number: Number
    changes: tuple[str, ...]


def _clean(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def parse_number(text: str) -> Number | None:
    """Parse a printed Vietnamese number strictly; None when ``text`` is not one.

    >>> parse_number("1.234,5").value, parse_number("(12)").value, parse_number("80,28%").percent
    (Decimal('1234.5'), Decimal('-12'), True)
    """
    text = _clean(text)
    if not text:
        return None
    if text in _NIL:
        return Number(Decimal(0), nil=True)
    unit = ""
    unit_match = _UNIT_RE.search(text)
    if unit_match and unit_match.start() > 0:
        unit = unit_match.group("unit").lower()
        text = text[: unit_match.start()].rstrip()
    match = _NUMBER_RE.match(text)
    if not match:
        return None
    if bool(match.group("open")) != bool(match.group("close")):
        return None
    if match.group("open") and match.group("sign"):
        return None
    body = match.group("body")
    if regex.match(r"0[\d.]", body):  # "05", "000.000": no one prints numbers so, OCR garbage does
        return None
    integer, _, fraction = body.partition(",")
    try:
        value = Decimal(integer.replace(".", "") + ("." + fraction if fraction else ""))
    except InvalidOperation:  # pragma: no cover - the regex admits digits only
        return None
    if match.group("open") or match.group("sign") in ("-", "−", "–"):
        value = -value
    return Number(value=value, decimals=len(fraction), percent=bool(match.group("percent")), unit=unit)


_CONFUSABLE_CELL = regex.compile(r"^[\d.,\s()%+\-−–" + regex.escape("".join(LETTER_DIGITS)) + r"]+$")


def repair_number(text: str) -> Repair | None:
    """Repair the usual OCR damage to a printed number; None when it is not a damaged number.

    Only cells made of digits, separators and digit look-alikes (with at least one real digit) are
    touched, so words are never turned into numbers. Each change is described for a warning.
    """
    original = _clean(text)
    if not original or parse_number(original) is not None:
        return None
    work, unit = original, ""
    changes: list[str] = []
    unit_match = _UNIT_RE.search(work)
    if unit_match and unit_match.start() > 0:
        unit = " " + unit_match.group(0).strip()
        work = work[: unit_match.start()].rstrip()
    elif regex.search(r"\d\s*d$", work):  # "93.000 d": the bar of đ lost
        unit = " đ"
        work = work[:-1].rstrip()
        changes.append("'d' read as 'đ'")
    if not _CONFUSABLE_CELL.match(work) or not regex.search(r"\d", work):
        return None
    for letter, digit in LETTER_DIGITS.items():
        if letter in work:
            work = work.replace(letter, digit)
            changes.append(f"'{letter}' read as '{digit}'")
    spaced = regex.sub(r"\s*([.,])\s*(?=\d)", r"\1", work)
    if spaced != work:
        changes.append("stray space removed")
        work = spaced
    # "1 058": a thousands dot lost to a faint scan leaves a space before a 3-digit group.
    grouped = regex.sub(r"(?<=\d)\s+(?=\d{3}(?!\d))", ".", work)
    if grouped != work and regex.fullmatch(r"[-−–+(]?\s*\d{1,3}(?:\.\d{3})+(?:,\d+)?\)?\s*%?", grouped):
        changes.append("space read as thousands separator '.'")
        work = grouped
    # "53.95": a single "." that cannot be a thousands separator is the decimal comma misread.
    decimal = regex.fullmatch(r"([-−–+(]?\s*\d+)\.(\d{1,2}|\d{4,})(\)?\s*%?)", work)
    if decimal:
        work = f"{decimal.group(1)},{decimal.group(2)}{decimal.group(3)}"
        changes.append("'.' read as decimal ','")
    repaired = (work + unit).strip()
    number = parse_number(repaired)
    if number is None or not changes:
        return None
    return Repair(text=repaired, number=number, changes=tuple(changes))


def is_figure(text: str) -> bool:
    """A cell that is (or OCR-repairs to) a printed number, including "-"."""
    return parse_number(text) is not None or repair_number(text) is not None


def looks_numeric(text: str) -> bool:
    """True when ``text`` is mostly digits and separators: a number OCR garbled, not a note in words."""
    text = _clean(text)
    unit_match = _UNIT_RE.search(text)
    if unit_match and unit_match.start() > 0:
        text = text[: unit_match.start()]
    chars = [char for char in text if not char.isspace()]
    if not chars or not any(char.isdigit() for char in chars):
        return False
    if regex.search(r"\p{L}{3,}", text):  # a word of three letters is prose ("Cấp xã: 30%")
        return False
    numeric = sum(1 for char in chars if char.isdigit() or char in ".,%()-−–+")
    return numeric / len(chars) >= 0.6


def format_machine(number: Number) -> str:
    """Machine form for ``--normalize-numbers``: "1.058" → "1058", "53,95" → "53.95", "80,28%" → "80.28".

    A dash ("none") becomes 0; units are dropped, not multiplied out.
    """
    if number.nil:
        return "0"
    return f"{number.value:f}"


def format_printed(value: Decimal, decimals: int = 0, *, percent: bool = False) -> str:
    """Vietnamese print form of ``value`` with ``decimals`` decimals: 1058 → "1.058", 53.95 → "53,95"."""
    quantum = Decimal(1).scaleb(-decimals)
    rounded = value.quantize(quantum)
    sign = "-" if rounded < 0 else ""
    integer, _, fraction = f"{abs(rounded):f}".partition(".")
    groups = []
    while len(integer) > 3:
        groups.insert(0, integer[-3:])
        integer = integer[:-3]
    groups.insert(0, integer)
    text = sign + ".".join(groups) + ("," + fraction if fraction else "")
    return text + ("%" if percent else "")


# "0.158" or "05" is not how anyone prints a number, so such variants are never suggested.
_LEADING_ZERO = regex.compile(r"^[-−–+(]?\s*0[\d.]")


def single_edit_variants(text: str) -> tuple[tuple[str, Number, str], ...]:
    """Numbers one adjacent digit swap or one misread digit away from ``text``, with how.

    Returns (variant text, its number, how: "digits 85→58 swapped" or "digit 8→3");
    only variants that still parse are listed.
    """
    text = _clean(text)
    found: dict[str, tuple[str, Number, str]] = {}
    for i in range(len(text) - 1):
        a, b = text[i], text[i + 1]
        if a.isdigit() and b.isdigit() and a != b:
            variant = text[:i] + b + a + text[i + 2 :]
            number = parse_number(variant)
            if number is not None and variant not in found and not _LEADING_ZERO.match(variant):
                found[variant] = (variant, number, f"digits {a}{b}→{b}{a} swapped")
    for i, char in enumerate(text):
        for other in DIGIT_CONFUSIONS.get(char, ""):
            variant = text[:i] + other + text[i + 1 :]
            number = parse_number(variant)
            if number is not None and variant not in found and not _LEADING_ZERO.match(variant):
                found[variant] = (variant, number, f"digit {char}→{other}")
    return tuple(found.values())

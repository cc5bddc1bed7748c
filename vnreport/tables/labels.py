"""Diacritic repair of table labels by the restorer (:class:`vnreport.diacritics.Restorer`).

Figures are never touched (a "repaired" 1.058 would be a changed number). Which labels are sent:

* ``unmarked`` (default): labels without a single Vietnamese-only letter (ă â đ ê ô ơ ư or a dot
  below / hook above), i.e. text read without its marks (legacy English-model OCR, stripped
  text). Labels read by the vie model keep their marks: on the sample scan the restorer changed 6 of
  18 correctly read labels for the worse ("Tổng cộng" → "Tông công"), because a short label gives
  its language model no context.
* ``all``: every label; ``none``: no label.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import replace
from typing import Literal

import regex

from vnreport.tables.numbers import is_figure
from vnreport.tables.objects import Table

RestoreMode = Literal["unmarked", "all", "none"]
RESTORE_MODES: tuple[str, ...] = ("unmarked", "all", "none")

# Letters that only Vietnamese marks make: ă â đ ê ô ơ ư (any case), ĩ ũ, and the Latin Extended
# Additional block (ạ ả ấ … ỹ). é, à, ò … alone are not evidence: English-model OCR produces them.
_VIETNAMESE_LETTER = regex.compile(r"[ăâđêôơưĂÂĐÊÔƠƯĩũĨŨ\u1EA0-\u1EF9]")


def has_vietnamese_marks(text: str) -> bool:
    """True when ``text`` has at least one letter only Vietnamese diacritics make."""
    return bool(_VIETNAMESE_LETTER.search(unicodedata.normalize("NFC", text)))


def _wants(text: str, mode: RestoreMode) -> bool:
    if mode == "none" or not text or is_figure(text) or not regex.search(r"\p{L}{2,}", text):
        return False
    return mode == "all" or not has_vietnamese_marks(text)


def restore_labels(table: Table, restore: Callable[[str], str], mode: RestoreMode) -> Table:
    """``table`` with its title, header and label cells passed through ``restore`` as ``mode`` says."""
    if mode == "none":
        return table

    def fix(text: str) -> str:
        return restore(text) if _wants(text, mode) else text

    return replace(
        table,
        title=fix(table.title),
        header=tuple(fix(cell) for cell in table.header),
        rows=tuple(tuple(fix(cell) for cell in row) for row in table.rows),
    )

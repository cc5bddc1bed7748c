"""Diacritic repair of table labels by the restorer (:class:`vnreport.diacritics.Restorer`).

Figures are never touched (a "repaired" 1.058 would be a changed number). Which labels are sent:

* ``unmarked`` (default): labels without a single Vietnamese-only letter (ă â đ ê ô ơ ư or a dot
  below / hook above), i.e. text read without its marks (legacy English-model OCR, stripped
  text). Labels read by the vie model keep their marks: on the sample scan the restorer changed 6 of
  18 correctly read labels for the worse ("Tổng cộng" → "Tông công"), because a short label gives
  its language model no context.
* ``all``: every label; ``none``: no label.

The restorer picks its noise model from the marks of the text it is given (``input_kind`` auto).
One short label tells it little: "Pon vi tinh" or "S6 ngudi sir dung Internet" carry no mark and
pass for stripped text, so the English-model OCR damage in them ("P" for "Đ", "6" for "ố") would
stay. A table read without marks (English-model OCR, stripped text: :func:`read_without_marks`) is
therefore restored as one text, one label per paragraph, and the restorer decides from all its
labels at once, as it does for a whole OCR'd report (`vnreport fix old-ocr.txt`). Tables read by a
Vietnamese model keep the label-by-label repair.
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
# A table was read without marks when fewer than this share of its labels carry one. Not zero: a
# header cell the text reader fills in itself ("Đơn vị tính", when OCR scattered it over the header
# lines) has marks in an English-model OCR table; a Vietnamese model marks nearly every label.
_MARKED_LABELS_OF_MARKED_TABLE = 0.1


def has_vietnamese_marks(text: str) -> bool:
    """True when ``text`` has at least one letter only Vietnamese diacritics make."""
    return bool(_VIETNAMESE_LETTER.search(unicodedata.normalize("NFC", text)))


def _is_label(text: str) -> bool:
    return bool(text) and not is_figure(text) and bool(regex.search(r"\p{L}{2,}", text))


def _wants(text: str, mode: RestoreMode) -> bool:
    if mode == "none" or not _is_label(text):
        return False
    return mode == "all" or not has_vietnamese_marks(text)


def _texts(table: Table) -> list[str]:
    return [table.title, *table.header, *(cell for row in table.rows for cell in row)]


def read_without_marks(table: Table) -> bool:
    """True when the labels of ``table`` were read without Vietnamese marks (English-model OCR or
    stripped text): almost none of them has a letter only Vietnamese diacritics make."""
    labels = [text for text in _texts(table) if _is_label(text)]
    marked = sum(has_vietnamese_marks(text) for text in labels)
    return bool(labels) and marked < _MARKED_LABELS_OF_MARKED_TABLE * len(labels)


def restore_labels(table: Table, restore: Callable[[str], str], mode: RestoreMode) -> Table:
    """``table`` with its title, header and label cells passed through ``restore`` as ``mode`` says.

    ``restore`` keeps lines (one output line per input line), as the restorer does. The labels of a
    table read without marks go to it in one call (see the module docstring); a label keeps the
    capital it starts with (the restorer keeps the capital of a paragraph's first word).
    """
    if mode == "none":
        return table
    wanted = list(dict.fromkeys(text for text in _texts(table) if _wants(text, mode)))
    restored = _restore_together(wanted, restore) if read_without_marks(table) else None
    if restored is None:
        restored = [restore(text) for text in wanted]
    fixed = dict(zip(wanted, restored))

    def fix(text: str) -> str:
        return fixed.get(text, text)

    return replace(
        table,
        title=fix(table.title),
        header=tuple(fix(cell) for cell in table.header),
        rows=tuple(tuple(fix(cell) for cell in row) for row in table.rows),
    )


def _restore_together(texts: list[str], restore: Callable[[str], str]) -> list[str] | None:
    """``texts`` restored in one call, each its own paragraph (a blank line between them, so no
    label lends its words to the next one's language-model context); None when the answer does not
    come back as one line per text, and the caller restores them one by one."""
    if len(texts) < 2 or any("\n" in text for text in texts):
        return None
    lines = restore("\n\n".join(texts)).split("\n")
    if len(lines) != 2 * len(texts) - 1 or any(line.strip() for line in lines[1::2]):
        return None
    return lines[::2]

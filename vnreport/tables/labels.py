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

from vnreport.diacritics.orthography import is_skeleton
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


def _wants(text: str, mode: RestoreMode, *, context: bool = False) -> bool:
    if mode == "none" or not _is_label(text) or not (context or _may_take_marks(text)):
        return False
    return mode == "all" or not has_vietnamese_marks(text)


def _may_take_marks(text: str) -> bool:
    """Some word of ``text`` spells a Vietnamese syllable once its marks are gone: the restorer has
    something to work on. "STT", "UBND", "CNTT" spell none, so they never load its model."""
    return any(is_skeleton(word) for word in regex.findall(r"\p{L}+", text))


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
    together = read_without_marks(table)
    # Restored together, every label is context for the others (and the model is loaded anyway);
    # one by one, a label that spells no syllable ("STT") is not sent at all.
    wanted = list(dict.fromkeys(text for text in _texts(table) if _wants(text, mode, context=together)))
    if table.title and table.title not in wanted and _is_label(table.title):
        # The title always goes: a heading of bold capitals is where OCR misreads marks most ("THỤC
        # HIỆN", "TRAO ĐỐI"), and a whole caption gives the restorer the context a label lacks.
        wanted.insert(0, table.title)
    restored = _restore_together(wanted, restore) if together else None
    in_column: dict[tuple[int, str], str] = {}
    if restored is None:
        in_column = _restore_by_column(table, set(wanted), restore)
        alone = {text for column, text in in_column}
        restored = [text if text in alone and not _in_header_or_title(table, text) else restore(text) for text in wanted]
    fixed = dict(zip(wanted, restored))

    def fix(text: str) -> str:
        return fixed.get(text, text)

    return replace(
        table,
        title=fix(table.title),
        header=tuple(fix(cell) for cell in table.header),
        rows=tuple(tuple(in_column.get((column, cell), fix(cell)) for column, cell in enumerate(row)) for row in table.rows),
    )


def _in_header_or_title(table: Table, text: str) -> bool:
    return text == table.title or text in table.header


# Labels of one column restored together are joined by this: a clause break for the language
# model, so the column's words are each other's context ("Tỉnh; Huyện; Xã"), and never inside a
# label a table prints (checked before joining).
_COLUMN_JOIN = "; "
# A column whose labels are at most this many words is a column of short terms (place types,
# units): alone, such a label gives the restorer no context ("Xã" came back "Xử").
_SHORT_LABEL_WORDS = 4


def _restore_by_column(table: Table, wanted: set[str], restore: Callable[[str], str]) -> dict[tuple[int, str], str]:
    """Restorations of the wanted labels of columns of short labels, each column restored as one
    line of its distinct labels (with those that are not sent on their own, for context), keyed by
    (column, label). A label spelled like one the column already prints with marks takes that
    spelling. Columns whose answer does not come back label for label are left out."""
    result: dict[tuple[int, str], str] = {}
    for column in range(table.width):
        labels = list(dict.fromkeys(row[column] for row in table.rows if column < len(row) and _is_label(row[column])))
        if not any(text in wanted for text in labels):
            continue
        marked = {fold_text(text): text for text in labels if text not in wanted}
        for text in labels:
            if text in wanted and fold_text(text) in marked:
                result[(column, text)] = marked[fold_text(text)]
        rest = [text for text in labels if (column, text) not in result]
        if (len(rest) < 2 or not any(text in wanted for text in rest) or any(len(text.split()) > _SHORT_LABEL_WORDS for text in rest)
                or any(";" in text or "\n" in text for text in rest)):
            continue
        answer = restore(_COLUMN_JOIN.join(rest)).split(_COLUMN_JOIN)
        if len(answer) != len(rest):
            continue
        for text, fixed in zip(rest, answer):
            if text in wanted:
                result[(column, text)] = fixed.strip()
    return result


def fold_text(text: str) -> str:
    """``text`` without marks, lower case: the key under which two spellings of a label meet."""
    return "".join(char for char in unicodedata.normalize("NFD", text.lower()) if not unicodedata.combining(char)).replace("đ", "d")


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

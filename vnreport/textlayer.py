"""The final words of each page, each with the page box it was read from: what a PDF text layer carries.

The txt/md/json outputs render :func:`vnreport.render.final_blocks` — the cleaned blocks carrying
the repaired text. This module maps the words of those same final lines back onto the OCR words they
came from, so the searchable PDF holds exactly the text of the other outputs (repairs, and anything
else applied to the :class:`~vnreport.diacritics.Restored` text before rendering), each word at the
box where Tesseract found it.

How the mapping works, and why it needs no help from the stages before it:

1. Cleanup only *removes* characters from the OCR words it keeps (page furniture, the hyphen of a
   word mended across a line break, invisible characters) and joins lines in reading order, so the
   characters of the cleaned text are a subsequence of the characters of the kept OCR words, in
   order. Walking both streams gives every cleaned word the OCR word(s) it came from.
2. The restorer (and any later correction) changes words, rarely their number. Each final line is
   aligned with its cleaned line word by word (difflib on unmarked lowercase keys where the counts
   differ); a final word that has no cleaned word of its own shares the box of its neighbour.

Words of dropped lines (page numbers, running headers, speckle read as punctuation) are not in the
final text, so they are not in the text layer either: a search finds what the text output has.
"""

from __future__ import annotations

import difflib
from array import array
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from vnreport.cleanup import Cleaned, normalize_line
from vnreport.diacritics import Restored
from vnreport.models import BBox, Document
from vnreport.render import final_blocks

# How far ahead in the OCR characters a cleaned character is looked for before it is taken as one
# that cleanup made up (it never does today; the bound keeps a surprise from costing O(n^2)).
_LOOKAHEAD = 8


@dataclass(frozen=True)
class PlacedWord:
    """One final word and the box (page pixels) of the OCR word(s) it came from."""

    text: str
    bbox: BBox


@dataclass(frozen=True)
class PageWords:
    """The final words of one page, in lines as they lie on the page, in reading order.

    ``width``/``height`` are the size in pixels of the image the boxes refer to (the OCR image).
    """

    number: int
    width: int
    height: int
    lines: tuple[tuple[PlacedWord, ...], ...]

    @property
    def text(self) -> str:
        return "\n".join(" ".join(word.text for word in line) for line in self.lines)


@dataclass(frozen=True)
class _Source:
    """A kept OCR word: where it lies."""

    page: int
    line: int  # index in Page.lines
    bbox: BBox


def placed_words(document: Document, cleaned: Cleaned, restored: Restored) -> tuple[PageWords, ...]:
    """The final words of every page of ``document`` with their boxes (pages without words included)."""
    sources, chars = _source_chars(document, cleaned)
    cleaned_words = [block.text.split() for block in cleaned.blocks]
    cleaned_origin = _cleaned_origins(cleaned_words, chars)
    final_lines = [block.text.split() for block in final_blocks(cleaned, restored)]
    if len(final_lines) == len(cleaned_words):
        pairs = list(zip(cleaned_words, final_lines))
        placed: list[tuple[str, tuple[int, ...]]] = []
        offset = 0
        for cleaned_line, final_line in pairs:
            line_origin = cleaned_origin[offset : offset + len(cleaned_line)]
            placed.extend(_align(cleaned_line, line_origin, final_line))
            offset += len(cleaned_line)
    else:  # the restorer did not keep the line count: align the whole text at once
        flat_cleaned = [word for line in cleaned_words for word in line]
        placed = _align(flat_cleaned, cleaned_origin, [word for line in final_lines for word in line])
    return _by_page(document, sources, placed)


@dataclass(frozen=True)
class _Chars:
    """The characters of the kept OCR words as cleanup saw them (one string), and for each the
    index of its word: a string and an int array, not a tuple per character (a 100-page document
    has some 200,000 characters)."""

    text: str
    owner: array

    def __len__(self) -> int:
        return len(self.text)


def _source_chars(document: Document, cleaned: Cleaned) -> tuple[list[_Source], _Chars]:
    """The kept OCR words, and their characters as cleanup saw them, each with its word's index."""
    dropped = {(line.page, line.line) for line in cleaned.dropped}
    sources: list[_Source] = []
    pieces: list[str] = []
    owner = array("l")
    for page in document.pages:
        for index, line in enumerate(page.lines):
            if (page.number, index) in dropped or not normalize_line(line.text):
                continue
            for word in line.words:
                if word.bbox is None:
                    continue
                text = normalize_line(word.text).replace(" ", "")
                if not text:
                    continue
                sources.append(_Source(page=page.number, line=index, bbox=word.bbox))
                pieces.append(text)
                owner.extend([len(sources) - 1] * len(text))
    return sources, _Chars(text="".join(pieces), owner=owner)


def _cleaned_origins(cleaned_words: Sequence[Sequence[str]], chars: _Chars) -> list[tuple[int, ...]]:
    """For every cleaned word (all lines, in order) the indices of the OCR words its characters came from."""
    origins: list[tuple[int, ...]] = []
    cursor = 0
    last: tuple[int, ...] = ()
    for line in cleaned_words:
        for word in line:
            found: list[int] = []
            for char in word:
                for ahead in range(cursor, min(cursor + _LOOKAHEAD, len(chars))):
                    if chars.text[ahead] == char:
                        if chars.owner[ahead] not in found:
                            found.append(chars.owner[ahead])
                        cursor = ahead + 1
                        break
            last = tuple(found) or last
            origins.append(last)
    return origins


def _key(word: str) -> str:
    """A word without marks, lowercased: what stays the same when the restorer repairs it."""
    bare = "".join(char for char in unicodedata.normalize("NFD", word.casefold()) if not unicodedata.combining(char))
    return bare.replace("đ", "d")


def _align(cleaned: Sequence[str], origins: Sequence[tuple[int, ...]], final: Sequence[str]) -> list[tuple[str, tuple[int, ...], int, int]]:
    """Pair every final word with the cleaned word whose box it takes: (text, origin, part, parts).

    ``part``/``parts`` say which horizontal share of that box the word gets when several final words
    share one cleaned word (a word the restorer split, or one added by a correction).
    """
    if len(cleaned) == len(final):
        return [(word, origin, 0, 1) for word, origin in zip(final, origins)]
    owner: list[int | None] = [None] * len(final)
    matcher = difflib.SequenceMatcher(a=[_key(w) for w in cleaned], b=[_key(w) for w in final], autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag in ("equal", "replace") and i2 - i1 == j2 - j1:
            for k in range(j2 - j1):
                owner[j1 + k] = i1 + k
        elif tag == "replace":
            # Unequal runs: each final word takes the cleaned word at the same share of the run's characters.
            total_a = sum(len(cleaned[i]) + 1 for i in range(i1, i2))
            total_b = sum(len(final[j]) + 1 for j in range(j1, j2))
            bounds, position = [], 0
            for i in range(i1, i2):
                position += len(cleaned[i]) + 1
                bounds.append(position / total_a)
            position = 0
            for j in range(j1, j2):
                middle = (position + (len(final[j]) + 1) / 2) / total_b
                position += len(final[j]) + 1
                owner[j] = i1 + next((k for k, bound in enumerate(bounds) if middle <= bound), len(bounds) - 1)
        # "insert": final words without a cleaned word take a neighbour's below; "delete": nothing.
    for j in range(len(final)):
        if owner[j] is None:
            owner[j] = owner[j - 1] if j > 0 and owner[j - 1] is not None else None
    for j in range(len(final) - 1, -1, -1):
        if owner[j] is None:
            owner[j] = owner[j + 1] if j + 1 < len(final) else None
    placed: list[tuple[str, tuple[int, ...], int, int]] = []
    j = 0
    while j < len(final):
        k = j
        while k + 1 < len(final) and owner[k + 1] == owner[j]:
            k += 1
        origin = origins[owner[j]] if owner[j] is not None and cleaned else ()
        for part, index in enumerate(range(j, k + 1)):
            placed.append((final[index], origin, part, k - j + 1))
        j = k + 1
    return placed


def _box_of(origin: tuple[int, ...], sources: Sequence[_Source]) -> tuple[_Source, BBox]:
    """The box of a cleaned word: its OCR word, or the union of its OCR words on the first one's line
    (a word mended across a line break lies where its first half was printed)."""
    first = sources[origin[0]]
    same_line = [sources[i] for i in origin if sources[i].page == first.page and sources[i].line == first.line]
    left = min(s.bbox.left for s in same_line)
    top = min(s.bbox.top for s in same_line)
    right = max(s.bbox.right for s in same_line)
    bottom = max(s.bbox.bottom for s in same_line)
    return first, BBox(left, top, right - left, bottom - top)


def _share(box: BBox, part: int, parts: int, lengths: Sequence[int]) -> BBox:
    """Part ``part`` of ``parts`` of a box split horizontally in proportion to the words' lengths,
    with a space's width between the parts, so that readers see separate words."""
    if parts == 1:
        return box
    units = sum(lengths) + parts - 1 or 1  # characters, and one space between neighbouring parts
    per_unit = box.width / units
    start = box.left + per_unit * (sum(lengths[:part]) + part)
    width = per_unit * lengths[part]
    return BBox(int(round(start)), box.top, max(1, int(round(width))), box.height)


def _shares(placed: Sequence[tuple[str, tuple[int, ...], int, int]]) -> list[list[tuple[str, tuple[int, ...], int, int]]]:
    """The placed words in runs that share one box (part 0 .. parts-1); words without a box left out."""
    runs: list[list[tuple[str, tuple[int, ...], int, int]]] = []
    for item in placed:
        if not item[1]:
            continue  # no OCR word to place it on (text input has no boxes)
        if item[2] == 0 or not runs:
            runs.append([])
        runs[-1].append(item)
    return runs


def _by_page(document: Document, sources: Sequence[_Source], placed: Sequence[tuple[str, tuple[int, ...], int, int]]) -> tuple[PageWords, ...]:
    lines: dict[int, list[list[PlacedWord]]] = {page.number: [] for page in document.pages}
    current: tuple[int, int] | None = None
    # A new text-layer line starts wherever the OCR line changes, so line breaks follow the page.
    for share in _shares(placed):
        lengths = [len(text) for text, _origin, _part, _parts in share]
        for text, origin, part, parts in share:
            source, box = _box_of(origin, sources)
            if (source.page, source.line) != current:
                lines[source.page].append([])
                current = (source.page, source.line)
            lines[source.page][-1].append(PlacedWord(text=text, bbox=_share(box, part, parts, lengths)))
    return tuple(
        PageWords(number=page.number, width=page.width, height=page.height, lines=tuple(tuple(line) for line in lines[page.number] if line))
        for page in document.pages
    )

"""Where each OCR word went: from page words (with boxes) to character spans of the cleaned text.

Cleanup joins the kept lines of the pages into blocks (one block per line of the text the restorer
reads) and records no provenance, so this module walks the same kept lines in the same order and
finds each line, then each word, inside its block. The restorer's decisions (``TokenRepair``: block
index, start, end in that block's text) can then be shown over the scan, and a person's correction
of the word under a box can be put back at the right token. Read-only use of cleanup's helpers: the
walk mirrors :func:`vnreport.cleanup.clean_pages` (``normalize_line``, ``join_lines``).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from vnreport.cleanup import Cleaned, normalize_line
from vnreport.diacritics import TokenRepair
from vnreport.models import BBox, Document

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class WordSpan:
    """One page word and its place in the cleaned text.

    page: 1-based page number; line, word: indices into ``Page.lines`` and ``Line.words``;
    block: index of the cleaned block (= line of the restorer's input); start, end: character
    offsets of the word within that block's text.
    """

    page: int
    line: int
    word: int
    block: int
    start: int
    end: int
    bbox: BBox | None
    text: str


@dataclass(frozen=True)
class TokenPlace:
    """Where a restorer token lies on the scan: its page and the box around the words it covers.

    ``words`` are the WordSpans it overlaps on ``page`` (a word hyphenated across a page break keeps
    only its first page); ``bbox`` is None for text input (no boxes).
    """

    page: int
    bbox: BBox | None
    words: tuple[WordSpan, ...]


def map_words(document: Document, cleaned: Cleaned) -> tuple[WordSpan, ...]:
    """Every word of the kept lines with its block and offsets (words that cannot be placed are left out).

    A line is expected where cleanup put it: at the start of a block, after a space (a wrapped line
    joined), directly after the previous line (a hyphen kept) or one character before it (a word
    hyphenated across the break, whose hyphen was removed).
    """
    dropped = {(line.page, line.line) for line in cleaned.dropped}
    blocks = [block.text for block in cleaned.blocks]
    spans: list[WordSpan] = []
    block, pos = 0, 0
    for page in document.pages:
        for index, line in enumerate(page.lines):
            text = normalize_line(line.text)
            if not text or (page.number, index) in dropped:
                continue
            placed = _place_line(blocks, block, pos, text)
            if placed is None:
                log.debug("page %d line %d not found in the cleaned text; its words get no place", page.number, index)
                continue
            block, start, length = placed
            words = _place_words(page.number, index, line.words, block, start, text)
            if words and words[-1].end > start + length:
                last = words[-1]  # its hyphen was removed when the next line was joined to it
                words[-1] = WordSpan(last.page, last.line, last.word, last.block, last.start, start + length, last.bbox, last.text)
            spans.extend(words)
            pos = start + length
    return tuple(spans)


def _place_line(blocks: list[str], block: int, pos: int, text: str) -> tuple[int, int, int] | None:
    """(block, start, length in the block) of a kept line; a line ending in "-" may have lost it."""
    forms = [text, text[:-1]] if text.endswith("-") and len(text) > 1 else [text]
    if block < len(blocks) and pos > 0:
        current = blocks[block]
        for form in forms:
            if current.startswith(" " + form, pos) and _fits(current, pos + 1, form, text):
                return block, pos + 1, len(form)
            if current.startswith(form, pos) and _fits(current, pos, form, text):
                return block, pos, len(form)
    # A new block: the next one that starts with this line (skip a block this walk could not
    # account for rather than lose every later word).
    first = block + 1 if pos > 0 else block
    for later in range(first, min(len(blocks), first + 4)):
        for form in forms:
            if blocks[later].startswith(form) and _fits(blocks[later], 0, form, text):
                return later, 0, len(form)
    return None


def _fits(block: str, at: int, form: str, text: str) -> bool:
    # A line without its final hyphen is only right where the next line was glued on to it.
    if form == text:
        return True
    after = at + len(form)
    return after < len(block) and block[after] != " "


def _place_words(page: int, line: int, words, block: int, start: int, text: str) -> list[WordSpan]:
    spans = []
    cursor = 0
    for number, word in enumerate(words):
        piece = normalize_line(word.text)
        if not piece:
            continue
        at = text.find(piece, cursor)
        if at < 0:
            continue
        cursor = at + len(piece)
        spans.append(WordSpan(page, line, number, block, start + at, start + cursor, word.bbox, piece))
    return spans


def place_tokens(tokens: tuple[TokenRepair, ...], spans: tuple[WordSpan, ...]) -> dict[int, TokenPlace]:
    """For each token (by its index in ``tokens``), the page and box of the words it overlaps."""
    by_block: dict[int, list[WordSpan]] = {}
    for span in spans:
        by_block.setdefault(span.block, []).append(span)
    places: dict[int, TokenPlace] = {}
    for index, token in enumerate(tokens):
        overlapping = [span for span in by_block.get(token.line, ()) if span.start < token.end and token.start < span.end]
        if not overlapping:
            continue
        page = overlapping[0].page
        words = tuple(span for span in overlapping if span.page == page)
        places[index] = TokenPlace(page=page, bbox=union([span.bbox for span in words]), words=words)
    return places


def union(boxes: list[BBox | None]) -> BBox | None:
    """The smallest box holding every box given (None when any is None or none is given)."""
    if not boxes or any(box is None for box in boxes):
        return None
    left = min(box.left for box in boxes)
    top = min(box.top for box in boxes)
    right = max(box.right for box in boxes)
    bottom = max(box.bottom for box in boxes)
    return BBox(left, top, right - left, bottom - top)

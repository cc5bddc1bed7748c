"""Cleanup of page text before repair: NFC, page furniture out, wrapped lines back into paragraphs.

Works the same on OCR pages (lines with boxes) and on text that is already OCR output (lines without
boxes; blank lines become block changes, see :func:`text_to_pages`). Where boxes exist they decide
(a short line, a larger gap or an indent ends a paragraph); without them, line length relative to
the document's typical line does. Headings, list items, table rows and signature lines never merge
into a neighbour; a list item can take continuation lines, as a wrapped item does on paper.
"""

from __future__ import annotations

import math
import statistics
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum

import regex
from rapidfuzz.distance import Levenshtein

from vnreport.models import Line, Page, Word


@dataclass(frozen=True)
class CleanupConfig:
    """Thresholds of the layout heuristics, with the reason for each value.

    short_line_fill: a line ending before this share of the text width ends its paragraph
        (reports are justified, so only last lines fall short; greedy ragged text stays above ~0.85).
    edge_lines: lines at the top and at the bottom of a page searched for page numbers and running
        headers/footers (a header and a rule, or a page number under a footer).
    running_min_share: a top/bottom line repeated on at least this share of pages (and at least two)
        is a running header/footer.
    running_chars_per_edit: two header lines (digits masked) count as the same text when they differ
        by at most one edit per this many characters, and at least one: OCR rarely reads a header
        identically twice, but "Trang hai" and "Trang ba" must stay different lines.
    paragraph_gap: a line pitch this many times the page's median pitch is a paragraph gap.
    indent: a line starting this many line heights right of the previous line is indented.
    page_break_blank_lines: in a text file without form feeds, this many blank lines in a row mark
        a page break (how pdftotext-style and legacy OCR dumps such as samples/legacy-ocr-*.txt show it).
    unreadable_edge_confidence: a lone line of at most 4 characters at the top or bottom edge read
        with less mean confidence than this is a page number Tesseract could not read (a lone "2"
        comes back as "Si" at confidence 13 on the bundled sample).
    """

    short_line_fill: float = 0.8
    edge_lines: int = 2
    running_min_share: float = 0.5
    running_chars_per_edit: int = 15
    paragraph_gap: float = 1.6
    indent: float = 1.0
    page_break_blank_lines: int = 3
    unreadable_edge_confidence: float = 50.0


class BlockKind(str, Enum):
    """What a block of the cleaned text is; decides whether it may merge and how md renders it."""

    PARAGRAPH = "paragraph"
    HEADING = "heading"
    LIST_ITEM = "list-item"
    TABLE_ROW = "table-row"
    SIGNATURE = "signature"
    LINE = "line"  # any other line kept on its own: header block, centred line, short standalone line


@dataclass(frozen=True)
class Block:
    """One output line: a paragraph (reflowed), or a line that stays on its own."""

    kind: BlockKind
    text: str
    page: int  # page on which the block starts


@dataclass(frozen=True)
class DroppedLine:
    """A line removed as page furniture: ``page`` 1-based, ``line`` its index in Page.lines."""

    page: int
    line: int
    text: str
    reason: str  # "page-number", "running-header", "running-footer" or "noise"


@dataclass(frozen=True)
class Cleaned:
    """The cleaned document: one block per output line, plus what was dropped and why."""

    blocks: tuple[Block, ...]
    dropped: tuple[DroppedLine, ...] = ()

    @property
    def text(self) -> str:
        return "\n".join(block.text for block in self.blocks)


# --- text normalisation ---------------------------------------------------------------------------

_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"), None)
_SPACES = dict.fromkeys(map(ord, "\u00a0\u2007\u202f\t"), " ")


def normalize_line(text: str) -> str:
    """NFC, soft hyphens and zero-width characters out, odd spaces to one space, ends stripped."""
    text = unicodedata.normalize("NFC", text).translate(_INVISIBLE).translate(_SPACES)
    return regex.sub(r" {2,}", " ", text).strip()


def text_to_pages(text: str, config: CleanupConfig = CleanupConfig()) -> tuple[Page, ...]:
    """Split text that is already OCR output into pages of lines (no boxes, no confidences).

    Pages are separated by form feeds or, when there are none, by ``page_break_blank_lines`` blank
    lines in a row. A blank line starts a new block, as Tesseract's block numbers do for OCR pages.
    """
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    if "\f" in text:
        chunks = text.split("\f")
    else:
        breaker = r"\n(?:[ \t]*\n){%d,}" % config.page_break_blank_lines
        chunks = regex.split(breaker, text)
    pages = []
    for number, chunk in enumerate(chunks, 1):
        lines: list[Line] = []
        block = 0
        for raw in chunk.split("\n"):
            words = tuple(Word(text=word) for word in normalize_line(raw).split(" ") if word)
            if not words:
                block += 1 if lines else 0
                continue
            lines.append(Line(words=words, block=block))
        # Blank pages keep their number (so --pages counts form feeds as the user does).
        pages.append(Page(number=number, lines=tuple(lines)))
    while len(pages) > 1 and not pages[-1].lines:
        pages.pop()  # a file that ends with a form feed has no blank last page
    return tuple(pages)


# --- line classification --------------------------------------------------------------------------

_LIST_MARKER = regex.compile(
    r"""^(?:
        [-+•*–—]\s                              # - item, + item
      | [\p{Ll}][)]\s?                          # a) item, đ) item
      | \d{1,3}(?:\.\d{1,3})*[.)]\s             # 1. item, 2.3. item, 1) item
      | [IVXLC]{1,6}[.)]\s?                     # I. SECTION
    )""",
    regex.VERBOSE,
)
# The patterns below are matched against the line with its marks stripped (see _bare), so that they
# also find "Noi nhan:" and "Phu luc 2" in legacy OCR that lost its diacritics.
_SIGNATURE = regex.compile(
    r"^(?:Noi\s+nhan|TM\.|KT\.|TL\.|TUQ\.|Q\.\s|(?:PHO\s+)?CHU\s+TICH\b|(?:PHO\s+)?GIAM\s+DOC\b|\(da\s+ky)",
    regex.IGNORECASE,
)
# Lines of the header block of an administrative document (Nghị định 30/2020/NĐ-CP, appendix I).
_HEADER_BLOCK = regex.compile(
    r"^(?:So\s*:|Doc\s+lap\s*-\s*Tu\s+do|.{0,40},\s*ngay\s+\S+\s+thang\s+\S+\s+nam\s+\d{4}$|\(Kem\s+theo)",
    regex.IGNORECASE,
)
_APPENDIX_TITLE = regex.compile(r"^(?:Phu\s+luc|Bieu)\s+(?:so\s+)?[\dIVX]+\b", regex.IGNORECASE)
_NUMBER = regex.compile(r"^[(]?[-+]?\d[\d.,]*%?[)]?[;,]?$|^-$")
_ROW_NUMBER = regex.compile(r"^\d{1,3}(?:\.\d{1,2})*$")  # STT cell: 1, 12, 3.1 (no trailing dot)
_PAGE_NUMBER = regex.compile(r"^(?:[-–—]\s*)?(?:trang\s+)?\d{1,3}(?:\s*/\s*\d{1,3})?(?:\s*[-–—])?$", regex.IGNORECASE)
_HAS_WORD = regex.compile(r"[\p{L}\p{N}]{2,}|\p{N}")


def classify_line(text: str) -> BlockKind:
    """Decide from its text alone whether a line stays on its own, starts a list item or is prose.

    PARAGRAPH means "ordinary text that may be joined to its neighbours".
    """
    bare = _bare(text)
    if _SIGNATURE.match(bare):
        return BlockKind.SIGNATURE
    if _HEADER_BLOCK.match(bare) or _APPENDIX_TITLE.match(bare):
        return BlockKind.LINE
    if _is_table_row(text):
        return BlockKind.TABLE_ROW
    if _is_upper_case(text):
        return BlockKind.HEADING
    if _LIST_MARKER.match(text):
        return BlockKind.LIST_ITEM
    return BlockKind.PARAGRAPH


def _is_upper_case(text: str) -> bool:
    letters = [char for char in text if char.isalpha()]
    upper = sum(1 for char in letters if char.isupper())
    # Four letters at least: "UBND" is a heading, "A." alone is not evidence of anything.
    return len(letters) >= 4 and upper / len(letters) >= 0.8


def _is_table_row(text: str) -> bool:
    if "|" in text:
        return True
    tokens = text.split()
    if not tokens or not _NUMBER.match(tokens[-1]):
        return False
    numbers = sum(1 for token in tokens if _NUMBER.match(token))
    if numbers == len(tokens):
        return True  # only figures: a row of numbers, or one column of a table read alone
    # "1 Sở Nội vụ 120 98 81,7": an STT cell first and a figure last; or mostly figures.
    return bool(_ROW_NUMBER.match(tokens[0])) or (numbers >= 3 and numbers / len(tokens) >= 0.4)


# --- page furniture -------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Item:
    """A kept line with what the layout says about it."""

    page: int
    index: int
    text: str
    line: Line


def _page_items(page: Page) -> list[_Item]:
    items = []
    for index, line in enumerate(page.lines):
        text = normalize_line(line.text)
        if text:
            items.append(_Item(page.number, index, text, line))
    return items


def _furniture(pages: list[list[_Item]], config: CleanupConfig) -> dict[tuple[int, int], str]:
    """Find noise lines, page numbers and running headers/footers; map (page, line) to the reason."""
    dropped: dict[tuple[int, int], str] = {}
    for items in pages:
        for item in items:
            if not _HAS_WORD.search(item.text):  # speckle read as ", . '" or a lone rule "—"
                dropped[(item.page, item.index)] = "noise"
    kept = [[item for item in items if (item.page, item.index) not in dropped] for items in pages]
    for items in kept:
        for item in _page_number_candidates(items):
            if _PAGE_NUMBER.match(item.text) or _unreadable(item, config):
                dropped[(item.page, item.index)] = "page-number"
    kept = [[item for item in items if (item.page, item.index) not in dropped] for items in kept]
    if len(kept) >= 2:
        needed = max(2, math.ceil(config.running_min_share * len(kept)))
        for zone, reason in (("top", "running-header"), ("bottom", "running-footer")):
            zones = [_zone(items, zone, config.edge_lines) for items in kept]
            keys = [[_furniture_key(item.text) for item in lines] for lines in zones]
            for page_index, lines in enumerate(zones):
                for item, key in zip(lines, keys[page_index]):
                    if len(key) < 3:
                        continue
                    pages_with = 1 + sum(
                        1
                        for other_index, other in enumerate(keys)
                        if other_index != page_index and any(_same_furniture(key, o, config) for o in other)
                    )
                    if pages_with >= needed:
                        dropped[(item.page, item.index)] = reason
    return dropped


def _page_number_candidates(items: list[_Item]) -> list[_Item]:
    """The lines that could be a page number: the top and bottom line of the page, standing alone.

    With boxes, "alone" means no other line shares its height, so the last STT cell of a table read
    column by column ("10" beside "2010" and "9") is not mistaken for a page number.
    """
    if not items:
        return []
    boxes = [item.line.bbox for item in items]
    if any(box is None for box in boxes):
        return [items[0], items[-1]] if len(items) > 1 else [items[0]]
    top = min(items, key=lambda item: item.line.bbox.top)
    bottom = max(items, key=lambda item: item.line.bbox.bottom)
    candidates = [top] if top is bottom else [top, bottom]
    return [item for item in candidates if not any(_same_height(item, other) for other in items if other is not item)]


def _unreadable(item: _Item, config: CleanupConfig) -> bool:
    confidences = [word.confidence for word in item.line.words if word.confidence is not None]
    if not confidences or len(item.text) > 4:
        return False
    return sum(confidences) / len(confidences) < config.unreadable_edge_confidence


def _same_height(a: _Item, b: _Item) -> bool:
    box_a, box_b = a.line.bbox, b.line.bbox
    return box_a.top < box_b.bottom and box_b.top < box_a.bottom


def _zone(items: list[_Item], zone: str, count: int) -> list[_Item]:
    return items[:count] if zone == "top" else items[-count:] if items else []


def _same_furniture(a: str, b: str, config: CleanupConfig) -> bool:
    allowed = max(1, min(len(a), len(b)) // config.running_chars_per_edit)
    return Levenshtein.distance(a, b, score_cutoff=allowed) <= allowed


def _furniture_key(text: str) -> str:
    # Page numbers inside a header ("Báo cáo số 238 - trang 3") must not make copies differ.
    return regex.sub(r"\s+", " ", regex.sub(r"\d+", "#", text.casefold())).strip()


# --- layout ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Layout:
    """Where the text column of a page lies, in pixels; None for text without boxes."""

    left: float
    right: float
    pitch: float  # median distance between the tops of consecutive lines
    line_height: float


def _page_layout(items: list[_Item]) -> _Layout | None:
    boxes = [item.line.bbox for item in items if item.line.bbox is not None]
    if len(boxes) < 3:
        return None
    lefts = sorted(box.left for box in boxes)
    rights = sorted(box.right for box in boxes)
    # Percentiles, not extremes: a page number in the margin or a stray speck must not move the column.
    left = lefts[int(0.1 * (len(lefts) - 1))]
    right = rights[int(math.ceil(0.9 * (len(rights) - 1)))]
    tops = [box.top for box in boxes]
    steps = [b - a for a, b in zip(tops, tops[1:]) if b > a]
    height = statistics.median(box.height for box in boxes)
    return _Layout(left=left, right=max(right, left + 1), pitch=statistics.median(steps) if steps else height * 1.5, line_height=height)


@dataclass(frozen=True)
class _Features:
    item: _Item
    kind: BlockKind
    fill: float  # how much of the text width the line covers (0..1+)
    standalone: bool  # centred or right-hand line: header block, title, signature column


def _features(pages: list[list[_Item]], config: CleanupConfig) -> list[_Features]:
    typical = _typical_length([item for items in pages for item in items])
    features = []
    for items in pages:
        layout = _page_layout(items)
        for item in items:
            kind = classify_line(item.text)
            box = item.line.bbox
            if layout is not None and box is not None:
                width = layout.right - layout.left
                left_gap, right_gap = box.left - layout.left, layout.right - box.right
                fill = (box.right - layout.left) / width
                centred = left_gap > 0.08 * width and right_gap > 0.08 * width and abs(left_gap - right_gap) < 0.1 * width
                standalone = centred or left_gap > 0.4 * width
            else:
                fill = len(item.text) / typical
                standalone = False
            if standalone and kind is BlockKind.PARAGRAPH:
                kind = BlockKind.LINE
            features.append(_Features(item, kind, fill, standalone))
    return features


def _typical_length(items: list[_Item]) -> float:
    """The length of a full line of prose, in characters (for text without boxes)."""
    prose = sorted(len(item.text) for item in items if classify_line(item.text) is BlockKind.PARAGRAPH)
    if len(prose) < 5:
        # Too few lines for a percentile: the longest line is the best guess at a full one.
        return float(max((len(item.text) for item in items), default=1))
    return float(max(prose[int(0.8 * (len(prose) - 1))], 1))


def _starts_new_block(
    prev: _Features,
    cur: _Features,
    current_kind: BlockKind,
    layouts: dict[int, _Layout | None],
    config: CleanupConfig,
) -> bool:
    """True when ``cur`` cannot continue the block (of ``current_kind``) that ``prev`` ends."""
    if cur.kind is not BlockKind.PARAGRAPH or cur.standalone:
        return True
    if prev.kind not in (BlockKind.PARAGRAPH, BlockKind.LIST_ITEM) or prev.standalone:
        return True
    if prev.fill < config.short_line_fill:
        return True
    if prev.item.text.endswith(":") and cur.item.text[:1].isupper():
        return True  # "... như sau:" then a capital: an introduction ends, not a wrapped sentence
    if current_kind is BlockKind.LIST_ITEM and prev.item.text[-1:] in ".;:" and cur.item.text[:1].isupper():
        return True  # an item ended ("...;") and a capital follows: a wrapped item goes on in lower case
    if prev.item.page != cur.item.page:
        # Across a page break only the text can tell: a finished sentence then a capital starts anew.
        return bool(regex.search(r"[.:;!?]$", prev.item.text)) and cur.item.text[:1].isupper()
    if prev.item.line.block != cur.item.line.block:
        return True
    layout = layouts.get(cur.item.page)
    before, box = prev.item.line.bbox, cur.item.line.bbox
    if layout is not None and before is not None and box is not None:
        if box.top - before.top > config.paragraph_gap * layout.pitch:
            return True
        if box.left - before.left > config.indent * layout.line_height:
            return True
    return False


# --- joining --------------------------------------------------------------------------------------

_ONSET = r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|th|tr|qu|[bcdghklmnprstvx])?"
_SYLLABLE = regex.compile(rf"^{_ONSET}[aeiouy]{{1,3}}(?:ch|ng|nh|[cmnpt])?$")


def _bare(text: str) -> str:
    """``text`` without Vietnamese marks: "Nơi nhận" -> "Noi nhan", "Đà" -> "Da"."""
    stripped = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return stripped.replace("đ", "d").replace("Đ", "D")


def _is_vietnamese_syllable(fragment: str) -> bool:
    """Whether a fragment has the shape of one Vietnamese syllable (onset, 1-3 vowels, coda)."""
    return bool(_SYLLABLE.match(_bare(fragment.casefold())))


def join_lines(first: str, second: str) -> str:
    """Join a wrapped line to the next one, mending a word hyphenated across the break.

    "docu-" + "ment" -> "document"; but "2006-" + "2010" and "kinh tế-" + "xã hội" keep the hyphen
    (both sides whole numbers or whole Vietnamese syllables: the hyphen is part of the text).
    """
    match = regex.search(r"([\p{L}\p{N}]+)-$", first)
    if match is None:
        return f"{first} {second}"
    head = match.group(1)
    tail_match = regex.match(r"\p{L}+", second)
    if tail_match and second[:1].islower() and head.isalpha():
        if _is_vietnamese_syllable(head) and _is_vietnamese_syllable(tail_match.group(0)):
            return first + second
        return first[:-1] + second
    return first + second


def clean_pages(pages: Sequence[Page], config: CleanupConfig = CleanupConfig()) -> Cleaned:
    """Clean OCR (or text) pages into blocks: furniture dropped, paragraphs reflowed, NFC throughout."""
    all_items = [_page_items(page) for page in pages]
    dropped = _furniture(all_items, config)
    kept = [[item for item in items if (item.page, item.index) not in dropped] for items in all_items]
    layouts = {items[0].page: _page_layout(items) for items in kept if items}
    blocks: list[Block] = []
    prev: _Features | None = None
    current: tuple[BlockKind, str, int] | None = None
    for feature in _features(kept, config):
        if current is None or prev is None or _starts_new_block(prev, feature, current[0], layouts, config):
            if current is not None:
                blocks.append(Block(*current))
            current = (feature.kind, feature.item.text, feature.item.page)
        else:
            current = (current[0], join_lines(current[1], feature.item.text), current[2])
        prev = feature
    if current is not None:
        blocks.append(Block(*current))
    lines_dropped = tuple(
        DroppedLine(page=page, line=index, text=normalize_line(_line_text(pages, page, index)), reason=reason)
        for (page, index), reason in sorted(dropped.items())
    )
    return Cleaned(blocks=tuple(blocks), dropped=lines_dropped)


def _line_text(pages: Sequence[Page], number: int, index: int) -> str:
    for page in pages:
        if page.number == number:
            return page.lines[index].text
    return ""

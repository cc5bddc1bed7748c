"""Corrections a person made on the review page, read back and applied to a run of ``vnreport fix``.

The review page (:mod:`vnreport.review`) saves a small JSON file::

    {"format": "vnreport-corrections", "version": 1,
     "input": {"name": "scan.pdf", "sha256": "<hex digest of the input's bytes>"},
     "corrections": [{"page": 3, "box": [412, 1180, 96, 38], "page_size": [2480, 3508],
                      "block": 17, "start": 42, "previous": "Đáng", "new": "Đảng",
                      "action": "corrected"}]}

``box`` is the word's box in the page's OCR pixels (null for text input, which has no boxes; then
``block``/``start``, the word's place in the cleaned text, find it). ``action`` is ``corrected``
(the word now reads ``new``) or ``confirmed`` (the person checked the reading and kept it).

Applying is one stage between repair and render (:func:`apply_corrections`): every output made
from its result (text, Markdown, JSON, and any later renderer) carries the corrections, and the
words a person settled are no longer flagged. Everything is checked before anything is changed: a
file that is not a corrections file, one saved for another input (its sha256 differs) or a box that
matches no word is an :class:`CorrectionsError` (exit 3) and nothing is applied or written.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, replace
from pathlib import Path

from vnreport.cleanup import Cleaned
from vnreport.diacritics import Restored, TokenRepair
from vnreport.diacritics.restore import FLAG_CLOSE, FLAG_OPEN
from vnreport.errors import InputError
from vnreport.models import BBox, Document
from vnreport.review.words import TokenPlace, WordSpan, map_words, place_tokens

FORMAT = "vnreport-corrections"
VERSION = 1
CONFIRMED = "confirmed"
CORRECTED = "corrected"
# A saved box and a word's box are the same word when they overlap by at least this share (area of
# the intersection over the union): the same input read with the same settings gives identical
# boxes; another --dpi scales them (page_size undoes that) and Tesseract may move an edge by a
# few pixels, while neighbouring words on a line hardly overlap at all.
MIN_OVERLAP = 0.5

log = logging.getLogger(__name__)


class CorrectionsError(InputError):
    """A --corrections file that cannot be applied to this input (exit 3, like any bad input)."""


@dataclass(frozen=True)
class Correction:
    """One settled word: where it is and what it now reads."""

    page: int
    box: BBox | None
    page_size: tuple[int, int] | None
    block: int | None
    start: int | None
    previous: str
    new: str
    action: str


@dataclass(frozen=True)
class Corrections:
    """A loaded corrections file."""

    path: Path
    sha256: str
    items: tuple[Correction, ...]


def file_sha256(path: Path) -> str:
    """The hex SHA-256 of a file's bytes (the digest batch runs keep too)."""
    from vnreport.sources import file_digest

    return file_digest(path)


def load_corrections(path: Path, input_path: Path) -> Corrections:
    """Read and check a corrections file against the input (CorrectionsError, before any OCR)."""
    return read_corrections(path, check_input=Path(input_path))


def read_corrections(path: Path, *, check_input: Path | None = None) -> Corrections:
    """Read a corrections file; with ``check_input``, refuse it unless it was saved for that file."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise CorrectionsError(f"cannot read corrections file {path}: {exc.strerror or exc}") from exc
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CorrectionsError(f"{path} is not a corrections file: not JSON ({exc})") from exc
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise CorrectionsError(f"{path} is not a corrections file (saved by a vnreport review page, \"format\": \"{FORMAT}\")")
    if data.get("version") != VERSION:
        raise CorrectionsError(f"{path}: corrections format version {data.get('version')!r} is not supported (this vnreport reads {VERSION})")
    digest = (data.get("input") or {}).get("sha256") if isinstance(data.get("input"), dict) else None
    if check_input is not None:
        actual = file_sha256(check_input)
        if digest != actual:
            name = (data.get("input") or {}).get("name", "?") if isinstance(data.get("input"), dict) else "?"
            raise CorrectionsError(
                f"{path} was saved for another input ({name}, sha256 {str(digest)[:12]}…), not {check_input} (sha256 {actual[:12]}…)"
            )
    entries = data.get("corrections")
    if not isinstance(entries, list):
        raise CorrectionsError(f"{path}: \"corrections\" must be a list")
    return Corrections(path=path, sha256=str(digest), items=tuple(_entry(path, number, entry) for number, entry in enumerate(entries, 1)))


def _entry(path: Path, number: int, entry: object) -> Correction:
    def bad(why: str) -> CorrectionsError:
        return CorrectionsError(f"{path}: correction {number}: {why}")

    if not isinstance(entry, dict):
        raise bad("not an object")
    page, box, size = entry.get("page"), entry.get("box"), entry.get("page_size")
    if not isinstance(page, int) or page < 1:
        raise bad("\"page\" must be a page number")
    if box is not None and not (isinstance(box, list) and len(box) == 4 and all(isinstance(v, (int, float)) for v in box)):
        raise bad("\"box\" must be [left, top, width, height] or null")
    if size is not None and not (isinstance(size, list) and len(size) == 2 and all(isinstance(v, (int, float)) and v > 0 for v in size)):
        raise bad("\"page_size\" must be [width, height]")
    block, start = entry.get("block"), entry.get("start")
    if box is None and not (isinstance(block, int) and isinstance(start, int)):
        raise bad("needs a \"box\", or \"block\" and \"start\"")
    previous, new, action = entry.get("previous"), entry.get("new"), entry.get("action", CORRECTED)
    if not isinstance(previous, str) or not isinstance(new, str):
        raise bad("\"previous\" and \"new\" must be text")
    if not new.strip() or any(char.isspace() for char in new.strip()) or new != new.strip():
        raise bad(f"\"new\" must be one word without spaces, not {new!r}")
    if action not in (CONFIRMED, CORRECTED):
        raise bad(f"\"action\" must be {CONFIRMED!r} or {CORRECTED!r}")
    return Correction(
        page=page,
        box=None if box is None else BBox(*(int(round(v)) for v in box)),
        page_size=None if size is None else (int(size[0]), int(size[1])),
        block=block if isinstance(block, int) else None,
        start=start if isinstance(start, int) else None,
        previous=previous,
        new=new,
        action=action,
    )


# --- applying -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Target:
    """What a correction lands on: an existing token (index) or a page word the restorer left alone."""

    token: int | None
    span: WordSpan | None
    page: int
    bbox: BBox | None
    block: int
    start: int


def apply_corrections(document: Document, cleaned: Cleaned, restored: Restored, corrections: Corrections) -> Restored:
    """The repair result with every correction in it; words settled by a person are no longer flagged.

    Each correction replaces the restorer's decision for the token under its box (or, for a word
    the restorer did not touch, becomes a decision of its own); ``reviewed`` records which. The
    text (and the ``[[ ]]`` marked text) of the affected lines is rebuilt from the input line and the
    decisions, as the restorer builds it. Raises CorrectionsError before changing anything when a
    correction matches no word.
    """
    spans = map_words(document, cleaned)
    places = place_tokens(restored.tokens, spans)
    targets = _targets(restored.tokens, spans, places)
    sizes = {page.number: (page.width, page.height) for page in document.pages}
    chosen: dict[tuple[int, int], tuple[_Target, Correction]] = {}
    for number, item in enumerate(corrections.items, 1):
        if item.page not in sizes:
            # A page not read this time (--pages, or a page that failed): nothing to correct there.
            log.info("correction %d is for page %d, which this run did not read", number, item.page)
            continue
        target = _match(item, targets, sizes.get(item.page))
        if target is None:
            where = f"box {[item.box.left, item.box.top, item.box.width, item.box.height]}" if item.box else f"block {item.block}, offset {item.start}"
            raise CorrectionsError(
                f"{corrections.path}: correction {number} (page {item.page}, {where}, {item.previous!r} -> {item.new!r}) matches no word of this input"
            )
        chosen[(target.block, target.start)] = (target, item)  # a later entry for the same word wins
    tokens = list(restored.tokens)
    added: list[TokenRepair] = []
    for target, item in chosen.values():
        if target.token is not None:
            tokens[target.token] = replace(tokens[target.token], restored=item.new, flag="", flagged=False, reviewed=item.action)
        else:
            span = target.span
            added.append(TokenRepair(line=span.block, start=span.start, end=span.end, original=span.text, restored=item.new, confidence=1.0, reviewed=item.action))
    tokens = sorted(tokens + added, key=lambda token: (token.line, token.start))
    lines = restored.text.split("\n")
    marked = restored.marked.split("\n")
    inputs = cleaned.text.split("\n")
    for block in {target.block for target, _ in chosen.values()}:
        on_line = [token for token in tokens if token.line == block]
        lines[block] = _rebuild(inputs[block], on_line, mark=False)
        marked[block] = _rebuild(inputs[block], on_line, mark=True)
    return Restored(text="\n".join(lines), tokens=tuple(tokens), marked_text="\n".join(marked))


def _targets(tokens: tuple[TokenRepair, ...], spans: tuple[WordSpan, ...], places: dict[int, TokenPlace]) -> list[_Target]:
    targets = [
        _Target(token=index, span=None, page=place.page, bbox=place.bbox, block=tokens[index].line, start=tokens[index].start)
        for index, place in places.items()
    ]
    covered = {(span.block, span.start) for place in places.values() for span in place.words}
    # Words with no token (a number, a code, a word the restorer never considered) can be corrected too.
    targets.extend(
        _Target(token=None, span=span, page=span.page, bbox=span.bbox, block=span.block, start=span.start)
        for span in spans
        if (span.block, span.start) not in covered
    )
    return targets


def _match(item: Correction, targets: list[_Target], size: tuple[int, int] | None) -> _Target | None:
    if item.box is None:
        return next((t for t in targets if t.block == item.block and t.start == item.start and t.page == item.page), None)
    box = item.box
    if item.page_size and size and size[0] and tuple(item.page_size) != tuple(size):
        sx, sy = size[0] / item.page_size[0], size[1] / item.page_size[1]
        box = BBox(round(box.left * sx), round(box.top * sy), round(box.width * sx), round(box.height * sy))
    best, best_overlap = None, MIN_OVERLAP
    for target in targets:
        if target.page != item.page or target.bbox is None:
            continue
        overlap = _iou(box, target.bbox)
        if overlap > best_overlap or (best is not None and overlap == best_overlap and target.token is not None and best.token is None):
            best, best_overlap = target, overlap
    return best


def _iou(a: BBox, b: BBox) -> float:
    width = min(a.right, b.right) - max(a.left, b.left)
    height = min(a.bottom, b.bottom) - max(a.top, b.top)
    if width <= 0 or height <= 0:
        return 0.0
    inter = width * height
    return inter / (a.width * a.height + b.width * b.height - inter)


def _rebuild(line: str, tokens: list[TokenRepair], *, mark: bool) -> str:
    # The restorer writes each token's decision over its span and keeps every character between.
    out, cursor = [], 0
    for token in sorted(tokens, key=lambda t: t.start):
        if token.start < cursor:
            continue
        out.append(line[cursor : token.start])
        out.append(f"{FLAG_OPEN}{token.restored}{FLAG_CLOSE}" if mark and token.flagged else token.restored)
        cursor = token.end
    out.append(line[cursor:])
    return "".join(out)


# --- into a user lexicon --------------------------------------------------------------------------


@dataclass(frozen=True)
class LexiconUpdate:
    """What ``vnreport lexicon add`` did: the terms added, and corrected words it had no use for."""

    added: tuple[str, ...]
    known: tuple[str, ...]  # already in the file
    syllables: tuple[str, ...]  # Vietnamese syllables: a user lexicon cannot change how they are read


def lexicon_update(corrections: list[Corrections], existing: list[str]) -> LexiconUpdate:
    """The corrected words worth a place in a user lexicon, in the order they were corrected.

    A user lexicon keeps single words that are no Vietnamese syllable as they are (names, foreign
    words, codes: "Zalo", "eGov"): that is what a corrected word can teach later runs. A corrected
    syllable ("triển") is no such term; the restorer would not read the lexicon entry for it, so
    it is reported, not added.
    """
    from vnreport.diacritics import orthography

    have = {term.casefold() for term in existing}
    added: list[str] = []
    known: list[str] = []
    syllables: list[str] = []
    for item in (item for loaded in corrections for item in loaded.items if item.action == CORRECTED):
        word = item.new.strip(".,;:!?()[]\"'«»“”")
        if not word:
            continue
        if orthography.is_syllable(word):
            syllables.append(word)
        elif word.casefold() in have:
            known.append(word)
        else:
            have.add(word.casefold())
            added.append(word)
    return LexiconUpdate(tuple(added), tuple(known), tuple(syllables))

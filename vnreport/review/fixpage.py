"""The review page of ``vnreport fix``: each page's scan with boxes over the words the restorer
changed or flagged, the repaired text beside it, and a keyboard-first editor that saves corrections.

The page is built from data the run already has: the OCR words with their boxes
(:class:`vnreport.models.Document`), the cleaned blocks, and the restorer's decision for every token
(:class:`vnreport.diacritics.TokenRepair`: what OCR read, what was chosen, the other candidates with
their probabilities, the flag). :mod:`vnreport.review.words` puts each decision on the scan.
"""

from __future__ import annotations

import base64
import io
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

from vnreport.cleanup import Cleaned
from vnreport.corrections import FORMAT, VERSION
from vnreport.diacritics import Restored
from vnreport.models import Document
from vnreport.errors import BadArgsError
from vnreport.output import check_output_target, write_text_atomic
from vnreport.review.html import render_page
from vnreport.review.words import map_words, place_tokens

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ImageOptions:
    """How page images are embedded: rasterised at ``dpi`` (PDFs), at most ``max_width`` pixels wide,
    grey JPEG at ``quality``. 100 dpi A4 is about 830 px, where tone marks are still legible (a
    median filter, which would halve the size of a speckled photocopy, wipes them out); the bundled
    sample scan takes about 170 kB a page."""

    dpi: int = 100
    max_width: int = 1000
    quality: int = 60


def review_data(document: Document, cleaned: Cleaned, restored: Restored, *, input_name: str, sha256: str) -> dict:
    """The page's data: pages, reviewable items (changed, flagged or already reviewed tokens) placed
    on the scan, and the repaired text of each block cut into plain parts and item references."""
    spans = map_words(document, cleaned)
    places = place_tokens(restored.tokens, spans)
    items: list[dict] = []
    by_block: dict[int, list[tuple[int, object]]] = {}
    for index, token in enumerate(restored.tokens):
        if not (token.changed or token.flagged or token.reviewed):
            continue
        place = places.get(index)
        page = place.page if place else (cleaned.blocks[token.line].page if token.line < len(cleaned.blocks) else 0)
        box = place.bbox if place else None
        item = {
            "id": len(items),
            "page": page,
            "box": None if box is None else [box.left, box.top, box.width, box.height],
            "block": token.line,
            "start": token.start,
            "ocr": token.original,
            "chosen": token.restored,
            "conf": token.confidence,
            "flag": token.flag or "",
            "alts": [[text, probability] for text, probability in token.alternatives],
            "reviewed": token.reviewed or "",
        }
        items.append(item)
        by_block.setdefault(token.line, []).append((index, item))
    lines = restored.text.split("\n")
    blocks = []
    for number, block in enumerate(cleaned.blocks):
        line = lines[number] if number < len(lines) else block.text
        blocks.append({"page": block.page, "kind": block.kind.value, "parts": _parts(line, restored, by_block.get(number, []))})
    pages = [{"n": page.number, "w": page.width, "h": page.height} for page in document.pages]
    return {"format": FORMAT, "version": VERSION, "input": {"name": input_name, "sha256": sha256}, "pages": pages, "items": items, "blocks": blocks}


def _parts(line: str, restored: Restored, entries: list[tuple[int, dict]]) -> list:
    """The output line as text pieces and item ids; offsets move by each earlier token's change in length."""
    parts: list = []
    shift, cursor = 0, 0
    tokens = restored.tokens
    wanted = {index: item for index, item in entries}
    for index, token in _tokens_on_line(tokens, entries):
        start = token.start + shift
        end = start + len(token.restored)
        if index in wanted and start >= cursor and line[start:end] == token.restored:
            if start > cursor:
                parts.append(line[cursor:start])
            parts.append(wanted[index]["id"])
            cursor = end
        shift += len(token.restored) - (token.end - token.start)
    if cursor < len(line):
        parts.append(line[cursor:])
    return parts


def _tokens_on_line(tokens, entries) -> Iterable:
    if not entries:
        return []
    line = tokens[entries[0][0]].line
    return sorted(((index, token) for index, token in enumerate(tokens) if token.line == line), key=lambda pair: pair[1].start)


def page_images(numbers: Iterable[int], load: Callable[[int], Image.Image], options: ImageOptions = ImageOptions()) -> dict[int, str]:
    """Base64 JPEG of each page, downscaled; a page that cannot be loaded is left out (logged)."""
    images: dict[int, str] = {}
    for number in numbers:
        try:
            image = load(number)
        except Exception as exc:  # the review page is an extra: a page without its image is still reviewable
            log.warning("review page: no image for page %d (%s)", number, exc)
            continue
        try:
            images[number] = encode_image(image, options)
        finally:
            image.close()
    return images


def encode_image(image: Image.Image, options: ImageOptions = ImageOptions()) -> str:
    """A page image as base64 grey JPEG no wider than ``options.max_width``."""
    grey = image.convert("L")
    if grey.width > options.max_width:
        grey = grey.resize((options.max_width, max(1, round(grey.height * options.max_width / grey.width))), Image.LANCZOS)
    buffer = io.BytesIO()
    grey.save(buffer, "JPEG", quality=options.quality, optimize=True)
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def write_fix_review(target: Path, data: dict, images: dict[int, str], *, protect: tuple[Path, ...] = ()) -> None:
    """Write the review page atomically."""
    title = f"Review: {data['input']['name']}"
    write_text_atomic(target, render_page("fix", title, data, images), protect=protect)



def check_review_target(review: Path, output: str, input_path: Path) -> None:
    """Before any work: the review page can be written, and is neither the input nor the output."""
    if output != "-" and Path(review).resolve() == Path(output).resolve():
        raise BadArgsError(f"--review {review} is the output file too; give the review page a name of its own")
    check_output_target(review, protect=(Path(input_path),))


def write_review(
    target: Path,
    *,
    input_path: Path,
    document: Document,
    cleaned: Cleaned,
    restored: Restored,
    load_image: Callable[[int], Image.Image] | None,
    options: ImageOptions = ImageOptions(),
) -> None:
    """Build the review page of one ``vnreport fix`` run and write it atomically.

    ``load_image(n)`` gives page n's image at any resolution (boxes are placed relative to the OCR
    page size); None for text input, whose page has text only.
    """
    from vnreport.corrections import file_sha256

    data = review_data(document, cleaned, restored, input_name=Path(input_path).name, sha256=file_sha256(input_path))
    images = page_images([page.number for page in document.pages], load_image, options) if load_image else {}
    write_fix_review(target, data, images, protect=(Path(input_path),))

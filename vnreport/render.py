"""Output formats of ``vnreport fix``: plain text, Markdown, and JSON with OCR and repair details."""

from __future__ import annotations

import json
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

import regex

from vnreport.cleanup import Block, BlockKind, Cleaned
from vnreport.diacritics import Restored
from vnreport.models import BBox, Document, Page

JSON_FORMAT_VERSION = 1


class OutputFormat(str, Enum):
    """``--format`` values."""

    TXT = "txt"
    MD = "md"
    JSON = "json"
    PDF = "pdf"  # a searchable PDF: the page images with the text as an invisible layer (pdfout.py)


@dataclass(frozen=True)
class PageFailure:
    """A page that could not be read; the rest of the document is still rendered."""

    page: int
    message: str


def final_blocks(cleaned: Cleaned, restored: Restored, *, mark_flagged: bool = False) -> tuple[Block, ...]:
    """The cleaned blocks carrying the repaired text (one block per line of ``restored.text``, or of
    ``restored.marked`` with ``mark_flagged``).

    The restorer keeps line breaks; if it ever did not, the repaired lines are kept as paragraphs so
    no repaired text is lost.
    """
    lines = (restored.marked if mark_flagged else restored.text).split("\n")
    if len(lines) == len(cleaned.blocks):
        return tuple(Block(kind=block.kind, text=line, page=block.page) for block, line in zip(cleaned.blocks, lines))
    return tuple(Block(kind=BlockKind.PARAGRAPH, text=line, page=0) for line in lines if line.strip())


def render_txt(blocks: tuple[Block, ...]) -> str:
    """One block per line: each paragraph reflowed on one line, headings/list items/rows on their own."""
    return "".join(f"{block.text}\n" for block in blocks)


def render_md(blocks: tuple[Block, ...]) -> str:
    """Markdown: headings as ``##``, runs of table rows in a fenced block, a blank line between blocks."""
    out: list[str] = []
    rows: list[str] = []

    def flush_rows() -> None:
        if rows:
            out.append("```\n" + "\n".join(rows) + "\n```")
            rows.clear()

    for block in blocks:
        if block.kind is BlockKind.TABLE_ROW:
            rows.append(block.text)
            continue
        flush_rows()
        if block.kind is BlockKind.HEADING:
            out.append(f"## {_escape_md(block.text)}")
        elif block.kind is BlockKind.LIST_ITEM:
            out.append(block.text)  # "- ", "+ ", "1." and "a)" read as lists in Markdown already
        else:
            out.append(_escape_md(block.text))
    flush_rows()
    return "\n\n".join(out) + ("\n" if out else "")


def _escape_md(text: str) -> str:
    # Only what would change meaning at the start of a line: a heading, a quote, a list or a rule.
    return regex.sub(r"^([#>*+\-=|`])", r"\\\1", text)


def render_json(
    document: Document,
    cleaned: Cleaned,
    restored: Restored,
    *,
    failures: tuple[PageFailure, ...] = (),
) -> str:
    """Pages, lines and words with OCR confidences; the cleaned, repaired text; the repairs made.

    ``repairs`` lists the TokenRepair records that changed a token or were flagged; their ``line``
    is a 0-based line index of ``text``.
    """
    dropped = {(line.page, line.line): line.reason for line in cleaned.dropped}
    blocks = final_blocks(cleaned, restored)
    payload = {
        "format_version": JSON_FORMAT_VERSION,
        "source": document.source,
        "text": render_txt(blocks),
        "blocks": [{"kind": block.kind.value, "page": block.page, "text": block.text} for block in blocks],
        "pages": [_page_json(page, dropped) for page in document.pages],
        "repairs": [token.as_json() for token in restored.tokens if token.changed or token.flagged or token.reviewed],
        "failed_pages": [{"page": failure.page, "error": failure.message} for failure in failures],
    }
    return json.dumps(payload, ensure_ascii=False, indent=1) + "\n"


def _bbox(box: BBox | None) -> list[int] | None:
    return None if box is None else [box.left, box.top, box.width, box.height]


def _page_json(page: Page, dropped: dict[tuple[int, int], str]) -> dict:
    return {
        "number": page.number,
        "width": page.width,
        "height": page.height,
        "dpi": page.dpi,
        "lines": [
            {
                "text": line.text,
                "bbox": _bbox(line.bbox),
                "dropped": dropped.get((page.number, index)),
                "words": [
                    {"text": word.text, "confidence": word.confidence, "bbox": _bbox(word.bbox)} for word in line.words
                ],
            }
            for index, line in enumerate(page.lines)
        ],
    }


def render(
    fmt: OutputFormat,
    document: Document,
    cleaned: Cleaned,
    restored: Restored,
    *,
    failures: tuple[PageFailure, ...] = (),
    mark_flagged: bool = False,
) -> str:
    """Render the result in ``fmt``; ``mark_flagged`` writes flagged words as ``[[word]]`` in txt
    and md (JSON lists the flags per repair, with offsets that fit its unmarked ``text``)."""
    if fmt is OutputFormat.JSON:
        return render_json(document, cleaned, restored, failures=failures)
    blocks = final_blocks(cleaned, restored, mark_flagged=mark_flagged)
    return render_md(blocks) if fmt is OutputFormat.MD else render_txt(blocks)


def guess_format(output: str, explicit: str | None) -> OutputFormat:
    """``--output-type``/``--format`` if given, else from the output's extension (.md, .json, .pdf), else txt."""
    if explicit:
        return OutputFormat(explicit)
    suffix = Path(output).suffix.lower() if output != "-" else ""
    return {".md": OutputFormat.MD, ".json": OutputFormat.JSON, ".pdf": OutputFormat.PDF}.get(suffix, OutputFormat.TXT)

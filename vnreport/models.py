"""Small immutable records passed between pipeline stages (stdlib only).

Boxes, words and lines use ``__slots__``: a document holds one of each per OCR word, and without a
``__dict__`` each takes about half the memory (a 100-page run holds some 40,000 words).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class BBox:
    """A box in page pixels: left, top, width, height."""

    left: int
    top: int
    width: int
    height: int

    @property
    def right(self) -> int:
        return self.left + self.width

    @property
    def bottom(self) -> int:
        return self.top + self.height


@dataclass(frozen=True, slots=True)
class Word:
    """One OCR word. ``bbox`` and ``confidence`` are None for text that did not come from OCR."""

    text: str
    bbox: BBox | None = None
    confidence: float | None = None  # Tesseract's 0..100


@dataclass(frozen=True, slots=True)
class Line:
    """One line of text as read from the page, words in reading order."""

    words: tuple[Word, ...]
    bbox: BBox | None = None
    block: int = 0  # Tesseract block number; paragraph breaks often follow block changes

    @property
    def text(self) -> str:
        return " ".join(word.text for word in self.words)


@dataclass(frozen=True)
class Page:
    """One page of OCR output (or of a text file, split on form feeds)."""

    number: int  # 1-based page number in the input
    lines: tuple[Line, ...]
    width: int = 0
    height: int = 0
    dpi: int | None = None

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)


@dataclass(frozen=True)
class Document:
    """All pages read from one input."""

    source: str
    pages: tuple[Page, ...] = field(default_factory=tuple)

"""The OCR seam: what a page task needs from an OCR engine, and the real one (Tesseract).

``fix`` and ``tables`` page tasks both take an :class:`OcrEngine`, so tests run either recipe with
a fake engine (``tests/fakes/ocr.py``) through the real execution layer. Engines are pickled into
worker processes and Dask workers: keep them small, plain data.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from PIL import Image

from vnreport import ocr
from vnreport.config import OcrConfig
from vnreport.header import reread_header
from vnreport.layout import in_reading_order, reread_signature
from vnreport.models import Page
from vnreport.specks import split_joined_words


class OcrEngine(Protocol):
    """What the pipeline needs from an OCR engine. Instances are pickled to worker processes."""

    def probe(self, lang: str) -> None:
        """Raise DependencyError unless the engine and every language of ``lang`` are installed."""

    def read(self, image: Image.Image, *, page_number: int, config: OcrConfig) -> Page:
        """Read one page image (or a composite of table cells)."""


@dataclass(frozen=True)
class TesseractEngine:
    """The real engine: Tesseract through :mod:`vnreport.ocr`.

    reread_header: read an administrative header block again column by column, and put a two-column
    stretch in reading order (``vnreport/layout.py``), for ``fix``, which reads whole pages;
    ``tables`` reads composites of cells, which have neither, and turns it off.
    """

    reread_header: bool = True

    def probe(self, lang: str) -> None:
        ocr.require_languages(lang)

    def read(self, image: Image.Image, *, page_number: int, config: OcrConfig) -> Page:
        if not self.reread_header:
            return ocr.ocr_page(image, page_number=page_number, config=config)

        def read(crop: Image.Image, crop_config: OcrConfig) -> Page:
            # Two syllables joined by a speck ("biện.pháp") are two words (vnreport/specks.py).
            return split_joined_words(ocr.ocr_page(crop, page_number=page_number, config=crop_config))

        page = read(image, config)
        # The steps below look at the page, and read its crops, in grey: convert it once, not in each
        # (their convert("L") of a grey image is only a copy).
        gray = image.convert("L")
        # An administrative header block is read again column by column (vnreport/header.py).
        page = reread_header(gray, page, config=config, read=read)
        # Two columns come out column by column, not line by line across the page, and so does the
        # signature block ("Nơi nhận" beside the signature) (vnreport/layout.py).
        page = in_reading_order(gray, page, config=config, read=read)
        return reread_signature(gray, page, config=config, read=read)

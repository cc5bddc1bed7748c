"""Fake OCR engines for fast pipeline tests.

They are module-level classes holding only plain data, so the pipeline can pickle them into its
worker processes exactly as it does the real TesseractEngine.
"""

from __future__ import annotations

from dataclasses import dataclass

from PIL import Image

from vnreport.config import OcrConfig
from vnreport.errors import DependencyError, InputError
from vnreport.models import BBox, Line, Page, Word


@dataclass(frozen=True)
class ScriptedEngine:
    """Returns ``pages[n - 1]`` as the text of page n, one line per text line, with made-up boxes.

    ``fail_pages`` raise InputError (a page Tesseract cannot read); ``missing`` makes probe fail
    like an uninstalled Tesseract. Every word gets confidence 90 and a box on a 40-pixel grid.
    """

    pages: tuple[str, ...]
    fail_pages: tuple[int, ...] = ()
    missing: bool = False

    def probe(self, lang: str) -> None:
        if self.missing:
            raise DependencyError("Tesseract is not installed or not on PATH", hint="sudo apt-get install tesseract-ocr")

    def read(self, image: Image.Image, *, page_number: int, config: OcrConfig) -> Page:
        if page_number in self.fail_pages:
            raise InputError(f"page {page_number}: Tesseract failed: scripted failure")
        lines = []
        for row, text in enumerate(self.pages[page_number - 1].splitlines()):
            words = []
            x = 100
            for token in text.split():
                width = 20 * len(token)
                words.append(Word(text=token, bbox=BBox(x, 100 + 60 * row, width, 40), confidence=90.0))
                x += width + 20
            if words:
                lines.append(Line(words=tuple(words), bbox=BBox(100, 100 + 60 * row, x - 120, 40)))
        return Page(number=page_number, lines=tuple(lines), width=image.width, height=image.height, dpi=config.dpi)


@dataclass(frozen=True)
class DyingEngine(ScriptedEngine):
    """A ScriptedEngine whose process dies (SIGKILL, as when a machine is lost) the first time it
    reads ``die_on_page``; ``flag`` records that it happened, so the retried task succeeds."""

    die_on_page: int = 1
    flag: str = ""

    def read(self, image: Image.Image, *, page_number: int, config: OcrConfig) -> Page:
        import os
        import signal
        from pathlib import Path

        if page_number == self.die_on_page and self.flag and not Path(self.flag).exists():
            Path(self.flag).write_text(str(os.getpid()), encoding="utf-8")
            os.kill(os.getpid(), signal.SIGKILL)
        return super().read(image, page_number=page_number, config=config)

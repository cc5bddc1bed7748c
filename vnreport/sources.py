"""One input, sniffed once, as one source type per kind: PDF, image file or text.

:meth:`Source.open` reads the file's first bytes once and returns a :class:`PdfSource`,
:class:`ImageSource` or :class:`TextSource`. Each counts its own pages and gives page n, so the
recipes ask a source what it needs instead of testing the input kind at every step:

- :meth:`Source.probe`: the tools this input needs (Poppler and Tesseract, Tesseract, nothing);
- :meth:`Source.page_count`: pages of a PDF, frames of an image, form-feed pages of a text;
- :meth:`Source.read_page`: page n as a :class:`~vnreport.models.Page`: rasterised and OCR'd for
  PDFs and images, split into lines for text (already OCR output);
- :meth:`Source.load_page`: page n as an image (PDFs and images; the review page and ``tables``).

A source is small and picklable: page tasks carry it to worker processes and Dask workers, which
load only their own page. ``digest`` (the SHA-256 of the file) is set by batch runs; the Dask
backend uses it to ship the file's bytes to workers once, and the resume stamps to tell whether an
input changed.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from PIL import Image

from vnreport.cleanup import CleanupConfig, text_to_pages
from vnreport.config import OcrConfig
from vnreport.errors import InputError
from vnreport.inputs import InputKind, read_text_input, sniff_input
from vnreport.models import Page
from vnreport.rasterize import image_page_count, load_image_page, page_dpi, pdf_page_count, probe_poppler, render_pdf_page

if TYPE_CHECKING:
    from vnreport.engine import OcrEngine

_HASH_CHUNK = 1 << 20


@dataclass(frozen=True)
class Source:
    """An input file of one kind (decided once, from its first bytes); use :meth:`open`.

    ``kind``: what the file is. ``has_pages``: its pages are images to OCR (PDFs and images);
    text is already OCR output. ``rasterised``: pages are drawn at ``--dpi`` (PDFs), so a page
    read at a lower resolution was too large for it.
    """

    path: Path
    digest: str = ""

    kind: ClassVar[InputKind]
    has_pages: ClassVar[bool] = True
    rasterised: ClassVar[bool] = False

    @staticmethod
    def open(path: Path, *, digest: bool = False, kind: InputKind | None = None) -> Source:
        """Sniff ``path`` (InputError for anything unreadable) and return the source of its kind;
        ``digest`` also hashes its content. ``kind``: already sniffed (a batch sniffs its inputs
        once, before any work, to know which tools to check), so not sniffed again."""
        path = Path(path)
        kind = kind or sniff_input(path)
        cls = {InputKind.PDF: PdfSource, InputKind.IMAGE: ImageSource, InputKind.TEXT: TextSource}[kind]
        return cls(path=path, digest=file_digest(path) if digest else "")

    def probe(self, lang: str, engine: OcrEngine) -> None:
        """Raise DependencyError (with the install command) unless the tools this input needs are there."""
        engine.probe(lang)

    def page_count(self, cleanup: CleanupConfig = CleanupConfig()) -> int:
        """How many pages the input has (InputError for a corrupt or encrypted file)."""
        raise NotImplementedError

    def load_page(self, number: int, *, dpi: int) -> Image.Image:
        """Page ``number`` (1-based) as an image; ``image.info["dpi"]`` is the resolution to give Tesseract."""
        raise InputError(f"{self.path} is text, not a page image or PDF")

    def read_page(self, number: int, *, config: OcrConfig, engine: OcrEngine, cleanup: CleanupConfig = CleanupConfig()) -> Page:
        """Page ``number`` as lines of words: the page image rasterised and read by ``engine``."""
        image = self.load_page(number, dpi=config.dpi)
        try:
            return engine.read(image, page_number=number, config=page_config(image, config))
        finally:
            image.close()


@dataclass(frozen=True)
class PdfSource(Source):
    """A PDF: pages counted by Poppler's pdfinfo and rasterised one at a time at ``--dpi``."""

    kind: ClassVar[InputKind] = InputKind.PDF
    rasterised: ClassVar[bool] = True

    def probe(self, lang: str, engine: OcrEngine) -> None:
        probe_poppler()
        engine.probe(lang)

    def page_count(self, cleanup: CleanupConfig = CleanupConfig()) -> int:
        return pdf_page_count(self.path)

    def load_page(self, number: int, *, dpi: int) -> Image.Image:
        return render_pdf_page(self.path, number, dpi=dpi)


@dataclass(frozen=True)
class ImageSource(Source):
    """A PNG, JPEG or TIFF file: one page per image, or per frame of a multi-frame TIFF."""

    kind: ClassVar[InputKind] = InputKind.IMAGE

    def page_count(self, cleanup: CleanupConfig = CleanupConfig()) -> int:
        return image_page_count(self.path)

    def load_page(self, number: int, *, dpi: int) -> Image.Image:
        return load_image_page(self.path, number)


@dataclass(frozen=True)
class TextSource(Source):
    """UTF-8 text that is already OCR output: pages split at form feeds (or runs of blank lines).

    The file is read and split once per cleanup setting, however many pages are asked for.
    """

    kind: ClassVar[InputKind] = InputKind.TEXT
    has_pages: ClassVar[bool] = False
    _split: dict[CleanupConfig, tuple[Page, ...]] = field(default_factory=dict, init=False, repr=False, compare=False)

    def probe(self, lang: str, engine: OcrEngine) -> None:
        return  # already OCR output: neither Poppler nor Tesseract is needed

    def text(self) -> str:
        """The whole text, unsplit (InputError unless it is UTF-8): ``tables`` finds its tables in it."""
        return read_text_input(self.path)

    def pages(self, cleanup: CleanupConfig = CleanupConfig()) -> tuple[Page, ...]:
        """Every page of the text (InputError unless it is UTF-8)."""
        if cleanup not in self._split:
            self._split[cleanup] = text_to_pages(self.text(), cleanup)
        return self._split[cleanup]

    def page_count(self, cleanup: CleanupConfig = CleanupConfig()) -> int:
        return len(self.pages(cleanup))

    def read_page(self, number: int, *, config: OcrConfig, engine: OcrEngine, cleanup: CleanupConfig = CleanupConfig()) -> Page:
        return self.pages(cleanup)[number - 1]


def file_digest(path: Path) -> str:
    """SHA-256 of a file's content, read in 1 MiB chunks."""
    digest = hashlib.sha256()
    with Path(path).open("rb") as handle:
        while chunk := handle.read(_HASH_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def page_config(image: Image.Image, config: OcrConfig, *, psm: int | None = None) -> OcrConfig:
    """The settings Tesseract gets for one page: the resolution of :func:`vnreport.rasterize.page_dpi`
    (``--dpi`` for PDFs, an image file's own when it states a plausible one) and the stage's psm
    (``fix`` reads whole pages, ``tables`` composites of cells). Both recipes use this one rule."""
    dpi = page_dpi(image, config.dpi)
    changes: dict[str, int] = {}
    if dpi != config.dpi:
        changes["dpi"] = dpi
    if psm is not None and psm != config.psm:
        changes["psm"] = psm
    return replace(config, **changes) if changes else config

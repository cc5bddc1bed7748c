"""One input, sniffed once: its kind, its pages, page n as an image.

A :class:`Source` is small and picklable: page tasks carry it to worker processes and Dask workers,
which load only their own page. ``digest`` (the SHA-256 of the file) is set by batch runs; the Dask
backend uses it to ship the file's bytes to workers once, and the resume stamps to tell whether an
input changed.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from pathlib import Path

from PIL import Image

from vnreport.config import OcrConfig
from vnreport.inputs import InputKind, sniff_input
from vnreport.rasterize import load_page, page_count, page_dpi

_HASH_CHUNK = 1 << 20


@dataclass(frozen=True)
class Source:
    """The input and what kind of file it is (decided once, from its first bytes)."""

    path: Path
    kind: InputKind
    digest: str = ""

    @classmethod
    def open(cls, path: Path, *, digest: bool = False) -> Source:
        """Sniff ``path`` (InputError for anything unreadable); ``digest`` also hashes its content."""
        path = Path(path)
        kind = sniff_input(path)
        return cls(path=path, kind=kind, digest=file_digest(path) if digest else "")

    @property
    def has_pages(self) -> bool:
        """PDFs and images have pages to rasterise and OCR; text is already OCR output."""
        return self.kind is not InputKind.TEXT

    def page_count(self) -> int:
        """Pages of a PDF or frames of an image (InputError for a corrupt or encrypted file)."""
        return page_count(self.path, self.kind)

    def load_page(self, number: int, *, dpi: int) -> Image.Image:
        """Page ``number`` (1-based); ``image.info["dpi"]`` is the resolution to give Tesseract."""
        return load_page(self.path, number, dpi=dpi, kind=self.kind)


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

"""The only module that talks to Tesseract (through pytesseract).

Tesseract runs one process per page with ``OMP_THREAD_LIMIT=1``: its OpenMP threads fight each
other when several pages run in parallel, and one thread per process is faster overall. Callers
that run pages in a process pool pass :func:`init_worker` as the pool's initializer, so the limit is
set in the workers only and never in the caller's own environment. The DPI is always passed
explicitly because rasterised PDF pages carry no resolution.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import pytesseract
from PIL import Image

from vnreport.config import OcrConfig
from vnreport.errors import DependencyError, InputError
from vnreport.models import BBox, Line, Page, Word

INSTALL_TESSERACT = "sudo apt-get install tesseract-ocr"


def _install_hint(lang: str) -> str:
    return f"sudo apt-get install tesseract-ocr-{lang}"


@dataclass(frozen=True)
class TesseractInfo:
    """What is installed: the Tesseract version and its language models."""

    version: str
    languages: tuple[str, ...]


def probe_tesseract() -> TesseractInfo:
    """Find Tesseract and list its languages; raise DependencyError with an install hint if absent."""
    try:
        version = str(pytesseract.get_tesseract_version())
        languages = tuple(sorted(pytesseract.get_languages(config="")))
    except pytesseract.TesseractNotFoundError as exc:
        raise DependencyError("Tesseract is not installed or not on PATH", hint=INSTALL_TESSERACT) from exc
    return TesseractInfo(version=version, languages=languages)


def require_languages(lang: str) -> TesseractInfo:
    """Check before page 1 that every language of ``lang`` (e.g. ``vie+eng``) is installed."""
    info = probe_tesseract()
    for code in lang.split("+"):
        if code not in info.languages:
            raise DependencyError(f"Tesseract language model '{code}' is not installed", hint=_install_hint(code))
    return info


def init_worker() -> None:
    """Process-pool initializer for OCR workers: one OpenMP thread per Tesseract process.

    pytesseract starts Tesseract with the worker's environment, so setting it here limits every
    Tesseract that this worker starts and leaves the parent process untouched.
    """
    os.environ["OMP_THREAD_LIMIT"] = "1"


def _tesseract_config(config: OcrConfig) -> str:
    # --oem 1: LSTM engine only; --dpi: images from pdf2image carry no resolution.
    return f"--oem 1 --psm {config.psm} --dpi {config.dpi}"


def ocr_page(image: Image.Image, *, page_number: int, config: OcrConfig) -> Page:
    """Read one page image into a Page of lines and words with boxes and confidences."""
    try:
        data = pytesseract.image_to_data(
            image,
            lang=config.lang,
            config=_tesseract_config(config),
            output_type=pytesseract.Output.DICT,
            timeout=config.timeout,
        )
    except pytesseract.TesseractNotFoundError as exc:
        raise DependencyError("Tesseract is not installed or not on PATH", hint=INSTALL_TESSERACT) from exc
    except RuntimeError as exc:  # pytesseract signals its timeout with a bare RuntimeError
        raise InputError(f"page {page_number}: Tesseract took longer than {config.timeout:.0f} s") from exc
    except pytesseract.TesseractError as exc:
        raise InputError(f"page {page_number}: Tesseract failed: {exc.message.strip() or exc.status}") from exc
    return Page(
        number=page_number,
        lines=_group_lines(data),
        width=image.width,
        height=image.height,
        dpi=config.dpi,
    )


def _group_lines(data: dict[str, list]) -> tuple[Line, ...]:
    """Group Tesseract's word rows by (block, paragraph, line) in reading order."""
    grouped: dict[tuple[int, int, int], list[Word]] = {}
    for i, text in enumerate(data["text"]):
        text = (text or "").strip()
        if not text:
            continue
        key = (int(data["block_num"][i]), int(data["par_num"][i]), int(data["line_num"][i]))
        box = BBox(int(data["left"][i]), int(data["top"][i]), int(data["width"][i]), int(data["height"][i]))
        grouped.setdefault(key, []).append(Word(text=text, bbox=box, confidence=float(data["conf"][i])))
    lines = []
    for (block, _par, _line), words in grouped.items():
        left = min(word.bbox.left for word in words)
        top = min(word.bbox.top for word in words)
        right = max(word.bbox.right for word in words)
        bottom = max(word.bbox.bottom for word in words)
        lines.append(Line(words=tuple(words), bbox=BBox(left, top, right - left, bottom - top), block=block))
    return tuple(lines)


def ocr_text(image: Image.Image, *, config: OcrConfig) -> str:
    """Plain text of one page image, in Tesseract's own layout (used to make training pairs)."""
    try:
        return pytesseract.image_to_string(image, lang=config.lang, config=_tesseract_config(config), timeout=config.timeout)
    except pytesseract.TesseractNotFoundError as exc:
        raise DependencyError("Tesseract is not installed or not on PATH", hint=INSTALL_TESSERACT) from exc
    except RuntimeError as exc:
        raise InputError(f"Tesseract took longer than {config.timeout:.0f} s") from exc
    except pytesseract.TesseractError as exc:
        raise InputError(f"Tesseract failed: {exc.message.strip() or exc.status}") from exc

"""The only module that talks to Tesseract.

**Thread rule** (one place, every path): every Tesseract process this module starts runs with
``OMP_THREAD_LIMIT=1`` in its own environment (:func:`tesseract_env`), whether the caller reads
pages one by one in-process (``--jobs 1``) or in a process pool. Tesseract's OpenMP threads fight
each other (futex time) when pages run in parallel, and on one page at a time they gain nothing
either: measured on the bundled sample, ``fix --jobs 1`` took 3x as long without the limit.
Parallelism comes from running pages side by side, which the callers decide. Nobody else needs to
set the variable; the caller's own environment is never changed.

Pages go to Tesseract on its standard input as uncompressed PNM and its TSV comes back on standard
output: no temporary files, and no PNG encoding of a 300-dpi page (pytesseract's way, which cost
about as long as a third of the OCR itself). pytesseract is still used to probe the installation.
The DPI is always passed explicitly because rasterised PDF pages carry no resolution.
"""

from __future__ import annotations

import csv
import io
import os
import subprocess
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


# The thread rule: one OpenMP thread per Tesseract process (see the module docstring).
TESSERACT_THREAD_LIMIT = "1"


def tesseract_env() -> dict[str, str]:
    """The environment every Tesseract process runs with: the caller's, plus the thread rule."""
    env = dict(os.environ)
    env["OMP_THREAD_LIMIT"] = TESSERACT_THREAD_LIMIT
    return env


def init_worker() -> None:
    """Process-pool initializer kept for callers that still pass it; nothing is needed any more.

    The thread limit is part of every Tesseract call (:func:`tesseract_env`), so a worker need not
    change its environment for it.
    """


def _tesseract_args(config: OcrConfig) -> list[str]:
    # --oem 1: LSTM engine only; --dpi: images from pdf2image carry no resolution.
    return ["-l", config.lang, "--oem", "1", "--psm", str(config.psm), "--dpi", str(config.dpi)]


def _pnm_bytes(image: Image.Image) -> bytes:
    """The image as uncompressed PNM (PGM for grey, PPM for colour): Leptonica reads it from stdin
    and it costs milliseconds to write, where PNG costs a second at 300 dpi."""
    if image.mode not in ("L", "RGB", "1"):
        image = image.convert("RGB")
    buffer = io.BytesIO()
    image.save(buffer, format="PPM")
    return buffer.getvalue()


def _run_tesseract(image: Image.Image, *, config: OcrConfig, output: tuple[str, ...], where: str) -> str:
    """Run Tesseract on ``image`` (stdin to stdout) with the thread rule; return its output text."""
    command = [pytesseract.pytesseract.tesseract_cmd, "stdin", "stdout", *_tesseract_args(config), *output]
    try:
        done = subprocess.run(
            command,
            input=_pnm_bytes(image),
            capture_output=True,
            env=tesseract_env(),
            timeout=config.timeout,
            check=False,
        )
    except FileNotFoundError as exc:
        raise DependencyError("Tesseract is not installed or not on PATH", hint=INSTALL_TESSERACT) from exc
    except subprocess.TimeoutExpired as exc:
        raise InputError(f"{where}Tesseract took longer than {config.timeout:.0f} s") from exc
    if done.returncode != 0:
        lines = [line.strip() for line in done.stderr.decode("utf-8", "replace").splitlines() if line.strip()]
        raise InputError(f"{where}Tesseract failed: {lines[-1] if lines else f'exit status {done.returncode}'}")
    return done.stdout.decode("utf-8", "replace")


def _parse_tsv(tsv: str) -> dict[str, list]:
    """Tesseract's TSV as columns (the shape pytesseract's ``Output.DICT`` has)."""
    # QUOTE_NONE: a word may be a lone '"'; Tesseract never quotes fields and never puts tabs in text.
    rows = list(csv.reader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE))
    if not rows:
        return {"text": []}
    header, body = rows[0], [row for row in rows[1:] if len(row) >= len(rows[0]) - 1]
    columns: dict[str, list] = {name: [] for name in header}
    for row in body:
        row = row + [""] * (len(header) - len(row))  # a row of an empty word may lack its text field
        for name, value in zip(header, row):
            columns[name].append(value)
    return columns


def ocr_page(image: Image.Image, *, page_number: int, config: OcrConfig) -> Page:
    """Read one page image into a Page of lines and words with boxes and confidences."""
    data = _parse_tsv(_run_tesseract(image, config=config, output=("tsv",), where=f"page {page_number}: "))
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
    return _run_tesseract(image, config=config, output=(), where="")

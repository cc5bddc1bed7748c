"""The only module that talks to Poppler (through pdf2image): page counts and page images.

Pages are rasterised one at a time (``first_page == last_page``), so a 300-page PDF never holds 300
page images in memory; a worker process asks for exactly the page it reads. Image inputs (PNG, JPEG,
TIFF) go through Pillow here too, so every caller gets pages the same way.
"""

from __future__ import annotations

import math
import re
import shutil
import subprocess
import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image, UnidentifiedImageError
from pdf2image import convert_from_path, pdfinfo_from_path
from pdf2image.exceptions import PDFInfoNotInstalledError, PDFPageCountError, PDFPopplerTimeoutError, PopplerNotInstalledError

from vnreport.errors import BadArgsError, DependencyError, InputError

INSTALL_POPPLER = "sudo apt-get install poppler-utils"
# pdfinfo answers in well under a second; a minute means Poppler is stuck on a broken file.
PDFINFO_TIMEOUT_S = 60
# Rendering one page at 300 dpi takes a second or two; allow a lot more for huge pages.
RENDER_TIMEOUT_S = 300
# The largest page image vnreport reads: Pillow's own limit (about 89 megapixels; it refuses twice
# that as a "decompression bomb"), far above an A3 page at 600 dpi (70 MP). Larger pages (A3 at
# 1200 dpi, a 200-inch poster at 100 dpi) are rasterised at the highest resolution that fits, and
# the pipeline says so; Tesseract would take minutes and gigabytes on them anyway.
MAX_PAGE_PIXELS = int(Image.MAX_IMAGE_PIXELS or 89_478_485)
# The lowest resolution vnreport reads at (--dpi's own lower bound): a page that fits only below it
# (larger than about 189 inches) is an error that names the resolution that would fit.
MIN_FITTING_DPI = 50


@dataclass(frozen=True)
class PopplerInfo:
    """The Poppler tools vnreport uses and their version."""

    version: str
    pdftoppm: str
    pdfinfo: str


def probe_poppler() -> PopplerInfo:
    """Find ``pdftoppm`` and ``pdfinfo``; raise DependencyError with the install command if absent."""
    pdftoppm, pdfinfo = shutil.which("pdftoppm"), shutil.which("pdfinfo")
    missing = [name for name, found in (("pdftoppm", pdftoppm), ("pdfinfo", pdfinfo)) if not found]
    if missing:
        raise DependencyError(f"Poppler is not installed ({', '.join(missing)} not on PATH)", hint=INSTALL_POPPLER)
    try:
        # `pdfinfo -v` prints "pdfinfo version 22.12.0" (to stderr in every release we know of).
        done = subprocess.run([pdfinfo, "-v"], capture_output=True, text=True, timeout=PDFINFO_TIMEOUT_S, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise DependencyError(f"Poppler's pdfinfo does not run: {exc}", hint=INSTALL_POPPLER) from exc
    match = re.search(r"version\s+(\S+)", done.stderr + done.stdout)
    return PopplerInfo(version=match.group(1) if match else "unknown", pdftoppm=pdftoppm, pdfinfo=pdfinfo)


def pdf_page_count(path: Path) -> int:
    """Number of pages of a PDF; InputError if it is corrupt or needs a password."""
    try:
        info = pdfinfo_from_path(str(path), timeout=PDFINFO_TIMEOUT_S)
    except (PDFInfoNotInstalledError, PopplerNotInstalledError) as exc:
        raise DependencyError("Poppler is not installed (pdfinfo not on PATH)", hint=INSTALL_POPPLER) from exc
    except PDFPopplerTimeoutError as exc:
        raise InputError(f"{path}: Poppler gave up reading this PDF after {PDFINFO_TIMEOUT_S} s") from exc
    except PDFPageCountError as exc:
        raise InputError(_pdfinfo_failure(path, str(exc))) from exc
    pages = int(info.get("Pages", 0))
    if pages < 1:
        raise InputError(f"{path}: the PDF has no pages")
    return pages


def _pdfinfo_failure(path: Path, message: str) -> str:
    """Turn pdfinfo's stderr into one line that says why the PDF cannot be read."""
    lowered = message.lower()
    if "password" in lowered or "encrypt" in lowered:
        return f"{path} is encrypted (password-protected); decrypt it first, e.g. qpdf --decrypt --password=... in.pdf out.pdf"
    detail = next((line.strip() for line in message.splitlines()[1:] if line.strip()), "")
    return f"{path} is not a readable PDF (corrupt or truncated){': ' + detail if detail else ''}"


def pdf_page_size(path: Path, page_number: int) -> tuple[float, float] | None:
    """The size in points of page ``page_number`` as Poppler renders it (turned by /Rotate), or None
    when pdfinfo does not say."""
    try:
        info = pdfinfo_from_path(str(path), timeout=PDFINFO_TIMEOUT_S, first_page=page_number, last_page=page_number)
    except (PDFInfoNotInstalledError, PopplerNotInstalledError) as exc:
        raise DependencyError("Poppler is not installed (pdfinfo not on PATH)", hint=INSTALL_POPPLER) from exc
    except (PDFPopplerTimeoutError, PDFPageCountError, ValueError):
        return None  # rendering will fail with the precise reason
    size = rotation = None
    for key, value in info.items():
        if re.fullmatch(r"Page\s+\d+ size", key):  # not "File size"
            size = re.match(r"\s*([\d.]+) x ([\d.]+)", str(value))
        elif re.fullmatch(r"Page\s+\d+ rot", key):
            rotation = str(value).strip()
    if size is None:
        return None
    width, height = float(size.group(1)), float(size.group(2))
    return (height, width) if rotation in ("90", "270") else (width, height)


def fitting_dpi(size_pt: tuple[float, float], dpi: int, *, limit: int = MAX_PAGE_PIXELS) -> int:
    """``dpi``, or the highest resolution at which a page of ``size_pt`` points has at most ``limit`` pixels."""

    def pixels(at: int) -> int:
        return math.ceil(size_pt[0] * at / 72) * math.ceil(size_pt[1] * at / 72)

    if pixels(dpi) <= limit:
        return dpi
    fitting = int(dpi * math.sqrt(limit / pixels(dpi)))
    while fitting > 1 and pixels(fitting) > limit:
        fitting -= 1
    return fitting


def render_pdf_page(path: Path, page_number: int, *, dpi: int) -> Image.Image:
    """Rasterise one page (1-based) of a PDF at ``dpi``, in grayscale.

    A page that would be larger than :data:`MAX_PAGE_PIXELS` at ``dpi`` is rasterised at the highest
    resolution that fits (``image.info["dpi"]`` says which); InputError if even
    :data:`MIN_FITTING_DPI` does not fit.
    """
    size = pdf_page_size(path, page_number)
    if size is not None:
        fitting = fitting_dpi(size, dpi)
        if fitting < MIN_FITTING_DPI:
            raise InputError(
                f"{path}: page {page_number} is {size[0] / 72:.0f} x {size[1] / 72:.0f} inches: at {dpi} dpi it would be over "
                f"{MAX_PAGE_PIXELS / 1e6:.0f} megapixels, and only {fitting} dpi or less would fit, below the {MIN_FITTING_DPI} dpi "
                f"vnreport reads at; split or scale the page down first"
            )
        dpi = fitting
    try:
        images = convert_from_path(
            str(path),
            dpi=dpi,
            first_page=page_number,
            last_page=page_number,
            grayscale=True,  # Tesseract binarises anyway; grey is a third of the memory of RGB
            timeout=RENDER_TIMEOUT_S,
        )
    except (PDFInfoNotInstalledError, PopplerNotInstalledError) as exc:
        raise DependencyError("Poppler is not installed (pdftoppm not on PATH)", hint=INSTALL_POPPLER) from exc
    except PDFPopplerTimeoutError as exc:
        raise InputError(f"{path}: page {page_number} took longer than {RENDER_TIMEOUT_S} s to rasterise") from exc
    except PDFPageCountError as exc:
        raise InputError(_pdfinfo_failure(path, str(exc))) from exc
    except Image.DecompressionBombError as exc:  # pdfinfo gave no size, or a wrong one
        raise InputError(f"{path}: page {page_number} is too large to read at {dpi} dpi ({exc}); try a lower --dpi") from exc
    if not images:
        # pdftoppm writes nothing (and pdf2image returns []) when the page cannot be drawn.
        raise InputError(f"{path}: page {page_number} could not be rasterised (corrupt page?)")
    image = images[0]
    image.info["dpi"] = (dpi, dpi)
    return image


def image_page_count(path: Path) -> int:
    """Number of frames of an image file (1 for PNG/JPEG, n for a multi-frame TIFF)."""
    with _open_image(path) as image:
        return int(getattr(image, "n_frames", 1))


def load_image_page(path: Path, page_number: int) -> Image.Image:
    """Frame ``page_number`` (1-based) of an image file, loaded and converted to L or RGB."""
    with _open_image(path) as image:
        try:
            image.seek(page_number - 1)
            image.load()
            frame = _to_ocr_mode(image)
        except EOFError as exc:
            raise InputError(f"{path} has no page {page_number}") from exc
        except (OSError, ValueError, SyntaxError) as exc:
            raise InputError(f"{path}: page {page_number} is corrupt or truncated ({exc})") from exc
        frame.info["dpi"] = _image_dpi(image)
        return frame


def check_page_selection(pages: tuple[int, ...] | None, total: int) -> tuple[int, ...]:
    """The pages to read: all of them when ``pages`` is None; BadArgsError for pages past the end."""
    if pages is None:
        return tuple(range(1, total + 1))
    beyond = [number for number in pages if number > total]
    if beyond:
        raise BadArgsError(f"--pages asks for page {beyond[0]} but the input has {total} page{'s' if total != 1 else ''}")
    return pages


def _open_image(path: Path) -> Image.Image:
    try:
        with warnings.catch_warnings():
            # Pillow warns (on stderr, several lines) between its limit and twice it; we say it once below.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(path)
    except FileNotFoundError as exc:
        raise InputError(f"{path} does not exist") from exc
    except Image.DecompressionBombError as exc:
        raise InputError(f"{path} is too large to be a page image ({exc})") from exc
    except (UnidentifiedImageError, OSError, SyntaxError) as exc:
        raise InputError(f"{path} is not a readable image (corrupt or truncated)") from exc
    if image.width * image.height > MAX_PAGE_PIXELS:
        size = f"{image.width} x {image.height}"
        image.close()
        raise InputError(f"{path} is {size} pixels, more than the {MAX_PAGE_PIXELS / 1e6:.0f} megapixels vnreport reads in one page; scale it down first")
    return image


def page_dpi(image: Image.Image, default: int) -> int:
    """The one resolution rule: the resolution to give Tesseract for a page from :meth:`vnreport.sources.Source.load_page`.

    A rasterised PDF page carries the resolution it was drawn at (``--dpi``, or lower for a page
    too large for it); an image file its own resolution when it states a plausible one (100-1200,
    :func:`load_image_page` leaves it out otherwise), else ``default`` (``--dpi``).
    """
    dpi = image.info.get("dpi")
    try:
        value = int(round(float(dpi[0])))
    except (TypeError, ValueError, IndexError):
        return default
    return value if MIN_FITTING_DPI <= value <= 1200 else default


def _image_dpi(image: Image.Image) -> tuple[int, int] | None:
    """The resolution stored in the file, or None when absent or implausible (e.g. 1x1 or 72 by default)."""
    dpi = image.info.get("dpi")
    try:
        x_dpi = int(round(float(dpi[0])))
    except (TypeError, ValueError, IndexError):
        return None
    # Screenshots and some converters store 72 or 96 dpi meaning "unknown"; a scan is at least 100.
    return (x_dpi, x_dpi) if 100 <= x_dpi <= 1200 else None


def _to_ocr_mode(image: Image.Image) -> Image.Image:
    """Convert any Pillow mode to L or RGB; transparency is flattened onto white paper."""
    if image.mode in ("L", "RGB"):
        return image.copy()
    if image.mode == "1":
        return image.convert("L")
    if image.mode in ("RGBA", "LA", "P", "PA") or "transparency" in image.info:
        rgba = image.convert("RGBA")
        paper = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return Image.alpha_composite(paper, rgba).convert("RGB")
    if image.mode.startswith("I") or image.mode == "F":  # 16/32-bit grey scans
        return _scale_to_8bit(image)
    return image.convert("RGB")


def _scale_to_8bit(image: Image.Image) -> Image.Image:
    """Stretch a 16/32-bit grey image to 8 bits (Pillow's own convert("L") clips at 255)."""
    pixels = np.asarray(image, dtype=np.float64)
    top = float(pixels.max()) or 1.0
    return Image.fromarray((pixels * (255.0 / top)).clip(0, 255).astype(np.uint8), mode="L")

"""What kind of input a file is, decided by its first bytes rather than its name.

A file named ``.pdf`` that does not start with ``%PDF-`` is rejected here, before Poppler or
Tesseract see it, so the user gets one clear line (exit 3) instead of a tool's stderr.
"""

from __future__ import annotations

import codecs
from enum import Enum
from pathlib import Path

from vnreport.errors import InputError


class InputKind(Enum):
    """The three inputs ``vnreport fix`` understands."""

    PDF = "pdf"
    IMAGE = "image"  # PNG, JPEG or TIFF (a multi-frame TIFF is one page per frame)
    TEXT = "text"  # UTF-8 text that is already OCR output


# Magic numbers: https://en.wikipedia.org/wiki/List_of_file_signatures
_IMAGE_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"II*\x00", "TIFF"),
    (b"MM\x00*", "TIFF"),
)
# Formats people try that vnreport does not read, named so the error says what the file is. (BMP's
# "BM" is left out: a text file may well start "BM-01", a form number; a real BMP has NUL bytes and
# is rejected as binary anyway.)
_OTHER_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"PK\x03\x04", "a ZIP archive (DOCX/XLSX/ODT?)"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office file"),
    (b"GIF8", "a GIF image"),
    (b"RIFF", "a RIFF file (WebP?)"),
    (b"\x1f\x8b", "a gzip file"),
    (b"{\\rtf", "an RTF document"),
)
# PDF readers accept the header anywhere in the first 1024 bytes (PDF 1.7 spec, annex H.3).
_PDF_HEADER_WINDOW = 1024
# Enough bytes to tell text from binary without reading a whole file.
_TEXT_PROBE_BYTES = 64 * 1024

_CLAIMED_BY_EXTENSION = {
    ".pdf": "PDF",
    ".png": "PNG",
    ".jpg": "JPEG",
    ".jpeg": "JPEG",
    ".tif": "TIFF",
    ".tiff": "TIFF",
}

SUPPORTED = "PDF, PNG, JPEG, TIFF or UTF-8 text (.txt)"


def sniff_input(path: Path) -> InputKind:
    """Return the kind of ``path`` from its magic bytes; raise InputError for anything else.

    Missing, unreadable, empty, mislabelled (``.pdf`` that is not a PDF) and unsupported files all
    raise :class:`InputError` (exit 3) with a one-line reason.
    """
    path = Path(path)
    head = _read_head(path)
    if not head:
        raise InputError(f"{path} is empty")
    claimed = _CLAIMED_BY_EXTENSION.get(path.suffix.lower())
    if b"%PDF-" in head[:_PDF_HEADER_WINDOW]:
        return InputKind.PDF
    for magic, _name in _IMAGE_MAGIC:
        if head.startswith(magic):
            return InputKind.IMAGE
    if claimed is not None:
        raise InputError(f"{path} is named like a {claimed} file but is not one (its first bytes do not match)")
    for magic, name in _OTHER_MAGIC:
        if head.startswith(magic):
            raise InputError(f"{path} is {name}: unsupported input type; vnreport reads {SUPPORTED}")
    if _looks_like_utf8_text(head):
        return InputKind.TEXT
    if path.suffix.lower() == ".txt":
        raise InputError(f"{path} is not UTF-8 text; convert it first, e.g. iconv -f CP1258 -t UTF-8")
    raise InputError(f"{path}: unsupported input type (not {SUPPORTED})")


def read_text_input(path: Path) -> str:
    """Read a text input as UTF-8 (a BOM is allowed); raise InputError if it is not UTF-8."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from exc
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path} is not UTF-8 text (byte {exc.start}); convert it with iconv first") from exc


def _read_head(path: Path) -> bytes:
    try:
        with path.open("rb") as handle:
            return handle.read(_TEXT_PROBE_BYTES)
    except FileNotFoundError as exc:
        raise InputError(f"{path} does not exist") from exc
    except IsADirectoryError as exc:
        raise InputError(f"{path} is a directory, not a file") from exc
    except PermissionError as exc:
        raise InputError(f"{path} cannot be read: permission denied") from exc
    except OSError as exc:
        raise InputError(f"{path} cannot be read: {exc.strerror or exc}") from exc


def _looks_like_utf8_text(head: bytes) -> bool:
    """UTF-8 without NUL bytes; the probe may end inside a multi-byte character, which is allowed."""
    if b"\x00" in head:
        return False
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        decoder.decode(head, final=False)
    except UnicodeDecodeError:
        return False
    return True

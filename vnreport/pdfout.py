"""Searchable PDF output: the original page images, untouched, under an invisible text layer.

The design follows OCRmyPDF's text layer (read in its ``hocrtransform``), written for our records:

- **Pages are not rebuilt.** A PDF input is opened with pikepdf (qpdf) and saved with stream
  decoding off, so every image stream is copied byte for byte: same pixels, size, resolution and
  compression. Each page only gets its old content wrapped in ``q``/``Q`` (so the graphics state it
  leaves cannot move our text) and one more content stream. Image inputs become PDF pages, one per
  image or TIFF frame at the resolution the OCR used: JPEG, PNG and CCITT-TIFF data go in without
  decoding (img2pdf); other frames (LZW/deflate TIFF) as their pixels, Flate-compressed.
- **The font has one invisible glyph**: Tesseract's ``pdf.ttf`` (Apache-2.0, shipped in
  ``vnreport/data/``) as a Type0/Identity-H font whose CIDs are Unicode code points: every CID
  draws glyph 1 (nothing), and the ToUnicode map sends each CID to the same code point, so search,
  copy-paste and ``pdftotext`` read back the NFC text exactly as written.
- **Each word sits on its Tesseract box**: one font size per line (its median word height), each
  word on the line's fitted baseline (skewed scans slope) and stretched (``Tz``) to its box's width. An
  explicit space, stretched over the gap, follows every word but the last of a line, so word breaks
  do not depend on a reader's gap heuristics; every OCR line starts at its own position, so readers
  see the page's line breaks. Render mode 3 draws nothing.

The writer takes the final words of each page (:mod:`vnreport.textlayer`), i.e. the text of the
txt/md/json outputs, so whatever changed the text before rendering is in the PDF too.
"""

from __future__ import annotations

import io
import statistics
import zlib
from collections.abc import Callable, Sequence
from importlib.resources import files
from pathlib import Path
from typing import BinaryIO

import img2pdf
import pikepdf
from PIL import Image
from pikepdf import Dictionary, Name

from vnreport.cleanup import Cleaned
from vnreport.diacritics import Restored
from vnreport.errors import BadArgsError, InputError
from vnreport.inputs import InputKind
from vnreport.models import Document
from vnreport.output import write_with_atomic
from vnreport.rasterize import image_page_count, load_image_page
from vnreport.textlayer import PageWords, PlacedWord, placed_words

# Glyph advance of the invisible font, in thousandths of the font size: every character is half as
# wide as it is high before Tz stretches it to its box (OCRmyPDF's choice; any fixed width works).
CHAR_WIDTH = 500
FONT_RESOURCE_PREFIX = "VnrOcr"

_TO_UNICODE = b"""/CIDInit /ProcSet findresource begin
12 dict begin
begincmap
/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def
/CMapName /Adobe-Identity-UCS def
/CMapType 2 def
1 begincodespacerange
<0000> <FFFF>
endcodespacerange
1 beginbfrange
<0000> <FFFF> <0000>
endbfrange
endcmap
CMapName currentdict /CMap defineresource pop
end
end
"""


def glyphless_font_bytes() -> bytes:
    """Tesseract's one-glyph TrueType font, as shipped in the package."""
    return files("vnreport").joinpath("data", "glyphless.ttf").read_bytes()


def _register_font(pdf: pikepdf.Pdf) -> pikepdf.Object:
    """The invisible Type0 font as an indirect object of ``pdf`` (shared by every page)."""
    descriptor = pdf.make_indirect(
        Dictionary(
            Type=Name.FontDescriptor,
            FontName=Name.GlyphLessFont,
            Flags=5,  # fixed pitch, symbolic
            FontBBox=[0, 0, CHAR_WIDTH, 1000],
            ItalicAngle=0,
            # Ascent 1000 / Descent -1: text extractors then give a word exactly the box between
            # the baseline and one font size above it, i.e. the OCR line box.
            Ascent=1000,
            Descent=-1,
            CapHeight=1000,
            StemV=80,
            FontFile2=pdf.make_stream(glyphless_font_bytes()),
        )
    )
    cid_font = pdf.make_indirect(
        Dictionary(
            Type=Name.Font,
            Subtype=Name.CIDFontType2,
            BaseFont=Name.GlyphLessFont,
            CIDSystemInfo=Dictionary(Registry="Adobe", Ordering="Identity", Supplement=0),
            FontDescriptor=descriptor,
            DW=CHAR_WIDTH,
            CIDToGIDMap=pdf.make_stream(zlib.compress(b"\x00\x01" * 65536), Filter=Name.FlateDecode),
        )
    )
    return pdf.make_indirect(
        Dictionary(
            Type=Name.Font,
            Subtype=Name.Type0,
            BaseFont=Name.GlyphLessFont,
            Encoding=Name("/Identity-H"),
            DescendantFonts=[cid_font],
            ToUnicode=pdf.make_stream(_TO_UNICODE),
        )
    )


def _hex(text: str) -> str:
    # Identity-H codes are two bytes: BMP code points (all of Vietnamese) go as they are; anything
    # beyond the BMP would need surrogates the identity ToUnicode map cannot express.
    return "".join(f"{ord(char):04X}" if ord(char) <= 0xFFFF else "FFFD" for char in text)


def _number(value: float) -> str:
    return f"{value:.3f}".rstrip("0").rstrip(".") or "0"


def _page_matrix(page: pikepdf.Page, words: PageWords) -> tuple[list[float], float, float]:
    """The ``cm`` from the upright page as displayed (points, y up) to PDF user space, and the
    points per OCR pixel across and down.

    Poppler renders the media box turned by /Rotate, so the OCR image is the displayed page.
    """
    llx, lly, urx, ury = (float(v) for v in page.mediabox)
    width, height = urx - llx, ury - lly
    rotate = int(page.obj.get(Name.Rotate, 0)) % 360
    shown_w, shown_h = (height, width) if rotate in (90, 270) else (width, height)
    matrix = {
        0: [1, 0, 0, 1, llx, lly],
        90: [0, 1, -1, 0, llx + width, lly],
        180: [-1, 0, 0, -1, llx + width, lly + height],
        270: [0, -1, 1, 0, llx, lly + height],
    }.get(rotate, [1, 0, 0, 1, llx, lly])
    return matrix, shown_w / max(words.width, 1), shown_h / max(words.height, 1)


def text_layer(words: PageWords, font: str, matrix: Sequence[float], scale_x: float, scale_y: float) -> bytes:
    """The content stream that writes ``words`` invisibly (render mode 3) at their boxes."""
    out = ["q", " ".join(_number(v) for v in matrix) + " cm", "BT", "3 Tr"]
    for line in words.lines:
        # One size per line, the median word height: the union box of a skewed line is taller than
        # the line pitch, and readers would then merge neighbouring lines.
        height = statistics.median(word.bbox.height for word in line)
        size = max(height * scale_y, 1.0)
        baseline = _baseline(line, height)
        out.append(f"/{font} {_number(size)} Tf")
        advance = size * CHAR_WIDTH / 1000
        for index, word in enumerate(line):
            right = word.bbox.right
            if index + 1 < len(line):
                # Readers break words at gaps of about a tenth of the font size, not at space
                # characters: keep a gap of a fifth, even where Tesseract's boxes touch or overlap.
                right = max(word.bbox.left + word.bbox.width / 2, min(right, line[index + 1].bbox.left - _MIN_GAP * height))
            y = (words.height - baseline(word.bbox.left)) * scale_y
            out.append(f"1 0 0 1 {_number(word.bbox.left * scale_x)} {_number(y)} Tm")
            out.append(f"{_number(_stretch((right - word.bbox.left) * scale_x, len(word.text), advance))} Tz <{_hex(word.text)}> Tj")
            if index + 1 < len(line):
                gap = (line[index + 1].bbox.left - right) * scale_x
                out.append(f"{_number(_stretch(max(gap, 0.01), 1, advance))} Tz <0020> Tj")
    out += ["ET", "Q", ""]
    return "\n".join(out).encode("ascii")


# The gap kept between words, as a share of the line's font size (see text_layer).
_MIN_GAP = 0.2
# A line whose word bottoms drift by less than this share of its height across the line is set on
# one level baseline (so every word still covers at least half of its box's height): Poppler's
# pdftotext splits a sloping line into pieces and reorders them (measured on skewed photocopies).
# A steeper line (a strongly skewed scan) follows its slope, each word at its own height.
_LEVEL_DRIFT = 1.0
# Slopes beyond this (about 3 degrees) are misread lines, not skew.
_MAX_SLOPE = 0.05


def _baseline(line: Sequence[PlacedWord], height: float) -> Callable[[float], float]:
    """The line's baseline (pixels, y down) as a function of x: level at the median word bottom, or
    a least-squares line through the bottoms of its words when the line slopes a lot."""
    xs = [word.bbox.left + word.bbox.width / 2 for word in line]
    ys = [float(word.bbox.bottom) for word in line]
    mean_x, mean_y = statistics.fmean(xs), statistics.fmean(ys)
    spread = sum((x - mean_x) ** 2 for x in xs)
    slope = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys)) / spread if spread > 0 else 0.0
    slope = max(-_MAX_SLOPE, min(_MAX_SLOPE, slope))
    if abs(slope) * (max(xs) - min(xs)) < _LEVEL_DRIFT * height:
        slope = 0.0
    # Through the median bottom rather than the mean: a descender or a comma pulls the mean down.
    offset = statistics.median(y - slope * x for x, y in zip(xs, ys))
    return lambda x: offset + slope * x


def _stretch(width: float, chars: int, advance: float) -> float:
    """The Tz (percent) that makes ``chars`` characters of ``advance`` points span ``width`` points."""
    return max(100.0 * width / (max(chars, 1) * advance), 0.001)


# zlib level for image frames that have no PDF form of their own (LZW/deflate TIFF): lossless at
# any level; level 1 compresses a 300-dpi grey photocopy in a fifth of the time of the PNG encoding
# img2pdf would do, for about 10% more bytes.
FRAME_ZLIB_LEVEL = 1


def _open_base(source: Path, kind: InputKind, dpis: Sequence[int]) -> pikepdf.Pdf:
    """The PDF whose pages get the text layer: the input itself, or the input images as PDF pages."""
    if kind is InputKind.PDF:
        try:
            return pikepdf.open(source)
        except pikepdf.PasswordError as exc:
            raise InputError(f"{source} is encrypted (password-protected); decrypt it first") from exc
        except pikepdf.PdfError as exc:
            raise InputError(f"{source} is not a readable PDF: {exc}") from exc
    fallback = dpis[0] if dpis else 300

    def page_dpi(ndpi: tuple[float, float] | None) -> float:
        # The resolution the OCR used (rasterize._image_dpi's rule): the file's own when plausible.
        return ndpi[0] if ndpi and 100 <= round(ndpi[0]) <= 1200 else fallback

    def layout(width_px: int, height_px: int, ndpi: tuple[float, float]) -> tuple[float, float, float, float]:
        dpi = page_dpi(ndpi)
        width, height = width_px * 72.0 / dpi, height_px * 72.0 / dpi
        return width, height, width, height

    if _has_own_pdf_form(source):
        try:
            # rotation none: the OCR read the pixels as stored, so the page shows them as stored too.
            data = img2pdf.convert(str(source), layout_fun=layout, rotation=img2pdf.Rotation.none)
            return pikepdf.open(io.BytesIO(data))
        except Exception:  # noqa: BLE001 - img2pdf refuses some images as they are (odd modes): embed below
            pass
    return _frames_pdf(source, page_dpi)


def _has_own_pdf_form(source: Path) -> bool:
    """JPEG, PNG and CCITT-compressed TIFF go into a PDF as they are (img2pdf); other TIFFs do not."""
    with Image.open(source) as image:
        if image.format in ("JPEG", "PNG"):
            return True
        return image.format == "TIFF" and image.info.get("compression") in ("group4", "group3")


def _frames_pdf(source: Path, page_dpi: Callable[[tuple[float, float] | None], float]) -> pikepdf.Pdf:
    """Each frame as the OCR read it (grey or RGB; transparency flattened onto white paper), Flate
    compressed: lossless, the same pixels the text layer belongs to."""
    pdf = pikepdf.new()
    for number in range(1, image_page_count(source) + 1):
        with load_image_page(source, number) as frame:
            dpi = page_dpi(frame.info.get("dpi"))
            width, height = frame.width * 72.0 / dpi, frame.height * 72.0 / dpi
            image = pdf.make_stream(
                zlib.compress(frame.tobytes(), FRAME_ZLIB_LEVEL),
                Type=Name.XObject,
                Subtype=Name.Image,
                Width=frame.width,
                Height=frame.height,
                ColorSpace=Name.DeviceGray if frame.mode == "L" else Name.DeviceRGB,
                BitsPerComponent=8,
                Filter=Name.FlateDecode,
            )
        page = pdf.add_blank_page(page_size=(width, height))
        page.Resources = Dictionary(XObject=Dictionary(Im0=image))
        page.Contents = pdf.make_stream(f"q {_number(width)} 0 0 {_number(height)} 0 0 cm /Im0 Do Q".encode("ascii"))
    return pdf


def write_searchable_pdf(
    handle: BinaryIO,
    *,
    source: Path,
    kind: InputKind,
    numbers: Sequence[int],
    pages: Sequence[PageWords],
    dpis: Sequence[int] = (),
) -> None:
    """Write the pages ``numbers`` (1-based, ascending) of ``source`` to ``handle`` with their words.

    ``pages`` holds the words of the pages that were read; a selected page without an entry (it
    could not be read) is written without a text layer, so the archive keeps every page. ``dpis``:
    the ``--dpi`` for image inputs that state no resolution of their own (the page size follows the
    resolution the OCR used).
    """
    by_number = {page.number: page for page in pages}
    with _open_base(source, kind, dpis) as pdf:
        wanted = set(numbers)
        for index in range(len(pdf.pages), 0, -1):
            if index not in wanted:
                del pdf.pages[index - 1]
        font = _register_font(pdf)
        for number, page in zip(sorted(wanted), pdf.pages):
            words = by_number.get(number)
            if words is None or not words.lines:
                continue
            name = page.add_resource(font, Name.Font, prefix=FONT_RESOURCE_PREFIX)
            matrix, scale_x, scale_y = _page_matrix(page, words)
            # The old content in q/Q: a graphics state it leaves changed cannot move our text.
            page.contents_add(pdf.make_stream(b"q\n"), prepend=True)
            page.contents_add(pdf.make_stream(b"\nQ\n" + text_layer(words, str(name).lstrip("/"), matrix, scale_x, scale_y)))
        # Streams are copied as they are (no decoding, no recompression): the images stay byte-identical.
        pdf.save(handle, stream_decode_level=pikepdf.StreamDecodeLevel.none, object_stream_mode=pikepdf.ObjectStreamMode.preserve)


def write_pdf_output(
    target: str | Path,
    *,
    source: Path,
    kind: InputKind,
    numbers: Sequence[int],
    document: Document,
    cleaned: Cleaned,
    restored: Restored,
    dpi: int,
    protect: tuple[Path, ...] = (),
) -> tuple[PageWords, ...]:
    """The output step for ``-o x.pdf``: place the final words and write the PDF atomically
    (``"-"``: standard output). Returns the words written, page by page."""
    if kind is InputKind.TEXT:
        raise BadArgsError(f"a PDF output needs a scanned input (PDF or image); {source} is text: write txt, md or json instead")
    pages = placed_words(document, cleaned, restored)
    write_with_atomic(
        target,
        lambda handle: write_searchable_pdf(handle, source=source, kind=kind, numbers=numbers, pages=pages, dpis=(dpi,)),
        protect=protect,
    )
    return pages

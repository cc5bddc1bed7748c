"""Input files for tests: rendered Vietnamese pages saved as PDF/TIFF, and hand-built PDFs.

Helpers live here rather than in conftest.py: other test folders have their own conftest, and
``from conftest import ...`` would pick whichever was imported first.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PIL import Image

from vnreport_build.synthetic import PageStyle, find_font, render_paragraphs

TEST_DPI = 200  # enough for Tesseract on 13 pt text, and twice as fast as 300

# Text rendered on the OCR test pages: report prose with the marks OCR most often loses.
VIETNAMESE_PARAGRAPHS = (
    "Kết quả thực hiện chuyển đổi số năm 2023",
    "Thực hiện Kế hoạch số 125/KH-UBND của Ủy ban nhân dân tỉnh Vĩnh Phúc, các sở, ban, ngành đã "
    "triển khai đồng bộ các nhiệm vụ xây dựng chính quyền điện tử, hướng tới chính quyền số. Hệ thống "
    "quản lý văn bản và điều hành được kết nối liên thông từ cấp tỉnh đến cấp xã.",
    "- Hạ tầng nền tảng số của nhiều đơn vị chưa bảo đảm về số lượng và chất lượng;",
    "- Cổng dịch vụ công trực tuyến cung cấp 1.969 thủ tục hành chính, đạt tỷ lệ 98,5%.",
)
SECOND_PAGE_PARAGRAPHS = (
    "Nhiệm vụ trọng tâm trong thời gian tới",
    "Tiếp tục đào tạo, bồi dưỡng đội ngũ cán bộ, công chức về kỹ năng số; bảo đảm an toàn, an ninh "
    "mạng cho các hệ thống thông tin dùng chung của tỉnh.",
)


@dataclass(frozen=True)
class RenderedPage:
    """A clean rendered page and the text lines printed on it."""

    image: Image.Image
    lines: tuple[str, ...]

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


def render(paragraphs: tuple[str, ...]) -> RenderedPage:
    """Render paragraphs onto one clean A4 page at TEST_DPI (they must fit on one page)."""
    style = PageStyle(font_path=find_font("serif"), dpi=TEST_DPI)
    pages = render_paragraphs(list(paragraphs), style)
    if len(pages) != 1:
        raise ValueError("test text must fit on one page")
    image, lines = pages[0]
    return RenderedPage(image=image, lines=tuple(lines))


def _copies(pages: list[RenderedPage]) -> list[Image.Image]:
    # Pillow leaves a save's options on appended images (encoderinfo); saving the shared session
    # images again in another format would reuse them, so every save works on fresh copies.
    return [page.image.copy() for page in pages]


def save_pdf(path: Path, pages: list[RenderedPage]) -> Path:
    first, *rest = _copies(pages)
    first.save(path, "PDF", save_all=True, append_images=rest, resolution=float(TEST_DPI))
    return path


def save_tiff(path: Path, pages: list[RenderedPage]) -> Path:
    first, *rest = _copies(pages)
    first.save(path, "TIFF", save_all=True, append_images=rest, dpi=(TEST_DPI, TEST_DPI), compression="tiff_lzw")
    return path


def build_pdf(objects: list[bytes], trailer_extra: bytes = b"") -> bytes:
    """A minimal PDF with a correct xref table, from object bodies numbered 1..n (1 is the catalog)."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R " % (len(objects) + 1) + trailer_extra + b">>\nstartxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


_PAGE_OBJECTS = [
    b"<< /Type /Catalog /Pages 2 0 R >>",
    b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
]


def write_encrypted_pdf(path: Path) -> Path:
    """A PDF whose Standard security handler wants a user password nobody knows (pdfinfo refuses it)."""
    encrypt = b"<< /Filter /Standard /V 1 /R 2 /O <" + b"11" * 32 + b"> /U <" + b"22" * 32 + b"> /P -4 >>"
    file_id = b"<00112233445566778899aabbccddeeff>"
    path.write_bytes(build_pdf(_PAGE_OBJECTS + [encrypt], b"/Encrypt 4 0 R /ID [" + file_id + b" " + file_id + b"] "))
    return path


def write_blank_pdf(path: Path) -> Path:
    """A valid one-page PDF with nothing on the page."""
    path.write_bytes(build_pdf(_PAGE_OBJECTS))
    return path

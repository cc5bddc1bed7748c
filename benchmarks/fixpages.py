"""A second, independent set of report pages for ``benchmarks/fix.py``: Chromium pages, other fonts,
the photocopy model of ``benchmarks/layouts/degrade.py``.

Why a second set: the first set of ``benchmarks/fix.py`` is drawn by ``vnreport_build.synthetic`` (Pillow,
``degrade_photocopy``), the same code that made the pages the restorer's OCR noise model was
trained on, so it does not judge ``fix`` independently. Nothing here uses that code:

* **Layout** by headless Chromium from HTML + CSS (``benchmarks/layouts/render.py``, reused, not
  copied): justified paragraphs with a first-line indent, A4 with report margins, and on some pages
  the administrative header block (issuing body and số on the left; quốc hiệu, the underlined
  motto, place and date on the right) with a centred title; some pages set in TWO COLUMNS (CSS
  multi-column), which must come out column by column.
* **Fonts** Tinos, Arimo, DejaVu Serif, FreeSerif, Liberation Serif, DejaVu Sans, 11.5-14 pt.
* **Damage** by ``benchmarks/layouts/degrade.py`` (skew and shift, ink spread, toner loss in patches
  and streaks, grain, grey uneven paper, dust specks, a 120-200 dpi scan, sometimes two passes,
  1-bit or grey); grey pages then go through JPEG at the scanner's quality.
* **Text**: held-out corpus paragraphs (``vnreport_build/corpus.py``), sampled with other seeds
  than the first set and never the same paragraphs.

The truth of a page is its header lines (left column, then right column, then the title) and the
paragraphs that Chromium printed on page 1, in order: which they are is read back from invisible
markers in the PDF's text layer (as ``render.py`` finds its tables); ``break-inside: avoid`` keeps a
paragraph on one page (it may still run from one column into the next, which is reading order).
"""

from __future__ import annotations

import html
import io
import random
import subprocess
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

from benchmarks.layouts.degrade import photocopy, scanner
from benchmarks.layouts.render import print_pdf, rasterise

FONTS = ("Tinos", "Arimo", "DejaVu Serif", "FreeSerif", "Liberation Serif", "DejaVu Sans")
RENDER_DPI = 300

PROVINCES = ("Quảng Bình", "Nghệ An", "Thái Nguyên", "Vĩnh Phúc", "Hà Tĩnh", "Bắc Giang", "Đồng Tháp", "Sơn La")
BODIES = (
    ("ỦY BAN NHÂN DÂN", "TỈNH {p}", "BC-UBND"),
    ("UBND TỈNH {p}", "SỞ TÀI CHÍNH", "STC-NS"),
    ("UBND TỈNH {p}", "SỞ NỘI VỤ", "SNV-CCHC"),
    ("HỘI ĐỒNG NHÂN DÂN", "TỈNH {p}", "NQ-HĐND"),
    ("UBND TỈNH {p}", "SỞ KẾ HOẠCH VÀ ĐẦU TƯ", "KH-SKHĐT"),
)
TITLES = (
    ("BÁO CÁO", "Kết quả thực hiện nhiệm vụ năm {y} và phương hướng năm {y1}"),
    ("KẾ HOẠCH", "Triển khai thực hiện cải cách hành chính năm {y1}"),
    ("BÁO CÁO", "Tình hình thực hiện các chương trình mục tiêu quốc gia"),
    ("TỜ TRÌNH", "Về việc ban hành quy định quản lý tài sản công"),
)


@dataclass(frozen=True)
class LayoutPage:
    """One generated page: the image handed to OCR, the printed text in reading order, its scan."""

    image: Image.Image
    lines: tuple[str, ...]
    dpi: int
    font: str
    columns: int
    header: bool


def _marker(index: int) -> str:
    return f"QQP{index}QQ"


def _header(rng: random.Random) -> tuple[str, list[str]]:
    """The header block and title as HTML, and their lines in reading order (left, right, title)."""
    province = rng.choice(PROVINCES)
    upper = province.upper()
    body = rng.choice(BODIES)
    year = rng.randint(2019, 2025)
    number = f"Số: {rng.randint(5, 480)}/{body[2]}"
    left = [body[0].format(p=upper), body[1].format(p=upper), number]
    right = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
             f"{province}, ngày {rng.randint(1, 28)} tháng {rng.randint(1, 12)} năm {year}"]
    kind, subject = rng.choice(TITLES)
    subject = subject.format(y=year - 1, y1=year)
    e = html.escape
    block = f"""<table class="hdr"><tr>
<td class="hl"><div class="b1">{e(left[0])}</div><div class="b2">{e(left[1])}</div><div class="rule"></div><div class="so">{e(left[2])}</div></td>
<td class="hr"><div class="b2">{e(right[0])}</div><div class="motto">{e(right[1])}</div><div class="place">{e(right[2])}</div></td>
</tr></table>
<p class="title">{e(kind)}</p><p class="subject">{e(subject)}</p>"""
    return block, left + right + [kind, subject]


def page_html(paragraphs: list[str], *, font: str, size_pt: float, columns: int, header: str) -> str:
    """One A4 page of ``paragraphs`` (each ending with its invisible marker) under ``header``."""
    body = "\n".join(f"<p>{html.escape(text)}<span class=\"mk\">{_marker(i)}</span></p>" for i, text in enumerate(paragraphs))
    cols = f"column-count: {columns}; column-gap: 9mm;" if columns > 1 else ""
    return f"""<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><style>
@page {{ size: A4 portrait; margin: 20mm 15mm 20mm 30mm; }}
html, body {{ margin: 0; padding: 0; }}
body {{ font-family: "{font}"; font-size: {size_pt}pt; line-height: 1.3; color: #000; hyphens: none; }}
p {{ margin: 0 0 4pt 0; text-align: justify; text-indent: 10mm; break-inside: avoid; }}
.mk {{ color: #fff; font-size: 1px; }}
table.hdr {{ width: 100%; border-collapse: collapse; margin-bottom: 8mm; font-size: {size_pt - 0.5}pt; }}
table.hdr td {{ vertical-align: top; text-align: center; padding: 0; }}
td.hl {{ width: 40%; }} td.hr {{ width: 60%; }}
.b1 {{ }} .b2 {{ font-weight: bold; }} .so {{ margin-top: 3pt; }}
.rule {{ width: 30%; margin: 1pt auto 0 auto; border-top: 0.8pt solid #000; }}
.motto {{ font-weight: bold; display: inline-block; border-bottom: 0.8pt solid #000; padding-bottom: 1pt; }}
.place {{ font-style: italic; margin-top: 6pt; }}
p.title {{ text-align: center; text-indent: 0; font-weight: bold; margin: 0; }}
p.subject {{ text-align: center; text-indent: 0; font-weight: bold; margin: 0 0 6mm 0; }}
div.text {{ {cols} }}
</style></head><body>
{header}
<div class="text">
{body}
</div>
</body></html>
"""


def _printed(pdf: Path, count: int) -> list[int]:
    """Which paragraph markers Chromium printed on page 1."""
    text = subprocess.run(["pdftotext", "-f", "1", "-l", "1", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return [i for i in range(count) if _marker(i) in text]


def _printable(text: str) -> str:
    """The paragraph as printed: soft hyphens and other invisible format characters (some corpus
    documents carry U+00AD inside words) are dropped, so the truth holds only what can be seen."""
    return "".join(c for c in text if unicodedata.category(c) != "Cf")


def _jpeg(image: Image.Image, quality: int) -> Image.Image:
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=quality)
    buffer.seek(0)
    with Image.open(buffer) as decoded:
        return decoded.convert("L").copy()


def make_layout_pages(paragraphs: list[str], *, count: int, photocopied: bool, seed: int) -> list[LayoutPage]:
    """``count`` pages of ``paragraphs`` (consumed in order), photocopied or clean at 300 dpi.

    Layouts cycle through header + one column, header + two columns, two columns, one column, so a
    set of 4 or more pages has each; fonts cycle through FONTS; size, damage and scanner per seed.
    """
    rng = random.Random(f"fixpages:{seed}")
    paragraphs = [_printable(paragraph) for paragraph in paragraphs]
    layouts = ((True, 1), (True, 2), (False, 2), (False, 1))
    pages: list[LayoutPage] = []
    cursor = 0
    with tempfile.TemporaryDirectory(prefix="fixpages-") as tmp:
        while len(pages) < count and cursor < len(paragraphs):
            has_header, columns = layouts[len(pages) % len(layouts)]
            font = FONTS[(len(pages) + seed) % len(FONTS)]
            size = rng.choice((11.5, 12.0, 13.0, 14.0)) if columns == 1 else rng.choice((11.0, 11.5, 12.0))
            header_html, header_lines = _header(rng) if has_header else ("", [])
            chunk = paragraphs[cursor : cursor + 14]
            pdf = Path(tmp) / f"page-{len(pages)}.pdf"
            print_pdf(page_html(chunk, font=font, size_pt=size, columns=columns, header=header_html), pdf)
            kept = _printed(pdf, len(chunk))
            if not kept:
                cursor += 1
                continue
            # Paragraphs are kept whole (break-inside: avoid), so page 1 holds a prefix of them.
            kept = list(range(max(kept) + 1))
            cursor += len(kept)
            image = rasterise(pdf, RENDER_DPI)[0]
            dpi = RENDER_DPI
            if photocopied:
                page_seed = rng.randrange(1 << 30)
                scan = scanner(page_seed, severity=0.7)
                copy = photocopy(image, source_dpi=RENDER_DPI, seed=page_seed, scan=scan, severity=rng.uniform(0.5, 0.9))
                image, dpi = copy.image, copy.dpi
                image = image.convert("L") if copy.binary else _jpeg(image, copy.quality)
            lines = tuple(header_lines + [chunk[i] for i in kept])
            pages.append(LayoutPage(image=image, lines=lines, dpi=dpi, font=font, columns=columns, header=has_header))
    return pages

"""`vnreport fix ... -o x.pdf`: the searchable PDF, read back the way users and archives read it.

Real Tesseract on small rendered pages; the output is checked with Poppler (`pdftotext`, `pdfimages`)
and pikepdf, never with the code that wrote it.
"""

from __future__ import annotations

import re
import subprocess
import unicodedata
from pathlib import Path

import pikepdf
import pytest
from fakes.files import TEST_DPI, save_pdf, save_tiff
from fakes.ocr import ScriptedEngine
from fakes.proc import assert_one_line_error, run_vnreport
from PIL import Image

from vnreport.cleanup import Block, BlockKind, Cleaned
from vnreport.config import OcrConfig
from vnreport.diacritics import Restored
from vnreport.models import BBox, Document, Line, Page, Word
from vnreport.pipeline import FixOptions, PagesFailedError, run_fix
from vnreport.render import OutputFormat
from vnreport.textlayer import placed_words

REPO = Path(__file__).resolve().parents[1]


def words_of(text: str) -> list[str]:
    return unicodedata.normalize("NFC", text).split()


def pdftotext(path: Path, *extra: str) -> str:
    return subprocess.run(["pdftotext", *extra, str(path), "-"], capture_output=True, text=True, check=True).stdout


def bbox_words(path: Path) -> list[list[tuple[str, float, float, float, float]]]:
    """pdftotext -bbox: per page, (word, xMin, yMin, xMax, yMax) in points."""
    html = pdftotext(path, "-bbox")
    pages = []
    for page in html.split("<page ")[1:]:
        found = re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>', page)
        pages.append([(_unescape(w), float(a), float(b), float(c), float(d)) for a, b, c, d, w in found])
    return pages


def _unescape(text: str) -> str:
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&apos;", "'").replace("&amp;", "&")


def image_streams(path: Path) -> list[list[bytes]]:
    """The raw (still encoded) bytes of every image drawn on each page."""
    with pikepdf.open(path) as pdf:
        pages = []
        for page in pdf.pages:
            images = page.obj.Resources.get("/XObject", {})
            pages.append([images[name].read_raw_bytes() for name in sorted(images.keys()) if images[name].get("/Subtype") == "/Image"])
        return pages


def pdfimages_list(path: Path) -> list[tuple[str, ...]]:
    """`pdfimages -list` rows without the object numbers (page, num, type, size, colour, encoding, ppi)."""
    out = subprocess.run(["pdfimages", "-list", str(path)], capture_output=True, text=True, check=True).stdout
    rows = [line.split() for line in out.splitlines()[2:] if line.strip()]
    return [tuple(row[:10] + row[12:14]) for row in rows]


@pytest.fixture(scope="module")
def two_page_pdf(tmp_path_factory, page_one, page_two) -> tuple[Path, Path, Path, subprocess.CompletedProcess]:
    """One real run of the CLI: a 2-page scan to a searchable PDF, with a sidecar text."""
    folder = tmp_path_factory.mktemp("pdfout")
    scan = save_pdf(folder / "scan.pdf", [page_one, page_two])
    out, sidecar = folder / "fixed.pdf", folder / "fixed.txt"
    result = run_vnreport(["fix", str(scan), "-o", str(out), "--sidecar", str(sidecar), "--jobs", "1"], cwd=folder)
    return scan, out, sidecar, result


def test_pdf_text_layer_reads_back_as_the_repaired_text(two_page_pdf, page_one, page_two) -> None:
    scan, out, sidecar, result = two_page_pdf
    assert result.returncode == 0, result.stderr
    assert out.read_bytes().startswith(b"%PDF-")
    text = pdftotext(out)
    assert unicodedata.is_normalized("NFC", text)
    # The round trip: the text layer is the repaired text (the sidecar, = the txt output), modulo whitespace.
    assert words_of(text) == words_of(sidecar.read_text(encoding="utf-8"))
    assert "Ủy ban nhân dân tỉnh Vĩnh Phúc" in " ".join(words_of(text))
    # Line breaks between lines: the wrapped paragraph of page 1 comes back on several lines.
    assert len([line for line in text.splitlines() if line.strip()]) >= len(page_one.lines) + len(page_two.lines) - 1


def test_pdf_keeps_page_order_and_byte_identical_images(two_page_pdf) -> None:
    scan, out, _sidecar, result = two_page_pdf
    assert result.returncode == 0, result.stderr
    pages = pdftotext(out).split("\f")
    assert "Kết quả thực hiện chuyển đổi số" in pages[0]
    assert "Nhiệm vụ trọng tâm" in pages[1] and "Nhiệm vụ trọng tâm" not in pages[0]
    assert pdfimages_list(out) == pdfimages_list(scan)
    assert image_streams(out) == image_streams(scan)
    assert all(streams for streams in image_streams(out))
    # Nothing visible was added: the text is drawn in render mode 3 only.
    with pikepdf.open(out) as pdf:
        for page in pdf.pages:
            ops = [str(op) for _operands, op in pikepdf.parse_content_stream(page)]
            assert "Tj" in ops
            modes = [int(operands[0]) for operands, op in pikepdf.parse_content_stream(page) if str(op) == "Tr"]
            assert modes and set(modes) == {3}


def test_pdf_words_lie_on_their_tesseract_boxes(tmp_path: Path, page_one) -> None:
    scan = save_pdf(tmp_path / "scan.pdf", [page_one])
    out = tmp_path / "fixed.pdf"
    result = run_fix(FixOptions(input=scan, output=str(out), fmt=OutputFormat.PDF, ocr=OcrConfig(dpi=TEST_DPI, jobs=1)))
    boxes = [word.bbox for line in result.document.pages[0].lines for word in line.words]
    extracted = bbox_words(out)[0]
    assert words_of(" ".join(w for w, *_ in extracted)) == words_of(result.rendered)
    scale = TEST_DPI / 72.0
    for text, x0, y0, x1, y1 in extracted:
        px0, py0, px1, py1 = x0 * scale, y0 * scale, x1 * scale, y1 * scale
        on_box = [
            box
            for box in boxes
            if px0 >= box.left - 2 and px1 <= box.right + 2 and min(py1, box.bottom) - max(py0, box.top) >= 0.5 * box.height
        ]
        assert on_box, f"{text!r} at {px0:.0f},{py0:.0f}-{px1:.0f},{py1:.0f} px lies on no OCR word box"
        # Stretched to its box: starts where its box starts.
        assert any(abs(px0 - box.left) <= 2 for box in on_box), text


def test_repaired_words_carry_the_new_spelling_in_the_pdf(tmp_path: Path) -> None:
    # A scripted OCR result that lost its marks; the real restorer repairs it; the PDF carries the repair.
    image = Image.new("L", (1000, 400), 255)
    scan = tmp_path / "scan.png"
    image.save(scan, dpi=(200, 200))
    engine = ScriptedEngine(pages=("Nghi quyet so 01 cua Ban Thuong vu Tinh uy",))
    out = tmp_path / "fixed.pdf"
    result = run_fix(FixOptions(input=scan, output=str(out), fmt=OutputFormat.PDF, ocr=OcrConfig(jobs=1)), engine=engine)
    assert "Nghị quyết số 01" in result.rendered
    assert words_of(pdftotext(out)) == words_of(result.rendered)


def test_image_input_becomes_a_pdf_page_per_frame(tmp_path: Path, page_one, page_two) -> None:
    tiff = save_tiff(tmp_path / "scan.tif", [page_one, page_two])
    out = tmp_path / "fixed.pdf"
    result = run_vnreport(["fix", str(tiff), "-o", str(out), "--no-repair", "--jobs", "1"], cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    listed = pdfimages_list(out)
    assert [(row[0], row[3], row[4]) for row in listed] == [("1", str(page_one.image.width), str(page_one.image.height)), ("2", str(page_two.image.width), str(page_two.image.height))]
    assert {row[-2] for row in listed} == {str(TEST_DPI)}  # page size follows the scan's resolution
    pages = pdftotext(out).split("\f")
    assert "Kết quả thực hiện" in pages[0] and "Nhiệm vụ trọng tâm" in pages[1]
    # LZW frames have no PDF form of their own: their pixels go in losslessly.
    with pikepdf.open(out) as pdf, Image.open(tiff) as frames:
        for index, page in enumerate(pdf.pages):
            frames.seek(index)
            (image,) = page.obj.Resources.XObject.values()
            assert pikepdf.PdfImage(image).as_pil_image().tobytes() == frames.convert("L").tobytes()


def test_jpeg_input_is_embedded_without_re_encoding(tmp_path: Path, page_one) -> None:
    jpeg = tmp_path / "scan.jpg"
    page_one.image.save(jpeg, quality=90, dpi=(TEST_DPI, TEST_DPI))
    out = tmp_path / "fixed.pdf"
    result = run_vnreport(["fix", str(jpeg), "-o", str(out), "--no-repair", "--jobs", "1"], cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert image_streams(out) == [[jpeg.read_bytes()]]
    assert "Vĩnh Phúc" in pdftotext(out)


def test_text_input_cannot_become_a_pdf(tmp_path: Path) -> None:
    source = tmp_path / "ocr.txt"
    source.write_text("Nghi quyet so 01\n", encoding="utf-8")
    out = tmp_path / "out.pdf"
    result = run_vnreport(["fix", str(source), "-o", str(out)], cwd=tmp_path)
    assert result.returncode == 2
    assert_one_line_error(result.stderr, "PDF output needs a scanned input")
    assert not out.exists()


def test_output_type_and_format_alias(tmp_path: Path) -> None:
    image = tmp_path / "blank.png"
    Image.new("L", (300, 300), 255).save(image)
    for option in ("--output-type", "--format"):
        out = tmp_path / f"out{option}.bin"
        result = run_vnreport(["fix", str(image), "-o", str(out), option, "pdf", "--no-repair"], cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        assert out.read_bytes().startswith(b"%PDF-")


# --- mapping the final words onto the OCR boxes (no OCR) ------------------------------------------


def _page(lines: list[list[tuple[str, int]]]) -> Page:
    """A page whose words sit at the given x positions, one line every 50 px."""
    built = []
    for row, words in enumerate(lines):
        built.append(Line(words=tuple(Word(text, BBox(x, 100 + 50 * row, 10 * len(text), 30), 90.0) for text, x in words), bbox=None, block=0))
    return Page(number=1, lines=tuple(built), width=1000, height=1000, dpi=300)


def test_placed_words_follow_a_hyphen_mend_and_a_split_word() -> None:
    page = _page([[("Ket", 0), ("docu-", 100)], [("ment", 0), ("xa", 100)]])
    cleaned = Cleaned(blocks=(Block(kind=BlockKind.PARAGRAPH, text="Ket document xa", page=1),))
    restored = Restored(text="Kết docu ment xã")
    (placed,) = placed_words(Document(source="x", pages=(page,)), cleaned, restored)
    lines = [[(w.text, w.bbox.left, w.bbox.top) for w in line] for line in placed.lines]
    # "document" (mended across the break) lies where "docu-" was printed; the restorer's split shares
    # that box (50 px for 4 + 1 + 4 characters), a space's width apart.
    assert lines == [[("Kết", 0, 100), ("docu", 100, 100), ("ment", 128, 100)], [("xã", 100, 150)]]
    assert [w.bbox.width for w in placed.lines[0]][1:] == [22, 22]


class _BoxedEngine:
    """An OCR engine that returns fixed words at fixed boxes: touching, overlapping and sloping ones."""

    def __init__(self, rows: list[list[tuple[str, int, int, int, int]]]) -> None:
        self.rows = rows

    def probe(self, lang: str) -> None:
        return None

    def read(self, image, *, page_number: int, config: OcrConfig) -> Page:
        lines = []
        for row in self.rows:
            words = tuple(Word(text, BBox(x, y, w, h), 90.0) for text, x, y, w, h in row)
            left, top = min(b.bbox.left for b in words), min(b.bbox.top for b in words)
            right, bottom = max(b.bbox.right for b in words), max(b.bbox.bottom for b in words)
            lines.append(Line(words=words, bbox=BBox(left, top, right - left, bottom - top), block=len(lines)))
        return Page(number=page_number, lines=tuple(lines), width=image.width, height=image.height, dpi=config.dpi)


def test_touching_boxes_and_skewed_lines_read_back_as_words_in_order(tmp_path: Path) -> None:
    scan = tmp_path / "scan.png"
    Image.new("L", (1700, 2200), 255).save(scan, dpi=(200, 200))
    touching = [("Tòa", 100, 100, 90, 30), ("án", 185, 105, 40, 25), ("kiểm", 240, 100, 50, 30), ("tra,", 290, 100, 40, 30)]
    # A skewed line: each word 3 px lower than the one before (27 px over the line, words 30 px high),
    # with the next line 45 px below its start.
    skewed = [(f"từ{i}", 100 + 120 * i, 200 + 3 * i, 100, 30) for i in range(10)]
    after = [("Điều", 100, 245, 60, 30), ("cuối", 170, 245, 60, 30)]
    engine = _BoxedEngine([touching, skewed, after])
    out = tmp_path / "fixed.pdf"
    run_fix(FixOptions(input=scan, output=str(out), fmt=OutputFormat.PDF, repair=False, ocr=OcrConfig(jobs=1)), engine=engine)
    lines = [line.split() for line in pdftotext(out).splitlines() if line.strip()]
    assert lines == [["Tòa", "án", "kiểm", "tra,"], [text for text, *_ in skewed], ["Điều", "cuối"]]


def test_selected_pages_only_and_a_failed_page_kept_without_text(tmp_path: Path) -> None:
    scan = tmp_path / "scan.pdf"
    frames = [Image.new("L", (800, 1000), 255) for _ in range(4)]
    frames[0].save(scan, "PDF", save_all=True, append_images=frames[1:], resolution=100.0)
    engine = ScriptedEngine(pages=("một", "hai", "ba", "bốn"), fail_pages=(3,))
    out = tmp_path / "fixed.pdf"
    options = FixOptions(input=scan, output=str(out), fmt=OutputFormat.PDF, repair=False, ocr=OcrConfig(jobs=1, dpi=100, pages=(2, 3, 4)))
    with pytest.raises(PagesFailedError):
        run_fix(options, engine=engine)
    assert [page.split() for page in pdftotext(out).split("\f")[:3]] == [["hai"], [], ["bốn"]]
    assert image_streams(out) == image_streams(scan)[1:]


def test_a_page_turned_by_rotate_gets_its_text_upright_on_the_words(tmp_path: Path, page_one) -> None:
    # The scan drawn sideways in user space and shown upright by /Rotate 90, as scanners write
    # landscape-fed pages: the OCR reads the page as shown, the text layer must follow the turn.
    upright = save_pdf(tmp_path / "upright.pdf", [page_one])
    with pikepdf.open(upright) as pdf:
        page = pdf.pages[0]
        width, height = float(page.mediabox[2]), float(page.mediabox[3])
        (name,) = page.obj.Resources.XObject.keys()
        page.obj.MediaBox = [0, 0, height, width]
        page.obj.Rotate = 90
        page.obj.Contents = pdf.make_stream(f"q 0 1 -1 0 {height} 0 cm {width} 0 0 {height} 0 0 cm {name} Do Q".encode())
        pdf.save(tmp_path / "turned.pdf")
    out = tmp_path / "fixed.pdf"
    result = run_vnreport(["fix", str(tmp_path / "turned.pdf"), "-o", str(out), "--no-repair", "--jobs", "1"], cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    text = pdftotext(out)
    assert text.splitlines()[0].startswith("Kết quả thực hiện chuyển")
    # pdftotext reports boxes on the page as shown: the first word lies where it is printed.
    first = bbox_words(out)[0][0]
    assert first[0] == "Kết" and first[1] < 100 and first[2] < 100

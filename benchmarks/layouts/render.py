"""HTML + CSS paged layout printed to PDF by headless Chromium, then rasterised with pdftoppm.

Chromium lays out the tables (column widths from the text, wrapped cells, page breaks inside long
tables, the header repeated by ``thead`` on every page or printed once, page numbers and running
headers in CSS ``@page`` margin boxes), so no line of this code decides where text goes. Where each
table starts and ends is read back from the PDF's text layer: an invisible (white, 1 px) marker is
printed in each table's heading and in its last row, and ``pdftotext`` says on which page each
marker landed. The markers never reach a raster: the pages handed to ``vnreport tables`` are images.
"""

from __future__ import annotations

import html
import shutil
import subprocess
import tempfile
from pathlib import Path

from PIL import Image

from benchmarks.layouts.spec import DocSpec, TableSpec

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome")


class RenderError(RuntimeError):
    """Chromium or Poppler is missing or failed."""


def chromium() -> str:
    for name in CHROMIUM_NAMES:
        path = shutil.which(name)
        if path:
            return path
    raise RenderError("headless Chromium not found (apt-get install chromium)")


_STYLES = {
    "grid": "table.t th, table.t td { border: 0.75pt solid #000; }",
    "none": "",
    "header-rule": "table.t tr.hlast th { border-bottom: 0.9pt solid #000; }",
    "booktabs": ("table.t tr.hfirst th { border-top: 1.2pt solid #000; } table.t tr.hlast th { border-bottom: 0.8pt solid #000; }"
                 " table.t tr.last td { border-bottom: 1.2pt solid #000; }"),
    "booktabs-groups": ("table.t tr.hfirst th { border-top: 1.2pt solid #000; } table.t tr.hlast th { border-bottom: 0.8pt solid #000; }"
                        " table.t tr.last td { border-bottom: 1.2pt solid #000; } table.t th.group { border-bottom: 0.6pt solid #000; }"),
    # Round 2 (partial-rule-groups): the rule under the header runs under every column, also under
    # header cells that span both header rows (th.hend), as a word processor draws it.
    "rule-groups": ("table.t tr.hlast th, table.t th.hend { border-bottom: 0.8pt solid #000; }"
                    " table.t th.group { border-bottom: 0.6pt solid #000; }"),
    "box-groups": ("table.t tr.hfirst th { border-top: 1.2pt solid #000; } table.t tr.hlast th, table.t th.hend { border-bottom: 0.8pt solid #000; }"
                   " table.t tr.last td { border-bottom: 1.2pt solid #000; } table.t th.group { border-bottom: 0.6pt solid #000; }"),
    "vertical": ("table.t th, table.t td { border-left: 0.75pt solid #000; border-right: 0.75pt solid #000; }"
                 " table.t th { border-top: 0.75pt solid #000; border-bottom: 0.75pt solid #000; }"
                 " table.t tr.last td { border-bottom: 0.75pt solid #000; }"),
}


def _marker(text: str) -> str:
    return f'<span class="mk">{text}</span>'


def start_marker(index: int) -> str:
    return f"QQS{index}QQ"


def end_marker(index: int) -> str:
    return f"QQE{index}QQ"


def _cell(text: str) -> str:
    return html.escape(text).replace("\n", "<br>")


def table_html(table: TableSpec, index: int) -> str:
    """One table with its heading, note and units line, styled by its family."""
    out = []
    cls = ' class="newpage"' if table.new_page else ""
    out.append(f'<section{cls} data-style="{table.style}">')
    for i, line in enumerate(table.heading):
        mark = _marker(start_marker(index)) if i == 0 else ""
        out.append(f'<p class="heading">{_cell(line)}{mark}</p>')
    if table.note:
        out.append(f'<p class="note">{_cell(table.note)}</p>')
    if table.unit:
        out.append(f'<p class="unit">{_cell(table.unit)}</p>')
    out.append(f'<table class="t s-{table.style}"><colgroup>')
    total = sum(table.widths)
    out.extend(f'<col style="width:{100 * w / total:.2f}%">' for w in table.widths)
    out.append("</colgroup>")
    head_rows = []
    for r, cells in enumerate(table.header):
        classes = ["h"] + (["hfirst"] if r == 0 else []) + (["hlast"] if r == len(table.header) - 1 and not table.colnums else [])
        ths = []
        for cell in cells:
            span = (f' colspan="{cell.colspan}"' if cell.colspan > 1 else "") + (f' rowspan="{cell.rowspan}"' if cell.rowspan > 1 else "")
            names = (["group"] if cell.colspan > 1 else []) + (["hend"] if r + cell.rowspan == len(table.header) and not table.colnums else [])
            group = f' class="{" ".join(names)}"' if names else ""
            ths.append(f"<th{span}{group}>{_cell(cell.text)}</th>")
        head_rows.append(f'<tr class="{" ".join(classes)}">{"".join(ths)}</tr>')
    if table.colnums:
        head_rows.append('<tr class="colnums hlast">' + "".join(f"<th>{_cell(n)}</th>" for n in table.colnums) + "</tr>")
    body_rows = []
    for r, row in enumerate(table.rows):
        last = r == len(table.rows) - 1
        tds = []
        for c, text in enumerate(row.cells):
            mark = _marker(end_marker(index)) if last and c == 0 else ""
            tds.append(f'<td class="{table.align[c]}">{_cell(text)}{mark}</td>')
        kind = row.kind + (" last" if last else "")
        body_rows.append(f'<tr class="{kind}">{"".join(tds)}</tr>')
    if table.repeat_header:
        out.append("<thead>" + "".join(head_rows) + "</thead><tbody>" + "".join(body_rows) + "</tbody>")
    else:
        # Header rows in the body: Chromium prints them once, where the table starts.
        out.append("<tbody>" + "".join(head_rows) + "".join(body_rows) + "</tbody>")
    out.append("</table></section>")
    return "\n".join(out)


def document_html(doc: DocSpec) -> str:
    setup = doc.setup
    size = "A4 landscape" if setup.landscape else "A4 portrait"
    top, right, bottom, left = setup.margins_mm
    number_css = ""
    if setup.page_number:
        box = "top-center" if setup.page_number == "top" else "bottom-center"
        number_css = f'@{box} {{ content: counter(page); font-family: "{setup.font}"; font-size: {setup.size_pt}pt; }}'
    running_css = ""
    if setup.running_header:
        text = setup.running_header.replace('"', "")
        running_css = (f'@top-right {{ content: "{text}"; font-family: "{setup.font}"; font-size: {setup.size_pt - 1}pt; font-style: italic; }}')
    first_css = "@page :first { @top-right { content: none; } }" if setup.running_header else ""
    styles = "\n".join(css.replace("table.t", f"table.s-{name}") for name, css in _STYLES.items())
    tables = "\n".join(table_html(t, i) for i, t in enumerate(doc.tables, 1))
    intro = "".join(f"<p>{_cell(line)}</p>" for line in doc.intro)
    return f"""<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>{html.escape(doc.family)}</title><style>
@page {{ size: {size}; margin: {top}mm {right}mm {bottom}mm {left}mm; {number_css} {running_css} }}
{first_css}
html, body {{ margin: 0; padding: 0; }}
body {{ font-family: "{setup.font}"; font-size: {setup.size_pt}pt; line-height: 1.2; color: #000; }}
p {{ margin: 0; }}
p.heading {{ text-align: center; font-weight: bold; }}
p.note {{ text-align: center; font-style: italic; margin-bottom: 4pt; }}
p.unit {{ text-align: right; font-style: italic; margin-bottom: 2pt; }}
p.heading, p.note, p.unit {{ break-after: avoid; }}
section {{ margin-bottom: 10mm; }}
section.newpage {{ break-before: page; }}
table.t {{ border-collapse: collapse; width: 100%; }}
table.t th {{ font-weight: bold; text-align: center; vertical-align: middle; padding: 2pt 3pt; }}
table.t tr.colnums th {{ font-weight: normal; font-style: italic; padding: 1pt 3pt; }}
table.t td {{ padding: 2pt 4pt; vertical-align: top; }}
table.t td.l {{ text-align: left; }} table.t td.c {{ text-align: center; }} table.t td.r {{ text-align: right; }}
table.t tr.group td, table.t tr.total td {{ font-weight: bold; }}
table.t tr {{ break-inside: avoid; }}
.mk {{ color: #fff; font-size: 1px; }}
{styles}
</style></head><body>
{intro}
{tables}
</body></html>
"""


def print_pdf(html_text: str, pdf: Path, *, timeout: float = 120.0) -> None:
    """Print HTML to PDF with headless Chromium (no header/footer of its own)."""
    with tempfile.TemporaryDirectory(prefix="tgen-") as tmp:
        source = Path(tmp) / "doc.html"
        source.write_text(html_text, encoding="utf-8")
        profile = Path(tmp) / "profile"
        cmd = [chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions",
               f"--user-data-dir={profile}", f"--print-to-pdf={pdf}", "--no-pdf-header-footer", source.as_uri()]
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)
        if proc.returncode != 0 or not pdf.is_file() or pdf.stat().st_size == 0:
            raise RenderError(f"chromium failed ({proc.returncode}): {proc.stderr.strip()[-500:]}")


def marker_pages(pdf: Path, tables: int) -> list[tuple[int, ...]]:
    """For each table (1-based markers), the pages (1-based) from its heading to its last row."""
    text = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    pages = text.split("\f")
    out = []
    for index in range(1, tables + 1):
        start = next((p for p, t in enumerate(pages, 1) if start_marker(index) in t), None)
        end = next((p for p, t in enumerate(pages, 1) if end_marker(index) in t), None)
        if start is None or end is None:
            raise RenderError(f"table {index}: markers not found in the printed PDF")
        out.append(tuple(range(start, end + 1)))
    return out


def rasterise(pdf: Path, dpi: int) -> list[Image.Image]:
    """Every page of ``pdf`` as an 8-bit grey image at ``dpi`` (pdftoppm)."""
    with tempfile.TemporaryDirectory(prefix="tgen-ppm-") as tmp:
        subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-png", str(pdf), f"{tmp}/p"], check=True, capture_output=True)
        files = sorted(Path(tmp).glob("p-*.png"), key=lambda p: int(p.stem.split("-")[-1]))
        images = []
        for f in files:
            with Image.open(f) as im:
                images.append(im.convert("L").copy())
        return images

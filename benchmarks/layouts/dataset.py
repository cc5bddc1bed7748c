"""Generate documents and sets: printed PDF, clean and photocopied scans, truth CSVs, manifest.

A set folder holds, per document ``<family>/<family>-<seed>/``: ``clean.pdf`` (the printed pages
rasterised at 300 dpi, no damage), ``photocopy.pdf`` (the same pages through
:func:`benchmarks.layouts.degrade.photocopy`), ``truth/table-N.csv`` (the expected CSV of each
table) and ``doc.json`` (titles, pages, units, injected errors); ``manifest.json`` lists them all.
The printed (vector) PDF and the HTML are not kept: they carry the invisible page markers.
"""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

from benchmarks.layouts import degrade, families, heldout_v2, heldout_v3, render
from benchmarks.layouts.spec import DocSpec

SOURCE_DPI = 300
VARIANTS = ("clean", "photocopy")


@dataclass(frozen=True)
class TruthTable:
    """What extraction must give for one table."""

    index: int
    title: str
    heading: tuple[str, ...]
    unit: str
    pages: tuple[int, ...]
    rows: tuple[tuple[str, ...], ...]  # the expected CSV, header first
    injected: dict | None


@dataclass(frozen=True)
class Document:
    """A generated document: the spec, the page images of each variant and the truth."""

    spec: DocSpec
    pages: dict[str, list]  # variant -> PIL images
    dpi: dict[str, int]
    store: dict[str, tuple[bool, int]]  # variant -> (binary, jpeg quality)
    truth: tuple[TruthTable, ...]


def seeds_for(split: str, docs: int, offset: int = 0) -> list[int]:
    """The seeds of a split: tune 0-999, held-out from 10000 on, second held-out set from 20000 on."""
    start = {"heldout": families.HELDOUT_SEED_START, "heldout2": families.HELDOUT2_SEED_START,
             "heldout3": families.HELDOUT3_SEED_START}.get(split, 0)
    return [start + offset + i for i in range(docs)]


def make(family: str, seed: int, *, severity: float = 0.7, variants: tuple[str, ...] = VARIANTS) -> Document:
    """Render one document of ``family`` for ``seed`` (Chromium, pdftoppm) and degrade it."""
    spec = families.build(family, seed)
    with tempfile.TemporaryDirectory(prefix="tgen-doc-") as tmp:
        pdf = Path(tmp) / "printed.pdf"
        page_html = heldout_v2.document_html(spec) if isinstance(spec, heldout_v2.DocV2) else render.document_html(spec)
        if isinstance(spec, heldout_v3.DocV3):
            page_html = heldout_v3.document_html(spec)
        render.print_pdf(page_html, pdf)
        spans = render.marker_pages(pdf, len(spec.tables))
        printed = render.rasterise(pdf, SOURCE_DPI)
    truth = tuple(
        TruthTable(index=i, title=t.title, heading=t.heading, unit=t.unit, pages=spans[i - 1], rows=t.csv_rows(),
                   injected=asdict(t.injected) if t.injected else None)
        for i, t in enumerate(spec.tables, 1))
    pages: dict[str, list] = {}
    dpi: dict[str, int] = {}
    store: dict[str, tuple[bool, int]] = {}
    if "clean" in variants:
        pages["clean"], dpi["clean"], store["clean"] = printed, SOURCE_DPI, (False, 92)
    if "photocopy" in variants and isinstance(spec, heldout_v3.DocV3):  # the third held-out set's own copier
        pages["photocopy"], dpi["photocopy"], store["photocopy"] = heldout_v3.photocopy_pages(
            printed, source_dpi=SOURCE_DPI, seed=seed, family=family, severity=severity)
    elif "photocopy" in variants:
        scan = degrade.scanner(seed * 7919 + len(family), severity)
        copies = [degrade.photocopy(p, source_dpi=SOURCE_DPI, seed=seed * 101 + n + len(family) * 7, scan=scan, severity=severity)
                  for n, p in enumerate(printed)]
        pages["photocopy"], dpi["photocopy"], store["photocopy"] = [c.image for c in copies], scan.dpi, (scan.binary, scan.quality)
    return Document(spec=spec, pages=pages, dpi=dpi, store=store, truth=truth)


def _atomic_write(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    os.replace(tmp, path)


def csv_bytes(rows: tuple[tuple[str, ...], ...]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue().encode("utf-8")


def write_document(doc: Document, folder: Path) -> dict:
    """Write one document's scans, truth CSVs and doc.json; return its manifest entry."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "truth").mkdir(exist_ok=True)
    files = {}
    for variant, images in doc.pages.items():
        target = folder / f"{variant}.pdf"
        binary, quality = doc.store[variant]
        tmp = folder / f".{variant}.tmp.pdf"
        degrade.save_pdf(images, doc.dpi[variant], tmp, quality=quality)
        os.replace(tmp, target)
        files[variant] = target.name
    tables = []
    for t in doc.truth:
        name = f"truth/table-{t.index}.csv"
        _atomic_write(folder / name, csv_bytes(t.rows))
        tables.append({"index": t.index, "csv": name, "title": t.title, "heading": list(t.heading), "unit": t.unit,
                       "pages": list(t.pages), "rows": len(t.rows) - 1, "columns": len(t.rows[0]), "injected": t.injected})
    entry = {"family": doc.spec.family, "split": families.split_of(doc.spec.family), "seed": doc.spec.seed,
             "folder": folder.name, "pages": len(next(iter(doc.pages.values()))), "files": files,
             "dpi": doc.dpi, "font": doc.spec.setup.font, "size_pt": doc.spec.setup.size_pt,
             "landscape": doc.spec.setup.landscape, "tables": tables}
    _atomic_write(folder / "doc.json", json.dumps(entry, ensure_ascii=False, indent=1).encode("utf-8"))
    return entry


def read_truth(folder: Path) -> tuple[dict, list[tuple[tuple[str, ...], ...]]]:
    """doc.json and the truth CSVs of one written document."""
    entry = json.loads((folder / "doc.json").read_text(encoding="utf-8"))
    rows = []
    for t in entry["tables"]:
        with open(folder / t["csv"], newline="", encoding="utf-8") as handle:
            rows.append(tuple(tuple(r) for r in csv.reader(handle)))
    return entry, rows

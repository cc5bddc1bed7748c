"""The review page of ``vnreport tables``: each table as a grid beside the crop of the scan it was
read from, the cells with findings highlighted with the check that failed and the suggested value.

Data only from what the run produced: the tables (cells as written to the CSV, where they were
printed: :attr:`vnreport.tables.objects.Table.regions`) and their findings (as in report.json).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from pathlib import Path

from PIL import Image

from vnreport.output import write_text_atomic
from vnreport.review.fixpage import ImageOptions, encode_image
from vnreport.review.html import render_page
from vnreport.tables.export import csv_name
from vnreport.tables.objects import InputReport

log = logging.getLogger(__name__)

# Space kept around a table's crop, as a share of the page height: the title above is worth seeing,
# and the page was deskewed before the table was found, so the edges can be a little off.
CROP_MARGIN = 0.02


def tables_data(reports: Sequence[InputReport]) -> dict:
    """Every input with its tables (header, rows, where printed) and findings, for the page's script."""
    inputs = []
    for number, report in enumerate(reports):
        tables = []
        findings = report.findings
        for index, result in enumerate(report.results, start=1):
            table = result.table
            tables.append({
                "index": index,
                "csv": csv_name(index, table),
                "title": table.title,
                "page": table.page,
                "pages": list(table.pages),
                "header": list(table.header),
                "rows": [list(row) for row in table.rows],
                "crops": [f"{number}-{index}-{k}" for k in range(len(table.regions))],
                "findings": [finding.to_json() for finding in findings if finding.table == index],
            })
        prose = [finding.to_json() for finding in findings if finding.table is None]
        inputs.append({"name": Path(report.input).name, "error": report.error, "tables": tables, "prose": prose})
    return {"kind": "tables", "inputs": inputs}


def table_crops(reports: Sequence[InputReport], load: Callable[[str, int], Image.Image], options: ImageOptions = ImageOptions()) -> dict[str, str]:
    """Base64 JPEG crops of every table region, keyed "<input>-<table>-<part>"; ``load(input, page)``
    gives the page image at the resolution the table was read at (the regions are in its pixels)."""
    crops: dict[str, str] = {}
    pages: dict[tuple[str, int], Image.Image] = {}
    try:
        for number, report in enumerate(reports):
            for index, result in enumerate(report.results, start=1):
                for part, (page, left, top, right, bottom) in enumerate(result.table.regions):
                    key = (report.input, page)
                    if key not in pages:
                        try:
                            pages[key] = load(report.input, page)
                        except Exception as exc:  # the crop is an extra: the grid and findings still show
                            log.warning("review page: no image of %s page %d (%s)", report.input, page, exc)
                            continue
                    image = pages[key]
                    margin = round(CROP_MARGIN * image.height)
                    box = (max(0, left - margin), max(0, top - 5 * margin), min(image.width, right + margin), min(image.height, bottom + margin))
                    crops[f"{number}-{index}-{part}"] = encode_image(image.crop(box), options)
    finally:
        for image in pages.values():
            image.close()
    return crops


def write_tables_review(target: Path, reports: Sequence[InputReport], load: Callable[[str, int], Image.Image], *, protect: tuple[Path, ...] = ()) -> None:
    """Build the tables review page and write it atomically."""
    names = ", ".join(Path(report.input).name for report in reports)
    write_text_atomic(target, render_page("tables", f"Tables: {names}", tables_data(reports), table_crops(reports, load)), protect=protect)


def page_loader(dpi: int) -> Callable[[str, int], Image.Image]:
    """Load page ``n`` of an input as ``vnreport tables`` read it (PDFs at ``dpi``, images as they are).

    Each input is opened (sniffed) once, however many of its pages have tables to crop.
    """
    from vnreport.sources import Source

    opened: dict[str, Source] = {}

    def load(path: str, page: int) -> Image.Image:
        if path not in opened:
            opened[path] = Source.open(Path(path))
        return opened[path].load_page(page, dpi=dpi)

    return load

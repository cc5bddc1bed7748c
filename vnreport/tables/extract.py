"""The tables of one input: page tasks (rasterise → table parts found on the page), continued
tables joined, labels and numbers repaired, every table validated.

:func:`extract_tables` runs it all for one input in this process; the ``vnreport tables`` recipe
(:mod:`vnreport.recipes.tables`) runs the same :class:`TablePageTask` objects through the page
execution layer and the same steps on their outcomes.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

from vnreport.config import OcrConfig, RestoreConfig
from vnreport.diacritics import Restorer
from vnreport.engine import OcrEngine, TesseractEngine
from vnreport.errors import ExitCode, InputError, VnreportError
from vnreport.rasterize import check_page_selection
from vnreport.sources import Source, TextSource, page_config
from vnreport.tables.config import TableConfig
from vnreport.tables.image import TablePart, join_pages, tables_from_page
from vnreport.tables.labels import restore_labels
from vnreport.tables.objects import InputReport, Table, TableResult
from vnreport.tables.textinput import tables_from_text
from vnreport.tables.validate import choose_readings, repair_table, validate_table

log = logging.getLogger(__name__)


def analyse(tables: Sequence[Table], config: TableConfig) -> tuple[TableResult, ...]:
    """Choose between differing OCR readings, repair OCR confusions in numeric columns (with a
    warning each) and validate every table."""
    results = []
    for table in tables:
        table, chosen = choose_readings(table, config)
        repaired, warnings = repair_table(table, config)
        results.append(TableResult(repaired, chosen + warnings + validate_table(repaired, config)))
    return tuple(results)


@dataclass(frozen=True)
class TablePageTask:
    """One page of one input for a worker: rasterise it and find its table parts."""

    source: Source
    number: int
    ocr: OcrConfig
    config: TableConfig
    engine: OcrEngine

    def __call__(self) -> TablePageOutcome:
        try:
            image = self.source.load_page(self.number, dpi=self.ocr.dpi)
            try:
                parts = tables_from_page(image, page_number=self.number, config=self.config,
                                         ocr=page_config(image, self.ocr, psm=self.config.psm), engine=self.engine)
            finally:
                image.close()
        except VnreportError as exc:
            return TablePageOutcome(self.number, error=str(exc), exit_code=int(exc.exit_code))
        return TablePageOutcome(self.number, parts=tuple(parts))


@dataclass(frozen=True)
class TablePageOutcome:
    """The table parts found on a page, or why the page could not be read."""

    number: int
    parts: tuple[TablePart, ...] = ()
    error: str | None = None
    exit_code: int = int(ExitCode.OK)


def tables_from_images(pages: Iterable[tuple[int, Image.Image]], *, config: TableConfig, ocr: OcrConfig,
                       engine: OcrEngine | None = None) -> tuple[Table, ...]:
    """Tables of a sequence of page images (1-based numbers), continued tables joined (in this process)."""
    parts: list[TablePart] = []
    for number, image in pages:
        parts.extend(tables_from_page(image, page_number=number, config=config, ocr=page_config(image, ocr, psm=config.psm), engine=engine))
    return join_pages(parts, config)


def tables_of_text(source: TextSource) -> tuple[Table, ...]:
    """The tables of OCR text (the whole text of a text source); InputError when there are none."""
    tables = tables_from_text(source.text())
    if not tables:
        raise InputError(f"{source.path}: no appendix table found in the text (looked for 'Phụ lục N' / 'Biểu' headings followed by numbered rows)")
    return tables


def tables_of_pages(path: Path | str, outcomes: Sequence[TablePageOutcome], config: TableConfig) -> tuple[Table, ...]:
    """The tables of an input from its page outcomes (page order); InputError for an unreadable page
    or when no page has a table."""
    outcomes = sorted(outcomes, key=lambda outcome: outcome.number)
    failed = [outcome for outcome in outcomes if outcome.error]
    if failed:
        raise _PageError(failed[0].error or "", failed[0].exit_code)
    tables = join_pages([part for outcome in outcomes for part in outcome.parts], config)
    if not tables:
        count = len(outcomes)
        raise InputError(f"{path}: no table found on {count} page{'s' if count != 1 else ''} (no ruled grid or table rule with aligned rows)")
    return tables


class _PageError(VnreportError):
    def __init__(self, message: str, exit_code: int) -> None:
        super().__init__(message)
        self.exit_code = ExitCode(exit_code)


def label_restorer(config: TableConfig, restore: RestoreConfig) -> Callable[[Sequence[Table]], tuple[Table, ...]]:
    """Repairs the labels of tables; the restorer's model is loaded once, when first needed."""
    loaded: list[Restorer] = []

    def run(tables: Sequence[Table]) -> tuple[Table, ...]:
        if config.restore_labels == "none":
            return tuple(tables)
        def repair(text: str) -> str:
            if not loaded:  # built on the first label that needs it: most tables read by vie need none
                loaded.append(Restorer(restore))
            return loaded[0].restore(text).text

        return tuple(restore_labels(table, repair, config.restore_labels) for table in tables)

    return run


def extract_tables(path: Path, *, config: TableConfig, ocr: OcrConfig | None = None, restore: RestoreConfig | None = None,
                   engine: OcrEngine | None = None) -> InputReport:
    """Read, repair and validate the tables of one input in this process; a bad input becomes
    ``InputReport.error``. DependencyError (Tesseract or Poppler missing) is raised."""
    ocr = ocr or OcrConfig(dpi=config.dpi)
    engine = engine or TesseractEngine(reread_header=False)  # cells, not pages: no header block
    try:
        source = Source.open(Path(path))
        if source.has_pages:
            numbers = check_page_selection(ocr.pages, source.page_count())
            tables = tables_of_pages(path, [TablePageTask(source, n, ocr, config, engine)() for n in numbers], config)
        else:
            tables = tables_of_text(source)
        tables = label_restorer(config, restore or RestoreConfig())(tables)
    except VnreportError as exc:
        if exc.exit_code is ExitCode.MISSING_DEPENDENCY:
            raise
        return InputReport(str(path), error=str(exc))
    return InputReport(str(path), analyse(tables, config))

"""The recipes of ``vnreport tables`` and ``vnreport check``.

``tables``: for each input — sniff → read (text, or pages → tables) → repair numbers → validate →
write CSVs and report.json; inputs run in worker processes (``--jobs``), a bad input is reported and
the batch goes on. ``check``: load CSVs / report folders / report text → validate → findings.

Exit-code policy (README, "Exit codes"): 3 when any input could not be read or checked, else 1 when
any error finding exists, else 0. The bad input wins because a check that did not look at
everything cannot say the numbers are right; the findings it did make are still reported.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field, replace
from pathlib import Path

from PIL import Image

from vnreport import ocr as ocr_module
from vnreport.config import OcrConfig, RestoreConfig
from vnreport.diacritics import Restorer
from vnreport.errors import ExitCode, InputError, VnreportError
from vnreport.inputs import InputKind, read_text_input, sniff_input
from vnreport.progress import NullProgress, Progress
from vnreport.rasterize import iter_page_images
from vnreport.tables.config import TableConfig
from vnreport.tables.export import REPORT_NAME, read_csv_table, write_report
from vnreport.tables.image import TablePart, join_pages, tables_from_page
from vnreport.tables.labels import restore_labels
from vnreport.tables.objects import Finding, InputReport, Table, TableResult
from vnreport.tables.prose import check_prose
from vnreport.tables.textinput import tables_from_text
from vnreport.tables.validate import choose_readings, repair_table, validate_table

log = logging.getLogger(__name__)


# --- vnreport tables ------------------------------------------------------------------------------


def analyse(tables: Sequence[Table], config: TableConfig) -> tuple[TableResult, ...]:
    """Choose between differing OCR readings, repair OCR confusions in numeric columns (with a
    warning each) and validate every table."""
    results = []
    for table in tables:
        table, chosen = choose_readings(table, config)
        repaired, warnings = repair_table(table, config)
        results.append(TableResult(repaired, chosen + warnings + validate_table(repaired, config)))
    return tuple(results)


def read_tables(path: Path, *, config: TableConfig, ocr: OcrConfig, restore: RestoreConfig) -> tuple[Table, ...]:
    """The tables of one input (PDF, image or OCR text), as printed; InputError when there are none."""
    kind = sniff_input(path)
    if kind is InputKind.TEXT:
        tables = tables_from_text(read_text_input(path))
        if not tables:
            raise InputError(f"{path}: no appendix table found in the text (looked for 'Phụ lục N' / 'Biểu' headings followed by numbered rows)")
    else:
        pages: list[int] = []

        def counted() -> Iterator[tuple[int, Image.Image]]:
            for number, image in iter_page_images(path, dpi=ocr.dpi, pages=ocr.pages):
                pages.append(number)
                yield number, image

        tables = tables_from_images(counted(), config=config, ocr=ocr)
        if not tables:
            count = len(pages)
            raise InputError(f"{path}: no table found on {count} page{'s' if count != 1 else ''} (no ruled grid or table rule with aligned rows)")
    if config.restore_labels == "none":
        return tables
    restorer = Restorer(restore)
    return tuple(restore_labels(table, lambda text: restorer.restore(text).text, config.restore_labels) for table in tables)


def tables_from_images(pages: Iterable[tuple[int, Image.Image]], *, config: TableConfig, ocr: OcrConfig) -> tuple[Table, ...]:
    """Tables of a sequence of page images (1-based numbers), continued tables joined."""
    parts: list[TablePart] = []
    for number, image in pages:
        page_ocr = replace(ocr, dpi=_image_dpi(image, ocr.dpi), psm=config.psm)
        parts.extend(tables_from_page(image, page_number=number, config=config, ocr=page_ocr))
    return join_pages(parts, config)


def _image_dpi(image: Image.Image, default: int) -> int:
    """The resolution to give Tesseract: the file's own when it states a plausible one."""
    dpi = image.info.get("dpi")
    try:
        value = int(round(float(dpi[0])))
    except (TypeError, ValueError, IndexError):
        return default
    return value if 100 <= value <= 1200 else default


def extract_tables(path: Path, *, config: TableConfig, ocr: OcrConfig | None = None, restore: RestoreConfig | None = None) -> InputReport:
    """Read, repair and validate the tables of one input; a bad input becomes ``InputReport.error``.

    DependencyError (Tesseract or Poppler missing) is raised: no other input could be read either.
    """
    ocr = ocr or OcrConfig(dpi=config.dpi)
    try:
        tables = read_tables(Path(path), config=config, ocr=ocr, restore=restore or RestoreConfig())
    except VnreportError as exc:
        if exc.exit_code is not ExitCode.BAD_INPUT:
            raise
        return InputReport(str(path), error=str(exc))
    return InputReport(str(path), analyse(tables, config))


@dataclass(frozen=True)
class BatchResult:
    """What ``vnreport tables`` did: one report per input, and where each was written."""

    reports: tuple[InputReport, ...]
    written: tuple[Path | None, ...] = field(default=())

    @property
    def exit_code(self) -> ExitCode:
        if any(report.error for report in self.reports):
            return ExitCode.BAD_INPUT
        if any(report.error_count for report in self.reports):
            return ExitCode.VALIDATION_ERRORS
        return ExitCode.OK


def output_dirs(inputs: Sequence[Path], out_dir: Path) -> list[Path]:
    """DIR for one input; DIR/<stem>/ for several, with -2, -3 … when stems repeat."""
    if len(inputs) == 1:
        return [out_dir]
    seen: dict[str, int] = {}
    result = []
    for path in inputs:
        stem = Path(path).stem or "input"
        seen[stem] = seen.get(stem, 0) + 1
        result.append(out_dir / (stem if seen[stem] == 1 else f"{stem}-{seen[stem]}"))
    return result


def run_tables(
    inputs: Sequence[Path],
    out_dir: Path,
    *,
    config: TableConfig,
    ocr: OcrConfig,
    restore: RestoreConfig,
    jobs: int = 1,
    progress: Progress | None = None,
    on_report: Callable[[InputReport], None] | None = None,
) -> BatchResult:
    """Extract and validate every input, writing each one's CSVs and report.json as it finishes."""
    progress = progress or NullProgress()
    if any(_needs_ocr(path) for path in inputs):
        # Fail once, before any page, with the install hint.
        ocr_module.require_languages(ocr.lang + (f"+{config.figures_lang}" if config.reread_figures else ""))
    directories = output_dirs(inputs, out_dir)
    protect = tuple(Path(path) for path in inputs)
    reports: dict[int, InputReport] = {}
    written: dict[int, Path | None] = {}

    def finish(index: int, report: InputReport) -> None:
        reports[index] = report
        written[index] = write_report(report, directories[index], config, protect=protect)
        progress.advance()
        if on_report is not None:
            on_report(report)

    progress.start("Reading tables", len(inputs))
    try:
        if not any(_needs_ocr(path) for path in inputs):
            for index, path in enumerate(inputs):
                finish(index, extract_tables(path, config=config, ocr=ocr, restore=restore))
        else:
            # Tesseract runs in workers set to one OpenMP thread each (vnreport.ocr.init_worker), even
            # for --jobs 1, so this process's environment is left alone.
            workers = max(1, min(jobs, len(inputs)))
            with ProcessPoolExecutor(max_workers=workers, initializer=ocr_module.init_worker) as pool:
                futures = {
                    pool.submit(extract_tables, path, config=config, ocr=ocr, restore=restore): index
                    for index, path in enumerate(inputs)
                }
                for future in as_completed(futures):
                    finish(futures[future], future.result())
    finally:
        progress.finish()
    order = range(len(inputs))
    return BatchResult(tuple(reports[i] for i in order), tuple(written[i] for i in order))


def _needs_ocr(path: Path) -> bool:
    try:
        return sniff_input(Path(path)) is not InputKind.TEXT
    except InputError:
        return False  # reported as a bad input when its turn comes


# --- vnreport check -------------------------------------------------------------------------------


@dataclass(frozen=True)
class CheckResult:
    """Findings (each with its ``source`` file) and the paths that could not be checked."""

    findings: tuple[Finding, ...]
    failures: tuple[str, ...]
    checked: int = 0  # tables and texts looked at

    @property
    def exit_code(self) -> ExitCode:
        if self.failures:
            return ExitCode.BAD_INPUT
        if any(finding.severity == "error" for finding in self.findings):
            return ExitCode.VALIDATION_ERRORS
        return ExitCode.OK


def check_paths(paths: Sequence[Path], config: TableConfig) -> CheckResult:
    """Validate CSV files, report folders (report.json + CSVs), report.json files and report text."""
    findings: list[Finding] = []
    failures: list[str] = []
    checked = 0
    for path in paths:
        try:
            found, count = _check_one(Path(path), config)
        except VnreportError as exc:
            failures.append(str(exc))
            continue
        findings.extend(found)
        checked += count
    return CheckResult(tuple(findings), tuple(failures), checked)


def _check_one(path: Path, config: TableConfig) -> tuple[list[Finding], int]:
    if path.is_dir():
        reports = sorted(path.rglob(REPORT_NAME))
        if reports:
            results = [_check_report(report, config) for report in reports]
            return [f for found, _ in results for f in found], sum(count for _, count in results)
        csvs = sorted(path.rglob("*.csv"))
        if not csvs:
            raise InputError(f"{path}: no report.json and no CSV file in this folder")
        return [f for csv_path in csvs for f in _check_csv(csv_path, 1, config)], len(csvs)
    if not path.exists():
        raise InputError(f"{path} does not exist")
    if path.suffix.lower() == ".csv":
        return _check_csv(path, 1, config), 1
    if path.suffix.lower() == ".json":
        return _check_report(path, config)
    kind = sniff_input(path)
    if kind is not InputKind.TEXT:
        raise InputError(f"{path} is a {kind.value.upper()}: `vnreport check` reads CSVs, report folders and text; run `vnreport tables` on it first")
    text = read_text_input(path)
    return [replace(finding, source=str(path)) for finding in check_prose(text, config)], 1


def _check_csv(path: Path, index: int, config: TableConfig) -> list[Finding]:
    table = read_csv_table(path)
    return [replace(finding, table=index, source=str(path)) for finding in validate_table(table, config)]


def _check_report(report: Path, config: TableConfig) -> tuple[list[Finding], int]:
    try:
        document = json.loads(report.read_text(encoding="utf-8"))
        entries = document["tables"]
        names = [entry["csv"] for entry in entries]
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError) as exc:
        raise InputError(f"{report} is not a vnreport report.json ({type(exc).__name__}: {exc})") from exc
    if document.get("error"):
        raise InputError(f"{report}: the input was not read: {document['error']}")
    findings: list[Finding] = []
    for index, name in enumerate(names, start=1):
        csv_path = report.parent / name
        if not csv_path.is_file():
            raise InputError(f"{report} lists {name}, which is missing")
        findings.extend(_check_csv(csv_path, index, config))
    return findings, len(names)

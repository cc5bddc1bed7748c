"""The recipes of ``vnreport tables`` and ``vnreport check``.

``tables``: plan (inputs, one folder per input) → probe Tesseract with every language once → for
each input, lazily: sniff + hash → up to date? skip : one page task per page (rasterise → tables
found on the page), run by the one page-execution layer (:mod:`vnreport.execution`: worker
processes, this process for ``--jobs 1``, or a Dask cluster) → as an input's last page arrives:
join continued tables → repair labels → repair numbers → validate → write CSVs, report.json and the
resume stamp. A bad input is reported and the batch goes on. ``check``: load CSVs / report folders
/ report text → validate → findings.

Exit-code policy (README, "Exit codes"): the code of the failure when every input failed (3 for a
bad input); 6 when some did; else 1 when any error finding exists, else 0. A failed input wins
over findings because a check that did not look at everything cannot say the numbers are right;
the findings it did make are still reported.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from PIL import Image

from vnreport import batch as plan
from vnreport.batch import DONE, FAILED, SKIPPED, BatchInput, BatchRecord, InputResult
from vnreport.config import OcrConfig, RestoreConfig
from vnreport.diacritics import Restorer
from vnreport.engine import OcrEngine, TesseractEngine
from vnreport.errors import ExitCode, InputError, VnreportError
from vnreport.execution import make_executor, run_groups
from vnreport.inputs import InputKind, read_text_input, sniff_input
from vnreport.progress import BatchProgress, NullBatchProgress
from vnreport.rasterize import check_page_selection, probe_poppler
from vnreport.sources import Source, page_config
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


def tables_of_text(path: Path) -> tuple[Table, ...]:
    """The tables of OCR text; InputError when there are none."""
    tables = tables_from_text(read_text_input(path))
    if not tables:
        raise InputError(f"{path}: no appendix table found in the text (looked for 'Phụ lục N' / 'Biểu' headings followed by numbered rows)")
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


class _NotWritten(Exception):
    """--format json: the report is kept in memory, not written to a folder."""


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
        if not loaded:
            loaded.append(Restorer(restore))
        restorer = loaded[0]
        return tuple(restore_labels(table, lambda text: restorer.restore(text).text, config.restore_labels) for table in tables)

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
            tables = tables_of_text(source.path)
        tables = label_restorer(config, restore or RestoreConfig())(tables)
    except VnreportError as exc:
        if exc.exit_code is ExitCode.MISSING_DEPENDENCY:
            raise
        return InputReport(str(path), error=str(exc))
    return InputReport(str(path), analyse(tables, config))


@dataclass
class TablesRun:
    """What ``vnreport tables`` did: the batch record (statuses, exit code) and each input's report
    (None for inputs skipped as up to date or not reached)."""

    record: BatchRecord
    reports: list[InputReport | None] = field(default_factory=list)
    batch: bool = True

    @property
    def exit_code(self) -> ExitCode:
        return self.record.exit_code


def result_options(config: TableConfig, ocr: OcrConfig, restore: RestoreConfig) -> dict[str, object]:
    """The options that change the CSVs and report.json (recorded in the stamp)."""
    return {"command": "tables", "table_config": repr(config), "dpi": ocr.dpi, "lang": ocr.lang,
            "pages": list(ocr.pages) if ocr.pages is not None else None, "restore": repr(restore)}


def run_tables(
    inputs: Sequence[Path | str],
    out_dir: Path,
    *,
    config: TableConfig,
    ocr: OcrConfig,
    restore: RestoreConfig,
    jobs: int | None = None,
    progress: BatchProgress | None = None,
    on_report: Callable[[InputReport], None] | None = None,
    on_result: Callable[[InputResult], None] | None = None,
    engine: OcrEngine | None = None,
    pattern: str | None = None,
    force: bool = False,
    scheduler: str | None = None,
    write: bool = True,
) -> TablesRun:
    """Extract and validate every input, writing each one's CSVs and report.json as it finishes.

    One input (a file) writes into ``out_dir`` itself; several, or a folder, one folder per input
    (``OUTDIR/<stem>/``, or ``OUTDIR/<path under the folder argument>/<stem>/``) and
    ``OUTDIR/batch.json``. Up-to-date inputs are skipped unless ``force``. ``write=False``
    (``--format json``) writes nothing: the reports are returned, for one JSON document.
    """
    progress = progress or NullBatchProgress()
    engine = engine or TesseractEngine(reread_header=False)  # cells, not pages: no header block
    several = plan.is_batch(inputs)
    stdin = plan.StdinFile()
    items = plan.expand_inputs(inputs, pattern=pattern)
    targets = plan.plan_outputs(items, out_dir, "") if several and write else [Path(out_dir)] * len(items)
    if several and write:
        plan.make_out_dir(out_dir)
    try:
        items = [BatchInput(stdin.read(), item.name, item.rel) if str(item.path) == plan.STDIN else item for item in items]
        _probe(items, ocr, config, engine)
        stamp_options = result_options(config, ocr, restore)
        record = BatchRecord("tables", [InputResult(item.name) for item in items])
        run = TablesRun(record, [None] * len(items), batch=several)
        protect = tuple(item.path for item in items)
        restore_tables = label_restorer(config, restore)
        sources: dict[int, Source] = {}
        started: dict[int, float] = {}

        def finish(index: int, report: InputReport) -> None:
            result = record.results[index]
            report = replace(report, input=items[index].name)
            run.reports[index] = report
            target = targets[index]
            try:
                if not write:
                    result.status = FAILED if report.error else DONE
                    result.error = report.error
                    result.exit_code = int(ExitCode.BAD_INPUT) if report.error else 0
                    result.findings = report.error_count
                    raise _NotWritten
                plan.forget_stamp(target, folder=True)
                written = write_report(report, target, config, protect=protect)
            except _NotWritten:
                pass
            except VnreportError as exc:
                result.status, result.error, result.exit_code = FAILED, str(exc), int(exc.exit_code)
            else:
                result.outputs = [str(written.parent / name) for name in _csv_names(written)] + [str(written)]
                if report.error:
                    result.status, result.error, result.exit_code = FAILED, report.error, int(ExitCode.BAD_INPUT)
                else:
                    result.status = DONE
                    result.findings = report.error_count
                    plan.write_stamp(target, sources[index].digest, stamp_options, [Path(name) for name in result.outputs], folder=True)
            result.seconds = time.monotonic() - started[index]
            sources.pop(index, None)
            progress.advance_files(result.input)
            if on_report is not None and result.status == DONE:
                on_report(report)
            if on_result is not None:
                on_result(result)

        def groups():
            for index, item in enumerate(items):
                started[index] = time.monotonic()
                result = record.results[index]
                try:
                    source = sources[index] = Source.open(item.path, digest=True)
                    if write:
                        plan.remove_leftovers(targets[index], folder=True)
                    if write and not force and plan.is_up_to_date(targets[index], source.digest, stamp_options, folder=True):
                        sources.pop(index)
                        result.status = SKIPPED
                        result.outputs = [str(targets[index] / REPORT_NAME)]
                        result.findings = _recorded_errors(targets[index] / REPORT_NAME)  # the exit code still says 1
                        result.seconds = time.monotonic() - started[index]
                        progress.advance_files(result.input)
                        if on_result is not None:
                            on_result(result)
                        continue
                    if source.has_pages:
                        numbers = check_page_selection(ocr.pages, source.page_count())
                        result.pages = len(numbers)
                        progress.add_pages(len(numbers))
                        yield index, [TablePageTask(source, n, ocr, config, engine) for n in numbers]
                        continue
                    tables = restore_tables(tables_of_text(source.path))
                    result.pages = 1
                    report = InputReport(item.name, analyse(tables, config))
                except VnreportError as exc:
                    if exc.exit_code is ExitCode.MISSING_DEPENDENCY:
                        raise
                    report = InputReport(item.name, error=str(exc))
                finish(index, report)

        def finish_pages(index, outcomes: Sequence[TablePageOutcome]) -> None:
            try:
                tables = restore_tables(tables_of_pages(items[index].name, outcomes, config))
                report = InputReport(items[index].name, analyse(tables, config))
            except VnreportError as exc:
                if exc.exit_code is ExitCode.MISSING_DEPENDENCY:
                    raise
                report = InputReport(items[index].name, error=str(exc))
            finish(index, report)

        progress.start(len(items))
        try:
            with make_executor(jobs, scheduler=scheduler) as executor:
                run_groups(groups(), executor, on_group=finish_pages, on_task=lambda _key: progress.advance_pages())
        except KeyboardInterrupt:
            record.interrupted = True
        finally:
            progress.finish()
        if several and write:
            record.write(out_dir)
        return run
    finally:
        stdin.remove()


def _recorded_errors(report_path: Path) -> int:
    """Error findings of a report.json written by an earlier run."""
    try:
        document = json.loads(report_path.read_text(encoding="utf-8"))
        return sum(1 for finding in document.get("findings", []) if finding.get("severity") == "error")
    except (OSError, ValueError, AttributeError):
        return 0


def _csv_names(report_path: Path) -> list[str]:
    document = json.loads(report_path.read_text(encoding="utf-8"))
    return [entry["csv"] for entry in document.get("tables", [])]


def _probe(items: Sequence[BatchInput], ocr: OcrConfig, config: TableConfig, engine: OcrEngine) -> None:
    """Tesseract with every language (the page pass and the figures pass), and Poppler when a PDF is
    among the inputs, before any page."""
    kinds = set()
    for item in items:
        try:
            kinds.add(sniff_input(item.path))
        except VnreportError:
            continue  # reported by name when its turn comes
    if InputKind.PDF in kinds:
        probe_poppler()
    if kinds - {InputKind.TEXT}:
        engine.probe(ocr.lang + (f"+{config.figures_lang}" if config.reread_figures else ""))


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

"""The recipe of ``vnreport tables``.

plan (inputs, one folder per input) → probe Tesseract with every language once → for each input,
lazily (:func:`vnreport.batch.run_inputs`): sniff + hash → up to date? skip : one page task per
page (:class:`~vnreport.tables.extract.TablePageTask`: rasterise → tables found on the page), run by
the one page-execution layer (:mod:`vnreport.execution`: worker processes, this process for
``--jobs 1``, or a Dask cluster) → as an input's last page arrives: join continued tables → repair
labels → repair numbers → validate → write CSVs, report.json and the resume stamp. A bad input is
reported (its folder gets a report.json saying why) and the batch goes on.

Exit-code policy (README, "Exit codes"): the code of the failure when every input failed (3 for a
bad input); 6 when some did; else 1 when any error finding exists, else 0. A failed input wins
over findings because a check that did not look at everything cannot say the numbers are right;
the findings it did make are still reported.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from vnreport import batch as plan
from vnreport.batch import BatchInput, BatchRecord, InputResult
from vnreport.config import OcrConfig, RestoreConfig
from vnreport.engine import OcrEngine, TesseractEngine
from vnreport.errors import ExitCode, VnreportError
from vnreport.progress import BatchProgress, NullBatchProgress
from vnreport.rasterize import check_page_selection
from vnreport.sources import Source
from vnreport.tables.config import TableConfig
from vnreport.tables.export import REPORT_NAME, write_report
from vnreport.tables.extract import TablePageOutcome, TablePageTask, analyse, label_restorer, tables_of_pages, tables_of_text
from vnreport.tables.objects import InputReport

log = logging.getLogger(__name__)


@dataclass
class TablesRun:
    """What ``vnreport tables`` did: the batch record (statuses, exit code) and each input's report
    (None for inputs skipped as up to date or not reached, and for all of them when the run was
    asked not to keep them)."""

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
    keep_reports: bool = True,
) -> TablesRun:
    """Extract and validate every input, writing each one's CSVs and report.json as it finishes.

    One input (a file) writes into ``out_dir`` itself; several, or a folder, one folder per input
    (``OUTDIR/<stem>/``, or ``OUTDIR/<path under the folder argument>/<stem>/``) and
    ``OUTDIR/batch.json``. Up-to-date inputs are skipped unless ``force``. ``write=False``
    (``--format json``) writes nothing: the reports are returned, for one JSON document.
    ``keep_reports=False`` keeps none in memory once written (a CSV batch without ``--review``),
    so that memory does not grow with the number of inputs.
    """
    progress = progress or NullBatchProgress()
    engine = engine or TesseractEngine(reread_header=False)  # cells, not pages: no header block
    several = plan.is_batch(inputs)
    stdin = plan.StdinFile()
    items = plan.expand_inputs(inputs, pattern=pattern)
    if not write:
        targets: list[Path | None] = [None] * len(items)
    else:
        targets = list(plan.plan_outputs(items, out_dir, "")) if several else [Path(out_dir)] * len(items)
    if several and write:
        plan.make_out_dir(out_dir)
    try:
        items = [BatchInput(stdin.read(), item.name, item.rel) if str(item.path) == plan.STDIN else item for item in items]
        # Tesseract with every language: the page pass and the figures pass.
        items = plan.probe_tools(items, lambda: engine.probe(ocr.lang + (f"+{config.figures_lang}" if config.reread_figures else "")))
        stamp_options = result_options(config, ocr, restore)
        record = BatchRecord("tables", [InputResult(item.name) for item in items])
        run = TablesRun(record, [None] * len(items), batch=several)
        recipe = _TablesRecipe(items, targets, run, config, ocr, label_restorer(config, restore), engine, on_report,
                               keep_reports=keep_reports or not write)
        settings = plan.LoopSettings(targets=targets, stamp=stamp_options, folder=True, force=force, jobs=jobs, scheduler=scheduler)
        plan.run_inputs(items, record, recipe, settings, progress=progress, on_result=on_result)
        if several and write:
            record.write(out_dir)
        return run
    finally:
        stdin.remove()


class _TablesRecipe:
    """One input of ``vnreport tables``: its page tasks, then its tables joined, repaired,
    validated and written (or only kept, for ``--format json``)."""

    def __init__(self, items: Sequence[BatchInput], targets: Sequence[Path | None], run: TablesRun, config: TableConfig,
                 ocr: OcrConfig, restore_tables: Callable, engine: OcrEngine,
                 on_report: Callable[[InputReport], None] | None, *, keep_reports: bool = True) -> None:
        self.items = items
        self.keep_reports = keep_reports
        self.targets = targets
        self.run = run
        self.config = config
        self.ocr = ocr
        self.restore_tables = restore_tables
        self.engine = engine
        self.on_report = on_report
        self.protect = tuple(item.path for item in items)

    def tasks(self, index: int, source: Source) -> list[TablePageTask]:
        if not source.has_pages:
            return []  # read in finish()
        numbers = check_page_selection(self.ocr.pages, source.page_count())
        return [TablePageTask(source, n, self.ocr, self.config, self.engine) for n in numbers]

    def skipped(self, index: int, result: InputResult) -> None:
        target = self.targets[index]
        assert target is not None
        result.outputs = [str(target / REPORT_NAME)]
        result.findings = _recorded_errors(target / REPORT_NAME)  # the exit code still says 1

    def finish(self, index: int, source: Source | None, values: Sequence[TablePageOutcome],
               error: VnreportError | None) -> plan.Finished:
        name = self.items[index].name
        pages = None if error is not None else (len(values) if values else 1)
        if error is None:
            assert source is not None
            try:
                if source.has_pages:
                    tables = tables_of_pages(name, values, self.config)
                else:
                    tables = tables_of_text(source)
                report = InputReport(name, analyse(self.restore_tables(tables), self.config))
            except VnreportError as exc:
                if exc.exit_code is ExitCode.MISSING_DEPENDENCY:
                    raise
                report = InputReport(name, error=str(exc))
        else:
            report = InputReport(name, error=str(error))
        if self.keep_reports:
            self.run.reports[index] = report
        target = self.targets[index]
        files: tuple[Path, ...] = ()
        if target is not None:
            written = write_report(report, target, self.config, protect=self.protect)
            files = tuple(written.parent / csv for csv in _csv_names(written)) + (written,)
        if report.error:
            return plan.Finished(files, pages=pages, error=report.error, exit_code=int(ExitCode.BAD_INPUT))
        if self.on_report is not None:
            self.on_report(report)
        return plan.Finished(files, pages=pages, findings=report.error_count)


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

"""``vnreport fix A.pdf B.pdf DIR/ -o OUTDIR``: the fix recipe over many inputs in one run.

    plan (inputs, outputs, collisions) -> probe tools once -> load the restorer once ->
    for each input, lazily: sniff + hash -> up to date? skip : page tasks
    -> all page tasks through one executor -> as an input's last page arrives:
    cleanup -> repair -> render -> atomic write -> stamp -> batch.json

The steps are those of :mod:`vnreport.pipeline` (one input); only the bookkeeping is added. The
parent repairs and writes one input while the workers OCR the pages of the next ones.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from vnreport import batch as plan
from vnreport.batch import BatchInput, BatchRecord, InputResult
from vnreport.cleanup import CleanupConfig
from vnreport.config import OcrConfig, RestoreConfig
from vnreport.errors import VnreportError
from vnreport.models import Document
from vnreport.pipeline import (
    FixOptions,
    OcrEngine,
    PageJob,
    PageOutcome,
    ReadResult,
    TesseractEngine,
    TextRestorer,
    clean,
    collect_pages,
    Selection,
    check_output_kind,
    load_restorer,
    read_page,
    repair,
    resolve_restore,
    write_output,
)
from vnreport.progress import BatchProgress, NullBatchProgress
from vnreport.rasterize import check_page_selection
from vnreport.render import OutputFormat, render
from vnreport.sources import Source

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class FixBatchOptions:
    """A batch run of ``vnreport fix``: ``inputs`` as given (files, folders, ``-``), one output
    folder, and the options of a single run."""

    inputs: tuple[str, ...]
    out_dir: Path
    fmt: OutputFormat = OutputFormat.TXT
    ocr: OcrConfig = field(default_factory=OcrConfig)
    restore: RestoreConfig = field(default_factory=RestoreConfig)
    repair: bool = True
    cleanup: CleanupConfig = field(default_factory=CleanupConfig)
    mark_flagged: bool = False
    pattern: str | None = None  # --glob for folder arguments
    force: bool = False  # redo inputs whose outputs are up to date
    scheduler: str | None = None  # Dask scheduler address


def result_options(options: FixBatchOptions) -> dict[str, object]:
    """The options that change an output (recorded in its stamp; ``--jobs``, ``--scheduler`` do not)."""
    return {
        "command": "fix",
        "format": options.fmt.value,
        "dpi": options.ocr.dpi,
        "lang": options.ocr.lang,
        "psm": options.ocr.psm,
        "pages": list(options.ocr.pages) if options.ocr.pages is not None else None,
        "repair": options.repair,
        "tone_style": options.restore.tone_style,
        "min_confidence": options.restore.min_confidence,
        "review_confidence": options.restore.review_confidence,
        "input_kind": options.restore.input_kind,
        "model": str(options.restore.model_dir) if options.restore.model_dir else None,
        "lexicons": plan.options_digest_of_files(options.restore.user_lexicons),
        "adapt_to_document": options.restore.adapt_to_document,
        "mark_flagged": options.mark_flagged,
        "cleanup": repr(options.cleanup),
    }


def run_fix_batch(
    options: FixBatchOptions,
    *,
    progress: BatchProgress | None = None,
    engine: OcrEngine | None = None,
    restorer_factory: Callable[[RestoreConfig], TextRestorer] | None = None,
    on_result: Callable[[InputResult], None] | None = None,
) -> BatchRecord:
    """Fix every input into ``options.out_dir``; a bad input is recorded and the others go on.

    Returns the record (also written to ``OUTDIR/batch.json``); ``record.interrupted`` after Ctrl-C,
    when the inputs not finished are ``not-done`` and every finished output stays.
    Raises before any work for usage errors (collisions), a missing tool or an unwritable folder.
    """
    progress = progress or NullBatchProgress()
    engine = engine or TesseractEngine()
    stdin = plan.StdinFile()
    items = plan.expand_inputs(options.inputs, pattern=options.pattern)
    outputs = plan.plan_outputs(items, options.out_dir, "." + options.fmt.value)
    plan.make_out_dir(options.out_dir)
    try:
        items = [BatchInput(stdin.read(), item.name, item.rel) if str(item.path) == plan.STDIN else item for item in items]
        items = plan.probe_tools(items, lambda: engine.probe(options.ocr.lang))
        stamp_options = result_options(options)  # reads the lexicons: a missing one fails here
        record = BatchRecord("fix", [InputResult(item.name) for item in items])
        recipe = _FixRecipe(options, items, outputs, engine, restorer_factory)
        settings = plan.LoopSettings(targets=outputs, stamp=stamp_options, force=options.force, jobs=options.ocr.jobs,
                                     scheduler=options.scheduler)
        plan.run_inputs(items, record, recipe, settings, progress=progress, on_result=on_result)
        record.write(options.out_dir)
        return record
    finally:
        stdin.remove()


class _FixRecipe:
    """One input of ``vnreport fix``: the steps of :func:`vnreport.pipeline.run_fix`, the OCR of the
    pages done by the batch's executor."""

    def __init__(self, options: FixBatchOptions, items: Sequence[BatchInput], outputs: Sequence[Path], engine: OcrEngine,
                 restorer_factory: Callable[[RestoreConfig], TextRestorer] | None) -> None:
        self.options = options
        self.items = items
        self.outputs = outputs
        self.engine = engine
        self.restorer_factory = restorer_factory
        self.single = FixOptions(input=Path("."), output="-", fmt=options.fmt, ocr=options.ocr, restore=options.restore,
                                 repair=options.repair, cleanup=options.cleanup, mark_flagged=options.mark_flagged)
        self.loaded: dict[str, TextRestorer | None] = {}

    def restorer(self, source: Source) -> TextRestorer | None:
        # Loaded when the first input needs it (a rerun that skips everything never loads it),
        # once per input kind: OCR'd pages get the OCR language's noise model, text "auto".
        resolved = resolve_restore(self.single, source)
        kind = resolved.restore.input_kind
        if kind not in self.loaded:
            self.loaded[kind] = load_restorer(resolved, self.restorer_factory) if self.restorer_factory else load_restorer(resolved)
        return self.loaded[kind]

    def tasks(self, index: int, source: Source) -> list[PageJob]:
        check_output_kind(source, self.single)  # a PDF output of a text input: that input fails
        if not source.has_pages:
            return []  # nothing to OCR: its pages are split from the text in finish(), in this process
        return self.page_jobs(source)

    def page_jobs(self, source: Source) -> list[PageJob]:
        # The selected pages, counted by the source (a text's pages as --cleanup splits them).
        options = self.options
        numbers = check_page_selection(options.ocr.pages, source.page_count(options.cleanup))
        return [PageJob(source=source, number=n, config=options.ocr, engine=self.engine, cleanup=options.cleanup) for n in numbers]

    def skipped(self, index: int, result: InputResult) -> None:
        result.outputs = [str(self.outputs[index])]

    def finish(self, index: int, source: Source | None, values: Sequence[PageOutcome], error: VnreportError | None) -> plan.Finished:
        if error is not None:
            raise error  # nothing is written for an input that cannot be read
        assert source is not None
        options, name = self.options, self.items[index].name
        if not source.has_pages:  # text: its pages read here, as run_fix reads them (no workers)
            values = [read_page(job) for job in self.page_jobs(source)]
        read = collect_pages(source, values, dpi=options.ocr.dpi)
        read = ReadResult(Document(source=name, pages=read.document.pages), read.failures, read.exit_code)
        count = len(read.document.pages) + len(read.failures)
        cleaned = clean(read.document, options.cleanup)
        restored = repair(cleaned, self.restorer(source))
        rendered = render(options.fmt, read.document, cleaned, restored, failures=read.failures, mark_flagged=options.mark_flagged)
        target = replace(self.single, input=source.path, output=str(self.outputs[index]))
        numbers = tuple(page.number for page in read.document.pages) + tuple(failure.page for failure in read.failures)
        write_output(target, source, Selection(numbers=tuple(sorted(numbers))), read, cleaned, restored, rendered)
        files = (self.outputs[index],)
        if not read.failures:
            return plan.Finished(files, pages=count)
        pages = ", ".join(str(failure.page) for failure in read.failures)
        error_text = f"{len(read.failures)} of {count} pages could not be read (page {pages}: {read.failures[0].message}); the output has the other pages"
        return plan.Finished(files, pages=count, error=error_text, exit_code=int(read.exit_code))

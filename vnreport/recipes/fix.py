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
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from vnreport import batch as plan
from vnreport.batch import DONE, FAILED, SKIPPED, BatchInput, BatchRecord, InputResult
from vnreport.cleanup import CleanupConfig, text_to_pages
from vnreport.config import OcrConfig, RestoreConfig
from vnreport.errors import ExitCode, VnreportError
from vnreport.execution import make_executor, run_groups
from vnreport.inputs import read_text_input, sniff_input
from vnreport.models import Document
from vnreport.output import write_text_atomic
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
    repair,
    resolve_restore,
    write_output,
)
from vnreport.progress import BatchProgress, NullBatchProgress
from vnreport.rasterize import check_page_selection, probe_poppler
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
        _probe(items, options.ocr, engine)
        single = FixOptions(input=Path("."), output="-", fmt=options.fmt, ocr=options.ocr, restore=options.restore,
                            repair=options.repair, cleanup=options.cleanup, mark_flagged=options.mark_flagged)
        stamp_options = result_options(options)  # reads the lexicons: a missing one fails here
        loaded: dict[str, TextRestorer | None] = {}

        def restorer(source: Source) -> TextRestorer | None:
            # Loaded when the first input needs it (a rerun that skips everything never loads it),
            # once per input kind: OCR'd pages get the OCR language's noise model, text "auto".
            resolved = resolve_restore(single, source)
            kind = resolved.restore.input_kind
            if kind not in loaded:
                loaded[kind] = load_restorer(resolved, restorer_factory) if restorer_factory else load_restorer(resolved)
            return loaded[kind]

        record = BatchRecord("fix", [InputResult(item.name) for item in items])
        started: dict[int, float] = {}
        texts: dict[int, ReadResult] = {}
        protect = tuple(item.path for item in items)

        def groups():
            for index, item in enumerate(items):
                started[index] = time.monotonic()
                result = record.results[index]
                try:
                    source = sources[index] = Source.open(item.path, digest=True)
                    check_output_kind(source, single)  # a PDF output of a text input: that input fails
                    plan.remove_leftovers(outputs[index])
                    if not options.force and plan.is_up_to_date(outputs[index], source.digest, stamp_options):
                        sources.pop(index)
                        result.status, result.outputs = SKIPPED, [str(outputs[index])]
                        _finish(result, started[index], on_result, progress)
                        continue
                    if source.has_pages:
                        numbers = check_page_selection(options.ocr.pages, source.page_count())
                        progress.add_pages(len(numbers))
                        yield index, [PageJob(source=source, number=n, config=options.ocr, engine=engine) for n in numbers]
                    else:
                        pages = text_to_pages(read_text_input(source.path), options.cleanup)
                        numbers = check_page_selection(options.ocr.pages, len(pages))
                        wanted = set(numbers)
                        texts[index] = ReadResult(Document(source=item.name, pages=tuple(p for p in pages if p.number in wanted)))
                        yield index, []
                except VnreportError as exc:
                    if exc.exit_code is ExitCode.MISSING_DEPENDENCY:
                        raise
                    sources.pop(index, None)
                    _fail(result, exc, started[index], on_result, progress)

        sources: dict[int, Source] = {}

        def finish(index, values: Sequence[PageOutcome]) -> None:
            result = record.results[index]
            try:
                read = texts.pop(index) if index in texts else collect_pages(sources[index], values, dpi=options.ocr.dpi)
                read = ReadResult(Document(source=items[index].name, pages=read.document.pages), read.failures, read.exit_code)
                result.pages = len(read.document.pages) + len(read.failures)
                cleaned = clean(read.document, options.cleanup)
                restored = repair(cleaned, restorer(sources[index]))
                rendered = render(options.fmt, read.document, cleaned, restored, failures=read.failures, mark_flagged=options.mark_flagged)
                plan.forget_stamp(outputs[index])
                plan.make_parent(outputs[index])
                target = replace(single, input=sources[index].path, output=str(outputs[index]))
                numbers = tuple(page.number for page in read.document.pages) + tuple(failure.page for failure in read.failures)
                write_output(target, sources[index], Selection(numbers=tuple(sorted(numbers))), read, cleaned, restored, rendered)
                result.outputs = [str(outputs[index])]
                if read.failures:
                    pages = ", ".join(str(failure.page) for failure in read.failures)
                    result.status, result.exit_code = FAILED, read.exit_code
                    result.error = f"{len(read.failures)} of {result.pages} pages could not be read (page {pages}: {read.failures[0].message}); the output has the other pages"
                else:
                    plan.write_stamp(outputs[index], sources[index].digest, stamp_options, [outputs[index]])
                    result.status = DONE
                _finish(result, started[index], on_result, progress)
            except VnreportError as exc:
                if exc.exit_code is ExitCode.MISSING_DEPENDENCY:
                    raise
                _fail(result, exc, started[index], on_result, progress)
            finally:
                sources.pop(index, None)

        progress.start(len(items))
        try:
            with make_executor(options.ocr.jobs, scheduler=options.scheduler) as executor:
                run_groups(groups(), executor, on_group=finish, on_task=lambda _key: progress.advance_pages())
        except KeyboardInterrupt:
            record.interrupted = True
        finally:
            progress.finish()
        record.write(options.out_dir)
        return record
    finally:
        stdin.remove()


def _probe(items: Sequence[BatchInput], config: OcrConfig, engine: OcrEngine) -> None:
    """Tesseract with every language, and Poppler when a PDF is among the inputs, before any page."""
    kinds = set()
    for item in items:
        try:
            kinds.add(sniff_input(item.path).value)
        except VnreportError:
            continue  # reported by name when its turn comes
    if "pdf" in kinds:
        probe_poppler()
    if kinds - {"text"}:
        engine.probe(config.lang)


def _finish(result: InputResult, started: float, on_result, progress) -> None:
    result.seconds = time.monotonic() - started
    progress.advance_files(result.input)
    if on_result is not None:
        on_result(result)


def _fail(result: InputResult, exc: VnreportError, started: float, on_result, progress) -> None:
    result.status, result.error, result.exit_code = FAILED, str(exc), int(exc.exit_code)
    log.debug("%s failed: %s", result.input, exc)
    _finish(result, started, on_result, progress)

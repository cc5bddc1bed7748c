"""The recipe of ``vnreport fix``, step by step.

    sniff -> probe -> pages -> read the pages (OCR in parallel; the repair model loads beside it)
    -> cleanup -> repair -> corrections -> render -> write (-> review page)

Each step is a function over the small frozen records below; :func:`run_fix` only calls them in
order. The input is a :class:`~vnreport.sources.Source` of its kind (PDF, image, text), which
probes its own tools, counts its pages and reads page n. Everything that can fail because of the
user's setup (a missing tool, an unwritable output, a missing lexicon) fails before page 1 is read;
a model or lexicon that cannot be parsed, at the first page boundary after the set-up thread
finds it (:mod:`vnreport.background`). Pages are OCR'd as tasks of the one page-execution layer
(:mod:`vnreport.execution`: worker processes, this process for ``--jobs 1``, or a Dask cluster):
each task rasterises its own page, so the parent never holds page images. The OCR engine is a
seam (:class:`OcrEngine`) so tests can run the whole recipe with a fake engine. Many inputs in one
run (``vnreport fix A.pdf DIR/ -o OUTDIR``) are :mod:`vnreport.recipes.fix`, made of these steps.

Every output is made from the same three records, ``(document, cleaned, restored)``: txt/md/json by
:func:`vnreport.render.render`, the searchable PDF by :mod:`vnreport.pdfout`, whose text layer
holds the final lines of the txt mapped back onto their OCR boxes. A step that changes the final
text (``restored``) before the write therefore reaches every output type alike.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Protocol

from vnreport.background import Background
from vnreport.cleanup import Cleaned, CleanupConfig, clean_pages
from vnreport.config import OcrConfig, RestoreConfig
from vnreport.diacritics import Restored, Restorer
from vnreport.engine import OcrEngine, TesseractEngine
from vnreport.errors import BadArgsError, ExitCode, InputError, VnreportError
from vnreport.execution import make_executor, run_groups, worker_count
from vnreport.models import Document, Page
from vnreport.output import check_output_target, write_text_atomic
from vnreport.progress import NullProgress, Progress
from vnreport.rasterize import MAX_PAGE_PIXELS, check_page_selection
from vnreport.render import OutputFormat, PageFailure, render
from vnreport.sources import Source

__all__ = ["FixOptions", "FixResult", "OcrEngine", "PageJob", "PageOutcome", "PagesFailedError", "Source", "TesseractEngine", "run_fix", "worker_count"]

log = logging.getLogger(__name__)

HEADER_PHRASES = Path(__file__).resolve().parent / "data" / "header-phrases.txt"


# --- the OCR seam (vnreport.engine) and the restorer seam ----------------------------------------


class TextRestorer(Protocol):
    """What the repair step needs: :class:`vnreport.diacritics.Restorer` or a test fake."""

    def restore(self, text: str) -> Restored:
        """Repair ``text``, keeping its line breaks."""


# --- records passed between steps -----------------------------------------------------------------


@dataclass(frozen=True)
class FixOptions:
    """Everything ``vnreport fix`` was asked to do; ``output`` is a path or ``"-"`` for stdout."""

    input: Path
    output: str
    fmt: OutputFormat = OutputFormat.TXT
    ocr: OcrConfig = field(default_factory=OcrConfig)
    restore: RestoreConfig = field(default_factory=RestoreConfig)
    repair: bool = True
    cleanup: CleanupConfig = field(default_factory=CleanupConfig)
    mark_flagged: bool = False  # txt/md: flagged words as [[word]]
    sidecar: str | None = None  # also write the text (txt) here, beside a PDF output
    scheduler: str | None = None  # a Dask scheduler address: OCR the pages on that cluster
    review: Path | None = None  # --review: also write the review page here
    corrections: Path | None = None  # --corrections: a file saved by the review page, applied before render


@dataclass(frozen=True)
class Selection:
    """The pages to read (1-based, ascending)."""

    numbers: tuple[int, ...]


@dataclass(frozen=True)
class PageJob:
    """One page for one worker: small and picklable (no image; the worker rasterises it)."""

    source: Source
    number: int
    config: OcrConfig
    engine: OcrEngine
    cleanup: CleanupConfig = field(default_factory=CleanupConfig)  # how a text input splits into pages

    def __call__(self) -> PageOutcome:
        return read_page(self)


@dataclass(frozen=True)
class PageOutcome:
    """A worker's answer: the page, or why it could not be read (with that error's exit code)."""

    number: int
    page: Page | None = None
    failure: PageFailure | None = None
    exit_code: int = int(ExitCode.OK)


@dataclass(frozen=True)
class ReadResult:
    """The pages read, in document order, and the pages that failed."""

    document: Document
    failures: tuple[PageFailure, ...] = ()
    exit_code: int = int(ExitCode.OK)


@dataclass(frozen=True)
class FixResult:
    """What one run produced (the rendered output is also written to ``options.output``)."""

    rendered: str
    document: Document
    cleaned: Cleaned
    restored: Restored
    failures: tuple[PageFailure, ...] = ()


class PagesFailedError(VnreportError):
    """Some pages could not be read; carries the exit code of the first failure."""

    def __init__(self, message: str, *, exit_code: int) -> None:
        super().__init__(message)
        self.exit_code = ExitCode(exit_code)


# --- the recipe -----------------------------------------------------------------------------------


def run_fix(
    options: FixOptions,
    *,
    progress: Progress | None = None,
    engine: OcrEngine | None = None,
    restorer_factory: Callable[[RestoreConfig], TextRestorer] = Restorer,
) -> FixResult:
    """OCR (or read) the input, clean it, repair it, render it and write it atomically.

    ``engine`` and ``restorer_factory`` are the seams for tests (a fake OCR engine, a fake restorer).
    """
    progress = progress or NullProgress()
    engine = engine or TesseractEngine()
    if str(options.input) == STDIN:
        from vnreport.batch import StdinFile

        stdin = StdinFile()
        try:
            return run_fix(replace(options, input=stdin.read()), progress=progress, engine=engine, restorer_factory=restorer_factory)
        finally:
            stdin.remove()
    source = sniff(options.input)
    check_output_target(options.output, protect=(source.path,))
    check_output_kind(source, options)
    if options.review is not None:
        from vnreport.review.fixpage import check_review_target  # here: the review page's modules cost import time every other run need not pay

        check_review_target(options.review, options.output, source.path)
    corrections = None
    if options.corrections is not None:
        from vnreport.corrections import load_corrections

        corrections = load_corrections(options.corrections, source.path)
    probe(source, options.ocr, engine)
    selection = select_pages(source, options.ocr, options.cleanup)
    options = resolve_restore(options, source)
    check_lexicons(options)
    # The repair's set-up runs beside the OCR (vnreport/background.py); a model that fails to load
    # stops the run at the next page boundary.
    setup = Background(functools.partial(prepare_repair, options, restorer_factory))
    read = read_pages(source, selection, options.ocr, engine=engine, progress=progress, scheduler=options.scheduler, on_page=setup.check, cleanup=options.cleanup)
    restorer = setup.result()
    cleaned = clean(read.document, options.cleanup)
    restored = repair(cleaned, restorer)
    if corrections is not None:
        from vnreport.corrections import apply_corrections

        restored = apply_corrections(read.document, cleaned, restored, corrections)
    rendered = render(options.fmt, read.document, cleaned, restored, failures=read.failures, mark_flagged=options.mark_flagged)
    write_output(options, source, selection, read, cleaned, restored, rendered)
    if options.review is not None:
        write_review_page(options.review, source, read.document, cleaned, restored)
    report_failures(read, total=len(selection.numbers))
    return FixResult(rendered, read.document, cleaned, restored, read.failures)


STDIN = "-"  # as the input: read standard input (saved to a temporary file first)


# --- the steps ------------------------------------------------------------------------------------


def sniff(path: Path) -> Source:
    """Step 1: what the input is, from its magic bytes (InputError for anything unreadable)."""
    return Source.open(Path(path))


def probe(source: Source, config: OcrConfig, engine: OcrEngine) -> None:
    """Step 2: the tools this input needs, before page 1 (DependencyError with the install command)."""
    source.probe(config.lang, engine)


def select_pages(source: Source, config: OcrConfig, cleanup: CleanupConfig) -> Selection:
    """Step 3: which pages to read (``--pages``), checked against the page count."""
    return Selection(numbers=check_page_selection(config.pages, source.page_count(cleanup)))


def resolve_restore(options: FixOptions, source: Source) -> FixOptions:
    """Settings resolved once: the OCR language is passed to the restorer where it says what the
    marks cannot. Pages read with the English model alone (``--lang eng``) carry legacy
    English-model damage: the ``eng`` noise model. With ``vie`` the restorer keeps ``auto``, which
    tells Vietnamese OCR (``vie``) from OCR that lost every mark (``stripped``) by the marks the
    text carries; forcing ``vie`` there would leave unmarked words unrepaired. Text input: ``auto``.
    """
    kind = ocr_input_kind(options.ocr.lang) if source.has_pages else None
    if kind is None or options.restore.input_kind != "auto":
        return options
    return replace(options, restore=replace(options.restore, input_kind=kind))


def ocr_input_kind(lang: str) -> str | None:
    """The restorer's input kind for text OCR'd with ``lang``: eng for English alone, else None
    (the restorer decides from the marks)."""
    return "eng" if lang.split("+") == ["eng"] else None


def load_restorer(options: FixOptions, factory: Callable[[RestoreConfig], TextRestorer] = Restorer) -> TextRestorer | None:
    """Step 4: load the diacritic model once per run (None with ``--no-repair``); ``fix`` runs it beside the OCR."""
    if not options.repair:
        return None
    check_lexicons(options)
    # The fixed phrases of the header and signature blocks (quốc hiệu, motto, "TM. ỦY BAN NHÂN
    # DÂN"...), so that a damaged motto is read as the motto: vnreport/data/header-phrases.txt.
    config = replace(options.restore, user_lexicons=(HEADER_PHRASES, *options.restore.user_lexicons))
    return factory(config)


def check_lexicons(options: FixOptions) -> None:
    """Before page 1: every ``--lexicon`` file exists (InputError, exit 3, otherwise)."""
    if not options.repair:
        return
    for lexicon in options.restore.user_lexicons:
        if not Path(lexicon).is_file():
            raise InputError(f"lexicon {lexicon} does not exist or is not a file")


def prepare_repair(options: FixOptions, factory: Callable[[RestoreConfig], TextRestorer] = Restorer) -> TextRestorer | None:
    """Step 4, run beside the OCR: load the restorer, and import the PDF writer when it will be needed."""
    restorer = load_restorer(options, factory)
    if options.fmt is OutputFormat.PDF:
        import vnreport.pdfout  # noqa: F401 - pikepdf and img2pdf: about 0.07 s of imports, off the wall time
    return restorer


def read_pages(
    source: Source,
    selection: Selection,
    config: OcrConfig,
    *,
    engine: OcrEngine,
    progress: Progress,
    scheduler: str | None = None,
    on_page: Callable[[], None] | None = None,
    cleanup: CleanupConfig = CleanupConfig(),
) -> ReadResult:
    """Step 5: read the selected pages, one page per task: OCR'd in parallel (PDFs and images), or
    split from the text in this process (text input: nothing to OCR, so no workers to start).

    ``on_page`` is called after each page (the run's set-up thread raises its error there).
    """
    jobs = [PageJob(source=source, number=number, config=config, engine=engine, cleanup=cleanup) for number in selection.numbers]
    collected: list[PageOutcome] = []
    progress.start(f"{'OCR' if source.has_pages else 'Reading'} {source.path.name}", total=len(jobs))
    try:
        workers = config.jobs if source.has_pages else 1
        with make_executor(workers, tasks=len(jobs), scheduler=scheduler if source.has_pages else None) as executor:
            run_groups([(0, jobs)], executor, on_group=lambda _key, values: collected.extend(values), on_task=lambda _key: _advance(progress, on_page))
    finally:
        progress.finish()
    return collect_pages(source, collected, dpi=config.dpi)


def _advance(progress: Progress, on_page: Callable[[], None] | None) -> None:
    progress.advance()
    if on_page is not None:
        on_page()


def collect_pages(source: Source, outcomes: Sequence[PageOutcome], *, dpi: int) -> ReadResult:
    """The pages of one input from its page outcomes (in page order); PagesFailedError when none
    could be read."""
    outcomes = sorted(outcomes, key=lambda outcome: outcome.number)
    failures = tuple(outcome.failure for outcome in outcomes if outcome.failure is not None)
    if len(failures) < len(outcomes):  # when every page failed, the error line says it all
        for failure in failures:
            log.warning("%s", failure.message)
    first_code = next((outcome.exit_code for outcome in outcomes if outcome.failure is not None), int(ExitCode.OK))
    pages = tuple(outcome.page for outcome in outcomes if outcome.page is not None)
    if source.rasterised:
        for page in pages:
            if page.dpi is not None and page.dpi < dpi:  # rasterize lowered it: the page is huge
                log.warning("page %d is too large for %d dpi (over %.0f megapixels); read at %d dpi", page.number, dpi, MAX_PAGE_PIXELS / 1e6, page.dpi)
    if not pages:
        raise PagesFailedError(_failure_summary(failures, total=len(outcomes)), exit_code=first_code)
    return ReadResult(document=Document(source=str(source.path), pages=pages), failures=failures, exit_code=first_code)


def clean(document: Document, config: CleanupConfig) -> Cleaned:
    """Step 6: NFC, page numbers and running headers out, wrapped lines back into paragraphs."""
    return clean_pages(document.pages, config)


def repair(cleaned: Cleaned, restorer: TextRestorer | None) -> Restored:
    """Step 7: restore diacritics on the cleaned text (the identity with ``--no-repair``)."""
    if restorer is None:
        return Restored(text=cleaned.text)
    return restorer.restore(cleaned.text)


def check_output_kind(source: Source, options: FixOptions) -> None:
    """Before page 1: a PDF output needs page images (BadArgsError for text input); the sidecar must be writable."""
    if options.fmt is OutputFormat.PDF and not source.has_pages:
        raise BadArgsError(f"a PDF output needs a scanned input (PDF or image); {source.path} is text: write txt, md or json instead")
    if options.sidecar is not None:
        check_output_target(options.sidecar, protect=(source.path,))


def write_output(options: FixOptions, source: Source, selection: Selection, read: ReadResult, cleaned: Cleaned, restored: Restored, rendered: str) -> None:
    """Step 8b: write the output atomically: the rendered text, or the searchable PDF (and the sidecar)."""
    if options.fmt is OutputFormat.PDF:
        # Imported here: pikepdf and img2pdf cost import time that OCR workers and text outputs need not pay.
        from vnreport.pdfout import write_pdf_output

        write_pdf_output(
            options.output, source=source.path, kind=source.kind, numbers=selection.numbers, document=read.document,
            cleaned=cleaned, restored=restored, dpi=options.ocr.dpi, protect=(source.path,),
        )
    else:
        write_text_atomic(options.output, rendered, protect=(source.path,))
    if options.sidecar is not None:
        sidecar = rendered if options.fmt in (OutputFormat.TXT, OutputFormat.PDF) else render(OutputFormat.TXT, read.document, cleaned, restored, mark_flagged=options.mark_flagged)
        write_text_atomic(options.sidecar, sidecar, protect=(source.path,))


def write_review_page(target: Path, source: Source, document: Document, cleaned: Cleaned, restored: Restored) -> None:
    """Step 8c (``--review``): the review page, with each page rasterised again at a low resolution."""
    from vnreport.review.fixpage import ImageOptions, write_review

    images = ImageOptions()
    load = functools.partial(source.load_page, dpi=images.dpi) if source.has_pages else None
    write_review(target, input_path=source.path, document=document, cleaned=cleaned, restored=restored, load_image=load, options=images)


def report_failures(read: ReadResult, *, total: int) -> None:
    """Step 9, after render (8) and the atomic write: after the output is written, fail the run if some pages could not be read."""
    if read.failures:
        raise PagesFailedError(_failure_summary(read.failures, total=total) + "; the output has the other pages", exit_code=read.exit_code)


# --- one page (runs in a worker) ----------------------------------------------------------------


def read_page(job: PageJob) -> PageOutcome:
    """Read one page (rasterise and OCR it, in a worker); expected failures come back as a PageFailure."""
    try:
        page = job.source.read_page(job.number, config=job.config, engine=job.engine, cleanup=job.cleanup)
    except VnreportError as exc:
        return PageOutcome(number=job.number, failure=PageFailure(job.number, str(exc)), exit_code=int(exc.exit_code))
    return PageOutcome(number=job.number, page=page)


def _failure_summary(failures: Sequence[PageFailure], *, total: int) -> str:
    first = failures[0]
    if len(failures) == total:
        return f"no page could be read ({first.message})" if total > 1 else first.message
    pages = ", ".join(str(failure.page) for failure in failures)
    return f"{len(failures)} of {total} pages could not be read (page {pages}; first error: {first.message})"

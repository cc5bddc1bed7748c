"""Command-line interface: parse arguments, configure logging and progress, map errors to exit codes.

This layer is thin on purpose: every command builds frozen configs and calls one function of
``vnreport.pipeline`` (or a stage package); all work and all decisions live there.
"""

from __future__ import annotations

import functools
import logging
import sys
from pathlib import Path
from typing import Any, Callable

import click

from vnreport.errors import ExitCode, VnreportError

log = logging.getLogger("vnreport")


def _configure_logging(verbose: int, quiet: bool) -> None:
    level = logging.WARNING
    if quiet:
        level = logging.ERROR
    elif verbose == 1:
        level = logging.INFO
    elif verbose >= 2:
        level = logging.DEBUG
    logging.basicConfig(level=level, format="vnreport: %(levelname)s: %(message)s", stream=sys.stderr)


def handle_errors(command: Callable[..., Any]) -> Callable[..., Any]:
    """Turn expected failures into one line on stderr and the documented exit code."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        ctx = click.get_current_context()
        verbose = (ctx.find_root().params or {}).get("verbose", 0)
        try:
            return command(*args, **kwargs)
        except VnreportError as exc:
            click.echo(f"vnreport: error: {exc}", err=True)
            ctx.exit(int(exc.exit_code))
        except KeyboardInterrupt:
            click.echo("vnreport: interrupted", err=True)
            ctx.exit(int(ExitCode.INTERRUPTED))
        except BrokenPipeError:
            # `vnreport fix x.pdf -o - | head` closes the pipe early; that is not an error.
            sys.stderr.close()
            ctx.exit(0)
        except click.exceptions.Exit:
            raise
        except click.ClickException:
            raise
        except Exception as exc:  # a bug: say so in one line, the traceback only with -v
            if verbose:
                log.exception("internal error")
            click.echo(f"vnreport: internal error: {type(exc).__name__}: {exc} (rerun with -v for details)", err=True)
            ctx.exit(int(ExitCode.INTERNAL_ERROR))

    return wrapper


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="vnreport")
@click.option("-v", "--verbose", count=True, help="More log output (-vv for debug); tracebacks on internal errors.")
@click.option("-q", "--quiet", is_flag=True, help="Only errors on stderr; no progress bar.")
@click.pass_context
def cli(ctx: click.Context, verbose: int, quiet: bool) -> None:
    """vnreport: scanned Vietnamese government reports to clean text, CSV tables and checked numbers.

    Exit codes: 0 ok, 1 validation errors found, 2 usage error, 3 bad input, 4 missing dependency or
    feature not available, 5 output cannot be written, 6 some inputs of a batch failed, 10 internal
    error, 130 interrupted.
    """
    _configure_logging(verbose, quiet)
    ctx.ensure_object(dict)
    ctx.obj["quiet"] = quiet


def _batch_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """--glob, --force and --scheduler: shared by fix and tables."""
    command = click.option("--scheduler", default=None, metavar="ADDRESS", help="Run the pages on a Dask cluster, e.g. tcp://host:8786 (needs vnreport[dask]).")(command)
    command = click.option("--force", is_flag=True, help="Redo inputs whose outputs are already up to date.")(command)
    command = click.option("--glob", default=None, metavar="PATTERN", help="Files to take from folder arguments, recursively (default: PDFs and images).")(command)
    return command


# --- fix ------------------------------------------------------------------------------------------


@cli.command()
@click.argument("inputs", metavar="INPUT...", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-o", "--output", required=True, help="Output file, or - for stdout; with several inputs or a folder, the output folder.")
@click.option(
    "--output-type", "--format", "fmt", type=click.Choice(["txt", "md", "json", "pdf"]), default=None,
    help="Output type (--format is the same option); default: from the output's extension (.md, .json, .pdf), else txt.",
)
@click.option("--sidecar", default=None, metavar="FILE", help="Also write the text (txt) to FILE, e.g. beside a PDF output.")
@click.option("--dpi", type=int, default=300, show_default=True, help="Rasterisation resolution, also given to Tesseract.")
@click.option("--lang", default="vie", show_default=True, help="Tesseract language(s), e.g. vie or vie+eng.")
@click.option("--jobs", "-j", type=int, default=None, help="Pages OCR'd in parallel (default: all cores).")
@click.option("--pages", "pages_spec", default=None, metavar="LIST", help="Pages to read, e.g. 1-3,7 (default: all).")
@click.option("--tone-style", type=click.Choice(["old", "new"]), default="old", show_default=True, help="Tone mark placement: old hòa/thủy, new hoà/thuỷ.")
@click.option("--min-confidence", type=float, default=0.3, show_default=True, help="Flag, rather than change, words restored with less confidence.")
@click.option("--review-confidence", type=float, default=0.9, show_default=True, help="Change but flag as uncertain words restored with less confidence (0: none).")
@click.option("--lexicon", "lexicons", multiple=True, type=click.Path(path_type=Path), help="Extra term list for the restorer (repeatable).")
@click.option("--no-repair", is_flag=True, help="Skip diacritic repair: OCR and cleanup only.")
@click.option("--mark-flagged", is_flag=True, help="txt/md: write flagged words as [[word]] so a reader can find them.")
@_batch_options
@click.option("--review", "review_path", type=click.Path(path_type=Path), default=None, help="Also write a review page (one self-contained HTML file) to check the doubtful words against the scan.")
@click.option("--corrections", "corrections_path", type=click.Path(path_type=Path), default=None, help="Apply a corrections file saved from the review page.")
@click.pass_context
@handle_errors
def fix(
    ctx: click.Context,
    inputs: tuple[Path, ...],
    output: str,
    fmt: str | None,
    sidecar: str | None,
    dpi: int,
    lang: str,
    jobs: int | None,
    pages_spec: str | None,
    tone_style: str,
    min_confidence: float,
    review_confidence: float,
    lexicons: tuple[Path, ...],
    no_repair: bool,
    mark_flagged: bool,
    glob: str | None,
    force: bool,
    scheduler: str | None,
    review_path: Path | None,
    corrections_path: Path | None,
) -> None:
    """OCR scanned reports (PDF, PNG/JPEG/TIFF, or .txt OCR output; - for stdin) and repair their text.

    -o x.pdf writes a searchable PDF: the original pages untouched, the repaired text invisible on them.
    Several inputs or a folder: -o is a folder, OUTDIR/<stem>.<ext> per input, OUTDIR/batch.json;
    up-to-date outputs are skipped (--force redoes them). Exit 6: some inputs failed.
    """
    from vnreport.batch import is_batch
    from vnreport.config import OcrConfig, RestoreConfig
    from vnreport.pages import parse_pages
    from vnreport.pipeline import FixOptions, run_fix
    from vnreport.render import OutputFormat, guess_format

    ocr_config = OcrConfig(dpi=dpi, lang=lang, jobs=jobs, pages=parse_pages(pages_spec) if pages_spec is not None else None)
    restore_config = RestoreConfig(tone_style=tone_style, min_confidence=min_confidence, review_confidence=review_confidence, user_lexicons=tuple(lexicons))
    _check_scheduler(scheduler)
    if is_batch(inputs):
        from vnreport.recipes.fix import FixBatchOptions, run_fix_batch

        if output == "-":
            raise click.UsageError("with several inputs or a folder, -o must name an output folder, not -")
        if sidecar is not None:
            raise click.UsageError("--sidecar names one file; with several inputs use --format txt in a second run")
        if review_path is not None or corrections_path is not None:
            raise click.UsageError("--review and --corrections belong to one scan; run them with one input")
        batch = FixBatchOptions(
            inputs=tuple(str(path) for path in inputs), out_dir=Path(output), fmt=OutputFormat(fmt) if fmt else OutputFormat.TXT,
            ocr=ocr_config, restore=restore_config, repair=not no_repair, mark_flagged=mark_flagged, pattern=glob, force=force,
            scheduler=scheduler,
        )
        record = run_fix_batch(batch, progress=_batch_progress(ctx), on_result=_announce(ctx))
        _summarise(ctx, record)
        return
    options = FixOptions(
        input=inputs[0],
        output=output,
        fmt=guess_format(output, fmt),
        ocr=ocr_config,
        restore=restore_config,
        repair=not no_repair,
        mark_flagged=mark_flagged,
        sidecar=sidecar,
        scheduler=scheduler,
        review=review_path,
        corrections=corrections_path,
    )
    run_fix(options, progress=_progress(ctx))


def _check_scheduler(scheduler: str | None) -> None:
    """--scheduler needs the optional Dask extra; say how to install it when it is missing."""
    if scheduler:
        from vnreport.dask_backend import require_dask

        require_dask()


def _batch_progress(ctx: click.Context) -> Any:
    """Bars over files and pages on stderr when it is a terminal and -q was not given."""
    from vnreport.progress import NullBatchProgress, RichBatchProgress

    quiet = bool((ctx.find_root().obj or {}).get("quiet"))
    return NullBatchProgress() if quiet or not sys.stderr.isatty() else RichBatchProgress()


def _announce(ctx: click.Context) -> Callable[[Any], None]:
    """Report each failed input by name as soon as it fails."""

    def announce(result: Any) -> None:
        if result.status == "failed":
            message = result.error if result.input in (result.error or "") else f"{result.input}: {result.error}"
            click.echo(f"vnreport: error: {message}", err=True)

    return announce


def _summarise(ctx: click.Context, record: Any) -> None:
    """The summary (counts; the failures were announced as they happened) and the batch's exit code."""
    quiet = bool((ctx.find_root().obj or {}).get("quiet"))
    lines = record.summary_lines()
    if record.interrupted:
        click.echo("vnreport: interrupted: " + lines[0], err=True)
    elif not quiet:
        click.echo("vnreport: " + lines[0], err=True)
    ctx.exit(int(record.exit_code))


def _progress(ctx: click.Context) -> Any:
    """A rich bar on stderr when stderr is a terminal and -q was not given; otherwise nothing."""
    from vnreport.progress import NullProgress, RichProgress

    quiet = bool((ctx.find_root().obj or {}).get("quiet"))
    return NullProgress() if quiet or not sys.stderr.isatty() else RichProgress()


# --- restore --------------------------------------------------------------------------------------


@cli.command()
@click.argument("input_path", metavar="[INPUT|-]", required=False, default="-")
@click.option("-o", "--output", default="-", show_default=True, help="Output file, or - for stdout.")
@click.option("--format", "output_format", type=click.Choice(["txt", "json"]), default="txt", show_default=True, help="txt: the restored text; json: text plus every token's decision.")
@click.option("--tone-style", type=click.Choice(["old", "new"]), default="old", show_default=True, help="Tone mark placement: old hòa/thủy, new hoà/thuỷ.")
@click.option("--min-confidence", type=float, default=0.3, show_default=True, help="Flag, rather than change, words restored with less confidence.")
@click.option("--review-confidence", type=float, default=0.9, show_default=True, help="Change but flag as uncertain words restored with less confidence (0: none).")
@click.option("--lexicon", "lexicons", multiple=True, type=click.Path(path_type=Path), help="Extra term list (one term or phrase per line; repeatable).")
@click.option("--input-kind", type=click.Choice(["auto", "stripped", "eng", "vie"]), default="auto", show_default=True, help="Where the text comes from: no marks, English-model OCR, Vietnamese OCR.")
@click.option("--model", "model_dir", type=click.Path(path_type=Path, file_okay=False), default=None, help="A model folder built by `vnreport lexicon build` (default: the shipped one).")
@click.option("--show-changes", is_flag=True, help="Also print a coloured view of what changed (on stderr).")
@click.option("--mark-flagged", is_flag=True, help="txt: write flagged words as [[word]] so a reader can find them.")
@click.option("--no-document-adaptation", is_flag=True, help="Decode each part on its own, without learning the document's own damage (OCR text) and usage first.")
@handle_errors
def restore(input_path: str, output: str, output_format: str, tone_style: str, min_confidence: float, review_confidence: float, lexicons: tuple[Path, ...], input_kind: str, model_dir: Path | None, show_changes: bool, mark_flagged: bool, no_document_adaptation: bool) -> None:
    """Restore the diacritics of Vietnamese text (file or stdin): "Nghi quyet so 01" -> "Nghị quyết số 01"."""
    from vnreport.config import RestoreConfig
    from vnreport.diacritics import Restorer
    from vnreport.diacritics.report import read_text, restored_json
    from vnreport.output import write_text_atomic

    config = RestoreConfig(tone_style=tone_style, min_confidence=min_confidence, review_confidence=review_confidence, user_lexicons=tuple(lexicons), model_dir=model_dir, input_kind=input_kind, adapt_to_document=not no_document_adaptation)
    text = read_text(input_path)
    restored = Restorer(config).restore(text)
    if output_format == "json":
        rendered = restored_json(restored, source=input_path)  # flags are per token; offsets fit the unmarked text
    else:
        rendered = restored.marked if mark_flagged else restored.text
    protect = () if input_path == "-" else (Path(input_path),)
    write_text_atomic(output, rendered, protect=protect)
    if show_changes:
        _show_changes(text, restored)


def _show_changes(text: str, restored) -> None:
    """Print the restored text on stderr: changed words in green, words left as they were but flagged
    in red, words flagged as uncertain (changed or not) in yellow."""
    from rich.console import Console
    from rich.text import Text

    from vnreport.diacritics.normalize import nfc
    from vnreport.diacritics.types import UNCERTAIN

    lines = nfc(text).split("\n")
    by_line: dict[int, list] = {}
    for token in restored.tokens:
        if token.changed or token.flagged:
            by_line.setdefault(token.line, []).append(token)
    view = Text()
    for index, line in enumerate(lines):
        cursor = 0
        for token in sorted(by_line.get(index, []), key=lambda t: t.start):
            view.append(line[cursor : token.start])
            if token.flag == UNCERTAIN:
                view.append(token.restored, style="bold yellow")
            elif token.flagged:
                view.append(token.original, style="bold red")
            else:
                view.append(token.restored, style="green")
            cursor = token.end
        view.append(line[cursor:] + ("\n" if index < len(lines) - 1 else ""))
    Console(stderr=True, highlight=False).print(view)


# --- tables ---------------------------------------------------------------------------------------


@cli.command()
@click.argument("inputs", metavar="INPUT...", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-o", "--output-dir", required=True, type=click.Path(path_type=Path), help="Folder for CSVs and report.json (OUTDIR/<input stem>/ each when several inputs or a folder); with --format json a file, or - for stdout.")
@click.option("--format", "fmt", type=click.Choice(["csv", "json"]), default="csv", show_default=True, help="csv: a folder of CSVs and report.json per input; json: one JSON document with every table's cells.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None, help="Pages read in parallel (default: all cores).")
@click.option("--dpi", type=click.IntRange(50, 1200), default=300, show_default=True, help="PDF rasterisation resolution, also given to Tesseract.")
@click.option("--lang", default="vie", show_default=True, help="Tesseract language(s).")
@click.option("--excel", is_flag=True, help="Start each CSV with a UTF-8 BOM so Excel reads it as UTF-8.")
@click.option("--normalize-numbers", is_flag=True, help="Write machine numbers (1058, 53.95) instead of the printed text.")
@click.option("--raw-csv", is_flag=True, help="Write cells exactly as read, without the apostrophe that keeps a cell starting with = + - @ from being opened as a formula.")
@click.option("--tolerance", default="0", show_default=True, help="Extra slack for rounding, in printed units (percentage points for rates).")
@click.option("--restore-labels", type=click.Choice(["unmarked", "all", "none"]), default="unmarked", show_default=True, help="Which labels the diacritic restorer repairs (unmarked: only labels read without Vietnamese marks).")
@click.option("--review", "review_path", type=click.Path(path_type=Path), default=None, help="Also write a review page (one self-contained HTML file): each table beside its crop of the scan, cells with findings highlighted.")
@_batch_options
@click.pass_context
@handle_errors
def tables(ctx: click.Context, inputs: tuple[Path, ...], output_dir: Path, fmt: str, jobs: int | None, dpi: int, lang: str, excel: bool, normalize_numbers: bool, raw_csv: bool, tolerance: str,
           restore_labels: str, glob: str | None, force: bool, scheduler: str | None, review_path: Path | None) -> None:
    """Extract appendix tables ("Phụ lục …") to CSV and validate their numbers.

    INPUT: scanned PDFs, page images, .txt OCR output, folders of them, or - for stdin. Exit 0: all
    read, no errors; 1: error findings; 3: the input (every input) could not be read; 6: some
    inputs could not be read (the others are still done).
    """
    from vnreport.config import OcrConfig, RestoreConfig
    from vnreport.recipes.tables import run_tables
    from vnreport.tables import TableConfig
    from vnreport.tables.formats import parse_tolerance, report_summary

    config = TableConfig(normalize_numbers=normalize_numbers, excel=excel, tolerance=parse_tolerance(tolerance), dpi=dpi,
                         restore_labels=restore_labels, raw_csv=raw_csv)
    quiet = bool((ctx.find_root().obj or {}).get("quiet"))
    _check_scheduler(scheduler)
    if review_path is not None:
        from vnreport.output import check_output_target

        check_output_target(review_path, protect=tuple(Path(path) for path in inputs if str(path) != "-"))  # a typo fails now, not after the OCR

    def announce(report) -> None:
        if not report.error and not quiet:
            click.echo(f"vnreport: {report_summary(report)}", err=True)

    as_json = fmt == "json"
    result = run_tables([str(path) for path in inputs], output_dir, config=config, ocr=OcrConfig(dpi=dpi, lang=lang, jobs=jobs), restore=RestoreConfig(),
                        jobs=jobs, progress=_batch_progress(ctx), on_report=announce, on_result=_announce(ctx), pattern=glob, force=force,
                        scheduler=scheduler, write=not as_json, keep_reports=as_json or review_path is not None)
    if as_json and not result.record.interrupted:
        from vnreport.output import write_text_atomic
        from vnreport.tables.export import reports_json

        reports = [report for report in result.reports if report is not None]
        write_text_atomic(output_dir, reports_json(reports, config), protect=tuple(Path(path) for path in inputs if str(path) != "-"))
        result.batch = False  # one document, no batch.json
    if review_path is not None and not result.record.interrupted:  # before the summary, which exits
        from vnreport.review.tablepage import page_loader, write_tables_review

        reports = [report for report in result.reports if report is not None]
        write_tables_review(review_path, reports, page_loader(dpi), protect=tuple(Path(path) for path in inputs if str(path) != "-"))
    if result.batch or result.record.interrupted:
        _summarise(ctx, result.record)
    ctx.exit(int(result.exit_code))


# --- check ----------------------------------------------------------------------------------------


@cli.command()
@click.argument("paths", metavar="PATH...", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json", "github"]), default="text", show_default=True, help="github: workflow annotations.")
@click.option("--tolerance", default="0", show_default=True, help="Extra slack for rounding, in printed units (percentage points for rates).")
@click.option("-o", "--output", default="-", show_default=True, help="Write the findings to this file (atomically), or - for stdout.")
@click.pass_context
@handle_errors
def check(ctx: click.Context, paths: tuple[Path, ...], fmt: str, tolerance: str, output: str) -> None:
    """Validate the numbers in CSVs, report folders or report text (for CI); - reads report text from stdin.

    Exit 0: no errors; 1: errors found; 3: a path could not be checked.
    """
    from vnreport.batch import StdinFile
    from vnreport.output import write_text_atomic
    from vnreport.recipes.check import check_paths
    from vnreport.tables import TableConfig
    from vnreport.tables.formats import format_findings, parse_tolerance

    config = TableConfig(tolerance=parse_tolerance(tolerance))
    stdin = StdinFile()
    try:
        named = [stdin.read() if str(path) == "-" else path for path in paths]
        result = check_paths(named, config)
    finally:
        stdin.remove()
    if stdin.path is not None:
        from dataclasses import replace as _replace

        result = _replace(result, findings=tuple(_replace(f, source="-") if f.source == str(stdin.path) else f for f in result.findings))
    if fmt == "text":
        for failure in result.failures:
            click.echo(f"vnreport: error: {failure}", err=True)
    write_text_atomic(output, format_findings(fmt, result.findings, result.failures, result.checked),
                      protect=tuple(Path(path) for path in paths if str(path) != "-"))
    ctx.exit(int(result.exit_code))


# --- doctor ---------------------------------------------------------------------------------------


@cli.command()
@click.option("--scheduler", default=None, metavar="ADDRESS", help="Also check every worker of this Dask cluster (tcp://host:8786).")
@handle_errors
def doctor(scheduler: str | None) -> None:
    """Check that Tesseract, its vie/eng models and Poppler are installed; say how to install what is missing."""
    from vnreport.doctor import install_command, report_lines, run_checks
    from vnreport.errors import DependencyError

    if scheduler:
        _doctor_workers(scheduler)
    checks = run_checks()
    click.echo("\n".join(report_lines(checks)))
    command = install_command(checks)
    if command:
        missing = ", ".join(check.name for check in checks if check.required and not check.ok)
        raise DependencyError(f"missing: {missing}", hint=f"install with: {command}")


def _doctor_workers(scheduler: str) -> None:
    """vnreport doctor --scheduler: the same checks on every Dask worker; exit 4 if one lacks something."""
    import vnreport
    from vnreport.dask_backend import check_workers
    from vnreport.errors import DependencyError

    workers = check_workers(scheduler)
    if not workers:
        raise DependencyError(f"the Dask cluster at {scheduler} has no workers")
    broken = []
    for worker, checks in workers.items():
        for name, ok, detail in checks:
            if name == "vnreport" and detail != f"version {vnreport.__version__}":
                ok, detail = False, f"{detail}, but this client runs {vnreport.__version__}"
            click.echo(f"{'ok' if ok else 'MISSING':8} {worker} {name}: {detail}")
            if not ok:
                broken.append(f"{worker} {name}")
    if broken:
        raise DependencyError(f"missing on workers: {', '.join(broken)}", hint="install Tesseract (vie, eng), Poppler and the same vnreport on every worker")


# --- lexicon --------------------------------------------------------------------------------------


@cli.group()
def lexicon() -> None:
    """Build and inspect the lexicon and language model used by the diacritic restorer."""


@lexicon.command("build")
@click.option("--corpus", "corpus_dir", type=click.Path(path_type=Path, file_okay=False), default=None, help="Corpus folder (default: $VNREPORT_CORPUS or ../shared/corpus).")
@click.option("-o", "--output-dir", type=click.Path(path_type=Path, file_okay=False), default=Path("lexicons"), show_default=True, help="Model folder to write.")
@click.option("--pairs", "pairs_dir", type=click.Path(path_type=Path, file_okay=False), default=Path("lexicons/pairs"), show_default=True, help="Folder with train-eng/train-vie OCR pair files for the noise models.")
@click.option("--max-paragraphs", type=int, default=None, help="Read only this many training paragraphs (quick experiments).")
@click.pass_context
@handle_errors
def lexicon_build(ctx: click.Context, corpus_dir: Path | None, output_dir: Path, pairs_dir: Path, max_paragraphs: int | None) -> None:
    """Build the lexicon, the n-gram model and the noise models (reproducible; keeps a held-out slice)."""
    from vnreport_build.model import BuildSpec, build_all
    from vnreport_build.corpus import CorpusSpec, default_corpus_dir

    spec = BuildSpec(CorpusSpec(corpus_dir or default_corpus_dir()), output_dir, max_paragraphs=max_paragraphs)
    meta = build_all(spec, pairs_dir, progress=_progress(ctx))
    click.echo(
        f"built {output_dir}: {meta['vocabulary']} syllables, {meta['bigrams']} bigrams, {meta['trigrams']} trigrams, "
        f"{meta['phrases']} phrases, noise models {', '.join(meta['channels']) or 'none'} in {meta['seconds']} s",
        err=True,
    )


@lexicon.command("add")
@click.argument("corrections", metavar="CORRECTIONS.json...", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-o", "--lexicon", "lexicon_path", required=True, type=click.Path(path_type=Path), help="User lexicon to create or extend (then use it with --lexicon).")
@handle_errors
def lexicon_add(corrections: tuple[Path, ...], lexicon_path: Path) -> None:
    """Add the words corrected on review pages (names, foreign words) to a user lexicon."""
    from vnreport.corrections import lexicon_update, read_corrections
    from vnreport.diacritics.lexicon import load_terms
    from vnreport.output import write_text_atomic

    loaded = [read_corrections(path) for path in corrections]
    existing = load_terms(lexicon_path) if lexicon_path.exists() else []
    update = lexicon_update(loaded, existing)
    if update.added:
        before = lexicon_path.read_text(encoding="utf-8") if lexicon_path.exists() else "# user lexicon: one term per line (vnreport fix --lexicon FILE)\n"
        write_text_atomic(lexicon_path, before + ("" if before.endswith("\n") else "\n") + "".join(f"{term}\n" for term in update.added), protect=tuple(corrections))
    click.echo(
        f"{lexicon_path}: {len(update.added)} added, {len(update.known)} already there, "
        f"{len(update.syllables)} Vietnamese syllables not added (the model knows them; a lexicon keeps only other words as they are)",
        err=True,
    )


def main() -> None:
    """Console-script entry point."""
    cli(obj={})


if __name__ == "__main__":
    main()

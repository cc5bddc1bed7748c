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

from vnreport.errors import ExitCode, NotAvailableError, VnreportError

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
    feature not available, 5 output cannot be written, 10 internal error, 130 interrupted.
    """
    _configure_logging(verbose, quiet)
    ctx.ensure_object(dict)
    ctx.obj["quiet"] = quiet


# --- fix ------------------------------------------------------------------------------------------


@cli.command()
@click.argument("input_path", metavar="INPUT", type=click.Path(path_type=Path))
@click.option("-o", "--output", required=True, type=click.Path(path_type=Path), help="Output file, or - for stdout.")
@handle_errors
def fix(input_path: Path, output: Path) -> None:
    """OCR a scanned report (PDF, PNG/JPEG/TIFF, or .txt OCR output) and repair its text."""
    raise NotAvailableError("`vnreport fix` is not available yet")


# --- restore --------------------------------------------------------------------------------------


@cli.command()
@click.argument("input_path", metavar="[INPUT|-]", required=False, default="-")
@handle_errors
def restore(input_path: str) -> None:
    """Restore the diacritics of Vietnamese text (file or stdin)."""
    raise NotAvailableError("`vnreport restore` is not available yet: the diacritic engine has not landed")


# --- tables ---------------------------------------------------------------------------------------


@cli.command()
@click.argument("inputs", metavar="INPUT...", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-o", "--output-dir", required=True, type=click.Path(path_type=Path), help="Folder for CSVs and report.json.")
@handle_errors
def tables(inputs: tuple[Path, ...], output_dir: Path) -> None:
    """Extract appendix tables ("Phụ lục …") to CSV and validate their numbers."""
    raise NotAvailableError("`vnreport tables` is not available yet: table extraction has not landed")


# --- check ----------------------------------------------------------------------------------------


@cli.command()
@click.argument("paths", metavar="PATH...", nargs=-1, required=True, type=click.Path(path_type=Path))
@handle_errors
def check(paths: tuple[Path, ...]) -> None:
    """Validate the numbers in CSVs, report folders or report text (for CI)."""
    raise NotAvailableError("`vnreport check` is not available yet: numeric validation has not landed")


# --- doctor ---------------------------------------------------------------------------------------


@cli.command()
@handle_errors
def doctor() -> None:
    """Check that Tesseract, its vie/eng models and Poppler are installed; say how to install what is missing."""
    raise NotAvailableError("`vnreport doctor` is not available yet")


# --- lexicon --------------------------------------------------------------------------------------


@cli.group()
def lexicon() -> None:
    """Build and inspect the lexicon and language model used by the diacritic restorer."""


@lexicon.command("build")
@handle_errors
def lexicon_build() -> None:
    """Build the lexicon and n-gram model from the corpus (reproducible; keeps a held-out slice)."""
    raise NotAvailableError("`vnreport lexicon build` is not available yet")


def main() -> None:
    """Console-script entry point."""
    cli(obj={})


if __name__ == "__main__":
    main()

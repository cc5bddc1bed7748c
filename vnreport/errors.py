"""Exit codes and the exception tree that carries them.

Every failure the user can cause or fix is a :class:`VnreportError` subclass that knows its exit
code; the CLI turns it into one line on stderr. Anything else is a bug and gets a traceback only
under ``-v``. The codes follow OCRmyPDF and the linter convention CI tools expect.
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """Process exit codes, shared by every subcommand (documented in the README)."""

    OK = 0
    VALIDATION_ERRORS = 1  # `check`/`tables` found inconsistent numbers
    USAGE = 2  # click's own code for bad arguments
    BAD_INPUT = 3  # missing, unreadable, corrupt, encrypted or unsupported input
    MISSING_DEPENDENCY = 4  # Tesseract, a language model or Poppler missing; or feature not available
    OUTPUT_ERROR = 5  # output cannot be written
    SOME_INPUTS_FAILED = 6  # a batch: some inputs failed, the others were written
    INTERNAL_ERROR = 10  # a bug in vnreport: please report it with the -v output
    INTERRUPTED = 130


class VnreportError(Exception):
    """Base of all expected failures; ``str(err)`` is the one-line message for the user."""

    exit_code: ExitCode = ExitCode.BAD_INPUT

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} ({self.hint})" if self.hint else self.message


class BadArgsError(VnreportError):
    """Arguments that parse but make no sense together (e.g. ``--pages 9`` of a 3-page PDF)."""

    exit_code = ExitCode.USAGE


class InputError(VnreportError):
    """The input is missing, unreadable, corrupt, encrypted or of an unsupported type."""

    exit_code = ExitCode.BAD_INPUT


class DependencyError(VnreportError):
    """An external program or data file that vnreport needs is not installed."""

    exit_code = ExitCode.MISSING_DEPENDENCY


class NotAvailableError(VnreportError):
    """A feature that this version does not provide yet."""

    exit_code = ExitCode.MISSING_DEPENDENCY


class OutputError(VnreportError):
    """The output cannot be written."""

    exit_code = ExitCode.OUTPUT_ERROR


class ModelError(VnreportError):
    """A lexicon or language-model file is missing or malformed (reported with file:line)."""

    exit_code = ExitCode.BAD_INPUT

"""Shared fixtures: rendered Vietnamese test pages and an in-process CLI runner.

Tests that OCR run the real Tesseract on small rendered pages (a few seconds each) and are not
marked slow: CI installs Tesseract, and `vnreport fix` is the product. Helpers that tests import
live in tests/fakes/, not here (see fakes/files.py for why).
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import pytest
from click.testing import CliRunner
from fakes.files import SECOND_PAGE_PARAGRAPHS, VIETNAMESE_PARAGRAPHS, RenderedPage, render

from vnreport.cli import cli


@pytest.fixture(autouse=True)
def _one_ocr_thread(monkeypatch: pytest.MonkeyPatch) -> None:
    # Tests run beside other work on small machines: one OpenMP thread per Tesseract.
    monkeypatch.setenv("OMP_THREAD_LIMIT", "1")


@pytest.fixture(scope="session")
def page_one() -> RenderedPage:
    return render(VIETNAMESE_PARAGRAPHS)


@pytest.fixture(scope="session")
def page_two() -> RenderedPage:
    return render(SECOND_PAGE_PARAGRAPHS)


@dataclass(frozen=True)
class CliResult:
    exit_code: int
    stdout: str
    stderr: str


@pytest.fixture
def run_cli():
    """Run the vnreport CLI in-process; stdout and stderr apart (click 8.1 and 8.2+)."""

    def run(*args: str | os.PathLike) -> CliResult:
        try:
            runner = CliRunner(mix_stderr=False)  # click < 8.2
        except TypeError:
            runner = CliRunner()  # click >= 8.2 keeps stderr apart by default
        result = runner.invoke(cli, [str(arg) for arg in args], catch_exceptions=False)
        return CliResult(result.exit_code, result.stdout, result.stderr)

    return run

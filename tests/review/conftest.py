"""Fixtures of the review-page tests: a real ``vnreport fix --review`` run and headless Chromium."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from fakes.browser import launch
from fakes.files import render, save_pdf
from fakes.proc import run_vnreport

# Report prose printed without its marks (as legacy documents typed without a Vietnamese keyboard
# are), so the restorer has words to change and a few it is unsure of.
STRIPPED_PARAGRAPHS = (
    "Ket qua thuc hien chuyen doi so nam 2023",
    "Thuc hien Ke hoach so 125/KH-UBND cua Uy ban nhan dan tinh Vinh Phuc, cac so, ban, nganh da "
    "trien khai dong bo cac nhiem vu xay dung chinh quyen dien tu.",
    "- Ha tang nen tang so cua nhieu don vi chua bao dam ve so luong va chat luong;",
)


@dataclass(frozen=True)
class ReviewRun:
    folder: Path
    scan: Path
    text: Path
    review: Path


@pytest.fixture(scope="session")
def reviewed_scan(tmp_path_factory: pytest.TempPathFactory) -> ReviewRun:
    """A one-page PDF OCR'd by the real CLI (Tesseract, the shipped restorer) with --review."""
    folder = tmp_path_factory.mktemp("review")
    scan = save_pdf(folder / "scan.pdf", [render(STRIPPED_PARAGRAPHS)])
    result = run_vnreport(["fix", "scan.pdf", "-o", "out.txt", "--review", "review.html", "--dpi", "200"], cwd=folder)
    assert result.returncode == 0, result.stderr
    return ReviewRun(folder, scan, folder / "out.txt", folder / "review.html")


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch(playwright)
        yield browser
        browser.close()

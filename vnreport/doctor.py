"""``vnreport doctor``: which external programs and models are installed, and how to get the rest."""

from __future__ import annotations

import os
import shutil
import sys
from dataclasses import dataclass

from vnreport.errors import DependencyError
from vnreport.ocr import probe_tesseract
from vnreport.rasterize import probe_poppler
from vnreport.fonts import find_font

# Tesseract 3 has no LSTM engine (--oem 1), which vnreport always asks for.
MIN_TESSERACT_MAJOR = 4
LANGUAGES = {"vie": "Vietnamese", "eng": "English (codes, names and numbers in reports)"}


@dataclass(frozen=True)
class Check:
    """One dependency: whether it is usable, what was found, and the packages that provide it.

    required: False for what only the samples and tests need (fonts); it does not fail doctor.
    """

    name: str
    ok: bool
    detail: str
    apt: tuple[str, ...] = ()
    brew: tuple[str, ...] = ()
    required: bool = True


def run_checks() -> tuple[Check, ...]:
    """Probe Tesseract, its vie and eng models, Poppler and the fonts used for test pages."""
    checks: list[Check] = []
    try:
        info = probe_tesseract()
    except DependencyError as exc:
        info = None
        checks.append(Check("Tesseract", False, exc.message, apt=("tesseract-ocr",), brew=("tesseract",)))
    if info is not None:
        major = _major(info.version)
        too_old = major is not None and major < MIN_TESSERACT_MAJOR
        checks.append(
            Check(
                "Tesseract",
                not too_old,
                f"version {info.version}" + (" is too old: vnreport needs 4 or later (LSTM engine)" if too_old else ""),
                apt=("tesseract-ocr",),
                brew=("tesseract",),
            )
        )
    for code, what in LANGUAGES.items():
        if info is None:
            ok, detail = False, "unknown (Tesseract not found)"
        else:
            ok = code in info.languages
            detail = f"{what}: installed" if ok else f"{what}: not installed"
        checks.append(Check(f"Tesseract language '{code}'", ok, detail, apt=(f"tesseract-ocr-{code}",), brew=("tesseract-lang",)))
    try:
        poppler = probe_poppler()
        checks.append(Check("Poppler", True, f"version {poppler.version} (pdftoppm, pdfinfo)", apt=("poppler-utils",), brew=("poppler",)))
    except DependencyError as exc:
        checks.append(Check("Poppler", False, exc.message, apt=("poppler-utils",), brew=("poppler",)))
    try:
        font = find_font("serif")
        checks.append(Check("Vietnamese fonts", True, str(font), required=False))
    except DependencyError:
        checks.append(
            Check(
                "Vietnamese fonts",
                False,
                "no font with Vietnamese glyphs (needed only for samples/ and the tests)",
                apt=("fonts-liberation2", "fonts-dejavu-core", "fonts-freefont-ttf"),
                required=False,  # the font paths vnreport.fonts knows are Debian's; no brew advice

            )
        )
    return tuple(checks)


def install_command(checks: tuple[Check, ...], *, required_only: bool = True) -> str | None:
    """The one command that installs every missing dependency on this machine, or None if none is."""
    missing = [check for check in checks if not check.ok and (check.required or not required_only)]
    if not missing:
        return None
    if shutil.which("apt-get") or not shutil.which("brew"):
        packages = _unique(package for check in missing for package in check.apt)
        sudo = "" if _is_root() else "sudo "
        return f"{sudo}apt-get install -y {' '.join(packages)}" if packages else None
    packages = _unique(package for check in missing for package in check.brew)
    return f"brew install {' '.join(packages)}" if packages else None


def _unique(items) -> list[str]:
    return list(dict.fromkeys(items))


def _is_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


def _major(version: str) -> int | None:
    head = version.split(".")[0].lstrip("v")
    return int(head) if head.isdigit() else None


def report_lines(checks: tuple[Check, ...]) -> list[str]:
    """Human-readable lines for stdout, one per check, then the install advice."""
    width = max(len(check.name) for check in checks)
    lines = []
    for check in checks:
        status = "ok" if check.ok else ("MISSING" if check.required else "missing")
        lines.append(f"{status:8} {check.name:{width}}  {check.detail}")
    command = install_command(checks)
    optional = install_command(checks, required_only=False) if command is None else None
    if command:
        lines.append("")
        lines.append(f"To install what is missing, run:\n  {command}")
    elif optional:
        lines.append("")
        lines.append(f"All required dependencies are installed. For the samples and tests also run:\n  {optional}")
    else:
        lines.append("")
        lines.append(f"All dependencies are installed (Python {sys.version.split()[0]}).")
    return lines

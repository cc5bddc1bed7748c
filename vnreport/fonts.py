"""Installed font files with Vietnamese glyphs: ``vnreport doctor`` reports them, and the page
generators (samples, tests, benchmarks, OCR training pairs) render with them."""

from __future__ import annotations

from pathlib import Path

from vnreport.errors import DependencyError

# Fonts with full Vietnamese coverage (U+1EA0..U+1EF9) from Debian packages fonts-liberation2,
# fonts-dejavu-core and fonts-freefont-ttf. Liberation Serif 2 is metric-compatible with Times New
# Roman, the font of Vietnamese administrative documents, so it comes first. (Debian's older
# fonts-liberation 1.x lacks the Vietnamese precomposed letters: do not list it.)
FONT_CANDIDATES: dict[str, tuple[str, ...]] = {
    "serif": (
        "/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf",
        "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf",
    ),
    "serif-bold": (
        "/usr/share/fonts/truetype/liberation2/LiberationSerif-Bold.ttf",
        "/usr/share/fonts/truetype/dejavu/DejaVuSerif-Bold.ttf",
    ),
    "sans": (
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf",
    ),
    "free-serif": (
        "/usr/share/fonts/truetype/freefont/FreeSerif.ttf",
        "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf",
    ),
}


def find_font(family: str = "serif") -> Path:
    """Return the first installed font file of ``family`` (see FONT_CANDIDATES)."""
    for candidate in FONT_CANDIDATES[family]:
        if Path(candidate).is_file():
            return Path(candidate)
    raise DependencyError(
        f"no {family} font with Vietnamese glyphs found",
        hint="sudo apt-get install fonts-liberation2 fonts-dejavu-core fonts-freefont-ttf",
    )

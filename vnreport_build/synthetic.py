"""Synthetic page images: render clean Vietnamese text and degrade it like an office photocopy.

Used to make the bundled sample scan, test pages, (clean, OCR'd) training pairs for the OCR noise
model, and benchmark pages. Rendering is deterministic for a given seed.
"""

from __future__ import annotations

import io
import random
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from vnreport.fonts import FONT_CANDIDATES, find_font  # noqa: F401 - the renderers' fonts, also read as synthetic.X

MM_PER_INCH = 25.4


@dataclass(frozen=True)
class PageStyle:
    """Geometry and typography of a rendered A4 page."""

    font_path: Path
    font_size_pt: float = 13.0
    dpi: int = 300
    margin_mm: float = 20.0
    line_spacing: float = 1.35
    page_width_mm: float = 210.0
    page_height_mm: float = 297.0

    def px(self, mm: float) -> int:
        return int(round(mm / MM_PER_INCH * self.dpi))

    @property
    def font_px(self) -> int:
        return int(round(self.font_size_pt / 72.0 * self.dpi))


def load_font(style: PageStyle) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(style.font_path), style.font_px)


def wrap_text(text: str, font: ImageFont.FreeTypeFont, max_width: int) -> list[str]:
    """Greedy word wrap of one paragraph to ``max_width`` pixels."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        trial = f"{current} {word}" if current else word
        if current and font.getlength(trial) > max_width:
            lines.append(current)
            current = word
        else:
            current = trial
    if current:
        lines.append(current)
    return lines


def render_lines(lines: list[str], style: PageStyle) -> tuple[Image.Image, list[str]]:
    """Render lines (already wrapped) top-down on a white page; return the image and the lines that fit."""
    width, height = style.px(style.page_width_mm), style.px(style.page_height_mm)
    image = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(image)
    font = load_font(style)
    step = int(style.font_px * style.line_spacing)
    y = style.px(style.margin_mm)
    placed: list[str] = []
    for line in lines:
        if y + step > height - style.px(style.margin_mm):
            break
        draw.text((style.px(style.margin_mm), y), line, font=font, fill=0)
        placed.append(line)
        y += step
    return image, placed


def render_paragraphs(paragraphs: list[str], style: PageStyle) -> list[tuple[Image.Image, list[str]]]:
    """Wrap and paginate paragraphs; return each page image with the text lines it holds."""
    font = load_font(style)
    usable = style.px(style.page_width_mm) - 2 * style.px(style.margin_mm)
    pending = [line for paragraph in paragraphs for line in wrap_text(paragraph, font, usable)]
    pages = []
    while pending:
        image, placed = render_lines(pending, style)
        if not placed:
            break
        pages.append((image, placed))
        pending = pending[len(placed):]
    return pages


def degrade_photocopy(image: Image.Image, *, seed: int, strength: float = 1.0) -> Image.Image:
    """Make a clean render look like an office photocopy scanned at the same resolution.

    A lower-resolution pass (toner spread), slight skew, blur, speckle and JPEG loss; ``strength``
    scales every effect (0 leaves the image untouched).
    """
    if strength <= 0:
        return image.copy()
    rng = random.Random(seed)
    gray = image.convert("L")
    width, height = gray.size
    factor = 1.0 - 0.3 * min(strength, 1.5) * rng.uniform(0.5, 1.0)
    small = gray.resize((max(1, int(width * factor)), max(1, int(height * factor))), Image.BILINEAR)
    gray = small.resize((width, height), Image.BILINEAR)
    angle = rng.uniform(-0.8, 0.8) * strength
    gray = gray.rotate(angle, resample=Image.BICUBIC, expand=False, fillcolor=255)
    gray = gray.filter(ImageFilter.GaussianBlur(radius=0.35 * strength))
    pixels = np.asarray(gray, dtype=np.float32)
    noise_rng = np.random.default_rng(seed)
    pixels = np.clip(pixels + noise_rng.normal(0.0, 8.0 * strength, pixels.shape), 0.0, 255.0)
    speckle = noise_rng.random(pixels.shape) < 0.0015 * strength
    pixels[speckle] = noise_rng.uniform(0, 120, int(speckle.sum()))
    # Photocopiers darken thin strokes and grey the background a little.
    pixels = 235.0 * (pixels / 255.0) ** (1.0 + 0.25 * strength) + 8.0
    degraded = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8), mode="L")
    buffer = io.BytesIO()
    degraded.save(buffer, format="JPEG", quality=int(max(20, 70 - 25 * strength)))
    buffer.seek(0)
    return Image.open(buffer).convert("L")

"""Office-photocopy degradation of rendered pages (numpy + OpenCV), written for this benchmark.

One pass, in the order a copier damages a page: the page lies a little askew on the glass (rotation
and shift), the drum spreads the ink (blur then a dark-biased tone curve) and loses toner in
patches and streaks (a low-frequency field that lightens strokes), the paper is not white (grey
level, uneven light), dust and toner specks appear (salt and pepper in small clusters), then the
scanner samples it at 120-200 dpi, sometimes twice, and stores it as JPEG (grey) or as a 1-bit
binarised image (CCITT in the PDF). Severity 0..1 scales every effect. Deterministic per seed.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

import cv2
import numpy as np
from PIL import Image


@dataclass(frozen=True)
class Copy:
    """A degraded page and how to store it: ``binary`` pages are 1-bit, others JPEG at ``quality``."""

    image: Image.Image
    dpi: int
    binary: bool
    quality: int


def _field(rs: np.random.Generator, shape: tuple[int, int], cell: int) -> np.ndarray:
    """Smooth noise in [0, 1]: random values on a coarse grid, upscaled with bicubic interpolation."""
    h, w = shape
    coarse = rs.random((max(2, h // cell + 2), max(2, w // cell + 2))).astype(np.float32)
    field = cv2.resize(coarse, (w, h), interpolation=cv2.INTER_CUBIC)
    lo, hi = float(field.min()), float(field.max())
    return (field - lo) / (hi - lo + 1e-6)


@dataclass(frozen=True)
class Scanner:
    """How one document is scanned: resolution, 1-bit or grey JPEG, and its quality."""

    dpi: int
    binary: bool
    quality: int
    threshold: int
    second_pass: bool


def scanner(seed: int, severity: float = 0.7) -> Scanner:
    """The scanner settings of one document (the same for all its pages)."""
    rng = random.Random(f"scanner:{seed}")
    dpi = rng.choice((150, 150, 200, 200, 180, 120 if severity > 0.6 else 150))
    return Scanner(dpi=dpi, binary=rng.random() < 0.4, quality=rng.randint(45, 80), threshold=rng.randint(140, 185),
                   second_pass=rng.random() < 0.3 * severity)


def photocopy(page: Image.Image, *, source_dpi: int, seed: int, scan: Scanner, severity: float = 0.7) -> Copy:
    """Degrade one grey page rendered at ``source_dpi`` like an office photocopy (see module doc)."""
    rng = random.Random(seed)
    rs = np.random.default_rng(seed)
    s = max(0.0, min(1.0, severity))
    ink = 1.0 - np.asarray(page.convert("L"), dtype=np.float32) / 255.0  # 1 = black
    h, w = ink.shape
    scale = source_dpi / 300.0

    # Askew on the glass: up to ~1.2 degrees and a few millimetres.
    angle = rng.uniform(-1.2, 1.2) * s
    shift = (rng.uniform(-8, 8) * scale * s, rng.uniform(-8, 8) * scale * s)
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    matrix[:, 2] += shift
    ink = cv2.warpAffine(ink, matrix, (w, h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT, borderValue=0.0)

    # Ink spread: blur, then a curve that darkens the half-tones (strokes get fatter).
    sigma = (0.4 + 0.9 * s * rng.random()) * scale
    ink = cv2.GaussianBlur(ink, (0, 0), sigma)
    gamma = 1.0 - 0.35 * s * rng.random()
    ink = np.power(np.clip(ink, 0, 1), gamma)

    # Toner loss: patches and a few vertical/horizontal streaks where strokes fade.
    patches = _field(rs, (h, w), int(120 * scale) + 1)
    loss = np.clip((patches - (1.0 - 0.45 * s)) / (0.45 * s + 1e-6), 0, 1) * (0.55 * s)
    if rng.random() < 0.6 * s + 0.1:
        for _ in range(rng.randint(1, 3)):
            if rng.random() < 0.5:
                x0 = rng.randrange(w)
                width = int(rng.uniform(4, 30) * scale) + 1
                loss[:, x0:x0 + width] += rng.uniform(0.15, 0.4) * s
            else:
                y0 = rng.randrange(h)
                height = int(rng.uniform(3, 15) * scale) + 1
                loss[y0:y0 + height, :] += rng.uniform(0.15, 0.4) * s
    ink = ink * (1.0 - np.clip(loss, 0, 0.8))

    # Fine grain in the strokes and the paper.
    ink = ink * (1.0 - 0.25 * s * rs.random((h, w), dtype=np.float32))

    # Paper: grey level and uneven light (darker towards one edge).
    gradient = np.linspace(0, 1, w if rng.random() < 0.5 else h, dtype=np.float32)
    gradient = gradient[None, :] if gradient.shape[0] == w else gradient[:, None]
    if rng.random() < 0.5:
        gradient = gradient[..., ::-1] if gradient.shape[0] == 1 else gradient[::-1]
    paper = 0.03 * s + 0.08 * s * gradient * rng.random()
    ink = np.clip(ink + paper * (1 - ink), 0, 1)

    # Dust and toner specks in small clusters.
    specks = int(rng.uniform(200, 1500) * s * (h * w) / (2480 * 3508))
    for _ in range(specks):
        y, x = rng.randrange(h), rng.randrange(w)
        r = max(1, int(rng.choice((1, 1, 1, 2, 3)) * scale))
        cv2.circle(ink, (x, y), r, float(rng.uniform(0.5, 1.0)), -1)

    grey = np.clip(255.0 * (1.0 - ink), 0, 255).astype(np.uint8)
    image = Image.fromarray(grey, "L")

    # The scanner: 120-200 dpi, sometimes a second pass through a lower resolution.
    dpi = scan.dpi
    size = (max(1, round(w * dpi / source_dpi)), max(1, round(h * dpi / source_dpi)))
    if scan.second_pass:
        low = (max(1, size[0] * 3 // 4), max(1, size[1] * 3 // 4))
        image = image.resize(low, Image.Resampling.BILINEAR)
    image = image.resize(size, Image.Resampling.LANCZOS if rng.random() < 0.5 else Image.Resampling.BILINEAR)
    if scan.binary:
        threshold = scan.threshold
        image = image.point(lambda v: 255 if v > threshold else 0).convert("1", dither=Image.Dither.NONE)
    return Copy(image=image, dpi=dpi, binary=scan.binary, quality=scan.quality)


def save_pdf(pages: list[Image.Image], dpi: int, path, *, quality: int = 90) -> None:
    """Pages as one image-only PDF (grey pages as JPEG, 1-bit pages as CCITT G4) at ``dpi``."""
    first, rest = pages[0], pages[1:]
    # Pillow passes the options on to the page encoder: "quality" is for JPEG only.
    options = {} if first.mode == "1" else {"quality": quality}
    first.save(path, "PDF", save_all=True, append_images=rest, resolution=float(dpi), **options)

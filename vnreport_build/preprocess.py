"""Image clean-up before OCR, step by step, each one kept only where measurement says it helps.

The steps (``STEPS``) are the usual ones of scan pipelines: deskew, despeckle, binarise, border
removal. ``benchmarks/preprocess.py`` measures each on the tune pages (the first set of
``benchmarks/fix.py``); the README records the figures. None of them lowered the errors of raw
Tesseract or of ``vnreport fix`` there (deskew and binarising raised them), so ``vnreport fix``
applies none: Tesseract's own Otsu binarisation and skew-tolerant layout analysis already do the
work. Every step takes and returns an 8-bit grey image of the same size, so word boxes would stay
in the page's own pixels (the searchable PDF puts words on them).
"""

from __future__ import annotations

from collections.abc import Callable

import cv2
import numpy as np
from PIL import Image


def _grey(image: Image.Image) -> np.ndarray:
    return np.asarray(image.convert("L"))


def deskew(image: Image.Image, *, max_degrees: float = 2.0, step: float = 0.1) -> Image.Image:
    """Rotate the page so that its text lines are level.

    The angle is the one whose horizontal ink profile is sharpest (largest variance of row sums):
    lines of text become tall peaks with white between them only when they are level. Searched on a
    half-size copy within +-``max_degrees`` (office copies lie at most about a degree askew).
    """
    grey = _grey(image)
    small = cv2.resize(grey, (grey.shape[1] // 2, grey.shape[0] // 2), interpolation=cv2.INTER_AREA)
    ink = (small < 160).astype(np.float32)
    centre = (ink.shape[1] / 2, ink.shape[0] / 2)
    best, best_score = 0.0, -1.0
    for angle in np.arange(-max_degrees, max_degrees + step / 2, step):
        matrix = cv2.getRotationMatrix2D(centre, float(angle), 1.0)
        rotated = cv2.warpAffine(ink, matrix, (ink.shape[1], ink.shape[0]), flags=cv2.INTER_NEAREST)
        score = float(np.var(rotated.sum(axis=1)))
        if score > best_score:
            best, best_score = float(angle), score
    if abs(best) < step / 2:
        return image.convert("L")
    matrix = cv2.getRotationMatrix2D((grey.shape[1] / 2, grey.shape[0] / 2), best, 1.0)
    out = cv2.warpAffine(grey, matrix, (grey.shape[1], grey.shape[0]), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT, borderValue=255)
    return Image.fromarray(out, "L")


def despeckle(image: Image.Image, *, dpi: int = 300, max_dot_mm: float = 0.25) -> Image.Image:
    """Paint out isolated specks: dark connected components smaller than ``max_dot_mm`` across that
    stand apart from any other ink (a diacritic or a full stop sits next to its letters; dust does not)."""
    grey = _grey(image)
    ink = (grey < 160).astype(np.uint8)
    count, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    if count <= 1:
        return image.convert("L")
    limit = max(1, round(max_dot_mm / 25.4 * dpi))
    near = max(2, round(0.8 / 25.4 * dpi))  # 0.8 mm: a tone mark lies closer than this to its vowel
    dilated = cv2.dilate(ink, np.ones((2 * near + 1, 2 * near + 1), np.uint8))
    groups = cv2.connectedComponents(dilated, connectivity=8)[1]
    # The group of each component (any of its pixels will do: a component lies inside one group).
    ys, xs = np.nonzero(labels)
    first = np.full(count, -1)
    first[labels[ys, xs][::-1]] = np.arange(len(ys))[::-1]
    group_of = np.zeros(count, dtype=np.int64)
    group_of[1:] = groups[ys[first[1:]], xs[first[1:]]]
    members = np.bincount(group_of[1:], minlength=int(groups.max()) + 1)
    small = (stats[:, cv2.CC_STAT_WIDTH] <= limit) & (stats[:, cv2.CC_STAT_HEIGHT] <= limit)
    specks = small & (members[group_of] == 1)
    specks[0] = False
    out = grey.copy()
    out[specks[labels]] = 255
    return Image.fromarray(out, "L")


def binarise(image: Image.Image, *, dpi: int = 300) -> Image.Image:
    """Black and white by a local threshold (Gaussian-weighted mean of a window about 2 mm across),
    which follows uneven paper and faded toner where one global threshold does not."""
    grey = _grey(image)
    window = max(15, round(2.0 / 25.4 * dpi * 4) | 1)
    out = cv2.adaptiveThreshold(grey, 255, cv2.ADAPTIVE_THRESH_GAUSSIAN_C, cv2.THRESH_BINARY, window, 15)
    return Image.fromarray(out, "L")


def remove_border(image: Image.Image, *, margin: float = 0.03) -> Image.Image:
    """Whiten dark bands along the page edges (the copier lid, the shadow of a page askew): ink in the
    outer ``margin`` of the page that touches the edge."""
    grey = _grey(image).copy()
    h, w = grey.shape
    ink = (grey < 128).astype(np.uint8)
    count, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    x, y, bw, bh = (stats[:, i] for i in (cv2.CC_STAT_LEFT, cv2.CC_STAT_TOP, cv2.CC_STAT_WIDTH, cv2.CC_STAT_HEIGHT))
    mx, my = int(w * margin), int(h * margin)
    touches = (x == 0) | (y == 0) | (x + bw >= w) | (y + bh >= h)
    inside_margin = (x + bw <= mx) | (y + bh <= my) | (x >= w - mx) | (y >= h - my)
    border = touches & inside_margin
    border[0] = False
    grey[border[labels]] = 255
    return Image.fromarray(grey, "L")


Step = Callable[..., Image.Image]
STEPS: dict[str, Step] = {"deskew": deskew, "despeckle": despeckle, "binarise": binarise, "border": remove_border}

def preprocess(image: Image.Image, steps: tuple[str, ...], *, dpi: int) -> Image.Image:
    """``image`` after each of ``steps`` (names of :data:`STEPS`) in order; unchanged for no steps."""
    for name in steps:
        step = STEPS[name]
        image = step(image, dpi=dpi) if name in ("despeckle", "binarise") else step(image)
    return image

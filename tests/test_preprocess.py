"""The image clean-up steps that benchmarks/preprocess.py measures do what they say."""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw

from vnreport_build.preprocess import STEPS, deskew, despeckle, preprocess, remove_border
from vnreport_build.synthetic import PageStyle, find_font, load_font


def _text_page(angle: float = 0.0) -> Image.Image:
    style = PageStyle(font_path=find_font("serif"), font_size_pt=12.0, dpi=300)
    font = load_font(style)
    image = Image.new("L", (1600, 1200), 255)
    draw = ImageDraw.Draw(image)
    for i in range(12):
        draw.text((150, 120 + 75 * i), "Ủy ban nhân dân tỉnh chỉ đạo các sở, ngành thực hiện kế hoạch", font=font, fill=0)
    return image.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=255) if angle else image


def _profile_sharpness(image: Image.Image) -> float:
    ink = np.asarray(image) < 160
    return float(np.var(ink.sum(axis=1)))


def test_deskew_levels_a_skewed_page() -> None:
    level = _text_page()
    skewed = _text_page(1.0)
    fixed = deskew(skewed)
    assert fixed.size == skewed.size
    assert _profile_sharpness(fixed) > 1.5 * _profile_sharpness(skewed)
    assert _profile_sharpness(fixed) > 0.8 * _profile_sharpness(level)


def test_despeckle_removes_lone_dots_and_keeps_the_marks_of_letters() -> None:
    page = _text_page()
    pixels = np.asarray(page).copy()
    pixels[1100:1102, 800:802] = 0  # dust, far from any letter
    cleaned = np.asarray(despeckle(Image.fromarray(pixels, "L"), dpi=300))
    assert (cleaned[1100:1102, 800:802] == 255).all()
    assert (cleaned[:1000] == np.asarray(page)[:1000]).all()  # every letter and mark kept


def test_remove_border_whitens_a_dark_band_at_the_edge_only() -> None:
    pixels = np.asarray(_text_page()).copy()
    pixels[:, :20] = 0  # the copier's lid along the left edge
    cleaned = np.asarray(remove_border(Image.fromarray(pixels, "L")))
    assert (cleaned[:, :20] == 255).all()
    assert (cleaned[:, 20:] == pixels[:, 20:]).all()


def test_no_steps_leave_the_page_and_every_step_keeps_the_size() -> None:
    page = _text_page()
    assert preprocess(page, (), dpi=300) is page
    for name in STEPS:
        assert preprocess(page, (name,), dpi=300).size == page.size

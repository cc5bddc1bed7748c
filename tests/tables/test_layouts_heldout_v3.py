"""Invariants of the third held-out set of appendix layouts (benchmarks/layouts/heldout_v3.py).

That set judges `vnreport tables` blind, so its truth must be right: the truth CSV is well formed
under the conventions, clean tables add up (recomputed here, not with the generator's own check),
an injected error breaks a check and is exactly one cell, merged label cells keep their text in the
block's first row only, builds are deterministic, the split, its seeds, fonts and provinces are its
own, the photocopy model is its own and deterministic, and the families print the layouts they
claim (Chromium). No OCR here.
"""

from __future__ import annotations

import re
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.layouts import content, dataset, families, heldout_v2, heldout_v3  # noqa: E402
from benchmarks.layouts.spec import Row  # noqa: E402

SEEDS = range(30000, 30016)
V3 = sorted(heldout_v3.FAMILIES)


def _value(text: str) -> int | None:
    if text == "-":
        return 0
    if re.fullmatch(r"\d{1,3}(\.\d{3})*|\d+", text):
        return int(text.replace(".", ""))
    return None


@pytest.mark.parametrize("family", V3)
def test_truth_is_well_formed(family: str) -> None:
    for seed in SEEDS:
        doc = families.build(family, seed)
        assert isinstance(doc, heldout_v3.DocV3) and doc.family == family and doc.seed == seed
        assert doc.setup.font in heldout_v3.FONTS and doc.figure_font in ("", *heldout_v3.FIGURE_FONTS)
        assert doc.tables
        for table in doc.tables:
            rows = table.csv_rows()
            header = rows[0]
            assert all(header) and len(set(header)) == len(header), (seed, header)
            assert all(len(row) == len(header) for row in rows)
            assert all(cell == " ".join(cell.split()) for row in rows for cell in row)
            assert not any(re.fullmatch(r"\(?\d+\)?|[A-C]", cell) for cell in header)  # no column-number row in it
            assert not any(re.match(r"(ĐVT|Đơn vị tính):", cell) for row in rows for cell in row)  # the units line is no row
            assert len(rows) >= 5
            assert table.title.startswith(("Phụ lục", "Biểu số"))
            for r, c, span in table.merged:  # merged cells: text in the first row, blanks under it
                assert span >= 2 and rows[r + 1][c] and all(rows[r + 1 + k][c] == "" for k in range(1, span))


@pytest.mark.parametrize("family", V3)
def test_clean_tables_add_up_and_an_injected_error_is_one_cell(family: str) -> None:
    injected = clean = 0
    for seed in SEEDS:
        for table in families.build(family, seed).tables:
            rows = table.rows
            if table.injected is None:
                clean += 1
                for col, total, parts in table.sums:
                    values = [_value(rows[r].cells[col]) for r in parts]
                    assert None not in values and len(parts) >= 2, (seed, col, total)
                    assert sum(values) == _value(rows[total].cells[col]), (seed, col, total)
                for rate_col, part_col, whole_col, places in table.rates:
                    for row in rows:
                        part, whole = _value(row.cells[part_col]), _value(row.cells[whole_col])
                        if part is None or whole is None:
                            assert row.cells[rate_col] == "", (seed, row)  # "…": no rate printed
                            continue
                        expected = "x" if whole == 0 else content.rate(part, whole, places)
                        assert row.cells[rate_col] == expected, (seed, row)
                numbers = [row.cells[0] for row in rows if row.cells[0].isdigit()]
                if not table.sums:  # no sum to break: the STT count 1..n is the check
                    assert numbers == [str(i) for i in range(1, len(numbers) + 1)]
                assert families.checks_hold(table)
                continue
            injected += 1
            item = table.injected
            assert table.csv_rows()[item.row][item.column] == item.printed != item.correct
            assert not families.checks_hold(table), (seed, item)
            cells = list(rows[item.row - 1].cells)
            cells[item.column] = item.correct
            fixed = list(rows)
            fixed[item.row - 1] = Row(tuple(cells), rows[item.row - 1].kind)
            assert families.checks_hold(replace(table, rows=tuple(fixed), injected=None))
    assert injected >= 3 and clean >= 4, (injected, clean)  # about half the tables carry an error


def test_families_carry_the_features_they_claim() -> None:
    budget = families.build("budget-total-first", 30000).tables[0]
    assert budget.unit.endswith("triệu đồng") and budget.rows[0].cells[1] == "Tổng cộng" and budget.rows[1].cells[0] == "I"
    kinds = {cell for s in SEEDS for row in families.build("budget-total-first", s).tables[0].rows for cell in row.cells}
    assert {"a)", "b)", "-", "x", "…", ""} <= kinds and any(re.fullmatch(r"\d+,\d\d", k) for k in kinds)
    assert any(re.fullmatch(r"\d+\.", k) for k in kinds)
    ranks = families.build("rank-years", 30000).tables[0]
    assert ranks.columns == 3 and 8 <= len(ranks.rows) <= 12 and all(len(c) <= 4 for r in ranks.rows for c in r.cells)
    two = families.build("two-tables-hrules", 30000)
    assert len(two.tables) == 2 and two.tables[1].before and all(t.rules == "hrules" for t in two.tables)
    merged = families.build("merged-districts", 30000).tables[0]
    assert merged.merged and all(c == 1 for _, c, _ in merged.merged)
    land = families.build("borderless-landscape", 30000)
    assert land.setup.landscape and land.tables[0].rules in ("none", "under-header")
    assert land.tables[0].csv_rows()[0][2].startswith("Năm ") and land.tables[0].csv_rows()[0][2].endswith(" - Kế hoạch")
    long = families.build("three-pages-running", 30000)
    assert long.running_css and "counter(page)" in long.page_number_css and len(long.tables[0].rows) >= 40


def test_builds_are_deterministic_and_seeded() -> None:
    for family in V3:
        assert families.build(family, 30003) == families.build(family, 30003)
        assert families.build(family, 30003) != families.build(family, 30004)


def test_the_third_held_out_split_is_its_own() -> None:
    assert set(families.HELDOUT3) == set(heldout_v3.FAMILIES) and 5 <= len(families.HELDOUT3) <= 6
    assert set(families.HELDOUT3).isdisjoint(set(families.TUNE) | set(families.HELDOUT) | set(families.HELDOUT2))
    assert all(families.split_of(f) == "heldout3" for f in families.HELDOUT3)
    seeds = dataset.seeds_for("heldout3", 50)
    assert min(seeds) == 30000 and max(dataset.seeds_for("heldout2", 1000)) < min(seeds)
    earlier = set(families.FONTS) | set(heldout_v2.FONTS)
    assert not set(heldout_v3.FONTS) & earlier and not set(heldout_v3.FIGURE_FONTS) & earlier
    assert set(heldout_v3.PLACES).isdisjoint(set(content.PLACES) | set(heldout_v2.PLACES))


def test_the_photocopy_model_is_deterministic_and_damages_the_page() -> None:
    page = Image.new("L", (1240, 1754), 255)
    draw = ImageDraw.Draw(page)
    for y in range(200, 1500, 60):
        draw.line((150, y, 1090, y), fill=0, width=3)
    settings = heldout_v3.copier(7)
    assert 150 <= settings.dpi <= 200 and 40 <= settings.quality <= 70
    one = heldout_v3.photocopy(page, source_dpi=150, seed=3, settings=settings)
    two = heldout_v3.photocopy(page, source_dpi=150, seed=3, settings=settings)
    other = heldout_v3.photocopy(page, source_dpi=150, seed=4, settings=settings)
    assert one.tobytes() == two.tobytes() and one.tobytes() != other.tobytes()
    assert one.mode == "L" and one.size == (round(1240 * settings.dpi / 150), round(1754 * settings.dpi / 150))
    pixels = np.asarray(one, dtype=np.float32)
    assert 100 < pixels[50:150, 50:-50].mean() < 250  # paper no longer white, still light
    # The page is turned: the rules' row profile on the right is shifted against the one on the left.
    left, right = pixels[:, 150:250].mean(axis=1), pixels[:, -250:-150].mean(axis=1)
    shifts = {s: float(((np.roll(left, s) - right) ** 2)[30:-30].sum()) for s in range(-25, 26)}
    assert min(shifts, key=shifts.get) != 0


@pytest.mark.parametrize("family", ["merged-districts", "three-pages-running", "borderless-landscape"])
def test_families_print_the_layout_they_claim(family: str) -> None:
    spec = families.build(family, 30001)
    page = heldout_v3.document_html(spec)
    doc = dataset.make(family, 30001)
    width, height = doc.pages["clean"][0].size
    assert set(doc.pages) == {"clean", "photocopy"} and doc.store["photocopy"][0] is False
    assert 150 <= doc.dpi["photocopy"] <= 200 and 40 <= doc.store["photocopy"][1] <= 70
    if family == "merged-districts":
        assert page.count('rowspan="') - page.count('rowspan="1"') == len(spec.tables[0].merged)
        assert height > width
    elif family == "three-pages-running":
        # At least three pages, the whole header (group cell included) in the repeating thead.
        assert len(doc.pages["clean"]) >= 3 and len(doc.truth[0].pages) >= 3
        thead = re.search(r"<thead>(.*?)</thead>", page).group(1)
        assert "Chứng thư số đã cấp" in thead and "(7)" in thead and "@top-left" in page
    else:
        assert width > height
    for image in doc.pages["clean"]:
        assert image.getextrema()[0] < 50

"""Invariants of the second held-out set of appendix layouts (benchmarks/layouts/heldout_v2.py).

That set judges `vnreport tables` blind, so its truth must be right: the truth CSV is well formed
under the conventions (one header row, no blank header cell, every row as wide as the header, no
untrimmed cell), clean tables add up (recomputed here, not with the generator's own check), an
injected error breaks a check and is exactly one cell, builds are deterministic, the split and its
seeds are its own, and each family prints the layout it claims (Chromium). No OCR here.
"""

from __future__ import annotations

import re
import sys
from dataclasses import replace
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.layouts import content, dataset, families, heldout_v2  # noqa: E402
from benchmarks.layouts.spec import Row  # noqa: E402

SEEDS = range(20000, 20016)
V2 = sorted(heldout_v2.FAMILIES)


def _value(text: str) -> int | None:
    if text == "-":
        return 0
    if re.fullmatch(r"\d{1,3}(\.\d{3})*|\d+", text):
        return int(text.replace(".", ""))
    return None


@pytest.mark.parametrize("family", V2)
def test_truth_is_well_formed(family: str) -> None:
    for seed in SEEDS:
        doc = families.build(family, seed)
        assert isinstance(doc, heldout_v2.DocV2) and doc.family == family and doc.seed == seed
        assert doc.setup.font in heldout_v2.FONTS
        assert doc.tables
        for table in doc.tables:
            rows = table.csv_rows()
            header = rows[0]
            assert all(header), (seed, header)  # every column has a header
            assert len(set(header)) == len(header), (seed, header)
            assert all(len(row) == len(header) for row in rows)
            assert all(cell == " ".join(cell.split()) for row in rows for cell in row)
            assert not any(re.fullmatch(r"\(?\d+\)?", cell) for cell in header)  # the column-number row is no header
            assert len(rows) >= 6
            assert table.title.startswith(("Phụ lục", "Biểu số"))
            assert all(1 <= len(str(h.text).split("\n")) <= 3 for line in table.header for h in line)


@pytest.mark.parametrize("family", V2)
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
                            assert row.cells[rate_col] in ("", "x") or _value(row.cells[part_col]) is None
                            continue
                        assert row.cells[rate_col] == content.rate(part, whole, places), (seed, row)
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
    assert injected >= 4 and clean >= 4, (injected, clean)  # about half the tables carry an error


def test_builds_are_deterministic_and_seeded() -> None:
    for family in V2:
        assert families.build(family, 20003) == families.build(family, 20003)
        assert families.build(family, 20003) != families.build(family, 20004)


def test_the_second_held_out_split_is_its_own() -> None:
    assert set(families.HELDOUT2) == set(heldout_v2.FAMILIES) and 4 <= len(families.HELDOUT2) <= 6
    assert set(families.HELDOUT2).isdisjoint(set(families.TUNE) | set(families.HELDOUT))
    assert all(families.split_of(f) == "heldout2" for f in families.HELDOUT2)
    seeds = dataset.seeds_for("heldout2", 50)
    assert min(seeds) == 20000 and max(dataset.seeds_for("heldout", 1000)) < min(seeds)
    # None of the tune set's fonts (nor Liberation, which shares Tinos/Arimo's outlines).
    assert set(heldout_v2.FONTS).isdisjoint(families.FONTS) and not any("Liberation" in f for f in heldout_v2.FONTS)
    assert set(heldout_v2.PLACES).isdisjoint(content.PLACES)


def test_headers_follow_the_conventions() -> None:
    table = families.build("three-level-header", 20000).tables[0]
    header = table.csv_rows()[0]
    assert len(table.header) == 3 and table.colnums == tuple(f"({i})" for i in range(1, 8))
    assert header[2] == "Tổng số TTHC"
    assert re.fullmatch(r".+ - Năm \d{4} - Số lượng", header[3]) and header[4].endswith(" - Tỷ lệ (%)")
    assert table.rows[0].kind == "total" and table.rows[1].cells[0] == "A"  # total printed first
    months = families.build("landscape-months", 20000).tables[0]
    assert months.columns == 15 and months.csv_rows()[0][13].endswith(" - Tháng 12")
    blank = [r for r in months.rows if "" in r.cells[2:14]]
    assert blank and all(_value(c) is not None for r in months.rows for c in r.cells[2:14] if c)


@pytest.mark.parametrize("family", ["report-body", "continued-colnums", "landscape-months"])
def test_families_print_the_layout_they_claim(family: str) -> None:
    spec = families.build(family, 20001)
    page = heldout_v2.document_html(spec)
    doc = dataset.make(family, 20001, variants=("clean",))
    width, height = doc.pages["clean"][0].size
    if family == "report-body":
        # Prose before and after the table, the national header and the signature block.
        assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in page and "Nơi nhận:" in page
        assert spec.tables[0].before and spec.tables[0].after and spec.tables[0].style == "rules"
        assert height > width
    elif family == "continued-colnums":
        # Continued over pages; only the column-number row is in the repeating thead.
        assert len(doc.pages["clean"]) >= 2 and len(doc.truth[0].pages) >= 2
        thead = re.search(r"<thead>(.*?)</thead>", page).group(1)
        assert 'class="num hend"' in thead and "Tên thủ tục hành chính" not in thead
    else:
        assert width > height
    for image in doc.pages["clean"]:
        assert image.getextrema()[0] < 50

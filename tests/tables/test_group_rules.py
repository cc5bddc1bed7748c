"""Round 2 of issue 14: headers with short rules under their group labels only, column-number rows
boxed in with the header, specks in column gaps, column-ruled bodies without rules between rows, and
titles whose heading words OCR misread. Unit tests on synthetic ink (no OCR) and one page of the
layouts generator read through the CLI."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from vnreport.tables.detect import Grid, GridCell, Rule
from vnreport.tables.grid import column_gaps
from vnreport.tables.image import _group_rule, _header_boxes, _line_rows, _short_marks, _with_title, TablePart
from vnreport.tables.locate import canonical_head, compose_title

LINE = 45.0


def test_a_short_rule_over_part_of_the_header_rule_is_a_group_rule() -> None:
    header_rule = Rule(700, 350, 2300)
    top_rule = Rule(430, 350, 2300)
    groups = Rule(505, 1056, 2070)  # under "Hồ sơ tiếp nhận" and "Hồ sơ đã giải quyết"
    rules = [top_rule, groups, header_rule]
    assert _group_rule(groups, rules, LINE)
    assert not _group_rule(top_rule, rules, LINE) and not _group_rule(header_rule, rules, LINE)
    # a rule of the same width further down is the next table's, not a group rule of this one
    assert not _group_rule(Rule(505, 350, 2300), rules, LINE)
    # a short rule far above the next wide rule (a signature line over a table lower down) is not one
    assert not _group_rule(Rule(40, 1056, 2070), rules, LINE)


def test_a_header_band_crossed_by_a_group_rule_is_cut_into_label_and_sub_headers() -> None:
    ink = np.zeros((300, 1000), np.uint8)
    ink[20:200, 40:120] = 255  # "STT": a cell spanning both header rows
    ink[30:70, 420:780] = 255  # group label over columns at 400-600 and 600-800
    ink[110:150, 430:560] = 255  # sub-header 1
    ink[110:150, 640:770] = 255  # sub-header 2
    rule = Rule(90, 400, 800)
    boxes = _header_boxes(ink, (20, 200), 0, 1000, [rule], LINE)
    assert (40, 20, 120, 200) in boxes
    assert (420, 30, 780, 70) in boxes
    assert (430, 110, 560, 150) in boxes and (640, 110, 770, 150) in boxes
    assert len(boxes) == 4
    # without the rule the label and the sub-headers are one phrase over two columns
    assert len(_header_boxes(ink, (20, 200), 0, 1000, [], LINE)) == 2


def test_a_speck_alone_in_a_column_gap_does_not_merge_the_columns() -> None:
    ink = np.zeros((200, 600), np.uint8)
    bands = [(10, 50), (60, 100), (110, 150)]
    for top, bottom in bands:
        ink[top:bottom, 20:140] = 255
        ink[top:bottom, 200:320] = 255
    ink[15:20, 165:169] = 255  # one speck between the columns, in one line only
    assert column_gaps(ink, bands, left=0, right=600, min_gap=40) == [0, 170, 600]
    # the same mark in every line is a column of its own (too narrow here: then no column at all)
    ink[60:100, 165:169] = 255
    ink[110:150, 165:169] = 255
    assert len(column_gaps(ink, bands, left=0, right=600, min_gap=40)) == 2


def test_a_column_number_row_read_badly_is_still_no_header_text() -> None:
    assert _short_marks(["4)", "(2)", "(3)", "(4", "(5)", "(6)", "()"])
    assert not _short_marks(["STT", "Đơn vị", "Kế hoạch", "Thực hiện", "Tỷ lệ"])
    assert not _short_marks(["", "", "", "(%)", ""])  # one unit mark under the rate header


def test_a_column_ruled_body_with_label_only_rows_is_read_line_by_line() -> None:
    # Header row 0-100, body 100-700 with 8 text lines; the STT column holds one-glyph cells only
    # (too little ink per pixel row for a text line) and the figure columns are blank on group rows.
    ink = np.zeros((720, 1000), np.uint8)
    xs = (0, 100, 600, 800, 1000)
    for i in range(8):
        top = 120 + i * 70
        ink[top:top + 40, 140:400] = 255  # label
        ink[top:top + 40, 45:49] = 255  # "1"
        if i % 4:
            ink[top:top + 40, 650:780] = 255
            ink[top:top + 40, 850:980] = 255
    grid = Grid(xs, (0, 100, 700), tuple(GridCell(r, r + 1, c, c + 1) for r in range(2) for c in range(4)))
    rows = _line_rows(ink, grid, LINE, 300)
    assert list(rows) == [1] and len(rows[1].lines) == 8
    # one wrapped label in one row (figures on one line) stays one row
    single = np.zeros((720, 1000), np.uint8)
    for i in range(4):
        single[120 + i * 70:160 + i * 70, 140:400] = 255
    single[300:340, 650:780] = 255
    single[300:340, 850:980] = 255
    assert _line_rows(single, grid, LINE, 300) == {}


@pytest.mark.parametrize(("read", "fixed"), [
    ("Phu lục 2", "Phụ lục 2"), ("Phụ lực 3", "Phụ lục 3"), ("PHU LUC II", "PHỤ LỤC II"), ("Biéu số 01", "Biểu số 01"),
    ("Phụ lục 4", "Phụ lục 4"), ("Phụlục 2", "Phụlục 2")])
def test_heading_words_get_their_marks_back(read: str, fixed: str) -> None:
    assert canonical_head(read) == fixed


def test_the_title_skips_the_units_line_and_leaves_out_the_note() -> None:
    part = TablePart(1, "", ("STT",), (("1",),), (0, 10), 100, 200, 1000)
    lines = ["Phu lục 3", "TÌNH HÌNH TIẾP NHẬN HỒ SƠ", "(Kèm theo Báo cáo số 238/BC-UBND ngày 1/2/2020 của UBND tỉnh)", "ĐVT: hồ sơ"]
    titled = _with_title(part, lines, first=True)
    assert titled.title == compose_title("Phụ lục 3", ["TÌNH HÌNH TIẾP NHẬN HỒ SƠ"]) == "Phụ lục 3: TÌNH HÌNH TIẾP NHẬN HỒ SƠ"
    # a title read without any mark (English-model OCR) is left whole to the label restorer
    assert _with_title(part, ["Phu luc 3", "TINH HINH"], first=True).title == "Phu luc 3: TINH HINH"


@pytest.mark.skipif(not any(shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome")), reason="needs Chromium")
@pytest.mark.parametrize(("family", "seed"), [("partial-rule-groups", 0), ("vertical-sections", 2)])
def test_generated_layout_read_through_the_cli(tmp_path: Path, family: str, seed: int) -> None:
    from benchmarks.layouts import dataset
    from fakes.proc import run_vnreport

    doc = dataset.make(family, seed, variants=("clean",))
    pdf = tmp_path / "clean.pdf"
    doc.pages["clean"][0].save(pdf, resolution=300)
    out = tmp_path / "out"
    proc = run_vnreport(["tables", str(pdf), "-o", str(out), "--raw-csv", "-j", "1"], cwd=tmp_path,
                        env={"OMP_THREAD_LIMIT": "1"})
    assert proc.returncode in (0, 1), proc.stderr
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    [table] = report["tables"]
    [truth] = doc.truth
    with open(out / table["csv"], encoding="utf-8", newline="") as handle:
        rows = [tuple(row) for row in csv.reader(handle)]
    assert rows[0] == truth.rows[0]  # the whole two-level header, no column-number row
    assert len(rows) == len(truth.rows)  # no row merged, none invented
    right = sum(a == b for got, want in zip(rows, truth.rows) for a, b in zip(got, want))
    assert right >= sum(len(row) for row in truth.rows) - 1  # one "-" may be read as blank
    assert table["title"].replace(":", "") == truth.title.replace(":", "")


def test_text_input_two_level_header_is_written_group_dash_sub(tmp_path: Path) -> None:
    from fakes.proc import run_vnreport

    for name, header in (("ruled", "STT | Đơn vị | Năm 2019 | Năm 2020\n | | Kế hoạch | Thực hiện | Kế hoạch | Thực hiện"),
                         ("plain", "STT Đơn vị Năm 2019 Năm 2020\nKế hoạch Thực hiện Kế hoạch Thực hiện")):
        source = tmp_path / f"{name}.txt"
        source.write_text("Phụ lục 2\nKẾT QUẢ GIẢI QUYẾT HỒ SƠ\n\n" + header + "\n1 Sở Nội vụ 10 8 12 11\n"
                          "2 Sở Tư pháp 20 15 22 20\nTổng cộng 30 23 34 31\n", encoding="utf-8")
        out = tmp_path / name
        proc = run_vnreport(["tables", str(source), "-o", str(out)], cwd=tmp_path)
        assert proc.returncode == 0, proc.stderr
        with open(next(out.glob("*.csv")), encoding="utf-8", newline="") as handle:
            rows = list(csv.reader(handle))
        assert rows[0] == ["STT", "Đơn vị", "Năm 2019 - Kế hoạch", "Năm 2019 - Thực hiện", "Năm 2020 - Kế hoạch",
                           "Năm 2020 - Thực hiện"]
        assert rows[1] == ["1", "Sở Nội vụ", "10", "8", "12", "11"]


def test_the_note_line_above_a_header_rule_is_no_header_line() -> None:
    from vnreport.tables.image import _bands_right_above

    ink = np.zeros((400, 1000), np.uint8)
    ink[40:80, 100:900] = 255  # "(Kèm theo Báo cáo số …)": one run of words across the table
    ink[100:140, 700:950] = 255  # "ĐVT: triệu đồng", right-aligned
    ink[160:200, 20:90] = 255  # header phrases, column gaps between them
    ink[160:200, 300:500] = 255
    ink[160:200, 700:900] = 255
    bands = _bands_right_above(ink, 0, 1000, 220, LINE)
    assert bands[0][0] >= 95 and bands[-1][1] <= 205  # the units line may stay (dropped by its text), the note not

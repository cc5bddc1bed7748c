"""Bad page images through the real CLI process (`python -m vnreport tables`): a clear result or one
line `vnreport: error: …` with a documented exit code, never a traceback."""

from __future__ import annotations

import json
import os
import random
from dataclasses import replace
from pathlib import Path

import pytest
from fakes.proc import assert_one_line_error, run_vnreport
from PIL import Image

from vnreport_build.table_pages import prose_page, render_document, results_table

ENV = {"OMP_THREAD_LIMIT": "1"}


def _tables(image: Path, tmp_path: Path):
    out = tmp_path / "out"
    result = run_vnreport(["tables", str(image), "-o", str(out)], cwd=tmp_path, env=ENV)
    assert "Traceback" not in result.stderr
    return result, out


def test_a_20000_by_20000_page_is_refused_in_one_line(tmp_path: Path) -> None:
    image = tmp_path / "huge.png"
    Image.new("1", (20000, 20000), 1).save(image)
    result, out = _tables(image, tmp_path)
    assert result.returncode == 3
    assert_one_line_error(result.stderr, "huge.png", "too large")
    assert json.loads((out / "report.json").read_text(encoding="utf-8"))["error"]


def test_a_page_without_a_table_exits_3_with_one_line(tmp_path: Path) -> None:
    image = tmp_path / "prose.png"
    prose_page("Báo cáo kết quả thực hiện nhiệm vụ năm 2019 của Ủy ban nhân dân tỉnh. " * 12, dpi=150).save(image, dpi=(150, 150))
    result, out = _tables(image, tmp_path)
    assert result.returncode == 3
    assert_one_line_error(result.stderr, "no table found on 1 page")
    assert json.loads((out / "report.json").read_text(encoding="utf-8"))["tables"] == []


def test_a_table_of_one_row_is_a_table_of_one_row(tmp_path: Path) -> None:
    synth = results_table(random.Random(3), rows=1, total="bottom", title="Phụ lục 1: KẾT QUẢ GIẢI QUYẾT HỒ SƠ")
    synth = replace(synth, table=replace(synth.table, rows=synth.table.rows[:1]))
    doc = render_document([synth], seed=3, page_height_mm=100)
    image = tmp_path / "one-row.png"
    doc.pages[0].save(image, dpi=(300, 300))
    result, out = _tables(image, tmp_path)
    assert result.returncode == 0, result.stderr
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert [(t["rows"], t["columns"]) for t in report["tables"]] == [(1, 5)]
    rows = (out / report["tables"][0]["csv"]).read_text(encoding="utf-8").splitlines()
    assert rows[1].split(",")[:2] == ["1", synth.table.rows[0][1]]


def test_a_table_wider_than_the_page_gives_what_is_on_the_page(tmp_path: Path) -> None:
    # Printed 272 mm wide on a 210 mm page: the first and last columns are cut off by the paper edge.
    synth = replace(results_table(random.Random(4), rows=5, total="bottom", title="Phụ lục 1: KẾT QUẢ"),
                    widths_mm=(12, 90, 60, 60, 50))
    doc = render_document([synth], seed=4, page_height_mm=120)
    image = tmp_path / "wide.png"
    doc.pages[0].save(image, dpi=(300, 300))
    result, out = _tables(image, tmp_path)
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    # The columns on the paper are read, rows whole; no check invents an error from a cut-off table.
    assert result.returncode == 0, result.stderr
    assert [t["rows"] for t in report["tables"]] == [len(synth.table.rows)]
    assert [f for f in report["findings"] if f["severity"] == "error"] == []
    # ... but it says so: a warning in the report at the cut edges, and on the one summary line
    cut = sorted((f["kind"], f["row"], f["column"]) for f in report["findings"] if f["kind"] == "cut-off")
    width = report["tables"][0]["columns"]
    assert cut == [("cut-off", 0, 0), ("cut-off", 0, width - 1)]
    assert len(result.stderr.strip().splitlines()) == 1
    assert "cut off by the paper: table 1 at the left edge, table 1 at the right edge" in result.stderr
    rows = [line.split(",") for line in (out / report["tables"][0]["csv"]).read_text(encoding="utf-8").splitlines()]
    assert [row[-3:-1] for row in rows[1:]] == [list(row[2:4]) for row in synth.table.rows]


@pytest.mark.skipif(os.name != "posix", reason="file modes")
def test_an_unreadable_page_image_is_one_line(tmp_path: Path) -> None:
    image = tmp_path / "cut.png"
    Image.new("L", (400, 400), 255).save(image)
    image.write_bytes(image.read_bytes()[:60])
    result, _out = _tables(image, tmp_path)
    assert result.returncode == 3
    assert_one_line_error(result.stderr, "cut.png")

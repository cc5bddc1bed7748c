"""The review page of ``vnreport tables`` in a real browser: each table as a grid beside the crop
of the scan, the cell with a finding highlighted with the failed check and the suggested value."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

from fakes.browser import open_page
from fakes.proc import run_vnreport

from vnreport_build.table_pages import inject_error, render_document, results_table

DATA = re.compile(r'<script type="application/json" id="review-data">(.*?)</script>', re.S)
TITLE = "Phụ lục 1: KẾT QUẢ GIẢI QUYẾT HỒ SƠ"


def test_tables_review_shows_the_finding_at_its_cell_beside_the_scan(tmp_path: Path, browser) -> None:
    rng = random.Random(2)
    wrong = inject_error(rng, results_table(rng, rows=4, total="bottom", title=TITLE), 1)
    injected = wrong.injected[0]
    doc = render_document([wrong], seed=3, degrade=0.5, page_height_mm=130)
    doc.pages[0].save(tmp_path / "appendix.png", dpi=(300, 300))
    (tmp_path / "notes.txt").write_text("Phụ lục 2: KẾT QUẢ\n\nSTT Đơn vị Số hồ sơ\n1 Sở Y tế 10\n2 Sở Tư pháp 20\nTổng cộng 30\n", encoding="utf-8")
    result = run_vnreport(["tables", "appendix.png", "notes.txt", "-o", "out", "--review", "review.html"], cwd=tmp_path)
    assert result.returncode == 1, result.stderr  # the injected error is found
    report = json.loads((tmp_path / "out" / "appendix" / "report.json").read_text(encoding="utf-8"))
    finding = next(f for f in report["findings"] if f["severity"] == "error")
    assert (finding["row"], finding["column"]) == (injected.row, injected.column)

    html = (tmp_path / "review.html").read_text(encoding="utf-8")
    data = json.loads(DATA.search(html).group(1))
    assert [table["csv"] for item in data["inputs"] for table in item["tables"]] == ["01-phu-luc-1.csv", "01-phu-luc-2.csv"]
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", html)

    opened = open_page(browser, tmp_path / "review.html")
    page = opened.page
    assert page.locator("section.table").count() == 2
    scan_table = page.locator("section.table").nth(0)
    grid = scan_table.locator("table.grid")
    # The grid holds the CSV: header and every body row.
    assert grid.locator("tr").count() == 1 + len(wrong.table.rows)
    flagged = grid.locator("td.finding-error")
    assert flagged.count() == 1
    cell = grid.locator("tr").nth(injected.row).locator("td").nth(injected.column)
    assert "finding-error" in cell.get_attribute("class")
    assert injected.printed in cell.inner_text() and finding["kind"] in cell.inner_text()
    assert f"→ {injected.correct}" in cell.inner_text()  # the suggested value
    assert finding["kind"] in cell.get_attribute("title") and finding["suggestion"] in cell.get_attribute("title")
    # The crop of the scan beside it is loaded, and only the table from text has no crop.
    image = scan_table.locator(".crop img")
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=image.element_handle())
    assert page.locator("section.table").nth(1).locator(".crop img").count() == 0
    # The arrow key goes to the finding.
    page.keyboard.press("ArrowRight")
    assert "current" in cell.get_attribute("class")
    assert opened.external_requests() == [] and opened.violations() == [] and opened.errors == []

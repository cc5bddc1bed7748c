"""The review page of ``vnreport fix`` as a person meets it: a file opened in a real browser.

Headless Chromium (Debian's package) walks the doubtful words with the keyboard, picks a
candidate, types a correction, confirms a reading and saves; the saved file then goes back through
the CLI with --corrections, and the output text must carry exactly those decisions.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from fakes.browser import open_page
from fakes.proc import run_vnreport
from PIL import Image

from vnreport.config import OcrConfig
from vnreport.pipeline import FixOptions, run_fix

DATA = re.compile(r'<script type="application/json" id="review-data">(.*?)</script>', re.S)


def page_data(path: Path) -> dict:
    return json.loads(DATA.search(path.read_text(encoding="utf-8")).group(1))


def left(opened) -> int:
    return int(opened.page.get_attribute("#left", "data-left"))


def current_id(opened) -> int | None:
    value = opened.page.get_attribute(".box.current", "data-id")
    return None if value is None else int(value)


def test_the_file_is_self_contained(reviewed_scan) -> None:
    html = reviewed_scan.review.read_text(encoding="utf-8")
    # No reference to anything outside the file: no src/href to a URL, no @import, no CDN.
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", html)
    assert "@import" not in html and "http://" not in html and "https://" not in html
    assert "Content-Security-Policy" in html and "default-src 'none'" in html
    data = page_data(reviewed_scan.review)
    assert data["input"]["name"] == "scan.pdf" and len(data["input"]["sha256"]) == 64
    assert 'id="img-1"' in html  # the page image travels inside the file


def test_walk_pick_type_confirm_save_and_apply_with_the_cli(reviewed_scan, browser, tmp_path: Path) -> None:
    data = page_data(reviewed_scan.review)
    doubtful = [item for item in data["items"] if item["flag"]]
    assert len(doubtful) >= 3, [(i["ocr"], i["chosen"]) for i in data["items"]]  # the run must give us words to check
    opened = open_page(browser, reviewed_scan.review)
    page = opened.page
    assert left(opened) == len(doubtful)
    assert page.locator(".box.doubt").count() == len(doubtful)
    assert page.locator(".box.changed").count() == len([i for i in data["items"] if not i["flag"] and i["box"]])

    # 1. The first doubtful word: the box and the word in the text are both current; the tooltip
    #    says what OCR read, what was chosen and the candidates with probabilities.
    page.keyboard.press("ArrowRight")
    first = doubtful[0]
    assert current_id(opened) == first["id"]
    assert page.get_attribute(f'.w[data-id="{first["id"]}"]', "class").split() == ["w", "doubt", "current"]
    tip = page.inner_text("#tip")
    assert first["ocr"] in tip and first["chosen"] in tip and "%" in tip
    assert page.input_value("#edit") == first["chosen"]
    # Next and back again.
    page.keyboard.press("ArrowDown")
    assert current_id(opened) == doubtful[1]["id"]
    page.keyboard.press("ArrowUp")
    assert current_id(opened) == first["id"]

    # 2. Key 2 picks the second candidate (the best alternative); Enter accepts it and moves on.
    picked = next(text for text, _ in first["alts"] if text != first["chosen"])
    page.keyboard.press("2")
    assert page.input_value("#edit") == picked
    page.keyboard.press("Enter")
    assert left(opened) == len(doubtful) - 1
    assert page.inner_text(f'.w[data-id="{first["id"]}"]') == picked
    assert "done" in page.get_attribute(f'.box[data-id="{first["id"]}"]', "class")

    # 3. Typing replaces: the second doubtful word becomes what is typed.
    second = doubtful[1]
    assert current_id(opened) == second["id"]
    page.keyboard.type("Sửađúng")
    page.keyboard.press("Enter")
    assert page.inner_text(f'.w[data-id="{second["id"]}"]') == "Sửađúng"

    # 4. Enter alone confirms the reading of the third.
    third = doubtful[2]
    assert current_id(opened) == third["id"]
    page.keyboard.press("Enter")
    assert left(opened) == len(doubtful) - 3

    with page.expect_download() as download:
        page.click("#save")
    saved = tmp_path / "corrections.json"
    download.value.save_as(saved)
    corrections = json.loads(saved.read_text(encoding="utf-8"))
    assert corrections["input"] == data["input"]
    entries = {(entry["previous"], entry["new"], entry["action"]) for entry in corrections["corrections"]}
    assert entries == {(first["chosen"], picked, "corrected"), (second["chosen"], "Sửađúng", "corrected"), (third["chosen"], third["chosen"], "confirmed")}
    assert all(entry["box"] and entry["page"] == 1 for entry in corrections["corrections"])
    assert opened.external_requests() == [] and opened.violations() == [] and opened.errors == []

    # 5. The CLI applies the file: the text carries the decisions at their places, nothing else moves,
    #    and the settled words are no longer flagged.
    folder = reviewed_scan.folder
    result = run_vnreport(["fix", "scan.pdf", "--dpi", "200", "--corrections", str(saved), "-o", str(tmp_path / "fixed.txt"), "--mark-flagged"], cwd=folder)
    assert result.returncode == 0, result.stderr
    before = run_vnreport(["fix", "scan.pdf", "--dpi", "200", "-o", str(tmp_path / "before.txt"), "--mark-flagged"], cwd=folder)
    assert before.returncode == 0, before.stderr
    expected = (tmp_path / "before.txt").read_text(encoding="utf-8")
    for item, new in ((first, picked), (second, "Sửađúng"), (third, third["chosen"])):
        expected = expected.replace(f"[[{item['chosen']}]]", new, 1)
    assert (tmp_path / "fixed.txt").read_text(encoding="utf-8") == expected
    as_json = run_vnreport(["fix", "scan.pdf", "--dpi", "200", "--corrections", str(saved), "-o", str(tmp_path / "fixed.json")], cwd=folder)
    assert as_json.returncode == 0, as_json.stderr
    output = json.loads((tmp_path / "fixed.json").read_text(encoding="utf-8"))
    reviewed = {(r["restored"], r["reviewed"], r["flagged"]) for r in output["repairs"] if r["reviewed"]}
    assert reviewed == {(picked, "corrected", False), ("Sửađúng", "corrected", False), (third["chosen"], "confirmed", False)}
    assert picked in output["text"] and "Sửađúng" in output["text"]


def test_click_links_text_and_scan_both_ways(reviewed_scan, browser) -> None:
    data = page_data(reviewed_scan.review)
    opened = open_page(browser, reviewed_scan.review, viewport=(1200, 500))
    page = opened.page
    target = [item for item in data["items"] if item["box"]][-1]
    page.evaluate("window.scrollTo(0, 0)")
    page.click(f'.w[data-id="{target["id"]}"]')  # a word in the text ...
    assert current_id(opened) == target["id"]
    box = page.locator(f'.box[data-id="{target["id"]}"]')
    assert box.is_visible() and _in_viewport(page, box)  # ... brings its box on the scan into view
    other = [item for item in data["items"] if item["box"]][0]
    page.click(f'.box[data-id="{other["id"]}"]')  # and a box selects its word in the text
    assert "current" in page.get_attribute(f'.w[data-id="{other["id"]}"]', "class")
    assert page.input_value("#edit") == other["chosen"]
    page.hover(f'.box[data-id="{target["id"]}"]')
    assert target["ocr"] in page.inner_text("#tip")
    assert opened.external_requests() == [] and opened.violations() == []


def _in_viewport(page, locator) -> bool:
    box = locator.bounding_box()
    height = page.viewport_size["height"]
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= height


def test_the_network_recorder_sees_requests(browser, tmp_path: Path) -> None:
    # The harness itself: a page that does ask for a URL is recorded (and blocked), so an empty
    # record above means the review page asked for nothing.
    page_file = tmp_path / "leaky.html"
    page_file.write_text('<body data-ready="true"><img src="http://127.0.0.1:9/x.png"></body>', encoding="utf-8")
    opened = open_page(browser, page_file)
    opened.page.wait_for_timeout(200)
    assert opened.external_requests() == ["http://127.0.0.1:9/x.png"]


# --- a 100-page report ---------------------------------------------------------------------------

WORDS = "nam thang ngay tinh huyen xa phuong dan so nha ban hanh cong tac ke hoach nhiem vu".split()


def hundred_page_script() -> tuple[str, ...]:
    pages = []
    for number in range(1, 101):
        # The two lines at the top and at the bottom differ from page to page, so cleanup keeps
        # them (no running header); the line between is the same on every page but for its number.
        edge = [" ".join(WORDS[(number * (3 + line) + k * (5 + 2 * line)) % len(WORDS)] for k in range(6)) + "." for line in range(4)]
        pages.append("\n\n".join([edge[0], edge[1], f"Nghi quyet so {number} cua tinh Vinh Phuc.", edge[2], edge[3]]))
    return tuple(pages)


@pytest.fixture(scope="module")
def hundred_pages(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from fakes.ocr import ScriptedEngine
    from fakes.restore import TableRestorer

    folder = tmp_path_factory.mktemp("hundred")
    frames = [Image.new("L", (1240, 1754), 255) for _ in range(100)]
    scan = folder / "report.tif"
    frames[0].save(scan, "TIFF", save_all=True, append_images=frames[1:], dpi=(150, 150), compression="tiff_lzw")
    review = folder / "review.html"
    options = FixOptions(input=scan, output=str(folder / "out.txt"), ocr=OcrConfig(dpi=150, jobs=1), review=review)
    run_fix(options, engine=ScriptedEngine(pages=hundred_page_script()), restorer_factory=TableRestorer)
    return review


def test_a_hundred_page_review_loads_lazily_and_navigates(hundred_pages: Path, browser) -> None:
    data = page_data(hundred_pages)
    assert len(data["pages"]) == 100
    doubtful = [item for item in data["items"] if item["flag"]]  # "Phuc" on every page
    assert len(doubtful) == 100 and {item["page"] for item in doubtful} == set(range(1, 101))
    opened = open_page(browser, hundred_pages)
    page = opened.page
    assert page.locator("section.page").count() == 100
    assert left(opened) == 100
    loaded = page.locator(".scan img[src]").count()
    assert 0 < loaded < 20  # only the pages near the screen have their image yet
    page.keyboard.press("ArrowLeft")  # from nothing selected, back wraps to the last word to check
    assert current_id(opened) == doubtful[-1]["id"]
    last_image = page.locator('.scan[data-page="100"] img')
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=last_image.element_handle())
    assert _in_viewport(page, page.locator(f'.box[data-id="{doubtful[-1]["id"]}"]'))
    page.keyboard.type("Phúc")
    page.keyboard.press("Enter")
    assert left(opened) == 99
    # Enter moved on to the first word still to check (page 1); two pages on is page 3 ...
    assert current_id(opened) == doubtful[0]["id"]
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    assert current_id(opened) == doubtful[2]["id"]
    for _ in range(48):
        page.keyboard.press("ArrowRight")
    # ... and fifty presses on, page 51, whose image is then loaded while most pages' are not.
    assert current_id(opened) == doubtful[50]["id"] and doubtful[50]["page"] == 51
    middle_image = page.locator('.scan[data-page="51"] img')
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=middle_image.element_handle())
    assert _in_viewport(page, page.locator(f'.box[data-id="{doubtful[50]["id"]}"]'))
    assert page.locator(".scan img[src]").count() < 100
    assert opened.external_requests() == [] and opened.violations() == [] and opened.errors == []


def test_review_with_corrections_goes_on_where_the_person_stopped(reviewed_scan, browser, tmp_path: Path) -> None:
    data = page_data(reviewed_scan.review)
    first = next(item for item in data["items"] if item["flag"])
    page_size = [data["pages"][0]["w"], data["pages"][0]["h"]]
    saved = {"format": "vnreport-corrections", "version": 1, "input": data["input"], "corrections": [
        {"page": 1, "box": first["box"], "page_size": page_size, "block": first["block"], "start": first["start"],
         "previous": first["chosen"], "new": "Đãsửa", "action": "corrected"}]}
    corrections = tmp_path / "c.json"
    corrections.write_text(json.dumps(saved, ensure_ascii=False), encoding="utf-8")
    review = tmp_path / "again.html"
    result = run_vnreport(["fix", "scan.pdf", "--dpi", "200", "--corrections", str(corrections), "-o", str(tmp_path / "o.txt"), "--review", str(review)], cwd=reviewed_scan.folder)
    assert result.returncode == 0, result.stderr
    opened = open_page(browser, review)
    page = opened.page
    flagged = [item for item in data["items"] if item["flag"]]
    assert left(opened) == len(flagged) - 1  # the settled word is no longer to check
    settled = page.locator(".w.done")
    assert settled.count() == 1 and settled.inner_text() == "Đãsửa"
    page.keyboard.press("ArrowRight")  # the first word to check is now the second flagged one
    assert page.input_value("#edit") == flagged[1]["chosen"]
    page.keyboard.press("Enter")
    with page.expect_download() as download:
        page.click("#save")
    again = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    # The new file holds both: what was settled before and what was settled now.
    assert {(c["new"], c["action"]) for c in again["corrections"]} == {("Đãsửa", "corrected"), (flagged[1]["chosen"], "confirmed")}

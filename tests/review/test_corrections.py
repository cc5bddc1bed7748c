"""Corrections files: applied in one stage before render (every output carries them), and refused
whole, with one line and exit 3, when they are not JSON, belong to another input or name a word the
input does not have."""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
from pathlib import Path

import pytest
from fakes.ocr import ScriptedEngine
from fakes.proc import assert_one_line_error, run_vnreport
from fakes.restore import TableRestorer

from vnreport.cleanup import clean_pages
from vnreport.config import OcrConfig
from vnreport.corrections import CorrectionsError, apply_corrections, load_corrections
from vnreport.models import BBox, Document, Line, Page, Word
from vnreport.pipeline import FixOptions, run_fix
from vnreport.render import OutputFormat
from vnreport.review.words import map_words

TEXT = "Nghi quyet so 01 cua tinh Vinh Phuc.\n\nTrang hai cua bao cao.\n"


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def corrections_file(path: Path, source: Path, entries: list[dict]) -> Path:
    payload = {"format": "vnreport-corrections", "version": 1, "input": {"name": source.name, "sha256": sha(source)}, "corrections": entries}
    path.write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
    return path


# --- the word map -------------------------------------------------------------------------------


def _line(words: list[str], top: int) -> Line:
    boxes, x = [], 100
    for text in words:
        boxes.append(Word(text, BBox(x, top, 20 * len(text), 40), 90.0))
        x += 20 * len(text) + 20
    return Line(words=tuple(boxes), bbox=BBox(100, top, x - 120, 40))


def test_every_word_is_found_in_the_cleaned_text_across_wraps_hyphens_and_dropped_lines() -> None:
    long = "Thuc hien Ke hoach so 125 cua Uy ban nhan dan tinh ve chuyen doi so trong cac co quan nha".split()
    lines = (
        _line(long, 100),
        _line(long[:-3] + ["doanh", "nghi-"], 160),  # "nghi-" then a capital: the hyphen stays, glued
        _line(long[:-3] + ["mang", "In-"], 220),  # "In-" "ternet": a word cut in two, the hyphen goes
        _line(["ternet", "tren", "dia", "ban."], 280),
        _line(["7"], 3000),  # the page number at the foot: dropped
    )
    page = Page(number=1, lines=lines, width=2000, height=3100)
    document = Document(source="x", pages=(page,))
    cleaned = clean_pages(document.pages)
    assert [d.reason for d in cleaned.dropped] == ["page-number"]
    assert len(cleaned.blocks) == 1 and "doanh nghi-Thuc hien" in cleaned.blocks[0].text and "mang Internet tren" in cleaned.blocks[0].text
    spans = map_words(document, cleaned)
    text = cleaned.blocks[0].text
    assert len(spans) == 3 * len(long) - 2 + 4  # every kept word, not the page number
    for span in spans:
        piece = text[span.start : span.end]
        # The hyphen that ended "In-" was removed when the lines were joined.
        assert piece == (span.text[:-1] if span.text == "In-" else span.text), (span, piece)
    assert [s.bbox.top for s in spans if s.text in ("In-", "ternet")] == [220, 280]


# --- applying, in process (fake OCR engine and fake restorer) -------------------------------------

SCRIPT = ("BAO CAO\nNghi quyet so 01 cua tinh Vinh Phuc.",)


@pytest.fixture
def one_page(tmp_path: Path, page_one) -> Path:
    path = tmp_path / "one.png"
    page_one.image.save(path)
    return path


def _run(source: Path, out: Path, **options):
    return run_fix(
        FixOptions(input=source, output=str(out), ocr=OcrConfig(dpi=200, jobs=1), **options),
        engine=ScriptedEngine(pages=SCRIPT),
        restorer_factory=TableRestorer,
    )


def test_corrections_reach_text_markdown_and_json_and_unflag_the_word(tmp_path: Path, one_page: Path) -> None:
    # ScriptedEngine: line 2 at top 160; "Phuc." is the 8th word: x = 100 + sum(20*len + 20) before it.
    words = "Nghi quyet so 01 cua tinh Vinh".split()
    phuc_x = 100 + sum(20 * len(w) + 20 for w in words)
    so_x = 100 + sum(20 * len(w) + 20 for w in words[:2])
    entries = [
        # "Phuc" is flagged by the fake restorer; the person writes "Phúc".
        {"page": 1, "box": [phuc_x, 160, 20 * 5, 40], "page_size": None, "previous": "Phuc", "new": "Phúc", "action": "corrected"},
        # "so" the restorer left alone and did not flag: a person may still correct it.
        {"page": 1, "box": [so_x, 160, 40, 40], "previous": "so", "new": "số", "action": "corrected"},
    ]
    fixes = corrections_file(tmp_path / "c.json", one_page, entries)
    before = _run(one_page, tmp_path / "before.txt")
    assert [token.flag for token in before.restored.tokens if token.original == "Phuc"] == ["low-confidence"]
    for name, fmt in (("out.txt", OutputFormat.TXT), ("out.md", OutputFormat.MD)):
        result = _run(one_page, tmp_path / name, fmt=fmt, mark_flagged=True, corrections=fixes)
        assert "Nghị quyết số 01 cua tỉnh Vinh Phúc." in result.rendered and "[[" not in result.rendered
    _run(one_page, tmp_path / "out.json", fmt=OutputFormat.JSON, corrections=fixes)
    data = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    assert data["text"] == "BAO CAO\nNghị quyết số 01 cua tỉnh Vinh Phúc.\n"
    reviewed = {(r["original"], r["restored"], r["flagged"], r["reviewed"]) for r in data["repairs"] if r["reviewed"]}
    assert reviewed == {("Phuc", "Phúc", False, "corrected"), ("so", "số", False, "corrected")}
    assert not any(r["flagged"] for r in data["repairs"])


def test_a_box_saved_at_another_resolution_still_finds_its_word(tmp_path: Path, one_page: Path) -> None:
    # The page was 2x larger when the review page was made (e.g. --dpi 400): page_size scales the box.
    words = "Nghi quyet so 01 cua tinh Vinh".split()
    phuc_x = 100 + sum(20 * len(w) + 20 for w in words)
    width, height = one_page_size(one_page)
    entries = [{"page": 1, "box": [2 * phuc_x, 320, 200, 80], "page_size": [2 * width, 2 * height], "previous": "Phuc", "new": "Phúc", "action": "corrected"}]
    result = _run(one_page, tmp_path / "out.txt", corrections=corrections_file(tmp_path / "c.json", one_page, entries))
    assert "Vinh Phúc." in result.rendered


def one_page_size(path: Path) -> tuple[int, int]:
    from PIL import Image

    with Image.open(path) as image:
        return image.size


def test_nothing_is_applied_when_one_correction_matches_no_word(tmp_path: Path, one_page: Path) -> None:
    entries = [
        {"page": 1, "box": [100, 160, 80, 40], "previous": "Nghị", "new": "Nghĩ", "action": "corrected"},
        {"page": 1, "box": [1500, 2500, 80, 40], "previous": "x", "new": "y", "action": "corrected"},
    ]
    out = tmp_path / "out.txt"
    with pytest.raises(CorrectionsError, match=r"correction 2 \(page 1, box \[1500, 2500, 80, 40\].* matches no word"):
        _run(one_page, out, corrections=corrections_file(tmp_path / "c.json", one_page, entries))
    assert not out.exists()


def test_apply_corrections_keeps_the_restored_result_unchanged_without_entries(tmp_path: Path, one_page: Path) -> None:
    result = _run(one_page, tmp_path / "out.txt")
    empty = load_corrections(corrections_file(tmp_path / "c.json", one_page, []), one_page)
    again = apply_corrections(result.document, result.cleaned, result.restored, empty)
    assert again.text == result.restored.text and again.tokens == result.restored.tokens


# --- bad corrections files through the CLI --------------------------------------------------------


@pytest.fixture
def text_input(tmp_path: Path) -> Path:
    path = tmp_path / "old.txt"
    path.write_text(TEXT, encoding="utf-8")
    return path


def _fix(tmp_path: Path, source: Path, fixes: Path, out: str = "out.txt"):
    return run_vnreport(["fix", str(source), "--corrections", str(fixes), "-o", out], cwd=tmp_path)


def test_text_input_corrections_by_place_through_the_cli(tmp_path: Path, text_input: Path) -> None:
    first = run_vnreport(["fix", str(text_input), "-o", "first.json"], cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    repairs = json.loads((tmp_path / "first.json").read_text(encoding="utf-8"))["repairs"]
    target = next(r for r in repairs if r["original"] == "Phuc")
    entries = [{"page": 1, "box": None, "block": target["line"], "start": target["start"], "previous": target["restored"], "new": "PHÚC", "action": "corrected"}]
    result = _fix(tmp_path, text_input, corrections_file(tmp_path / "c.json", text_input, entries))
    assert result.returncode == 0, result.stderr
    assert "Vĩnh PHÚC." in (tmp_path / "out.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        (b'{"format": "vnreport-corrections", "version": 1,', "not JSON"),
        (b"\x89PNG\r\n\x1a\n\x00\x00binary", "not JSON"),
        (b'{"corrections": []}', "is not a corrections file"),
        (b'[1, 2, 3]', "is not a corrections file"),
        (b'{"format": "vnreport-corrections", "version": 99}', "version 99 is not supported"),
    ],
    ids=["truncated", "binary", "no-format", "a-list", "future-version"],
)
def test_a_file_that_is_no_corrections_file_is_refused(tmp_path: Path, text_input: Path, content: bytes, needle: str) -> None:
    fixes = tmp_path / "c.json"
    fixes.write_bytes(content)
    (tmp_path / "out.txt").write_text("earlier output", encoding="utf-8")
    result = _fix(tmp_path, text_input, fixes)
    assert result.returncode == 3
    assert_one_line_error(result.stderr, "vnreport: error:", needle)
    assert (tmp_path / "out.txt").read_text(encoding="utf-8") == "earlier output"  # untouched


def test_corrections_for_another_input_are_refused(tmp_path: Path, text_input: Path) -> None:
    other = tmp_path / "other.txt"
    other.write_text(TEXT.replace("01", "02"), encoding="utf-8")
    fixes = corrections_file(tmp_path / "c.json", other, [{"page": 1, "box": None, "block": 0, "start": 0, "previous": "Nghị", "new": "Nghĩ"}])
    result = _fix(tmp_path, text_input, fixes)
    assert result.returncode == 3
    assert_one_line_error(result.stderr, "was saved for another input (other.txt")
    assert not (tmp_path / "out.txt").exists()


@pytest.mark.parametrize(
    ("entry", "needle"),
    [
        ({"page": 1, "box": None, "block": 0, "start": 999, "previous": "a", "new": "b"}, "matches no word"),
        ({"page": 1, "box": None, "block": 7, "start": 0, "previous": "a", "new": "b"}, "matches no word"),
        ({"page": 1, "box": [0, 0, 10], "previous": "a", "new": "b"}, "\"box\" must be"),
        ({"page": 0, "box": None, "block": 0, "start": 0, "previous": "a", "new": "b"}, "\"page\" must be"),
        ({"page": 1, "box": None, "block": 0, "start": 0, "previous": "a", "new": "two words"}, "one word"),
        ({"page": 1, "box": None, "block": 0, "start": 0, "previous": "a", "new": "b", "action": "deleted"}, "\"action\" must be"),
    ],
    ids=["no-word-at-offset", "no-such-block", "short-box", "page-0", "two-words", "bad-action"],
)
def test_a_correction_that_fits_no_word_stops_the_run_before_any_output(tmp_path: Path, text_input: Path, entry: dict, needle: str) -> None:
    good = {"page": 1, "box": None, "block": 0, "start": 0, "previous": "Nghị", "new": "Nghĩ", "action": "corrected"}
    fixes = corrections_file(tmp_path / "c.json", text_input, [good, entry])
    result = _fix(tmp_path, text_input, fixes)
    assert result.returncode == 3
    assert_one_line_error(result.stderr, "correction 2", needle)
    assert not (tmp_path / "out.txt").exists()


def test_a_box_that_matches_no_word_of_a_scan_is_refused(reviewed_scan, tmp_path: Path) -> None:
    fixes = corrections_file(tmp_path / "c.json", reviewed_scan.scan, [{"page": 1, "box": [5, 5, 30, 20], "previous": "x", "new": "y"}])
    result = run_vnreport(["fix", "scan.pdf", "--dpi", "200", "--corrections", str(fixes), "-o", str(tmp_path / "out.txt"), "--review", str(tmp_path / "r.html")], cwd=reviewed_scan.folder)
    assert result.returncode == 3
    assert_one_line_error(result.stderr, "correction 1 (page 1, box [5, 5, 30, 20]", "matches no word of this input")
    assert not (tmp_path / "out.txt").exists() and not (tmp_path / "r.html").exists()


# --- vnreport lexicon add -------------------------------------------------------------------------


def test_lexicon_add_takes_corrected_names_and_later_runs_keep_them(tmp_path: Path, text_input: Path) -> None:
    entries = [
        {"page": 1, "box": None, "block": 0, "start": 0, "previous": "Zaio", "new": "Zalo", "action": "corrected"},
        {"page": 1, "box": None, "block": 0, "start": 5, "previous": "triên", "new": "triển", "action": "corrected"},
        {"page": 1, "box": None, "block": 0, "start": 9, "previous": "Vĩnh", "new": "Vĩnh", "action": "confirmed"},
    ]
    fixes = corrections_file(tmp_path / "c.json", text_input, entries)
    words = tmp_path / "words.txt"
    result = run_vnreport(["lexicon", "add", str(fixes), "-o", str(words)], cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "1 added, 0 already there, 1 Vietnamese syllables not added" in result.stderr
    terms = [line for line in words.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    assert terms == ["Zalo"]
    again = run_vnreport(["lexicon", "add", str(fixes), "-o", str(words)], cwd=tmp_path)
    assert "0 added, 1 already there" in again.stderr
    assert [line for line in words.read_text(encoding="utf-8").splitlines() if not line.startswith("#")] == ["Zalo"]
    # A later run: without the lexicon "Zalo" is flagged as an unknown word; with it, it is kept unflagged.
    source = tmp_path / "app.txt"
    source.write_text("Ung dung Zalo duoc su dung rong rai\n", encoding="utf-8")

    def zalo_flag(*extra: str) -> str | None:
        run = run_vnreport(["restore", str(source), "--format", "json", *extra], cwd=tmp_path)
        assert run.returncode == 0, run.stderr
        data = json.loads(run.stdout)
        assert "Zalo" in data["text"]
        # A protected term is not even a decision: no token, so nothing to flag.
        return next((t["flag"] for t in data["tokens"] if t["original"] == "Zalo"), None)

    assert zalo_flag() == "unknown-word"
    assert zalo_flag("--lexicon", str(words)) is None


def test_lexicon_add_refuses_a_file_that_is_no_corrections_file(tmp_path: Path) -> None:
    bad = tmp_path / "c.json"
    bad.write_text("not json", encoding="utf-8")
    result = run_vnreport(["lexicon", "add", str(bad), "-o", str(tmp_path / "words.txt")], cwd=tmp_path)
    assert result.returncode == 3
    assert_one_line_error(result.stderr, "not a corrections file: not JSON")
    assert not (tmp_path / "words.txt").exists()


def test_corrections_reach_the_pdf_text_layer(reviewed_scan, tmp_path: Path) -> None:
    # The corrections stage runs before any output is rendered, so the searchable PDF's invisible
    # text (read back with pdftotext) carries them as the text output does, with no code of its own.
    html = reviewed_scan.review.read_text(encoding="utf-8")
    data = json.loads(re.search(r'<script type="application/json" id="review-data">(.*?)</script>', html, re.S).group(1))
    first = next(item for item in data["items"] if item["flag"])
    entries = [{"page": 1, "box": first["box"], "page_size": [data["pages"][0]["w"], data["pages"][0]["h"]],
                "previous": first["chosen"], "new": "Đãsửa", "action": "corrected"}]
    fixes = corrections_file(tmp_path / "c.json", reviewed_scan.scan, entries)
    outputs = {}
    for name, extra in (("plain.pdf", []), ("fixed.pdf", ["--corrections", str(fixes)])):
        result = run_vnreport(["fix", "scan.pdf", "--dpi", "200", *extra, "-o", str(tmp_path / name)], cwd=reviewed_scan.folder)
        assert result.returncode == 0, result.stderr
        outputs[name] = subprocess.run(["pdftotext", str(tmp_path / name), "-"], capture_output=True, text=True, check=True).stdout.split()
    assert "Đãsửa" in outputs["fixed.pdf"] and "Đãsửa" not in outputs["plain.pdf"]
    assert outputs["fixed.pdf"].count(first["chosen"]) == outputs["plain.pdf"].count(first["chosen"]) - 1
    assert len(outputs["fixed.pdf"]) == len(outputs["plain.pdf"])  # one word replaced, nothing else moved

"""What the review page is built from: every decision placed on the scan, the text cut at the
decisions, and a low-confidence token's best reading offered as a candidate."""

from __future__ import annotations

from pathlib import Path

from fakes.ocr import ScriptedEngine
from fakes.restore import TableRestorer
from PIL import Image

from vnreport.config import OcrConfig, RestoreConfig
from vnreport.diacritics import Restorer
from vnreport.pipeline import FixOptions, run_fix
from vnreport.review.fixpage import review_data
from vnreport.review.html import data_json, render_page


def test_a_token_left_as_it_was_offers_its_best_reading_first() -> None:
    # "Tong cong" with little context: the decoder prefers "Tổng cộng" but is under 0.95 sure, so the token is left
    # as it was; the reading it would have written must still be a candidate on the review page
    # (before, the alternatives skipped the best reading and listed only the ones after it).
    restored = Restorer(RestoreConfig(min_confidence=0.95, review_confidence=0)).restore("Tong cong\nhang nam\nban")
    token = next(t for t in restored.tokens if t.original == "Tong")
    assert token.flag == "low-confidence" and token.restored == "Tong"
    assert token.alternatives[0] == ("Tổng", token.confidence)
    assert all(text != "Tong" for text, _ in token.alternatives)
    # "ban" kept because keeping it is the best reading: the others follow, below its confidence.
    kept = next(t for t in restored.tokens if t.original == "ban")
    assert kept.restored == "ban" and all(text != "ban" and p < kept.confidence for text, p in kept.alternatives)

def test_review_data_places_every_decision_and_cuts_the_text_at_it(tmp_path: Path) -> None:
    image = tmp_path / "page.png"
    Image.new("L", (1240, 1754), 255).save(image)
    script = ("BAO CAO\nNghi quyet so 01 cua tinh Vinh Phuc.",)
    result = run_fix(FixOptions(input=image, output=str(tmp_path / "o.txt"), ocr=OcrConfig(jobs=1)), engine=ScriptedEngine(pages=script), restorer_factory=TableRestorer)
    data = review_data(result.document, result.cleaned, result.restored, input_name="page.png", sha256="0" * 64)
    items = {item["ocr"]: item for item in data["items"]}
    assert set(items) == {"Nghi", "quyet", "tinh", "Phuc"}  # changed or flagged; "so", "cua" are not
    assert items["Phuc"]["flag"] == "low-confidence" and items["Nghi"]["flag"] == ""
    # ScriptedEngine's boxes: line 2 at top 160, 20 px a character, 20 px between words.
    assert items["Nghi"]["box"] == [100, 160, 80, 40]
    assert items["Phuc"]["box"] == [100 + sum(20 * len(w) + 20 for w in "Nghi quyet so 01 cua tinh Vinh".split()), 160, 100, 40]
    # The text of each block is its repaired line, with the items where their words are.
    line = data["blocks"][1]["parts"]
    rebuilt = "".join(part if isinstance(part, str) else data["items"][part]["chosen"] for part in line)
    assert rebuilt == "Nghị quyết so 01 cua tỉnh Vinh Phuc."
    assert [data["items"][p]["ocr"] for p in line if isinstance(p, int)] == ["Nghi", "quyet", "tinh", "Phuc"]


def test_page_text_cannot_break_out_of_the_data_script() -> None:
    data = {"items": [{"ocr": "</script><script>alert(1)</script>", "chosen": "{{SCRIPT}}"}]}
    html = render_page("fix", "t", data, {})
    assert "</script><script>alert(1)" not in html
    assert data_json(data) in html and html.count("{{SCRIPT}}") == 1  # the text, not a substitution


def test_a_review_page_that_cannot_be_written_stops_the_run_before_any_work(tmp_path: Path) -> None:
    from fakes.proc import assert_one_line_error, run_vnreport

    source = tmp_path / "old.txt"
    source.write_text("Nghi quyet so 01 cua tinh Vinh Phuc.\n", encoding="utf-8")
    cases = [
        (["-o", "out.html", "--review", "./out.html"], 2, "is the output file too"),
        (["-o", "out.txt", "--review", "old.txt"], 5, "refusing to overwrite the input file"),
        (["-o", "out.txt", "--review", "missing/review.html"], 5, "does not exist"),
    ]
    for args, code, needle in cases:
        result = run_vnreport(["fix", "old.txt", *args], cwd=tmp_path)
        assert result.returncode == code, (args, result.stderr)
        assert_one_line_error(result.stderr, needle)
        assert not (tmp_path / "out.txt").exists() and not (tmp_path / "out.html").exists()
    assert source.read_text(encoding="utf-8") == "Nghi quyet so 01 cua tinh Vinh Phuc.\n"
    # And a text input gets a page too: the text with its decisions, no scan.
    result = run_vnreport(["fix", "old.txt", "-o", "out.txt", "--review", "review.html"], cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "review.html").read_text(encoding="utf-8")
    assert '"ocr":"Nghi"' in html and 'id="img-' not in html


def test_every_word_and_decision_of_the_real_legacy_sample_finds_its_place(tmp_path: Path) -> None:
    # samples/legacy-ocr-238-BC-UBND.txt: real OCR text, 10 pages, hyphenated and wrapped lines,
    # page furniture dropped. Every kept word must be found in the cleaned text, and every decision
    # of the restorer on a word (the review page's boxes) must land on one.
    from vnreport.review.words import map_words, place_tokens

    sample = Path(__file__).resolve().parents[2] / "samples" / "legacy-ocr-238-BC-UBND.txt"
    result = run_fix(FixOptions(input=sample, output=str(tmp_path / "out.txt")))
    dropped = {(line.page, line.line) for line in result.cleaned.dropped}
    kept = [word for page in result.document.pages for index, line in enumerate(page.lines) if (page.number, index) not in dropped for word in line.words]
    spans = map_words(result.document, result.cleaned)
    assert len(spans) == len(kept) > 6000
    for span in spans:
        assert result.cleaned.blocks[span.block].text[span.start : span.end] in (span.text, span.text[:-1])
    places = place_tokens(result.restored.tokens, spans)
    assert len(places) == len(result.restored.tokens)


def test_review_and_corrections_take_one_input(tmp_path: Path) -> None:
    from fakes.proc import assert_one_line_error, run_vnreport

    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text("Nghi quyet so 01\n", encoding="utf-8")
    for option in (["--review", "r.html"], ["--corrections", "c.json"]):
        result = run_vnreport(["fix", "a.txt", "b.txt", "-o", "out", *option], cwd=tmp_path)
        assert result.returncode == 2, result.stderr
        assert "belong to one scan" in result.stderr and "Traceback" not in result.stderr
        assert not (tmp_path / "out").exists() and not (tmp_path / "r.html").exists()

"""Tests of the OCR pair generator: corpus sampling, line pairing, syllable alignment, one real OCR run."""

from __future__ import annotations

import collections
import gzip
import shutil
from pathlib import Path

import pytest
from rapidfuzz import fuzz

from vnreport_build.corpus import CorpusSpec, iter_paragraphs
from vnreport_build.ocrpairs import (
    PairSpec,
    PairStats,
    align_syllables,
    generate_line_pairs,
    line_key,
    pair_lines,
    plan_pages,
    sample_paragraphs,
    write_pairs_tsv,
)
from vnreport.errors import BadArgsError

DATA = Path(__file__).parent / "data"


@pytest.fixture
def tiny_corpus(tmp_path: Path) -> CorpusSpec:
    """The fixture corpus under the real file names; one document in two is held out."""
    for name in ("phapdien", "vanban"):
        shutil.copy(DATA / f"tiny_{name}.nfc.txt.gz", tmp_path / f"{name}.nfc.txt.gz")
    return CorpusSpec(tmp_path, heldout_every=2)


# --- sample_paragraphs --------------------------------------------------------------------------


def test_sample_is_reproducible_and_seed_dependent(tiny_corpus: CorpusSpec) -> None:
    first = sample_paragraphs(tiny_corpus, "train", count=4, seed=11)
    again = sample_paragraphs(tiny_corpus, "train", count=4, seed=11)
    assert first == again
    assert len(first) == 4
    others = {tuple(sample_paragraphs(tiny_corpus, "train", count=4, seed=seed)) for seed in range(12, 20)}
    assert len(others - {tuple(first)}) >= 1


def test_sample_respects_split_and_length_limits(tiny_corpus: CorpusSpec) -> None:
    train = sample_paragraphs(tiny_corpus, "train", count=100, seed=1)
    heldout = sample_paragraphs(tiny_corpus, "heldout", count=100, seed=1)
    # Asking for more than there is returns every eligible paragraph of the split, once.
    expected_train = {p for p in iter_paragraphs(tiny_corpus, "train") if 40 <= len(p) <= 600}
    assert sorted(train) == sorted(expected_train)
    assert len(expected_train) == 9  # 10 prose lines of training documents, less one over 600 chars
    assert not any(p.startswith("Điều 4.") for p in train)  # 35 characters: under the minimum
    assert not any(p.startswith("Cơ quan, tổ chức") for p in train)  # over 600 characters
    # The line shared with a held-out document is never a training paragraph.
    assert not set(train) & set(heldout)
    assert any(p.startswith("Quyết định này có hiệu lực") for p in heldout)


def test_sample_is_roughly_uniform(tiny_corpus: CorpusSpec) -> None:
    """Every eligible paragraph is drawn about count/N of the time (a biased reservoir would not be)."""
    eligible = [p for p in iter_paragraphs(tiny_corpus, "train") if 40 <= len(p) <= 600]
    draws = 300
    counts = collections.Counter()
    for seed in range(draws):
        counts.update(sample_paragraphs(tiny_corpus, "train", count=3, seed=seed))
    expected = draws * 3 / len(eligible)  # 100
    for paragraph in eligible:
        assert 0.6 * expected <= counts[paragraph] <= 1.4 * expected, (paragraph, counts[paragraph])


# --- align_syllables ----------------------------------------------------------------------------


def test_align_legacy_english_ocr_line() -> None:
    """A line of seed 004 (English-model OCR of report 238/BC-UBND) against its clean meaning."""
    clean = "Nghị quyết số 01/NQ-TU của Ban Thường vụ Tỉnh ủy"
    ocr = "Nghi quyét s6 01/NQ-TU ctia Ban Thuwong vu Tinh Gy"
    assert align_syllables(clean, ocr) == [
        ("Nghị", "Nghi"),
        ("quyết", "quyét"),
        ("số", "s6"),
        ("01/NQ-TU", "01/NQ-TU"),
        ("của", "ctia"),
        ("Ban", "Ban"),
        ("Thường", "Thuwong"),
        ("vụ", "vu"),
        ("Tỉnh", "Tinh"),
        ("ủy", "Gy"),
    ]


@pytest.mark.parametrize(
    ("clean", "ocr", "expected"),
    [
        # each clean token keeps its own OCR token, case damage included
        ("a) Hạ tầng", "a) Ha tAng", [("a)", "a)"), ("Hạ", "Ha"), ("tầng", "tAng")]),
        # two tokens glued in the OCR are cut where the clean space was
        ("công nghệ thông tin", "congnghé thong tin", [("công", "cong"), ("nghệ", "nghé"), ("thông", "thong"), ("tin", "tin")]),
        # a dropped word gives an empty string and does not shift its neighbours
        ("Ủy ban nhân dân tỉnh", "Uy ban dan tinh", [("Ủy", "Uy"), ("ban", "ban"), ("nhân", ""), ("dân", "dan"), ("tỉnh", "tinh")]),
        # a token split in the OCR keeps its inner space
        ("thông tin", "th ông tin", [("thông", "th ông"), ("tin", "tin")]),
        # an OCR letter for a diacritic stays with its syllable ("công"→"co6ng")
        ("Hạ tầng công nghệ", "Ha tang co6ng nghé", [("Hạ", "Ha"), ("tầng", "tang"), ("công", "co6ng"), ("nghệ", "nghé")]),
        # punctuation stays on both sides as it is; a stray OCR mark between words belongs to neither
        ("tin, truyền thông", "tin, truyén | thong.", [("tin,", "tin,"), ("truyền", "truyén"), ("thông", "thong.")]),
        # more legacy forms from seed 004
        ("Đảng ủy là được điện tử", "Pang Gy 1a dugc dién tir", [("Đảng", "Pang"), ("ủy", "Gy"), ("là", "1a"), ("được", "dugc"), ("điện", "dién"), ("tử", "tir")]),
        # surrounding spaces on the clean side do not swallow OCR letters
        ("  điện tử  ", "dién tir", [("điện", "dién"), ("tử", "tir")]),
        ("của", "", [("của", "")]),
        ("", "noise", []),
    ],
)
def test_align_syllables_cases(clean: str, ocr: str, expected: list[tuple[str, str]]) -> None:
    assert align_syllables(clean, ocr) == expected


def test_align_covers_every_clean_token_and_only_ocr_substrings() -> None:
    clean = "Tổng số thuê bao điện thoại trên mạng đạt gần 100.000 thuê bao, mật độ đạt 96 máy/100 dân."
    ocr = "Téng s6 thué bao dién thoai trén mang dat gﬁn 100.000 thué bao, mat do dat 96 may/100 dan."
    aligned = align_syllables(clean, ocr)
    assert [token for token, _ in aligned] == clean.split()
    assert all(piece in ocr for _, piece in aligned)
    assert dict(aligned)["gần"] == "gﬁn"


# --- pair_lines ---------------------------------------------------------------------------------

RENDERED = [
    "Thực hiện Nghị quyết số 01/NQ-TU ngày 09/5/2006 của Ban Thường vụ",
    "Tỉnh ủy Vĩnh Phúc về phát triển và ứng dụng công nghệ thông tin, giai đoạn 2006-",
    "2010 (sau đây gọi là Nghị quyết số 01/NQ-TU) và Thông báo Kết luận số 27-",
]


def test_pair_lines_skips_blank_and_junk_lines() -> None:
    ocr = [
        "",
        "Thuc hién Nghi quyét s6 01/NQ-TU ngay 09/5/2006 ctia Ban Thudng vu",
        "   ",
        "Tinh Gy Vinh Phuc vé phat trién va tng dung cong nghé thong tin, giai doan 2006-",
        "~ |",
        "2010 (sau day goi 1a Nghi quyét s6 01/NQ-TU) va Thong bao Két luan s6 27-",
    ]
    pairs = pair_lines(RENDERED, ocr, min_similarity=0.6)
    assert [(p.clean, p.ocr) for p in pairs] == [(RENDERED[0], ocr[1]), (RENDERED[1], ocr[3]), (RENDERED[2], ocr[5])]
    assert all(p.similarity >= 0.8 for p in pairs)


def test_pair_lines_joins_a_split_line_and_drops_merged_and_missing_lines() -> None:
    split = ["Thuc hién Nghi quyét s6 01/NQ-TU ngay", "09/5/2006 ctia Ban Thudng vu"]
    merged = "Tinh Gy Vinh Phuc vé phat trién va tng dung cong nghé thong tin, giai doan 2006- 2010 (sau day goi 1a Nghi quyét s6 01/NQ-TU) va Thong bao Két luan s6 27-"
    pairs = pair_lines(RENDERED, [*split, merged], min_similarity=0.6)
    assert [(p.clean, p.ocr) for p in pairs] == [(RENDERED[0], " ".join(split))]
    # A rendered line whose OCR line is missing is dropped, not paired with a neighbour's.
    pairs = pair_lines(RENDERED, [split[0] + " " + split[1], "2010 (sau day goi 1a Nghi quyét s6 01/NQ-TU) va Thong bao Két luan s6 27-"], min_similarity=0.6)
    assert [p.clean for p in pairs] == [RENDERED[0], RENDERED[2]]


def test_pair_lines_rejects_unrelated_text() -> None:
    assert pair_lines(RENDERED[:1], ["Bo truong, Thu truong co quan ngang bo chiu trach nhiem"], min_similarity=0.6) == []


def test_line_key_ignores_marks_case_and_spacing() -> None:
    assert line_key("  Đảng  ủy TỈNH ") == "dang uy tinh"


# --- page planning, spec and output --------------------------------------------------------------


def test_plan_pages_loses_and_repeats_no_text_across_page_breaks() -> None:
    paragraphs = [f"Đoạn {n}: " + "các cơ quan nhà nước triển khai ứng dụng công nghệ thông tin " * 12 for n in range(12)]
    spec = PairSpec(lang="eng", font_sizes=(14.0,), seed=3)
    pages = list(plan_pages(paragraphs, spec))
    assert len(pages) >= 2
    placed_words = " ".join(line for _, lines, _, _, _ in pages for line in lines).split()
    assert placed_words == " ".join(paragraphs).split()
    # Same spec, same pages; per-page choices depend on the seed.
    again = list(plan_pages(paragraphs, spec))
    assert [(lines, seed, strength) for _, lines, seed, strength, _ in pages] == [
        (lines, seed, strength) for _, lines, seed, strength, _ in again
    ]
    other = list(plan_pages(paragraphs, PairSpec(lang="eng", font_sizes=(14.0,), seed=4)))
    assert [seed for _, _, seed, _, _ in other] != [seed for _, _, seed, _, _ in pages]
    assert all(0.0 <= strength <= 0.6 and dpi == 300 for _, _, _, strength, dpi in pages)


def test_plan_pages_draws_the_resolution_per_page_and_renders_at_it() -> None:
    paragraphs = [f"Đoạn {n}: " + "các cơ quan nhà nước triển khai ứng dụng công nghệ thông tin " * 12 for n in range(40)]
    pages = list(plan_pages(paragraphs, PairSpec(lang="vie", dpis=(150, 300), font_sizes=(14.0,), seed=5)))
    dpis = [dpi for _, _, _, _, dpi in pages]
    assert set(dpis) == {150, 300}
    for image, _, _, _, dpi in pages:
        assert image.width == round(210 / 25.4 * dpi)  # A4 width at the page's resolution


def test_pair_spec_presets_and_validation() -> None:
    assert PairSpec.preset("eng", seed=1).strength == (0.0, 0.6)
    assert PairSpec.preset("vie", seed=1).strength == (0.6, 1.4)
    assert PairSpec.preset("vie", seed=1).dpis == (150, 200, 300)
    with pytest.raises(BadArgsError):
        PairSpec.preset("fra", seed=1)
    with pytest.raises(BadArgsError):
        PairSpec(lang="eng", strength=(0.8, 0.2))
    with pytest.raises(BadArgsError):
        PairSpec(lang="eng", fonts=())


def test_write_pairs_tsv_flattens_tabs_and_newlines(tmp_path: Path) -> None:
    target = tmp_path / "pairs.tsv.gz"
    lines, syllables = write_pairs_tsv([("số\tcủa", "s6 cia\n"), ("là được", "1a dugc")], target)
    assert (lines, syllables) == (2, 4)
    assert gzip.decompress(target.read_bytes()).decode("utf-8") == "số của\ts6 cia\nlà được\t1a dugc\n"
    assert not list(tmp_path.glob(".*.tmp"))


# --- one real OCR run ---------------------------------------------------------------------------


@pytest.mark.slow
def test_generate_line_pairs_end_to_end_english_model() -> None:
    paragraphs = [
        "Ủy ban nhân dân tỉnh chỉ đạo triển khai ứng dụng công nghệ thông tin.",
        "Hạ tầng viễn thông và Internet đã được đầu tư tương đối hiện đại.",
    ]
    spec = PairSpec(lang="eng", fonts=("serif",), font_sizes=(13.0,), strength=(0.0, 0.0), seed=1)
    stats = PairStats()
    pairs = list(generate_line_pairs(paragraphs, spec, jobs=2, stats=stats))
    # Each short paragraph is one rendered line; both must come back paired, clean side verbatim.
    assert [clean for clean, _ in pairs] == paragraphs
    assert (stats.pages, stats.rendered_lines, stats.kept_lines) == (1, 2, 2)
    assert stats.cpu_seconds > 0.0
    for clean, ocr in pairs:
        assert ocr.strip()
        assert fuzz.ratio(line_key(clean), line_key(ocr)) >= 80

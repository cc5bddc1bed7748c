"""Tests for vnreport.diacritics.orthography.

Expected values come from the spelling rules (written out by hand below) or from Unicode's own
character names, never from the module's output.
"""

from __future__ import annotations

import collections
import gzip
import itertools
import unicodedata
from pathlib import Path

import pytest
import regex

from vnreport.diacritics.orthography import (
    ONSETS,
    RHYMES,
    Syllable,
    Tone,
    all_syllables,
    allowed_tones,
    apply_tone,
    is_syllable,
    match_case,
    normalize_syllable,
    parse_syllable,
    split_syllable,
    strip_marks,
    strip_tone,
    tone_of,
    toneless_syllables,
)

CORPUS = Path("/work/shared/corpus/vanban.nfc.txt.gz")
CORPUS_LINES = 20_000


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


# --- tones and marks ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tone", "unicode_name"),
    [
        (Tone.GRAVE, "COMBINING GRAVE ACCENT"),
        (Tone.ACUTE, "COMBINING ACUTE ACCENT"),
        (Tone.HOOK, "COMBINING HOOK ABOVE"),
        (Tone.TILDE, "COMBINING TILDE"),
        (Tone.DOT, "COMBINING DOT BELOW"),
    ],
)
def test_tone_of_reads_each_mark(tone: Tone, unicode_name: str) -> None:
    mark = unicodedata.lookup(unicode_name)
    composed = unicodedata.normalize("NFC", "ươ" + mark + "c")  # mark on ơ
    assert tone_of(composed) == tone
    assert tone_of(nfd(composed)) == tone
    assert tone_of(composed.upper()) == tone


def test_tone_values_and_level() -> None:
    assert [t.value for t in Tone] == [0, 1, 2, 3, 4, 5]
    assert tone_of("hoa") is Tone.LEVEL
    assert tone_of("ươ") is Tone.LEVEL  # quality marks are not tones
    assert tone_of("Hà Nội") is Tone.GRAVE  # the first tone of a longer text
    assert tone_of("ǹ") is Tone.LEVEL  # a grave on a consonant is not a Vietnamese tone


def _vietnamese_letters() -> list[str]:
    """All 134 toned/marked vowels of both cases plus đ/Đ, built from Unicode names."""
    letters = []
    for base in "aăâeêioôơuưy":
        for mark in ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"):
            ch = unicodedata.normalize("NFC", base + mark)
            letters += [ch, ch.upper()]
    return letters + ["đ", "Đ"]


def test_strip_marks_every_letter_matches_its_unicode_name() -> None:
    # "LATIN SMALL LETTER O WITH HORN AND DOT BELOW" -> o; "LATIN CAPITAL LETTER D WITH STROKE" -> D
    for ch in _vietnamese_letters():
        words = unicodedata.name(ch).split()
        plain = words[3] if words[1] == "CAPITAL" else words[3].lower()
        assert strip_marks(ch) == plain, ch


def test_strip_tone_keeps_quality_marks_by_unicode_name() -> None:
    for ch in _vietnamese_letters():
        result = strip_tone(ch)
        assert len(result) == 1
        name = unicodedata.name(ch)
        for tone_name in ("GRAVE", "ACUTE", "HOOK ABOVE", "TILDE", "DOT BELOW"):
            assert tone_name not in unicodedata.name(result)
        for quality in ("BREVE", "CIRCUMFLEX", "HORN", "STROKE"):
            assert (quality in name) == (quality in unicodedata.name(result)), ch


def test_strip_examples_and_offsets() -> None:
    text = "Điều 5. Nghị quyết số 159/2026/NQ-CP của Chính phủ — THƯỜNG trực, Ủy ban."
    marks = "Dieu 5. Nghi quyet so 159/2026/NQ-CP cua Chinh phu — THUONG truc, Uy ban."
    tones = "Điêu 5. Nghi quyêt sô 159/2026/NQ-CP cua Chinh phu — THƯƠNG trưc, Uy ban."
    assert strip_marks(text) == marks
    assert strip_tone(text) == tones
    assert len(strip_marks(text)) == len(text) == len(strip_tone(text))


def test_strip_leaves_other_text_alone() -> None:
    other = "über naïve façade ñ ǘ Москва 東京 ß x\u0301 42 €"
    assert strip_marks(other) == other
    assert strip_tone(other) == other
    assert strip_marks("") == ""


def test_strip_decomposed_input() -> None:
    assert strip_marks(nfd("Việt Nam")) == "Viet Nam"
    assert strip_tone(nfd("Việt Nam")) == "Viêt Nam"
    assert strip_tone(nfd("Trường")) == "Trương"


# --- tone placement ----------------------------------------------------------------------------

# (toneless, tone, old style, new style), written out from the placement rules.
PLACEMENT = [
    ("hoa", Tone.GRAVE, "hòa", "hoà"),
    ("hoa", Tone.ACUTE, "hóa", "hoá"),
    ("thuy", Tone.HOOK, "thủy", "thuỷ"),
    ("khoe", Tone.HOOK, "khỏe", "khoẻ"),
    ("uy", Tone.HOOK, "ủy", "uỷ"),
    ("oa", Tone.GRAVE, "òa", "oà"),
    ("quy", Tone.ACUTE, "quý", "quý"),  # the u of qu is part of the onset
    ("qua", Tone.HOOK, "quả", "quả"),
    ("que", Tone.GRAVE, "què", "què"),
    ("quôc", Tone.ACUTE, "quốc", "quốc"),
    ("quyêt", Tone.ACUTE, "quyết", "quyết"),
    ("gia", Tone.ACUTE, "giá", "giá"),
    ("giư", Tone.TILDE, "giữ", "giữ"),
    ("giưa", Tone.TILDE, "giữa", "giữa"),
    ("gi", Tone.GRAVE, "gì", "gì"),
    ("giêng", Tone.ACUTE, "giếng", "giếng"),
    ("hoan", Tone.GRAVE, "hoàn", "hoàn"),
    ("toan", Tone.ACUTE, "toán", "toán"),
    ("mia", Tone.ACUTE, "mía", "mía"),
    ("mua", Tone.ACUTE, "múa", "múa"),
    ("cua", Tone.HOOK, "của", "của"),
    ("mưa", Tone.HOOK, "mửa", "mửa"),
    ("ngươi", Tone.GRAVE, "người", "người"),
    ("rươu", Tone.DOT, "rượu", "rượu"),
    ("khuyên", Tone.ACUTE, "khuyến", "khuyến"),
    ("nghiêng", Tone.LEVEL, "nghiêng", "nghiêng"),
    ("thuơ", Tone.HOOK, "thuở", "thuở"),
    ("oai", Tone.ACUTE, "oái", "oái"),
    ("xoay", Tone.ACUTE, "xoáy", "xoáy"),
    ("cuôi", Tone.ACUTE, "cuối", "cuối"),
    ("hiêu", Tone.HOOK, "hiểu", "hiểu"),
    ("yêu", Tone.ACUTE, "yếu", "yếu"),
    ("khuyu", Tone.HOOK, "khuỷu", "khuỷu"),
    ("huynh", Tone.GRAVE, "huỳnh", "huỳnh"),
    ("khuya", Tone.HOOK, "khuỷa", "khuỷa"),
    ("ngoeo", Tone.GRAVE, "ngoèo", "ngoèo"),
    ("xoong", Tone.ACUTE, "xoóng", "xoóng"),
    ("tinh", Tone.HOOK, "tỉnh", "tỉnh"),
]


@pytest.mark.parametrize(("toneless", "tone", "old", "new"), PLACEMENT)
def test_apply_tone_places_by_style(toneless: str, tone: Tone, old: str, new: str) -> None:
    assert apply_tone(toneless, tone, "old") == old
    assert apply_tone(toneless, tone, "new") == new
    assert apply_tone(toneless, tone) == old  # old is the default
    for written in {old, new}:
        assert is_syllable(written)
        assert normalize_syllable(written, "old") == old
        assert normalize_syllable(written, "new") == new
        assert normalize_syllable(nfd(written), "new") == new
        assert tone_of(written) == tone


@pytest.mark.parametrize(
    ("toneless", "tone", "old", "new"),
    [
        ("Hoa", Tone.GRAVE, "Hòa", "Hoà"),
        ("THUY", Tone.HOOK, "THỦY", "THUỶ"),
        ("Uy", Tone.HOOK, "Ủy", "Uỷ"),
        ("THƯƠNG", Tone.GRAVE, "THƯỜNG", "THƯỜNG"),
        ("QuY", Tone.ACUTE, "QuÝ", "QuÝ"),
    ],
)
def test_apply_tone_keeps_case(toneless: str, tone: Tone, old: str, new: str) -> None:
    assert apply_tone(toneless, tone, "old") == old
    assert apply_tone(toneless, tone, "new") == new
    assert normalize_syllable(new, "old") == old
    assert normalize_syllable(old, "new") == new


def test_apply_tone_rejects_impossible() -> None:
    with pytest.raises(ValueError):
        apply_tone("hat", Tone.GRAVE)  # stop rhyme
    with pytest.raises(ValueError):
        apply_tone("ce", Tone.ACUTE)  # not a syllable
    with pytest.raises(ValueError):
        apply_tone("hoa", Tone.GRAVE, "modern")  # type: ignore[arg-type]


def test_apply_tone_replaces_an_existing_tone() -> None:
    assert apply_tone("hóa", Tone.DOT) == "họa"


@pytest.mark.parametrize(
    ("misplaced", "old", "new"),
    [
        ("qúy", "quý", "quý"),
        ("qủa", "quả", "quả"),
        ("gìa", "già", "già"),
        ("hòan", "hoàn", "hoàn"),
        ("mưả", "mửa", "mửa"),
        ("ngừơi", "người", "người"),
        ("Khúyên", "Khuyến", "Khuyến"),
        ("TÓAN", "TOÁN", "TOÁN"),
    ],
)
def test_misplaced_tones_parse_and_normalize_but_are_not_syllables(
    misplaced: str, old: str, new: str
) -> None:
    assert not is_syllable(misplaced)  # only the old and new placements are correct spellings
    assert parse_syllable(misplaced) == parse_syllable(old)
    assert parse_syllable(misplaced) is not None
    assert normalize_syllable(misplaced, "old") == old
    assert normalize_syllable(nfd(misplaced), "new") == new


def test_normalize_leaves_non_syllables_alone_but_nfc() -> None:
    assert normalize_syllable("NQ-CP") == "NQ-CP"
    assert normalize_syllable("hàt") == "hàt"
    assert normalize_syllable(nfd("Pháp")) == "Pháp"
    assert normalize_syllable(nfd("café")) == "café"
    assert unicodedata.is_normalized("NFC", normalize_syllable(nfd("hàt")))


# --- structure and validity --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "onset", "rhyme", "tone"),
    [
        ("quá", "q", "ua", Tone.ACUTE),
        ("quyết", "q", "uyêt", Tone.ACUTE),
        ("Quốc", "q", "uôc", Tone.ACUTE),
        ("giữa", "gi", "ưa", Tone.TILDE),
        ("giếng", "gi", "êng", Tone.ACUTE),
        ("gì", "g", "i", Tone.GRAVE),
        ("nghiêng", "ngh", "iêng", Tone.LEVEL),
        ("NGƯỜI", "ng", "ươi", Tone.GRAVE),
        ("khuyến", "kh", "uyên", Tone.ACUTE),
        ("Tỉnh", "t", "inh", Tone.HOOK),
        ("ý", "", "y", Tone.ACUTE),
        ("Ủy", "", "uy", Tone.HOOK),
        ("đường", "đ", "ương", Tone.GRAVE),
        ("hoà", "h", "oa", Tone.GRAVE),
    ],
)
def test_parse_syllable_split(word: str, onset: str, rhyme: str, tone: Tone) -> None:
    parsed = parse_syllable(word)
    assert parsed == Syllable(onset, rhyme, tone)
    assert parse_syllable(nfd(word)) == parsed
    # onset + rhyme spells the word without its tone
    assert parsed.onset + parsed.rhyme == strip_tone(word).lower()


VALID = [
    "kem", "ke", "kê", "kia", "kiếm", "kỳ", "ghe", "ghi", "ghế", "nghe", "nghĩa", "cá", "gà", "ngà",
    "hát", "hạt", "hách", "giặt", "gieo", "giòn", "giuộc", "giũa", "gửi", "ngửi", "cứu", "hươu",
    "bướu", "yểng", "yếm", "ỉa", "oẳn", "oải", "uể", "uyển", "quắp", "quí", "xoong", "moóc",
    "ghiền", "khuya", "huơ", "góa", "ngoạm", "oách", "ngoặc", "xoắn", "hoẵng", "nhoẻn", "khoét",
    "khuâng", "khuấy", "huênh", "huỵch", "huýt", "tuyết", "khuếch", "ngoằn", "pin", "lý", "mỹ",
    "ây", "ấy", "ai", "áy", "âu", "gìn", "Ủy", "THƯỜNG", "Tỉnh", "ĐẮC",
]  # fmt: skip

INVALID = [
    "s6", "ctia", "tir", "Pang", "ce", "ci", "cy", "ku", "kua", "gha", "ge", "ngi", "nge", "nghu",
    "ghu", "ăi", "âi", "ăy", "ă", "â", "tiê", "cuô", "mươ", "oă", "uâ", "hàt", "hảt", "hãt", "hat",
    "hàch", "hóà", "qúy", "qu", "q", "quu", "b", "đ", "ng", "", "hoa hòa", "vn", "and", "dy",
    "ǹ", "bóa", "coa", "cuy", "giia", "fa", "wa", "za", "ja",
]  # fmt: skip


@pytest.mark.parametrize("word", VALID)
def test_is_syllable_accepts(word: str) -> None:
    assert is_syllable(word)
    assert is_syllable(word.upper())
    assert is_syllable(nfd(word.capitalize()))
    assert parse_syllable(word) is not None


@pytest.mark.parametrize("word", INVALID)
def test_is_syllable_rejects(word: str) -> None:
    assert not is_syllable(word)
    assert not is_syllable(word.upper())


def test_stop_rhymes_take_only_acute_or_dot() -> None:
    stop_rhymes = [r for r in RHYMES if r.endswith(("p", "t", "c", "ch"))]
    assert {"at", "ach", "ươc", "uyêt", "ip", "oac"} <= set(stop_rhymes)
    for toneless in toneless_syllables():
        expected = (
            {Tone.ACUTE, Tone.DOT} if toneless.endswith(("p", "t", "c", "ch")) else set(Tone)
        )
        assert set(allowed_tones(toneless)) == expected, toneless
        for tone in set(Tone) - expected:
            with pytest.raises(ValueError):
                apply_tone(toneless, tone)
    assert allowed_tones("ctia") == ()


def test_rhyme_inventory() -> None:
    listed = (
        "oa oe uy uya oai oay uây uôi ươi ươu iêu yêu oang oăng uyên uyêt uynh uych oach ai ay ây "
        "ưa ua ia ương uân uê uơ anh ênh inh ach êch ich"
    ).split()
    assert set(listed) <= RHYMES
    for prefix in ("oă", "uâ", "iê", "uô", "ươ", "yê"):
        assert any(r.startswith(prefix) and r != prefix for r in RHYMES)
    # ă and â are never written without a coda, nor before i; iê/uô/ươ open are written ia/ua/ưa
    assert not {"ăi", "âi", "ăy", "ă", "â", "iê", "uô", "ươ", "oă", "uâ", "yê"} & RHYMES
    # About 150-160 written rhymes, without counting the a/ă/e spellings after qu (qua, quăn, que).
    non_qu = {split_syllable(s)[1] for s in toneless_syllables() if not s.startswith("q")}
    assert 140 <= len(non_qu) <= 170
    for s in toneless_syllables():
        onset, rhyme = split_syllable(s)
        assert onset in ONSETS and onset + rhyme == s


def test_spelling_constraints_over_whole_inventory() -> None:
    for s in toneless_syllables():
        onset, rhyme = split_syllable(s)
        first = rhyme[0]
        if onset in ("k", "gh", "ngh"):
            assert first in "ieêy", s
        if onset in ("c", "ng") or (onset == "g" and s[:2] != "gi"):
            assert first not in "ieêy", s
        if onset == "q":
            assert first == "u", s
        if onset == "gi":
            assert first not in "iy", s
        assert "ăi" not in s and "âi" not in s


@pytest.mark.parametrize("style", ["old", "new"])
def test_all_syllables_round_trip(style: str) -> None:
    inventory = all_syllables(style)
    for s in inventory:
        parsed = parse_syllable(s)
        assert parsed is not None, s
        assert apply_tone(parsed.onset + parsed.rhyme, parsed.tone, style) == s
        assert is_syllable(s)
        assert s == s.lower() and unicodedata.is_normalized("NFC", s)
        assert normalize_syllable(s, style) == s
    assert {"người", "quý", "giữa", "nghiêng", "khuyến", "thuở"} <= inventory
    assert "qúy" not in inventory and "hàt" not in inventory


def test_all_syllables_styles_differ_only_on_open_oa_oe_uy() -> None:
    old, new = all_syllables("old"), all_syllables("new")
    assert len(old) == len(new)
    assert "hòa" in old and "hoà" in new and "hòa" not in new
    for s in old ^ new:
        parsed = parse_syllable(s)
        assert parsed.rhyme in ("oa", "oe", "uy"), s
        assert parsed.onset != "q" and parsed.tone is not Tone.LEVEL
    # every toned open oa/oe/uy outside qu differs between the styles
    expected = {
        s
        for s in toneless_syllables()
        if split_syllable(s)[1] in ("oa", "oe", "uy") and not s.startswith("q")
    }
    assert len(old - new) == 5 * len(expected)


def test_inventory_size() -> None:
    # A generative inventory is larger than the ~7k syllables in use but not wildly so.
    assert 2500 <= len(toneless_syllables()) <= 4000
    assert 10_000 <= len(all_syllables()) <= 20_000


# --- match_case --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("template", "word", "expected"),
    [
        ("hà", "NỘI", "nội"),
        ("Hà", "nội", "Nội"),
        ("HÀ", "nội", "NỘI"),
        ("A", "anh", "Anh"),
        ("ĐẮK", "lắk", "LẮK"),
        ("tP", "hà", "hÀ"),  # mixed, same length: letter by letter
        ("tPh", "hà", "hà"),  # mixed, lengths differ, starts lower
        ("TpH", "hà", "Hà"),  # mixed, lengths differ, starts upper
        ("123", "Anh", "Anh"),  # no case information
        (nfd("Ủy"), "ban", "Ban"),
    ],
)
def test_match_case(template: str, word: str, expected: str) -> None:
    assert match_case(template, word) == expected


# --- real text ---------------------------------------------------------------------------------


def _corpus_words() -> collections.Counter[str]:
    """Lowercase letter-only word tokens of the first CORPUS_LINES lines of the corpus."""
    words: collections.Counter[str] = collections.Counter()
    with gzip.open(CORPUS, "rt", encoding="utf-8") as handle:
        for line in itertools.islice(handle, CORPUS_LINES):
            # Split on anything but letters, marks and digits, then drop tokens with digits, so
            # that "s6" is dropped rather than read as "s".
            for token in regex.findall(r"[\p{L}\p{M}\p{N}]+", line):
                if regex.fullmatch(r"\p{L}+", token) and token == token.lower():
                    words[token] += 1
    return words


@pytest.mark.skipif(not CORPUS.exists(), reason="shared corpus not available")
def test_corpus_words_are_syllables() -> None:
    words = _corpus_words()
    total = sum(words.values())
    accepted = {w: n for w, n in words.items() if is_syllable(w)}
    n_accepted = sum(accepted.values())
    assert total > 100_000
    # Most rejected tokens are list labels ("b)", "đ)"), abbreviations, English and URL fragments,
    # and OCR-damaged words (measured 98.35%), so all tokens cannot reach 99.5%...
    assert n_accepted / total >= 0.98
    # ...but tokens carrying Vietnamese marks are Vietnamese words or typos (measured 99.8%).
    marked = {w: n for w, n in words.items() if strip_marks(w) != w}
    marked_ok = sum(n for w, n in marked.items() if w in accepted)
    assert marked_ok / sum(marked.values()) >= 0.995
    # The corpus is mostly old style: normalizing to old leaves almost every syllable as it is.
    stable = sum(n for w, n in accepted.items() if normalize_syllable(w, "old") == w)
    assert stable / n_accepted >= 0.99


def test_precomputed_placement_tables_match_apply_tone_form_by_form():
    # _toned_tables inlines apply_tone's placement rule for speed; it must give exactly the forms
    # apply_tone gives, for every syllable, tone and style, and normalize_syllable's fast path
    # (a table look-up) must agree with its general path (parse, strip, apply_tone).
    from vnreport.diacritics.orthography import _INVENTORY, _STOP_TONES, Syllable, _toned_lookup, _toned_tables

    expected = {}
    for toneless, entry in _INVENTORY.items():
        for tone in _STOP_TONES if entry.stop else tuple(Tone):
            for style in ("old", "new"):
                expected[apply_tone(toneless, tone, style)] = Syllable(entry.onset, entry.rhyme, tone)
    assert dict(_toned_lookup()) == expected
    lookup, to_old, to_new = _toned_tables()
    assert set(to_old) == set(to_new) == set(expected)
    for word, syllable in expected.items():
        assert to_old[word] == apply_tone(strip_tone(word), syllable.tone, "old")
        assert to_new[word] == apply_tone(strip_tone(word), syllable.tone, "new")

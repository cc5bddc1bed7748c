"""Tokenisation covers every character, and protected tokens are recognised."""

import random

import pytest

from vnreport.diacritics.normalize import Kind, apply_case, case_pattern, tokenize_line

TRICKY = [
    "Nghi quyét s6 01/NQ-TU ctia Ban Thudng vu Tinh Gy",
    "  hai  khoảng   trắng\tvà tab  ",
    "xem https://dichvucong.gov.vn/p/home hoặc email: vp@vinhphuc.gov.vn.",
    "đạt tỷ lệ 80,28%; 1.187.000 thuê bao; (12); -5",
    "Quyết định 33/2006/QĐ-UBND ngày 11/5/2006, Nghị quyết 36-NQ/TW",
    "",
    "😀 emoji, 中文, ‰ and other symbols",
]


@pytest.mark.parametrize("line", TRICKY)
def test_tokens_cover_the_line_exactly(line):
    tokens = tokenize_line(line)
    assert "".join(token.text for token in tokens) == line
    assert all(line[token.start : token.end] == token.text for token in tokens)


def test_random_lines_are_covered_exactly():
    rng = random.Random(3)
    alphabet = "aăâbcdđeêghiklmnoôơpqrstuưvxyàảãáạ0123456789 ./-,;:()%@\t'\"ĐƯ"
    for _ in range(300):
        line = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 60)))
        assert "".join(token.text for token in tokenize_line(line)) == line


def _kinds(line):
    return {token.text: token.kind for token in tokenize_line(line) if token.kind is not Kind.SPACE}


def test_protected_and_number_tokens():
    kinds = _kinds("Quyết định 33/2006/QĐ-UBND ngày 11/5/2006 tại www.vinhphuc.gov.vn, a.b@c.vn 80,28% 1.187.000 VX3")
    assert kinds["33/2006/QĐ-UBND"] is Kind.PROTECTED
    assert kinds["11/5/2006"] is Kind.PROTECTED
    assert kinds["www.vinhphuc.gov.vn"] is Kind.PROTECTED
    assert kinds["a.b@c.vn"] is Kind.PROTECTED
    assert kinds["80,28%"] is Kind.NUMBER
    assert kinds["1.187.000"] is Kind.NUMBER
    assert kinds["VX3"] is Kind.PROTECTED
    assert kinds["Quyết"] is Kind.WORD


def test_host_names_without_www_are_addresses():
    # Seed 004 names the Party committee's portal "(tuvinhphuc.dcs.vn)": three words it is not.
    kinds = _kinds("Trang tin (tuvinhphuc.dcs.vn); xem dichvucong.gov.vn/p/home. Hết câu.Com")
    assert kinds["tuvinhphuc.dcs.vn"] is Kind.PROTECTED
    assert kinds["dichvucong.gov.vn/p/home"] is Kind.PROTECTED
    assert kinds["."] is Kind.PUNCT and kinds["Com"] is Kind.WORD  # a capital after a full stop: a new sentence


@pytest.mark.parametrize("line, words", [
    ("ở Ha Noi.vn", ["ở", "Ha", "Noi", "vn"]),  # addresses are lowercase: a sentence glued to "vn" is text
    ("Sở TT-TT.gov.vn", ["Sở", "gov", "vn"]),
])
def test_capitalised_words_before_a_domain_ending_stay_words(line, words):
    assert [t.text for t in tokenize_line(line) if t.kind is Kind.WORD] == words


def test_an_address_path_stops_before_text_glued_to_it():
    kinds = _kinds("xem abc.vn/tin,Nghị quyết")
    assert kinds["abc.vn/tin"] is Kind.PROTECTED and kinds["Nghị"] is Kind.WORD


def test_long_dotted_runs_are_tokenised_exactly():
    # Address patterns start only where a dotted run starts (a run of 20,000 "a." once took minutes).
    line = "a." * 20000 + " x.y@z.vn " + "I.II.III." * 300
    assert "".join(t.text for t in tokenize_line(line)) == line


def test_ocr_digit_damage_is_a_word():
    kinds = _kinds("s6 1a co6ng d6i 2019")
    assert kinds["s6"] is Kind.WORD and kinds["1a"] is Kind.WORD and kinds["co6ng"] is Kind.WORD
    assert kinds["2019"] is Kind.NUMBER


def test_digits_read_for_a_first_letter_stay_with_their_word():
    # English-model OCR writes "lớn" as "16n": the number pattern must not take "1" and leave "6n".
    kinds = _kinds("Phần 16n doanh nghiệp, 3,5 tỷ")
    assert kinds["16n"] is Kind.WORD
    assert kinds["3,5"] is Kind.NUMBER


@pytest.mark.parametrize("word", ["nghi¢p", "K&", "k¥", "ngw@i", "hi€u", "ph?m", "k§"])
def test_symbols_ocr_makes_of_marked_vowels_stay_inside_the_word(word):
    assert _kinds(f"doanh {word} tỉnh") == {"doanh": Kind.WORD, word: Kind.WORD, "tỉnh": Kind.WORD}


def test_a_word_per_number_is_no_code():
    # "thuê bao/100 dân": "bao" needs its neighbours to be restored; document codes stay whole.
    assert _kinds("thué bao/100 dan") == {"thué": Kind.WORD, "bao": Kind.WORD, "/": Kind.PUNCT, "100": Kind.NUMBER, "dan": Kind.WORD}
    assert _kinds("số 01/NQ-TU, 36-NQ/TW")["01/NQ-TU"] is Kind.PROTECTED


def test_numbers_with_units_and_ampersand_acronyms_are_protected_whole():
    # An atomic number: "50.000đ" is never "50.00" + "0đ".
    kinds = _kinds("vé 50.000đ, 10.000ha, 80,5kg, mục 1.2.3a, R&D, TT&TT")
    for token in ("50.000đ", "10.000ha", "80,5kg", "1.2.3a", "R&D", "TT&TT"):
        assert kinds[token] is Kind.PROTECTED, token


def test_question_marks_and_at_signs_outside_words_stay_punctuation():
    assert _kinds("gì? Không") == {"gì": Kind.WORD, "?": Kind.PUNCT, "Không": Kind.WORD}
    # OCR dropped the space after a question: the next word starts with a capital.
    assert _kinds("sao?Vì") == {"sao": Kind.WORD, "?": Kind.PUNCT, "Vì": Kind.WORD}
    assert _kinds("thư a.b@c.vn")["a.b@c.vn"] is Kind.PROTECTED


@pytest.mark.parametrize(
    ("word", "pattern", "restored"),
    [("quyet", "lower", "quyết"), ("Quyet", "title", "Quyết"), ("QUYET", "upper", "QUYẾT"), ("tAng", "lower", "tầng"), ("Dang", "title", "Đang")],
)
def test_case_is_carried_over(word, pattern, restored):
    assert case_pattern(word) == pattern
    assert apply_case(pattern, restored.lower()) == restored

"""The restorer on a small model built from a fixture corpus: text, layout, protection, options."""

import pytest

from vnreport.config import RestoreConfig
from vnreport.diacritics import Restorer
from vnreport.diacritics.orthography import strip_marks
from vnreport.errors import InputError


@pytest.fixture(scope="module")
def restorer(small_model_dir):
    return Restorer(RestoreConfig(model_dir=small_model_dir))


def test_stripped_sentences_come_back(restorer, fixture_paragraphs):
    # Sentences the model was built from: this checks the machinery, not accuracy (see benchmarks/).
    sentences = fixture_paragraphs[-5:]
    stripped = "\n".join(strip_marks(sentence) for sentence in sentences)
    assert restorer.restore(stripped).text == "\n".join(sentences)


def test_lines_blank_lines_and_spacing_are_kept(restorer):
    text = "  Nghi quyet so 01/NQ-TU  \n\n\tcua Ban Thuong vu Tinh uy\n"
    restored = restorer.restore(text).text
    assert restored.split("\n")[1:] == ["", "\tcủa Ban Thường vụ Tỉnh ủy", ""]
    assert restored.startswith("  Nghị quyết số 01/NQ-TU  \n")


def test_protected_tokens_are_untouched(restorer):
    keep = ["33/2006/QĐ-UBND", "36-NQ/TW", "16/9/2020", "1.187.000", "80,28%", "UBND", "HĐND", "LAN", "VNPT", "https://dichvucong.gov.vn/p/home", "vp@vinhphuc.gov.vn", "Zalo", "Internet"]
    text = "Quyet dinh " + " va ".join(keep)
    restored = restorer.restore(text).text
    for item in keep:
        assert item in restored, item
    assert restored.startswith("Quyết định ")


def test_all_caps_heading_is_restored_in_capitals(restorer):
    assert restorer.restore("CONG NGHE THONG TIN").text == "CÔNG NGHỆ THÔNG TIN"


def test_new_tone_style(small_model_dir):
    old = Restorer(RestoreConfig(model_dir=small_model_dir)).restore("hoa mang voi Cong dich vu cong").text
    new = Restorer(RestoreConfig(model_dir=small_model_dir, tone_style="new")).restore("hoa mang voi Cong dich vu cong").text
    assert old.startswith("hòa mạng")
    assert new.startswith("hoà mạng")


def test_low_confidence_tokens_are_flagged_not_guessed(small_model_dir):
    text = "Nghi quyet so 01 cua Tinh uy"
    # Reported confidences are rounded to 4 decimals, so the threshold sits half a unit below 1: a
    # confidence between it and 1 is reported as 1.0 and is not flagged, one under it never rounds up.
    strict = Restorer(RestoreConfig(model_dir=small_model_dir, min_confidence=0.99995)).restore(text)
    assert strict.flagged, "some token of this ambiguous line must be less than certain"
    for token in strict.tokens:
        assert token.flagged == (token.confidence < 0.99995)
        if token.flagged:
            assert token.restored == token.original
            assert token.original in strict.text
    lenient = Restorer(RestoreConfig(model_dir=small_model_dir, min_confidence=0.0, review_confidence=0.0)).restore(text)
    assert not lenient.flagged
    assert lenient.text == "Nghị quyết số 01 của Tỉnh ủy"


def test_uncertain_tokens_are_restored_and_flagged_for_review(small_model_dir):
    from vnreport.diacritics.types import LOW_CONFIDENCE, UNCERTAIN

    text = "Nghi quyet so 01 cua Tinh uy"
    review = 0.99995  # half a unit of the 4-decimal confidences below 1 (see the test above)
    result = Restorer(RestoreConfig(model_dir=small_model_dir, min_confidence=0.0, review_confidence=review)).restore(text)
    uncertain = [token for token in result.tokens if token.flag == UNCERTAIN]
    assert uncertain, "some token of this ambiguous line must be less than certain"
    for token in result.tokens:
        assert token.flagged == (token.confidence < review)
    # The best reading is written, unlike a low-confidence token; the marked text shows it in [[ ]].
    assert result.text == "Nghị quyết số 01 của Tỉnh ủy"
    for token in uncertain:
        assert token.restored != token.original
        assert f"[[{token.restored}]]" in result.marked
    # Below --min-confidence the token is still left as it was: a review threshold that is not
    # above the minimum flags nothing as uncertain.
    kept = Restorer(RestoreConfig(model_dir=small_model_dir, min_confidence=review, review_confidence=review)).restore(text)
    assert {token.flag for token in kept.tokens if token.flagged} == {LOW_CONFIDENCE}
    assert all(token.restored == token.original for token in kept.tokens if token.flagged)


def test_review_confidence_outside_0_1_is_refused(small_model_dir):
    from vnreport.errors import BadArgsError

    with pytest.raises(BadArgsError, match="review-confidence"):
        RestoreConfig(model_dir=small_model_dir, review_confidence=1.5)


def test_token_details(restorer):
    result = restorer.restore("Nghi quyet so 01")
    first = result.tokens[0]
    assert (first.original, first.restored) == ("Nghi", "Nghị")
    assert 0.5 <= first.confidence <= 1.0
    assert all(0.0 <= probability <= first.confidence for _, probability in first.alternatives)
    assert [token.original for token in result.tokens] == ["Nghi", "quyet", "so"]


def test_user_lexicon_protects_terms(small_model_dir, tmp_path):
    terms = tmp_path / "terms.txt"
    terms.write_text("# our words\nVinaphone\nma\n", encoding="utf-8")
    text = "Vinaphone"
    result = Restorer(RestoreConfig(model_dir=small_model_dir, user_lexicons=(terms,))).restore(text)
    assert result.text == "Vinaphone"


def test_missing_user_lexicon_is_an_error(small_model_dir, tmp_path):
    from vnreport.errors import ModelError

    with pytest.raises(ModelError, match="not found"):
        Restorer(RestoreConfig(model_dir=small_model_dir, user_lexicons=(tmp_path / "nope.txt",)))


def test_overlong_line_is_a_clear_error(restorer):
    with pytest.raises(InputError, match="characters long"):
        restorer.restore("a " * 600_000)


def test_long_line_within_limit_is_restored(restorer):
    sentence = "Nghị quyết của Tỉnh ủy về công nghệ thông tin. "
    line = strip_marks(sentence) * 2000  # ~94,000 characters, decoded in segments
    assert restorer.restore(line).text == sentence * 2000


def test_token_records_made_with_flagged_only_still_say_why():
    # Callers that built records before the reason existed pass flagged=True.
    from vnreport.diacritics.types import LOW_CONFIDENCE, UNKNOWN_WORD, TokenRepair

    assert TokenRepair(0, 0, 4, "tinh", "tinh", 0.3, flagged=True).flag == LOW_CONFIDENCE
    assert TokenRepair(0, 0, 4, "Pang", "Pang", 0.9, flag=UNKNOWN_WORD).flagged
    assert not TokenRepair(0, 0, 4, "tinh", "tỉnh", 0.9).flagged

"""Words that a speck joined are split in two; abbreviations, codes and names stay whole."""

from __future__ import annotations

from vnreport.models import BBox, Line, Page, Word
from vnreport.specks import split_joined, split_joined_words


def _texts(text: str) -> list[str]:
    return [word.text for word in split_joined(Word(text, BBox(100, 10, 90, 20), 91.0))]


def test_two_syllables_joined_by_a_speck_become_two_words() -> None:
    assert _texts("biện.pháp") == ["biện", "pháp"]
    assert _texts("do·thảm") == ["do", "thảm"]
    assert _texts("kinh.tế.") == ["kinh", "tế."]  # the sentence's own full stop stays
    assert _texts("định;:báo") == ["định;", "báo"]  # real punctuation stays with the first half
    assert _texts("chất,chế") == ["chất,", "chế"]


def test_codes_abbreviations_and_capitalised_words_stay_whole() -> None:
    for text in ("TP.HCM", "v.v", "gov.vn", "2.2.TT", "Việt.Nam", "QĐ-UBND", "hiện", "abc.xyz"):
        assert _texts(text) == [text], text


def test_the_halves_share_the_box_and_keep_the_confidence() -> None:
    first, second = split_joined(Word("thi.hành", BBox(100, 10, 80, 20), 91.0))
    assert first.bbox.left == 100 and first.bbox.right == second.bbox.left and second.bbox.right == 180
    assert first.bbox.top == second.bbox.top == 10 and first.confidence == second.confidence == 91.0
    assert first.bbox.width < second.bbox.width  # "thi" is shorter than "hành"


def test_a_page_without_joined_words_is_returned_as_it_is() -> None:
    line = Line(words=(Word("Điều", BBox(0, 0, 40, 20)), Word("24.12.TT.22.34.", BBox(50, 0, 90, 20))), bbox=BBox(0, 0, 140, 20))
    page = Page(number=1, lines=(line,))
    assert split_joined_words(page) is page
    joined = Page(number=1, lines=(Line(words=(Word("biện.pháp", BBox(0, 0, 90, 20)),), bbox=BBox(0, 0, 90, 20)),))
    assert split_joined_words(joined).text == "biện pháp"

"""How English-model OCR is kept cheap (issue 16): the candidates of its second look are cut to those
within WIDEN_MARGIN nats of the best in context, and its first pass keeps max_candidates per token.

Time itself is measured by benchmarks/restore_time.py, not here; these tests count the trigrams the
decoder scores, which is what the time follows, and check that the cut keeps the readings.
"""

import importlib

import numpy as np
import pytest

from vnreport.config import RestoreConfig
from vnreport.diacritics import Restorer

restore_module = importlib.import_module("vnreport.diacritics.restore")
SHIPPED_MARGIN = restore_module.WIDEN_MARGIN

# English-model OCR of report text (the README's example and lines of the kind seed 004 holds).
LINES = [
    "Nghi quyét s6 01/NQ-TU ctia Ban Thuong vu Tinh Gy",
    "Bang viéc kip thdi ban hanh cac co ché, chinh sach tao hanh lang phap ly va tang",
    "téc trién khai thuc hién chuyén déi s6 trén ca 3 tru cét la chinh quyén sé, kinh té s6, xa",
    "hdi s6, nam 2023, tinh Vinh Phic tiép tuc tao dugc nhitng dau dn mdi va dang tién gan",
]
EXPECTED_FIRST = "Nghị quyết số 01/NQ-TU của Ban Thường vụ Tỉnh ủy"


def restore_counting(monkeypatch, text, **patches):
    """Restore ``text`` as English-model OCR; return the result and the trigrams the decoder scored
    (``patches``: module settings to use; they stay set for the rest of the test)."""
    for name, value in patches.items():
        monkeypatch.setattr(restore_module, name, value)
    trigrams = []
    decode = restore_module.posteriors

    def counting(slots, *args, **kwargs):
        sizes = np.array([slot.ids.size for slot in slots])
        trigrams.append(int((sizes[:-2] * sizes[1:-1] * sizes[2:]).sum()))
        return decode(slots, *args, **kwargs)

    monkeypatch.setattr(restore_module, "posteriors", counting)
    restored = Restorer(RestoreConfig(input_kind="eng")).restore(text)
    return restored, sum(trigrams)


@pytest.mark.parametrize("line", LINES)
def test_the_margin_keeps_the_readings_and_cuts_the_work(monkeypatch, line):
    uncut, uncut_trigrams = restore_counting(monkeypatch, line, WIDEN_MARGIN=float("inf"))
    cut, cut_trigrams = restore_counting(monkeypatch, line, WIDEN_MARGIN=SHIPPED_MARGIN)
    assert cut.text == uncut.text
    assert [token.flagged for token in cut.tokens] == [token.flagged for token in uncut.tokens]
    assert cut_trigrams < uncut_trigrams / 2


def test_the_readme_example_with_the_cut(monkeypatch):
    restored, _ = restore_counting(monkeypatch, LINES[0], WIDEN_MARGIN=SHIPPED_MARGIN)
    assert restored.text == EXPECTED_FIRST


def test_every_candidate_of_the_second_look_is_within_the_margin(monkeypatch):
    # The decoder is handed, per token, the candidates _widen kept; none may be further than the
    # margin behind the best in context, so a smaller margin gives fewer candidates.
    _, wide = restore_counting(monkeypatch, "\n".join(LINES), WIDEN_MARGIN=12.0)
    _, narrow = restore_counting(monkeypatch, "\n".join(LINES), WIDEN_MARGIN=2.0)
    assert narrow < wide

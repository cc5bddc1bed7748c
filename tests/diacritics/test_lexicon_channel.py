"""Lexicon files (errors name file and line) and the noise model learned from pairs."""

import io
import math
from collections import Counter

import pytest

from vnreport.diacritics.channel import KEEP_LOGP, STRIPPED, ChannelModel, keep_shape
from vnreport_build.channel import genuine_token_shapes, keep_shape_logps, train_channel
from vnreport_build.model import CASE_PAIRS_FILE, BuildSpec, build_model
from vnreport.diacritics.lexicon import (
    load_case_pairs,
    load_case_pairs_stream,
    load_terms,
    load_terms_stream,
    load_vocabulary,
    load_vocabulary_stream,
)
from vnreport.errors import ModelError


def test_vocabulary_errors_name_the_line(tmp_path):
    path = tmp_path / "syllables.tsv"
    path.write_text("<s>\t0\t0\n</s>\t0\t0\nthông\tmany\t0\n", encoding="utf-8")
    with pytest.raises(ModelError, match=r"syllables.tsv:3:"):
        load_vocabulary(path)


def test_vocabulary_needs_special_tokens():
    with pytest.raises(ModelError, match="special tokens"):
        load_vocabulary_stream(io.StringIO("thông\t5\t0\n"))


def test_terms_skip_comments_and_normalise(tmp_path):
    terms = load_terms_stream(io.StringIO("# comment\n\n  Vĩnh   Phúc \t12\nZalo\n"))
    assert terms == ["Vĩnh Phúc", "Zalo"]
    bad = tmp_path / "bad.txt"
    bad.write_bytes("Zalo\n".encode() + b"caf\xe9\n")
    with pytest.raises(ModelError, match=r"bad.txt:2: not valid UTF-8"):
        load_terms(bad)


def _pairs():
    # "số" comes out as "s6" most of the time, sometimes "so"; "sở" stays itself.
    return [("số", "s6")] * 30 + [("số", "so")] * 10 + [("sở", "sở")] * 40 + [("của", "ctia")] * 12 + [("của", "cua")] * 28


def test_learned_channel_prefers_seen_damage():
    model = train_channel("eng", _pairs())
    assert model.logp("s6", "số") > model.logp("s6", "sở")
    assert model.logp("ctia", "của") > model.logp("ctia", "cửa")
    assert model.logp("sở", "sở") > model.logp("sở", "số")


def test_character_model_generalises_to_unseen_tokens():
    model = train_channel("eng", _pairs())
    # "t6" never occurred whole, but "ố" -> "6" was learned from "số".
    assert "t6" not in model.table
    assert model.logp("t6", "tố") > model.logp("t6", "tà")


def test_channel_round_trips_through_a_file(tmp_path):
    model = train_channel("vie", _pairs())
    path = tmp_path / "channel.json.gz"
    model.save(path)
    loaded = ChannelModel.load(path)
    assert loaded.logp("s6", "số") == pytest.approx(model.logp("s6", "số"))
    shaped = train_channel("eng", _pairs(), genuine_shapes=Counter({"letters": 5}))
    shaped.save(path)
    assert shaped.keep_cost("s6") < KEEP_LOGP
    assert ChannelModel.load(path).keep_cost("s6") == pytest.approx(shaped.keep_cost("s6"))
    with pytest.raises(ModelError):
        ChannelModel.load(tmp_path / "absent.json.gz")


@pytest.mark.parametrize(
    ("token", "shape"),
    [
        ("s6", "digits"), ("16n", "digits"), ("hoach", "skeleton"), ("huyén", "skeleton"), ("nghi¢p", "marked"),
        ("gﬁn", "marked"), ("t&i", "marked"), ("ngw@i", "marked"), ("zalo", "letters"), ("pang", "letters"),
    ],
)
def test_keep_shapes(token, shape):
    assert keep_shape(token) == shape


def test_genuine_token_shapes_count_only_plain_foreign_words():
    line_pairs = [
        ("Ứng dụng Zalo và Internet qua website", "Ung dung Zalo va Internet qua webs1te"),
        ("Điều 12 về mô-đun, ASEAN, tạiĐiều b) và chip", "Diéu 12 vé m6-dun, ASEAN, taidiéu b) va chip"),
    ]
    # "Zalo", "Internet" (letters), "website" read "webs1te" (digits), "chip" (a syllable's letters);
    # never syllables, numbers, words with Vietnamese marks ("mô-đun", "tạiĐiều"), acronyms or one letter.
    assert genuine_token_shapes(line_pairs) == Counter({"letters": 2, "digits": 1, "skeleton": 1})


def test_keeping_a_token_costs_more_for_shapes_genuine_words_rarely_take():
    shapes = keep_shape_logps(Counter({"letters": 99, "marked": 9}))
    assert shapes["letters"] == 0.0
    assert shapes["marked"] == pytest.approx(math.log(10 / 100))
    assert shapes["skeleton"] == shapes["digits"] == pytest.approx(math.log(1 / 100))
    model = train_channel("eng", _pairs(), genuine_shapes=Counter({"letters": 99, "marked": 9}))
    assert model.keep_cost("zalo") == KEEP_LOGP
    assert model.keep_cost("hoach") == pytest.approx(KEEP_LOGP + math.log(1 / 100))
    assert train_channel("eng", _pairs()).keep_cost("hoach") == KEEP_LOGP


def test_stripped_channel_is_exact_letter_match():
    assert STRIPPED.logp("so", "số") == 0.0
    assert STRIPPED.logp("so", "sa") < -10


def test_build_keeps_only_the_case_exceptions_of_syllable_pairs(tmp_path, corpus_writer):
    # "ủy" is Title-case inside sentences ("Ủy ban") except after "tỉnh" ("Tỉnh ủy").
    paragraphs = [f"Báo cáo số {i} của Ủy ban nhân dân gửi Tỉnh ủy." for i in range(3)]
    paragraphs += [f"Văn bản số {i} của Ủy ban nhân dân." for i in range(3)]
    spec = corpus_writer(tmp_path / "corpus", paragraphs)
    build_model(BuildSpec(spec, tmp_path / "model", min_syllable_count=1, min_phrase_count=2, min_term_count=2))
    shares = load_case_pairs(tmp_path / "model" / CASE_PAIRS_FILE)
    assert shares == {("tỉnh", "ủy"): 0.0}


def test_case_pairs_errors_name_the_line():
    assert load_case_pairs_stream(io.StringIO("# header\ntỉnh ủy\t1\t4\n")) == {("tỉnh", "ủy"): 0.25}
    with pytest.raises(ModelError, match=r"<stream>:2:"):
        load_case_pairs_stream(io.StringIO("tỉnh ủy\t1\t4\ntỉnh\t1\t4\n"))

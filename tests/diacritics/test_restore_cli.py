"""`vnreport restore` on stdin/stdout and files, and its handling of bad input."""

import json

import pytest
from click.testing import CliRunner

from vnreport.cli import cli


@pytest.fixture
def run(small_model_dir):
    def invoke(*args, stdin=None):
        return CliRunner().invoke(cli, ["restore", "--model", str(small_model_dir), *args], input=stdin)

    return invoke


def test_stdin_to_stdout(run):
    result = run(stdin="Nghi quyet so 01/NQ-TU cua Ban Thuong vu Tinh uy\n".encode())
    assert result.exit_code == 0, result.output
    assert result.stdout == "Nghị quyết số 01/NQ-TU của Ban Thường vụ Tỉnh ủy\n"


def test_file_to_json(run, tmp_path):
    source = tmp_path / "in.txt"
    source.write_text("cong nghe thong tin\n", encoding="utf-8")
    target = tmp_path / "out.json"
    result = run(str(source), "-o", str(target), "--format", "json")
    assert result.exit_code == 0, result.output
    payload = json.loads(target.read_text(encoding="utf-8"))
    assert payload["text"] == "công nghệ thông tin\n"
    assert [token["restored"] for token in payload["tokens"]] == ["công", "nghệ", "thông", "tin"]
    assert all(0 <= token["confidence"] <= 1 for token in payload["tokens"])
    assert source.read_text(encoding="utf-8") == "cong nghe thong tin\n"


def test_mark_flagged_wraps_exactly_the_flagged_tokens(run, tmp_path):
    text = "Nghi quyet so 01 cua Tinh uy xqzt\n"
    plain = json.loads(run("--format", "json", "--min-confidence", "0.999999", stdin=text.encode()).stdout)
    flagged = [token["original"] for token in plain["tokens"] if token["flagged"]]
    assert "xqzt" in flagged and len(flagged) < len(plain["tokens"])
    marked = run("--mark-flagged", "--min-confidence", "0.999999", stdin=text.encode())
    assert marked.exit_code == 0, marked.output
    # Word by word, the marked text is the plain one with each flagged word in [[ ]].
    words = plain["text"].split()
    marked_words = marked.stdout.split()
    assert len(words) == len(marked_words)
    for word, marked_word in zip(words, marked_words):
        bare = word.rstrip(".,")
        assert marked_word in (word, word.replace(bare, f"[[{bare}]]"))
    assert sorted(w.strip("[]") for w in marked_words if w.startswith("[[")) == sorted(flagged)
    # JSON is never marked: its token offsets describe the input and its text is the plain one.
    as_json = json.loads(run("--format", "json", "--mark-flagged", "--min-confidence", "0.999999", stdin=text.encode()).stdout)
    assert as_json["text"] == plain["text"]
    for token in as_json["tokens"]:
        assert text.split("\n")[token["line"]][token["start"] : token["end"]] == token["original"]


def test_review_confidence_flags_restored_words_as_uncertain(run):
    text = "Nghi quyet so 01 cua Tinh uy\n"
    quiet = json.loads(run("--format", "json", "--min-confidence", "0", "--review-confidence", "0", stdin=text.encode()).stdout)
    # Confidences are written with 4 decimals: half a unit below 1 is a threshold they cannot straddle.
    review = json.loads(run("--format", "json", "--min-confidence", "0", "--review-confidence", "0.99995", stdin=text.encode()).stdout)
    assert quiet["flagged"] == 0
    # The same words are written; those under the review threshold are flagged "uncertain".
    assert review["text"] == quiet["text"]
    assert review["flagged"] == sum(token["confidence"] < 0.99995 for token in review["tokens"]) > 0
    assert {token["flag"] for token in review["tokens"] if token["flagged"]} == {"uncertain"}
    refused = run("--review-confidence", "2", stdin=text.encode())
    assert refused.exit_code == 2 and "review-confidence" in refused.output


def test_show_changes_goes_to_stderr(run):
    result = run("--show-changes", stdin=b"cong nghe thong tin")
    assert result.exit_code == 0
    assert result.stdout == "công nghệ thông tin"
    assert "công nghệ thông tin" in result.stderr


@pytest.mark.parametrize(
    ("payload", "message"),
    [(b"\x00\x01\x02binary\xff", "binary"), (b"caf\xe9 latin-1", "not UTF-8")],
)
def test_bad_stdin_exits_3(run, payload, message):
    result = run(stdin=payload)
    assert result.exit_code == 3
    assert message in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_bad_files_exit_3(run, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    latin = tmp_path / "latin.txt"
    latin.write_bytes(b"caf\xe9 " * 10)
    pdf = tmp_path / "scan.pdf"
    pdf.write_bytes(b"%PDF-1.4\n%...")
    for path in (empty, latin, pdf, tmp_path / "missing.txt"):
        result = run(str(path))
        assert result.exit_code == 3, (path, result.output)
        assert len(result.stderr.strip().splitlines()) == 1


def test_fifty_megabyte_single_line_is_refused_clearly(run, tmp_path):
    huge = tmp_path / "huge.txt"
    huge.write_bytes(b"nghi quyet " * (50 * 1024 * 1024 // 11))
    result = run(str(huge))
    assert result.exit_code == 3
    assert "characters long" in result.stderr


def test_unwritable_output_exits_5_and_input_is_never_overwritten(run, tmp_path):
    source = tmp_path / "in.txt"
    source.write_text("cong nghe", encoding="utf-8")
    assert run(str(source), "-o", str(tmp_path / "no" / "such" / "dir.txt")).exit_code == 5
    assert run(str(source), "-o", str(source)).exit_code == 5
    assert source.read_text(encoding="utf-8") == "cong nghe"


def test_output_file_gets_the_usual_permissions(run, tmp_path):
    import os
    import stat

    source = tmp_path / "in.txt"
    source.write_text("cong nghe", encoding="utf-8")
    target = tmp_path / "out.txt"
    assert run(str(source), "-o", str(target)).exit_code == 0
    mask = os.umask(0)
    os.umask(mask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~mask


def test_document_adaptation_can_be_switched_off():
    # The shipped model: "Pang" is damage its training never showed; the first two lines read it
    # with confidence, so by default the third follows them, and with the option it does not.
    text = (
        "Ban Chap hanh Pang bo tinh.\nPang uy Cong an tinh va Pang uy Quan su tinh da trien khai.\n"
        "He thong thong tin cua cac co quan Pang duoc tap trung trien khai.\n"
    )
    adapted = CliRunner().invoke(cli, ["restore", "--input-kind", "eng"], input=text.encode())
    alone = CliRunner().invoke(cli, ["restore", "--input-kind", "eng", "--no-document-adaptation"], input=text.encode())
    assert adapted.exit_code == alone.exit_code == 0, adapted.output + alone.output
    assert "các cơ quan Đảng được" in adapted.stdout
    assert "các cơ quan Pang được" in alone.stdout

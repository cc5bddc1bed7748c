"""Batch planning: which files a run takes, where each output goes, collisions, stamps, leftovers."""

from __future__ import annotations

from pathlib import Path

import pytest

from vnreport import batch as plan
from vnreport.batch import BatchRecord, InputResult
from vnreport.errors import BadArgsError, ExitCode, InputError


def touch(path: Path, data: bytes = b"x") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def test_folders_are_walked_recursively_in_a_stable_order_and_keep_their_layout(tmp_path: Path) -> None:
    root = tmp_path / "fonds"
    for name in ("b.pdf", "a.PNG", "sub/c.tif", "sub/deeper/d.jpeg", "notes.txt", ".hidden.pdf", "sub/e.docx"):
        touch(root / name)
    single = touch(tmp_path / "single.pdf")
    items = plan.expand_inputs([single, root])
    assert [item.name for item in items] == [str(single)] + [str(root / n) for n in ("a.PNG", "b.pdf", "sub/c.tif", "sub/deeper/d.jpeg")]
    outputs = plan.plan_outputs(items, tmp_path / "out", ".txt")
    assert outputs == [tmp_path / "out" / n for n in ("single.txt", "a.txt", "b.txt", "sub/c.txt", "sub/deeper/d.txt")]


def test_glob_chooses_the_files_of_folder_arguments(tmp_path: Path) -> None:
    root = tmp_path / "in"
    touch(root / "x.txt")
    touch(root / "y.pdf")
    touch(root / "sub" / "z.txt")
    assert [item.rel for item in plan.expand_inputs([root], pattern="*.txt")] == [Path("sub/z"), Path("x")]


def test_a_folder_without_inputs_is_a_bad_input(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputError, match="is a directory"):
        plan.expand_inputs([tmp_path / "empty"])


def test_two_inputs_with_one_output_name_are_a_usage_error_naming_both(tmp_path: Path) -> None:
    a, b = touch(tmp_path / "a" / "scan.pdf"), touch(tmp_path / "b" / "scan.png")
    with pytest.raises(BadArgsError) as caught:
        plan.plan_outputs(plan.expand_inputs([a, b]), tmp_path / "out", "")
    assert str(a) in str(caught.value) and str(b) in str(caught.value)
    assert caught.value.exit_code is ExitCode.USAGE


def test_an_output_onto_an_input_is_refused(tmp_path: Path) -> None:
    text = touch(tmp_path / "report.txt")
    with pytest.raises(BadArgsError, match="overwrite"):
        plan.plan_outputs(plan.expand_inputs([text, touch(tmp_path / "other.pdf")]), tmp_path, ".txt")


def test_stamp_says_up_to_date_only_for_the_same_input_options_and_output_bytes(tmp_path: Path) -> None:
    output = touch(tmp_path / "a.txt", b"result")
    assert not plan.is_up_to_date(output, "d1", {"dpi": 300})
    plan.write_stamp(output, "d1", {"dpi": 300}, [output])
    assert plan.is_up_to_date(output, "d1", {"dpi": 300})
    assert not plan.is_up_to_date(output, "d2", {"dpi": 300})  # input changed
    assert not plan.is_up_to_date(output, "d1", {"dpi": 200})  # a result-changing option changed
    output.write_bytes(b"edited")
    assert not plan.is_up_to_date(output, "d1", {"dpi": 300})  # output changed or truncated
    output.unlink()
    assert not plan.is_up_to_date(output, "d1", {"dpi": 300})


def test_leftovers_of_a_killed_run_are_removed_and_nothing_else(tmp_path: Path) -> None:
    output = tmp_path / "a.txt"
    leftover = touch(tmp_path / ".a.txt.k2j4_x9q.tmp")
    stamp_leftover = touch(tmp_path / ".a.txt.vnreport.json.abcdefgh.tmp")
    other = touch(tmp_path / ".b.txt.k2j4_x9q.tmp")
    keep = touch(tmp_path / "a.txt.tmp")
    assert plan.remove_leftovers(output) == 2
    assert not leftover.exists() and not stamp_leftover.exists() and other.exists() and keep.exists()
    folder = tmp_path / "tables"
    csv_leftover = touch(folder / ".01-phu-luc-1.csv.abcd1234.tmp")
    assert plan.remove_leftovers(folder, folder=True) == 1 and not csv_leftover.exists()


@pytest.mark.parametrize(
    ("statuses", "findings", "code"),
    [
        (["done", "skipped"], 0, ExitCode.OK),
        (["done", "done"], 2, ExitCode.VALIDATION_ERRORS),
        (["done", "failed"], 2, ExitCode.SOME_INPUTS_FAILED),
        (["failed", "failed"], 0, ExitCode.BAD_INPUT),
    ],
)
def test_batch_exit_code(statuses: list[str], findings: int, code: ExitCode) -> None:
    results = [InputResult(f"in{i}", status=status, exit_code=3 if status == "failed" else 0) for i, status in enumerate(statuses)]
    results[0].findings = findings
    assert BatchRecord("tables", results).exit_code is code
    assert BatchRecord("tables", results, interrupted=True).exit_code is ExitCode.INTERRUPTED

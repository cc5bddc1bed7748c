"""vnreport.batch.run_inputs, the per-input loop of fix and tables, with a recipe of its own."""

from __future__ import annotations

import functools
from pathlib import Path

import pytest

from vnreport import batch as plan
from vnreport.batch import DONE, FAILED, NOT_DONE, SKIPPED, BatchRecord, Finished, InputResult, LoopSettings, run_inputs
from vnreport.errors import DependencyError, ExitCode, InputError
from vnreport.progress import NullBatchProgress


class Recipe:
    """Writes the upper-cased text of each input; 'partial' inputs are only partly done, 'bad' ones
    cannot be read; every call is logged."""

    def __init__(self, outputs: list[Path]) -> None:
        self.outputs = outputs
        self.calls: list[tuple[str, int]] = []

    def tasks(self, index, source):
        self.calls.append(("tasks", index))
        text = source.path.read_text(encoding="utf-8")
        if "bad" in text:
            raise InputError(f"{source.path}: bad")
        return [functools.partial(str.upper, line) for line in text.splitlines()]

    def finish(self, index, source, values, error):
        self.calls.append(("finish", index))
        if error is not None:
            raise error
        self.outputs[index].write_text("\n".join(values), encoding="utf-8")
        partial = any("PARTIAL" in value for value in values)
        return Finished((self.outputs[index],), error="a page could not be read" if partial else None, exit_code=3)

    def skipped(self, index, result):
        self.calls.append(("skipped", index))
        result.outputs = [str(self.outputs[index])]


def run(tmp_path: Path, texts: dict[str, str], *, force: bool = False, stamp: dict | None = None) -> tuple[BatchRecord, Recipe]:
    folder = tmp_path / "in"
    folder.mkdir(exist_ok=True)
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")
    items = plan.expand_inputs([str(folder)], pattern="*.txt")
    outputs = plan.plan_outputs(items, tmp_path / "out", ".up")
    plan.make_out_dir(tmp_path / "out")
    record = BatchRecord("test", [InputResult(item.name) for item in items])
    recipe = Recipe(outputs)
    settings = LoopSettings(targets=outputs, stamp=stamp or {"case": "upper"}, force=force, jobs=1)
    run_inputs(items, record, recipe, settings, progress=NullBatchProgress())
    return record, recipe


def statuses(record: BatchRecord) -> list[str]:
    return [result.status for result in record.results]


def test_done_failed_partial_then_a_rerun_skips_only_what_is_complete(tmp_path: Path) -> None:
    texts = {"a.txt": "one\ntwo", "b.txt": "bad", "c.txt": "partial\nthree"}
    record, _ = run(tmp_path, texts)
    assert statuses(record) == [DONE, FAILED, FAILED]
    assert record.results[0].pages == 2 and (tmp_path / "out" / "a.up").read_text(encoding="utf-8") == "ONE\nTWO"
    assert record.results[1].error.endswith("bad") and record.results[1].exit_code == ExitCode.BAD_INPUT
    assert record.results[2].outputs and "could not be read" in record.results[2].error  # written, not stamped
    assert record.exit_code == ExitCode.SOME_INPUTS_FAILED

    again, recipe = run(tmp_path, texts)
    assert statuses(again) == [SKIPPED, FAILED, FAILED]
    assert ("tasks", 0) not in recipe.calls and ("skipped", 0) in recipe.calls and ("tasks", 2) in recipe.calls

    forced, recipe = run(tmp_path, texts, force=True)
    assert statuses(forced)[0] == DONE and ("tasks", 0) in recipe.calls
    changed, _ = run(tmp_path, texts, stamp={"case": "other"})
    assert statuses(changed)[0] == DONE  # an option that changes the result redoes the input


def test_an_edited_output_is_not_taken_for_up_to_date(tmp_path: Path) -> None:
    texts = {"a.txt": "one"}
    run(tmp_path, texts)
    (tmp_path / "out" / "a.up").write_text("tampered", encoding="utf-8")
    record, _ = run(tmp_path, texts)
    assert statuses(record) == [DONE]


def test_a_missing_dependency_stops_the_batch(tmp_path: Path) -> None:
    class Missing(Recipe):
        def tasks(self, index, source):
            raise DependencyError("tesseract is not installed")

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("one", encoding="utf-8")
    items = plan.expand_inputs([str(folder)], pattern="*.txt")
    outputs = plan.plan_outputs(items, tmp_path / "out", ".up")
    record = BatchRecord("test", [InputResult(item.name) for item in items])
    with pytest.raises(DependencyError):
        run_inputs(items, record, Missing(outputs), LoopSettings(targets=outputs, stamp={}, jobs=1), progress=NullBatchProgress())
    assert statuses(record) == [NOT_DONE]

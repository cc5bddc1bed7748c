"""Many inputs in one run: which files, where each one's output goes, what is up to date, the summary.

Shared by ``vnreport fix`` and ``vnreport tables``: the recipes (:mod:`vnreport.recipes`) say what
to do with one input; this module plans the batch, runs the one per-input loop
(:func:`run_inputs`) and records it.

* **Inputs:** files as named, and for a directory the PDFs and images inside it (``--glob`` to
  choose), recursively, sorted by their path relative to that directory, so the order is stable.
* **Outputs:** a file named directly goes to ``OUTDIR/<stem><ext>``, a file found in a directory
  argument to ``OUTDIR/<path relative to it>/<stem><ext>``; two inputs that would share an output
  are a usage error before any work starts.
* **Resume:** next to each finished output a stamp (``.<name>.vnreport.json``) records the
  input's SHA-256, the options that change the result and the SHA-256 of every file written. A
  rerun skips an input whose stamp matches and whose files are all there and unchanged.
* **Leftovers:** temporary files that a killed run left beside an output are removed before it is
  written again.
* **Summary:** ``OUTDIR/batch.json`` and the exit code (README, "Exit codes").
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import shutil
import signal
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Protocol

from vnreport import __version__
from vnreport.errors import BadArgsError, ExitCode, InputError, OutputError, VnreportError
from vnreport.execution import make_executor, run_groups
from vnreport.inputs import InputKind, sniff_input
from vnreport.output import write_text_atomic
from vnreport.progress import BatchProgress
from vnreport.rasterize import probe_poppler
from vnreport.sources import Source

log = logging.getLogger(__name__)

BATCH_NAME = "batch.json"
BATCH_SCHEMA_VERSION = 1
STAMP_SUFFIX = ".vnreport.json"
PAGE_SUFFIXES = (".pdf", ".png", ".jpg", ".jpeg", ".tif", ".tiff")
STDIN = "-"
# write_bytes_atomic's temporary files: ".<name>.<random>.tmp" (tempfile.mkstemp).
_LEFTOVER = re.compile(r"^\..+\.[A-Za-z0-9_]{8}\.tmp$")

DONE, SKIPPED, FAILED, NOT_DONE = "done", "skipped", "failed", "not-done"


@dataclass(frozen=True)
class BatchInput:
    """One input file of a batch.

    path: the file to read; name: how it is shown in messages and batch.json (as given, or the
    path under its directory argument); rel: where its output goes under OUTDIR, without extension;
    kind: what the file is, once :func:`probe_tools` has sniffed it (so that it is sniffed once).
    """

    path: Path
    name: str
    rel: Path
    kind: InputKind | None = None


def is_batch(arguments: Sequence[str | Path]) -> bool:
    """Several inputs, or a directory: ``-o`` names a folder and the batch rules apply."""
    return len(arguments) > 1 or any(str(arg) != STDIN and Path(arg).is_dir() for arg in arguments)


def expand_inputs(arguments: Sequence[str | Path], *, pattern: str | None = None) -> list[BatchInput]:
    """The input files of ``arguments``, in a stable order (see the module docstring).

    A name that does not exist stays in the list (it fails as an input, by name, like a corrupt
    one); a directory without a matching file is an InputError.
    """
    found: list[BatchInput] = []
    for argument in arguments:
        path = Path(argument)
        if str(argument) != STDIN and path.is_dir():
            files = sorted(
                (candidate for candidate in path.rglob(pattern or "*") if candidate.is_file() and _wanted(candidate, pattern)),
                key=lambda candidate: candidate.relative_to(path).as_posix(),
            )
            if not files:
                wanted = pattern or "PDF or image (" + ", ".join(PAGE_SUFFIXES) + ")"
                raise InputError(f"{path} is a directory without any {wanted} file in it")
            for file in files:
                relative = file.relative_to(path)
                found.append(BatchInput(file, str(file), relative.with_suffix("")))
        else:
            stem = "stdin" if str(argument) == STDIN else (path.stem or path.name)
            found.append(BatchInput(path, STDIN if str(argument) == STDIN else str(path), Path(stem)))  # str(path): as a single run names it
    return found


def _wanted(path: Path, pattern: str | None) -> bool:
    if pattern is not None:
        return True  # rglob(pattern) chose it
    return path.suffix.lower() in PAGE_SUFFIXES and not path.name.startswith(".")


def plan_outputs(inputs: Sequence[BatchInput], out_dir: Path, suffix: str) -> list[Path]:
    """``OUTDIR/<rel><suffix>`` for every input (``suffix`` ``""`` for a folder per input);
    BadArgsError (exit 2) naming both inputs when two would share an output, or when an output
    would be one of the inputs."""
    outputs: list[Path] = []
    owners: dict[str, BatchInput] = {}
    sources = {os.path.normcase(os.path.abspath(item.path)): item for item in inputs if str(item.path) != STDIN}
    for item in inputs:
        target = out_dir / (str(item.rel) + suffix)
        key = os.path.normcase(os.path.abspath(target))
        if key in owners:
            raise BadArgsError(f"{owners[key].name} and {item.name} would both be written to {target}; rename one or run them separately")
        if key in sources:
            raise BadArgsError(f"the output of {item.name} would overwrite the input {sources[key].name}")
        owners[key] = item
        outputs.append(target)
    return outputs


# --- stdin ------------------------------------------------------------------------------------------


@dataclass
class StdinFile:
    """Standard input saved to a temporary file (PDF and image readers need a file to seek in)."""

    path: Path | None = None
    _dir: str | None = None

    def read(self) -> Path:
        """Read all of stdin into a file in a private temporary folder; InputError when it is empty."""
        data = sys.stdin.buffer.read()
        if not data:
            raise InputError("standard input is empty")
        self._dir = tempfile.mkdtemp(prefix="vnreport-stdin-")
        self.path = Path(self._dir) / "stdin"
        self.path.write_bytes(data)
        return self.path

    def remove(self) -> None:
        if self._dir is not None:
            shutil.rmtree(self._dir, ignore_errors=True)
            self._dir = None


# --- stamps and leftovers -----------------------------------------------------------------------------


def stamp_path(output: Path, *, folder: bool = False) -> Path:
    """Where the stamp of ``output`` is kept: beside a file, inside a folder per input (tables)."""
    if folder:
        return output / STAMP_SUFFIX
    return output.parent / f".{output.name}{STAMP_SUFFIX}"


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def is_up_to_date(output: Path, digest: str, options: dict[str, object], *, folder: bool = False) -> bool:
    """True when the stamp of ``output`` says it was made from this input content with these
    options by this version, and every file it lists is there with the bytes it recorded."""
    try:
        stamp = json.loads(stamp_path(output, folder=folder).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    if not isinstance(stamp, dict) or stamp.get("input_sha256") != digest or stamp.get("options") != _jsonable(options):
        return False
    if stamp.get("vnreport") != __version__:
        return False
    files = stamp.get("outputs")
    if not isinstance(files, dict) or not files:
        return False
    base = output if folder else output.parent
    for name, recorded in files.items():
        try:
            if _sha256(base / name) != recorded:
                return False
        except OSError:
            return False
    return True


def write_stamp(output: Path, digest: str, options: dict[str, object], files: Sequence[Path], *, folder: bool = False) -> None:
    """Record that ``files`` (the outputs of one input) are complete: written last, atomically."""
    base = output if folder else output.parent
    document = {
        "vnreport": __version__,
        "input_sha256": digest,
        "options": _jsonable(options),
        "outputs": {str(Path(file).relative_to(base)): _sha256(Path(file)) for file in files},
    }
    write_text_atomic(stamp_path(output, folder=folder), json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n")


def forget_stamp(output: Path, *, folder: bool = False) -> None:
    """Remove the stamp of ``output`` before it is rewritten, so a run killed half-way through
    writing a folder of CSVs is never taken for complete."""
    stamp = stamp_path(output, folder=folder)
    try:
        stamp.unlink()
    except (FileNotFoundError, NotADirectoryError):
        pass
    except OSError as exc:
        raise OutputError(f"cannot remove {stamp}: {exc.strerror or exc}") from exc


def remove_leftovers(output: Path, *, folder: bool = False) -> int:
    """Delete the temporary files a killed run left beside ``output`` (or inside its folder)."""
    if folder:
        candidates = [path for path in output.iterdir() if _LEFTOVER.match(path.name)] if output.is_dir() else []
    else:
        directory = output.parent
        names = (output.name, stamp_path(output).name)
        candidates = [path for name in names for path in directory.glob(f".{glob_escape(name)}.*.tmp")] if directory.is_dir() else []
    removed = 0
    for path in candidates:
        if path.is_file() and _LEFTOVER.match(path.name):
            try:
                path.unlink()
                removed += 1
            except OSError:
                pass
    return removed


def glob_escape(name: str) -> str:
    """``name`` with glob metacharacters escaped."""
    return re.sub(r"([*?\[])", r"[\1]", name)


def _jsonable(value: object) -> object:
    return json.loads(json.dumps(value, sort_keys=True, default=str))


def options_digest_of_files(paths: Sequence[Path]) -> list[str]:
    """SHA-256 of each file (lexicons): an edited term list changes the result."""
    digests = []
    for path in paths:
        try:
            digests.append(_sha256(Path(path)))
        except OSError as exc:
            raise InputError(f"cannot read {path}: {exc.strerror or exc}") from exc
    return digests


# --- results, batch.json, summary ---------------------------------------------------------------------


@dataclass
class InputResult:
    """What became of one input: ``status`` is done, skipped (up to date), failed or not-done
    (the run was interrupted first). An input with some unreadable pages is failed, its output
    written with the other pages and no stamp, so the next run tries it again."""

    input: str
    status: str = NOT_DONE
    pages: int = 0
    seconds: float = 0.0
    outputs: list[str] = field(default_factory=list)
    error: str | None = None
    exit_code: int = int(ExitCode.OK)
    findings: int = 0  # tables: error findings


@dataclass
class BatchRecord:
    """Every input's result, in input order, and the clock of the run."""

    command: str
    results: list[InputResult]
    started: float = field(default_factory=time.monotonic)
    interrupted: bool = False

    def counts(self) -> dict[str, int]:
        counts = {DONE: 0, SKIPPED: 0, FAILED: 0, NOT_DONE: 0}
        for result in self.results:
            counts[result.status] += 1
        return counts

    @property
    def exit_code(self) -> ExitCode:
        """130 interrupted; the failure's own code (3 for a bad input) when every input failed; 6
        when some failed; else 1 when ``tables`` found errors; else 0."""
        if self.interrupted:
            return ExitCode.INTERRUPTED
        failed = [result for result in self.results if result.status == FAILED]
        if failed and len(failed) == len(self.results):
            return ExitCode(failed[0].exit_code or int(ExitCode.BAD_INPUT))
        if failed:
            return ExitCode.SOME_INPUTS_FAILED
        if any(result.findings for result in self.results):
            return ExitCode.VALIDATION_ERRORS
        return ExitCode.OK

    def to_json(self) -> dict[str, object]:
        return {
            "schema_version": BATCH_SCHEMA_VERSION,
            "command": self.command,
            "vnreport": __version__,
            "interrupted": self.interrupted,
            "exit_code": int(self.exit_code),
            "seconds": round(time.monotonic() - self.started, 3),
            "counts": self.counts(),
            "inputs": [
                {
                    "input": result.input,
                    "status": result.status,
                    "pages": result.pages,
                    "seconds": round(result.seconds, 3),
                    "outputs": result.outputs,
                    "error": result.error,
                }
                for result in self.results
            ],
        }

    def write(self, out_dir: Path) -> Path:
        """Write ``OUTDIR/batch.json`` atomically."""
        target = out_dir / BATCH_NAME
        write_text_atomic(target, json.dumps(self.to_json(), ensure_ascii=False, indent=2) + "\n")
        return target

    def summary_lines(self) -> list[str]:
        """One line of counts, then one line per failed input with its reason."""
        counts = self.counts()
        head = f"{counts[DONE]} done, {counts[SKIPPED]} skipped (up to date), {counts[FAILED]} failed"
        if counts[NOT_DONE]:
            head += f", {counts[NOT_DONE]} not done"
        head += f" of {len(self.results)} inputs in {time.monotonic() - self.started:.1f} s"
        lines = [head]
        lines += [f"failed: {result.input}: {result.error}" for result in self.results if result.status == FAILED]
        return lines


def probe_tools(items: Sequence[BatchInput], probe_ocr: Callable[[], None]) -> list[BatchInput]:
    """Before any page: Poppler when a PDF is among the inputs, and ``probe_ocr`` (Tesseract with
    every language the command needs) when any input is not text. Returns the inputs with their
    sniffed kind, which :func:`run_inputs` opens them as. An input that cannot be sniffed is
    kept unsniffed here: it fails by name when its turn comes."""
    sniffed: list[BatchInput] = []
    for item in items:
        try:
            item = replace(item, kind=sniff_input(item.path))
        except VnreportError:
            pass
        sniffed.append(item)
    kinds = {item.kind for item in sniffed if item.kind is not None}
    if InputKind.PDF in kinds:
        probe_poppler()
    if kinds - {InputKind.TEXT}:
        probe_ocr()
    return sniffed


def make_out_dir(out_dir: Path) -> None:
    """Create OUTDIR (and its parents); OutputError when it cannot be, or is a file."""
    if out_dir.exists() and not out_dir.is_dir():
        raise OutputError(f"cannot write into {out_dir}: it is a file, and several inputs need a folder")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot create {out_dir}: {exc.strerror or exc}") from exc
    if not os.access(out_dir, os.W_OK | os.X_OK):
        raise OutputError(f"cannot write into {out_dir}: it is not writable")


def make_parent(output: Path) -> None:
    """Create the folder an output goes into (``OUTDIR/<path relative to a folder argument>``)."""
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot create {output.parent}: {exc.strerror or exc}") from exc


# --- the per-input loop ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Finished:
    """What a recipe wrote for one input: ``files`` (every output, the stamp aside) and, when the
    input is only partly done (pages or tables that could not be read, the outputs hold the rest),
    the ``error`` and its exit code. Without an error the input is done and stamped."""

    files: tuple[Path, ...] = ()
    pages: int | None = None  # pages read, when only known at the end (fix)
    error: str | None = None
    exit_code: int = int(ExitCode.BAD_INPUT)
    findings: int = 0  # tables: error findings


class InputRecipe(Protocol):
    """What a command does with one input of a batch; :func:`run_inputs` does the rest."""

    def tasks(self, index: int, source: Source) -> list[Any]:
        """The page tasks of an input that is not up to date (``[]`` for a text input); raise
        VnreportError when it cannot be read."""
        ...

    def finish(self, index: int, source: Source | None, values: list[Any], error: VnreportError | None) -> Finished:
        """Write the outputs of an input from its tasks' values, in task order. ``error`` when the
        input failed before its pages (``source`` None when it could not even be opened): write
        what that command writes for a bad input, or raise it. Raise VnreportError when nothing
        could be written."""
        ...

    def skipped(self, index: int, result: InputResult) -> None:
        """Fill in ``result`` for an input whose outputs are up to date."""
        ...


@dataclass(frozen=True)
class LoopSettings:
    """How :func:`run_inputs` treats outputs: ``targets[i]`` is where input i's outputs go (a file,
    or a folder when ``folder``), None to write nothing (``tables --format json``); ``stamp`` the
    options that change the result."""

    targets: Sequence[Path | None]
    stamp: dict[str, object]
    folder: bool = False
    force: bool = False
    jobs: int | None = None
    scheduler: str | None = None


@contextmanager
def interrupt_deferred() -> Iterator[None]:
    """Hold back Ctrl-C (SIGINT) until the block has run, then deliver it as it would have been.

    Only the main thread can change signal handlers; elsewhere the block runs unguarded.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[tuple[int, Any]] = []
    previous = signal.signal(signal.SIGINT, lambda signum, frame: caught.append((signum, frame)))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
        if caught:  # delivered even when the block failed: the user asked to stop
            if previous is signal.default_int_handler:
                raise KeyboardInterrupt
            if callable(previous):
                previous(*caught[0])
            elif previous == signal.SIG_DFL:
                os.kill(os.getpid(), signal.SIGINT)


def run_inputs(
    items: Sequence[BatchInput],
    record: BatchRecord,
    recipe: InputRecipe,
    settings: LoopSettings,
    *,
    progress: BatchProgress,
    on_result: Callable[[InputResult], None] | None = None,
) -> None:
    """The one per-input loop of ``fix`` and ``tables``: for each input, lazily, open and hash it,
    clean a killed run's leftovers, skip it when its outputs are up to date (unless ``force``),
    else queue its page tasks; every page task of every input goes through one executor
    (:mod:`vnreport.execution`), and as an input's last page arrives the recipe writes its outputs,
    then the stamp is written. A bad input is recorded in ``record`` and the others go on; a
    missing dependency (exit 4) stops the batch. Ctrl-C sets ``record.interrupted`` and returns,
    every finished output kept."""
    sources: dict[int, Source] = {}
    started: dict[int, float] = {}

    def done(index: int) -> None:
        result = record.results[index]
        result.seconds = time.monotonic() - started.pop(index)
        sources.pop(index, None)  # nothing of a finished input stays: memory flat in the number of inputs
        progress.advance_files(result.input)
        if on_result is not None:
            on_result(result)

    def finish(index: int, values: list[Any], error: VnreportError | None = None) -> None:
        result = record.results[index]
        target = settings.targets[index]
        try:
            if target is not None:
                forget_stamp(target, folder=settings.folder)
                if not settings.folder and error is None:
                    make_parent(target)
            finished = recipe.finish(index, sources.get(index), values, error)
        except VnreportError as exc:
            if exc.exit_code is ExitCode.MISSING_DEPENDENCY:
                raise
            result.status, result.error, result.exit_code = FAILED, str(exc), int(exc.exit_code)
            log.debug("%s failed: %s", result.input, exc)
        else:
            result.outputs = [str(path) for path in finished.files]
            if finished.pages is not None:
                result.pages = finished.pages
            if finished.error:
                result.status, result.error, result.exit_code = FAILED, finished.error, finished.exit_code
            else:
                # "done" in batch.json and the stamp that lets the next run skip the input go
                # together: a Ctrl-C between them would record a done input that the next run redoes.
                with interrupt_deferred():
                    result.status, result.findings = DONE, finished.findings
                    if target is not None:
                        write_stamp(target, sources[index].digest, settings.stamp, finished.files, folder=settings.folder)
        done(index)

    def groups() -> Iterator[tuple[int, list[Any]]]:
        for index, item in enumerate(items):
            started[index] = time.monotonic()
            result = record.results[index]
            target = settings.targets[index]
            try:
                source = sources[index] = Source.open(item.path, digest=True, kind=item.kind)
                if target is not None:
                    remove_leftovers(target, folder=settings.folder)
                    if not settings.force and is_up_to_date(target, source.digest, settings.stamp, folder=settings.folder):
                        result.status = SKIPPED
                        recipe.skipped(index, result)
                        done(index)
                        continue
                tasks = recipe.tasks(index, source)
            except VnreportError as exc:
                if exc.exit_code is ExitCode.MISSING_DEPENDENCY:
                    raise
                finish(index, [], exc)
                continue
            if tasks:
                result.pages = len(tasks)
                progress.add_pages(len(tasks))
            yield index, tasks

    progress.start(len(items))
    try:
        with make_executor(settings.jobs, scheduler=settings.scheduler) as executor:
            run_groups(groups(), executor, on_group=finish, on_task=lambda _key: progress.advance_pages())
    except KeyboardInterrupt:
        record.interrupted = True
    finally:
        progress.finish()

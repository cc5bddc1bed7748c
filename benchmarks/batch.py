"""Benchmark of batch runs: one `vnreport fix` over many inputs against a shell loop, the rerun of a
finished batch, the same batch on a Dask LocalCluster, and the memory of the parent process.

    python benchmarks/batch.py [--docs 20] [--pages 2] [--dpi 150] [--jobs 2] [--no-cluster] [--keep DIR]
    python benchmarks/batch.py --memory-scale 10,40,160 [--dpi 100] [--jobs 2]
    python benchmarks/batch.py --granularity 5 --docs 6 --pages 2 [--no-repair] [--jobs 2]

It generates --docs inputs in one folder: --docs - 2 scanned-looking PDFs of --pages pages each
(report text of the shared seeds 001-003, rendered at --dpi and degraded like a photocopy) and two
bad files (a corrupt PDF and an encrypted one). Small pages at a low resolution keep the whole run
to a few minutes on 2 cores; OCR time per page grows with the resolution, the bookkeeping does not.

Printed (wall-clock seconds of whole processes, each command run once, on whatever machine this
is; every figure says what it timed):

* batch: `vnreport fix DIR -o OUT --jobs N` (exit 6: the two bad files);
* loop: the shell loop `for f in DIR/*; do vnreport fix "$f" -o OUT/$(basename "$f").txt; done`
  (each run OCRs its pages on all cores and loads the restorer's model again);
* rerun: the same batch command again, everything up to date (the two bad files are tried again),
  beside `vnreport --version` (Python and the CLI starting up) and the time the run itself
  recorded in batch.json (from planning to the summary, without Python's start-up and imports);
* cluster: the batch with `--scheduler` on a `distributed.LocalCluster` of N single-threaded worker
  processes (started before the clock, as a cluster is), outputs compared byte for byte with the
  local batch;
* memory: peak RSS of the parent process (VmHWM; the workers are separate processes) of the batch
  over a quarter of the inputs and over all of them: flat means the parent does not hold inputs.

``--memory-scale N1,N2,...`` runs only the memory check, wider: batches of N1, N2, ... copies of
one generated 1-page scan (``--no-repair``, so that the restorer's model, loaded once, does not
hide what grows per input), and prints the parent's peak RSS for each.

``--granularity RUNS`` runs only the Dask comparison of issue 15: the same batch (--docs good PDFs
of --pages pages, no bad files) on one LocalCluster of --jobs single-threaded worker processes, with
pages as tasks (what ``--scheduler`` does) and with inputs as tasks (a benchmark-side variant,
:func:`inputs_as_tasks_executor`: one Dask task per input running its pages in order), RUNS
whole-process runs of each, interleaved, after one uncounted warm-up of each; it prints the medians
and whether the two wrote the same bytes.

The ``OMP_THREAD_LIMIT=1`` rule lives in vnreport.ocr; the script also sets it in the environment of
everything it starts, so the figures do not depend on which version of that rule is installed.
"""

from __future__ import annotations

import argparse
import itertools
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"
sys.path.insert(0, str(ROOT / "tests"))


def make_inputs(folder: Path, docs: int, pages: int, dpi: int) -> None:
    """docs - 2 PDFs of ``pages`` rendered and degraded pages, a corrupt PDF and an encrypted one."""
    from fakes.files import write_encrypted_pdf

    from vnreport_build.synthetic import PageStyle, degrade_photocopy, find_font, render_paragraphs

    paragraphs = [line.strip() for seed in sorted(SEEDS.glob("00[123]_*.txt")) for line in seed.read_text(encoding="utf-8").splitlines() if len(line.strip()) > 40]
    style = PageStyle(font_path=find_font("serif"), dpi=dpi)
    rendered = [degrade_photocopy(image, seed=index, strength=0.6) for index, (image, _) in enumerate(render_paragraphs(paragraphs, style))]
    folder.mkdir(parents=True, exist_ok=True)
    for doc in range(docs - 2):
        chosen = [rendered[(doc * pages + page) % len(rendered)].copy() for page in range(pages)]
        chosen[0].save(folder / f"report-{doc:03d}.pdf", "PDF", save_all=True, append_images=chosen[1:], resolution=float(dpi))
    (folder / "report-bad-corrupt.pdf").write_bytes(b"%PDF-1.4\nthis is not a PDF body\n")
    write_encrypted_pdf(folder / "report-bad-locked.pdf")


@dataclass(frozen=True)
class InputTask:
    """Benchmark-only: all page tasks of one input as one Dask task (the "inputs as tasks" variant
    of issue 15), run in page order on one worker. ``source`` is the input's, so that
    DaskExecutor ships the input's bytes once and ``run_remote`` points it at the worker's copy."""

    source: Any
    pages: tuple[Any, ...]

    def __call__(self) -> list[Any]:
        return [replace(page, source=self.source)() for page in self.pages]


def inputs_as_tasks_executor() -> type:
    """A DaskExecutor that groups the page stream by input (consecutive tags ``(key, position)``)
    and submits one :class:`InputTask` per input; the page values come back with their own tags."""
    from vnreport.dask_backend import DaskExecutor

    class InputsAsTasks(DaskExecutor):
        def run(self, tasks):  # type: ignore[override]
            def bundles():
                for key, items in itertools.groupby(tasks, key=lambda item: item[0][0]):
                    tagged = tuple(items)
                    yield tuple(tag for tag, _ in tagged), InputTask(tagged[0][1].source, tuple(task for _, task in tagged))

            for tags, values in super().run(bundles()):
                yield from zip(tags, values)

    return InputsAsTasks


# `python -c INPUTS_AS_TASKS fix ...`: the CLI, with --scheduler running inputs as tasks.
INPUTS_AS_TASKS = f"""
import sys
sys.path.insert(0, {str(Path(__file__).resolve().parent)!r})
import cloudpickle, batch, vnreport.dask_backend
cloudpickle.register_pickle_by_value(batch)  # the workers cannot import the benchmark script
vnreport.dask_backend.DaskExecutor = batch.inputs_as_tasks_executor()
from vnreport.cli import main
sys.argv[0] = "vnreport"
main()
"""


def timed(command: list[str], env: dict[str, str], expected: tuple[int, ...] = (0, 6)) -> tuple[float, int, int]:
    """Wall seconds, exit code and the peak RSS (KiB) of the process itself (VmHWM, polled)."""
    start = time.monotonic()
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    peak = 0
    status = Path(f"/proc/{process.pid}/status")
    while process.poll() is None:
        try:
            for line in status.read_text().splitlines():
                if line.startswith("VmHWM:"):
                    peak = max(peak, int(line.split()[1]))
        except OSError:
            pass
        time.sleep(0.05)
    stderr = process.stderr.read() if process.stderr else ""
    seconds = time.monotonic() - start
    if process.returncode not in expected:
        print(f"  ! {' '.join(command[:4])} … exited {process.returncode}: {stderr.strip()[-400:]}")
    return seconds, process.returncode, peak


def tree(folder: Path) -> dict[str, bytes]:
    return {str(path.relative_to(folder)): path.read_bytes() for path in sorted(folder.rglob("*"))
            if path.is_file() and path.name != "batch.json" and not path.name.endswith(".vnreport.json")}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=20)
    parser.add_argument("--pages", type=int, default=2)
    parser.add_argument("--dpi", type=int, default=150)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--no-cluster", action="store_true", help="skip the LocalCluster run")
    parser.add_argument("--keep", type=Path, default=None, help="work in this folder and keep it")
    parser.add_argument("--granularity", type=int, default=0, metavar="RUNS",
                        help="only the Dask comparison: pages as tasks against inputs as tasks, RUNS interleaved runs each")
    parser.add_argument("--no-repair", action="store_true", help="with --granularity: fix --no-repair")
    parser.add_argument("--memory-scale", default=None, metavar="N1,N2,...", help="only the memory check, with batches of these sizes")
    args = parser.parse_args()
    if args.memory_scale:
        memory_scale([int(size) for size in args.memory_scale.split(",")], args.dpi, args.jobs, args.keep)
        return
    if args.granularity:
        granularity(args.docs, args.pages, args.dpi, args.jobs, args.granularity, args.no_repair, args.keep)
        return

    work = args.keep or Path(tempfile.mkdtemp(prefix="vnreport-batch-bench-"))
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    vnreport = [sys.executable, "-m", "vnreport"]
    inputs = work / "inputs"
    try:
        make_inputs(inputs, args.docs, args.pages, args.dpi)
        files = sorted(path for path in inputs.iterdir())
        print(f"{len(files)} inputs ({len(files) - 2} PDFs of {args.pages} pages at {args.dpi} dpi, 2 bad), --jobs {args.jobs}, {os.cpu_count()} CPUs")
        common = ["--dpi", str(args.dpi)]

        batch_s, code, batch_rss = timed(vnreport + ["fix", str(inputs), "-o", str(work / "batch"), "-j", str(args.jobs)] + common, env)
        print(f"batch   {batch_s:7.1f} s  (exit {code})   vnreport fix DIR -o OUT -j {args.jobs}")

        loop_s = 0.0
        (work / "loop").mkdir(exist_ok=True)
        for path in files:
            bad = path.name.startswith("report-bad-")
            seconds, _, _ = timed(vnreport + ["fix", str(path), "-o", str(work / "loop" / f"{path.stem}.txt")] + common, env, (3,) if bad else (0,))
            loop_s += seconds
        print(f"loop    {loop_s:7.1f} s  (one vnreport fix per file; batch is {loop_s / batch_s:.2f}x faster)")
        same = tree(work / "loop") == {name: data for name, data in tree(work / "batch").items()}
        print(f"        loop and batch outputs byte-identical: {same}")

        rerun_s, code, _ = timed(vnreport + ["fix", str(inputs), "-o", str(work / "batch"), "-j", str(args.jobs)] + common, env)
        start_s, _, _ = timed(vnreport + ["--version"], env)
        import json

        inside = json.loads((work / "batch" / "batch.json").read_text(encoding="utf-8"))["seconds"]
        print(f"rerun   {rerun_s:7.2f} s  (exit {code}; vnreport --version alone: {start_s:.2f} s; the run itself, batch.json 'seconds': {inside:.2f} s)")

        quarter = work / "quarter"
        quarter.mkdir(exist_ok=True)
        for path in files[: max(1, len(files) // 4)]:
            shutil.copy(path, quarter / path.name)
        _, _, quarter_rss = timed(vnreport + ["fix", str(quarter), "-o", str(work / "quarter-out"), "-j", str(args.jobs)] + common, env)
        print(f"memory  parent peak RSS {quarter_rss / 1024:.0f} MiB with {len(list(quarter.iterdir()))} inputs, {batch_rss / 1024:.0f} MiB with {len(files)}")

        if not args.no_cluster:
            try:
                from distributed import LocalCluster
            except ImportError:
                print('cluster skipped: pip install "vnreport[dask]"')
                return
            os.environ["OMP_THREAD_LIMIT"] = "1"  # inherited by the worker processes
            with LocalCluster(n_workers=args.jobs, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
                cluster_s, code, _ = timed(vnreport + ["fix", str(inputs), "-o", str(work / "cluster"), "--scheduler", cluster.scheduler_address] + common, env)
            same = tree(work / "cluster") == tree(work / "batch")
            print(f"cluster {cluster_s:7.1f} s  (exit {code}; LocalCluster of {args.jobs} worker processes; outputs byte-identical to the local batch: {same})")
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)


def granularity(docs: int, pages: int, dpi: int, workers: int, runs: int, no_repair: bool, keep: Path | None) -> None:
    """Whole-process wall seconds of `vnreport fix DIR -o OUT --scheduler ADDRESS` on one
    LocalCluster of ``workers`` single-threaded processes, with pages as tasks (what vnreport does)
    and with inputs as tasks (:func:`inputs_as_tasks_executor`), ``runs`` times each, interleaved,
    after one uncounted warm-up run of each; ``docs`` good PDFs of ``pages`` pages."""
    import statistics

    from distributed import LocalCluster

    work = keep or Path(tempfile.mkdtemp(prefix="vnreport-granularity-"))
    os.environ["OMP_THREAD_LIMIT"] = "1"  # inherited by the worker processes
    env = {**os.environ}
    try:
        make_inputs(work / "inputs", docs + 2, pages, dpi)
        for bad in (work / "inputs").glob("report-bad-*"):
            bad.unlink()
        modes = {"pages": [sys.executable, "-m", "vnreport"], "inputs": [sys.executable, "-c", INPUTS_AS_TASKS]}
        extra = ["--no-repair"] if no_repair else []
        print(f"granularity: {docs} PDFs of {pages} pages at {dpi} dpi{', --no-repair' if no_repair else ''}, LocalCluster of {workers} "
              f"single-threaded worker processes, {os.cpu_count()} CPUs, {runs} interleaved runs each after a warm-up")
        seconds: dict[str, list[float]] = {mode: [] for mode in modes}
        with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
            for run in range(runs + 1):
                for mode, launcher in modes.items():
                    out = work / f"out-{mode}-{run}"
                    took, code, _ = timed(launcher + ["fix", str(work / "inputs"), "-o", str(out), "--dpi", str(dpi),
                                                      "--scheduler", cluster.scheduler_address] + extra, env, (0,))
                    if run:
                        seconds[mode].append(took)
                    print(f"  run {run}{' (warm-up)' if not run else ''} {mode:6s} {took:6.1f} s (exit {code})", flush=True)
        same = all(tree(work / f"out-inputs-{run}") == tree(work / f"out-pages-{run}") for run in range(runs + 1))
        for mode, values in seconds.items():
            print(f"{mode:6s} as tasks: median {statistics.median(values):6.1f} s  (runs: {', '.join(f'{v:.1f}' for v in values)})")
        print(f"outputs byte-identical between the two: {same}")
    finally:
        if keep is None:
            shutil.rmtree(work, ignore_errors=True)


def memory_scale(sizes: list[int], dpi: int, jobs: int, keep: Path | None) -> None:
    """Parent peak RSS of `vnreport fix DIR -o OUT --no-repair` over batches of ``sizes`` inputs."""
    work = keep or Path(tempfile.mkdtemp(prefix="vnreport-batch-memory-"))
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    try:
        make_inputs(work / "one", 3, 1, dpi)  # one good 1-page PDF (and the two bad files, unused)
        page = work / "one" / "report-000.pdf"
        print(f"memory scale: copies of one 1-page scan at {dpi} dpi, --no-repair, --jobs {jobs}, {os.cpu_count()} CPUs")
        for size in sizes:
            folder = work / f"in-{size}"
            folder.mkdir(exist_ok=True)
            for index in range(size):
                shutil.copy(page, folder / f"doc-{index:05d}.pdf")
            seconds, code, peak = timed([sys.executable, "-m", "vnreport", "fix", str(folder), "-o", str(work / f"out-{size}"),
                                         "--no-repair", "--dpi", str(dpi), "-j", str(jobs)], env, (0,))
            print(f"  {size:6d} inputs: parent peak RSS {peak / 1024:6.1f} MiB  ({seconds:.1f} s, exit {code})")
    finally:
        if keep is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

"""Interleaved whole-process timing of ``vnreport fix --jobs 1`` from two checkouts, beside raw Tesseract.

On a shared machine one benchmark run cannot separate 0.1 s: this script alternates, round after
round, raw ``tesseract -l vie --dpi D`` (one process per page, ``OMP_THREAD_LIMIT=1``) and
``vnreport fix --jobs 1`` of each checkout to txt and to PDF, and prints the medians of wall time
and of CPU time (user + system of the process and everything it waited for, Tesseract included).

    python benchmarks/fix_ab.py --input pages.tif --png page1.png:150 --png page2.png:120 \\
        [--old /path/to/other/checkout] [--rounds 5]

``--old`` is a directory holding another version's ``vnreport`` package (e.g. ``git archive main |
tar -x -C /tmp/old``); it runs with this interpreter and ``PYTHONPATH=OLD``. Outputs of both
checkouts are compared byte for byte (the PDFs by their ``pdftotext`` text).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def measure(command: list[str], *, env: dict[str, str] | None = None) -> tuple[float, float]:
    """Wall and CPU seconds of one command (CPU: user + system of it and its waited-for children)."""
    full = {**os.environ, "OMP_THREAD_LIMIT": "1", **(env or {})}
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=full)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(command)} failed: {process.stderr.read().decode(errors='replace') if process.stderr else ''}")
    return wall, usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--input", type=Path, required=True, help="what vnreport fix reads (PDF, TIFF, PNG)")
    parser.add_argument("--png", action="append", default=[], help="PAGE.png:DPI for raw Tesseract, one per page")
    parser.add_argument("--old", type=Path, default=None, help="another checkout to compare with")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    here = Path(__file__).resolve().parents[1]
    versions = {"new": here, **({"old": args.old.resolve()} if args.old else {})}
    work = Path(tempfile.mkdtemp(prefix="fix-ab-"))
    results: dict[str, list[tuple[float, float]]] = {}
    for _ in range(args.rounds):
        wall = cpu = 0.0
        for spec in args.png:
            png, dpi = spec.rsplit(":", 1)
            w, c = measure(["tesseract", png, str(work / "raw"), "-l", "vie", "--dpi", dpi])
            wall, cpu = wall + w, cpu + c
        results.setdefault("raw tesseract", []).append((wall, cpu))
        for fmt in ("txt", "pdf"):
            for name, root in versions.items():
                out = work / f"{name}.{fmt}"
                command = [sys.executable, "-m", "vnreport", "-q", "fix", str(args.input), "-o", str(out), "--jobs", "1"]
                results.setdefault(f"{name} {fmt}", []).append(measure(command, env={"PYTHONPATH": str(root)}))
    raw_wall = statistics.median(w for w, _ in results["raw tesseract"])
    raw_cpu = statistics.median(c for _, c in results["raw tesseract"])
    print(f"{args.rounds} rounds, interleaved; medians")
    print(f"{'':16} {'wall':>7} {'x raw':>6} {'CPU':>7} {'x raw':>6}")
    for name, values in results.items():
        wall = statistics.median(w for w, _ in values)
        cpu = statistics.median(c for _, c in values)
        print(f"{name:16} {wall:6.2f}s {wall / raw_wall:6.2f} {cpu:6.2f}s {cpu / raw_cpu:6.2f}")
    if args.old:
        for fmt in ("txt", "pdf"):
            a, b = work / f"old.{fmt}", work / f"new.{fmt}"
            if fmt == "pdf":
                a_text = subprocess.run(["pdftotext", str(a), "-"], capture_output=True, check=True).stdout
                b_text = subprocess.run(["pdftotext", str(b), "-"], capture_output=True, check=True).stdout
                same = a_text == b_text
            else:
                same = a.read_bytes() == b.read_bytes()
            print(f"outputs {fmt}: {'identical' if same else 'DIFFER'}")


if __name__ == "__main__":
    main()

"""What ``vnreport fix --review`` adds: the time to build the review page and its size.

    python benchmarks/review_page.py [INPUT] [--repeat 3]

Reads INPUT (default: samples/report-scan.pdf) once, as ``vnreport fix`` does, then builds and
writes the review page ``--repeat`` times (each page rasterised again at 100 dpi, JPEG-encoded,
embedded) and prints the median wall and CPU seconds of that step, the file size and the size per
page. The OCR itself is not timed: it is the same with and without ``--review``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

from vnreport.pipeline import FixOptions, run_fix, sniff, write_review_page

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("input", nargs="?", type=Path, default=ROOT / "samples" / "report-scan.pdf")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        result = run_fix(FixOptions(input=args.input, output=str(Path(folder) / "out.txt")))
        source = sniff(args.input)
        target = Path(folder) / "review.html"
        walls, cpus = [], []
        for _ in range(args.repeat):
            wall, cpu = time.perf_counter(), time.process_time()
            write_review_page(target, source, result.document, result.cleaned, result.restored)
            walls.append(time.perf_counter() - wall)
            cpus.append(time.process_time() - cpu)
        size = os.path.getsize(target)
    pages = len(result.document.pages)
    items = sum(1 for token in result.restored.tokens if token.changed or token.flagged)
    flagged = len(result.restored.flagged)
    print(f"{args.input.name}: {pages} pages, {items} words boxed ({flagged} flagged)")
    print(f"review page: median {statistics.median(walls):.2f} s wall, {statistics.median(cpus):.2f} s CPU of this process "
          f"(pdftoppm runs in its own), {size / 1e6:.2f} MB, {size / pages / 1e3:.0f} kB a page")


if __name__ == "__main__":
    main()

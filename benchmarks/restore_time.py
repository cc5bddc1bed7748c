"""Restoration time against OCR time, as issue 16 states its target (restore <= 10% of the OCR).

    python benchmarks/restore_time.py [--pdf samples/report-scan.pdf] [--repeat 3] [--code DIR ...] [--restore-args ...]

Rasterises the PDF at 300 dpi (``pdftoppm -r 300 -gray``, not timed) and reads every page with
Tesseract, one process a page with ``OMP_THREAD_LIMIT=1`` (``-l eng``: the legacy English-model OCR,
and ``-l vie``); then restores, each ``--repeat`` times in a fresh ``python -m vnreport restore``
process (start and model load included): the ``-l eng`` text (input kind detected, ``eng``) and
the PDF's clean text (``samples/report-scan.truth.txt`` beside the sample) stripped of its marks.
Times are CPU seconds (user + system) of the whole child processes, from ``getrusage``, so other
jobs on a shared machine inflate them less than wall time; the median of the repeats is printed
with every run, and the ratio restore / OCR for each input. ``--code DIR`` (repeatable) restores with
the ``vnreport`` package of another checkout too (e.g. ``git worktree add /tmp/base main``), in the
same session, so that a change is compared with the code before it on the same machine load.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from vnreport.diacritics.orthography import strip_marks  # noqa: E402


def child_cpu(command: list[str], **kwargs) -> float:
    """CPU seconds (user + system) that ``command`` took, run to completion as a child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(command, check=True, **kwargs)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def ocr(pngs: list[Path], language: str, folder: Path) -> tuple[float, str]:
    """Tesseract over every page, one process a page, single-threaded: CPU seconds and the text."""
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    seconds, texts = 0.0, []
    for png in pngs:
        base = folder / f"{png.stem}-{language}"
        seconds += child_cpu(["tesseract", str(png), str(base), "-l", language, "--dpi", "300"], env=env, stderr=subprocess.DEVNULL)
        texts.append(base.with_suffix(".txt").read_text(encoding="utf-8"))
    return seconds, "".join(texts)


def restore_runs(source: Path, repeat: int, extra: list[str], code: Path) -> list[float]:
    """CPU seconds of ``repeat`` fresh ``vnreport restore`` processes over ``source``, each running
    the ``vnreport`` package of the checkout ``code`` (``python -m`` imports it from there)."""
    output = source.with_suffix(".restored.txt")
    return [child_cpu([sys.executable, "-m", "vnreport", "restore", str(source), "-o", str(output), *extra], cwd=code) for _ in range(repeat)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pdf", type=Path, default=ROOT / "samples" / "report-scan.pdf")
    parser.add_argument("--truth", type=Path, default=None, help="clean text of the PDF (default: <pdf stem>.truth.txt beside it)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--code", type=Path, action="append", default=[], help="also restore with the vnreport package of this checkout (repeatable)")
    parser.add_argument("--restore-args", nargs=argparse.REMAINDER, default=[], help="passed to vnreport restore (e.g. --no-document-adaptation)")
    args = parser.parse_args()
    truth = args.truth or args.pdf.with_name(args.pdf.stem + ".truth.txt")
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        subprocess.run(["pdftoppm", "-r", "300", "-gray", "-png", str(args.pdf), str(folder / "page")], check=True)
        pngs = sorted(folder.glob("page-*.png"))
        eng_seconds, eng_text = ocr(pngs, "eng", folder)
        vie_seconds, _ = ocr(pngs, "vie", folder)
        eng_file = folder / "eng.txt"
        eng_file.write_text(eng_text, encoding="utf-8")
        stripped_file = folder / "stripped.txt"
        stripped_file.write_text(strip_marks(truth.read_text(encoding="utf-8")), encoding="utf-8")
        runs: dict[Path, tuple[list[float], list[float]]] = {code: ([], []) for code in [ROOT, *args.code]}
        for _ in range(args.repeat):  # the checkouts take turns, so a change in machine load hits all alike
            for code, (eng_runs, stripped_runs) in runs.items():
                eng_runs.extend(restore_runs(eng_file, 1, args.restore_args, code))
                stripped_runs.extend(restore_runs(stripped_file, 1, args.restore_args, code))
    print(f"{args.pdf.name}: {len(pngs)} pages; CPU seconds of whole processes (user + system)")
    print(f"OCR, tesseract -l eng: {eng_seconds:.2f} s; -l vie: {vie_seconds:.2f} s")
    for code, (eng_runs, stripped_runs) in runs.items():
        print(f"vnreport of {code}:")
        for label, times, base, base_label in (("English-model OCR text", eng_runs, eng_seconds, "-l eng"), ("clean text stripped of its marks", stripped_runs, vie_seconds, "-l vie")):
            median = statistics.median(times)
            print(f"  restore {label} ({len(times)} runs: {', '.join(f'{t:.2f}' for t in times)}): median {median:.2f} s = {median / base:.1%} of the {base_label} OCR")


if __name__ == "__main__":
    main()

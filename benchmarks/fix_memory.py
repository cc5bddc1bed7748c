"""Memory of ``vnreport fix`` by step, over N copies of one real OCR'd page, without N Tesseract runs.

One generated photocopy page (held-out text, ``benchmarks/fix.py``'s generator) is OCR'd once by
the real engine; the run then replays that page for every page of an N-frame TIFF (a replaying
engine through the real recipe, :func:`vnreport.pipeline.run_fix`), so a 100-page measurement
takes seconds instead of 100 Tesseract runs. Prints the resident set (VmRSS) before and after each
step and the high-water mark (VmHWM) of the process, for each page count:

    python benchmarks/fix_memory.py [--pages 10 100] [--format pdf] [--seed 13]

Each count runs in a fresh process. The OCR words are the real engine's (header re-read included);
what the replay leaves out is Tesseract itself (its own processes) and the page images.
"""

from __future__ import annotations

import argparse
import io
import pickle
import subprocess
import sys
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


@dataclass(frozen=True)
class ReplayEngine:
    """Returns the stored page as page n (picklable, as the pipeline's engines must be)."""

    page_file: str

    def probe(self, lang: str) -> None:
        return None

    def read(self, image, *, page_number: int, config):
        with open(self.page_file, "rb") as handle:
            return replace(pickle.load(handle), number=page_number)


def _vm(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) // 1024
    return 0


def measure(pages: int, fmt: str, page_file: Path, folder: Path) -> None:
    """One count, in this process: the recipe with each step's memory printed."""
    from PIL import Image, TiffImagePlugin

    import vnreport.pipeline as pipeline
    from vnreport.config import OcrConfig
    from vnreport.render import OutputFormat

    tiff = folder / f"blank-{pages}.tif"
    buffer = io.BytesIO()
    blank = Image.new("L", (1240, 1754), 255)
    with TiffImagePlugin.AppendingTiffWriter(buffer, new=True) as writer:
        for _ in range(pages):
            blank.save(writer, format="TIFF", compression="tiff_adobe_deflate", dpi=(150, 150))
            writer.newFrame()
    tiff.write_bytes(buffer.getvalue())
    steps = []

    def timed(name):
        step = getattr(pipeline, name)

        def wrapper(*args, **kwargs):
            before = _vm("VmRSS")
            try:
                return step(*args, **kwargs)
            finally:
                steps.append(f"{name} {before}->{_vm('VmRSS')}")

        setattr(pipeline, name, wrapper)

    for name in ("read_pages", "clean", "repair", "write_output"):
        timed(name)
    start = _vm("VmRSS")
    options = pipeline.FixOptions(input=tiff, output=str(folder / f"out-{pages}.{fmt}"), fmt=OutputFormat(fmt), ocr=OcrConfig(jobs=1, dpi=150))
    pipeline.run_fix(options, engine=ReplayEngine(str(page_file)))
    print(f"{pages:5d} pages: high-water {_vm('VmHWM'):4d} MB (after imports {start} MB); RSS by step, MB: {', '.join(steps)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, nargs="+", default=[10, 100])
    parser.add_argument("--format", choices=("txt", "json", "pdf"), default="pdf")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--measure", nargs=3, metavar=("PAGES", "PAGE_FILE", "FOLDER"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        measure(int(args.measure[0]), args.format, Path(args.measure[1]), Path(args.measure[2]))
        return
    import random

    from benchmarks.fix import make_pages
    from vnreport.config import OcrConfig
    from vnreport_build.corpus import CorpusSpec, default_corpus_dir
    from vnreport_build.ocrpairs import sample_paragraphs
    from vnreport.engine import TesseractEngine

    # The first page of benchmarks/fix.py's photocopies for the same seed (its --memory-pages page).
    paragraphs = sample_paragraphs(CorpusSpec(default_corpus_dir()), "heldout", count=12 + 24, seed=args.seed)
    random.Random(args.seed).shuffle(paragraphs)
    folder = Path(tempfile.mkdtemp(prefix="fix-memory-"))
    page = make_pages(paragraphs, count=1, photocopy=True, seed=args.seed)[0]
    read = TesseractEngine().read(page.image, page_number=1, config=OcrConfig(dpi=page.dpi))
    page_file = folder / "page.pkl"
    page_file.write_bytes(pickle.dumps(read))
    words = sum(len(line.words) for line in read.lines)
    print(f"one generated {page.dpi}-dpi photocopy page, {words} OCR words, replayed; fix -o out.{args.format}")
    for count in args.pages:
        subprocess.run([sys.executable, __file__, "--format", args.format, "--measure", str(count), str(page_file), str(folder)], check=True)


if __name__ == "__main__":
    main()

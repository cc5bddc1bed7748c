"""Which image clean-up steps help OCR: each step of ``vnreport_build/preprocess.py`` on the tune pages.

The tune pages are the first set of ``benchmarks/fix.py`` (``vnreport_build.synthetic`` photocopies of
held-out paragraphs, seed 13 unless ``--seed``); the second set (``benchmarks/fixpages.py``) is
never used here. For no step, each step alone and all steps together, every page is cleaned up
with the step, then read by raw ``tesseract -l vie --dpi D`` (one process per page) and by
``vnreport fix --jobs 1`` (txt), and the syllable and character error rates of both are printed
with the step's own time per page (CPU, in this process).

    python benchmarks/preprocess.py [--pages 6] [--seed 13] [--variants none,deskew,despeckle,binarise,border,all]
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks import fix as fixbench  # noqa: E402
from vnreport_build.corpus import CorpusSpec, default_corpus_dir  # noqa: E402
from vnreport_build.ocrpairs import sample_paragraphs  # noqa: E402
from vnreport_build.preprocess import STEPS, preprocess  # noqa: E402


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=6)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--variants", default="none," + ",".join(STEPS) + ",all")
    parser.add_argument("--keep", type=Path, default=None)
    args = parser.parse_args(argv)
    # The same paragraphs and pages as benchmarks/fix.py's first set with this seed.
    paragraphs = sample_paragraphs(CorpusSpec(default_corpus_dir()), "heldout", count=12 * (args.pages + 2) + 24, seed=args.seed)
    random.Random(args.seed).shuffle(paragraphs)
    pages = fixbench.make_pages(paragraphs, count=args.pages, photocopy=True, seed=args.seed)
    truth = "\n".join("\n".join(page.lines) for page in pages)
    folder = args.keep or Path(tempfile.mkdtemp(prefix="vnreport-bench-pre-"))
    folder.mkdir(parents=True, exist_ok=True)
    print(f"{len(pages)} tune pages (dpi {sorted({p.dpi for p in pages})}), {len(fixbench.syllables(truth))} syllables")
    print(f"{'steps':12} {'raw SER':>8} {'raw CER':>8} {'fix SER':>8} {'fix CER':>8} {'step s/page':>12}")
    try:
        for variant in args.variants.split(","):
            steps = () if variant == "none" else tuple(STEPS) if variant == "all" else (variant,)
            started = time.process_time()
            cleaned = [replace(page, image=preprocess(page.image, steps, dpi=page.dpi)) for page in pages]
            step_time = (time.process_time() - started) / len(pages)
            pngs, tiff = fixbench.save_set(cleaned, folder, variant)
            _, raw = fixbench.raw_tesseract(pngs, folder)
            _, fixed = fixbench.fix(tiff, folder / f"{variant}.txt")
            raw_ser, raw_cer = fixbench.scores(raw, truth)
            fix_ser, fix_cer = fixbench.scores(fixed, truth)
            print(f"{variant:12} {raw_ser:8.2%} {raw_cer:8.2%} {fix_ser:8.2%} {fix_cer:8.2%} {step_time:12.2f}", flush=True)
    finally:
        if args.keep is None:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()

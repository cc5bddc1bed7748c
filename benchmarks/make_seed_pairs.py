"""Make the independent legacy-OCR test set: seeds 001-003 rendered and read with Tesseract `eng`.

Seeds 001-003 (../shared/seeds) are clean articles from provincial portals about digital
transformation; they are not in the corpus the model is built from (of their 8-word runs, 2-3%
occur there, all stock phrases such as "phát triển kinh tế xã hội"), and no model or weight of the
restorer is tuned on them. This script renders them into pages exactly as the shipped `eng` pair
files are made (``PairSpec.preset("eng")``, see lexicons/pairs/README.md), OCRs them and writes the
(clean line, OCR line) pairs that `benchmarks/restore.py` scores:

    python benchmarks/make_seed_pairs.py     # ~1-2 minutes; writes benchmarks/data/seeds001-003-eng.tsv.gz
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from vnreport_build.ocrpairs import PairSpec, generate_line_pairs, write_pairs_tsv  # noqa: E402

SEEDS_DIR = ROOT.parent / "shared" / "seeds"
SEED_NAMES = ("001", "002", "003")
OUTPUT = ROOT / "benchmarks" / "data" / "seeds001-003-eng.tsv.gz"


def seed_paragraphs(directory: Path = SEEDS_DIR) -> list[str]:
    """The non-empty lines of seeds 001-003, in file order."""
    paragraphs = []
    for name in SEED_NAMES:
        (path,) = sorted(directory.glob(f"{name}_*.txt"))
        paragraphs.extend(line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip())
    return paragraphs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seed", type=int, default=16, help="page choices (font, size, wear)")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("-o", "--output", type=Path, default=OUTPUT)
    args = parser.parse_args()
    lines, syllables = write_pairs_tsv(generate_line_pairs(seed_paragraphs(), PairSpec.preset("eng", seed=args.seed), jobs=args.jobs), args.output)
    print(f"{args.output}: {lines} line pairs, {syllables} clean syllables")


if __name__ == "__main__":
    main()

"""How often the restorer's decisions are right at each confidence: the evidence for the default
`--review-confidence` (a reading under it is written but flagged "uncertain").

    python benchmarks/calibration.py

For the held-out synthetic legacy OCR pairs (lexicons/pairs/heldout-eng.tsv.gz) and the
hand-corrected lines of seed 004 (benchmarks/data/seed004-truth.tsv), each text is restored whole,
as in benchmarks/restore.py, with no flag threshold other than the defaults, and every word decision
is scored against the correct syllable. Only lines whose OCR, output and correct words align one to
one are used (restoration never splits or joins words; OCR sometimes does), so the counts are
smaller than the benchmark's. What is scored is the word written: under `--min-confidence` (0.5)
that is the token as it was.
"""

from __future__ import annotations

import collections
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from restore import REAL_SOURCE, REAL_TRUTH, ROOT, load_model, read_pairs, read_truth, words  # noqa: E402

from vnreport.config import RestoreConfig  # noqa: E402
from vnreport.diacritics import Restorer  # noqa: E402

BINS = (0.0, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99, 1.0)


def decisions(restorer: Restorer, ocr_lines: list[str], references: dict[int, str]) -> list[tuple[float, bool]]:
    """(confidence, right) of every word decision in the lines of ``ocr_lines`` (restored as one
    text, so context and document adaptation work as in use) that have a correct line in
    ``references`` (0-based line index -> correct line) and align with it word for word."""
    result = restorer.restore("\n".join(ocr_lines))
    output = result.text.split("\n")
    by_line = collections.defaultdict(list)
    for token in result.tokens:
        by_line[token.line].append(token)
    scored = []
    for index, correct in sorted(references.items()):
        tokens = [token for token in sorted(by_line[index], key=lambda t: t.start) if len(words(token.original)) == 1]
        restored, reference = words(output[index]), words(correct)
        if len(words(ocr_lines[index])) == len(restored) == len(reference) == len(tokens):
            scored.extend((token.confidence, got == want) for token, got, want in zip(tokens, restored, reference))
    return scored


def table(label: str, scored: list[tuple[float, bool]]) -> None:
    print(f"{label}: {len(scored)} word decisions")
    for low, high in zip(BINS, BINS[1:]):
        inside = [right for confidence, right in scored if low <= confidence < high or (high == 1.0 and confidence == 1.0)]
        if inside:
            print(f"  confidence {low:.2f}-{high:.2f}: {len(inside):6d} decisions, {sum(inside) / len(inside):6.1%} right")


def main() -> None:
    model = load_model(None)
    restorer = Restorer(RestoreConfig(input_kind="eng"), model=model)
    heldout = read_pairs(ROOT / "lexicons" / "pairs" / "heldout-eng.tsv.gz")
    table("held-out synthetic legacy OCR (eng)", decisions(restorer, [ocr for _, ocr in heldout], {i: clean for i, (clean, _) in enumerate(heldout)}))
    lines = REAL_SOURCE.read_text(encoding="utf-8").split("\n")
    truth = {number - 1: correct for number, (_, correct) in read_truth(REAL_TRUTH).items()}
    table("real legacy OCR, seed 004 (hand-corrected lines)", decisions(restorer, lines, truth))


if __name__ == "__main__":
    main()

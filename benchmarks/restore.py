"""Diacritic restoration benchmark on held-out text (never seen by the model).

Prints, beside a unigram baseline (most frequent syllable with the same letters):
  * syllable error rate (SER) on stripped held-out paragraphs;
  * SER on synthetic legacy OCR (held-out text rendered and OCR'd with Tesseract `eng`);
  * SER on Vietnamese OCR of degraded held-out pages, before and after repair, the share of errors
    removed and the share of correct words that repair broke;
  * throughput (syllables per second, one core), model load time and peak memory;
  * SER on real legacy OCR: the whole of seed 004 (samples/legacy-ocr-238-BC-UBND.txt) restored,
    scored on its hand-corrected lines (benchmarks/data/seed004-truth.tsv);
  * an independent set that nothing was tuned on and no corpus generator made: seeds 001-003
    (../shared/seeds, clean provincial articles, not in the corpus) stripped of their marks, and the
    same text rendered and read with Tesseract `eng` (benchmarks/make_seed_pairs.py).
For every set, the errors left are split into flagged ones ("[[...]]" with --mark-flagged) and
silent ones, beside how many words are flagged and how many of those are right (a reader's work).

    python benchmarks/restore.py [--paragraphs 3000] [--model lexicons] [--review-confidence 0.9] [--show-silent] [--json out.json]

SER = word-level edit distance between restored and clean syllables / clean syllables, compared
lowercase with surrounding punctuation removed and tone placement normalised (case, punctuation
and old/new tone style are not what is measured); tokens with digits or "/" (numbers, document
codes, which are never restored) are left out on both sides.
"""

from __future__ import annotations

import argparse
import dataclasses
import gzip
import importlib
import itertools
import json
import multiprocessing
import random
import re
import resource
import sys
import time
from pathlib import Path

from rapidfuzz.distance import Levenshtein

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from vnreport.config import RestoreConfig  # noqa: E402
from vnreport.diacritics import Restorer  # noqa: E402
from vnreport.diacritics.channel import clean_token  # noqa: E402
from vnreport_build.corpus import CorpusSpec, default_corpus_dir, iter_paragraphs  # noqa: E402
restore_module = importlib.import_module("vnreport.diacritics.restore")  # the module; the package exports a function of that name
from vnreport.diacritics.model import load_model  # noqa: E402
from vnreport.diacritics.restore import FLAG_CLOSE, FLAG_OPEN  # noqa: E402
from vnreport.diacritics.orthography import is_syllable, normalize_syllable, strip_marks  # noqa: E402
from make_seed_pairs import OUTPUT as SEED_PAIRS, SEEDS_DIR, seed_paragraphs  # noqa: E402  (benchmarks/ is this script's folder)


_NOT_TEXT = re.compile(r"[\d/]")  # numbers and document codes are not syllables: not counted


def words(line: str) -> list[str]:
    """Comparable syllables of a line: lowercase, punctuation removed, empty pieces dropped, and
    tone placement normalised (the corpus mixes "hóa" and "hoá"; that is style, not error)."""
    return [normalize_syllable(token, "old") for token in (clean_token(piece) for piece in line.split()) if token and not _NOT_TEXT.search(token)]


def ser(hypotheses: list[list[str]], references: list[list[str]]) -> float:
    errors = sum(Levenshtein.distance(hyp, ref) for hyp, ref in zip(hypotheses, references))
    return errors / max(1, sum(len(ref) for ref in references))


class UnigramBaseline:
    """Each token becomes the most frequent vocabulary syllable with the same letters."""

    def __init__(self, model) -> None:
        self.best: dict[str, str] = {}
        for word, count in sorted(zip(model.vocabulary.words, model.vocabulary.counts), key=lambda item: -item[1]):
            if is_syllable(word):
                self.best.setdefault(strip_marks(word), word)

    def line(self, line: str) -> list[str]:
        return [self.best.get(strip_marks(token), token) for token in words(line)]


# Held-out pair files (lexicons/pairs/heldout-KEY.tsv.gz): key, input kind, label.
OCR_SETS = (
    ("eng", "eng", "legacy OCR (eng)"),
    ("vie", "vie", "vie OCR, photocopies scanned at 150/200/300 dpi"),
    ("vie-300dpi", "vie", "vie OCR, 300 dpi only (the condition of the first pair files)"),
)


def sample_heldout(count: int, seed: int) -> list[str]:
    paragraphs = list(iter_paragraphs(CorpusSpec(default_corpus_dir()), "heldout"))
    random.Random(seed).shuffle(paragraphs)
    return [paragraph for paragraph in paragraphs if len(paragraph) <= 1500][:count]


def sample_train(count: int, seed: int) -> list[str]:
    """Paragraphs of the TRAINING slice (the model was built from them): the tune set, on which the
    restorer's free settings are chosen, so that the held-out sets stay evaluation sets."""
    paragraphs = list(itertools.islice(iter_paragraphs(CorpusSpec(default_corpus_dir()), "train"), 100_000))
    random.Random(seed).shuffle(paragraphs)
    return [paragraph for paragraph in paragraphs if len(paragraph) <= 1500][:count]


def tune_channels(model, pairs_dir: Path, lines: int):
    """The model with its eng and vie noise models trained again WITHOUT the last ``lines`` lines of
    their training pairs, which --tune then scores: the noise model has not seen the tune lines
    (the language model has: they are training-slice text)."""
    from vnreport_build.channel import genuine_token_shapes, syllable_pairs, train_channel

    channels = dict(model.channels)
    for mode in ("eng", "vie"):
        path = pairs_dir / f"train-{mode}.tsv.gz"
        if path.is_file():
            pairs = read_pairs(path)[:-lines]
            channels[mode] = train_channel(mode, syllable_pairs(pairs), genuine_shapes=genuine_token_shapes(pairs))
    return dataclasses.replace(model, channels=channels)


def read_pairs(path: Path) -> list[tuple[str, str]]:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return [tuple(line.rstrip("\n").split("\t", 1)) for line in handle if "\t" in line]


def bench_stripped(restorer: Restorer, baseline: UnigramBaseline, paragraphs: list[str]) -> dict:
    stripped = "\n".join(strip_marks(paragraph) for paragraph in paragraphs)
    started, cpu_started = time.perf_counter(), time.process_time()
    result = restorer.restore(stripped)
    seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu_started
    restored = result.text.split("\n")
    refs = [words(paragraph) for paragraph in paragraphs]
    syllables = sum(len(ref) for ref in refs)
    return {
        "paragraphs": len(paragraphs),
        "syllables": syllables,
        "ser": ser([words(line) for line in restored], refs),
        "ser_unigram": ser([baseline.line(strip_marks(p)) for p in paragraphs], refs),
        "ser_input": ser([words(strip_marks(p)) for p in paragraphs], refs),
        **split_errors(result.marked.split("\n"), refs),
        # CPU time is the one-core figure: the restorer is single-threaded, and it does not
        # count the time other processes on a shared machine take from it (wall time does).
        "syllables_per_cpu_second": syllables / cpu_seconds,
        "syllables_per_second": syllables / seconds,
    }


def bench_ocr(restorer: Restorer, baseline: UnigramBaseline, pairs: list[tuple[str, str]]) -> dict:
    clean = [words(c) for c, _ in pairs]
    ocr_lines = [o for _, o in pairs]
    cpu_started = time.process_time()
    result = restorer.restore("\n".join(ocr_lines))
    cpu_seconds = time.process_time() - cpu_started
    restored = result.text.split("\n")
    observed = [words(o) for o in ocr_lines]
    repaired = [words(r) for r in restored]
    before, after = ser(observed, clean), ser(repaired, clean)
    # Correct words broken by repair: positions where the OCR token equals the clean one (aligned)
    # and the repaired token (same position: restoration never splits or joins tokens) does not.
    correct = broken = 0
    for obs, rep, ref in zip(observed, repaired, clean):
        if len(obs) != len(rep):
            continue
        for tag, i1, i2, j1, _ in Levenshtein.opcodes(obs, ref):
            if tag == "equal":
                correct += i2 - i1
                broken += sum(rep[i] != obs[i] for i in range(i1, i2))
    return {
        "lines": len(pairs),
        "syllables": sum(len(ref) for ref in clean),
        "ser_before": before,
        "ser_after": after,
        "ser_unigram": ser([baseline.line(o) for o in ocr_lines], clean),
        "errors_removed": (before - after) / before if before else 0.0,
        "correct_words_broken": broken / max(1, correct),
        **split_errors(result.marked.split("\n"), clean),
        # Damaged OCR tokens cost far more than stripped ones (an edit-distance search and a second,
        # context-aware look), so this is reported apart from the stripped-text throughput.
        "syllables_per_cpu_second": sum(len(ref) for ref in clean) / cpu_seconds,
    }


REAL_SOURCE = ROOT / "samples" / "legacy-ocr-238-BC-UBND.txt"
REAL_TRUTH = ROOT / "benchmarks" / "data" / "seed004-truth.tsv"


def read_truth(path: Path) -> dict[int, tuple[str, str]]:
    """Hand-corrected lines of a real OCR file: 1-based line number -> (OCR line, correct line)."""
    truth = {}
    for row in path.read_text(encoding="utf-8").splitlines():
        number, ocr, correct = row.split("\t")
        truth[int(number)] = (ocr, correct)
    return truth


def split_errors(marked_lines: list[str], references: list[list[str]], silent: list[tuple[str, str]] | None = None) -> dict:
    """Errors left in restored text, split by whether a reader sees them, and the reading burden.

    ``marked_lines``: the output with flagged words in "[[ ]]" (``Restored.marked``). A wrong output
    word is a flagged error when it is marked and a silent one when it is not; a missing word counts
    as silent. ``marked_right`` counts marked words that are right: what a reader checks in vain.
    ``silent``, when given, receives every silent error as (output words, correct words).
    """
    errors = flagged = marked_words = marked_right = 0
    for line, ref in zip(marked_lines, references):
        # The marks come off before words() sees a piece: "nhiều]]),...chưa" is glued text, not a word.
        marked = [(FLAG_OPEN in piece, word) for piece in line.split() for word in words(piece.replace(FLAG_OPEN, "").replace(FLAG_CLOSE, ""))]
        hyp = [word for _, word in marked]
        marked_words += sum(mark for mark, _ in marked)
        for tag, i1, i2, j1, j2 in Levenshtein.opcodes(hyp, ref):
            if tag == "equal":
                marked_right += sum(marked[i][0] for i in range(i1, i2))
                continue
            errors += max(i2 - i1, j2 - j1)
            marks = sum(marked[i][0] for i in range(i1, i2))
            flagged += marks
            if silent is not None and marks < max(i2 - i1, j2 - j1):
                silent.append((" ".join(hyp[i1:i2]), " ".join(ref[j1:j2])))
    reference = max(1, sum(len(ref) for ref in references))
    return {
        "flagged_errors": flagged / reference,
        "silent_errors": (errors - flagged) / reference,
        "marked_words": marked_words / reference,
        "marked_right": marked_right / max(1, marked_words),
    }


def bench_real(config: RestoreConfig, model, source: Path, truth: dict[int, tuple[str, str]], silent: list[tuple[str, str]] | None = None) -> dict:
    """The whole real legacy OCR file restored as `vnreport restore --mark-flagged` would (every
    line in its context), scored on the hand-corrected lines (see :func:`split_errors`)."""
    lines = source.read_text(encoding="utf-8").split("\n")
    result = Restorer(config, model=model).restore("\n".join(lines))
    restored, marked = result.text.split("\n"), result.marked.split("\n")
    before = after = reference = 0
    for number, (ocr, correct) in truth.items():
        if lines[number - 1] != ocr:
            raise SystemExit(f"{REAL_TRUTH}: line {number} does not match {source}")
        ref = words(correct)
        reference += len(ref)
        before += Levenshtein.distance(words(ocr), ref)
        after += Levenshtein.distance(words(restored[number - 1]), ref)
    numbers = sorted(truth)
    return {
        "lines": len(truth),
        "syllables": reference,
        "ser_before": before / reference,
        "ser_after": after / reference,
        **split_errors([marked[n - 1] for n in numbers], [words(truth[n][1]) for n in numbers], silent),
    }


def _load_and_run(model_dir, queue) -> None:
    started = time.perf_counter()
    restorer = Restorer(RestoreConfig(model_dir=model_dir))
    load_seconds = time.perf_counter() - started
    restorer.restore("Nghi quyet so 01/NQ-TU cua Ban Thuong vu Tinh uy ve phat trien cong nghe thong tin\n" * 200)
    queue.put({"load_seconds": load_seconds, "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024})


def bench_resources(model_dir: Path | None) -> dict:
    """Model load time and peak memory, measured in a fresh process so nothing else is counted."""
    queue: multiprocessing.Queue = multiprocessing.get_context("spawn").Queue()
    process = multiprocessing.get_context("spawn").Process(target=_load_and_run, args=(model_dir, queue))
    process.start()
    result = queue.get()
    process.join()
    return result


def _marks(figures: dict) -> str:
    """One line on the errors left (flagged, silent) and the flagged words of a test set."""
    return (
        f"errors left: {figures['flagged_errors']:.2%} at flagged words, {figures['silent_errors']:.2%} silent; "
        f"flagged words {figures['marked_words']:.2%} of the syllables, {figures['marked_right']:.0%} of them right; "
        # Recall: the share of the errors left that a reader who checks the flags finds; precision:
        # the share of the flagged words that were wrong.
        f"flag recall {figures['flagged_errors'] / max(1e-12, figures['flagged_errors'] + figures['silent_errors']):.0%}, precision {1 - figures['marked_right']:.0%}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--paragraphs", type=int, default=3000, help="held-out paragraphs for the stripped test")
    parser.add_argument("--model", type=Path, default=None, help="model folder (default: the shipped one)")
    parser.add_argument("--pairs", type=Path, default=ROOT / "lexicons" / "pairs", help="folder with heldout-eng/heldout-vie pairs")
    parser.add_argument("--seed", type=int, default=2020)
    parser.add_argument("--json", type=Path, default=None, help="also write the figures here")
    parser.add_argument("--show-silent", action="store_true", help="list the silent errors left in the real seed-004 test")
    parser.add_argument("--tune", action="store_true", help="the TUNE sets instead: training-slice paragraphs stripped, and the last --tune-lines lines of the training pairs (train-eng, train-vie), scored with noise models trained again without those lines; no held-out, seed or real set is read")
    parser.add_argument("--tune-lines", type=int, default=1500, help="lines of each training pair file for --tune")
    parser.add_argument("--number-keep", type=float, default=None, help="override restore.NUMBER_KEEP_LOGP (for tuning on --tune only)")
    parser.add_argument("--review-confidence", type=float, default=RestoreConfig.review_confidence, help="as `vnreport restore --review-confidence` (0: flag no restored word as uncertain)")
    args = parser.parse_args()

    if args.number_keep is not None:
        restore_module.NUMBER_KEEP_LOGP = args.number_keep
    model = load_model(args.model)
    if args.tune:
        model = tune_channels(model, args.pairs, args.tune_lines)
    baseline = UnigramBaseline(model)
    figures: dict = {"model": str(model.directory)}
    figures["resources"] = bench_resources(args.model)
    restorer = Restorer(RestoreConfig(model_dir=args.model, input_kind="stripped", review_confidence=args.review_confidence), model=model)
    figures["stripped"] = bench_stripped(restorer, baseline, (sample_train if args.tune else sample_heldout)(args.paragraphs, args.seed))
    for key, mode, _ in OCR_SETS:
        if args.tune and key == "vie-300dpi":
            continue
        # The tune lines come from the end of the training files (scripts/tune_restore.py does the same).
        path = args.pairs / (f"train-{key}.tsv.gz" if args.tune else f"heldout-{key}.tsv.gz")
        if path.is_file():
            pairs = read_pairs(path)[-args.tune_lines :] if args.tune else read_pairs(path)
            figures[f"ocr_{key}"] = bench_ocr(Restorer(RestoreConfig(model_dir=args.model, input_kind=mode, review_confidence=args.review_confidence), model=model), baseline, pairs)

    if SEEDS_DIR.is_dir() and not args.tune:
        figures["seeds_stripped"] = bench_stripped(restorer, baseline, seed_paragraphs())
    if SEED_PAIRS.is_file() and not args.tune:
        figures["seeds_eng"] = bench_ocr(Restorer(RestoreConfig(model_dir=args.model, input_kind="eng", review_confidence=args.review_confidence), model=model), baseline, read_pairs(SEED_PAIRS))

    silent: list[tuple[str, str]] = []
    if REAL_TRUTH.is_file() and not args.tune:
        figures["real_eng"] = bench_real(RestoreConfig(model_dir=args.model, review_confidence=args.review_confidence), model, REAL_SOURCE, read_truth(REAL_TRUTH), silent)

    s = figures["stripped"]
    print(f"model: {figures['model']}")
    print(f"load time {figures['resources']['load_seconds']:.2f} s, peak memory {figures['resources']['peak_rss_mb']:.0f} MB")
    if args.tune:
        print("TUNE SETS (training slice: the language model was built from this text; the noise models were trained again without the eng/vie tune lines)")
    print(f"stripped {'training-slice' if args.tune else 'held-out'}: {s['syllables']} syllables; SER {s['ser']:.2%} (unigram baseline {s['ser_unigram']:.2%}, input {s['ser_input']:.2%}); {s['syllables_per_cpu_second']:,.0f} syllables per CPU second (one core), {s['syllables_per_second']:,.0f} per wall second")
    print(f"  {_marks(s)}")
    for key, _, label in OCR_SETS:
        o = figures.get(f"ocr_{key}")
        if o:
            print(
                f"{label}: {o['syllables']} syllables; SER before {o['ser_before']:.2%}, after {o['ser_after']:.2%} "
                f"(unigram baseline {o['ser_unigram']:.2%}); errors removed {o['errors_removed']:.1%}; correct words broken {o['correct_words_broken']:.2%}; "
                f"{o['syllables_per_cpu_second']:,.0f} syllables per CPU second"
            )
            print(f"  {_marks(o)}")
    r = figures.get("real_eng")
    if r:
        print(
            f"real legacy OCR (seed 004, {r['lines']} hand-corrected lines): {r['syllables']} syllables; SER before {r['ser_before']:.2%}, "
            f"after {r['ser_after']:.2%}"
        )
        print(f"  {_marks(r)}")
        if args.show_silent:
            for output, correct in silent:
                print(f"    silent: {output or '(nothing)'!r} for {correct or '(nothing)'!r}")
    i = figures.get("seeds_stripped")
    if i:
        print(f"INDEPENDENT seeds 001-003 stripped: {i['syllables']} syllables; SER {i['ser']:.2%} (unigram baseline {i['ser_unigram']:.2%})")
        print(f"  {_marks(i)}")
    i = figures.get("seeds_eng")
    if i:
        print(f"INDEPENDENT seeds 001-003 rendered, Tesseract eng: {i['syllables']} syllables; SER before {i['ser_before']:.2%}, after {i['ser_after']:.2%} (unigram baseline {i['ser_unigram']:.2%}); correct words broken {i['correct_words_broken']:.2%}")
        print(f"  {_marks(i)}")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()

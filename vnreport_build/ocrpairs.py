"""(clean line, OCR'd line) pairs for the OCR noise model, and the syllable alignment inside a pair.

The noise (channel) model learns how each clean syllable tends to come out of Tesseract. This module
makes its training and benchmark data reproducibly:

1. :func:`sample_paragraphs` draws a seeded sample of corpus paragraphs from one split (held-out text
   never reaches the training pairs because :mod:`vnreport_build.corpus` keeps the splits apart).
2. :func:`generate_line_pairs` renders them into A4 pages (font, size and photocopy damage drawn per
   page from the seed), OCRs each page in a worker process and pairs every rendered line with the
   OCR line it became (:func:`pair_lines`), dropping pairs too unlike to trust.
3. :func:`align_syllables` maps each clean whitespace token of a pair to the OCR substring it became.

``python -m vnreport_build.ocrpairs`` writes the pairs as gzip'd TSV (``clean<TAB>ocr``).
"""

from __future__ import annotations

import collections
import functools
import gzip
import logging
import random
import resource
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

import click
import regex
from PIL import Image
from rapidfuzz import fuzz
from unidecode import unidecode

from vnreport.config import OcrConfig
from vnreport_build.align import align_syllables  # noqa: F401 - part of this tool's API (tests, lexicons/pairs/README)
from vnreport_build.corpus import CorpusSpec, Split, default_corpus_dir, iter_paragraphs
from vnreport.errors import BadArgsError, VnreportError
from vnreport.execution import ProcessExecutor, run_ordered
from vnreport.ocr import ocr_text, require_languages
from vnreport.output import write_bytes_atomic
from vnreport_build.synthetic import PageStyle, degrade_photocopy, find_font, load_font, render_lines, wrap_text

log = logging.getLogger(__name__)

_TOKEN = regex.compile(r"\S+")
_SPACES = regex.compile(r"\s+")

# An A4 page holds 45 lines at 12 pt (38 at 14 pt); wrapping far more than a page holds would only
# be thrown away and re-wrapped in the next page's font. (Below ~6 pt pages would stop at this cap.)
_MAX_LINES_PER_PAGE = 120


# --------------------------------------------------------------------------------------------------
# Sampling the corpus


def sample_paragraphs(
    spec: CorpusSpec,
    split: Split,
    *,
    count: int,
    seed: int,
    min_chars: int = 40,
    max_chars: int = 600,
) -> list[str]:
    """A reproducible random sample of ``count`` paragraphs of one corpus split.

    Reservoir sampling (Algorithm R) over one streaming pass, so only the sample is held in memory.
    Paragraphs shorter than ``min_chars`` are mostly headings; longer than ``max_chars`` they fill a
    page on their own and make pages of one document. Returns fewer than ``count`` when the split
    has fewer eligible paragraphs. The same spec, split, count and seed give the same list.
    """
    if count < 0:
        raise BadArgsError(f"paragraph count must be >= 0, got {count}")
    rng = random.Random(seed)
    reservoir: list[str] = []
    seen = 0
    for paragraph in iter_paragraphs(spec, split):
        if not min_chars <= len(paragraph) <= max_chars:
            continue
        if seen < count:
            reservoir.append(paragraph)
        else:
            slot = rng.randrange(seen + 1)
            if slot < count:
                reservoir[slot] = paragraph
        seen += 1
    return reservoir


# --------------------------------------------------------------------------------------------------
# Rendering and OCR


@dataclass(frozen=True)
class PairSpec:
    """How clean text is turned into OCR'd text.

    lang: Tesseract model: "eng" imitates the legacy English-model OCR (the damage comes from the
        model, so pages are only lightly degraded); "vie" the Vietnamese model, which needs heavy
        photocopy damage before it confuses tones.
    fonts: families of :data:`vnreport_build.synthetic.FONT_CANDIDATES`, one drawn per page.
    font_sizes: point sizes, one drawn per page.
    dpis: render and OCR resolutions (scan resolutions), one drawn per page.
    strength: (low, high) range of :func:`degrade_photocopy` strength, drawn uniformly per page.
    seed: every per-page choice derives from it and the page index.
    psm: Tesseract page segmentation mode (3, automatic, as the legacy scans were read).
    min_similarity: line pairs whose diacritic-free keys are less similar than this (0..1) are
        dropped; see :func:`pair_lines`.
    """

    lang: str
    fonts: tuple[str, ...] = ("serif", "sans", "free-serif")
    font_sizes: tuple[float, ...] = (12.0, 13.0, 14.0)
    dpis: tuple[int, ...] = (300,)
    strength: tuple[float, float] = (0.0, 0.6)
    seed: int = 0
    psm: int = 3
    min_similarity: float = 0.6

    def __post_init__(self) -> None:
        if not self.fonts or not self.font_sizes or not self.dpis:
            raise BadArgsError("PairSpec needs at least one font, one font size and one resolution")
        low, high = self.strength
        if not 0.0 <= low <= high:
            raise BadArgsError(f"degrade strength range must satisfy 0 <= low <= high, got {self.strength}")
        if not 0.0 <= self.min_similarity <= 1.0:
            raise BadArgsError(f"min_similarity must be between 0 and 1, got {self.min_similarity}")

    @classmethod
    def preset(cls, lang: str, *, seed: int) -> PairSpec:
        """The settings used for the shipped pair files.

        eng: strength 0.0-0.6, light scanner wear; the English model already drops every diacritic.
        vie: office photocopies scanned at 150, 200 or 300 dpi, strength 0.6-1.4. At 300 dpi the
        Vietnamese model reads even hard-worn renders almost perfectly (0.5% of syllables change,
        nearly all "chi"→"chỉ"); at 150-200 dpi the tone marks shrink to a few pixels and it confuses
        them as real photocopies do ("tổ"→"tố", "công"→"cổng"), which is what the noise model must learn.
        """
        if lang == "eng":
            return cls(lang="eng", strength=(0.0, 0.6), seed=seed)
        if lang == "vie":
            return cls(lang="vie", dpis=(150, 200, 300), strength=(0.6, 1.4), seed=seed)
        raise BadArgsError(f"no pair preset for language {lang!r} (use 'eng' or 'vie')")


@dataclass
class PairStats:
    """Counts a caller may collect from :func:`generate_line_pairs` (it fills them in as it goes)."""

    pages: int = 0
    rendered_lines: int = 0
    kept_lines: int = 0
    ocr_seconds: float = 0.0  # worker wall time for degrade + OCR, summed over pages
    cpu_seconds: float = 0.0  # CPU time of the same (worker plus its Tesseract), immune to other load

    @property
    def dropped_lines(self) -> int:
        return self.rendered_lines - self.kept_lines

    @property
    def seconds_per_page(self) -> float:
        return self.ocr_seconds / self.pages if self.pages else 0.0

    @property
    def cpu_seconds_per_page(self) -> float:
        return self.cpu_seconds / self.pages if self.pages else 0.0


@dataclass(frozen=True)
class _PageTask:
    """What a worker needs to degrade and read one rendered page (pickled to the worker)."""

    image: Image.Image
    degrade_seed: int
    strength: float
    config: OcrConfig  # carries the page's resolution


def _cpu_seconds() -> float:
    # Tesseract runs as a child of the worker; its CPU time shows up once it has been waited for.
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _read_page(task: _PageTask) -> tuple[str, float, float]:
    """Worker: degrade the page and OCR it; return the text, the wall seconds and the CPU seconds."""
    started, cpu_started = time.perf_counter(), _cpu_seconds()
    image = degrade_photocopy(task.image, seed=task.degrade_seed, strength=task.strength)
    text = ocr_text(image, config=task.config)
    return text, time.perf_counter() - started, _cpu_seconds() - cpu_started


def plan_pages(paragraphs: Iterable[str], spec: PairSpec) -> Iterator[tuple[Image.Image, list[str], int, float, int]]:
    """Render pages one at a time; yield (image, lines placed, degrade seed, strength, dpi).

    Font, size, strength and resolution are drawn per page from a generator seeded by (spec.seed, page index),
    so page k is the same whatever came before it. A paragraph cut by a page break continues on the
    next page, re-wrapped in that page's font.
    """
    pending = collections.deque(paragraph for paragraph in paragraphs if paragraph.strip())
    page_index = 0
    while pending:
        rng = random.Random(f"{spec.seed}:{page_index}")
        family, size = rng.choice(spec.fonts), rng.choice(spec.font_sizes)
        strength = rng.uniform(*spec.strength)
        degrade_seed = rng.getrandbits(32)
        # Drawn last, so that pages of a single-resolution spec are the ones earlier versions made.
        dpi = rng.choice(spec.dpis)
        style = PageStyle(font_path=find_font(family), font_size_pt=size, dpi=dpi)
        font = load_font(style)
        usable = style.px(style.page_width_mm) - 2 * style.px(style.margin_mm)
        lines: list[str] = []
        owners: list[int] = []  # which pending paragraph each wrapped line belongs to
        taken = 0
        while taken < len(pending) and len(lines) < _MAX_LINES_PER_PAGE:
            wrapped = wrap_text(pending[taken], font, usable)
            lines.extend(wrapped)
            owners.extend([taken] * len(wrapped))
            taken += 1
        image, placed = render_lines(lines, style)
        if not placed:
            raise VnreportError(f"page {page_index}: not even one line fits (font size {style.font_size_pt} pt)")
        originals = [pending.popleft() for _ in range(taken)]
        if len(placed) < len(lines):
            # Put back what did not fit: the rest of the cut paragraph, then the untouched ones.
            cut = owners[len(placed)]
            rest = " ".join(line for line, owner in zip(lines[len(placed):], owners[len(placed):]) if owner == cut)
            pending.extendleft(reversed([rest, *originals[cut + 1:]]))
        yield image, placed, degrade_seed, strength, dpi
        page_index += 1


def generate_line_pairs(
    paragraphs: Iterable[str],
    pair_spec: PairSpec,
    *,
    jobs: int = 2,
    stats: PairStats | None = None,
) -> Iterator[tuple[str, str]]:
    """Render, degrade and OCR ``paragraphs``; yield (clean line, OCR line) in page order.

    One worker process per page (``jobs`` of them, the pool of :mod:`vnreport.execution`, whose
    start method and Ctrl-C rule every command shares; :mod:`vnreport.ocr` limits each Tesseract to
    one thread). The clean side is exactly a rendered line; the OCR side is the OCR
    line (or two joined split lines) that :func:`pair_lines` matched to it. Lines without a
    trustworthy match are dropped and counted in ``stats``. The output is the same for the same
    paragraphs and spec, whatever ``jobs`` is.
    """
    if jobs < 1:
        raise BadArgsError(f"jobs must be at least 1, got {jobs}")
    require_languages(pair_spec.lang)
    placed_lines: collections.deque[list[str]] = collections.deque()

    def tasks() -> Iterator[functools.partial[tuple[str, float, float]]]:
        # Pages are rendered as the pool asks for them: only a few rendered pages (8.7 MB each at
        # 300 dpi) wait for a worker at any time.
        for image, placed, degrade_seed, strength, dpi in plan_pages(paragraphs, pair_spec):
            config = OcrConfig(dpi=dpi, lang=pair_spec.lang, psm=pair_spec.psm)
            placed_lines.append(placed)
            yield functools.partial(_read_page, _PageTask(image=image, degrade_seed=degrade_seed, strength=strength, config=config))

    with ProcessExecutor(jobs) as executor:
        for text, seconds, cpu_seconds in run_ordered(tasks(), executor):
            placed = placed_lines.popleft()
            pairs = pair_lines(placed, text.splitlines(), min_similarity=pair_spec.min_similarity)
            if stats is not None:
                stats.pages += 1
                stats.rendered_lines += len(placed)
                stats.kept_lines += len(pairs)
                stats.ocr_seconds += seconds
                stats.cpu_seconds += cpu_seconds
            log.debug("page: %d lines, %d paired, %.1f s", len(placed), len(pairs), seconds)
            if stats is not None and stats.pages % 25 == 0:
                log.info("%d pages read, %d of %d lines paired", stats.pages, stats.kept_lines, stats.rendered_lines)
            for pair in pairs:
                yield pair.clean, pair.ocr


# --------------------------------------------------------------------------------------------------
# Line pairing


@dataclass(frozen=True)
class LinePair:
    """A rendered line, the OCR text it became, and their similarity (0..1) on diacritic-free keys."""

    clean: str
    ocr: str
    similarity: float


def line_key(text: str) -> str:
    """Diacritic-free, lower-case, single-spaced form of a line, for comparing clean with OCR text."""
    return _SPACES.sub(" ", unidecode(text).lower()).strip()


# (rendered lines, OCR lines) one alignment step may consume together: a plain match, an OCR split,
# and an OCR merge. A merge is recognised (so its OCR line is not forced onto one of the two
# rendered lines) but yields no pair, because the OCR line cannot be cut back reliably.
_PAIR_MOVES = ((1, 1), (1, 2), (2, 1))


def pair_lines(rendered: list[str], ocr_lines: Iterable[str], *, min_similarity: float) -> list[LinePair]:
    """Match each rendered line to the OCR line it became, in order.

    Blank OCR lines are ignored. A monotone alignment (dynamic programming) maximises the summed
    similarity of matched steps; a rendered line may match one OCR line or two consecutive ones
    joined by a space (Tesseract splits a line at a wide gap); two rendered lines read as one OCR
    line are recognised and dropped; lines left unmatched on either side are skipped.

    Similarity is rapidfuzz's normalised indel ratio on :func:`line_key`, so that missing diacritics
    alone do not lower it. A step may match only at or above ``min_similarity``. Measured on 24
    held-out pages (vnreport 0.1, Tesseract 5.3.0): true eng pairs score 0.77-1.0 (5th percentile
    0.88; the lowest are two-word lines such as "hữu và"/"httu va"), true vie pairs 0.88-1.0, while
    random pairs of lines of this corpus score 0.48 at the 95th percentile because they share common
    letters. 0.6 keeps every heavily damaged true line (the noise model needs them) and rejects
    almost every wrong pairing; a wrong pairing can only arise where a true partner is missing.
    """
    ocr = [line.strip() for line in ocr_lines if line.strip()]
    clean_keys = [line_key(line) for line in rendered]
    ocr_keys = [line_key(line) for line in ocr]
    n, m = len(rendered), len(ocr)
    # score[i][j]: best total over rendered[:i] and ocr[:j]; back[i][j]: the move that reached it.
    score = [[0.0] * (m + 1) for _ in range(n + 1)]
    back: list[list[tuple[int, int, float] | None]] = [[None] * (m + 1) for _ in range(n + 1)]
    for i in range(n + 1):
        for j in range(m + 1):
            if i == 0 and j == 0:
                continue
            best, move = -1.0, None
            if i > 0 and score[i - 1][j] > best:
                best, move = score[i - 1][j], (1, 0, 0.0)
            if j > 0 and score[i][j - 1] > best:
                best, move = score[i][j - 1], (0, 1, 0.0)
            for used_clean, used_ocr in _PAIR_MOVES:
                if i >= used_clean and j >= used_ocr:
                    clean_joined = " ".join(clean_keys[i - used_clean:i])
                    ocr_joined = " ".join(ocr_keys[j - used_ocr:j])
                    similarity = fuzz.ratio(clean_joined, ocr_joined) / 100.0
                    total = score[i - used_clean][j - used_ocr] + similarity
                    if similarity >= min_similarity and total > best:
                        best, move = total, (used_clean, used_ocr, similarity)
            score[i][j], back[i][j] = best, move
    pairs: list[LinePair] = []
    i, j = n, m
    while i > 0 or j > 0:
        step_i, step_j, similarity = back[i][j]  # type: ignore[misc]
        if step_i == 1 and step_j:
            pairs.append(LinePair(rendered[i - 1], " ".join(ocr[j - step_j:j]), similarity))
        i, j = i - step_i, j - step_j
    pairs.reverse()
    return pairs


# --------------------------------------------------------------------------------------------------
# Command line


def _tsv_field(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def write_pairs_tsv(pairs: Iterable[tuple[str, str]], target: Path) -> tuple[int, int]:
    """Write pairs as gzip'd ``clean<TAB>ocr`` lines, atomically; return (lines, clean syllables).

    The gzip header carries no timestamp, so the same pairs give the same bytes.
    """
    rows: list[str] = []
    syllables = 0
    for clean, ocr in pairs:
        rows.append(f"{_tsv_field(clean)}\t{_tsv_field(ocr)}\n")
        syllables += len(clean.split())
    data = gzip.compress("".join(rows).encode("utf-8"), compresslevel=9, mtime=0)
    write_bytes_atomic(target, data)
    return len(rows), syllables


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--split", type=click.Choice(["train", "heldout"]), required=True, help="Corpus split to sample.")
@click.option("--lang", type=click.Choice(["eng", "vie"]), required=True, help="Tesseract model (and its preset).")
@click.option("--paragraphs", "count", type=click.IntRange(min=1), required=True, help="Paragraphs to sample.")
@click.option("--seed", type=int, required=True, help="Seed of the sample and of every page choice.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True, help="FILE.tsv.gz")
@click.option("--jobs", type=click.IntRange(min=1), default=2, show_default=True, help="OCR worker processes.")
@click.option("--corpus", type=click.Path(file_okay=False, path_type=Path), default=None, help="Corpus folder.")
def main(split: str, lang: str, count: int, seed: int, output: Path, jobs: int, corpus: Path | None) -> None:
    """Write (clean line, OCR line) pairs of a corpus sample as gzip'd TSV."""
    logging.basicConfig(level=logging.INFO, format="ocrpairs: %(message)s")
    try:
        spec = CorpusSpec(corpus or default_corpus_dir())
        pair_spec = PairSpec.preset(lang, seed=seed)
        started = time.perf_counter()
        paragraphs = sample_paragraphs(spec, split, count=count, seed=seed)  # type: ignore[arg-type]
        log.info("sampled %d %s paragraphs in %.0f s", len(paragraphs), split, time.perf_counter() - started)
        stats = PairStats()
        started = time.perf_counter()
        lines, syllables = write_pairs_tsv(generate_line_pairs(paragraphs, pair_spec, jobs=jobs, stats=stats), output)
    except VnreportError as exc:
        click.echo(f"ocrpairs: error: {exc}", err=True)
        raise SystemExit(int(exc.exit_code)) from exc
    wall = time.perf_counter() - started
    log.info(
        "%s: %d pages, %d rendered lines, %d kept, %d dropped (%.2f%%), %d clean syllables; "
        "%.2f s/page worker wall, %.2f CPU s/page, %.0f s wall with %d jobs",
        output, stats.pages, stats.rendered_lines, stats.kept_lines, stats.dropped_lines,
        100.0 * stats.dropped_lines / max(1, stats.rendered_lines), syllables,
        stats.seconds_per_page, stats.cpu_seconds_per_page, wall, jobs,
    )


if __name__ == "__main__":
    main()

"""`vnreport fix` against raw Tesseract on generated photocopies of held-out text.

Generates pages from held-out corpus paragraphs (documents the language model never saw:
``vnreport_build/corpus.py``), in several fonts and sizes, as office photocopies scanned at
120-200 dpi (toner spread, skew, blur, speckle, ink spread, JPEG; ``vnreport_build.synthetic``) plus a few
clean pages at 300 dpi, and prints for each set, on the same pages:

  * raw ``tesseract -l vie --dpi D`` (one process per page, ``OMP_THREAD_LIMIT=1``, plain text);
  * ``vnreport fix --jobs 1 -o out.txt`` (one process for all pages, a multi-frame TIFF);
  * ``vnreport fix --jobs 1 -o out.pdf``, read back with ``pdftotext`` (the PDF's text layer);

with syllable error rate (SER), character error rate (CER), whole-process wall time (median of
``--runs`` runs, interleaved so that load on a shared machine hits all three alike), CPU time and
peak memory (largest resident set of any one process of the run). ``--memory-pages N`` also runs
``fix --jobs 1 -o out.pdf`` on an N-page PDF (one generated page repeated) and on a 10-page one, to
show that memory does not grow with the page count.

    python benchmarks/fix.py [--pages 6] [--clean-pages 2] [--runs 3] [--seed 13] [--sample] [--memory-pages 100] [--keep DIR]
                             [--layout-pages 8] [--layout-clean-pages 2] [--sets photocopies,clean,layout,layout-clean,sample]

``--layout-pages``/``--layout-clean-pages`` add the second, independent set (``benchmarks/fixpages.py``:
Chromium pages with header blocks and two-column pages, other fonts, the photocopy model of
``benchmarks/layouts/degrade.py``, other held-out paragraphs). The first set is the one to tune on;
the second is never tuned on.

SER = word-level edit distance between output and printed syllables / printed syllables, lowercase,
surrounding punctuation removed, tone placement normalised, tokens with digits or "/" (numbers,
document codes, page numbers) left out on both sides (as ``benchmarks/restore.py``). CER = character
edit distance / printed characters, on the text with its case, punctuation and numbers, whitespace
runs as one space. Both are over the whole set (all pages in order).
"""

from __future__ import annotations

import argparse
import io
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageFilter, TiffImagePlugin
from rapidfuzz.distance import Levenshtein

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from vnreport.diacritics.channel import clean_token  # noqa: E402
from vnreport_build.corpus import CorpusSpec, default_corpus_dir  # noqa: E402
from vnreport_build.ocrpairs import sample_paragraphs  # noqa: E402
from vnreport.diacritics.orthography import normalize_syllable  # noqa: E402
from vnreport_build.synthetic import PageStyle, degrade_photocopy, find_font, render_paragraphs  # noqa: E402

FONTS = ("serif", "sans", "free-serif", "serif-bold")
PHOTOCOPY_DPIS = (120, 150, 200)
CLEAN_DPI = 300
VNREPORT = [sys.executable, "-m", "vnreport"]


@dataclass(frozen=True)
class GeneratedPage:
    image: Image.Image
    lines: tuple[str, ...]
    dpi: int
    font: str


def make_pages(paragraphs: list[str], *, count: int, photocopy: bool, seed: int) -> list[GeneratedPage]:
    """``count`` pages of held-out paragraphs, each in its own font, size and resolution."""
    rng = random.Random(seed)
    pages: list[GeneratedPage] = []
    cursor = 0
    while len(pages) < count and cursor < len(paragraphs):
        font = FONTS[len(pages) % len(FONTS)]
        dpi = rng.choice(PHOTOCOPY_DPIS) if photocopy else CLEAN_DPI
        style = PageStyle(font_path=find_font(font), font_size_pt=rng.choice((12.0, 13.0, 14.0)), dpi=dpi)
        chunk = paragraphs[cursor : cursor + 12]
        cursor += 12
        rendered = render_paragraphs(chunk, style)
        if not rendered:
            continue
        image, lines = rendered[0]  # one full page of these paragraphs
        if photocopy:
            page_seed = rng.randrange(1 << 30)
            if dpi >= 150 and rng.random() < 0.4:
                image = image.filter(ImageFilter.MinFilter(3))  # ink spread: strokes a pixel thicker
            image = degrade_photocopy(image, seed=page_seed, strength=rng.uniform(0.6, 1.1))
        pages.append(GeneratedPage(image=image, lines=tuple(lines), dpi=dpi, font=font))
    return pages


# --- scoring --------------------------------------------------------------------------------------


_NOT_TEXT = re.compile(r"[\d/]")  # numbers and document codes are not syllables (as benchmarks/restore.py)


def syllables(text: str) -> list[str]:
    return [
        normalize_syllable(token, "old")
        for token in (clean_token(piece) for piece in unicodedata.normalize("NFC", text).split())
        if token and not _NOT_TEXT.search(token)
    ]


def flat(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def scores(output: str, truth: str) -> tuple[float, float]:
    hyp, ref = syllables(output), syllables(truth)
    ser = Levenshtein.distance(hyp, ref) / max(1, len(ref))
    cer = Levenshtein.distance(flat(output), flat(truth)) / max(1, len(flat(truth)))
    return ser, cer


# --- running --------------------------------------------------------------------------------------


@dataclass
class Measured:
    wall: float
    cpu: float
    peak_kb: int  # the largest resident set of any one process of the run (Tesseract's, mostly)
    own_peak_kb: int = 0  # the resident-set high-water mark of the main process alone


def _high_water_kb(pid: int) -> int:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


def run(command: list[str], *, stdout=subprocess.DEVNULL) -> Measured:
    """Run one command; wall time, CPU time of it and its children, largest resident set (KB) of
    any process and of the main process alone (its VmHWM, read every 50 ms until it exits)."""
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=stdout, stderr=subprocess.PIPE, env=env)
    own = 0
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            break
        own = max(own, _high_water_kb(process.pid))
        time.sleep(0.05)
    wall = time.perf_counter() - start
    stderr = process.stderr.read().decode("utf-8", "replace") if process.stderr else ""
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({process.returncode}): {stderr.strip()}")
    return Measured(wall=wall, cpu=usage.ru_utime + usage.ru_stime, peak_kb=usage.ru_maxrss, own_peak_kb=own)


def raw_tesseract(pngs: list[tuple[Path, int]], out_dir: Path) -> tuple[Measured, str]:
    total = Measured(0.0, 0.0, 0)
    texts = []
    for index, (png, dpi) in enumerate(pngs):
        out = out_dir / f"raw-{index}.txt"
        with out.open("wb") as handle:
            measured = run(["tesseract", str(png), "stdout", "-l", "vie", "--dpi", str(dpi)], stdout=handle)
        total = Measured(total.wall + measured.wall, total.cpu + measured.cpu, max(total.peak_kb, measured.peak_kb), max(total.own_peak_kb, measured.own_peak_kb))
        texts.append(out.read_text(encoding="utf-8"))
    return total, "\n".join(texts)


def fix(tiff: Path, out: Path, *extra: str) -> tuple[Measured, str]:
    measured = run([*VNREPORT, "-q", "fix", str(tiff), "-o", str(out), "--jobs", "1", *extra])
    if out.suffix == ".pdf":
        text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout
    else:
        text = out.read_text(encoding="utf-8")
    return measured, text


def save_set(pages: list[GeneratedPage], folder: Path, name: str) -> tuple[list[tuple[Path, int]], Path]:
    """Each page as PNG (what raw Tesseract reads) and all pages as one multi-frame TIFF (for fix)."""
    pngs = []
    for index, page in enumerate(pages):
        path = folder / f"{name}-{index:02d}.png"
        page.image.save(path, dpi=(page.dpi, page.dpi))
        pngs.append((path, page.dpi))
    tiff = folder / f"{name}.tif"
    # Frame by frame, so that each keeps its own resolution; deflate keeps the pixels exactly.
    buffer = io.BytesIO()
    with TiffImagePlugin.AppendingTiffWriter(buffer, new=True) as writer:
        for page in pages:
            page.image.save(writer, format="TIFF", compression="tiff_adobe_deflate", dpi=(page.dpi, page.dpi))
            writer.newFrame()
    tiff.write_bytes(buffer.getvalue())
    return pngs, tiff


def sample_set(folder: Path) -> tuple[list[tuple[Path, int]], Path, str]:
    """The bundled sample scan (samples/make_sample.py: other texts, layout and degradation than the
    generated pages): its pages rasterised at 300 dpi for raw Tesseract, the PDF itself for fix."""
    pdf = ROOT / "samples" / "report-scan.pdf"
    subprocess.run(["pdftoppm", "-r", "300", "-gray", "-png", str(pdf), str(folder / "sample")], check=True)
    pngs = [(path, 300) for path in sorted(folder.glob("sample-*.png"))]
    truth = (ROOT / "samples" / "report-scan.truth.txt").read_text(encoding="utf-8").replace("\f", "\n")
    return pngs, pdf, truth


def bench_set(name: str, pages: list[GeneratedPage] | None, folder: Path, runs: int) -> dict:
    if pages is None:
        pngs, tiff, truth = sample_set(folder)
        fonts, dpis = ["Liberation Serif"], [300]
    else:
        pngs, tiff = save_set(pages, folder, name)
        truth = "\n".join("\n".join(page.lines) for page in pages)
        fonts, dpis = sorted({p.font for p in pages}), sorted({p.dpi for p in pages})
    timings: dict[str, list[Measured]] = {"raw": [], "txt": [], "pdf": []}
    texts: dict[str, str] = {}
    for _ in range(runs):
        measured, texts["raw"] = raw_tesseract(pngs, folder)
        timings["raw"].append(measured)
        measured, texts["txt"] = fix(tiff, folder / f"{name.split()[0]}.txt")
        timings["txt"].append(measured)
        measured, texts["pdf"] = fix(tiff, folder / f"{name.split()[0]}.out.pdf")
        timings["pdf"].append(measured)
    # The text layer in the order it was written (what search and copy-paste follow): pdftotext's
    # default mode reorders text by its own layout analysis, which interleaves some two-column
    # pages and header blocks even in PDFs typeset by a browser.
    texts["pdfraw"] = subprocess.run(["pdftotext", "-raw", str(folder / f"{name.split()[0]}.out.pdf"), "-"], capture_output=True, text=True, check=True).stdout
    timings["pdfraw"] = timings["pdf"]
    result = {"pages": len(pngs), "syllables": len(syllables(truth)), "fonts": fonts, "dpis": dpis}
    for key, label in (("raw", "raw tesseract -l vie"), ("txt", "fix --jobs 1, txt"), ("pdf", "fix --jobs 1, PDF text layer"), ("pdfraw", "  same, pdftotext -raw")):
        ser, cer = scores(texts[key], truth)
        walls = [m.wall for m in timings[key]]
        result[key] = {
            "label": label,
            "ser": ser,
            "cer": cer,
            "wall_median_s": statistics.median(walls),
            "walls_s": walls,
            "cpu_median_s": statistics.median(m.cpu for m in timings[key]),
            "peak_mb": max(m.peak_kb for m in timings[key]) / 1024,
            "own_peak_mb": max(m.own_peak_kb for m in timings[key]) / 1024,
        }
    return result


def print_set(name: str, result: dict) -> None:
    raw = result["raw"]
    print(f"\n{name}: {result['pages']} pages, {result['syllables']} syllables, fonts {', '.join(result['fonts'])}, dpi {result['dpis']}")
    print(f"{'':32} {'SER':>7} {'CER':>7} {'errors x raw':>12} {'wall (median)':>14} {'x raw':>6} {'CPU':>7} {'x raw':>6} {'peak MB':>8} {'own MB':>7}")
    for key in ("raw", "txt", "pdf", "pdfraw"):
        row = result[key]
        print(
            f"{row['label']:32} {row['ser']:7.2%} {row['cer']:7.2%} {row['ser'] / max(raw['ser'], 1e-9):12.2f} "
            f"{row['wall_median_s']:13.2f}s {row['wall_median_s'] / raw['wall_median_s']:6.2f} {row['cpu_median_s']:6.2f}s "
            f"{row['cpu_median_s'] / raw['cpu_median_s']:6.2f} {row['peak_mb']:8.0f} {row['own_peak_mb']:7.0f}"
        )


def bench_memory(page: GeneratedPage, folder: Path, counts: tuple[int, ...]) -> None:
    import img2pdf

    png = folder / "memory-page.png"
    page.image.save(png, dpi=(page.dpi, page.dpi))
    print(f"\nmemory: fix --jobs 1 -o out.pdf on one generated {page.dpi}-dpi page repeated ({len(syllables(chr(10).join(page.lines)))} syllables a page)")
    for count in counts:
        pdf = folder / f"memory-{count}.pdf"
        pdf.write_bytes(img2pdf.convert([str(png)] * count))
        measured = run([*VNREPORT, "-q", "fix", str(pdf), "-o", str(folder / f"memory-{count}.out.pdf"), "--jobs", "1", "--dpi", str(page.dpi)])
        print(
            f"  {count:4d} pages: vnreport process peak {measured.own_peak_kb / 1024:5.0f} MB, largest process (Tesseract) "
            f"{measured.peak_kb / 1024:5.0f} MB, wall {measured.wall:7.1f} s ({measured.wall / count:.2f} s/page)"
        )


def layout_sets(args: argparse.Namespace, *, exclude: set[str]) -> list[tuple[str, list]]:
    """The second set (benchmarks/fixpages.py): other held-out paragraphs (another seed, none of the
    first set's), Chromium layouts with header blocks and two columns, the other photocopy model."""
    if not (args.layout_pages or args.layout_clean_pages):
        return []
    from benchmarks.fixpages import make_layout_pages

    seed = args.seed + 1000
    pool = sample_paragraphs(CorpusSpec(default_corpus_dir()), "heldout", count=16 * (args.layout_pages + args.layout_clean_pages) + 40, seed=seed)
    pool = [paragraph for paragraph in pool if paragraph not in exclude]
    random.Random(seed).shuffle(pool)
    half = len(pool) * args.layout_pages // max(1, args.layout_pages + args.layout_clean_pages)
    copies = make_layout_pages(pool[:half], count=args.layout_pages, photocopied=True, seed=seed)
    clean = make_layout_pages(pool[half:], count=args.layout_clean_pages, photocopied=False, seed=seed + 1)
    return [("layout photocopies (Chromium, header blocks, two columns)", copies), ("layout-clean pages (Chromium, 300 dpi)", clean)]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=6, help="photocopy pages")
    parser.add_argument("--clean-pages", type=int, default=2, help="clean pages at 300 dpi")
    parser.add_argument("--runs", type=int, default=3, help="timing runs (medians are reported)")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--sample", action="store_true", help="also the bundled sample scan (5 pages at 300 dpi; fix reads the PDF, raw Tesseract its pages rasterised beforehand)")
    parser.add_argument("--memory-pages", type=int, default=0, help="also measure memory on a PDF of this many pages")
    parser.add_argument("--layout-pages", type=int, default=0, help="photocopy pages of the second, independent set (benchmarks/fixpages.py)")
    parser.add_argument("--layout-clean-pages", type=int, default=0, help="clean 300-dpi pages of the second set")
    parser.add_argument("--sets", default="photocopies,clean,layout,layout-clean,sample", help="which of the sets to run (comma-separated)")
    parser.add_argument("--keep", type=Path, default=None, help="keep the generated pages and outputs in this folder")
    args = parser.parse_args(argv)
    for tool in ("tesseract", "pdftotext"):
        if shutil.which(tool) is None:
            raise SystemExit(f"{tool} is not installed")
    started = time.perf_counter()
    paragraphs = sample_paragraphs(CorpusSpec(default_corpus_dir()), "heldout", count=12 * (args.pages + args.clean_pages) + 24, seed=args.seed)
    random.Random(args.seed).shuffle(paragraphs)
    print(f"{len(paragraphs)} held-out paragraphs sampled in {time.perf_counter() - started:.0f} s")
    photocopies = make_pages(paragraphs, count=args.pages, photocopy=True, seed=args.seed)
    clean = make_pages(paragraphs[12 * args.pages :], count=args.clean_pages, photocopy=False, seed=args.seed + 1)
    folder = args.keep or Path(tempfile.mkdtemp(prefix="vnreport-bench-fix-"))
    folder.mkdir(parents=True, exist_ok=True)
    try:
        sets = [("photocopies", photocopies), ("clean", clean)]
        sets += layout_sets(args, exclude=set(paragraphs))
        sets += [("sample scan (samples/report-scan.pdf)", None)] if args.sample else []
        wanted = set(args.sets.split(","))
        for name, pages in sets:
            if name.split()[0] not in wanted and not (pages is None and "sample" in wanted):
                continue
            if pages is None or pages:
                print_set(name, bench_set(name, pages, folder, args.runs))
        if args.memory_pages:
            bench_memory(photocopies[0], folder, (10, args.memory_pages))
    finally:
        if args.keep is None:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()

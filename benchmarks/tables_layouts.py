"""Benchmark of `vnreport tables` on appendix layouts from an independent generator, per layout family.

    python benchmarks/tables_layouts.py [--split tune|heldout|heldout2|heldout3|all] [--families a,b] [--docs 1] [-v] [--json FILE]
    python benchmarks/tables_layouts.py --generate DIR --split tune --docs 3      # write a set (PDFs, truth CSVs, manifest)
    python benchmarks/tables_layouts.py --set DIR [--keep OUT]                    # score a written set (keep the CLI output)

The documents come from ``benchmarks/layouts`` (HTML + CSS printed by headless Chromium, degraded
like an office photocopy by our own code; see that package's docstring). Each document is run
through the real CLI, ``python -m vnreport tables DOC.pdf -o DIR`` (one process per document, as a
user runs it), and its report.json and CSVs are scored against the truth:

* tables found / expected / invented (truth and output tables are matched in order, by content);
* cells right: truth rows and output rows are aligned in order (an alignment that maximises equal
  cells); a cell is right when its text equals the truth after whitespace normalisation; a missing
  row costs all its cells and an invented row adds its cells to the count (conventions file);
* titles and pages right;
* injected errors found: an error finding at the injected cell (through the row alignment);
  false errors: error findings in tables without an injected error;
* the checker alone: ``vnreport check`` on the truth CSVs (no OCR), its false errors and the
  injected errors it finds at their cell, to tell the checker's misses from the reader's;
* seconds per page of the CLI run, and of one plain ``tesseract PAGE - -l vie`` pass over the same
  pages rasterised at 300 dpi, and their ratio.

Run with OMP_THREAD_LIMIT=1 on shared machines (the script sets it if unset).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
os.environ.setdefault("OMP_THREAD_LIMIT", "1")

from benchmarks.layouts import dataset, families, render  # noqa: E402
from benchmarks.layouts.score import Tally, check_truth, score_document  # noqa: E402

VARIANTS = dataset.VARIANTS


def children_cpu() -> float:
    """CPU seconds (user + system) of every child process this one has waited for so far."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def tesseract_seconds(pdf: Path, tmp: Path) -> tuple[float, float]:
    """One plain Tesseract pass (vie, default page segmentation) over the pages rasterised at 300 dpi:
    (wall seconds, CPU seconds)."""
    subprocess.run(["pdftoppm", "-r", "300", "-gray", "-png", str(pdf), str(tmp / "b")], check=True, capture_output=True)
    total = cpu = 0.0
    for page in sorted(tmp.glob("b-*.png")):
        start, start_cpu = time.perf_counter(), children_cpu()
        subprocess.run(["tesseract", str(page), "-", "-l", "vie", "--dpi", "300"], capture_output=True, check=True)
        total += time.perf_counter() - start
        cpu += children_cpu() - start_cpu
        page.unlink()
    return total, cpu


def run_document(entry: dict, folder: Path, variant: str, *, baseline: bool, verbose: bool, keep: Path | None = None) -> Tally:
    """Run the CLI on one document variant and score it (its output kept under ``keep`` if given)."""
    _, truth = dataset.read_truth(folder)
    pdf = folder / entry["files"][variant]
    misses: list[str] = []
    with tempfile.TemporaryDirectory(prefix="tlay-") as tmp:
        out = keep / f"{entry['family']}-{entry['seed']}-{variant}" if keep else Path(tmp) / "out"
        start, start_cpu = time.perf_counter(), children_cpu()
        # --raw-csv: the cells as read (the benchmark scores reading, not the CSV-injection guard that
        # writes "- Cấp xã" as "'- Cấp xã"); -j 1: one process, as the one Tesseract pass it is timed against.
        proc = subprocess.run([sys.executable, "-m", "vnreport", "tables", str(pdf), "-o", str(out), "--raw-csv", "-j", "1"],
                              capture_output=True, text=True, check=False)
        seconds = time.perf_counter() - start
        cpu = children_cpu() - start_cpu
        if proc.returncode not in (0, 1, 3):
            misses.append(f"exit {proc.returncode}: {proc.stderr.strip()[-300:]}")
        tally = score_document(entry, truth, out, misses)
        tally.seconds, tally.cpu = seconds, cpu
        if baseline:
            tally.baseline, tally.baseline_cpu = tesseract_seconds(pdf, Path(tmp))
    if verbose:
        inj = [(t["index"], t["injected"]["row"], t["injected"]["column"], t["injected"]["correct"], t["injected"]["printed"])
               for t in entry["tables"] if t.get("injected")]
        print(f"{entry['family']} seed {entry['seed']} {variant}: {entry['pages']} pages, {tally.found}/{tally.expected} tables "
              f"(+{tally.invented}), cells {tally.right}/{tally.cells}, injected {inj}", file=sys.stderr)
        for miss in misses:
            print(f"  {miss}", file=sys.stderr)
    return tally


# --- report ---------------------------------------------------------------------------------------


def pct(a: int, b: int) -> str:
    return f"{100 * a / b:.1f}%" if b else "n/a"


def line(name: str, t: Tally) -> str:
    ratio = f"{t.seconds / t.baseline:.2f}x" if t.baseline else "n/a"
    per_page = f"{t.seconds / t.pages:.2f}" if t.pages else "n/a"
    cpu_page = f"{t.cpu / t.pages:.2f}" if t.pages else "n/a"
    cpu_ratio = f"{t.cpu / t.baseline_cpu:.2f}x" if t.baseline_cpu else "n/a"
    return (f"{name:<26} {t.docs:>4} {t.pages:>5} {t.found:>3}/{t.expected:<3} {t.invented:>4} "
            f"{t.right:>5}/{t.cells:<5} {pct(t.right, t.cells):>6} {t.titles:>3} {t.paged:>3} "
            f"{t.injected_found:>3}/{t.injected:<3} {t.locatable_found:>3}/{t.locatable:<3} {t.false_errors:>4} "
            f"{t.truth_false_errors:>5} {t.truth_injected_found:>3}/{t.injected:<3} {t.truth_locatable_found:>3}/{t.locatable:<3} "
            f"{per_page:>6} {ratio:>6} {cpu_page:>6} {cpu_ratio:>6}")


HEADER = (f"{'family':<26} {'docs':>4} {'pages':>5} {'tables':>7} {'inv':>4} {'cells right':>11} {'%':>6} {'tit':>3} {'pg':>3} "
          f"{'inj':>7} {'inj-loc':>7} {'FE':>4} {'FE-tr':>5} {'inj-tr':>7} {'loc-tr':>7} {'s/page':>6} {'xtess':>6} {'cpu/p':>6} {'cpu x':>6}")
LEGEND = ("tables: found/expected; inv: invented tables; tit/pg: titles/pages right; inj: injected errors found at their cell; "
          "inj-loc: the same for those that only one cell's edit explains (the others break a check but several cells could "
          "be the wrong one); FE: error findings in tables without an injected error; FE-tr, inj-tr, loc-tr: the same for "
          "`vnreport check` on the truth CSVs (no OCR); s/page: CLI seconds per page; xtess: CLI time / one plain "
          "`tesseract -l vie` pass over the same pages (wall time); cpu/p, cpu x: the same in CPU seconds (user + system of the "
          "process and its children: Tesseract, Poppler), which other jobs on a shared machine disturb far less")


def print_report(results: dict[tuple[str, str], Tally], variants: tuple[str, ...]) -> None:
    for variant in variants:
        print(f"== {variant}")
        print(HEADER)
        splits: dict[str, Tally] = {}
        total = Tally()
        for (family, v), tally in sorted(results.items(), key=lambda kv: (families.split_of(kv[0][0]), list(families.FAMILIES).index(kv[0][0]))):
            if v != variant:
                continue
            split = families.split_of(family)
            print(line(f"{family} [{'h' + split[-1] if split[-1].isdigit() else split[0]}]", tally))
            splits.setdefault(split, Tally()).add(tally)
            total.add(tally)
        for split, tally in splits.items():
            print(line(f"ALL {split}", tally))
        print(line("ALL", total))
    print(LEGEND)


# --- sets -----------------------------------------------------------------------------------------


def chosen_families(split: str, names: str | None) -> list[str]:
    pool = {"tune": list(families.TUNE), "heldout": list(families.HELDOUT), "heldout2": list(families.HELDOUT2),
            "heldout3": list(families.HELDOUT3), "all": list(families.FAMILIES)}[split]
    if names:
        wanted = [n.strip() for n in names.split(",") if n.strip()]
        unknown = [n for n in wanted if n not in families.FAMILIES]
        if unknown:
            raise SystemExit(f"tables_layouts: error: unknown families {unknown}; known: {list(families.FAMILIES)}")
        pool = [n for n in wanted if split == "all" or families.split_of(n) == split]
    return pool


def generate(target: Path, fams: list[str], docs: int, offset: int, severity: float, variants: tuple[str, ...]) -> list[dict]:
    """Write documents of ``fams`` (seeds of each family's split) and a manifest under ``target``."""
    target.mkdir(parents=True, exist_ok=True)
    entries = []
    for family in fams:
        for seed in dataset.seeds_for(families.split_of(family), docs, offset):
            doc = dataset.make(family, seed, severity=severity, variants=variants)
            entry = dataset.write_document(doc, target / family / f"{family}-{seed}")
            entry["folder"] = f"{family}/{family}-{seed}"
            entries.append(entry)
            print(f"wrote {entry['folder']}: {entry['pages']} pages, {len(entry['tables'])} tables", file=sys.stderr)
    manifest = {"generator": "benchmarks/layouts", "severity": severity, "variants": list(variants),
                "documents": entries}
    tmp = target / ".manifest.json.tmp"
    tmp.write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(tmp, target / "manifest.json")
    return entries


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=("tune", "heldout", "heldout2", "heldout3", "all"), default=None,
                        help="families to run (default all); --generate needs it said, so held-out data is never written by accident")
    parser.add_argument("--families", help="comma-separated family names (default: all of the split)")
    parser.add_argument("--docs", type=int, default=1, help="documents per family (default 1)")
    parser.add_argument("--seed-offset", type=int, default=0, help="first seed within the split's seed range")
    parser.add_argument("--severity", type=float, default=0.7, help="photocopy damage 0..1 (default 0.7)")
    parser.add_argument("--variants", default="clean,photocopy")
    parser.add_argument("--generate", type=Path, metavar="DIR", help="only write the set to DIR (no scoring)")
    parser.add_argument("--set", type=Path, metavar="DIR", help="score a set written by --generate")
    parser.add_argument("--no-baseline", action="store_true", help="skip the plain Tesseract timing")
    parser.add_argument("--no-truth-check", action="store_true", help="skip `vnreport check` on the truth CSVs")
    parser.add_argument("--json", type=Path, metavar="FILE", help="write every figure to FILE")
    parser.add_argument("--keep", type=Path, metavar="DIR", help="keep the CLI's output of each document under DIR")
    parser.add_argument("-v", "--verbose", action="store_true", help="list wrong cells, missed errors, false errors")
    args = parser.parse_args()
    variants = tuple(v for v in args.variants.split(",") if v)
    if any(v not in VARIANTS for v in variants):
        parser.error(f"--variants: choose from {VARIANTS}")
    if args.generate and args.split is None:
        parser.error("--generate needs --split tune|heldout|heldout2|heldout3|all (held-out families must never reach a tune set)")
    args.split = args.split or "all"
    if args.generate:
        generate(args.generate, chosen_families(args.split, args.families), args.docs, args.seed_offset, args.severity, variants)
        return
    results: dict[tuple[str, str], Tally] = {}
    records = []
    with tempfile.TemporaryDirectory(prefix="tlay-set-") as tmp:
        if args.set:
            if not (args.set / "manifest.json").is_file():
                raise SystemExit(f"tables_layouts: error: {args.set}/manifest.json not found (write a set with --generate)")
            manifest = json.loads((args.set / "manifest.json").read_text(encoding="utf-8"))
            base = args.set
            wanted = set(chosen_families(args.split, args.families))
            entries = [e for e in manifest["documents"] if e["family"] in wanted]
        else:
            base = Path(tmp)
            entries = generate(base, chosen_families(args.split, args.families), args.docs, args.seed_offset, args.severity, variants)
        for entry in entries:
            folder = base / entry["folder"]
            truth = (0, 0, 0)
            if not args.no_truth_check:
                truth = check_truth(entry, folder)
            for variant in variants:
                if variant not in entry["files"]:
                    continue
                tally = run_document(entry, folder, variant, baseline=not args.no_baseline, verbose=args.verbose, keep=args.keep)
                tally.truth_false_errors, tally.truth_injected_found, tally.truth_locatable_found = truth
                results.setdefault((entry["family"], variant), Tally()).add(tally)
                records.append({"family": entry["family"], "split": entry["split"], "seed": entry["seed"], "variant": variant,
                                **asdict(tally)})
    print_report(results, variants)
    if args.json:
        args.json.write_text(json.dumps({"documents": records,
                                         "families": [{"family": f, "variant": v, **asdict(t)} for (f, v), t in results.items()]},
                                        ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    try:
        main()
    except render.RenderError as exc:
        raise SystemExit(f"tables_layouts: error: {exc}") from None

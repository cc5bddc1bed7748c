"""Benchmark of `vnreport tables` on appendix layouts from an independent generator, per layout family.

    python benchmarks/tables_layouts.py [--split tune|heldout|all] [--families a,b] [--docs 1] [-v] [--json FILE]
    python benchmarks/tables_layouts.py --generate DIR --split tune --docs 3      # write a set (PDFs, truth CSVs, manifest)
    python benchmarks/tables_layouts.py --set DIR                                 # score a written set

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
import csv
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
os.environ.setdefault("OMP_THREAD_LIMIT", "1")

from benchmarks.layouts import dataset, families  # noqa: E402
from benchmarks.layouts.spec import norm  # noqa: E402

VARIANTS = dataset.VARIANTS


# --- scoring --------------------------------------------------------------------------------------


def align_rows(truth: list[tuple[str, ...]], got: list[tuple[str, ...]]) -> tuple[int, dict[int, int]]:
    """Order-preserving alignment of truth rows with output rows that maximises equal cells.

    Returns (cells right, truth row -> output row). Rows left out of the alignment are missing
    (truth) or invented (output)."""
    n, m = len(truth), len(got)
    t = [tuple(norm(c) for c in row) for row in truth]
    g = [tuple(norm(c) for c in row) for row in got]

    def same(i: int, j: int) -> int:
        return sum(1 for a, b in zip(t[i], g[j]) if a == b)

    score = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            s = same(i, j)
            best = max(score[i + 1][j], score[i][j + 1])
            if s:
                best = max(best, s + score[i + 1][j + 1])
            score[i][j] = best
    pairs: dict[int, int] = {}
    i = j = 0
    while i < n and j < m:
        s = same(i, j)
        if s and score[i][j] == s + score[i + 1][j + 1]:
            pairs[i] = j
            i += 1
            j += 1
        elif score[i + 1][j] >= score[i][j + 1]:
            i += 1
        else:
            j += 1
    return score[0][0] if n and m else 0, pairs


def match_tables(truth: list[list[tuple[str, ...]]], got: list[list[tuple[str, ...]]]) -> dict[int, int]:
    """Order-preserving matching of truth tables to output tables that maximises cells right;
    a pair with no cell in common is no match."""
    n, m = len(truth), len(got)
    s = [[align_rows(truth[i], got[j])[0] for j in range(m)] for i in range(n)]
    best = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            best[i][j] = max(best[i + 1][j], best[i][j + 1], (s[i][j] + best[i + 1][j + 1]) if s[i][j] else 0)
    out: dict[int, int] = {}
    i = j = 0
    while i < n and j < m:
        if s[i][j] and best[i][j] == s[i][j] + best[i + 1][j + 1]:
            out[i] = j
            i += 1
            j += 1
        elif best[i + 1][j] >= best[i][j + 1]:
            i += 1
        else:
            j += 1
    return out


_TITLE_PUNCT = re.compile(r"[\s:.,;\-–—]+")


def title_key(text: str) -> str:
    """Titles are compared case-folded, with spaces and the punctuation between heading parts ignored
    ("Phụ lục 2: PHÁT TRIỂN" = "Phụ lục 2 Phát triển")."""
    return _TITLE_PUNCT.sub(" ", text).strip().casefold()


@dataclass
class Tally:
    """Counts for one (family, variant)."""

    docs: int = 0
    pages: int = 0
    expected: int = 0
    found: int = 0
    invented: int = 0
    cells: int = 0
    right: int = 0
    titles: int = 0
    paged: int = 0
    injected: int = 0
    injected_found: int = 0
    false_errors: int = 0
    other_errors: int = 0
    truth_false_errors: int = 0
    truth_injected_found: int = 0
    seconds: float = 0.0
    baseline: float = 0.0
    failures: int = 0

    def add(self, other: Tally) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))


def read_csv(path: Path) -> list[tuple[str, ...]]:
    with open(path, newline="", encoding="utf-8-sig") as handle:
        return [tuple(row) for row in csv.reader(handle)]


def score_document(entry: dict, truth: list[tuple[tuple[str, ...], ...]], out_dir: Path, misses: list[str]) -> Tally:
    """Score the CLI's output folder for one document against its truth."""
    tally = Tally(docs=1, pages=entry["pages"], expected=len(truth))
    for t, meta in zip(truth, entry["tables"]):
        tally.cells += sum(len(r) for r in t)
        tally.injected += int(bool(meta.get("injected")))
    report_path = out_dir / "report.json"
    if not report_path.is_file():
        tally.failures += 1
        misses.append("no report.json written")
        return tally
    report = json.loads(report_path.read_text(encoding="utf-8"))
    if report.get("error"):
        misses.append(f"error: {report['error']}")
    got_meta = report.get("tables") or []
    got = [read_csv(out_dir / t["csv"]) for t in got_meta]
    matched = match_tables([list(t) for t in truth], got)
    tally.found = len(matched)
    tally.invented = len(got) - len(matched)
    errors_by_table: dict[int, list[dict]] = {}
    for f in report.get("findings") or []:
        if f.get("severity") == "error" and f.get("table"):
            errors_by_table.setdefault(int(f["table"]) - 1, []).append(f)
    for i, t in enumerate(truth):
        meta = entry["tables"][i]
        injected = meta.get("injected")
        if i not in matched:
            misses.append(f"table {i + 1} ({meta['title'][:50]}): not found")
            continue
        j = matched[i]
        right, pairs = align_rows(list(t), got[j])
        invented_rows = [r for r in range(len(got[j])) if r not in set(pairs.values())]
        tally.right += right
        tally.cells += sum(len(got[j][r]) for r in invented_rows)
        title_ok = title_key(got_meta[j].get("title") or "") == title_key(meta["title"])
        pages_ok = list(got_meta[j].get("pages") or [got_meta[j].get("page")]) == list(meta["pages"])
        tally.titles += int(title_ok)
        tally.paged += int(pages_ok)
        if not title_ok:
            misses.append(f"table {i + 1} title: {meta['title']!r} read {got_meta[j].get('title')!r}")
        if not pages_ok:
            misses.append(f"table {i + 1} pages: {meta['pages']} read {got_meta[j].get('pages')}")
        for r, row in enumerate(t):
            if r not in pairs:
                misses.append(f"table {i + 1} row {r} missing: {' | '.join(row)}")
                continue
            other = got[j][pairs[r]]
            for c, cell in enumerate(row):
                read = other[c] if c < len(other) else None
                if read is None or norm(read) != norm(cell):
                    misses.append(f"table {i + 1} cell ({r},{c}): {cell!r} read {read!r}")
            if len(other) > len(row):
                misses.append(f"table {i + 1} row {r}: {len(other) - len(row)} extra cells {other[len(row):]!r}")
        for r in invented_rows:
            misses.append(f"table {i + 1} invented row: {' | '.join(got[j][r])}")
        errors = errors_by_table.get(j, [])
        if injected:
            target_row = pairs.get(injected["row"])
            hit = any(f.get("row") == target_row and f.get("column") == injected["column"] for f in errors)
            tally.injected_found += int(hit)
            tally.other_errors += sum(1 for f in errors if not (f.get("row") == target_row and f.get("column") == injected["column"]))
            if not hit:
                misses.append(f"table {i + 1}: injected {injected['correct']!r} -> {injected['printed']!r} at "
                              f"({injected['row']},{injected['column']}) not found; error findings: "
                              + ("none" if not errors else "; ".join(f"({f.get('row')},{f.get('column')}) {f.get('kind')}" for f in errors)))
        else:
            tally.false_errors += len(errors)
            for f in errors:
                misses.append(f"table {i + 1}: false error ({f.get('row')},{f.get('column')}) {f.get('kind')}: {f.get('message')}")
    for j, meta in enumerate(got_meta):
        if j not in matched.values():
            misses.append(f"invented table {meta.get('csv')} ({meta.get('title')!r}, {meta.get('rows')} rows)")
    return tally


def check_truth(entry: dict, folder: Path) -> tuple[int, int]:
    """`vnreport check` on the truth CSVs (no OCR): (false errors in tables without an injected
    error, injected errors found at their cell)."""
    files = [folder / t["csv"] for t in entry["tables"]]
    proc = subprocess.run([sys.executable, "-m", "vnreport", "check", "--format", "json", *map(str, files)],
                          capture_output=True, text=True, check=False)
    try:
        data = json.loads(proc.stdout)
    except json.JSONDecodeError:
        return 0, 0
    false_errors = found = 0
    by_file: dict[str, list[dict]] = {}
    for f in data.get("findings", []):
        if f.get("severity") == "error":
            by_file.setdefault(Path(f.get("file") or "").name, []).append(f)
    for t in entry["tables"]:
        errors = by_file.get(Path(t["csv"]).name, [])
        injected = t.get("injected")
        if injected:
            found += int(any(f.get("row") == injected["row"] and f.get("column") == injected["column"] for f in errors))
        else:
            false_errors += len(errors)
    return false_errors, found


def tesseract_seconds(pdf: Path, tmp: Path) -> float:
    """One plain Tesseract pass (vie, default page segmentation) over the pages rasterised at 300 dpi."""
    subprocess.run(["pdftoppm", "-r", "300", "-gray", "-png", str(pdf), str(tmp / "b")], check=True, capture_output=True)
    total = 0.0
    for page in sorted(tmp.glob("b-*.png")):
        start = time.perf_counter()
        subprocess.run(["tesseract", str(page), "-", "-l", "vie", "--dpi", "300"], capture_output=True, check=True)
        total += time.perf_counter() - start
        page.unlink()
    return total


def run_document(entry: dict, folder: Path, variant: str, *, baseline: bool, verbose: bool) -> Tally:
    """Run the CLI on one document variant and score it."""
    _, truth = dataset.read_truth(folder)
    pdf = folder / entry["files"][variant]
    misses: list[str] = []
    with tempfile.TemporaryDirectory(prefix="tlay-") as tmp:
        out = Path(tmp) / "out"
        start = time.perf_counter()
        proc = subprocess.run([sys.executable, "-m", "vnreport", "tables", str(pdf), "-o", str(out)],
                              capture_output=True, text=True, check=False)
        seconds = time.perf_counter() - start
        if proc.returncode not in (0, 1, 3):
            misses.append(f"exit {proc.returncode}: {proc.stderr.strip()[-300:]}")
        tally = score_document(entry, truth, out, misses)
        tally.seconds = seconds
        if baseline:
            tally.baseline = tesseract_seconds(pdf, Path(tmp))
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
    return (f"{name:<26} {t.docs:>4} {t.pages:>5} {t.found:>3}/{t.expected:<3} {t.invented:>4} "
            f"{t.right:>5}/{t.cells:<5} {pct(t.right, t.cells):>6} {t.titles:>3} {t.paged:>3} "
            f"{t.injected_found:>3}/{t.injected:<3} {t.false_errors:>4} {t.truth_false_errors:>5} {t.truth_injected_found:>3}/{t.injected:<3} "
            f"{per_page:>6} {ratio:>6}")


HEADER = (f"{'family':<26} {'docs':>4} {'pages':>5} {'tables':>7} {'inv':>4} {'cells right':>11} {'%':>6} {'tit':>3} {'pg':>3} "
          f"{'inj':>7} {'FE':>4} {'FE-tr':>5} {'inj-tr':>7} {'s/page':>6} {'xtess':>6}")
LEGEND = ("tables: found/expected; inv: invented tables; tit/pg: titles/pages right; inj: injected errors found at their cell; "
          "FE: error findings in tables without an injected error; FE-tr, inj-tr: the same for `vnreport check` on the truth "
          "CSVs (no OCR); s/page: CLI seconds per page; xtess: CLI time / one plain `tesseract -l vie` pass")


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
            print(line(f"{family} [{split[0]}]", tally))
            splits.setdefault(split, Tally()).add(tally)
            total.add(tally)
        for split, tally in splits.items():
            print(line(f"ALL {split}", tally))
        print(line("ALL", total))
    print(LEGEND)


# --- sets -----------------------------------------------------------------------------------------


def chosen_families(split: str, names: str | None) -> list[str]:
    pool = {"tune": list(families.TUNE), "heldout": list(families.HELDOUT), "all": list(families.FAMILIES)}[split]
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
    parser.add_argument("--split", choices=("tune", "heldout", "all"), default="all")
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
    parser.add_argument("-v", "--verbose", action="store_true", help="list wrong cells, missed errors, false errors")
    args = parser.parse_args()
    variants = tuple(v for v in args.variants.split(",") if v)
    if any(v not in VARIANTS for v in variants):
        parser.error(f"--variants: choose from {VARIANTS}")
    if args.generate:
        generate(args.generate, chosen_families(args.split, args.families), args.docs, args.seed_offset, args.severity, variants)
        return
    results: dict[tuple[str, str], Tally] = {}
    records = []
    with tempfile.TemporaryDirectory(prefix="tlay-set-") as tmp:
        if args.set:
            manifest = json.loads((args.set / "manifest.json").read_text(encoding="utf-8"))
            base = args.set
            wanted = set(chosen_families(args.split, args.families))
            entries = [e for e in manifest["documents"] if e["family"] in wanted]
        else:
            base = Path(tmp)
            entries = generate(base, chosen_families(args.split, args.families), args.docs, args.seed_offset, args.severity, variants)
        for entry in entries:
            folder = base / entry["folder"]
            truth_fe = truth_found = 0
            if not args.no_truth_check:
                truth_fe, truth_found = check_truth(entry, folder)
            for variant in variants:
                if variant not in entry["files"]:
                    continue
                tally = run_document(entry, folder, variant, baseline=not args.no_baseline, verbose=args.verbose)
                tally.truth_false_errors, tally.truth_injected_found = truth_fe, truth_found
                results.setdefault((entry["family"], variant), Tally()).add(tally)
                records.append({"family": entry["family"], "split": entry["split"], "seed": entry["seed"], "variant": variant,
                                **asdict(tally)})
    print_report(results, variants)
    if args.json:
        args.json.write_text(json.dumps({"documents": records,
                                         "families": [{"family": f, "variant": v, **asdict(t)} for (f, v), t in results.items()]},
                                        ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()

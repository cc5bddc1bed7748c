"""Benchmark of `vnreport tables` on generated appendix pages with known CSVs and injected errors.

    python benchmarks/tables.py [--docs 4] [--seed 100] [--degrade 0.8] [--compare]

Each document (vnreport_build.table_pages.appendix_set) has a ruled table with a total row and a rate
column, a ruled table with a two-level header and a "Trong đó" row, a borderless table, and a ruled
table that continues on the next page; photocopy degradation; one numeric error (digit swap or
changed digit) in every other table. Printed figures:

* cell accuracy: expected CSV cells (header and body) read exactly, over all tables;
* table structure: tables found with the right number of rows and columns, titles, pages;
* findings: an injected error counts as found when an error finding points at its exact cell;
  precision = error findings at injected cells / all error findings; false errors = error findings
  in tables without an injected error. Shown for the OCR'd tables and, to separate the checker
  from the OCR, for the ground-truth tables;
* the same per layout family (the tables of one kind: ruled-total-rate, two-level-header,
  borderless, continued, borderless-two-level), time excepted;
* seconds per page of the whole table pipeline, and of one plain Tesseract pass (vie, psm 3) on the
  same page, and their ratio.

--compare also runs the pipeline with rule removal off and with the second figure reading off.
--borderless-two-level adds a fifth table to every document, the two-level table printed without
rules (the first four tables and their errors are unchanged by it).
--truth-only runs only the checker, on the printed truth of --docs documents (no rendering, no OCR;
2000 documents take about a minute), and sorts the injected errors it does not find at their cell
into those no check can see and those where the failing check has more than one candidate cell.
Run with OMP_THREAD_LIMIT=1 on shared machines (the script sets it if unset).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from dataclasses import dataclass, replace

os.environ.setdefault("OMP_THREAD_LIMIT", "1")

from vnreport.config import OcrConfig  # noqa: E402
from vnreport.ocr import ocr_page, require_languages  # noqa: E402
from vnreport.tables.extract import analyse, tables_from_images  # noqa: E402
from vnreport.tables.config import TableConfig  # noqa: E402
from vnreport.tables.objects import Table  # noqa: E402
from vnreport_build.table_pages import SynthDocument, appendix_set, appendix_tables  # noqa: E402
from vnreport.tables.textutil import fold  # noqa: E402


# The layout family of each table of a document, in the order appendix_tables prints them.
FAMILIES = ("ruled-total-rate", "two-level-header", "borderless", "continued", "borderless-two-level")


@dataclass
class Tally:
    cells: int = 0
    exact: int = 0
    tables: int = 0
    shaped: int = 0
    titled: int = 0
    paged: int = 0
    injected: int = 0
    found: int = 0
    errors: int = 0
    at_injected: int = 0
    false_clean: int = 0
    truth_found: int = 0
    truth_errors: int = 0
    truth_false_clean: int = 0
    seconds: float = 0.0
    baseline: float = 0.0
    pages: int = 0


def score_cells(expected: tuple[Table, ...], got: tuple[Table, ...], tally: Tally, misses: list[str]) -> None:
    for index, table in enumerate(expected):
        tally.tables += 1
        other = got[index] if index < len(got) else None
        rows = table.csv_rows()
        tally.cells += sum(len(row) for row in rows)
        if other is None:
            misses.append(f"table {index + 1}: not found")
            continue
        shaped = len(other.rows) == len(table.rows) and other.width == table.width
        titled = fold(other.title) == fold(table.title)
        paged = other.pages == table.pages
        tally.shaped += int(shaped)
        tally.titled += int(titled)
        tally.paged += int(paged)
        if not shaped:
            misses.append(f"table {index + 1}: {len(other.rows)} rows x {other.width} columns, not {len(table.rows)} x {table.width}")
        if not titled:
            misses.append(f"table {index + 1} title: {table.title!r} read {other.title!r}")
        if not paged:
            misses.append(f"table {index + 1} pages: {table.pages} read {other.pages}")
        found = other.csv_rows()
        for r, row in enumerate(rows):
            for c, cell in enumerate(row):
                read = found[r][c] if r < len(found) and c < len(found[r]) else None
                if read == cell:
                    tally.exact += 1
                else:
                    misses.append(f"table {index + 1} cell ({r},{c}): {cell!r} read {read!r}")


def score_findings(
    doc: SynthDocument, tables: tuple[Table, ...], config: TableConfig, misses: list[str] | None = None,
    per_table: dict[int, Tally] | None = None,
) -> tuple[int, int, int, int]:
    """(injected found, error findings, error findings at injected cells, false errors in clean tables).

    ``misses`` receives one line per injected error not found at its cell, with the error findings
    of its table (none: no check failed, the error cannot be seen by any check). ``per_table``
    (1-based table index -> tally) receives the same four figures table by table.
    """
    results = analyse(tables, config)
    targets = {(item.table, item.row, item.column) for item in doc.injected}
    dirty = {item.table for item in doc.injected}
    errors = [(index, f) for index, result in enumerate(results, start=1) for f in result.findings if f.severity == "error"]
    at = {(index, f.row, f.column) for index, f in errors} & targets
    hits = sum(1 for index, f in errors if (index, f.row, f.column) in targets)
    false_clean = sum(1 for index, _ in errors if index not in dirty)
    if per_table is not None:
        for index, part in per_table.items():
            part.injected += sum(1 for item in doc.injected if item.table == index)
            part.found += sum(1 for t, _, _ in at if t == index)
            part.errors += sum(1 for i, _ in errors if i == index)
            part.at_injected += sum(1 for i, f in errors if i == index and (i, f.row, f.column) in targets)
            part.false_clean += sum(1 for i, _ in errors if i == index and i not in dirty)
    if misses is not None:
        for item in doc.injected:
            if (item.table, item.row, item.column) in at:
                continue
            found = [f for index, f in errors if index == item.table]
            misses.append(f"injected error in table {item.table} cell ({item.row},{item.column}) "
                          f"{item.correct!r} printed {item.printed!r} not found at its cell; "
                          + ("no check fails" if not found else "error findings of the table:"))
            misses.extend(f"    ({f.row},{f.column}) {f.kind}: {f.message}" for f in found)
    return len(at), len(errors), hits, false_clean


def run(docs: int, seed: int, degrade: float, config: TableConfig, *, baseline: bool, verbose: bool, extra: bool = False,
        by_family: dict[str, Tally] | None = None) -> Tally:
    """Score ``docs`` documents; ``by_family`` (if given) also receives the figures of each layout
    family (the tables of one kind across documents; time is per page, so it is not split)."""
    tally = Tally()
    ocr = OcrConfig(dpi=300, lang="vie", psm=config.psm)
    for number in range(docs):
        doc = appendix_set(seed + number, degrade=degrade, borderless_two_level=extra)
        start = time.perf_counter()
        tables = tables_from_images(enumerate(doc.pages, start=1), config=config, ocr=ocr)
        tally.seconds += time.perf_counter() - start
        tally.pages += len(doc.pages)
        if baseline:
            start = time.perf_counter()
            for page_number, page in enumerate(doc.pages, start=1):
                ocr_page(page, page_number=page_number, config=OcrConfig(dpi=300, lang="vie", psm=3))
            tally.baseline += time.perf_counter() - start
        misses: list[str] = []
        # What the CSVs hold: the tables after the OCR repairs that `vnreport tables` makes.
        written = tuple(result.table for result in analyse(tables, config))
        score_cells(doc.tables, written, tally, misses)
        per_table: dict[int, Tally] = {}
        if by_family is not None:
            for index, table in enumerate(doc.tables):
                part = by_family.setdefault(FAMILIES[index], Tally())
                score_cells((table,), written[index:index + 1], part, [])
                per_table[index + 1] = part
        tally.injected += len(doc.injected)
        found, errors, hits, false_clean = score_findings(doc, tables, config, misses, per_table)
        tally.found += found
        tally.errors += errors
        tally.at_injected += hits
        tally.false_clean += false_clean
        t_found, t_errors, _, t_false = score_findings(doc, doc.tables, config)
        tally.truth_found += t_found
        tally.truth_errors += t_errors
        tally.truth_false_clean += t_false
        if verbose:
            print(f"doc {seed + number}: {len(doc.pages)} pages, {len(tables)}/{len(doc.tables)} tables, "
                  f"injected {[(i.table, i.row, i.column, i.correct, i.printed) for i in doc.injected]}", file=sys.stderr)
            for miss in misses:
                print(f"  {miss}", file=sys.stderr)
    return tally


def run_truth(docs: int, seed: int, config: TableConfig, *, extra: bool = False) -> None:
    """The checker alone on the printed truth of many documents (no rendering, no OCR): its ceiling.

    Each injected error is found (an error finding at its cell), unseen (no check of its table
    fails: the error keeps every printed total and rate true within rounding) or not located (some
    check fails but the finding is elsewhere: other cells explain the failing checks as well).
    """
    injected = found = unseen = errors = at = false_clean = 0
    for number in range(seed, seed + docs):
        synths = appendix_tables(number, borderless_two_level=extra)
        results = analyse([synth.table for synth in synths], config)
        for synth, result in zip(synths, results):
            table_errors = [(f.row, f.column) for f in result.findings if f.severity == "error"]
            targets = {(item.row, item.column) for item in synth.injected}
            errors += len(table_errors)
            at += sum(1 for cell in table_errors if cell in targets)
            if not targets:
                false_clean += len(table_errors)
            injected += len(targets)
            found += len(targets & set(table_errors))
            unseen += len(targets) if not table_errors else 0
    print(f"== checker on the printed truth of {docs} documents (seeds {seed}-{seed + docs - 1}, no OCR)")
    print(f"injected errors found at their cell: {ratio(found, injected)}; no check fails (unseen): {unseen}; "
          f"a check fails but the cell is not certain: {injected - found - unseen}")
    print(f"error findings at injected cells (precision): {ratio(at, errors)}; false errors in clean tables: {false_clean}")


def ratio(a: int, b: int) -> str:
    return f"{a}/{b} = {100 * a / b:.1f}%" if b else "n/a"


def report(name: str, tally: Tally) -> None:
    print(f"== {name}")
    print(f"cell accuracy:            {ratio(tally.exact, tally.cells)}")
    print(f"tables with right shape:  {ratio(tally.shaped, tally.tables)}; titles {ratio(tally.titled, tally.tables)}; "
          f"pages {ratio(tally.paged, tally.tables)}")
    print(f"injected errors found at their cell (OCR'd tables): {ratio(tally.found, tally.injected)}")
    print(f"error findings at injected cells (precision):       {ratio(tally.at_injected, tally.errors)}")
    print(f"error findings in clean tables (false errors):      {tally.false_clean}")
    print(f"ground truth tables: found {ratio(tally.truth_found, tally.injected)}, "
          f"precision {ratio(tally.injected and tally.truth_found, tally.truth_errors)}, false errors {tally.truth_false_clean}")
    per_page = tally.seconds / max(1, tally.pages)
    line = f"seconds per page: {per_page:.2f} (pipeline)"
    if tally.baseline:
        base = tally.baseline / tally.pages
        line += f", {base:.2f} (one Tesseract pass, vie psm 3), ratio {per_page / base:.2f}x"
    print(line)


def report_families(by_family: dict[str, Tally]) -> None:
    """One line per layout family: cells, tables of the right shape, injected errors found at their
    cell, error findings at injected cells, false errors on clean tables."""
    print("== per layout family (tables of one kind across the documents)")
    print(f"{'family':<22} {'tables':>6} {'cells exact':>20} {'shape':>7} {'injected found':>14} {'precision':>9} {'false errors':>12}")
    for name in FAMILIES:
        t = by_family.get(name)
        if t is None:
            continue
        print(f"{name:<22} {t.tables:>6} {ratio(t.exact, t.cells):>20} {t.shaped:>3}/{t.tables:<3} "
              f"{t.found:>6}/{t.injected:<7} {t.at_injected:>4}/{t.errors:<4} {t.false_clean:>12}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=4, help="documents to generate (each 2-3 pages)")
    parser.add_argument("--seed", type=int, default=100)
    parser.add_argument("--degrade", type=float, default=0.8, help="photocopy strength (0 = clean render)")
    parser.add_argument("--compare", action="store_true", help="also run without rule removal and without the figure re-reading")
    parser.add_argument("-v", "--verbose", action="store_true", help="list every wrong cell and missed error on stderr")
    parser.add_argument("--borderless-two-level", action="store_true",
                        help="add a fifth table to each document: the two-level table printed borderless")
    parser.add_argument("--truth-only", action="store_true", help="only the checker on the printed truth tables (fast: no rendering, no OCR)")
    args = parser.parse_args()
    if args.truth_only:
        run_truth(args.docs, args.seed, TableConfig(), extra=args.borderless_two_level)
        return
    require_languages("vie+eng")
    config = TableConfig()
    extra = " (+ a borderless two-level table)" if args.borderless_two_level else ""
    print(f"{args.docs} documents{extra}, seed {args.seed}, degradation {args.degrade}")
    by_family: dict[str, Tally] = {}
    report("pipeline (defaults)", run(args.docs, args.seed, args.degrade, config, baseline=True, verbose=args.verbose,
                                      extra=args.borderless_two_level, by_family=by_family))
    report_families(by_family)
    if args.compare:
        report("rules kept in the OCR image", run(args.docs, args.seed, args.degrade, replace(config, remove_rules=False), baseline=False, verbose=False))
        report("no second figure reading", run(args.docs, args.seed, args.degrade, replace(config, reread_figures=False), baseline=False, verbose=False))


if __name__ == "__main__":
    main()

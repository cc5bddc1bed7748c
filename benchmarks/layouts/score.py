"""Scoring of `vnreport tables` output against the generator's truth (conventions file of issue 14).

Truth and output tables are matched in order by content; rows are aligned in order by an alignment
that maximises equal cells, so a missing row costs its cells and an invented row adds its cells to
the count; a cell is right when its text equals the truth after whitespace normalisation.
"""

from __future__ import annotations

import csv
import json
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from benchmarks.layouts.spec import norm


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
    locatable: int = 0  # injected errors that only one cell's edit explains (Injected.locatable)
    locatable_found: int = 0
    false_errors: int = 0
    other_errors: int = 0
    truth_false_errors: int = 0
    truth_injected_found: int = 0
    truth_locatable_found: int = 0
    seconds: float = 0.0
    baseline: float = 0.0
    cpu: float = 0.0  # CPU seconds (user + system) of the CLI process and its children (Tesseract, Poppler)
    baseline_cpu: float = 0.0  # CPU seconds of the plain Tesseract pass
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
        tally.locatable += int(bool(meta.get("injected")) and meta["injected"].get("locatable", True))
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
            tally.locatable_found += int(hit and injected.get("locatable", True))
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


def check_truth(entry: dict, folder: Path) -> tuple[int, int, int]:
    """`vnreport check` on the truth CSVs (no OCR): (false errors in tables without an injected
    error, injected errors found at their cell, locatable injected errors found at their cell)."""
    files = [folder / t["csv"] for t in entry["tables"]]
    proc = subprocess.run([sys.executable, "-m", "vnreport", "check", "--format", "json", *map(str, files)],
                          capture_output=True, text=True, check=False)
    try:
        data = json.loads(proc.stdout)
    except json.JSONDecodeError:
        return 0, 0, 0
    false_errors = found = located = 0
    by_file: dict[str, list[dict]] = {}
    for f in data.get("findings", []):
        if f.get("severity") == "error":
            by_file.setdefault(Path(f.get("file") or "").name, []).append(f)
    for t in entry["tables"]:
        errors = by_file.get(Path(t["csv"]).name, [])
        injected = t.get("injected")
        if injected:
            hit = any(f.get("row") == injected["row"] and f.get("column") == injected["column"] for f in errors)
            found += int(hit)
            located += int(hit and injected.get("locatable", True))
        else:
            false_errors += len(errors)
    return false_errors, found, located



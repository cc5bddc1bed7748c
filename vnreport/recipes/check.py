"""The recipe of ``vnreport check``: load CSVs / report folders (report.json + CSVs) / report
text → validate (:mod:`vnreport.tables.validate`, :mod:`vnreport.tables.prose`) → findings.

Exit-code policy (README, "Exit codes"): 3 when a path could not be checked, else 1 when any error
finding exists, else 0.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from vnreport.errors import ExitCode, InputError, VnreportError
from vnreport.inputs import InputKind, read_text_input, sniff_input
from vnreport.tables.config import TableConfig
from vnreport.tables.export import REPORT_NAME, read_csv_table
from vnreport.tables.objects import Finding
from vnreport.tables.prose import check_prose
from vnreport.tables.validate import validate_table


@dataclass(frozen=True)
class CheckResult:
    """Findings (each with its ``source`` file) and the paths that could not be checked."""

    findings: tuple[Finding, ...]
    failures: tuple[str, ...]
    checked: int = 0  # tables and texts looked at

    @property
    def exit_code(self) -> ExitCode:
        if self.failures:
            return ExitCode.BAD_INPUT
        if any(finding.severity == "error" for finding in self.findings):
            return ExitCode.VALIDATION_ERRORS
        return ExitCode.OK


def check_paths(paths: Sequence[Path], config: TableConfig) -> CheckResult:
    """Validate CSV files, report folders (report.json + CSVs), report.json files and report text."""
    findings: list[Finding] = []
    failures: list[str] = []
    checked = 0
    for path in paths:
        try:
            found, count = _check_one(Path(path), config)
        except VnreportError as exc:
            failures.append(str(exc))
            continue
        findings.extend(found)
        checked += count
    return CheckResult(tuple(findings), tuple(failures), checked)


def _check_one(path: Path, config: TableConfig) -> tuple[list[Finding], int]:
    if path.is_dir():
        reports = sorted(path.rglob(REPORT_NAME))
        if reports:
            results = [_check_report(report, config) for report in reports]
            return [f for found, _ in results for f in found], sum(count for _, count in results)
        csvs = sorted(path.rglob("*.csv"))
        if not csvs:
            raise InputError(f"{path}: no report.json and no CSV file in this folder")
        return [f for csv_path in csvs for f in _check_csv(csv_path, 1, config)], len(csvs)
    if not path.exists():
        raise InputError(f"{path} does not exist")
    if path.suffix.lower() == ".csv":
        return _check_csv(path, 1, config), 1
    if path.suffix.lower() == ".json":
        return _check_report(path, config)
    kind = sniff_input(path)
    if kind is not InputKind.TEXT:
        raise InputError(f"{path} is a {kind.value.upper()}: `vnreport check` reads CSVs, report folders and text; run `vnreport tables` on it first")
    text = read_text_input(path)
    return [replace(finding, source=str(path)) for finding in check_prose(text, config)], 1


def _check_csv(path: Path, index: int, config: TableConfig) -> list[Finding]:
    table = read_csv_table(path)
    return [replace(finding, table=index, source=str(path)) for finding in validate_table(table, config)]


def _check_report(report: Path, config: TableConfig) -> tuple[list[Finding], int]:
    try:
        document = json.loads(report.read_text(encoding="utf-8"))
        entries = document["tables"]
        names = [entry["csv"] for entry in entries]
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError) as exc:
        raise InputError(f"{report} is not a vnreport report.json ({type(exc).__name__}: {exc})") from exc
    if document.get("error"):
        raise InputError(f"{report}: the input was not read: {document['error']}")
    findings: list[Finding] = []
    for index, name in enumerate(names, start=1):
        csv_path = report.parent / name
        if not csv_path.is_file():
            raise InputError(f"{report} lists {name}, which is missing")
        findings.extend(_check_csv(csv_path, index, config))
    return findings, len(names)

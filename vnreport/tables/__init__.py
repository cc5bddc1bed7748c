"""Appendix tables to CSV with numeric validation (``vnreport tables``, ``vnreport check``).

Public API::

    from vnreport.tables import TableConfig, extract_tables
    report = extract_tables(Path("scan.pdf"), config=TableConfig())   # InputReport
    report.results[0].table.header, report.findings

The commands' recipes live beside ``fix``'s: :mod:`vnreport.recipes.tables` (``run_tables``, many
inputs, resumable) and :mod:`vnreport.recipes.check` (``check_paths``: CSVs, report folders, text).

Stages: :mod:`.locate` (titles), :mod:`.detect` (rules, grids), :mod:`.grid` (lines, columns),
:mod:`.cells` (one OCR pass per page), :mod:`.image` (page → tables), :mod:`.textinput` (OCR text →
tables), :mod:`.numbers`, :mod:`.validate` + :mod:`.relations` + :mod:`.pinpoint` (checks and the
faulty cell), :mod:`.prose` (checks in report text), :mod:`.export` (CSV, report.json),
:mod:`.extract` (one input's tables: page tasks → joined, repaired, validated). The test and
benchmark pages are drawn by the build-time package: ``vnreport_build.table_pages``.
"""

from vnreport.tables.extract import extract_tables
from vnreport.tables.config import TableConfig
from vnreport.tables.objects import Finding, InputReport, Table, TableResult
from vnreport.tables.prose import check_prose
from vnreport.tables.validate import validate_table

__all__ = [
    "Finding",
    "InputReport",
    "Table",
    "TableConfig",
    "TableResult",
    "check_prose",
    "extract_tables",
    "validate_table",
]

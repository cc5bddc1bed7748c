"""How findings are shown: ``text`` for people, ``json`` for tools, ``github`` workflow annotations.

Positions: CSV findings name the CSV file, line ``row + 1`` (CSV line, header = line 1) and column
``column + 1``; prose findings name the text file, line ``row + 1`` and character ``column + 1``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation

from vnreport.errors import BadArgsError
from vnreport.tables.objects import Finding, InputReport

FORMATS = ("text", "json", "github")


def parse_tolerance(text: str) -> Decimal:
    """``--tolerance`` as a Decimal ("0.5" or "0,5"); BadArgsError for anything else."""
    try:
        value = Decimal(text.strip().replace(",", "."))
    except InvalidOperation as exc:
        raise BadArgsError(f"--tolerance must be a number such as 0.5, got {text!r}") from exc
    if not value.is_finite() or value < 0:
        raise BadArgsError(f"--tolerance must be 0 or more, got {text!r}")
    return value


def _where(finding: Finding) -> str:
    line = (finding.row or 0) + 1
    column = (finding.column or 0) + 1
    table = f" table {finding.table}" if finding.table is not None and not finding.source.endswith(".csv") else ""
    return f"{finding.source or '-'}:{line}:{column}:{table}"


def format_text(findings: Sequence[Finding], failures: Sequence[str]) -> str:
    """One line per finding: ``file:line:col: severity kind: message (suggestion: X)``, then a summary."""
    lines = []
    for finding in findings:
        suggestion = f" (suggestion: {finding.suggestion})" if finding.suggestion else ""
        lines.append(f"{_where(finding)} {finding.severity} {finding.kind}: {finding.message}{suggestion}")
    errors = sum(1 for finding in findings if finding.severity == "error")
    warnings = len(findings) - errors
    summary = f"{errors} error{'s' if errors != 1 else ''}, {warnings} warning{'s' if warnings != 1 else ''}"
    if failures:
        summary += f", {len(failures)} input{'s' if len(failures) != 1 else ''} not checked"
    lines.append(summary)
    return "\n".join(lines) + "\n"


def format_json(findings: Sequence[Finding], failures: Sequence[str], checked: int) -> str:
    """``{"findings": [... with "file"], "failures": [...], "summary": {...}}``."""
    document = {
        "findings": [{"file": finding.source, **finding.to_json()} for finding in findings],
        "failures": list(failures),
        "summary": {
            "checked": checked,
            "errors": sum(1 for finding in findings if finding.severity == "error"),
            "warnings": sum(1 for finding in findings if finding.severity == "warning"),
            "failures": len(failures),
        },
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def format_github(findings: Sequence[Finding], failures: Sequence[str]) -> str:
    """GitHub Actions workflow commands: ``::error file=…,line=…,col=…,title=…::message``."""
    lines = []
    for finding in findings:
        level = "error" if finding.severity == "error" else "warning"
        properties = [f"file={_escape_property(finding.source)}", f"line={(finding.row or 0) + 1}",
                      f"col={(finding.column or 0) + 1}", f"title={_escape_property(finding.kind)}"]
        message = finding.message + (f" (suggestion: {finding.suggestion})" if finding.suggestion else "")
        lines.append(f"::{level} {','.join(properties)}::{_escape_data(message)}")
    lines.extend(f"::error title=not checked::{_escape_data(failure)}" for failure in failures)
    return "\n".join(lines) + ("\n" if lines else "")


def format_findings(fmt: str, findings: Sequence[Finding], failures: Sequence[str], checked: int) -> str:
    """Render in one of :data:`FORMATS`."""
    if fmt == "json":
        return format_json(findings, failures, checked)
    if fmt == "github":
        return format_github(findings, failures)
    return format_text(findings, failures)


def report_summary(report: InputReport) -> str:
    """One line for ``vnreport tables`` per input: tables, errors, warnings (or why it failed)."""
    if report.error:
        return f"{report.input}: not read: {report.error}"
    findings = report.findings
    errors = sum(1 for finding in findings if finding.severity == "error")
    tables = len(report.results)
    line = (f"{report.input}: {tables} table{'s' if tables != 1 else ''}, {errors} error{'s' if errors != 1 else ''}, "
            f"{len(findings) - errors} warning{'s' if len(findings) - errors != 1 else ''}")
    cut = sorted({(finding.table, "left" if " left edge" in finding.message else "right") for finding in findings
                  if finding.kind == "cut-off"},
                 key=lambda item: (item[0] or 0, item[1]))
    if cut:
        line += "; cut off by the paper: " + ", ".join(f"table {table} at the {edge} edge" for table, edge in cut)
    return line

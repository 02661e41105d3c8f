"""The proof's report as one JSON document, for CI."""

from __future__ import annotations

import json
from typing import Any

from tarkbook.proof.findings import Finding, Level, Report


def _finding(finding: Finding) -> dict[str, Any]:
    source = finding.source
    return {
        "check": finding.check,
        "level": finding.level.value,
        "waived": finding.waived,
        "message": finding.message,
        "page": finding.page,
        "folio": finding.folio,
        "document": finding.document,
        "source": None if source is None else
        {"file": source.file, "line": source.line, "column": source.column},
        "box": None if finding.box is None else [round(v, 2) for v in finding.box],
    }


def to_json(report: Report) -> str:
    document = {
        "title": report.title,
        "pdf": report.pdf,
        "epub": report.epub,
        "pages": report.pages,
        "passed": report.passed,
        "errors": report.count(Level.ERROR),
        "warnings": report.count(Level.WARNING),
        "skipped": report.count(Level.SKIPPED),
        "waived": report.waived,
        "checks": report.checks,
        "tools": report.tools,
        "findings": [_finding(finding) for finding in report.findings],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"

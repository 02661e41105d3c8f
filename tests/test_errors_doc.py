"""docs/errors.md lists every diagnostic code of the catalogue, with an example and a fix."""

from __future__ import annotations

import re
from pathlib import Path

from tarkbook.diagnostics import CATALOGUE, Severity

DOC = Path(__file__).resolve().parent.parent / "docs" / "errors.md"


def test_every_code_has_a_row_with_an_example_and_a_fix() -> None:
    rows = {}
    for line in DOC.read_text(encoding="utf-8").splitlines():
        match = re.match(r"^\| ([A-Z]\d{3})( \(warning\))? \| (`.+`) \| (.+) \|$", line)
        if match:
            rows[match[1]] = (bool(match[2]), match[3], match[4])
    assert sorted(rows) == sorted(CATALOGUE)
    for code, (warning, example, fix) in rows.items():
        assert warning == (CATALOGUE[code].severity is Severity.WARNING), code
        assert len(example) > 4 and len(fix) > 4, code

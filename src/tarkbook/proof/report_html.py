"""The proof's report as one self-contained HTML file: the summary table, then each
finding with a thumbnail of its PDF page, the offending lines outlined, and a link to
its place in the manuscript. Only the pages a finding names are rendered."""

from __future__ import annotations

import base64
import os
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from tarkbook.proof.findings import Finding, Level, Report
from tarkbook.proof.thumbnails import WIDTH, Thumbnail, render


@dataclass(frozen=True, slots=True)
class Shown:
    finding: Finding
    thumbnail: str | None
    """A ``data:`` URI of the page's PNG."""
    outline: tuple[float, float, float, float] | None
    """Left, top, width, height of the outline on the thumbnail, in percent of it."""
    link: str | None
    """The manuscript file, relative to the report."""


def _outline(finding: Finding, page: Thumbnail | None
             ) -> tuple[float, float, float, float] | None:
    if finding.box is None or page is None:
        return None
    x0, top, x1, bottom = finding.box
    pad = 2.0
    return (100 * (x0 - pad) / page.width, 100 * (top - pad) / page.height,
            100 * (x1 - x0 + 2 * pad) / page.width, 100 * (bottom - top + 2 * pad) / page.height)


def to_html(report: Report, manuscript: Path, target: Path) -> str:
    """The report on the proof of ``manuscript``, to be written to ``target`` (its links
    to the manuscript are relative to it)."""
    thumbnails = render(Path(report.pdf), [f.page for f in report.findings if f.page])
    pngs = {number: "data:image/png;base64," + base64.b64encode(made.png).decode("ascii")
            for number, made in thumbnails.items()}
    shown = []
    for finding in report.findings:
        link = None
        if finding.source is not None:
            file = manuscript.resolve().parent / finding.source.file  # as Reporter.pos
            link = Path(os.path.relpath(file, target.resolve().parent)).as_posix()
            link += f"#L{finding.source.line}"
        page = thumbnails.get(finding.page) if finding.page else None
        shown.append(Shown(finding, pngs.get(finding.page) if finding.page else None,
                           _outline(finding, page), link))
    checks = Counter((f.check, ("waived " if f.waived else "") + f.level.value)
                     for f in report.findings)
    environment = Environment(loader=PackageLoader("tarkbook", "templates/proof"),
                              autoescape=select_autoescape(default=True),
                              undefined=StrictUndefined, keep_trailing_newline=True)
    return environment.get_template("report.html").render(
        report=report, shown=shown, checks=sorted(checks.items()), Level=Level,
        title=report.title, width=WIDTH)

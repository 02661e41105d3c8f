"""``[epub] conforms_to`` and ``certified_by``: the accessibility claim a publisher makes.

tarkbook makes EPUBs that are built to meet WCAG 2.1 AA, but only the publisher who has
evaluated a book can say that it does: the package states conformance, and who certified
it, only when book.toml says so.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tarkbook.manuscript.toml_tables import Table

STANDARDS = tuple(
    f"EPUB Accessibility 1.1 - WCAG 2.{minor} Level {level}"
    for minor in (0, 1, 2) for level in ("A", "AA", "AAA")
)
"""The values EPUB Accessibility 1.1 gives for ``dcterms:conformsTo``."""


def read_conformance(table: Table) -> tuple[str, str]:
    """``(conforms_to, certified_by)`` of ``[epub]``, checked: a standard EPUB Accessibility
    1.1 names, and a certifier only beside a claim."""
    conforms_to = " ".join(table.text("conforms_to").split())
    certified_by = " ".join(table.text("certified_by").split())
    if conforms_to and conforms_to not in STANDARDS:
        table.error("C006", "conforms_to", key="conforms_to",
                    reason="it is not a conformance statement of EPUB Accessibility 1.1, "
                           "such as 'EPUB Accessibility 1.1 - WCAG 2.1 Level AA'")
        conforms_to = ""
    if certified_by and "conforms_to" not in table.data:
        table.error("C006", "certified_by", key="certified_by",
                    reason="a certifier certifies a claim: give conforms_to too")
        certified_by = ""
    return conforms_to, certified_by if conforms_to else ""

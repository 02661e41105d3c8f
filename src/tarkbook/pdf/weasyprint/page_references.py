"""Page references made once per PDF, active only while the PDF is written.

WeasyPrint's tagging asks pydyf for one page's reference (``pdf.page_references[n]``)
for every element of the structure tree and every link, and pydyf answers each time by
making the references of all the pages: the writing grows with the pages times the
elements, a tenth of the time of a 300-page book. Here the references are made again
only when a page has been added since they were last made. A pydyf without the property
is left as it is.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pydyf

from tarkbook.pdf.weasyprint.registry import applies

_NAME = "page_references"


def internals() -> str | None:
    original = getattr(pydyf.PDF, _NAME, None)
    if not isinstance(original, property) or original.fget is None:
        return f"pydyf.PDF.{_NAME} is not a property"
    return None


@contextmanager
def page_references_made_once() -> Iterator[bool]:
    """Write with each PDF's page references kept until a page is added; pydyf is
    restored afterwards. Yields whether the change is active."""
    original = getattr(pydyf.PDF, _NAME, None)
    if not isinstance(original, property) or original.fget is None or not applies(
            "page_references"):
        yield False
        return
    made = original.fget
    kept: dict[int, tuple[Any, int, tuple[bytes, ...]]] = {}

    def page_references(pdf: Any) -> tuple[bytes, ...]:
        kids = pdf.pages["Kids"]
        entry = kept.get(id(pdf))
        if entry is None or entry[0] is not pdf or entry[1] != len(kids):
            entry = kept[id(pdf)] = (pdf, len(kids), made(pdf))
        return entry[2]

    setattr(pydyf.PDF, _NAME, property(page_references))
    try:
        yield True
    finally:
        setattr(pydyf.PDF, _NAME, original)

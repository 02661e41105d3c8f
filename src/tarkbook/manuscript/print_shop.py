"""``[print]``'s settings for the print shop: the PDF/X, the paper, the bar code's price."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from tarkbook.pdf.paper import PAPERS, leaf_mm

if TYPE_CHECKING:
    from tarkbook.manuscript.toml_tables import Table

PDF_X = ("x-4", "x-1a", "x-3")
"""The PDF/X the print-shop PDF can be (``[print] pdf_x``); the first is the default."""
_PRICE = re.compile(r"^[0-9]{5}$")


def pdf_x(table: Table) -> str:
    """``pdf_x``: one of PDF_X (C006 otherwise)."""
    value = table.text("pdf_x", default=PDF_X[0])
    if value not in PDF_X:
        table.error("C006", "pdf_x", key="pdf_x",
                    reason=f"'{value}' is not one of " + ", ".join(f"'{v}'" for v in PDF_X))
        return PDF_X[0]
    return value


def paper(table: Table) -> str:
    """``paper``: "white", "cream", or a leaf's thickness in millimetres (C006 otherwise)."""
    value = table.text("paper", default="white").strip()
    if value in PAPERS or leaf_mm(value) is not None:
        return value
    table.error("C006", "paper", key="paper",
                reason=f"'{value}' is neither 'white', 'cream' nor a leaf's thickness in "
                       "millimetres between 0.03 and 0.5, such as \"0.1\"")
    return "white"


def price(table: Table) -> str:
    """``price``: the five digits of the bar code's price add-on (C006 otherwise)."""
    value = table.text("price").strip()
    if value and not _PRICE.match(value):
        table.error("C006", "price", key="price",
                    reason=f"'{value}' is not the five digits of a price add-on, such as "
                           "\"51995\" (5: US dollars, 1995: $19.95) or \"90000\" (no price)")
        return ""
    return value

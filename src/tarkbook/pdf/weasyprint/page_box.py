"""The laid-out box tree of a WeasyPrint page, which WeasyPrint keeps private.

``weasyprint.document.Page`` keeps the page's box, with its lines and its notes' area,
as ``_page_box``. The notes' checks (``tarkbook.pdf.boxes``) read it; nothing else does.
"""

from __future__ import annotations

import inspect
from typing import Any

_ATTRIBUTE = "_page_box"


def page_box(page: Any) -> Any:
    """The ``PageBox`` of a laid-out ``Page``; raises EditionFailed when this WeasyPrint
    keeps it elsewhere (the notes' pages could not be checked)."""
    box = getattr(page, _ATTRIBUTE, None)
    if box is None:
        from tarkbook.edition import EditionFailed

        raise EditionFailed(
            "the PDF edition failed: this WeasyPrint does not keep the page boxes that the "
            "notes' checks read; install the versions of requirements.lock (see README)")
    return box


def internals() -> str | None:
    from weasyprint.document import Page

    try:
        source = inspect.getsource(Page.__init__)
    except (OSError, TypeError):
        return "the source of weasyprint.document.Page is not available"
    if f"self.{_ATTRIBUTE} = " not in source:
        return f"weasyprint.document.Page no longer sets {_ATTRIBUTE}"
    return None

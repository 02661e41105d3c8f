"""The pages WeasyPrint lays out, one by one, for the build's status line (and, as numbers,
for the preview's progress: ``page_listener``)."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

PROGRESS_LOGGER_NAME = "weasyprint.progress"
_PAGE = "Step 5 - Creating layout - Page %d"
"""The message WeasyPrint logs, at info level, as it starts laying out a page."""
_AGAIN = "Step 5 - Creating layout - Repagination #%d"
"""The message WeasyPrint logs as it lays pages out again, for references to pages."""


class _Pages(logging.Handler):
    def __init__(self, report: Callable[[int, bool], None]) -> None:
        super().__init__(logging.INFO)
        self.report = report
        self.again = False

    def emit(self, record: logging.LogRecord) -> None:
        if record.msg == _AGAIN:
            self.again = True
        elif record.msg == _PAGE and isinstance(record.args, tuple) and record.args:
            page = record.args[0]
            if isinstance(page, int):
                self.report(page, self.again)


@contextmanager
def pages_laid_out(report: Callable[[int, bool], None]) -> Iterator[None]:
    """Call ``report`` with the number of each page WeasyPrint lays out while the block
    runs, and whether it lays the page out again (to settle references to pages).
    WeasyPrint's progress messages reach no other handler meanwhile."""
    logger = logging.getLogger(PROGRESS_LOGGER_NAME)
    handler = _Pages(report)
    level, propagate = logger.level, logger.propagate
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
        logger.propagate = propagate


@dataclass(frozen=True, slots=True)
class PageLaidOut:
    """One page laid out: in which layout of the book (the first, or one made again to set
    misplaced notes on their pages), its number, and whether it is laid out again in the
    same layout (for references to pages)."""

    layout: int
    page: int
    again: bool = False


page_listener: ContextVar[Callable[[PageLaidOut], None] | None] = ContextVar(
    "page_listener", default=None)
"""Who is told of each page laid out as a PageLaidOut instead of as a status line (the
preview, which says how far the layout is of the pages it expects)."""

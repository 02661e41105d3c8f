"""Laying the book out until every note stands on the page of its call."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from functools import partial
from typing import Any

from weasyprint import CSS, HTML

from tarkbook.edition import EditionFailed
from tarkbook.pdf.boxes import block_of, part_of, split_block
from tarkbook.pdf.footnotes import (
    Candidates,
    Fixes,
    PartOf,
    Placement,
    call_anchor,
    describe,
    mend,
    placements,
)
from tarkbook.pdf.status import PageLaidOut, page_listener, pages_laid_out


def _ignore(_: str) -> None:
    return None


def _page_status(
    status: Callable[[str], None], doing: str, layout: int, page: int, again: bool
) -> None:
    listener = page_listener.get()
    if listener is not None:
        listener(PageLaidOut(layout, page, again))
    else:
        status(f"{doing} page {page} again, for the references to pages" if again
               else f"{doing} page {page}")


def lay_out(
    html: HTML, sheets: Sequence[Any], numbers: Sequence[int],
    progress: Callable[[str], None], status: Callable[[str], None] = _ignore,
    mended: list[Fixes] | None = None, **options: Any,
) -> Any:
    """The laid-out Document of ``html`` with every note of ``numbers`` on its call's page.

    Misplaced notes are mended (see pdf_footnotes) and the book laid out again until all
    are in place; raises EditionFailed when some note cannot be mended. Each page laid
    out is told to ``status`` (or, where ``status.page_listener`` is set, to it).
    ``options`` go to ``HTML.render``; ``font_config`` and ``url_fetcher`` are required.
    ``mended``, when given, holds the mending a layout of the same pages found before
    (the first layout starts from it) and is given the mending of this one.
    """
    fonts, fetcher = options["font_config"], options.pop("url_fetcher")
    fixes: Fixes | None = mended[-1] if mended else Fixes()
    layouts = 0
    misplaced: list[Placement] = []
    while fixes is not None:
        start = time.perf_counter()
        mending = CSS(string=fixes.css(), font_config=fonts, url_fetcher=fetcher)
        doing = (f"placing {len(misplaced)} note(s) on their pages, layout {layouts + 1}:"
                 if misplaced else "laying out")
        with pages_laid_out(partial(_page_status, status, doing, layouts + 1)):
            document = html.render(stylesheets=[*sheets, mending], **options)
        layouts += 1
        misplaced = [p for p in placements(document.pages, numbers) if not p.ok]
        progress(f"layout {layouts}: {len(document.pages)} pages in "
                 f"{time.perf_counter() - start:.2f} s, {len(misplaced)} note(s) to mend")
        if not misplaced:
            if mended is not None:
                mended.append(fixes)
            return document
        fixes = mend(fixes, misplaced, *_readers(document.pages))
        del document  # laid out again: the next layout need not share memory with this one
    raise EditionFailed(
        "the PDF edition failed: some notes could not be set on the page of their call ("
        + "; ".join(describe(placement) for placement in misplaced) + ")"
    )


def _readers(pages: Sequence[Any]) -> tuple[Candidates, PartOf]:
    def candidates(placement: Placement) -> list[str]:
        found = []
        if placement.call_page is not None:
            found.append(split_block(pages, placement.call_page - 1))
        found.append(block_of(pages, call_anchor(placement.number)))
        return [selector for selector in found if selector is not None]

    def part(placement: Placement) -> str | None:
        return part_of(pages, call_anchor(placement.number))

    return candidates, part

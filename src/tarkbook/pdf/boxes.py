"""Reading WeasyPrint's laid-out pages: the paragraph a page break splits, as a CSS selector."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from weasyprint.formatting_structure import boxes

from tarkbook.pdf.weasyprint.page_box import page_box

_IDENT = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")
_BLOCKS = frozenset({"p", "li", "blockquote", "figure", "h1", "h2", "h3", "div", "section"})


def split_block(pages: Sequence[Any], index: int) -> str | None:
    """A selector of the block whose lines run from page ``index`` (0-based) onto the next."""
    if index + 1 >= len(pages):
        return None
    last = _line_owners(pages[index])
    first = _line_owners(pages[index + 1])
    if not last or not first or last[-1] is not first[0]:
        return None
    return _selector(pages[index], last[-1])


def block_of(pages: Sequence[Any], anchor: str) -> str | None:
    """A selector of the paragraph (or other block) that holds the element ``anchor``."""
    found = _ancestor(pages, anchor, lambda element: element.tag in _BLOCKS)
    return None if found is None else _selector(*found)


def part_of(pages: Sequence[Any], anchor: str) -> str | None:
    """The id of the part (a ``section`` with an id) that holds the element ``anchor``."""
    found = _ancestor(pages, anchor, lambda e: e.tag == "section" and bool(e.get("id")))
    return None if found is None else str(found[1].get("id"))


def _ancestor(
    pages: Sequence[Any], anchor: str, wanted: Callable[[Any], bool]
) -> tuple[Any, Any] | None:
    """The page and the nearest element around ``anchor`` (itself included) that is wanted."""
    for page in pages:
        if anchor not in page.anchors:
            continue
        root = _root(page).element
        parents = {child: parent for parent in root.iter() for child in parent}
        element = next((e for e in root.iter() if e.get("id") == anchor), None)
        while element is not None and not wanted(element):
            element = parents.get(element)
        return None if element is None else (page, element)
    return None


def note_shares(pages: Sequence[Any]) -> dict[str, float]:
    """The share of its page's text area that each footnote fills, by the footnote's id."""
    shares: dict[str, float] = {}
    for page in pages:
        box = page_box(page)
        areas = [child for child in box.children if isinstance(child, boxes.FootnoteAreaBox)]
        if not areas or not box.height:
            continue
        for child in areas[0].children:
            ident = child.element.get("id") if child.element is not None else None
            if ident:
                shares[ident] = shares.get(ident, 0.0) + child.margin_height() / box.height
    return shares


def _root(page: Any) -> Any:
    return page_box(page).children[0]


def _line_owners(page: Any) -> list[Any]:
    """The elements of the blocks holding the page's lines of text, in order."""
    owners: list[Any] = []
    for parent, child in _walk(_root(page)):
        element = parent.element
        is_line = isinstance(child, boxes.LineBox) and element is not None
        if is_line and (not owners or owners[-1] is not element):
            owners.append(element)
    return owners


def _walk(box: Any) -> Iterator[tuple[Any, Any]]:
    if isinstance(box, boxes.ParentBox):
        for child in box.children:
            yield box, child
            if not isinstance(child, boxes.LineBox):
                yield from _walk(child)


def _selector(page: Any, element: Any) -> str | None:
    root = _root(page).element
    parents = {child: parent for parent in root.iter() for child in parent}
    steps: list[str] = []
    while True:
        ident = element.get("id") or ""
        if _IDENT.match(ident):
            return " > ".join([f"#{ident}", *steps])
        parent = parents.get(element)
        if parent is None:
            return None
        steps.insert(0, f":nth-child({list(parent).index(element) + 1})")
        element = parent

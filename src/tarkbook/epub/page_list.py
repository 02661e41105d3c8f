"""The print edition's pages in the EPUB: a page-break marker where each printed page
begins, and the page list that leads to them.

The places come from the print edition's layout (``pdf/page_starts.py``), as parts,
blocks and words (``render/page_places.py``). Each marker is an empty
``<span epub:type="pagebreak" role="doc-pagebreak" id="page-…" aria-label="…"/>`` before
the page's first word; at the start of a part it is the part's first child (before its
title), and at the start of a front leaf the first child of the document's body; a
page of the contents after its first begins inside the link of its first entry. Several
markers at one place (a blank page, then the page after it) stand in the order of the
pages. A document with markers is parsed and written again by lxml, so its bytes depend
on nothing but its own.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from lxml import etree

from tarkbook.epub.content import IMPRINT, NAV, TITLE_PAGE, Document, PageTarget
from tarkbook.render import page_places
from tarkbook.render.page_places import (
    START,
    PageStart,
    local,
    own_text,
    shared_leaf,
    text_blocks,
)

XHTML = "http://www.w3.org/1999/xhtml"
OPS = "http://www.idpf.org/2007/ops"
_FRONT = {page_places.TITLE_PAGE: TITLE_PAGE, page_places.IMPRINT: IMPRINT,
          page_places.CONTENTS: NAV}


class PlaceNotFound(ValueError):
    """A page's place that the EPUB's documents do not have (the editions disagree)."""


def marker_id(label: str) -> str:
    return f"page-{label}"


def page_targets(
    starts: Sequence[PageStart], files: Mapping[str, str],
) -> tuple[PageTarget, ...]:
    """The page list: a line for each of ``starts``, in the order of the pages. ``files``
    names the document of each section's ident. Raises PlaceNotFound for a part the
    EPUB does not have."""
    return tuple(PageTarget(start.label, f"{_href(start, files)}#{marker_id(start.label)}")
                 for start in starts)


def add_page_breaks(
    documents: Sequence[Document], starts: Sequence[PageStart], files: Mapping[str, str],
) -> tuple[Document, ...]:
    """``documents`` with a marker at the place of each of ``starts``. Raises
    PlaceNotFound for a place the documents do not have."""
    by_href = {document.href: document for document in documents}
    trees: dict[str, etree._Element] = {}
    blocks: dict[etree._Element, list[etree._Element]] = {}  # a marker adds no block
    for start in starts:
        href = _href(start, files)
        if href not in by_href:
            raise PlaceNotFound(f"page {start.label}: no document {href}")
        if href not in trees:
            trees[href] = etree.fromstring(by_href[href].content)
        _insert(trees[href], start, href, blocks)
    return tuple(
        replace(document, content=_serialize(document.content, trees[document.href]))
        if document.href in trees else document
        for document in documents
    )


def _href(start: PageStart, files: Mapping[str, str]) -> str:
    href = _FRONT.get(start.part) or files.get(start.part)
    if href is None:
        raise PlaceNotFound(f"page {start.label}: the EPUB has no part {start.part}")
    return href


def _marker(label: str) -> etree._Element:
    span = etree.Element(f"{{{XHTML}}}span")
    span.set(f"{{{OPS}}}type", "pagebreak")
    span.set("role", "doc-pagebreak")
    span.set("id", marker_id(label))
    span.set("aria-label", label)
    return span


def _is_marker(element: etree._Element) -> bool:
    return local(element.tag) == "span" and element.get("role") == "doc-pagebreak"


def _insert(
    root: etree._Element, start: PageStart, href: str,
    known: dict[etree._Element, list[etree._Element]],
) -> None:
    marker = _marker(start.label)
    if start.part in _FRONT:
        body = root.find(f"{{{XHTML}}}body")
        assert body is not None, "every content document has a body"
        if start.block == START:
            _at_start(body, marker)
            return
        part = shared_leaf(start.part, body)
    else:
        part = next((e for e in root.iter(f"{{{XHTML}}}section")
                     if (e.get("id") or "").startswith("s-")), None)
    if part is None:
        raise PlaceNotFound(f"page {start.label}: {href} has no such part")
    if start.block == START:
        _at_start(part, marker)
        return
    if part not in known:
        known[part] = text_blocks(part)
    blocks = known[part]
    if start.block >= len(blocks):
        raise PlaceNotFound(f"page {start.label}: {href} has {len(blocks)} blocks, not "
                            f"{start.block + 1}")
    block = blocks[start.block]
    if start.part == page_places.CONTENTS:  # a line of the contents holds its link only
        block = next((child for child in block if local(child.tag) == "a"), block)
    _before_word(block, start.word, marker)


def _at_start(parent: etree._Element, marker: etree._Element) -> None:
    """``marker`` as ``parent``'s first child, after the markers already there."""
    index = 0
    if parent.text and parent.text.strip():
        marker.tail, parent.text = parent.text, None
    while index < len(parent) and _is_marker(parent[index]) and not parent[index].tail:
        index += 1
    parent.insert(index, marker)


def _before_word(block: etree._Element, word: int, marker: etree._Element) -> None:
    """``marker`` just before the ``word``-th word of ``block``'s own text (after the
    markers already there); at the block's start when it has no words (a page that
    begins with a figure's image), at its end when it has fewer."""
    count, space = 0, True
    for element, kind, text in own_text(block):
        for offset, char in enumerate(text):
            if not char.isspace() and space:
                if count == word:
                    _split(block, element, kind, offset, marker)
                    return
                count += 1
            space = char.isspace()
    if word == 0:  # a block without words of its own: a figure's image
        _at_start(block, marker)
    else:
        block.append(marker)


def _split(
    block: etree._Element, element: etree._Element, kind: str, offset: int,
    marker: etree._Element,
) -> None:
    if kind == "tail":
        parent = element.getparent()
        assert parent is not None
        marker.tail, element.tail = (element.tail or "")[offset:], (element.tail or "")[:offset]
        parent.insert(parent.index(element) + 1, marker)
        return
    if offset == 0 and element is not block:  # a word opening an inline element
        target = element
        while True:
            parent = target.getparent()
            assert parent is not None
            opens = parent.index(target) == 0 and not (parent.text or "").strip()
            if parent is block or not opens:
                break
            target = parent
        parent.insert(parent.index(target), marker)
        return
    marker.tail, element.text = (element.text or "")[offset:], (element.text or "")[:offset]
    element.insert(0, marker)


def _serialize(original: bytes, root: etree._Element) -> bytes:
    """The document again: its own prolog (XML declaration, doctype), then the tree."""
    prolog = original[: original.index(b"<html")]
    return prolog + etree.tostring(root, encoding="utf-8") + b"\n"

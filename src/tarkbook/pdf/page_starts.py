"""Where each laid-out page begins, for the EPUB's page list (see render/page_places.py).

A page begins at the first word of its running text: the lines of the page's main flow,
not its running head or folio (margin boxes) nor its notes (the footnote area). The word
is found by counting the letters of the block's lines on the pages before: a word
hyphenated across the page break is the page's first word (the marker stands before it).

A table's header row repeated on a page the table goes on to is not that page's text: the
page begins at its first row of the table's body.

A page with no counterpart in the EPUB takes the place of the next page that has one: a
blank page (a verso left empty before a part, which opens on a recto) and the half-title.
Pages after the last with running text (the blank pages that fill a signature) are left
out. A page of the title page or the imprint is placed as a page of a section is, in the
markup both editions share; a page of the contents begins at the EPUB's navigation
document's start.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from weasyprint.formatting_structure import boxes

from tarkbook.model import Book
from tarkbook.pdf.weasyprint.page_box import page_box
from tarkbook.render.page_places import (
    BLOCK_TAGS,
    CONTENTS,
    IMPRINT,
    START,
    TITLE_PAGE,
    PageStart,
    is_note,
    letters,
    local,
    own_text,
    shared_leaf,
    text_blocks,
    word_at,
)

_LEAVES = {"title-leaf": TITLE_PAGE, "imprint-leaf": IMPRINT, "contents": CONTENTS}
"""The front leaves of the print HTML, by class, that the EPUB has as documents."""
_HYPHENS = "-\u2010"


def page_labels(pages: int, first_arabic_page: int) -> list[str]:
    """The printed folio of each of ``pages`` pages, as the PDF's page labels give them
    (see pdf/finish.py): i, ii, … before ``first_arabic_page`` (0-based), then 1, 2, …"""
    return [_roman(index + 1) if index < first_arabic_page
            else str(index - first_arabic_page + 1) for index in range(pages)]


def page_starts(document: Any, book: Book, first_arabic_page: int) -> tuple[PageStart, ...]:
    """Where each page of the laid-out ``document`` begins, labelled with its folio."""
    pages = document.pages
    labels = page_labels(len(pages), first_arabic_page)
    # The pages may come from more than one laid-out tree (an index set again alone).
    parents = {child: parent
               for root in dict.fromkeys(_main_flow(page).element for page in pages)
               for parent in root.iter() for child in parent}
    parts = {f"part-{section.ident}": section.ident for section in book.sections}
    counted: dict[Any, int] = {}
    blocks: dict[Any, list[Any]] = {}
    places: list[tuple[str, int, int] | None] = []
    heads: dict[Any, int] = {}  # a table's header cell: the page it was first set on
    for number, page in enumerate(pages):
        place = None
        first = True
        for element, text in _lines(_main_flow(page)):
            owner = _owner(element, parents)
            # A table's header row repeated on the pages it goes on to: not text of the
            # page's own, which begins at the next row.
            if owner is not None and local(owner.tag) == "th" \
                    and heads.setdefault(owner, number) != number:
                continue
            before = counted.get(owner, 0)
            if first:
                place, first = _place(element, owner, before, parents, parts, blocks), False
            if owner is not None:
                counted[owner] = before + _letters_of(owner, text, before)
        places.append(place)
    starts: list[PageStart] = []
    following = None
    for label, place in reversed(list(zip(labels, places, strict=True))):
        following = place or following
        if following is not None:
            starts.append(PageStart(label, *following))
    return tuple(reversed(starts))


def _main_flow(page: Any) -> Any:
    return page_box(page).children[0]


def _lines(box: Any) -> Iterator[tuple[Any, str]]:
    """Each line of the main flow (and each image), with its element and its own text (no
    note, no generated content)."""
    for child in box.children if isinstance(box, boxes.ParentBox) else ():
        if isinstance(child, boxes.LineBox):
            text = "".join(_texts(child))
            if letters(text) or _has_image(child):
                yield child.element, text
        elif isinstance(child, boxes.BlockReplacedBox):
            yield child.element, ""
        elif not isinstance(child, boxes.FootnoteAreaBox):
            yield from _lines(child)


def _texts(box: Any) -> Iterator[str]:
    for child in box.children:
        if "::" in (child.element_tag or "") or (child.element is not None
                                                 and is_note(child.element)):
            continue
        if isinstance(child, boxes.TextBox):
            yield child.text
        elif isinstance(child, boxes.ParentBox):
            yield from _texts(child)


def _has_image(box: Any) -> bool:
    return any(isinstance(child, boxes.InlineReplacedBox)
               or (isinstance(child, boxes.ParentBox) and _has_image(child))
               for child in box.children)


def _owner(element: Any, parents: dict[Any, Any]) -> Any:
    """The block of BLOCK_TAGS that ``element`` is in (None: none)."""
    while element is not None and local(element.tag) not in BLOCK_TAGS:
        element = parents.get(element)
    return element


def _letters_of(owner: Any, text: str, before: int) -> int:
    """How many of the block's letters the line ``text`` holds, ``before`` being those of
    its lines before: a hyphen that the line breaking added is not one of them."""
    own = letters(text)
    if own and own[-1] in _HYPHENS:
        whole = letters("".join(text for _, _, text in own_text(owner)))
        if whole[before + len(own) - 1: before + len(own)] != own[-1]:
            return len(own) - 1
    return len(own)


def _place(
    element: Any, owner: Any, letter: int, parents: dict[Any, Any], parts: dict[str, str],
    blocks: dict[Any, list[Any]],
) -> tuple[str, int, int] | None:
    """The part, block and word of a page that begins at ``owner``'s ``letter``-th letter;
    None for a page in a leaf the EPUB does not have. ``element`` is the page's first
    line's."""
    while element is not None:
        ident = element.get("id") or ""
        if local(element.tag) == "section" and ident in parts:
            if element not in blocks:
                blocks[element] = text_blocks(element)
            if owner is None or owner not in blocks[element]:
                return parts[ident], START, 0
            return parts[ident], blocks[element].index(owner), word_at(owner, letter)
        for name in [*(element.get("class") or "").split(), ident]:
            if name in _LEAVES:
                return _in_leaf(_LEAVES[name], element, owner, letter, blocks)
        if local(element.tag) == "body":
            return None
        element = parents.get(element)
    return None


def _in_leaf(
    part: str, leaf: Any, owner: Any, letter: int, blocks: dict[Any, list[Any]],
) -> tuple[str, int, int]:
    """The place in a front leaf: its start, or a block of what both editions share."""
    shared = shared_leaf(part, leaf)
    if shared is None or owner is None:
        return part, START, 0
    if shared not in blocks:
        blocks[shared] = text_blocks(shared)
    if owner not in blocks[shared]:
        return part, START, 0
    return part, blocks[shared].index(owner), word_at(owner, letter)


_NUMERALS = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
             (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))


def _roman(number: int) -> str:
    out = []
    for value, numeral in _NUMERALS:
        while number >= value:
            out.append(numeral)
            number -= value
    return "".join(out)


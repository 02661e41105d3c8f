"""Places in the text that both editions share: where a printed page begins, said so that
the EPUB can find the same place.

A place is a *part* (a section of the book by its ident, or one of the front leaves), a
*block* of that part and a *word* of that block. The blocks of a part are its elements of
``BLOCK_TAGS`` in document order, leaving out the part's title and the notes; both
editions render a section's body with the same templates (``partials/body.html``), so
the n-th block of a section is the same paragraph, list item or caption in the print
HTML (``section#part-<ident>``) and in the EPUB (``section#s-<stem>``); the title page
and the imprint are counted in the markup both take from ``partials/front.html`` (see
``shared_leaf``). A block's words are its own text (not that of blocks inside it, not a
note's) split at white space; a note call is no word of its own (the print edition sets
it as a footnote, the EPUB as a link, and neither is counted).

This module reads element trees only (WeasyPrint's and lxml's alike): both editions call it.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

BLOCK_TAGS = frozenset({"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "figure",
                        "figcaption", "dt", "dd", "pre", "caption", "th", "td"})
"""The elements whose words a page can begin in (and ``figure``, for a page that begins
with an image)."""

START = -1
"""The block of a place at the very start of its part, before its title."""

TITLE_PAGE, IMPRINT, CONTENTS = "@title-page", "@imprint", "@contents"
"""The parts of the front leaves that the EPUB has too (a section's ident has no '@')."""

SHARED_LEAVES = {TITLE_PAGE: "title-page", IMPRINT: "imprint"}
"""The front leaves whose markup both editions take from ``partials/front.html``, with the
class of its element: their blocks are counted in it. The contents is the EPUB's own
navigation: its first page begins at its start, a page after it at one of its entries
(``shared_leaf``)."""


@dataclass(frozen=True, slots=True)
class PageStart:
    """Where a printed page begins: its printed folio (the PDF's page label), and the part,
    block and word of the first word of its running text."""

    label: str
    part: str
    block: int = START
    word: int = 0


def local(tag: object) -> str:
    """An element's tag without its namespace ('p' for '{http://www.w3.org/1999/xhtml}p');
    '' for a comment or a processing instruction."""
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


def is_note(element: Any) -> bool:
    """A note or a note's call: the print edition's footnote, the EPUB's note reference
    and the EPUB's notes at a section's end."""
    tag = local(element.tag)
    classes = (element.get("class") or "").split()
    return ((tag == "span" and "footnote" in classes) or tag == "aside"
            or (tag == "a" and element.get("role") == "doc-noteref"))


ADDED = "added"
"""The class of words one edition adds that the other has not (the print edition's page of
a reference and address of a link): no place counts them."""


def is_added(element: Any) -> bool:
    return ADDED in (element.get("class") or "").split()


def is_title(element: Any) -> bool:
    """A part's own title: the print edition's ``h1.part-title``, the EPUB's ``h1#…-title``."""
    return local(element.tag) == "h1" and (
        "part-title" in (element.get("class") or "").split()
        or (element.get("id") or "").endswith("-title"))


def text_blocks(part: Any) -> list[Any]:
    """The blocks of ``part`` in document order: its elements of BLOCK_TAGS, not its title,
    nothing inside a note or the title."""
    found: list[Any] = []

    def walk(element: Any) -> None:
        for child in element:
            tag = local(child.tag)
            if not tag or is_note(child) or is_added(child) or is_title(child):
                continue
            if tag in BLOCK_TAGS:
                found.append(child)
            walk(child)

    walk(part)
    return found


def shared_leaf(part: str, element: Any) -> Any:
    """The element of the front leaf ``part`` that both editions render alike, found in
    ``element`` (None: none). The contents' is the list of its entries: the print
    edition's ``nav.contents`` and the EPUB's ``nav#toc`` list the same sections, one
    ``li`` each, so a page of a contents over several pages begins at an entry of both."""
    if part == CONTENTS:
        for found in element.iter():
            if local(found.tag) == "nav" and (
                    "contents" in (found.get("class") or "").split()
                    or found.get("id") == "toc"):
                return next((child for child in found if local(child.tag) == "ol"), None)
        return None
    name = SHARED_LEAVES.get(part)
    for found in element.iter():
        if name and name in (found.get("class") or "").split() and local(found.tag) == "div":
            return found
    return None


def own_text(block: Any) -> Iterator[tuple[Any, str, str]]:
    """The pieces of ``block``'s own text in order, as (element, 'text' or 'tail', text):
    an element's text, then its children's, each followed by the child's tail; a note and
    a block inside it give nothing (their tails are the block's)."""
    if block.text:
        yield block, "text", block.text
    for child in block:
        tag = local(child.tag)
        if tag and not is_note(child) and not is_added(child) and tag not in BLOCK_TAGS:
            yield from own_text(child)
        if child.tail:
            yield child, "tail", child.tail


def words(block: Any) -> list[str]:
    """The words of ``block``'s own text."""
    return "".join(text for _, _, text in own_text(block)).split()


def letters(text: str) -> str:
    """``text`` without white space and the invisible format characters (a soft hyphen, a
    zero-width space, a Persian zero-width non-joiner): what a line's glyphs are counted
    in."""
    return "".join(char for char in text
                   if not char.isspace() and unicodedata.category(char) != "Cf")


def word_at(block: Any, letter: int) -> int:
    """The index of the word of ``block`` that holds its ``letter``-th letter (0-based,
    counted as ``letters`` counts); the number of words when it is past the last."""
    seen = 0
    for index, word in enumerate(words(block)):
        seen += len(letters(word))
        if letter < seen:
            return index
    return len(words(block))

"""Links and references as the print edition sets them: a reader of paper cannot follow a
link, so the address is printed after it; a reference to a place in the book is followed
by the page that place begins on, which the layout gives (``target-counter``)."""

from __future__ import annotations

import re

from markupsafe import Markup, escape

from tarkbook.model import Book, Link, Reference
from tarkbook.render.credits import book_labels
from tarkbook.render.inlines import LinkHead, LinkRenderer, ReferenceHead, plain_text
from tarkbook.render.page_places import ADDED
from tarkbook.render.places import places

BREAK_AFTER = re.compile(r"(?<=[/.])(?=[^/.])")
"""Where an address may break: after a run of '/' or '.' that more follows."""

ZERO_WIDTH_SPACE = "\u200b"


LONGEST_KEPT = 30
"""Letters of the longest piece of an address kept whole between its '/' and '.' (a
longer one may break where its own letters let it, at a hyphen, so as not to run past
the line)."""


def breakable_address(address: str) -> Markup:
    """``address`` with a break opportunity (a zero-width space) after each '/' and '.',
    the only places the line may break it: each piece between is kept whole (it would
    break at its hyphens), unless it is too long for that."""
    pieces = BREAK_AFTER.split(address)
    return Markup(ZERO_WIDTH_SPACE).join(
        Markup('<span class="whole">{}</span>').format(piece)
        if len(piece) <= LONGEST_KEPT and "-" in piece else escape(piece)
        for piece in pieces)


def shown_address(href: str) -> str:
    """What the page prints of a link's address: a mail address without ``mailto:``."""
    return href.removeprefix("mailto:")


def print_links(book: Book) -> LinkRenderer:
    """How the print edition renders a link (with its address, unless the book says
    ``[print] link_addresses = false``) and a reference (with its page)."""
    labels = book_labels(book)
    named = places(book)
    show_addresses = book.print_settings.link_addresses

    def links(node: Link | Reference, text: Markup) -> Markup:
        if isinstance(node, Reference):
            place = named[node.target]
            target = place.element or f"part-{book.sections[place.section].ident}"
            if isinstance(node, ReferenceHead):
                return Markup('<a href="#{}">{}</a>').format(target, text)
            front = " front" if place.section < book.body_start else ""
            page = Markup('<span class="page-ref{}" data-target="#{}"></span>').format(
                front, target)
            form = labels.table["reference" if node.children else "page_reference"]
            before, _, after = form.partition("{text}")
            words = Markup("").join((_added(before, page), text, _added(after, page)))
            return Markup('<a class="reference" href="#{}">{}</a>').format(target, words)
        title = Markup(' title="{}"').format(node.title) if node.title else Markup("")
        address = shown_address(node.href)
        if plain_text(node.children) in (node.href, address):
            # The text is the address: it breaks as an address does.
            return Markup('<a class="address" href="{}"{}>{}</a>').format(
                node.href, title, breakable_address(address))
        link = Markup('<a href="{}"{}>{}</a>').format(node.href, title, text)
        if not show_addresses or isinstance(node, LinkHead):
            return link
        return Markup('{}<span class="link-address {}"> ({})</span>').format(
            link, ADDED, breakable_address(address))

    return links


def _added(form: str, page: Markup) -> Markup:
    """The words of a reference's label around its text, the page filled in."""
    if not form:
        return Markup("")
    return Markup('<span class="{}">{}</span>').format(
        ADDED, Markup(escape(form)).format(page=page))

"""The markup of a book's index, the same in both editions (so that a printed page of the
index begins at the same entry and word in the EPUB): letter groups, entries and
sub-entries as nested lists, marked up per EPUB Indexes 1.0 (``index-group``,
``index-entry-list``, ``index-entry``, ``index-term``, ``index-locator``,
``index-locator-range``, ``index-xref-preferred``, ``index-xref-related``). Each edition
says where a locator leads."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from markupsafe import Markup

from tarkbook.manuscript.index_marks import LEVEL_SEPARATOR
from tarkbook.render.index_entries import Entry, Group, Locator, PageOf, Place, locators
from tarkbook.render.labels import Labels

PlaceLink = Callable[[Place], str]
"""The address of a place in an edition: ``#id`` in print, ``document#id`` in the EPUB."""

RANGE_DASH = "\u2013"
SUB_ENTRY = ": "
"""Between a heading and its sub-entry in a cross-reference: ``see="Linnaeus, Carl!on
Gotland"`` prints "see Linnaeus, Carl: on Gotland"."""


def index_markup(
    groups: Sequence[Group], page_of: PageOf | None, link: PlaceLink, labels: Labels,
) -> Markup:
    """The entries of the index, under their letters."""
    parts = [Markup('<div class="index-entries">')]
    for group in groups:
        parts.append(Markup('<div class="index-group" epub:type="index-group">'))
        if group.letter:
            parts.append(Markup('<h2 class="index-letter">{}</h2>').format(group.letter))
        parts.append(_entries(group.entries, page_of, link, labels))
        parts.append(Markup("</div>"))
    parts.append(Markup("</div>"))
    return Markup("\n").join(parts)


def _entries(
    entries: Sequence[Entry], page_of: PageOf | None, link: PlaceLink, labels: Labels,
) -> Markup:
    items = Markup("").join(_entry(entry, page_of, link, labels) for entry in entries)
    return Markup('<ul class="index-entry-list" epub:type="index-entry-list">{}</ul>').format(
        items)


def _entry(entry: Entry, page_of: PageOf | None, link: PlaceLink, labels: Labels) -> Markup:
    found = locators(entry.places, page_of)
    text = Markup('<span class="index-term" epub:type="index-term">{}</span>').format(
        entry.term)
    if found:
        text += Markup(", ") + Markup(", ").join(_locator(one, link) for one in found)
    xrefs = [_xref(labels.table["index_see"], term, "index-xref-preferred") for term in entry.see]
    xrefs += [_xref(labels.table["index_see_also"], term, "index-xref-related")
              for term in entry.see_also]
    if xrefs:
        text += Markup("; " if found else ", ") + Markup("; ").join(xrefs)
    if entry.subentries:
        text += _entries(entry.subentries, page_of, link, labels)
    return Markup('<li class="index-entry" epub:type="index-entry">{}</li>').format(text)


def _locator(locator: Locator, link: PlaceLink) -> Markup:
    first = _link(locator.first, locator.start, link)
    if locator.last is None:
        return first
    return Markup('<span class="index-locator-range" epub:type="index-locator-range">'
                  '{}{}{}</span>').format(first, RANGE_DASH,
                                          _link(locator.last, locator.end, link))


def _link(place: Place, text: str, link: PlaceLink) -> Markup:
    return Markup('<a class="index-locator" epub:type="index-locator" href="{}">{}</a>').format(
        link(place), text)


def _xref(form: str, term: str, kind: str) -> Markup:
    """A cross-reference: the label's words in italics (with the space after them, which
    the PDF's text then keeps), the heading upright."""
    before, _, after = form.partition("{heading}")
    words = Markup("<em>{}</em>").format(before) if before.strip() else Markup(before)
    words += Markup('<span class="index-xref-term">{}</span>').format(
        SUB_ENTRY.join(term.split(LEVEL_SEPARATOR)))
    if after.strip():
        words += Markup("<em>{}</em>").format(after)
    return Markup('<span class="index-xref" epub:type="{}">{}</span>').format(kind, words)

"""Formatting the book's citations by its CSL style with citeproc-py, once the whole
manuscript is read: each ``Citation`` becomes the text the style gives (or, in a style
that makes notes, a note of its own, numbered with the book's notes), and the section of
kind ``bibliography`` ends with the works cited.

Both editions render the nodes that come of it, so they print the same words.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, fields, is_dataclass, replace
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tarkbook.diagnostics import Reporter, SourcePos
from tarkbook.manuscript.bibliography import BibliographySettings, Work, read_works
from tarkbook.manuscript.blocks import NoteDefinition
from tarkbook.manuscript.citation_html import html_inlines
from tarkbook.manuscript.citation_style import load_style
from tarkbook.manuscript.citeproc_lookups import searches_remembered
from tarkbook.manuscript.inlines import CITATION_NOTE, citation_note_key
from tarkbook.manuscript.suggest import closest
from tarkbook.model import (
    Block,
    Citation,
    Inline,
    NoteCall,
    Paragraph,
    ProseSection,
    Section,
    Text,
    WorksCited,
)

if TYPE_CHECKING:
    from citeproc import CitationStylesBibliography, CitationStylesStyle

    from tarkbook.manuscript.config import Config, SectionEntry

_NAME_VARIABLES = (
    "author", "editor", "translator", "director", "composer", "interviewer", "illustrator",
    "container_author", "collection_editor", "editorial_director", "original_author",
    "recipient", "reviewed_author",
)
"""The name variables a style may print first, as citeproc-py spells them: the first a
work has is the one ``[-@key]`` leaves out."""
_MASK = "\ue000"
"""A name no work has, put in place of the author to find where the style prints it."""
_AFTER_MASK = re.compile(f"{_MASK}[\\s,.:;]*")


@dataclass(frozen=True, slots=True)
class Cited:
    """The book with its citations formatted: the sections (the bibliography's with the
    works cited), the note definitions and the calls (with the citations that became notes
    in a note style, none in another)."""

    sections: list[Section]
    definitions: list[NoteDefinition]
    calls: list[NoteCall]


def format_citations(
    folder: Path, settings: BibliographySettings, language: str, sections: list[Section],
    definitions: list[NoteDefinition], calls: list[NoteCall], reporter: Reporter,
) -> Cited:
    """Every citation of ``sections`` and ``definitions`` formatted by the book's style;
    problems (an unknown key, a bad bibliography or style) are reported, and the
    citations are then left as they are written."""
    found = list(_reading_order(sections, definitions))
    plain = Cited(_as_written(sections), _as_written_notes(definitions),
                  _without_citation_calls(calls))
    if not settings.file:
        for citation, _ in found:
            if not citation.in_text:
                reporter.report("K005", citation.pos, source=citation.source)
        return plain
    works = read_works(folder, settings, reporter)
    style = load_style(folder, settings, language, reporter)
    if works is None or style is None:
        return plain
    unknown = False
    for citation, _ in found:
        for item in citation.items:
            if item.key.lower() not in works:
                unknown = True
                near = closest(item.key, [str(w.item["id"]) for w in works.values()])
                hint = f"; did you mean '@{near}'?" if near else ""
                reporter.report("K001", citation.pos, key=item.key, hint=hint)
    if unknown:
        return plain
    before = len(reporter.errors)
    made = _Formatter(style, works, settings).run(found, reporter)
    if made is None or len(reporter.errors) > before:
        return plain
    texts, notes, entries = made
    note_style = style.root.get("class") == "note"
    new_sections = _rewrite(sections, texts)
    if entries is not None:
        new_sections = _with_works_cited(new_sections, entries, settings.file_pos, reporter)
    new_definitions = [replace(d, blocks=_rewrite(d.blocks, texts)) for d in definitions]
    new_definitions.extend(notes)
    return Cited(new_sections, new_definitions,
                 calls if note_style else _without_citation_calls(calls))


class _Formatter:
    """One run of citeproc-py over the book's citations, in reading order."""

    def __init__(self, style: CitationStylesStyle, works: dict[str, Work],
                 settings: BibliographySettings) -> None:
        from citeproc import CitationStylesBibliography, formatter
        from citeproc.source.json import CiteProcJSON

        self.style = style
        self.works = works
        self.settings = settings
        with warnings.catch_warnings():  # fields citeproc-py does not know are left out
            warnings.simplefilter("ignore")
            self.source = CiteProcJSON([work.item for work in works.values()])
        self.bibliography: CitationStylesBibliography = CitationStylesBibliography(
            style, self.source, formatter.html)
        self.note_style = style.root.get("class") == "note"

    def run(
        self, found: list[tuple[Citation, bool]], reporter: Reporter
    ) -> tuple[dict[SourcePos, tuple[Inline, ...]], list[NoteDefinition],
               list[Block] | None] | None:
        from citeproc import Citation as CiteprocCitation
        from citeproc import CitationItem

        texts: dict[SourcePos, tuple[Inline, ...]] = {}
        notes: list[NoteDefinition] = []
        try:
            with warnings.catch_warnings(), searches_remembered():
                warnings.simplefilter("ignore")
                made = [citeproc_citation(c) for c, _ in found]
                for cited in made:
                    self.bibliography.register(cited)
                if self.settings.all:
                    for key in self.works:
                        self.bibliography.register(CiteprocCitation([CitationItem(key)]))
                for (citation, in_note), cited in zip(found, made, strict=True):
                    html, names, suppressed = self._cite(citation, cited)
                    text = suppressed if any(i.suppress_author for i in citation.items) \
                        else html
                    if self.note_style and not in_note:
                        key = citation_note_key(citation.pos)
                        body = html if citation.in_text else text
                        paragraph = Paragraph(html_inlines(body, citation.pos), citation.pos)
                        notes.append(NoteDefinition(key, (paragraph,), citation.pos))
                        call = NoteCall(key, citation.pos)
                        lead = (Text(names, citation.pos),) if citation.in_text and names \
                            else ()
                        texts[citation.pos] = (*lead, call)
                    elif citation.in_text and names and not self.note_style:
                        joined = f"{names} {suppressed}"
                        texts[citation.pos] = html_inlines(joined, citation.pos)
                    else:
                        if self.note_style:  # in a note: the note's own punctuation follows
                            text = text.removesuffix(".")
                        texts[citation.pos] = html_inlines(text, citation.pos)
                entries = self._works_cited()
        except Exception as exc:  # citeproc-py's CSL support is partial: any failure is one
            where = self.settings.style_pos or SourcePos(self.settings.style)
            reporter.report("K004", where, file=self.settings.style,
                            reason=f"citeproc-py cannot format with it "
                                   f"({type(exc).__name__}: {exc})")
            return None
        return texts, notes, entries

    def _cite(self, citation: Citation, cited: Any) -> tuple[str, str, str]:
        """The citation as the style gives it, the names the style prints first (empty
        when it prints none), and the citation without them."""
        masked_keys = [i.key for i in citation.items if i.suppress_author or citation.in_text]
        # The masked one first: the full one counts as cited (for "ibid.") once made.
        masked = self._masked(cited, masked_keys) if masked_keys else ""
        full = str(self.bibliography.cite(cited, _ignore))
        if _MASK not in masked:
            return full, "", full
        head, tail = masked.split(_MASK, 1)
        tail = tail.split(_MASK, 1)[0]
        names = ""
        if full.startswith(head) and full.endswith(tail) and len(full) > len(head) + len(tail):
            names = full[len(head):len(full) - len(tail)]
        return full, names, _AFTER_MASK.sub("", masked)

    def _masked(self, cited: Any, keys: list[str]) -> str:
        """The citation again, each work of ``keys`` with a mask for its first names; the
        position of the book's citations (ibid., subsequent) is left as it was."""
        from citeproc.source import Name

        saved = []
        for key in keys:
            reference = self.source[key.lower()]
            for variable in _NAME_VARIABLES:
                if variable in reference:
                    saved.append((reference, variable, reference[variable]))
                    reference[variable] = [Name(family=_MASK)]
                    break
        cites = self.bibliography._cites  # the positions citeproc-py keeps
        count = len(cites)
        try:
            return str(self.bibliography.cite(cited, _ignore))
        finally:
            del cites[count:]
            for reference, variable, value in saved:
                reference[variable] = value

    def _works_cited(self) -> list[Block] | None:
        if not self.style.has_bibliography():
            return None
        self.bibliography.sort()
        entries: list[Block] = []
        for item, text in zip(self.bibliography.items, self.bibliography.bibliography(),
                              strict=True):
            pos = self.works[item.key].pos
            entries.append(Paragraph(html_inlines(str(text), pos), pos))
        return entries


def citeproc_citation(citation: Citation) -> Any:
    """The citation as citeproc-py takes it."""
    from citeproc import Citation as CiteprocCitation
    from citeproc import CitationItem, Locator

    items = []
    for item in citation.items:
        options: dict[str, Any] = {}
        if item.locator:
            options["locator"] = Locator(item.label or "page", item.locator)
        if item.prefix:
            options["prefix"] = _escape(item.prefix) + " "
        if item.suffix:
            options["suffix"] = ", " + _escape(item.suffix) if not item.locator \
                else " " + _escape(item.suffix)
        items.append(CitationItem(item.key, **options))
    return CiteprocCitation(items)


def _escape(text: str) -> str:
    """Text of the manuscript in citeproc-py's HTML output, which does not escape it."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _ignore(item: Any) -> None:
    """citeproc-py's report of a key it does not know: every key is checked before."""


# ------------------------------------------------------------------ the book's nodes


def _reading_order(
    sections: Iterable[Section], definitions: list[NoteDefinition]
) -> Iterator[tuple[Citation, bool]]:
    """Every citation as a reader meets it, and whether it stands in a note: the text, and
    each note's at its first call; the notes never called last."""
    by_key = {d.key: d for d in definitions}
    seen: set[str] = set()
    order: list[tuple[Citation, bool]] = []

    def visit(node: Citation | NoteCall, in_note: bool) -> None:
        if isinstance(node, Citation):
            order.append((node, in_note))
        elif node.key not in seen and node.key in by_key:
            seen.add(node.key)
            _walk(by_key[node.key].blocks, lambda inner: visit(inner, True))

    _walk(tuple(sections), lambda node: visit(node, False))
    for definition in definitions:
        if definition.key not in seen:
            seen.add(definition.key)
            _walk(definition.blocks, lambda inner: visit(inner, True))
    return iter(order)


@cache
def _node_fields(kind: Any) -> tuple[str, ...]:
    return tuple(f.name for f in fields(kind) if f.init)


_LEAVES = (str, int, bool, float, SourcePos, Text, type(None))


def _walk(value: Any, visit: Callable[[Citation | NoteCall], None]) -> None:
    if isinstance(value, _LEAVES):
        return
    if isinstance(value, tuple | list):
        for item in value:
            _walk(item, visit)
    elif isinstance(value, Citation | NoteCall):
        visit(value)
    elif is_dataclass(value):
        for name in _node_fields(value.__class__):
            _walk(getattr(value, name), visit)


def _map(value: Any, change: Callable[[Citation], tuple[Inline, ...]]) -> Any:
    """``value`` with every citation in it replaced by the nodes ``change`` gives; what
    holds none is kept as it is."""
    if isinstance(value, _LEAVES):
        return value
    if isinstance(value, tuple):
        out: list[Any] = []
        changed = False
        items = list(value)
        for index, item in enumerate(items):
            if isinstance(item, Citation):
                nodes = change(item)
                if len(nodes) == 1 and isinstance(nodes[0], NoteCall):
                    _call_after_punctuation(out, items, index)
                out.extend(nodes)
                changed = True
            else:
                new = _map(item, change)
                changed = changed or new is not item
                out.append(new)
        return tuple(out) if changed else value
    if is_dataclass(value) and not isinstance(value, type):
        updates = {}
        for name in _node_fields(value.__class__):
            old = getattr(value, name)
            new = _map(old, change)
            if new is not old:
                updates[name] = new
        return replace(value, **updates) if updates else value
    return value


def _call_after_punctuation(out: list[Any], items: list[Any], index: int) -> None:
    """A citation that became a note: its call follows the word with no space between, and
    the punctuation after it ("in coin [@key]." gives "in coin.¹")."""
    if out and isinstance(out[-1], Text):
        kept = out[-1].text.rstrip()
        if kept:
            out[-1] = Text(kept, out[-1].pos)
        else:
            out.pop()
    after = items[index + 1] if index + 1 < len(items) else None
    if isinstance(after, Text) and after.text[:1] in _PUNCTUATION:
        out.append(Text(after.text[0], after.pos))
        items[index + 1] = Text(after.text[1:], after.pos)


_PUNCTUATION = tuple(".,;:!?")


def _rewrite(items: Any, texts: dict[SourcePos, tuple[Inline, ...]]) -> Any:
    result = _map(tuple(items), lambda citation: texts[citation.pos])
    return list(result) if isinstance(items, list) else result


def _as_written(sections: list[Section]) -> list[Section]:
    return list(_map(tuple(sections), _source))


def _as_written_notes(definitions: list[NoteDefinition]) -> list[NoteDefinition]:
    return [replace(d, blocks=_map(d.blocks, _source)) for d in definitions]


def as_written(nodes: tuple[Inline, ...]) -> tuple[Inline, ...]:
    """``nodes`` with each citation as its text (in book.toml's texts, which cite nothing)."""
    result: tuple[Inline, ...] = _map(nodes, _source)
    return result


def _source(citation: Citation) -> tuple[Inline, ...]:
    return (Text(citation.source, citation.pos),)


def _without_citation_calls(calls: list[NoteCall]) -> list[NoteCall]:
    return [call for call in calls if not call.key.startswith(CITATION_NOTE)]


def _with_works_cited(
    sections: list[Section], entries: list[Block], where: SourcePos, reporter: Reporter
) -> list[Section]:
    """The works cited at the end of the first section of kind bibliography."""
    for index, section in enumerate(sections):
        if isinstance(section, ProseSection) and section.kind == "bibliography":
            works = WorksCited(tuple(entries), "", "", section.pos)
            sections = list(sections)
            sections[index] = replace(section, blocks=(*section.blocks, works))
            return sections
    if entries:
        reporter.report("K009", where)
    return sections


def works_cited_section(entry: SectionEntry, config: Config, reporter: Reporter) -> Section:
    """A section of kind bibliography without a file: its title the language's word, its
    body the works cited (added once the citations are formatted)."""
    from tarkbook.render.labels import labels_for

    if config.bibliography is None or not config.bibliography.file:
        reporter.report("K006", entry.pos)
    labels = labels_for(config.metadata.language or "en", config.labels)
    title = (Text(labels.words("bibliography"), entry.pos),)
    return ProseSection("bibliography", WORKS_CITED_IDENT, title, (), entry.pos,
                        show_title=entry.show_title)


WORKS_CITED_IDENT = "works-cited"
"""The name of a bibliography section without a file, in the editions' ids."""

"""The paragraphs of a document (or a note) as blocks: headings, paragraphs, quotations,
list items, scene breaks and figures, with the place of each.

A paragraph is a heading by its style ("heading 1" to "heading 3", or an outline level), a
quotation by its style (Quote, Block Text …) or its indent, a list item by its numbering,
a scene break by its text (``***``, ``* * *``, an ornament alone and centred). Tables,
tables of contents and unknown styles are reported; a table's cells come over as
paragraphs.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from lxml import etree

from tarkbook.importer.package import NS, attr, w
from tarkbook.importer.report import Place, Report, first_words
from tarkbook.importer.runs import Content, Picture, Piece, RunReader
from tarkbook.importer.styles import Styles, direct_or_style

QUOTE_STYLES = frozenset({"quote", "intense quote", "block text", "block quotation",
                          "quotation", "extract", "blockquote"})
CAPTION_STYLES = frozenset({"caption", "image caption", "table caption"})
KNOWN_STYLES = frozenset({
    "normal", "body text", "body text 2", "body text 3", "body text indent",
    "first paragraph", "compact", "no spacing", "list paragraph", "list bullet",
    "list bullet 2", "list bullet 3", "list number", "list number 2", "list number 3",
    "list", "list 2", "list 3", "list continue", "default paragraph font", "normal (web)",
    "plain text", "title", "subtitle", "figure", "captioned figure",
    "footnote text", "endnote text", "abstract", "author", "date",
    *QUOTE_STYLES, *CAPTION_STYLES,
})
SCENE_BREAKS = re.compile(
    r"^(?:[*#~\u2042\u2766\u2767\u00a7\u2022\u00b7+\-\u2013\u2014=]\s*){1,5}$")
QUOTE_INDENT = 567
"""A paragraph indented at least this many twentieths of a point (1 cm) is a quotation."""
_HEADING = re.compile(r"^heading (\d)$")
_NAMED_LEVEL = re.compile(r"^list(?: bullet| number| continue)? (\d)$")


class Numbering:
    """The number of each paragraph of the document, in the order they are read."""

    def __init__(self) -> None:
        self.last = 0

    def __call__(self, peek: bool = False) -> int:
        if not peek:
            self.last += 1
        return self.last


@dataclass
class Block:
    kind: str  # para | heading | quote | item | break | figure | title | subtitle
    pieces: list[Piece]
    place: Place
    level: int = 0
    ordered: bool = False
    start: int = 1
    list_id: str = ""
    picture: Picture | None = None
    caption: str = ""
    extra: dict[str, str] = field(default_factory=dict)


class BlockReader:
    def __init__(self, styles: Styles, runs: RunReader, report: Report, where: str,
                 numbered: Numbering) -> None:
        self.styles = styles
        self.runs = runs
        self.report = report
        self.where = where  # "paragraph" or "footnote 3"
        self.numbered = numbered
        self._styles_seen: set[str] = set()
        self._toc_reported = False

    def read(self, parent: etree._Element) -> Iterator[Block]:
        for child in parent:
            if child.tag == w("p"):
                yield from self._paragraph(child)
            elif child.tag == w("tbl"):
                yield from self._table(child)
            elif child.tag == w("sdt"):
                gallery = attr(child.find("w:sdtPr/w:docPartObj/w:docPartGallery", NS), "val")
                if "table of contents" in gallery.lower():
                    self._toc(child)
                    continue
                inner = child.find("w:sdtContent", NS)
                if inner is not None:
                    yield from self.read(inner)
            elif child.tag in (w("ins"), w("moveTo"), w("customXml")):
                yield from self.read(child)

    def _place(self, paragraph: etree._Element) -> Place:
        text = "".join(t.text or "" for t in paragraph.iter(w("t"))
                       if not any(a.tag == w("txbxContent") for a in t.iterancestors()))
        if self.where == "paragraph":
            return Place(f"paragraph {self.numbered()}", first_words(text))
        return Place(self.where, first_words(text))

    def _toc(self, element: etree._Element) -> None:
        for _ in element.iter(w("p")):
            self.numbered()
        if not self._toc_reported:
            self._toc_reported = True
            self.report.add("other", Place("the table of contents", ""),
                            "left out: the editions make their own contents")

    def _table(self, table: etree._Element) -> Iterator[Block]:
        rows = table.findall("w:tr", NS)
        cells = [cell for row in rows for cell in row.findall("w:tc", NS)]
        text = " ".join("".join(t.text or "" for t in cell.iter(w("t"))) for cell in cells)
        place = Place(f"a table after paragraph {self.numbered(peek=True)}", first_words(text))
        self.report.add("table", place, f"{len(rows)} rows of {len(cells) // max(len(rows), 1)}"
                        " cells; the format has no tables yet")
        for cell in cells:
            yield from self.read(cell)

    def _paragraph(self, paragraph: etree._Element) -> Iterator[Block]:
        place = self._place(paragraph)
        properties = paragraph.find("w:pPr", NS)
        style_id = attr(properties.find("w:pStyle", NS), "val") if properties is not None else ""
        names = self.styles.names(style_id) if style_id else ["normal"]
        name = names[0] if names else self.styles.name(style_id)
        if name.startswith("toc ") or name == "toc heading":
            if not self._toc_reported:
                self._toc_reported = True
                self.report.add("other", Place("the table of contents", ""),
                                "left out: the editions make their own contents")
            return
        if properties is not None and properties.find("w:rPr/w:del", NS) is not None:
            self.report.add("tracked-change", place, "a deleted paragraph mark; the "
                            "paragraph is kept as a paragraph of its own")
        content = self.runs.read(paragraph, place, style_id)
        kind, level = self._kind(properties, style_id, names, content, place)
        if kind == "skip":
            return
        text_pieces = [piece for piece in content.pieces if piece.kind != "image"]
        if "".join(piece.text for piece in text_pieces if piece.kind == "text").strip() or \
                any(piece.kind == "note" for piece in text_pieces):
            block = Block(kind, content.pieces, place, level)
            if kind == "item":
                self._list(block, properties, style_id)
            if kind == "para" and name in CAPTION_STYLES:
                block.extra["caption"] = "yes"
            yield block
        elif kind == "break":
            yield Block("break", [], place)
        for picture in content.pictures:
            yield Block("figure", [], place, picture=picture)

    def _kind(self, properties: etree._Element | None, style_id: str, names: list[str],
              content: Content, place: Place) -> tuple[str, int]:
        name = names[0] if names else "normal"
        text = content.text().strip()
        if name == "title":
            return "title", 0
        if name == "subtitle":
            return "subtitle", 0
        if name in ("author", "date"):
            self.report.add("other", place, f"the {name} line of the title page; the "
                            "editions print book.toml's names and date instead")
            return "skip", 0
        level = self._heading_level(properties, style_id, name)
        if level:
            if level <= 3:
                return "heading", level
            self.report.add("heading", place, f"a heading of level {level}, set as a "
                            "paragraph (the format has headings down to level 3)")
            return "para", 0
        if content.pieces and SCENE_BREAKS.match(text) and not content.pictures:
            return "break", 0
        if self._numbering(properties, style_id)[0]:
            return "item", 0
        if any(n in QUOTE_STYLES for n in names) or self._indented(properties, style_id):
            return "quote", 0
        if name not in KNOWN_STYLES and name not in self._styles_seen and text:
            self._styles_seen.add(name)
            self.report.add("style", place, f"the style “{name}” (first use)")
        return "para", 0

    def _heading_level(self, properties: etree._Element | None, style_id: str,
                       name: str) -> int:
        match = _HEADING.match(name)
        if match:
            return int(match.group(1))
        outline = direct_or_style(properties, self.styles, style_id, "w:outlineLvl")
        value = attr(outline, "val")
        if value.isdigit() and int(value) < 9:
            return int(value) + 1
        return 0

    def _numbering(self, properties: etree._Element | None, style_id: str) -> tuple[str, int]:
        num = direct_or_style(properties, self.styles, style_id, "w:numPr")
        if num is None:
            return "", 0
        num_id = attr(num.find("w:numId", NS), "val")
        level = attr(num.find("w:ilvl", NS), "val", "0")
        if num_id in ("", "0"):
            return "", 0
        return num_id, int(level) if level.isdigit() else 0

    def _indented(self, properties: etree._Element | None, style_id: str) -> bool:
        indent = direct_or_style(properties, self.styles, style_id, "w:ind")
        if indent is None:
            return False
        left = attr(indent, "left") or attr(indent, "start")
        hanging = attr(indent, "hanging") or "0"
        try:
            return int(left) - int(hanging) >= QUOTE_INDENT
        except ValueError:
            return False

    def _list(self, block: Block, properties: etree._Element | None, style_id: str) -> None:
        num_id, level = self._numbering(properties, style_id)
        found = self.styles.list_level(num_id, level)
        # "List Bullet 2" is a list of its own one step in: its depth is in its name.
        named = _NAMED_LEVEL.match(self.styles.name(style_id)) if style_id else None
        block.level = level + (int(named.group(1)) - 1 if named else 0)
        block.list_id = num_id
        if found is not None and found.hidden:
            block.extra["continue"] = "yes"
        elif found is not None:
            block.ordered = found.ordered
            block.start = found.start
            if found.ordered and found.number_format not in ("decimal", "decimalZero"):
                self.report.add("list", block.place, f"a list numbered in the format "
                                f"“{found.number_format}”, numbered 1, 2, 3 in the book")

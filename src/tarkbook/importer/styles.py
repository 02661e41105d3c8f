"""The document's styles and list numbering, as the importer asks about them.

A paragraph's style gives its name (a heading, a quotation), its outline level, its
indent, its list numbering and its language; a run's character style gives italics,
bold, small caps and language. Styles inherit through ``w:basedOn``, which is followed
here (a loop in it ends the walk).
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from tarkbook.importer.package import NS, Docx, attr

ORDERED_FORMATS_NONE = frozenset({"bullet", "none", ""})


def on(element: etree._Element | None) -> bool | None:
    """A toggle property (``<w:i/>``, ``<w:b w:val="0"/>``): True, False, or None when
    it is not set."""
    if element is None:
        return None
    return attr(element, "val", "true").lower() not in ("0", "false", "off", "none")


@dataclass(frozen=True)
class ListLevel:
    ordered: bool
    start: int
    number_format: str
    hidden: bool = False
    """No marker is shown (no number, a blank bullet): a further paragraph of an item."""


class Styles:
    """The styles of ``word/styles.xml`` and the lists of ``word/numbering.xml``."""

    def __init__(self, docx: Docx) -> None:
        self.by_id: dict[str, etree._Element] = {}
        self.default_lang = ""
        self.default_bidi_lang = ""
        """The language Word sets right-to-left text in (w:bidi), such as he-IL."""
        root = docx.xml("word/styles.xml")
        if root is not None:
            for style in root.iterfind("w:style", NS):
                self.by_id[attr(style, "styleId")] = style
            lang = root.find("w:docDefaults/w:rPrDefault/w:rPr/w:lang", NS)
            self.default_lang = attr(lang, "val")
            self.default_bidi_lang = attr(lang, "bidi")
        self.abstract: dict[str, etree._Element] = {}
        self.numbers: dict[str, str] = {}
        numbering = docx.xml("word/numbering.xml")
        if numbering is not None:
            for abstract in numbering.iterfind("w:abstractNum", NS):
                self.abstract[attr(abstract, "abstractNumId")] = abstract
            for num in numbering.iterfind("w:num", NS):
                self.numbers[attr(num, "numId")] = attr(num.find("w:abstractNumId", NS), "val")

    def name(self, style_id: str) -> str:
        """The style's name as Word shows it ("heading 1", "Quote"), lower case."""
        style = self.by_id.get(style_id)
        return attr(style.find("w:name", NS), "val", style_id).lower() if style is not None \
            else style_id.lower()

    def chain(self, style_id: str) -> list[etree._Element]:
        """The style and those it is based on, nearest first."""
        found: list[etree._Element] = []
        seen: set[str] = set()
        while style_id and style_id not in seen and style_id in self.by_id:
            seen.add(style_id)
            style = self.by_id[style_id]
            found.append(style)
            style_id = attr(style.find("w:basedOn", NS), "val")
        return found

    def names(self, style_id: str) -> list[str]:
        return [attr(style.find("w:name", NS), "val").lower() for style in self.chain(style_id)]

    def paragraph_property(self, style_id: str, path: str) -> etree._Element | None:
        """The first ``w:pPr/path`` along the style's chain."""
        for style in self.chain(style_id):
            found = style.find(f"w:pPr/{path}", NS)
            if found is not None:
                return found
        return None

    def run_property(self, style_id: str, path: str) -> etree._Element | None:
        """The first ``w:rPr/path`` along the style's chain."""
        for style in self.chain(style_id):
            found = style.find(f"w:rPr/{path}", NS)
            if found is not None:
                return found
        return None

    def list_level(self, num_id: str, level: int) -> ListLevel | None:
        abstract = self.abstract.get(self.numbers.get(num_id, ""))
        if num_id in ("", "0") or abstract is None:
            return None
        for lvl in abstract.iterfind("w:lvl", NS):
            if attr(lvl, "ilvl") == str(level):
                number_format = attr(lvl.find("w:numFmt", NS), "val", "decimal")
                start = attr(lvl.find("w:start", NS), "val", "1")
                marker = attr(lvl.find("w:lvlText", NS), "val", "•")
                hidden = number_format == "none" or not marker.strip()
                return ListLevel(number_format not in ORDERED_FORMATS_NONE,
                                 int(start) if start.isdigit() else 1, number_format, hidden)
        return ListLevel(False, 1, "bullet")


def direct_or_style(properties: etree._Element | None, styles: Styles, style_id: str,
                    path: str, *, run: bool = False) -> etree._Element | None:
    """A property set on the element itself, else by its style."""
    if properties is not None:
        found = properties.find(path, NS)
        if found is not None:
            return found
    if run:
        return styles.run_property(style_id, path)
    return styles.paragraph_property(style_id, path)


"""The document's footnotes and endnotes, as the manuscript's notes.

Each note is keyed by its kind and the order of its call in the document (``footnote-3``,
``endnote-1``): the same document gives the same keys, and the book numbers them all in
one sequence by their first call, as the format does. A note's paragraphs keep their
inline markup; what a note cannot hold in the format (an image, a list, a quotation) is
brought over as its text, and reported.
"""

from __future__ import annotations

from itertools import count

from lxml import etree

from tarkbook.importer.blocks import Block, BlockReader, Numbering
from tarkbook.importer.inline import InlineWriter
from tarkbook.importer.package import NS, Docx, attr
from tarkbook.importer.report import Place, Report
from tarkbook.importer.runs import RunReader
from tarkbook.importer.styles import Styles

PARTS = {"footnote": "word/footnotes.xml", "endnote": "word/endnotes.xml"}


class Notes:
    def __init__(self, docx: Docx, styles: Styles, report: Report,
                 comments: dict[str, str]) -> None:
        self.docx = docx
        self.styles = styles
        self.report = report
        self.comments = comments
        self.elements: dict[tuple[str, str], etree._Element] = {}
        for kind, part in PARTS.items():
            root = docx.xml(part)
            if root is None:
                continue
            for note in root.iterfind(f"w:{kind}", NS):
                if attr(note, "type") in ("", "normal"):
                    self.elements[(kind, attr(note, "id"))] = note
        self.keys: dict[tuple[str, str], str] = {}
        self._numbers = {kind: count(1) for kind in PARTS}

    def call(self, kind: str, word_id: str) -> str:
        """The key of the note Word calls ``word_id``, given at its (only) call."""
        if (kind, word_id) not in self.elements:
            return ""
        if (kind, word_id) not in self.keys:
            self.keys[(kind, word_id)] = f"{kind}-{next(self._numbers[kind])}"
        return self.keys[(kind, word_id)]

    def definitions(self, writer: InlineWriter) -> list[str]:
        """The notes, as ``[^key]: …`` definitions in the order of their calls."""
        out = []
        for (kind, word_id), key in self.keys.items():
            paragraphs = [text for text in self._paragraphs(kind, word_id, key, writer) if text]
            if not paragraphs:
                paragraphs = ["(This note was empty in the document.)"]
                self.report.add("other", Place(key.replace("-", " "), ""), "an empty note")
            first, *rest = paragraphs
            lines = [f"[^{key}]: " + first.replace("\n", "\n    ")]
            lines += ["    " + text.replace("\n", "\n    ") for text in rest]
            out.append("\n\n".join(lines))
        for kind, word_id in self.elements:
            if (kind, word_id) not in self.keys:
                self.report.add("other", Place(f"{kind} {word_id} of the document's XML", ""),
                                "a note that nothing in the text calls, left out")
        return out

    def _paragraphs(self, kind: str, word_id: str, key: str,
                    writer: InlineWriter) -> list[str]:
        links = self.docx.relationships(PARTS[kind])
        runs = RunReader(self.styles, links, self.report, None, self.comments)
        where = key.replace("-", " ")
        reader = BlockReader(self.styles, runs, self.report, where, Numbering())
        texts = []
        for block in reader.read(self.elements[(kind, word_id)]):
            texts.append(self._text(block, writer, where))
        return texts

    def _text(self, block: Block, writer: InlineWriter, where: str) -> str:
        if block.kind == "figure":
            self.report.add("image", block.place, "an image in a note, left out (a note is "
                            "a footnote in print)")
            return ""
        if block.kind not in ("para", "heading"):
            self.report.add("other", Place(where, block.place.words),
                            f"a {'list item' if block.kind == 'item' else block.kind} in a "
                            "note, brought over as a paragraph")
        return writer.write(block.pieces, Place(where, block.place.words)).lstrip()


"""The content of one Word paragraph as a list of pieces of text, each with its format.

Runs (``w:r``) give text, tabs, line breaks, note references and pictures; around them
stand links, tracked insertions and deletions, content controls, smart tags and fields.
The pieces keep what the format can say (italics, bold, small caps, a language, a link,
a line break, a note call, an image); the rest is reported at the paragraph's place.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace

from lxml import etree

from tarkbook.importer.package import NS, R, attr, w
from tarkbook.importer.report import Place, Report, first_words
from tarkbook.importer.styles import Styles, direct_or_style, on

LINK_SCHEMES = ("http://", "https://", "mailto:")
CODE_STYLES = frozenset({"verbatim char", "html code", "code", "source code", "inline code"})
"""Character styles of code (pandoc's Verbatim Char among them): a code span."""


@dataclass(frozen=True)
class Fmt:
    italic: bool = False
    bold: bool = False
    small_caps: bool = False
    lang: str = ""
    rtl: bool = False
    href: str = ""
    code: bool = False


@dataclass(frozen=True)
class Piece:
    """Text in a format, or a note call, a line break or an image (``kind``)."""

    text: str
    fmt: Fmt
    kind: str = "text"  # text | note | break | image | raw (Markdown as it stands)


@dataclass(frozen=True)
class Picture:
    part: str
    alt: str
    title: str


@dataclass
class Content:
    """What a paragraph holds: its pieces, its pictures, and whether it has a text box."""

    pieces: list[Piece] = field(default_factory=list)
    pictures: list[Picture] = field(default_factory=list)

    def text(self) -> str:
        return "".join(p.text if p.kind == "text" else " " for p in self.pieces)


NoteCalls = Callable[[str, str], str]
"""(footnote or endnote, Word's id) -> the note's key in the manuscript."""


class RunReader:
    """Reads paragraphs of one part (the document, the footnotes or the endnotes)."""

    def __init__(self, styles: Styles, links: dict[str, tuple[str, str]], report: Report,
                 note_call: NoteCalls | None, comments: dict[str, str]) -> None:
        self.styles = styles
        self.links = links
        self.report = report
        self.note_call = note_call
        self.comments = comments
        self.place = Place("", "")
        self._field: list[dict[str, object]] = []

    def read(self, paragraph: etree._Element, place: Place, style_id: str) -> Content:
        self.place = place
        self._field = []
        content = Content()
        lang_element = self.styles.run_property(style_id, "w:lang")
        base = Fmt(lang=attr(lang_element, "val"))
        self._children(paragraph, base, content, style_id)
        return content

    # ---------------------------------------------------------------- containers

    def _children(self, parent: etree._Element, fmt: Fmt, content: Content,
                  style_id: str) -> None:
        for child in parent:
            tag = child.tag
            if tag == w("r"):
                self._run(child, fmt, content, style_id)
            elif tag == w("hyperlink"):
                self._hyperlink(child, fmt, content, style_id)
            elif tag in (w("ins"), w("moveTo")):
                self._tracked(child, "an insertion, kept")
                self._children(child, fmt, content, style_id)
            elif tag in (w("del"), w("moveFrom")):
                self._tracked(child, "a deletion, left out")
            elif tag in (w("smartTag"), w("customXml"), w("dir"), w("bdo")):
                self._children(child, fmt, content, style_id)
            elif tag == w("sdt"):
                inner = child.find("w:sdtContent", NS)
                if inner is not None:
                    self._children(inner, fmt, content, style_id)
            elif tag == w("fldSimple"):
                self._field_found(attr(child, "instr"))
                self._children(child, fmt, content, style_id)
            elif tag == f"{{{NS['m']}}}oMath" or tag == f"{{{NS['m']}}}oMathPara":
                self.report.add("other", self.place, "an equation, left out")
            elif tag == f"{{{NS['mc']}}}AlternateContent":
                choice = child.find("mc:Choice", NS)
                if choice is not None:
                    self._children(choice, fmt, content, style_id)

    def _hyperlink(self, element: etree._Element, fmt: Fmt, content: Content,
                   style_id: str) -> None:
        target, mode = self.links.get(element.get(f"{{{R}}}id", ""), ("", ""))
        if mode == "External" and target.lower().startswith(LINK_SCHEMES):
            fmt = replace(fmt, href=target)
        elif target or element.get(w("anchor")):
            what = target or "#" + attr(element, "anchor")
            self.report.add("other", self.place,
                            f"a link to {what} (the format links to http, https and "
                            "mailto only), kept as its text")
        self._children(element, fmt, content, style_id)

    def _tracked(self, element: etree._Element, what: str) -> None:
        author = attr(element, "author")
        by = f" by {author}" if author else ""
        text = "".join(str(t) for t in element.itertext()).strip()
        self.report.add("tracked-change", self.place,
                        f"{what}{by}: “{first_words(text, 6)}”" if text else f"{what}{by}")

    def _field_found(self, instruction: str) -> None:
        words = instruction.split()
        name = words[0].upper() if words else "?"
        if name == "HYPERLINK":
            return
        self.report.add("field", self.place, f"a {name} field: {' '.join(words)[:60]}")

    # ---------------------------------------------------------------- runs

    def _run_format(self, run: etree._Element, fmt: Fmt) -> Fmt:
        properties = run.find("w:rPr", NS)
        char_style = attr(properties.find("w:rStyle", NS), "val") if properties is not None else ""

        def toggle(name: str) -> bool | None:
            return on(direct_or_style(properties, self.styles, char_style, f"w:{name}",
                                      run=True))

        italic = toggle("i")
        bold = toggle("b")
        small_caps = toggle("smallCaps")
        rtl = toggle("rtl")
        lang_element = direct_or_style(properties, self.styles, char_style, "w:lang", run=True)
        lang = attr(lang_element, "bidi" if rtl else "val") or attr(lang_element, "val")
        code = bool(char_style) and any(name in CODE_STYLES
                                        for name in self.styles.names(char_style))
        return replace(
            fmt,
            italic=bool(italic) if italic is not None else fmt.italic,
            bold=bool(bold) if bold is not None else fmt.bold,
            small_caps=bool(small_caps) if small_caps is not None else fmt.small_caps,
            rtl=bool(rtl) if rtl is not None else fmt.rtl,
            lang=lang or fmt.lang,
            code=code or fmt.code,
        )

    def _run(self, run: etree._Element, fmt: Fmt, content: Content, style_id: str) -> None:
        fmt = self._run_format(run, fmt)
        properties = run.find("w:rPr", NS)
        if properties is not None and run.find("w:t", NS) is not None:
            if on(properties.find("w:vanish", NS)):
                self.report.add("other", self.place, "hidden text, left out: “"
                                f"{first_words(''.join(t.text or '' for t in run.iter(w('t'))))}”")
                return
            if attr(properties.find("w:vertAlign", NS), "val") in ("superscript", "subscript"):
                self.report.add("other", self.place, "superscript or subscript text, set as "
                                "ordinary text")
        for child in run:
            tag = child.tag
            if tag == w("fldChar"):
                kind = attr(child, "fldCharType")
                if kind == "begin":
                    self._field.append({"instr": "", "shown": False})
                elif kind == "separate" and self._field:
                    self._field[-1]["shown"] = True
                    self._field_found(str(self._field[-1]["instr"]))
                elif kind == "end" and self._field:
                    done = self._field.pop()
                    if not done["shown"]:
                        self._field_found(str(done["instr"]))
                continue
            if tag == w("instrText"):
                if self._field:
                    self._field[-1]["instr"] = str(self._field[-1]["instr"]) + (child.text or "")
                continue
            if self._field and not self._field[-1]["shown"]:
                continue  # inside a field's instruction: not text
            self._run_child(child, fmt, content)

    def _run_child(self, child: etree._Element, fmt: Fmt, content: Content) -> None:
        tag = child.tag
        if tag == w("t"):
            content.pieces.append(Piece(child.text or "", fmt))
        elif tag == w("tab") or tag == w("ptab"):
            content.pieces.append(Piece(" ", fmt))
        elif tag in (w("br"), w("cr")):
            if attr(child, "type") in ("", "textWrapping"):
                content.pieces.append(Piece("", fmt, "break"))
        elif tag == w("noBreakHyphen"):
            content.pieces.append(Piece("\u2011", fmt))
        elif tag == w("softHyphen"):
            content.pieces.append(Piece("\u00ad", fmt))
        elif tag == w("sym"):
            code = attr(child, "char")
            self.report.add("other", self.place,
                            f"a symbol of the font {attr(child, 'font') or '?'} "
                            f"(character {code or '?'}), left out")
        elif tag in (w("footnoteReference"), w("endnoteReference")):
            self._note_reference(child, fmt, content)
        elif tag == w("commentReference"):
            comment = self.comments.get(attr(child, "id"), "")
            self.report.add("comment", self.place,
                            f"“{first_words(comment, 12)}”" if comment else "a comment")
        elif tag in (w("drawing"), w("pict"), f"{{{NS['mc']}}}AlternateContent"):
            self._drawing(child, fmt, content)
        elif tag == w("delText"):
            pass  # deleted text outside a w:del (a field's deleted result): left out

    def _note_reference(self, child: etree._Element, fmt: Fmt, content: Content) -> None:
        kind = "footnote" if child.tag == w("footnoteReference") else "endnote"
        if self.note_call is None:
            self.report.add("other", self.place, f"a {kind} called in a note, left out")
            return
        key = self.note_call(kind, attr(child, "id"))
        if key:
            content.pieces.append(Piece(key, replace(fmt, href=""), "note"))

    def _drawing(self, element: etree._Element, fmt: Fmt, content: Content) -> None:
        if element.tag == f"{{{NS['mc']}}}AlternateContent":
            choice = element.find("mc:Choice", NS)
            element = choice if choice is not None else element
        box = element.find(".//w:txbxContent", NS)
        if box is not None:
            self.report.add("text-box", self.place,
                            f"“{first_words(''.join(str(t) for t in box.itertext()), 12)}”")
            return
        blips = element.findall(".//a:blip", NS)
        images = element.findall(".//v:imagedata", NS)
        if not blips and not images:
            self.report.add("other", self.place, "a drawing or shape, left out")
            return
        properties = element.find(".//wp:docPr", NS)
        alt = (properties.get("descr", "") if properties is not None else "") or ""
        title = (properties.get("title", "") if properties is not None else "") or ""
        for blip in blips:
            rel = blip.get(f"{{{R}}}embed", "") or blip.get(f"{{{R}}}link", "")
            self._picture(rel, alt, title, fmt, content)
        for data in images:
            self._picture(data.get(f"{{{R}}}id", ""), alt or data.get("title", "") or "",
                          title, fmt, content)

    def _picture(self, rel: str, alt: str, title: str, fmt: Fmt, content: Content) -> None:
        target, mode = self.links.get(rel, ("", ""))
        if not target or mode == "External":
            self.report.add("image", self.place, "an image linked from outside the "
                            "document, left out")
            return
        content.pictures.append(Picture(target, " ".join(alt.split()), " ".join(title.split())))
        content.pieces.append(Piece(str(len(content.pictures) - 1), fmt, "image"))

"""Word files for the import's tests, made as an author's would be: by python-docx (with
the footnotes, endnotes, comments and tracked changes python-docx has no API for written
into the package's XML), and by pandoc from Markdown."""

from __future__ import annotations

# ruff: noqa: RUF001 (the curly apostrophe of the text is the point)
import io
import shutil
import subprocess
import zipfile
from collections.abc import Callable
from pathlib import Path

import docx
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm
from docx.text.paragraph import Paragraph
from PIL import Image

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NOTE_PARTS = {"footnote": ("footnotes", "footnotes+xml"), "endnote": ("endnotes", "endnotes+xml"),
              "comment": ("comments", "comments+xml")}


class Notes:
    """The footnotes, endnotes and comments of a document being made, as XML."""

    def __init__(self) -> None:
        self.parts: dict[str, list[str]] = {kind: [] for kind in NOTE_PARTS}

    def call(self, paragraph: Paragraph, kind: str, runs: list[tuple[str, str]]) -> None:
        """Add a note (``runs``: text and format, "i" for italics) called at the end of
        ``paragraph``."""
        number = len(self.parts[kind]) + 1
        body = "".join(_run(text, fmt) for text, fmt in runs)
        mark = f'<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:{kind}Ref/></w:r>'
        self.parts[kind].append(
            f'<w:{kind} w:id="{number}"><w:p>{mark}<w:r><w:t xml:space="preserve"> </w:t>'
            f"</w:r>{body}</w:p></w:{kind}>")
        run = paragraph.add_run()
        reference = OxmlElement(f"w:{kind}Reference")
        reference.set(qn("w:id"), str(number))
        run._r.append(reference)

    def comment(self, paragraph: Paragraph, text: str) -> None:
        number = len(self.parts["comment"])
        self.parts["comment"].append(
            f'<w:comment w:id="{number}" w:author="Editor"><w:p>{_run(text, "")}</w:p>'
            "</w:comment>")
        run = paragraph.add_run()
        reference = OxmlElement("w:commentReference")
        reference.set(qn("w:id"), str(number))
        run._r.append(reference)

    def package(self, data: bytes) -> bytes:
        """The .docx ``data`` with the notes' parts, relationships and content types."""
        source = zipfile.ZipFile(io.BytesIO(data))
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
            for info in source.infolist():
                content = source.read(info)
                if info.filename == "[Content_Types].xml":
                    content = content.replace(b"</Types>", "".join(
                        f'<Override PartName="/word/{part}.xml" ContentType="application/'
                        f'vnd.openxmlformats-officedocument.wordprocessingml.{ctype}"/>'
                        for kind, (part, ctype) in NOTE_PARTS.items()
                        if self.parts[kind]).encode() + b"</Types>")
                if info.filename == "word/_rels/document.xml.rels":
                    content = content.replace(b"</Relationships>", "".join(
                        f'<Relationship Id="rIdN{kind}" Type="http://schemas.openxmlformats.'
                        f'org/officeDocument/2006/relationships/{part}" Target="{part}.xml"/>'
                        for kind, (part, _) in NOTE_PARTS.items()
                        if self.parts[kind]).encode() + b"</Relationships>")
                target.writestr(info, content)
            for kind, (part, _) in NOTE_PARTS.items():
                if self.parts[kind]:
                    separators = "" if kind == "comment" else (
                        f'<w:{kind} w:type="separator" w:id="-1"><w:p><w:r><w:separator/>'
                        f'</w:r></w:p></w:{kind}><w:{kind} w:type="continuationSeparator" '
                        f'w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:{kind}>')
                    target.writestr(f"word/{part}.xml", (
                        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                        f'<w:{part} xmlns:w="{W}" xmlns:r="{R}">{separators}'
                        f"{''.join(self.parts[kind])}</w:{part}>").encode())
        return out.getvalue()


def _run(text: str, fmt: str) -> str:
    properties = "<w:rPr><w:i/></w:rPr>" if "i" in fmt else ""
    escaped = text.replace("&", "&amp;").replace("<", "&lt;")
    return f'<w:r>{properties}<w:t xml:space="preserve">{escaped}</w:t></w:r>'


def add_link(paragraph: Paragraph, text: str, url: str) -> None:
    rel = paragraph.part.relate_to(url, f"{R}/hyperlink", is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rel)
    run = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = text
    run.append(t)
    link.append(run)
    paragraph._p.append(link)


def language_run(paragraph: Paragraph, text: str, lang: str) -> None:
    run = paragraph.add_run(text)
    element = OxmlElement("w:lang")
    element.set(qn("w:val"), lang)
    run._r.get_or_add_rPr().append(element)


def set_default_language(document: docx.document.Document, lang: str) -> None:
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    for old in rpr.findall(qn("w:lang")):
        rpr.remove(old)
    element = OxmlElement("w:lang")
    element.set(qn("w:val"), lang)
    rpr.append(element)


def picture(document: docx.document.Document, tmp: Path, alt: str) -> None:
    path = tmp / "harbour.png"
    Image.new("RGB", (600, 400), (90, 120, 150)).save(path)
    document.add_picture(str(path), width=Cm(8))
    properties = document.paragraphs[-1]._p.xpath(".//wp:docPr")[0]
    if alt:
        properties.set("descr", alt)


def chapter_document(tmp: Path, extra: Callable[[docx.document.Document, Notes], None]
                     | None = None) -> bytes:
    """A book of three sections as an author would write it in Word: an introduction, a
    chapter and an interview, with every kind of thing the import keeps."""
    document = docx.Document()
    set_default_language(document, "en-GB")
    document.core_properties.title = "The Harbour Years"
    document.core_properties.author = "Maria Lindqvist"
    notes = Notes()
    document.add_paragraph("Memories of a Coast", style="Subtitle")
    document.add_heading("Introduction", level=1)
    first = document.add_paragraph("These pages were written over ten winters in ")
    first.add_run("Gdańsk").italic = True
    first.add_run(", where the harbour ")
    first.add_run("never").bold = True
    first.add_run(" sleeps. The town’s name was ")
    language_run(first, "Danzig", "de-DE")
    first.add_run(" for a time.")
    notes.call(first, "footnote", [("See ", ""), ("The Tin Drum", "i"),
                                   (", which begins there.", "")])
    second = document.add_paragraph("The ")
    caps = second.add_run("unesco")
    caps.font.small_caps = True
    second.add_run(" list names the old town; its page is at ")
    add_link(second, "the archive", "https://example.org/archive")
    second.add_run(". Distances: 12\u00a0km by road — “far enough”.")
    notes.call(second, "endnote", [("An endnote with ", ""), ("emphasis", "i"), (".", "")])
    address = document.add_paragraph("Harbour Street 4")
    address.add_run().add_break()
    address.add_run("80-001 Gdańsk")
    document.add_heading("The First Winter", level=1)
    document.add_paragraph("The ice came early that year.")
    document.add_heading("On the quay", level=2)
    document.add_paragraph("Three things were needed:")
    document.add_paragraph("rope", style="List Bullet")
    document.add_paragraph("tar, of two kinds:", style="List Bullet")
    document.add_paragraph("pine tar", style="List Bullet 2")
    document.add_paragraph("coal tar", style="List Bullet 2")
    document.add_paragraph("patience", style="List Bullet")
    document.add_heading("Counting the boats", level=3)
    document.add_paragraph("first the trawlers", style="List Number")
    document.add_paragraph("then the ferries", style="List Number")
    document.add_paragraph("The sea does not forgive; it only forgets.", style="Quote")
    document.add_paragraph("* * *")
    picture(document, tmp, "The harbour at dawn, seen from the breakwater")
    document.add_paragraph("By spring the ice had gone.")
    document.add_heading("A Conversation", level=1)
    document.add_paragraph("Q: When did you first see the harbour?")
    document.add_paragraph("Lindqvist: In 1962, from my father’s boat.")
    document.add_paragraph("It was winter, and the cranes were still.")
    document.add_paragraph("Q: And the last time?")
    answer = document.add_paragraph("Lindqvist: Last year. Nothing had changed, and "
                                    "everything had.")
    notes.call(answer, "footnote", [("She means the new ", ""), ("Westerplatte", "i"),
                                    (" ferry terminal.", "")])
    if extra is not None:
        extra(document, notes)
    out = io.BytesIO()
    document.save(out)
    return notes.package(out.getvalue())


def pandoc_available() -> bool:
    return shutil.which("pandoc") is not None


def pandoc_docx(markdown: str, tmp: Path, resources: Path | None = None) -> bytes:
    """The .docx pandoc makes of ``markdown`` (pandoc's own Markdown)."""
    source = tmp / "source.md"
    source.write_text(markdown, encoding="utf-8")
    target = tmp / "pandoc.docx"
    subprocess.run(["pandoc", str(source), "-f", "markdown", "-t", "docx", "-o", str(target),
                    f"--resource-path={resources or tmp}"], check=True, timeout=120)
    return target.read_bytes()

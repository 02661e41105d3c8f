"""tarkbook import: a Word file becomes a manuscript that checks clean, builds both
editions, and carries the document's text word for word."""

from __future__ import annotations

import datetime
import io
import os
import re
import tomllib
import zipfile
from pathlib import Path

import docx
import pytest
from docx.shared import Cm
from lxml import etree

from docx_support import chapter_document, pandoc_available, pandoc_docx
from pdf_support import page_texts, reader
from plaintext import plain_text
from tarkbook.build import build
from tarkbook.cli import main
from tarkbook.importer import ImportFailed, TargetRefused, import_docx
from tarkbook.manuscript import load_book, read_manuscript
from tarkbook.model import Book

TODAY = datetime.date(2026, 12, 6)
LABEL = re.compile(r"^(Q|Lindqvist|Berg): ")


def source_words(data: bytes) -> tuple[list[str], list[str]]:
    """The words of a document's body as Word holds them, without what the format turns
    into markup (the speakers' names that open turns, the scene breaks, the title page's
    title and subtitle, which go to book.toml), and the text of each note, sorted."""
    document = docx.Document(io.BytesIO(data))
    words: list[str] = []
    notes: list[str] = []
    for paragraph in document.paragraphs:
        if paragraph.style is not None and paragraph.style.name in (
                "Title", "Subtitle", "Author", "Date"):
            continue
        text = LABEL.sub("", paragraph.text)
        if text.strip() in ("* * *", "***"):
            continue
        words += text.split()
    package = zipfile.ZipFile(io.BytesIO(data))
    ns = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    for part in ("word/footnotes.xml", "word/endnotes.xml"):
        if part in package.namelist():
            root = etree.fromstring(package.read(part))
            for note in root.iter(f"{ns}footnote", f"{ns}endnote"):
                if note.get(f"{ns}type") in (None, "normal"):
                    notes.append(" ".join("".join(
                        t.text or "" for t in note.iter(f"{ns}t")).split()))
    return words, sorted(notes)


def book_words(book: Book) -> tuple[list[str], list[str]]:
    notes = sorted(" ".join(plain_text(note).split()) for note in book.notes)
    return plain_text(tuple(book.sections)).split(), notes


def imported(tmp_path: Path, data: bytes, name: str = "book.docx") -> tuple[Path, Path]:
    source = tmp_path / name
    source.write_bytes(data)
    folder = tmp_path / "book"
    assert main(["import", str(source), str(folder)]) == 0
    return source, folder


def test_a_word_book_imports_checks_builds_and_keeps_every_word(tmp_path: Path) -> None:
    data = chapter_document(tmp_path)
    source = tmp_path / "book.docx"
    source.write_bytes(data)
    os.utime(source, (1_000_000_000, 1_000_000_000))
    folder = tmp_path / "book"
    assert main(["import", str(source), str(folder)]) == 0
    assert source.read_bytes() == data and source.stat().st_mtime == 1_000_000_000
    reading = read_manuscript(folder)
    assert reading.book is not None, [str(d) for d in reading.diagnostics]
    assert not reading.diagnostics
    book = reading.book
    assert book_words(book) == source_words(data)
    assert [s.kind for s in book.sections] == ["introduction", "chapter", "interview"]
    assert [(s.key, s.label, s.role) for s in book.speakers] == [
        ("Q", "Q", "interviewer"), ("LINDQVIST", "Lindqvist", "interviewee")]
    toml = (folder / "book.toml").read_text("utf-8")
    assert 'language = "en-GB"' in toml and 'title = "The Harbour Years"' in toml
    assert 'subtitle = "Memories of a Coast"' in toml and 'name = "Maria Lindqvist"' in toml
    intro = (folder / "introduction.md").read_text("utf-8")
    assert "*Gdańsk*" in intro and "**never**" in intro and "[Danzig]{lang=de-DE}" in intro
    assert "[unesco]{.smallcaps}" in intro and "(<https://example.org/archive>)" in intro
    assert "12\u00a0km by road — “far enough”" in intro and "Harbour Street 4\\\n" in intro
    chapter = (folder / "the-first-winter.md").read_text("utf-8")
    assert "- tar, of two kinds:\n  - pine tar\n  - coal tar\n- patience" in chapter
    assert "1. first the trawlers\n2. then the ferries" in chapter
    assert "> The sea does not forgive" in chapter and "\n***\n" in chapter
    assert "![The harbour at dawn, seen from the breakwater](images/image1.png)" in chapter
    assert "### Counting the boats" in chapter and "## On the quay" in chapter
    notes = (folder / "notes.md").read_text("utf-8")
    assert "[^footnote-1]: See *The Tin Drum*, which begins there." in notes
    assert "[^endnote-1]: An endnote with *emphasis*." in notes

    out = tmp_path / "out"
    outputs = {o.path.suffix: o.path for o in build(folder, out, None, None)}
    pdf_text = " ".join(" ".join(page_texts(reader(outputs[".pdf"].read_bytes()))).split())
    # print sets a link's address after it: "its page (https://…)"; taken out here
    pdf_text = re.sub(r" \((?:https?|mailto):[^()]*\)", "", pdf_text)
    epub = zipfile.ZipFile(outputs[".epub"])
    epub_text = " ".join(" ".join(
        "".join(etree.fromstring(epub.read(name)).itertext())
        for name in epub.namelist() if name.endswith(".xhtml")).split())
    document = docx.Document(io.BytesIO(data))
    for paragraph in document.paragraphs[1:]:
        text = " ".join(LABEL.sub("", paragraph.text).replace("\u00a0", " ").split())
        if text and text != "* * *":  # in the editions, a note's number may follow a word
            words = r"\d*\s*".join(re.escape(word) for word in text.split())
            assert re.search(words, epub_text.replace("\u00a0", " ")), text
            assert re.search(words, pdf_text, re.IGNORECASE), text  # small caps


def test_importing_twice_gives_the_same_folder_and_identifier(tmp_path: Path) -> None:
    data = chapter_document(tmp_path)
    (tmp_path / "a.docx").write_bytes(data)
    first = import_docx(tmp_path / "a.docx", tmp_path / "one", TODAY)
    second = import_docx(tmp_path / "a.docx", tmp_path / "two", TODAY)
    assert first.files == second.files
    assert re.search(rb'identifier = "urn:uuid:[0-9a-f-]{36}"', first.files["book.toml"])


@pytest.mark.skipif(not pandoc_available(), reason="pandoc is not installed")
def test_a_document_made_by_pandoc_imports_with_its_notes_lists_and_languages(
        tmp_path: Path) -> None:
    from PIL import Image

    Image.new("RGB", (300, 200), (200, 180, 120)).save(tmp_path / "map.png")
    markdown = """---
title: Coastal Voices
author: Anna Berg
lang: en-GB
---

# Foreword

A short word before the rest, with *italics* and **bold** and a phrase in
Polish, *bardzo* dobrze.[^one]

[^one]: A footnote with *italics* in it.

# The Coast

## The north

> A quotation from an old pilot's book, set apart.

- first
    - first, inner
    - second, inner
- second

### Charts

1. one

    one's second paragraph, with `depth_m` in code

2. two

![A chart of the bay with its soundings](map.png)

Text after the chart.[^two]

[^two]: Another note.

# Talking

Q: Where did you grow up?

Berg: By the water.

Q: And now?

Berg: Inland, sadly.
"""
    data = pandoc_docx(markdown, tmp_path)
    _, folder = imported(tmp_path, data, "pandoc.docx")
    reading = read_manuscript(folder)
    assert reading.book is not None and not reading.diagnostics, [
        str(d) for d in reading.diagnostics]
    book = reading.book
    assert book_words(book) == source_words(data)
    assert [s.kind for s in book.sections] == ["foreword", "chapter", "interview"]
    # pandoc 2.17 writes no w:lang for a span in another language: the language runs are
    # proven on the python-docx corpus.
    foreword = (folder / "foreword.md").read_text("utf-8")
    assert "Polish, *bardzo* dobrze." in foreword
    coast = (folder / "the-coast.md").read_text("utf-8")
    assert "- first\n  - first, inner\n  - second, inner\n- second" in coast
    assert "> A quotation" in coast
    assert "1. one\n\n   one\u2019s second paragraph, with `depth_m` in code\n2. two" in coast
    assert "![A chart of the bay with its soundings](images/" in coast
    assert "*italics* in it" in (folder / "notes.md").read_text("utf-8")
    assert 'name = "Anna Berg"' in (folder / "book.toml").read_text("utf-8")
    outputs = list(build(folder, tmp_path / "out", ["epub"], None))
    assert outputs[0].path.stat().st_size > 0


def test_tracked_changes_comments_and_tables_are_named_in_the_report(tmp_path: Path) -> None:
    def revise(document: docx.document.Document, notes: object) -> None:
        from docx.oxml import parse_xml

        w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
        paragraph = document.add_paragraph("The pilot boat left ")
        paragraph._p.append(parse_xml(
            f'<w:ins {w} w:id="90" w:author="Editor"><w:r><w:t>at dawn</w:t></w:r></w:ins>'))
        paragraph._p.append(parse_xml(
            f'<w:del {w} w:id="91" w:author="Editor"><w:r><w:delText> at noon</w:delText>'
            "</w:r></w:del>"))
        paragraph.add_run(" every day.")
        notes.comment(paragraph, "Check the time against the log.")  # type: ignore[attr-defined]
        document.add_table(rows=2, cols=2).cell(0, 0).text = "Tide"
        document.add_paragraph("").add_run().add_picture(str(tmp_path / "harbour.png"))

    data = chapter_document(tmp_path, revise)
    _, folder = imported(tmp_path, data)
    report = (folder / "IMPORT-REPORT.md").read_text("utf-8")
    assert "## Tracked changes (insertions kept, deletions left out): 2" in report
    place = "paragraph 28 (“The pilot boat left at dawn every day.”)"
    assert f"- {place}: an insertion, kept by Editor: “at dawn”" in report
    assert f"- {place}: a deletion, left out by Editor: “at noon”" in report
    assert f"- {place}: “Check the time against the log.”" in report
    assert "## Tables (their cells brought over as paragraphs): 1" in report
    assert "- a table after paragraph 28 (“Tide”): 2 rows of 2 cells" in report
    assert "has no alt text in the document" in report
    text = (folder / "a-conversation.md").read_text("utf-8")
    assert "The pilot boat left at dawn every day." in text
    assert "![TODO: describe this image](images/image1.png)" in text
    reading = read_manuscript(folder)
    assert [d.code for d in reading.diagnostics] == ["I017"]


def test_bad_files_and_folders_are_clear_errors(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    encrypted = tmp_path / "locked.docx"
    encrypted.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500))
    assert main(["import", str(encrypted), str(tmp_path / "a")]) == 1
    assert "protected with a password" in capsys.readouterr().err
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"PK\x03\x04" + bytes(100))
    assert main(["import", str(broken), str(tmp_path / "b")]) == 1
    assert "damaged" in capsys.readouterr().err
    not_word = tmp_path / "other.docx"
    with zipfile.ZipFile(not_word, "w") as archive:
        archive.writestr("hello.txt", "hi")
    assert main(["import", str(not_word), str(tmp_path / "c")]) == 1
    assert "not a Word document" in capsys.readouterr().err
    good = tmp_path / "good.docx"
    good.write_bytes(chapter_document(tmp_path))
    full = tmp_path / "full"
    full.mkdir()
    (full / "keep.txt").write_text("mine")
    assert main(["import", str(good), str(full)]) == 2
    assert "not empty" in capsys.readouterr().err
    assert sorted(p.name for p in full.iterdir()) == ["keep.txt"]
    assert main(["import", str(tmp_path / "missing.docx"), str(tmp_path / "d")]) == 2
    assert not any((tmp_path / name).exists() for name in "abcd")
    with pytest.raises(TargetRefused):
        import_docx(good, full, TODAY)
    with pytest.raises(ImportFailed):
        import_docx(broken, tmp_path / "e", TODAY)


def test_text_boxes_fields_hidden_text_and_deep_headings_are_reported(tmp_path: Path) -> None:
    def odd(document: docx.document.Document, notes: object) -> None:
        from docx.oxml import parse_xml

        ns = ('xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
              'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
              'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"'
              ' xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"')
        boxed = document.add_paragraph("A sidebar stands beside this.")
        boxed._p.append(parse_xml(
            f'<w:r {ns}><w:drawing><wp:anchor><a:graphic><a:graphicData><wps:wsp><wps:txbx>'
            "<w:txbxContent><w:p><w:r><w:t>Boxed aside text</w:t></w:r></w:p></w:txbxContent>"
            "</wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></w:r>"))
        page = document.add_paragraph("See page ")
        for xml in ('<w:r {ns}><w:fldChar w:fldCharType="begin"/></w:r>',
                    '<w:r {ns}><w:instrText xml:space="preserve"> PAGEREF _Ref1 \\h </w:instrText>'
                    "</w:r>",
                    '<w:r {ns}><w:fldChar w:fldCharType="separate"/></w:r>',
                    "<w:r {ns}><w:t>12</w:t></w:r>",
                    '<w:r {ns}><w:fldChar w:fldCharType="end"/></w:r>',
                    "<w:r {ns}><w:rPr><w:vanish/></w:rPr><w:t xml:space=\"preserve\"> secret"
                    " words</w:t></w:r>"):
            page._p.append(parse_xml(xml.format(ns=ns)))
        page.add_run(" for the map.")
        document.add_heading("A fourth level", level=4)
        document.add_paragraph("Styled oddly.", style="macro")
        document.add_paragraph("\u2042").alignment = 1  # centred
        indented = document.add_paragraph("An extract set in by two centimetres.")
        indented.paragraph_format.left_indent = Cm(2)
        document.add_heading("Contents", level=1)

    _, folder = imported(tmp_path, chapter_document(tmp_path, odd))
    report = (folder / "IMPORT-REPORT.md").read_text("utf-8")
    assert "- paragraph 28 (“A sidebar stands beside this.”): “Boxed aside text”" in report
    assert "(“See page 12 secret words for the map.”): a PAGEREF field: PAGEREF _Ref1 \\h" \
        in report
    assert ": hidden text, left out: “secret words”" in report
    assert "a heading of level 4, set as a paragraph" in report
    assert "## Unusual styles (set as ordinary paragraphs): 1" in report
    text = (folder / "a-conversation.md").read_text("utf-8")
    assert "See page 12 for the map." in text and "Boxed" not in text
    assert "Styled oddly.\n\n***\n\n> An extract set in by two centimetres.\n" in text
    assert "- the section “Contents”: the heading of the table of contents, left out" in report
    assert read_manuscript(folder).book is not None


def test_a_transcript_after_an_introduction_stays_a_chapter_and_is_reported(
        tmp_path: Path) -> None:
    def late(document: docx.document.Document, notes: object) -> None:
        document.add_heading("Second Conversation", level=1)
        document.add_paragraph("We met again in the spring.")
        for line in ("Q: Is it different?", "Lindqvist: No.", "Q: Truly?", "Lindqvist: Yes."):
            document.add_paragraph(line)

    _, folder = imported(tmp_path, chapter_document(tmp_path, late))
    report = (folder / "IMPORT-REPORT.md").read_text("utf-8")
    assert ("- paragraph 30 (“Q: Is it different?”): second-conversation.md reads as an "
            "interview from here") in report
    assert "kind = \"chapter\"\nfile = \"second-conversation.md\"" in (
        folder / "book.toml").read_text("utf-8")
    assert read_manuscript(folder).book is not None


def test_a_document_without_text_is_an_error(tmp_path: Path) -> None:
    empty = tmp_path / "empty.docx"
    docx.Document().save(str(empty))
    with pytest.raises(ImportFailed, match="has no text to import"):
        import_docx(empty, tmp_path / "book", TODAY)
    assert not (tmp_path / "book").exists()


REAL = Path(__file__).resolve().parent.parent / "manuscript"


@pytest.mark.skipif(not pandoc_available(), reason="pandoc is not installed")
def test_the_real_book_as_a_word_file_comes_back_word_for_word(tmp_path: Path) -> None:
    """The real book's sections and notes, made one Word file by pandoc (a transcript's
    speakers written as names, 'Tarkovsky:'), import as the same text and notes."""
    real = load_book(REAL)
    files = [entry["file"] for entry in
             tomllib.loads((REAL / "book.toml").read_text("utf-8"))["sections"]
             if "file" in entry]  # the index has none: it is made from the marks
    texts = tuple(s for s in real.sections if s.kind != "index")
    body = "\n\n".join((REAL / name).read_text("utf-8") for name in files)
    markdown = (f"---\ntitle: \"{real.metadata.title}\"\nauthor: Andrei Tarkovsky\n"
                f"lang: en-GB\n---\n\n{body}\n\n{(REAL / 'notes.md').read_text('utf-8')}")
    markdown = re.sub(r"(?m)^TARKOVSKY:", "Tarkovsky:", markdown)
    _, folder = imported(tmp_path, pandoc_docx(markdown, tmp_path), "truth.docx")
    reading = read_manuscript(folder)
    assert reading.book is not None and not reading.diagnostics, [
        str(d) for d in reading.diagnostics]
    book = reading.book
    assert plain_text(tuple(book.sections)).split() == plain_text(texts).split()
    assert [" ".join(plain_text(n).split()) for n in book.notes] == [
        " ".join(plain_text(n).split()) for n in real.notes]
    assert [s.kind for s in book.sections] == [
        "introduction", "chapter", "interview", "bibliography", "chapter"]
    assert [(s.key, s.label) for s in book.speakers] == [("Q", "Q"), ("TARKOVSKY", "Tarkovsky")]
    outputs = list(build(folder, tmp_path / "out", None, None))
    assert sorted(o.path.suffix for o in outputs) == [".epub", ".pdf"]


@pytest.mark.parametrize(("bidi", "language"), [("he-IL", "he-IL"), ("ar-SA", "he")])
def test_a_hebrew_document_is_a_hebrew_book(tmp_path: Path, bidi: str, language: str) -> None:
    """Word keeps the language of right-to-left text apart (w:bidi): a document written
    from right to left is a book in that language, whatever its Latin default; Word's
    template names ar-SA there, which Hebrew letters overrule."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    document = docx.Document()
    defaults = document.styles.element.find(qn("w:docDefaults"))
    lang = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr")).find(qn("w:lang"))
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:bidi"), bidi)
    document.core_properties.title = "ספר"
    document.add_heading("מבוא", level=1)
    for text in ("אין כל חדש תחת השמש.", "מה שהיה הוא שיהיה, ומה שנעשה הוא שייעשה."):
        run = document.add_paragraph().add_run(text)
        run._r.get_or_add_rPr().append(OxmlElement("w:rtl"))
    out = io.BytesIO()
    document.save(out)
    _, folder = imported(tmp_path, out.getvalue())
    toml = (folder / "book.toml").read_text("utf-8")
    assert f'language = "{language}"' in toml
    assert 'kind = "introduction"\nfile = "section-1.md"' in toml
    reading = read_manuscript(folder)
    assert reading.book is not None and not reading.diagnostics
    assert plain_text(tuple(reading.book.sections)).split() == source_words(out.getvalue())[0]

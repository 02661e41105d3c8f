"""The import from start to end: the document read, its manuscript folder written whole
or not at all (into a temporary folder beside the target, then moved into place, as
``tarkbook new`` does), and the report."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path

from tarkbook.importer.blocks import Block, BlockReader, Numbering
from tarkbook.importer.compose import compose
from tarkbook.importer.images import attach_captions, write_images
from tarkbook.importer.inline import InlineWriter
from tarkbook.importer.metadata import book_language, book_toml, core_properties, identifier
from tarkbook.importer.notes import Notes
from tarkbook.importer.package import NS, Docx, ImportFailed, attr, open_docx
from tarkbook.importer.report import REPORT_NAME, Place, Report, first_words
from tarkbook.importer.runs import RunReader
from tarkbook.importer.sections import Section, file_name, find_interview, guess_kinds, split
from tarkbook.importer.styles import Styles
from tarkbook.render.labels import primary, shipped
from tarkbook.starter import NewBookError, fill_new_folder


class TargetRefused(Exception):
    """A target folder the import may not write into, with the reason."""


@dataclass
class Imported:
    files: dict[str, bytes]
    report: Report
    written: list[str]


def import_docx(source: Path, folder: Path, today: datetime.date) -> Imported:
    """Import the .docx at ``source`` into the new or empty ``folder``."""
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        what = "a file, not a folder" if not folder.is_dir() else "not empty"
        raise TargetRefused(f"{folder} is {what}; tarkbook import writes only into a new "
                            "or empty folder")
    files, report = convert(open_docx(source), today)

    def fill(scratch: Path) -> None:
        for name, data in files.items():
            path = scratch / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)

    try:
        written = fill_new_folder(folder, fill, "tarkbook import")
    except NewBookError as exc:
        raise TargetRefused(str(exc)) from None
    return Imported(files, report, written)


def convert(docx: Docx, today: datetime.date) -> tuple[dict[str, bytes], Report]:
    """The files of the manuscript folder, by their names in it, and the report."""
    report = Report(docx.name)
    styles = Styles(docx)
    core = core_properties(docx)
    main = docx.main_part()
    root = docx.xml(main)
    body = root.find("w:body", NS) if root is not None else None
    if body is None:
        raise ImportFailed(f"{docx.name} is not a Word document: its {main} has no body")
    language = book_language(styles, core, report, body)
    comments = _comments(docx)
    notes = Notes(docx, styles, report, comments)
    runs = RunReader(styles, docx.relationships(main), report, notes.call, comments)
    reader = BlockReader(styles, runs, report, "paragraph", Numbering())
    blocks = attach_captions(list(reader.read(body)))
    writer = InlineWriter(language, report)
    title, subtitle, blocks = _title(blocks, core, docx.name, writer)
    files: dict[str, bytes] = {}
    images = write_images(docx, blocks, report, files)
    blocks = [b for b in blocks if b.kind != "figure" or id(b) in images]
    if not any(b.kind != "break" for b in blocks):
        raise ImportFailed(f"{docx.name} has no text to import")
    sections = _without_contents(split(blocks, title), language, report)
    guess_kinds(sections, language)
    taken: set[str] = set()
    for number, section in enumerate(sections, 1):
        section.file = file_name(section.title_text, taken, number)
        first_turn = find_interview(section) if section.kind == "chapter" else None
        if first_turn is not None:
            report.add("section", first_turn.place, f"{section.file} reads as an interview "
                       "from here, but paragraphs that are no speaker's turn come before: "
                       "it is kept as a chapter; move them to a section of their own to "
                       "make it an interview (docs/manuscript.md, speaker turns)")
        heading = writer.write(section.title).replace("\\\n", " ") or section.file[:-3]
        body_text = compose(section.blocks, writer, lambda b: images[id(b)])
        files[section.file] = f"# {heading}\n\n{body_text}".encode()
    definitions = notes.definitions(writer)
    if definitions:
        files["notes.md"] = ("\n\n".join(definitions) + "\n").encode()
    speakers = {key: name for s in sections for key, name in s.speakers.items()}
    files["book.toml"] = book_toml(title, subtitle, language, identifier(docx.data), today, core,
                                    sections, speakers, docx.name).encode()
    _summary(report, sections, notes, files, language, core)
    files[REPORT_NAME] = report.text().encode()
    return files, report


def _without_contents(sections: list[Section], language: str,
                      report: Report) -> list[Section]:
    """A section titled as the editions title their contents (the book's label, "Contents"
    in English) is left out when empty (its entries were a Word table of contents), and
    reported when it holds a list typed by hand."""
    names = {shipped(primary(language)).get("contents", "").lower(), "contents",
             "table of contents"}
    kept = []
    for section in sections:
        if " ".join(section.title_text.lower().split()) not in names:
            kept.append(section)
        elif section.blocks:
            kept.append(section)
            report.add("section", Place(f"the section “{section.title_text}”", ""),
                       "a contents typed by hand, kept: the editions make their own, so "
                       "remove it")
        else:
            report.add("section", Place(f"the section “{section.title_text}”", ""),
                       "the heading of the table of contents, left out with it")
    return kept


# ---------------------------------------------------------------- metadata

def _comments(docx: Docx) -> dict[str, str]:
    root = docx.xml("word/comments.xml")
    if root is None:
        return {}
    return {attr(comment, "id"): " ".join("".join(str(t) for t in comment.itertext()).split())
            for comment in root.iterfind("w:comment", NS)}


def _title(blocks: list[Block], core: dict[str, str], name: str,
           writer: InlineWriter) -> tuple[str, str, list[Block]]:
    def plain(block: Block) -> str:
        return " ".join("".join(p.text for p in block.pieces if p.kind == "text").split())

    titles = [plain(b) for b in blocks if b.kind == "title"]
    subtitles = [plain(b) for b in blocks if b.kind == "subtitle"]
    title = core.get("title") or (titles[0] if titles else "") or Path(name).stem
    subtitle = subtitles[0] if subtitles else ""
    return title, subtitle, [b for b in blocks if b.kind not in ("title", "subtitle")]


def _summary(report: Report, sections: list[Section], notes: Notes,
             files: dict[str, bytes], language: str, core: dict[str, str]) -> None:
    made = ", ".join(f"{s.file} ({s.kind})" for s in sections)
    report.notes.append(f"Sections: {made}.")
    counts = {kind: sum(k == kind for k, _ in notes.keys) for kind in ("footnote", "endnote")}
    report.notes.append(f"Notes in notes.md: {counts['footnote']} footnotes and "
                        f"{counts['endnote']} endnotes.")
    images = sorted(name for name in files if name.startswith("images/"))
    report.notes.append(f"Images: {len(images)}" + (f" ({', '.join(images)})." if images
                                                      else "."))
    speakers = [f"{key} ({name})" for s in sections for key, name in s.speakers.items()]
    if speakers:
        report.notes.append("Interview speakers, in book.toml's [speakers]: "
                            f"{', '.join(speakers)}; give each its role and full name.")
    if not core.get("creator"):
        report.notes.append("The document names no author: add a [[contributors]] table.")
    for section in sections:
        if not section.show_title:
            report.add("section", Place(section.file, first_words(_text_of(section))),
                       "the text before the first level-1 heading, as a section whose "
                       "title is the book's and is not printed")
    quotes = sum(data.count(b'"') + data.count(b"'") for name, data in files.items()
                 if name.endswith(".md") and name != REPORT_NAME)
    if quotes:
        report.notes.append(f"{quotes} straight quotes or apostrophes are kept straight; "
                            "set smart_punctuation = true in book.toml to curl them.")


def _text_of(section: Section) -> str:
    return " ".join("".join(p.text for p in b.pieces if p.kind == "text")
                    for b in section.blocks[:2])



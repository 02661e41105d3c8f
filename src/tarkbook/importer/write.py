"""The import from start to end: the document read, its manuscript folder written whole
or not at all (into a temporary folder beside the target, then moved into place, as
``tarkbook new`` does), and the report."""

from __future__ import annotations

import datetime
import hashlib
import json
import posixpath
import uuid
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from tarkbook.importer.blocks import Block, BlockReader, Numbering
from tarkbook.importer.compose import compose
from tarkbook.importer.inline import InlineWriter
from tarkbook.importer.notes import Notes
from tarkbook.importer.package import NS, Docx, ImportFailed, attr, open_docx, w
from tarkbook.importer.report import Place, Report, first_words
from tarkbook.importer.runs import RunReader
from tarkbook.importer.sections import Section, file_name, find_interview, guess_kinds, split
from tarkbook.importer.styles import Styles
from tarkbook.manuscript.config import is_language_tag
from tarkbook.render.labels import primary, shipped
from tarkbook.starter import NewBookError, fill_new_folder

REPORT_NAME = "IMPORT-REPORT.md"
IMAGE_TYPES = {b"\x89PNG\r\n\x1a\n": ".png", b"\xff\xd8\xff": ".jpg", b"GIF87a": ".gif",
               b"GIF89a": ".gif"}
MISSING_ALT = "TODO: describe this image"
"""The alt text of an image the document gives none; ``tarkbook check`` flags it (I017)."""
IDENTIFIER_NAMESPACE = uuid.UUID("5b0e1f9c-2d1a-4f43-9a57-7f6f0c1d2e11")
"""The identifier of an imported book is a UUID made from this and the file's SHA-256:
the same file always gives the same identifier, and it never changes once written."""


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
    core = _core(docx)
    main = docx.main_part()
    root = docx.xml(main)
    body = root.find("w:body", NS) if root is not None else None
    if body is None:
        raise ImportFailed(f"{docx.name} is not a Word document: its {main} has no body")
    language = _language(styles, core, report, body)
    comments = _comments(docx)
    notes = Notes(docx, styles, report, comments)
    runs = RunReader(styles, docx.relationships(main), report, notes.call, comments)
    reader = BlockReader(styles, runs, report, "paragraph", Numbering())
    blocks = _captions(list(reader.read(body)))
    writer = InlineWriter(language, report)
    title, subtitle, blocks = _title(blocks, core, docx.name, writer)
    files: dict[str, bytes] = {}
    images = _images(docx, blocks, report, files)
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
    identifier = uuid.uuid5(IDENTIFIER_NAMESPACE, hashlib.sha256(docx.data).hexdigest())
    files["book.toml"] = _book_toml(title, subtitle, language, identifier, today, core,
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

def _core(docx: Docx) -> dict[str, str]:
    root = docx.xml("docProps/core.xml")
    found: dict[str, str] = {}
    if root is None:
        return found
    for name in ("title", "creator", "description", "language", "subject"):
        element = root.find(f"dc:{name}", NS)
        if element is not None and (element.text or "").strip():
            found[name] = " ".join((element.text or "").split())
    return found


def _language(styles: Styles, core: dict[str, str], report: Report,
              body: etree._Element) -> str:
    """The document's default language, or, when most of its letters are Hebrew or Arabic,
    its language of right-to-left text (Word keeps the two apart: a Hebrew document's
    default language is often en-US, and Word's own template names ar-SA for any
    right-to-left text, so the letters decide between Hebrew and Arabic)."""
    letters = [c for t in body.iter(w("t")) for c in t.text or "" if c.isalpha()]
    script = ""
    for name, low, high in (("he", "\u0590", "\u05ff"), ("ar", "\u0600", "\u06ff")):
        if sum(low <= c <= high for c in letters) * 2 > len(letters):
            script = name
    candidates = [("the document's styles", styles.default_lang),
                  ("the document's properties", core.get("language", ""))]
    if script:
        bidi = styles.default_bidi_lang
        same = bidi.split("-")[0].lower() in ((script,) if script == "he" else
                                              ("ar", "fa", "ur", "ps"))
        candidates = [("the document's styles (its right-to-left text)", bidi if same else ""),
                      ("its letters", script)]
    for where, tag in candidates:
        if tag and is_language_tag(tag):
            report.notes.append(f"The book's language, {tag}, comes from {where}.")
            return tag
    report.notes.append("The document names no language: the book's is set to en; change "
                        "`language` in book.toml if that is wrong.")
    return "en"


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


def _captions(blocks: list[Block]) -> list[Block]:
    """A caption paragraph right after a figure becomes that figure's caption."""
    out: list[Block] = []
    for block in blocks:
        previous = out[-1] if out else None
        if ("caption" in block.extra and previous is not None and previous.kind == "figure"
                and not previous.caption):
            previous.caption = " ".join("".join(
                p.text for p in block.pieces if p.kind == "text").split())
            continue
        out.append(block)
    return out


def _images(docx: Docx, blocks: list[Block], report: Report,
            files: dict[str, bytes]) -> dict[int, str]:
    """Each figure's image written into ``images/``: its path by the figure's id."""
    paths: dict[int, str] = {}
    by_part: dict[str, str] = {}
    for block in blocks:
        if block.kind != "figure" or block.picture is None:
            continue
        part = block.picture.part
        if part not in by_part:
            try:
                data = docx.read(part)
            except ImportFailed as exc:
                report.add("image", block.place, f"an image that cannot be read: {exc}")
                continue
            suffix = next((s for magic, s in IMAGE_TYPES.items() if data.startswith(magic)), "")
            if not suffix:
                kind = posixpath.splitext(part)[1].lstrip(".").upper() or "unknown"
                report.add("image", block.place, f"an image in the {kind} format, left out "
                           "(the format takes PNG, JPEG and GIF): export it again")
                continue
            stem = posixpath.splitext(posixpath.basename(part))[0]
            name = f"images/{stem}{suffix}"
            files[name] = data
            by_part[part] = name
        paths[id(block)] = by_part[part]
        if not block.picture.alt:
            block.picture = type(block.picture)(block.picture.part, MISSING_ALT,
                                                block.picture.title)
            report.add("image", block.place, f"{by_part[part]} has no alt text in the "
                       f"document: write what it shows in place of “{MISSING_ALT}”")
    return paths


def _toml(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _book_toml(title: str, subtitle: str, language: str, identifier: uuid.UUID,
               today: datetime.date, core: dict[str, str], sections: list[Section],
               speakers: dict[str, str], source: str) -> str:
    lines = [
        f"# A book for tarkbook, imported from {source} on {today.isoformat()}: see",
        f"# {REPORT_NAME} for what to check. `tarkbook check .` says what is wrong;",
        "# `tarkbook build .` makes the editions.",
        "",
        "[book]",
        f"title = {_toml(title)}",
    ]
    if subtitle:
        lines.append(f"subtitle = {_toml(subtitle)}")
    lines += [
        f"language = {_toml(language)}",
        "# The book's own identifier, made from the imported file: keep it.",
        f'identifier = "urn:uuid:{identifier}"',
        f'date = "{today.isoformat()}"',
    ]
    if core.get("description"):
        lines.append(f"description = {_toml(core['description'])}")
    if core.get("creator"):
        lines += ["", "[[contributors]]", f"name = {_toml(core['creator'])}",
                  'roles = ["aut"]                    # MARC relator codes: aut author, '
                  "edt editor, trl translator …"]
    for key, name in speakers.items():
        role = "interviewer" if key in ("Q", "INTERVIEWER") else \
            "interviewee" if len(set(speakers) - {"Q", "INTERVIEWER"}) == 1 else "other"
        lines += ["", f"[speakers.{key}]", f"name = {_toml(name)}", f"label = {_toml(name)}",
                  f'role = "{role}"  # interviewer, interviewee or other']
    lines += [
        "",
        "[text]",
        "# The text is as the document had it: its quotes and dashes are kept. true sets",
        "# straight quotes, -- and ... as curly quotes, dashes and ellipses.",
        "smart_punctuation = false",
    ]
    for section in sections:
        lines += ["", "[[sections]]", f'kind = "{section.kind}"', f'file = "{section.file}"']
        if not section.show_title:
            lines.append("show_title = false")
    return "\n".join(lines) + "\n"


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



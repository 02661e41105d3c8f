"""What book.toml says of an imported book: its title, language, author, identifier,
speakers and sections, from the document's properties, styles and text."""

from __future__ import annotations

import datetime
import hashlib
import json
import uuid

from lxml import etree

from tarkbook.importer.package import NS, Docx, w
from tarkbook.importer.report import REPORT_NAME, Report
from tarkbook.importer.sections import Section
from tarkbook.importer.styles import Styles
from tarkbook.manuscript.config import is_language_tag

IDENTIFIER_NAMESPACE = uuid.UUID("5b0e1f9c-2d1a-4f43-9a57-7f6f0c1d2e11")
"""The identifier of an imported book is a UUID made from this and the file's SHA-256:
the same file always gives the same identifier, and it never changes once written."""


def identifier(data: bytes) -> uuid.UUID:
    return uuid.uuid5(IDENTIFIER_NAMESPACE, hashlib.sha256(data).hexdigest())



def core_properties(docx: Docx) -> dict[str, str]:
    root = docx.xml("docProps/core.xml")
    found: dict[str, str] = {}
    if root is None:
        return found
    for name in ("title", "creator", "description", "language", "subject"):
        element = root.find(f"dc:{name}", NS)
        if element is not None and (element.text or "").strip():
            found[name] = " ".join((element.text or "").split())
    return found


def book_language(styles: Styles, core: dict[str, str], report: Report,
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


def _string(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def book_toml(title: str, subtitle: str, language: str, identifier: uuid.UUID,
               today: datetime.date, core: dict[str, str], sections: list[Section],
               speakers: dict[str, str], source: str) -> str:
    lines = [
        f"# A book for tarkbook, imported from {source} on {today.isoformat()}: see",
        f"# {REPORT_NAME} for what to check. `tarkbook check .` says what is wrong;",
        "# `tarkbook build .` makes the editions.",
        "",
        "[book]",
        f"title = {_string(title)}",
    ]
    if subtitle:
        lines.append(f"subtitle = {_string(subtitle)}")
    lines += [
        f"language = {_string(language)}",
        "# The book's own identifier, made from the imported file: keep it.",
        f'identifier = "urn:uuid:{identifier}"',
        f'date = "{today.isoformat()}"',
    ]
    if core.get("description"):
        lines.append(f"description = {_string(core['description'])}")
    if core.get("creator"):
        lines += ["", "[[contributors]]", f"name = {_string(core['creator'])}",
                  'roles = ["aut"]                    # MARC relator codes: aut author, '
                  "edt editor, trl translator …"]
    for key, name in speakers.items():
        role = "interviewer" if key in ("Q", "INTERVIEWER") else \
            "interviewee" if len(set(speakers) - {"Q", "INTERVIEWER"}) == 1 else "other"
        lines += ["", f"[speakers.{key}]", f"name = {_string(name)}", f"label = {_string(name)}",
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

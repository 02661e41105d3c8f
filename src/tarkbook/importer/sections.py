"""The document cut into sections at its level-1 headings: each section's kind, guessed
from its title in the book's language, its file name, and whether it is an interview.

A section is an interview when its text is a transcript: its first paragraph and at least
four in all begin with a speaker and a colon (``Q:``, ``Anna Berg:``), by at least two
speakers. Each speaker becomes a key of book.toml (``ANNA_BERG``), and its turns begin
with that key; a name in other capitals is rewritten to it.
"""

from __future__ import annotations

# ruff: noqa: RUF001 (the curly apostrophe of the text is the point)
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field, replace

from tarkbook.importer.blocks import Block
from tarkbook.importer.runs import Fmt, Piece
from tarkbook.model import BACK_MATTER, BODY_OPENERS, ENDING, FRONT_MATTER

KIND_TITLES: dict[str, dict[str, str]] = {
    "introduction": {"en": "introduction", "pl": "wstęp|wprowadzenie",
                     "de": "einleitung|einführung",
                     "fr": "introduction", "ru": "введение", "es": "introducción",
                     "it": "introduzione", "he": "מבוא"},
    "foreword": {"en": "foreword", "pl": "przedmowa|słowo wstępne", "de": "geleitwort|vorwort",
                 "fr": "avant-propos", "ru": "предисловие", "es": "prólogo",
                 "it": "premessa", "he": "פתח דבר"},
    "preface": {"en": "preface", "fr": "préface", "it": "prefazione", "es": "prefacio"},
    "afterword": {"en": "afterword", "pl": "posłowie", "de": "nachwort", "fr": "postface",
                  "ru": "послесловие", "es": "epílogo", "it": "postfazione", "he": "אחרית דבר"},
    "epilogue": {"en": "epilogue", "fr": "épilogue", "it": "epilogo", "pl": "epilog",
                 "de": "epilog", "ru": "эпилог"},
    "prologue": {"en": "prologue", "fr": "prologue", "it": "prologo", "pl": "prolog",
                 "de": "prolog", "ru": "пролог"},
    "conclusion": {"en": "conclusion", "fr": "conclusion", "pl": "zakończenie",
                   "de": "schluss", "ru": "заключение", "es": "conclusión",
                   "it": "conclusione"},
    "acknowledgments": {"en": "acknowledgments|acknowledgements", "pl": "podziękowania",
                        "de": "dank|danksagung", "fr": "remerciements",
                        "ru": "благодарности", "es": "agradecimientos",
                        "it": "ringraziamenti", "he": "תודות"},
    "bibliography": {"en": "bibliography|references|works cited|sources",
                     "pl": "bibliografia", "de": "literatur|literaturverzeichnis|bibliographie",
                     "fr": "bibliographie", "ru": "библиография|литература",
                     "es": "bibliografía", "it": "bibliografia", "he": "ביבליוגרפיה"},
    "appendix": {"en": "appendix", "pl": "aneks|załącznik", "de": "anhang", "fr": "annexe",
                 "ru": "приложение", "es": "apéndice", "it": "appendice", "he": "נספח"},
    "about-the-author": {"en": "about the author", "pl": "o autorze", "de": "über den autor",
                         "fr": "à propos de l'auteur|l’auteur", "it": "l'autore"},
    "colophon": {"en": "colophon", "pl": "kolofon", "de": "kolophon", "fr": "colophon"},
    "prose": {"en": "notes", "pl": "przypisy", "de": "anmerkungen", "fr": "notes",
              "ru": "примечания", "es": "notas", "it": "note", "he": "הערות"},
}
"""Section titles that name a kind, in each shipped language (a title that starts with
one, "Appendix A", counts); "Notes" is a section of prose, the format's notes being the
document's footnotes and endnotes."""

_SPEAKER = re.compile(r"^\s*((?:[^\W\d_][\w'’.\-]*)(?: [^\W\d_][\w'’.\-]*){0,2})\s*:\s")
_TRANSLITERATION = dict(zip(
    "абвгдеёжзийклмнопрстуфхцчшщъыьэюяłøđßæœþ",
    ["a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "y", "k", "l", "m", "n", "o", "p",
     "r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "yu", "ya",
     "l", "o", "d", "ss", "ae", "oe", "th"], strict=True))


@dataclass
class Section:
    title: list[Piece]
    title_text: str
    blocks: list[Block]
    kind: str = "chapter"
    file: str = ""
    show_title: bool = True
    speakers: dict[str, str] = field(default_factory=dict)  # key -> name


def split(blocks: list[Block], fallback_title: str) -> list[Section]:
    sections: list[Section] = []
    leading: list[Block] = []
    for block in blocks:
        if block.kind == "heading" and block.level == 1:
            text = "".join(p.text for p in block.pieces if p.kind == "text").strip()
            sections.append(Section(block.pieces, text, []))
        elif sections:
            sections[-1].blocks.append(block)
        else:
            leading.append(block)
    if leading:
        opening = Section([Piece(fallback_title, Fmt())], fallback_title, leading)
        opening.show_title = False
        sections.insert(0, opening)
    return sections


def guess_kinds(sections: list[Section], language: str) -> None:
    primary = language.split("-")[0].lower()
    for section in sections:
        section.kind = _kind_of(section.title_text, primary)
    kinds = [section.kind for section in sections]
    for index, section in enumerate(sections):
        later = kinds[index + 1:]
        earlier = kinds[:index]
        misplaced = (
            (section.kind in FRONT_MATTER and any(k in BODY_OPENERS for k in earlier))
            or (section.kind in BACK_MATTER and not any(k in BODY_OPENERS for k in earlier))
            or (section.kind in ENDING and any(k not in ENDING for k in later))
            or (section.kind not in ENDING and any(k in ENDING for k in earlier))
        )
        if misplaced:
            section.kind = "prose"
            kinds[index] = "prose"


def _kind_of(title: str, primary: str) -> str:
    folded = " ".join(title.lower().strip(" .:").split())
    for kind, names in KIND_TITLES.items():
        for name in names.get(primary, names.get("en", "")).split("|"):
            if folded == name or (kind == "appendix" and folded.startswith(name + " ")):
                return kind
    return "chapter"


def file_name(title: str, taken: set[str], number: int) -> str:
    """An ASCII file name from a heading: "Część pierwsza" -> "czesc-pierwsza.md"."""
    letters = []
    for char in unicodedata.normalize("NFKD", title.lower()):
        if unicodedata.combining(char):
            continue
        letters.append(_TRANSLITERATION.get(char, char) if not char.isascii() else char)
    slug = re.sub(r"[^a-z0-9]+", "-", "".join(letters)).strip("-")[:60].strip("-")
    slug = slug or f"section-{number}"
    if slug == "notes":
        slug = "notes-section"
    name, suffix = slug, 2
    while name in taken:
        name = f"{slug}-{suffix}"
        suffix += 1
    taken.add(name)
    return name + ".md"


# ---------------------------------------------------------------- interviews

def speaker_of(block: Block) -> str:
    """The speaker's name that opens a paragraph ("Q", "Anna Berg"), or ""."""
    if block.kind != "para":
        return ""
    text = "".join(p.text if p.kind == "text" else "\x00" for p in block.pieces)
    match = _SPEAKER.match(text)
    if not match or not match.group(1)[0].isupper():
        return ""
    return match.group(1)


def key_of(name: str) -> str:
    folded = unicodedata.normalize("NFKD", name)
    key = re.sub(r"\W+", "_", "".join(c for c in folded if not unicodedata.combining(c)))
    return key.strip("_").upper()


def find_interview(section: Section) -> Block | None:
    """Make ``section`` an interview if it is a transcript. A section that would be one
    but for paragraphs before its first turn stays a chapter: the first turn is returned,
    for the report."""
    paragraphs = [b for b in section.blocks if b.kind not in ("heading",)]
    if not paragraphs:
        return None
    names = [speaker_of(block) for block in paragraphs]
    # A name heard once is more often a word before a colon ("Berlin: …") than a speaker.
    heard = Counter(name for name in names if name)
    names = [name if heard[name] > 1 or name in ("Q", "A") else "" for name in names]
    turns = [name for name in names if name]
    keys = {key_of(name) for name in turns}
    if len(turns) < 4 or len(keys) < 2 or any(not k or not k.isupper() for k in keys):
        return None
    if not names[0]:
        return next(b for b, name in zip(paragraphs, names, strict=True) if name)
    section.kind = "interview"
    for block, name in zip(paragraphs, names, strict=True):
        if name:
            key = key_of(name)
            section.speakers.setdefault(key, name)
            _relabel(block, name, key)
        else:
            _escape_capitals_label(block)
    return None


def _relabel(block: Block, name: str, key: str) -> None:
    """Replace the name and colon that open the paragraph with ``KEY: ``."""
    text = "".join(p.text if p.kind == "text" else "\x00" for p in block.pieces)
    match = _SPEAKER.match(text)
    assert match is not None
    drop = match.end()
    pieces: list[Piece] = []
    for piece in block.pieces:
        size = len(piece.text) if piece.kind == "text" else 1
        if drop >= size:
            drop -= size
            continue
        if drop:
            piece = replace(piece, text=piece.text[drop:])
            drop = 0
        pieces.append(piece)
    block.pieces = [Piece(f"{key}: ", Fmt(), "raw"), *pieces]


def _escape_capitals_label(block: Block) -> None:
    """A paragraph of a turn that begins ``NOTE:`` would be read as a speaker's key."""
    first = block.pieces[0] if block.pieces else None
    if first is not None and first.kind == "text" and re.match(r"^\w+:", first.text) \
            and first.text.split(":")[0].isupper():
        block.extra["escape-label"] = "yes"

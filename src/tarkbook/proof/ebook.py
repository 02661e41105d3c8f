"""The EPUB as the proof reads it: its documents in reading order, their sections' ids,
and its notes with their numbers and words."""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from pathlib import Path

from tarkbook.proof.files import Archive, Unreadable

_NS = {"opf": "http://www.idpf.org/2007/opf",
       "c": "urn:oasis:names:tc:opendocument:xmlns:container"}
_NOTE_ID = re.compile(r"note-(\d+)")


@dataclass(frozen=True, slots=True)
class EbookNote:
    number: int
    document: str
    text: str
    """The note's words, without its number."""


@dataclass(frozen=True, slots=True)
class Ebook:
    path: Path
    documents: tuple[str, ...]
    """The spine's documents, in reading order."""
    sections: tuple[tuple[str, str], ...]
    """(id, document) of each section of the book, in reading order."""
    notes: dict[int, EbookNote]
    calls: tuple[int, ...]
    """The number of each note call, in reading order."""
    package: str = "EPUB/package.opf"
    """The package document's path in the container."""
    navigation: frozenset[str] = frozenset()
    """The spine's navigation documents (the manifest's ``nav`` item)."""


@dataclass(frozen=True, slots=True)
class Package:
    """An EPUB's package document as the proof needs it."""

    path: str
    """The package document's path in the container."""
    folder: str
    """The folder of the package document, which its hrefs are relative to."""
    spine: tuple[str, ...]
    """The spine's documents (hrefs), in reading order."""
    navigation: frozenset[str]
    """The manifest's navigation documents (``nav`` items)."""


def read_package(archive: Archive) -> Package:
    """The package of the EPUB open as ``archive``: found through its container file.
    Raises Unreadable for a container or package that does not say it."""
    container = archive.xml("META-INF/container.xml")
    path = str(container.xpath("string(//c:rootfile/@full-path)", namespaces=_NS))
    if not path:
        raise Unreadable(f"the EPUB {archive.name}: its container names no package")
    package = archive.xml(path)
    items = list(package.iterfind(".//opf:manifest/opf:item", _NS))
    hrefs = {str(item.get("id")): str(item.get("href")) for item in items}
    spine = []
    for ref in package.iterfind(".//opf:spine/opf:itemref", _NS):
        if str(ref.get("idref")) not in hrefs:
            raise Unreadable(f"the EPUB {archive.name}: its spine names "
                             f"'{ref.get('idref')}', which its manifest has not")
        spine.append(hrefs[str(ref.get("idref"))])
    return Package(
        path, posixpath.dirname(path), tuple(spine),
        frozenset(str(item.get("href")) for item in items
                  if "nav" in str(item.get("properties", "")).split()),
    )


def read_epub(path: Path) -> Ebook:
    """The EPUB at ``path``; raises Unreadable for one the proof cannot read
    (``files``)."""
    with Archive(path) as archive:
        package = read_package(archive)
        folder, documents = package.folder, list(package.spine)
        sections: list[tuple[str, str]] = []
        notes: dict[int, EbookNote] = {}
        calls: list[int] = []
        for document in documents:
            tree = archive.xml(posixpath.join(folder, document))
            for element in tree.iter("{*}section", "{*}aside", "{*}a"):
                ident = element.get("id", "")
                if element.tag.endswith("section") and ident.startswith("s-"):
                    sections.append((ident, document))
                elif element.tag.endswith("aside") and (match := _NOTE_ID.fullmatch(ident)):
                    for link in element.iterfind(".//{*}a"):
                        if link.get("role") == "doc-backlink":  # the number the EPUB adds
                            link.text = ""
                    text = " ".join("".join(str(t) for t in element.itertext()).split())
                    notes[int(match[1])] = EbookNote(int(match[1]), document, text)
                elif element.get("role") == "doc-noteref":
                    number = element.get("href", "").rpartition("#note-")[2]
                    if number.isdigit():
                        calls.append(int(number))
    return Ebook(path, tuple(documents), tuple(sections), notes, tuple(calls), package.path,
                 package.navigation)

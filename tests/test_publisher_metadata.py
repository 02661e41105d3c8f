"""What a publisher puts in book.toml, in both editions: the ISBN of each edition, the
publisher, rights, edition, series, every contributor's role, and the book's own cover.

The test book (publisher_fixtures/manuscript) is a memoir by one author with an editor,
a translator, an annotator, a writer of the introduction and an illustrator.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from lxml import etree

from epub_support import NS, STYLES, Built, epubcheck, strict_parser
from pdf_support import page_texts, reader, squash
from tarkbook.build import build
from tarkbook.manuscript import load_book
from tarkbook.manuscript.isbn import IsbnProblem, check_isbn

MANUSCRIPT = Path(__file__).resolve().parent / "publisher_fixtures" / "manuscript"
PRINT_ISBN = "9780804429573"  # given as the ISBN-10 0-8044-2957-X
EPUB_ISBN = "9780306406157"
IMPRINT_LINES = [
    "Coastal Lives, 3",
    "First edition",
    "This edition: 14 March 2026.",
    "© 2026 Harbour Lights Press. All rights reserved.",
    "Published by Harbour Lights Press.",
    "ISBN 978-0-8044-2957-3 (print)",
    "ISBN 978-0-306-40615-7 (EPUB)",
]
ROLES = {"Margaret Rowe": "aut", "Tomasz Nowak": "edt", "Ana Lima": "trl", "Eli Park": "ann",
         "Ruth Okafor": "aui", "Jon Ferris": "ill"}


@dataclass(frozen=True)
class Editions:
    epub: Built
    pdf: bytes


@pytest.fixture(scope="module")
def editions(tmp_path_factory: pytest.TempPathFactory) -> Editions:
    out = tmp_path_factory.mktemp("publisher")
    paths = {o.path.suffix: o.path for o in build(MANUSCRIPT, out, ["epub", "pdf"], STYLES)}
    return Editions(Built(paths[".epub"], load_book(MANUSCRIPT)), paths[".pdf"].read_bytes())


def _meta(package: etree._Element, prop: str, refines: str | None = None) -> list[str]:
    found = []
    for meta in package.findall("opf:metadata/opf:meta", NS):
        if meta.get("property") == prop and meta.get("refines") == refines:
            found.append(meta.text)
    return found


def test_the_epub_is_identified_by_its_isbn_and_keeps_the_books_identifier(
    editions: Editions,
) -> None:
    package = editions.epub.xml("package.opf")
    ids = {e.get("id"): e.text for e in package.findall("opf:metadata/dc:identifier", NS)}
    assert package.get("unique-identifier") == "pub-id"
    assert ids == {"pub-id": f"urn:isbn:{EPUB_ISBN}",
                   "book-id": "urn:uuid:3f1c2d0e-8a51-4c39-9d7e-2b6f0c4a9e11"}
    ncx = editions.epub.xml("toc.ncx")
    uid = ncx.find("ncx:head/ncx:meta[@name='dtb:uid']", NS)
    assert uid is not None and uid.get("content") == f"urn:isbn:{EPUB_ISBN}"


def test_publisher_rights_edition_and_series_are_in_the_opf(editions: Editions) -> None:
    package = editions.epub.xml("package.opf")
    metadata = package.find("opf:metadata", NS)
    assert metadata.findtext("dc:publisher", namespaces=NS) == "Harbour Lights Press"
    assert metadata.findtext("dc:rights", namespaces=NS) == (
        "© 2026 Harbour Lights Press. All rights reserved.")
    assert _meta(package, "belongs-to-collection") == ["Coastal Lives"]
    assert _meta(package, "collection-type", "#series") == ["series"]
    assert _meta(package, "group-position", "#series") == ["3"]
    assert _meta(package, "schema:bookEdition") == ["First edition"]


def test_every_role_is_refined_with_its_marc_relator_code(editions: Editions) -> None:
    package = editions.epub.xml("package.opf")
    roles = {}
    for element in ("dc:creator", "dc:contributor"):
        for person in package.findall(f"opf:metadata/{element}", NS):
            (role,) = _meta(package, "role", f"#{person.get('id')}")
            roles[person.text] = (element, role)
    assert roles == {name: ("dc:creator" if role == "aut" else "dc:contributor", role)
                     for name, role in ROLES.items()}


def test_the_books_own_cover_is_the_epubs_cover(editions: Editions) -> None:
    package = editions.epub.xml("package.opf")
    item = package.find("opf:manifest/opf:item[@id='cover-image']", NS)
    assert item is not None
    assert (item.get("href"), item.get("media-type"), item.get("properties")) == (
        "cover.jpg", "image/jpeg", "cover-image")
    entries = editions.epub.entries()
    assert entries["EPUB/cover.jpg"] == (MANUSCRIPT / "images" / "cover.jpg").read_bytes()
    assert "EPUB/cover.png" not in entries
    assert b'src="cover.jpg"' in entries["EPUB/cover.xhtml"]
    assert ('alt="Cover: a pale band on deep blue, the light of the Skerry seen from the sea."'
            in entries["EPUB/cover.xhtml"].decode())


def _text(xhtml: bytes) -> str:
    root = etree.fromstring(xhtml, strict_parser())
    return squash(" ".join(root.itertext()))


def test_the_imprint_of_the_epub_has_the_isbns_publisher_rights_and_series(
    editions: Editions,
) -> None:
    text = _text(editions.epub.entries()["EPUB/imprint.xhtml"])
    for line in IMPRINT_LINES:
        assert line in text
    assert "urn:uuid" not in text  # the ISBNs identify the editions


def test_the_title_page_names_the_author_once(editions: Editions) -> None:
    text = _text(editions.epub.entries()["EPUB/title-page.xhtml"])
    assert text.count("Margaret Rowe") == 1
    assert "by Margaret Rowe" not in text


def test_the_imprint_of_the_pdf_has_the_same_lines(editions: Editions) -> None:
    texts = [squash(text) for text in page_texts(reader(editions.pdf))]
    (imprint,) = [text for text in texts if "Published by Harbour Lights Press." in text]
    for line in IMPRINT_LINES:
        assert line in imprint


def test_the_pdfs_xmp_carries_the_print_isbn(editions: Editions) -> None:
    xmp = reader(editions.pdf).xmp_metadata
    assert xmp is not None
    assert xmp.dc_identifier == f"urn:isbn:{PRINT_ISBN}"
    prism = "http://prismstandard.org/namespaces/basic/3.0/"
    assert [node.firstChild.data for node in xmp.rdf_root.getElementsByTagNameNS(prism, "isbn")
            ] == [PRINT_ISBN]


def test_the_epubs_page_list_names_the_print_edition_by_its_isbn(editions: Editions) -> None:
    package = editions.epub.xml("package.opf")
    assert _meta(package, "pageBreakSource") == [f"urn:isbn:{PRINT_ISBN}"]


@pytest.mark.slow
def test_epubcheck_reports_nothing(editions: Editions, tmp_path: Path) -> None:
    report = epubcheck(editions.epub.path, tmp_path / "report.json")
    assert [f"{m['severity']} {m['ID']}: {m['message']}" for m in report["messages"]] == []


@pytest.mark.parametrize(("written", "isbn13"), [
    ("978-0-306-40615-7", EPUB_ISBN),
    ("9780306406157", EPUB_ISBN),
    ("978 0 306 40615 7", EPUB_ISBN),
    ("0-306-40615-2", EPUB_ISBN),  # ISBN-10, converted
    ("0-8044-2957-X", PRINT_ISBN),
    ("080442957x", PRINT_ISBN),
])
def test_an_isbn_is_taken_in_any_usual_form(written: str, isbn13: str) -> None:
    assert check_isbn(written) == isbn13


@pytest.mark.parametrize(("written", "offset"), [
    ("978-0-306-40615-8", 16),  # the check digit
    ("0-306-40615-3", 12),
    ("978-0-306-4O615-7", 11),  # a letter O for a zero
    ("123-0-306-40615-7", 0),  # neither 978 nor 979
])
def test_a_wrong_isbn_points_at_the_character_to_fix(written: str, offset: int) -> None:
    problem = check_isbn(written)
    assert isinstance(problem, IsbnProblem)
    assert problem.offset == offset

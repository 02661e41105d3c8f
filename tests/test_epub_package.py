"""The package document, navigation, NCX and cover: metadata that is true of the book."""

from __future__ import annotations

import io
import re
import warnings
from collections import Counter
from typing import Any

import pytest
from PIL import Image

from epub_support import (
    EPUB_TYPE,
    FIXTURE_MANUSCRIPT,
    MANUSCRIPT,
    NS,
    PACKAGE,
    STYLES,
    Built,
    built_once,
    with_page_list,
)


@pytest.fixture(scope="session")
def book_epub(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The real book's EPUB, with the print edition's page list it asks for here."""
    paged = with_page_list(MANUSCRIPT, tmp_path_factory.mktemp("paged") / "manuscript")
    return built_once(paged, tmp_path_factory)


@pytest.fixture(scope="session")
def fixture_epub(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return built_once(FIXTURE_MANUSCRIPT, tmp_path_factory)


def _metadata(epub: Built) -> Any:
    return epub.xml("package.opf").find("opf:metadata", NS)


def _refines(metadata: Any, ident: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for meta in metadata.iterfind(f"opf:meta[@refines='#{ident}']", NS):
        found.setdefault(meta.get("property"), []).append(meta.text)
    return found


def _properties(metadata: Any, name: str) -> list[str]:
    return [m.text for m in metadata.iterfind(f"opf:meta[@property='{name}']", NS)]


def test_title_subtitle_language_identifier_and_dates(book_epub: Built) -> None:
    package = book_epub.xml("package.opf")
    metadata = _metadata(book_epub)
    assert package.get("version") == "3.0"
    identifier = metadata.find(f"dc:identifier[@id='{package.get('unique-identifier')}']", NS)
    assert identifier.text == "urn:uuid:9a6c8cba-d623-4787-8072-577219adf2fc"
    titles = metadata.findall("dc:title", NS)
    assert [t.text for t in titles] == [
        "The Truth of Memory", "A Conversation with Andrei Tarkovsky, Stockholm, March 1985"]
    assert [_refines(metadata, t.get("id"))["title-type"] for t in titles] == [
        ["main"], ["subtitle"]]
    assert [e.text for e in metadata.findall("dc:language", NS)] == ["en"]
    assert _properties(metadata, "dcterms:modified") == ["2026-11-30T00:00:00Z"]
    assert [e.text for e in metadata.findall("dc:date", NS)] == ["2026-11-30"]
    sources = [e.text for e in metadata.findall("dc:source", NS)]
    assert sources[0] == (
        "\u201cZ Andriejem Tarkowskim rozmawiaj\u0105 Jerzy Illg, Leonard Neuger\u201d, "
        "in Res Publica (1), Warsaw 1987, pp. 137\u2013160.")
    # then the web pages the edition follows, from [book] sources
    assert len(sources) == 3
    assert "nostalghia.com/TheTopics/interview.html" in sources[1]
    assert "translated from the Polish by Jan" in sources[1]
    assert "highonfilms.com/andrei-tarkovsky-on-mirror-and-stalker" in sources[2]
    assert metadata.find("dc:description", NS).text.startswith("Andrei Tarkovsky in conversation")
    assert len(metadata.findall("dc:subject", NS)) == 2


def test_creators_with_roles_and_sort_names(book_epub: Built) -> None:
    metadata = _metadata(book_epub)
    creators = metadata.findall("dc:creator", NS)
    found = [(c.text, _refines(metadata, c.get("id"))) for c in creators]
    assert found == [
        ("Andrei Tarkovsky", {"role": ["ive"], "file-as": ["Tarkovsky, Andrei"],
                              "display-seq": ["1"]}),
        ("Jerzy Illg", {"role": ["ivr"], "file-as": ["Illg, Jerzy"], "display-seq": ["2"]}),
        ("Leonard Neuger", {"role": ["ivr"], "file-as": ["Neuger, Leonard"],
                            "display-seq": ["3"]}),
    ]
    for role in metadata.iterfind("opf:meta[@property='role']", NS):
        assert role.get("scheme") == "marc:relators"


def test_contributors_publisher_and_rights_when_given(fixture_epub: Built) -> None:
    metadata = _metadata(fixture_epub)
    contributors = metadata.findall("dc:contributor", NS)
    assert [c.text for c in contributors] == ["Cleo Editor"]
    assert _refines(metadata, contributors[0].get("id")) == {
        "role": ["edt", "ann"], "display-seq": ["1"]}
    assert metadata.find("dc:publisher", NS).text == "Fixture Press"
    assert metadata.find("dc:rights", NS).text == "Text in the public domain."
    # a publisher is not a certifier: no claim is made that book.toml does not make
    assert _properties(metadata, "a11y:certifiedBy") == []
    assert _properties(metadata, "dcterms:conformsTo") == []


@pytest.mark.parametrize("name", ["book", "fixture"])
def test_every_id_is_unique(name: str, book_epub: Built, fixture_epub: Built) -> None:
    epub = book_epub if name == "book" else fixture_epub
    for document in ["package.opf", "toc.ncx", *epub.documents()]:
        ids = Counter(e.get("id") for e in epub.xml(document).iter() if e.get("id"))
        assert [i for i, n in ids.items() if n > 1] == [], document


def test_accessibility_metadata(book_epub: Built) -> None:
    metadata = _metadata(book_epub)
    assert _properties(metadata, "schema:accessMode") == ["textual", "visual"]
    assert _properties(metadata, "schema:accessModeSufficient") == ["textual"]
    assert set(_properties(metadata, "schema:accessibilityFeature")) >= {
        "alternativeText", "structuralNavigation", "tableOfContents", "readingOrder"}
    # The print edition's pages: markers, the page list, and which edition they are of.
    assert {"pageBreakMarkers", "pageNavigation"} <= set(
        _properties(metadata, "schema:accessibilityFeature"))
    assert _properties(metadata, "pageBreakSource") == [
        "urn:uuid:9a6c8cba-d623-4787-8072-577219adf2fc"]  # no print ISBN: the book's id
    assert _properties(metadata, "schema:accessibilityHazard") == ["none"]
    (summary,) = _properties(metadata, "schema:accessibilitySummary")
    assert "cover" in summary
    assert "In the interview each turn begins with the speaker's name." in summary
    assert "Page-break markers and a page list give the pages" in summary
    assert _properties(metadata, "dcterms:conformsTo") == []  # book.toml claims none


def test_manifest_lists_every_file_and_the_spine_the_reading_order(book_epub: Built) -> None:
    package = book_epub.xml("package.opf")
    items = package.findall("opf:manifest/opf:item", NS)
    files = {n.removeprefix(PACKAGE) for n in book_epub.entries() if n.startswith(PACKAGE)}
    assert {i.get("href") for i in items} == files - {"package.opf"}
    properties = {i.get("href"): i.get("properties") for i in items}
    assert properties["nav.xhtml"] == "nav"
    assert properties["cover.png"] == "cover-image"
    cover = package.find("opf:metadata/opf:meta[@name='cover']", NS)
    assert cover.get("content") == next(i.get("id") for i in items if i.get("href") == "cover.png")
    spine = package.find("opf:spine", NS)
    assert spine.get("toc") == "ncx"
    assert all(ref.get("linear") is None for ref in spine)
    assert package.find("opf:guide", NS) is None


def test_navigation_contents_and_landmarks(book_epub: Built) -> None:
    nav = book_epub.xml("nav.xhtml")
    toc = nav.find(".//x:nav[@role='doc-toc']", NS)
    assert toc.get(EPUB_TYPE) == "toc"
    assert toc.get("hidden") is None
    entries = [(a.get("href"), a.text) for a in toc.iterfind(".//x:a", NS)]
    assert entries == [
        ("introduction.xhtml", "Introduction"),
        ("note-on-the-text.xhtml", "A Note on the Text"),
        ("interview.xhtml", "The Conversation"),
        ("references.xhtml", "References"),
        ("films.xhtml", "The Feature Films"),
        ("index.xhtml", "Index"),
    ]
    landmarks = nav.find(".//x:nav[@epub:type='landmarks']", NS)
    assert landmarks.get("hidden") == "hidden"
    assert [(a.get(EPUB_TYPE), a.get("href")) for a in landmarks.iterfind(".//x:a", NS)] == [
        ("cover", "cover.xhtml"),
        ("toc", "nav.xhtml#toc"),
        ("bodymatter", "introduction.xhtml"),
        ("bibliography", "references.xhtml"),
        ("index", "index.xhtml"),
    ]
    pages = nav.find(".//x:nav[@epub:type='page-list']", NS)
    assert pages.get("hidden") == "hidden" and pages.get("role") == "doc-pagelist"
    assert [(a.get("href"), a.text) for a in pages.iterfind(".//x:a", NS)][:6] == [
        ("title-page.xhtml#page-i", "i"), ("title-page.xhtml#page-ii", "ii"),
        ("title-page.xhtml#page-iii", "iii"), ("imprint.xhtml#page-iv", "iv"),
        ("nav.xhtml#page-v", "v"), ("introduction.xhtml#page-vi", "vi"),
    ]


def test_ncx_repeats_the_contents_for_epub2_reading_systems(book_epub: Built) -> None:
    ncx = book_epub.xml("toc.ncx")
    uid = ncx.find("ncx:head/ncx:meta[@name='dtb:uid']", NS).get("content")
    assert uid == "urn:uuid:9a6c8cba-d623-4787-8072-577219adf2fc"
    points = ncx.findall("ncx:navMap/ncx:navPoint", NS)
    assert [p.find("ncx:content", NS).get("src") for p in points] == [
        "introduction.xhtml", "note-on-the-text.xhtml", "interview.xhtml", "references.xhtml",
        "films.xhtml", "index.xhtml"]
    targets = ncx.findall("ncx:pageList/ncx:pageTarget", NS)
    nav = book_epub.xml("nav.xhtml").find(".//x:nav[@epub:type='page-list']", NS)
    assert [(t.find("ncx:navLabel/ncx:text", NS).text, t.find("ncx:content", NS).get("src"))
            for t in targets] == [(a.text, a.get("href")) for a in nav.iterfind(".//x:a", NS)]
    assert [t.get("type") for t in targets[:7]] == ["front"] * 6 + ["normal"]
    assert targets[6].get("value") == "1"
    # One play order for both, in reading order: a document's contents line, then its pages.
    order = sorted([*points, *targets], key=lambda p: int(p.get("playOrder")))
    assert [int(p.get("playOrder")) for p in order] == list(range(1, len(order) + 1))
    assert [p.get("id") for p in order[4:8]] == [
        "pagetarget-5", "navpoint-1", "pagetarget-6", "pagetarget-7"]
    total = ncx.find("ncx:head/ncx:meta[@name='dtb:totalPageCount']", NS).get("content")
    assert total == str(len(targets))


def test_cover_is_a_large_png_with_alt_text(book_epub: Built) -> None:
    data = book_epub.entries()[PACKAGE + "cover.png"]
    with Image.open(io.BytesIO(data)) as image:
        assert image.format == "PNG"
        assert image.width >= 1600 and image.height >= 2560
        assert image.height / image.width == pytest.approx(1.6)
    img = book_epub.xml("cover.xhtml").find(".//x:img", NS)
    assert img.get("src") == "cover.png"
    alt = img.get("alt")
    for words in ("The Truth of Memory", "Andrei Tarkovsky", "Jerzy Illg and Leonard Neuger"):
        assert words in alt


def test_figures_are_packed_from_the_manuscript(fixture_epub: Built) -> None:
    entries = fixture_epub.entries()
    source = (FIXTURE_MANUSCRIPT / "images" / "rectangle.png").read_bytes()
    assert entries[PACKAGE + "images/rectangle.png"] == source
    item = fixture_epub.xml("package.opf").find(
        "opf:manifest/opf:item[@href='images/rectangle.png']", NS)
    assert item.get("media-type") == "image/png"


def test_stylesheet_respects_the_readers_settings(book_epub: Built) -> None:
    css = book_epub.entries()[PACKAGE + "style.css"].decode("utf-8")
    assert css == (STYLES / "epub.css").read_text("utf-8")
    rules = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    assert "!important" not in rules
    assert not re.search(r"\d(px|pt|pc|cm|mm|in|q)\b", rules, flags=re.I), "relative units only"
    assert "font-family" not in rules
    assert "position" not in rules


def test_a_common_epub_library_reads_it_back(book_epub: Built) -> None:
    from ebooklib import epub

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        read = epub.read_epub(str(book_epub.path), {"ignore_ncx": True})
    assert read.get_metadata("DC", "title")[0][0] == "The Truth of Memory"
    assert [c[0] for c in read.get_metadata("DC", "creator")] == [
        "Andrei Tarkovsky", "Jerzy Illg", "Leonard Neuger"]
    assert [read.get_item_with_id(ref).file_name for ref, _ in read.spine] == [
        "cover.xhtml", "title-page.xhtml", "imprint.xhtml", "nav.xhtml", "introduction.xhtml",
        "note-on-the-text.xhtml", "interview.xhtml", "references.xhtml", "films.xhtml",
        "index.xhtml"]

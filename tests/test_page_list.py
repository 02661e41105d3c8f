"""The print edition's pages in the EPUB: a marker where each PDF page begins, exact to
the word, the page list, and the build that orders the two editions for it."""

from __future__ import annotations

import dataclasses
import json
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import tinyhtml5
from lxml import etree
from pypdf import PdfReader

from epub_support import FIXTURE_MANUSCRIPT, STYLES, with_page_list
from proof_support import editions_once
from tarkbook.build import EditionUnavailable, Renderer, build, pipeline
from tarkbook.epub.content import render_content, section_files
from tarkbook.manuscript import load_book
from tarkbook.pdf.markup import book_html
from tarkbook.proof import page_list
from tarkbook.proof.pages import read_pdf
from tarkbook.render.page_places import (
    IMPRINT,
    TITLE_PAGE,
    local,
    shared_leaf,
    text_blocks,
    words,
)

ROOT = Path(__file__).resolve().parent.parent
MANUSCRIPT = ROOT / "manuscript"
BOOKS = sorted(p for p in (ROOT / "tests" / "books").iterdir() if (p / "book.toml").is_file())
LONG_REPEAT = 9
"""Copies of the interview in the long generated book: some 110 pages."""


@dataclasses.dataclass(frozen=True)
class Editions:
    epub: Path
    pdf: Path


def _both(manuscript: Path, out: Path) -> Editions:
    epub, pdf = (o.path for o in build(manuscript, out, ["epub", "pdf"], STYLES))
    return Editions(epub, pdf)


@pytest.fixture(scope="module")
def paged(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real book, asking for the print edition's page list in its EPUB."""
    return with_page_list(MANUSCRIPT, tmp_path_factory.mktemp("paged") / "manuscript")


@pytest.fixture(scope="module")
def real(tmp_path_factory: pytest.TempPathFactory) -> Editions:
    built = editions_once(MANUSCRIPT, tmp_path_factory)  # the proof's tests read them too
    return Editions(built.epub, built.pdf)


@pytest.fixture(scope="module")
def long(tmp_path_factory: pytest.TempPathFactory) -> Editions:
    folder = tmp_path_factory.mktemp("long")
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "generate.py"),
                    str(folder / "book"), "--repeat", str(LONG_REPEAT)], check=True)
    return _both(with_page_list(folder / "book", folder / "paged"), folder / "out")


def _labels(pdf: Path) -> list[str]:
    return list(PdfReader(pdf).page_labels)


def _page_list(epub: Path) -> list[tuple[str, str]]:
    return list(page_list.read_page_list(epub).targets)


@pytest.mark.parametrize("which", ["real", "long"])
def test_the_page_lists_folios_are_the_pdfs_page_labels(
    which: str, request: pytest.FixtureRequest
) -> None:
    editions: Editions = request.getfixturevalue(which)
    labels = _labels(editions.pdf)
    printed = read_pdf(editions.pdf)
    last = max(p.number for p in printed.pages if any(line.text.strip() for line in p.lines))
    listed = [label for label, _ in _page_list(editions.epub)]
    assert listed == labels[:last]  # every page up to the last with text, in order
    if which == "long":
        assert len(labels) >= 100
    # The folios printed on the pages are these labels: the page's top line (its running
    # head) or its bottom line (the folio of a part's first page) ends in its label.
    text_pages = [p for p in printed.pages if p.folio.isdigit() and p.lines]
    printing = [p for p in text_pages if any(
        listed[p.number - 1] in (line.text.split()[0], line.text.split()[-1])
        for line in (min(p.lines, key=lambda x: x.top), max(p.lines, key=lambda x: x.bottom)))]
    assert len(printing) >= 0.8 * len(text_pages)


@pytest.mark.parametrize("which", ["real", "long"])
def test_the_word_after_each_marker_begins_its_page(
    which: str, request: pytest.FixtureRequest
) -> None:
    editions: Editions = request.getfixturevalue(which)
    findings = list(page_list.check(read_pdf(editions.pdf), editions.epub))
    assert [str(f) for f in findings] == []


def test_a_word_hyphenated_over_the_page_break_has_the_marker_before_it(long: Editions) -> None:
    """The long book has pages that begin with the second half of a word: the marker
    stands before the whole word."""
    printed = read_pdf(long.pdf)
    markers = {m.label: m for m in page_list.read_page_list(long.epub).markers}
    split = []
    for before, page in zip(printed.pages, printed.pages[1:], strict=False):
        body = [line for line in before.lines if line.size == printed.body_size]
        first = page_list._openings(printed, page)[-1]
        if body and first is not None and body[-1].text.rstrip().endswith("-"):
            opening = first.text.split()[0]
            word = markers[page.folio].word
            if word != opening:
                split.append((page.folio, word, opening))
    assert split, "no page of the long book begins inside a word"
    for folio, word, opening in split:
        assert re.sub(r"\W", "", word).endswith(re.sub(r"\W", "", opening)), (folio, word)


@pytest.mark.parametrize("manuscript", [MANUSCRIPT, *BOOKS], ids=lambda p: p.name)
def test_both_editions_identify_the_same_blocks(manuscript: Path) -> None:
    """The n-th block of a section, as the print layout counts it in the print HTML and
    as the EPUB finds it in its document, is the same element with the same words."""
    book = load_book(manuscript)
    printed = tinyhtml5.parse(book_html(book), namespace_html_elements=False)
    parts = {e.get("id"): e for e in printed.iter("section")}
    documents = {d.href: etree.fromstring(d.content) for d in render_content(book).documents}
    counted = 0
    for section, name in zip(book.sections, section_files(book.sections), strict=True):
        ebook = next(e for e in documents[name].iter("{*}section")
                     if (e.get("id") or "").startswith("s-"))
        pdf_blocks = [(local(b.tag), words(b)) for b in text_blocks(parts[f"part-{section.ident}"])]
        epub_blocks = [(local(b.tag), words(b)) for b in text_blocks(ebook)]
        assert pdf_blocks == epub_blocks, section.ident
        counted += len(pdf_blocks)
    assert counted > 0
    # The title page and the imprint, from the markup both take from the shared partials.
    for part, leaf, href in ((TITLE_PAGE, "title-leaf", "title-page.xhtml"),
                             (IMPRINT, "imprint-leaf", "imprint.xhtml")):
        pdf_leaf = next(e for e in printed.iter("section") if e.get("class") == leaf)
        pdf_blocks = [(local(b.tag), words(b)) for b in text_blocks(shared_leaf(part, pdf_leaf))]
        epub_leaf = shared_leaf(part, documents[href])
        assert pdf_blocks == [(local(b.tag), words(b)) for b in text_blocks(epub_leaf)]
        assert pdf_blocks


@pytest.mark.parametrize("manuscript", BOOKS, ids=lambda p: p.name)
def test_the_books_of_the_tests_have_their_page_lists(
    manuscript: Path, tmp_path: Path
) -> None:
    """Verse lines, other scripts, lists, figures and notes: every page has its marker
    before its first word."""
    editions = _both(with_page_list(manuscript, tmp_path / "book"), tmp_path / "out")
    assert [label for label, _ in _page_list(editions.epub)]
    assert [str(f) for f in page_list.check(read_pdf(editions.pdf), editions.epub)] == []


def test_the_epub_is_the_same_built_alone_or_with_the_pdf(
    paged: Path, real: Editions, tmp_path: Path
) -> None:
    (alone,) = build(paged, tmp_path / "alone", ["epub"], STYLES)
    assert alone.path.read_bytes() == real.epub.read_bytes()
    here = build(paged, tmp_path / "here", None, STYLES, processes=False)
    assert here[0].path.read_bytes() == real.epub.read_bytes()
    assert here[1].path.read_bytes() == real.pdf.read_bytes()


def test_the_markers_are_empty_labelled_spans_outside_links(real: Editions) -> None:
    with zipfile.ZipFile(real.epub) as archive:
        names = [n for n in archive.namelist() if n.endswith(".xhtml")]
        found = 0
        for name in names:
            tree = etree.fromstring(archive.read(name))
            for span in tree.iter("{*}span"):
                if span.get("role") != "doc-pagebreak":
                    continue
                found += 1
                assert span.get("{http://www.idpf.org/2007/ops}type") == "pagebreak"
                assert span.get("id") == f"page-{span.get('aria-label')}"
                assert span.text is None and len(span) == 0
                assert not any(local(a.tag) == "a" for a in span.iterancestors())
    assert found == len(_labels(real.pdf))


def _doctored(epub: Path, out: Path, change: dict[str, tuple[str, str]]) -> Path:
    """A copy of ``epub`` with, in each named document, a text replaced."""
    with zipfile.ZipFile(epub) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            name = info.filename.rpartition("/")[2]
            if name in change:
                old, new = change[name]
                assert old.encode() in data
                data = data.replace(old.encode(), new.encode(), 1)
            target.writestr(info, data)
    return out


def test_a_marker_moved_one_word_is_found(real: Editions, tmp_path: Path) -> None:
    with zipfile.ZipFile(real.epub) as archive:
        text = archive.read("EPUB/interview.xhtml").decode()
    marker = re.search(r'(<span [^>]*id="page-7"[^>]*/>)(\S+ )', text)
    assert marker is not None
    doctored = _doctored(real.epub, tmp_path / "moved.epub", {
        "interview.xhtml": (marker[0], marker[2] + marker[1])})
    findings = list(page_list.check(read_pdf(real.pdf), doctored))
    assert len(findings) == 1
    (finding,) = findings
    assert finding.folio == "7" and finding.document == "interview.xhtml"
    second = text[marker.end():].split()[0]
    assert f"stands before '{second}'" in finding.message
    assert f"the page begins '{marker[2].strip()}" in finding.message


def test_a_missing_marker_is_found(real: Editions, tmp_path: Path) -> None:
    with zipfile.ZipFile(real.epub) as archive:
        text = archive.read("EPUB/interview.xhtml").decode()
    marker = re.search(r'<span [^>]*id="page-12"[^>]*/>', text)
    assert marker is not None
    doctored = _doctored(real.epub, tmp_path / "missing.epub",
                         {"interview.xhtml": (marker[0], "")})
    findings = list(page_list.check(read_pdf(real.pdf), doctored))
    assert [(f.folio, f.message.split(":")[0]) for f in findings] == [
        ("12", "the EPUB has no page-break marker for p. 12")]


def _unavailable() -> Renderer:
    raise EditionUnavailable("the PDF edition needs the Pango libraries")


def test_without_the_print_edition_the_epub_has_no_page_list_and_the_build_says_so(
    paged: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    editions = dict(pipeline.EDITIONS)
    editions["pdf"] = dataclasses.replace(editions["pdf"], loader=_unavailable)
    monkeypatch.setattr(pipeline, "EDITIONS", editions)
    monkeypatch.setattr(pipeline, "LAYOUT",
                        dataclasses.replace(pipeline.LAYOUT, loader=_unavailable))
    for formats in (["epub"], None):
        said: list[str] = []
        out = tmp_path / f"out-{formats}"
        (epub,) = build(paged, out, formats, STYLES, say=said.append)
        about = [line for line in said if "page list" in line]
        assert len(about) == 1, said
        with zipfile.ZipFile(epub.path) as archive:
            nav = archive.read("EPUB/nav.xhtml").decode()
            package = archive.read("EPUB/package.opf").decode()
        assert "page-list" not in nav and "pageBreakMarkers" not in package
        shutil.rmtree(out)


def test_an_epub_made_without_the_layout_is_made_again_once_the_layout_can_be_made(
    paged: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The record of an EPUB without a page list never matches: the next build on a
    machine that can lay the book out gives it its page list, though no input changed."""
    out = tmp_path / "out"
    with monkeypatch.context() as patched:
        patched.setattr(pipeline, "LAYOUT",
                        dataclasses.replace(pipeline.LAYOUT, loader=_unavailable))
        (first,) = build(paged, out, ["epub"], STYLES)
    with zipfile.ZipFile(first.path) as archive:
        assert "page-list" not in archive.read("EPUB/nav.xhtml").decode()
    (second,) = build(paged, out, ["epub"], STYLES)
    assert not second.reused
    with zipfile.ZipFile(second.path) as archive:
        assert "page-list" in archive.read("EPUB/nav.xhtml").decode()
    (third,) = build(paged, out, ["epub"], STYLES)
    assert third.reused


def test_blank_pages_share_the_next_pages_marker(real: Editions) -> None:
    """A blank page (a verso before a part) and the half-title have their marker just
    before the next page's, at the same place."""
    printed = read_pdf(real.pdf)
    markers = page_list.read_page_list(real.epub).markers
    by_label = {m.label: m for m in markers}
    blank = [p.folio for p in printed.pages if not p.lines]
    assert blank
    for folio in blank:
        assert by_label[folio].shared, folio
    half_title = printed.pages[0].folio
    assert by_label[half_title].shared and by_label[half_title].document == "title-page.xhtml"
    # Every other page has a place of its own.
    assert [m.label for m in markers if m.shared] == [half_title, *blank]


def test_the_pages_that_fill_a_signature_have_no_marker(
    paged: Path, tmp_path: Path
) -> None:
    manuscript = tmp_path / "book"
    shutil.copytree(paged, manuscript)
    toml = manuscript / "book.toml"
    toml.write_text(toml.read_text("utf-8").replace("[print]\n", "[print]\nsignature = 16\n"),
                    "utf-8")
    editions = _both(manuscript, tmp_path / "out")
    labels = _labels(editions.pdf)
    listed = [label for label, _ in _page_list(editions.epub)]
    assert len(labels) % 16 == 0 and len(listed) < len(labels)
    assert listed == labels[:len(listed)]
    padding = read_pdf(editions.pdf).pages[len(listed):]
    assert padding and all(not page.lines for page in padding)
    assert [str(f) for f in page_list.check(read_pdf(editions.pdf), editions.epub)] == []


def test_a_page_that_begins_with_an_image_has_its_marker_at_the_figures_start(
    tmp_path: Path,
) -> None:
    """Every figure of the EPUB's fixture book opens a page (a print.css of the test's):
    the marker is the figure's first child, before its image."""
    styles = tmp_path / "styles"
    shutil.copytree(STYLES, styles)
    with (styles / "print.css").open("a", encoding="utf-8") as sheet:
        sheet.write("\nfigure.figure { break-before: page; }\n")
    epub, pdf = (o.path for o in build(FIXTURE_MANUSCRIPT, tmp_path / "out",
                                       ["epub", "pdf"], styles))
    figures = 0
    with zipfile.ZipFile(epub) as archive:
        for name in archive.namelist():
            if name.endswith(".xhtml"):
                for figure in etree.fromstring(archive.read(name)).iter("{*}figure"):
                    figures += 1
                    assert figure[0].get("role") == "doc-pagebreak"
                    assert local(figure[1].tag) == "img"
    assert figures
    assert [str(f) for f in page_list.check(read_pdf(pdf), epub)] == []


def test_an_epub_built_alone_reads_the_pages_the_last_build_recorded(
    paged: Path, real: Editions, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After a build of both editions into the same folder, the EPUB alone needs no print
    layout: the record keeps the pages, with the key of the layout's inputs."""
    out = tmp_path / "out"
    build(paged, out, ["epub", "pdf"], STYLES)
    record = json.loads((out / ".tarkbook-build.json").read_text("utf-8"))
    assert [s[0] for s in record["pages"]["starts"]] == [
        label for label, _ in _page_list(real.epub)]
    (out / real.epub.name).unlink()
    monkeypatch.setattr(pipeline, "LAYOUT",  # no layout may be made
                        dataclasses.replace(pipeline.LAYOUT, loader=_unavailable))
    said: list[str] = []
    (epub,) = build(paged, out, ["epub"], STYLES, say=said.append)
    assert said == [] and epub.path.read_bytes() == real.epub.read_bytes()
    # Pages not as a build writes them are no record: the layout is made again.
    record["pages"]["starts"][3][2] = "3"
    (out / ".tarkbook-build.json").write_text(json.dumps(record), "utf-8")
    (out / real.epub.name).unlink()
    (epub,) = build(paged, out, ["epub"], STYLES, say=said.append)
    assert [line for line in said if "page list" in line]


def test_a_styles_folder_without_print_css_makes_an_epub_without_a_page_list(
    paged: Path, tmp_path: Path,
) -> None:
    styles = tmp_path / "styles"
    styles.mkdir()
    shutil.copy(STYLES / "epub.css", styles / "epub.css")
    said: list[str] = []
    (epub,) = build(paged, tmp_path / "out", ["epub"], styles, say=said.append)
    assert said == [f"the EPUB is made without the print edition's page list: --styles "
                    f"{styles} has no print.css"]
    with zipfile.ZipFile(epub.path) as archive:
        assert b"page-list" not in archive.read("EPUB/nav.xhtml")

"""The proof compares the editions' whole running text: the real book and the test corpus
agree word for word, and a word changed in the EPUB, a word the PDF lacks and a paragraph
moved each give exactly one finding, at its page, document and manuscript block."""

from __future__ import annotations

from pathlib import Path

import pytest

from proof_support import CORPUS, REAL_MANUSCRIPT, doctored_epub, editions_once
from tarkbook.build import build
from tarkbook.proof import Finding
from tarkbook.proof.additions import additions, without_additions
from tarkbook.proof.ebook import read_epub
from tarkbook.proof.pages import read_pdf
from tarkbook.proof.run import check_editions, read_book
from tarkbook.proof.text import epub_text, pdf_text

PARAGRAPHS = [
    "The lamp room was cold when the keeper climbed to it, and the glass of the lantern "
    "was white with the salt the night wind had thrown against it from the west.",
    "She wiped the panes one by one with the cloth her mother had used before her, "
    "counting them aloud as her mother had counted them, twelve to the circle.",
    "Below, the boats were coming in under the headland with their lights low, and the "
    "harbour master stood on the mole with his lantern raised to guide them home.",
    "When the last of them was tied up she went down again to the kitchen, where the "
    "kettle was singing on the stove and the cat slept in the warm place by the oven.",
]


def _book(paragraphs: list[str]) -> dict[str, str]:
    return {
        "book.toml": '[book]\ntitle = "The Lamp Room"\nlanguage = "en"\n'
                     'identifier = "urn:uuid:5d0f7a3e-2b41-4c1e-9a57-1f3c2e8b7a60"\n'
                     'date = "2026-11-30"\n\n[[contributors]]\nname = "Ida Lind"\n'
                     'roles = ["aut"]\n\n[[sections]]\nkind = "chapter"\nfile = "lamp.md"\n',
        "lamp.md": "# The Lamp Room\n\n" + "\n\n".join(paragraphs) + "\n",
    }


def _text_findings(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.check == "editions-text"]


@pytest.mark.parametrize("manuscript", [REAL_MANUSCRIPT, *CORPUS], ids=lambda p: p.name)
def test_the_real_book_and_the_corpus_carry_the_same_words(
    manuscript: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    editions = editions_once(manuscript, tmp_path_factory)
    # less what the print edition adds (links' addresses, references' pages, a table's
    # header row repeated), which only the book of essays has
    added = additions(editions.book)
    pdf = without_additions(pdf_text(read_pdf(editions.pdf), editions.book.metadata.title),
                            added, printed=True)
    epub = without_additions(epub_text(read_epub(editions.epub)), added, printed=False)
    assert len(pdf) == len(epub) == len(editions.book.sections) + 1
    assert all(group for group in pdf[1:])
    assert [len(group) for group in pdf] == [len(group) for group in epub]
    report = check_editions(editions.book, editions.pdf, editions.epub, tools=False)
    assert _text_findings(report.findings) == []


def test_the_words_are_read_without_what_each_edition_adds(
    tmp_path_factory: pytest.TempPathFactory
) -> None:
    editions = editions_once(REAL_MANUSCRIPT, tmp_path_factory)
    pdf = pdf_text(read_pdf(editions.pdf), editions.book.metadata.title)
    epub = epub_text(read_epub(editions.epub))
    introduction = [w.key for w in pdf[1]]
    # the note calls are gone, a word broken at the line's end is whole again
    # the heading's spaced capitals are one word
    assert introduction[:6] == ["introduction", "andrei", "tarkovsky", "is", "one", "of"]
    assert "young" in introduction and "exile." in introduction and "hyperbole" in introduction
    assert [w.key for w in epub[1]][:4] == ["introduction", "andrei", "tarkovsky", "is"]
    every = [w.key for group in pdf for w in group]
    assert "contents" not in every  # the print edition's own contents page
    assert every[:3] == ["andrei", "tarkovsky", "the"]  # the title page: no half-title
    # neither the footnotes nor the folios nor the running heads are running text
    assert "(zerkalo)," not in every and "(zerkalo)," not in [w.key for g in epub for w in g]
    assert sum(1 for w in every if w == "memory") == sum(
        1 for g in epub for w in g if w.key == "memory")


def test_a_word_changed_in_the_epub(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    editions = editions_once(REAL_MANUSCRIPT, tmp_path_factory)
    epub = doctored_epub(editions.epub, tmp_path / "changed.epub", "interview.xhtml",
                         "like a mosaic", "like a mosaik")
    report = check_editions(editions.book, editions.pdf, epub, tools=False)
    (finding,) = _text_findings(report.findings)
    assert finding.message == (
        "the words differ: PDF '… separate shots like a [mosaic] — of separate "
        "frag-ments …', EPUB '… separate shots like a [mosaik] — of separate fragments …'")
    assert (finding.page, finding.folio, finding.document) == (11, "5", "interview.xhtml")
    (line,) = [line for line in read_pdf(editions.pdf).pages[10].lines if "mosaic" in line.text]
    assert finding.box == (line.x0, line.top, line.x1, line.bottom)  # outlined in the report
    assert finding.source is not None
    assert (Path(finding.source.file).name, finding.source.line) == ("interview.md", 5)
    assert not [f for f in report.findings if f.check != "editions-text" and f.level.value ==
                "error"]


def test_a_word_changed_in_a_right_to_left_phrase(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    book = next(book for book in CORPUS if book.name == "multi-script")
    editions = editions_once(book, tmp_path_factory)
    epub = doctored_epub(editions.epub, tmp_path / "changed.epub", "wspomnienia.xhtml",
                         "\u05e9\u05dc\u05d5\u05dd \u05e2\u05dc\u05d9\u05db\u05dd",
                         "\u05e9\u05dc\u05d5\u05dd \u05e2\u05d5\u05dc\u05dd")
    report = check_editions(editions.book, editions.pdf, epub, tools=False)
    (finding,) = _text_findings(report.findings)
    # the PDF sets the Hebrew phrase from the left; it is read back in reading order
    assert finding.message == (
        "the words differ: PDF '… from Łódź wrote \u05e9\u05dc\u05d5\u05dd "
        "[\u05e2\u05dc\u05d9\u05db\u05dd] at the top of …', EPUB '… from Łódź wrote "
        "\u05e9\u05dc\u05d5\u05dd [\u05e2\u05d5\u05dc\u05dd] at the top of …'")
    assert finding.document == "wspomnienia.xhtml"
    assert finding.source is not None and finding.source.line == 10


def test_page_break_markers_and_a_page_list_are_no_words(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    editions = editions_once(REAL_MANUSCRIPT, tmp_path_factory)
    marker = '<span epub:type="pagebreak" role="doc-pagebreak" aria-label="{0}" id="page-{0}"/>'
    marked = doctored_epub(editions.epub, tmp_path / "marked.epub", "interview.xhtml",
                           "like a mosaic", "like a " + marker.format(6) + "mosaic")
    # some EPUBs give the marker its number as text: it is no word of the book either
    marked = doctored_epub(marked, tmp_path / "numbered.epub", "interview.xhtml",
                           "of different colour", "of different "
                           + marker.format(7).replace("/>", ">7</span>") + "colour")
    marked = doctored_epub(marked, tmp_path / "listed.epub", "nav.xhtml", "</nav>",
                           '</nav>\n<nav epub:type="page-list" hidden="hidden"><ol><li>'
                           '<a href="interview.xhtml#page-6">6</a></li></ol></nav>')
    epub = epub_text(read_epub(marked))
    assert epub == epub_text(read_epub(editions.epub))
    report = check_editions(editions.book, editions.pdf, marked, tools=False)
    assert _text_findings(report.findings) == []


def _editions(make_manuscript, tmp_path: Path, paragraphs: list[str], name: str
              ) -> tuple[Path, Path, Path]:
    manuscript = make_manuscript(_book(paragraphs), name)
    epub, pdf = (o.path for o in build(manuscript, tmp_path / f"{name}-out", ["epub", "pdf"]))
    return manuscript, pdf, epub


def test_a_word_the_pdf_lacks(make_manuscript, tmp_path: Path) -> None:
    _, pdf, _ = _editions(make_manuscript, tmp_path, PARAGRAPHS, "short")
    longer = [*PARAGRAPHS]
    longer[2] = longer[2].replace("the boats were coming", "the boats were slowly coming")
    manuscript, _, epub = _editions(make_manuscript, tmp_path, longer, "long")
    report = check_editions(read_book(manuscript), pdf, epub, tools=False)
    (finding,) = _text_findings(report.findings)
    assert finding.message == (
        "the EPUB has words the PDF has not: EPUB '… Below, the boats were [slowly] coming "
        "in under the …', PDF '… Below, the boats were [] coming in under the …'")
    assert finding.page == 7 and finding.folio == "1"
    assert finding.document == "lamp.xhtml"
    assert finding.source is not None
    assert (finding.source.file.rpartition("/")[2], finding.source.line,
            finding.source.column) == ("lamp.md", 7, 1)


def test_a_paragraph_moved(make_manuscript, tmp_path: Path) -> None:
    _, pdf, _ = _editions(make_manuscript, tmp_path, PARAGRAPHS, "before")
    moved = [PARAGRAPHS[1], PARAGRAPHS[2], PARAGRAPHS[0], PARAGRAPHS[3]]
    manuscript, _, epub = _editions(make_manuscript, tmp_path, moved, "after")
    report = check_editions(read_book(manuscript), pdf, epub, tools=False)
    (finding,) = _text_findings(report.findings)
    assert finding.message == (
        "a passage stands elsewhere in the EPUB (lamp.xhtml): PDF 'THE LAMP ROOM [The lamp "
        "room was cold when … thrown against it from the west.] She wiped the panes …', "
        "EPUB '… to guide them home. [The lamp room was cold when … thrown against it from "
        "the west.] When the last of …'")
    assert finding.page == 7
    # the passage is found where the manuscript now has it: the third paragraph
    assert finding.source is not None and finding.source.line == 7

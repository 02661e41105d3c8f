"""A book in a language written from right to left (here a Hebrew memoir with notes, a
list, a quotation and verse, and a film's Latin title inside a sentence): both editions
set it from right to left. The EPUB says so on every document and in its spine, and
passes EPUBCheck; the PDF's paragraphs end on the left and its lines begin on the right.
A book in a left-to-right language is made as before (its reference bytes)."""

# ruff: noqa: RUF001 (Hebrew letters that look like Latin ones are the point)

from __future__ import annotations

import zipfile
from pathlib import Path

import pypdfium2
import pytest
from lxml import etree

from epub_support import epubcheck
from tarkbook.build import build
from tarkbook.proof.pages import read_pdf
from tarkbook.proof.run import check_editions, read_book
from tarkbook.render.labels import direction

PARAGRAPH = ("הזיכרון הוא עיר ישנה שאנחנו חוזרים אליה בכל לילה, והרחובות שלה משתנים בכל פעם "
             "מחדש. אני הולכת בהם לאט, ומחפשת את הבית שבו גדלתי, אבל הבית כבר אינו שם, "
             "ובמקומו עומד גן קטן עם עצי לימון.")

BOOK = {
    "book.toml": '[book]\ntitle = "זיכרון"\nlanguage = "he"\n'
                 'identifier = "urn:uuid:1b2c3d4e-5f60-4a7b-8c9d-0e1f2a3b4c5d"\n'
                 'date = "2026-11-30"\n\n[[contributors]]\nname = "רות כהן"\nroles = ["aut"]\n\n'
                 '[epub]\npage_list = true\n\n'  # the page list read from the right too
                 '[labels]\ncontents = "תוכן העניינים"\n\n'
                 '[[sections]]\nkind = "chapter"\nfile = "one.md"\n',
    "one.md": "# פרק ראשון\n\n" + "\n\n".join(
        PARAGRAPH + (f"[^n{i}]" if i % 3 == 0 else "") for i in range(12))
    + "\n\nהסרט *Zerkalo* של Andrei Tarkovsky יצא בשנת 1975.\n\n"
      "- הבית הישן ליד הנהר\n- הגן עם עצי הלימון\n\n"
      "> הזיכרון אינו מה שהיה, אלא מה שנשאר בנו.\n\n"
      "::: verse\nבלילה אני חוזרת לעיר\n  הבית כבר אינו שם\n:::\n",
    "notes.md": "\n\n".join(f"[^n{i}]: הערה קצרה על הזיכרון, מספר {i}." for i in range(0, 12, 3))
    + "\n",
}


@pytest.mark.parametrize(("language", "expected"), [
    ("he", "rtl"), ("ar", "rtl"), ("fa", "rtl"), ("ur", "rtl"), ("yi", "rtl"),
    ("ar-EG", "rtl"), ("en", "ltr"), ("pl", "ltr"), ("el", "ltr"), ("ja", "ltr"),
    ("x-unknown", "ltr"),
])
def test_the_books_direction_comes_from_its_language(language: str, expected: str) -> None:
    assert direction(language) == expected


@pytest.fixture(scope="module")
def editions(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    folder = tmp_path_factory.mktemp("rtl")
    manuscript = folder / "book"
    for name, text in BOOK.items():
        (manuscript / name).parent.mkdir(parents=True, exist_ok=True)
        (manuscript / name).write_text(text, "utf-8")
    epub, pdf = (o.path for o in build(manuscript, folder / "out", ["epub", "pdf"]))
    return manuscript, epub, pdf


def test_the_epub_is_right_to_left_and_passes_epubcheck(
    editions: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    _, epub, _ = editions
    with zipfile.ZipFile(epub) as archive:
        documents = [n for n in archive.namelist() if n.endswith(".xhtml")]
        for name in documents:
            root = etree.fromstring(archive.read(name))
            assert root.get("dir") == "rtl" and root.get("lang") == "he", name
        spine = etree.fromstring(archive.read("EPUB/package.opf")).find(
            "{http://www.idpf.org/2007/opf}spine")
        assert spine is not None and spine.get("page-progression-direction") == "rtl"
        assert b"padding-right: 6em" in archive.read("EPUB/style.css")  # the verse's indent
    assert len(documents) >= 4
    report = epubcheck(epub, tmp_path / "report.json")
    assert [f"{m['severity']} {m['ID']}: {m['message']}" for m in report["messages"]] == []


def test_the_pdfs_lines_begin_on_the_right_and_read_in_order(
    editions: tuple[Path, Path, Path],
) -> None:
    """Every line of the running text is flush with the right margin and ragged on the
    left; read back, a line of the text is in reading order, its full stop at its end."""
    _, _, pdf = editions
    printed = read_pdf(pdf, rtl=True)
    page = next(p for p in printed.pages if any("לימון" in line.text for line in p.lines))
    body = printed.body_lines(page)
    right, left = max(line.x1 for line in body), min(line.x0 for line in body)
    assert all(line.x1 == pytest.approx(right, abs=1.5) for line in body)
    assert max(line.x0 for line in body) > left + 2  # ragged on the left, not justified
    ends = [(line.running or line.text) for page in printed.pages
            for line in printed.body_lines(page)]
    assert any(text.endswith("עם עצי לימון.") for text in ends), ends
    notes = [line.text for page in printed.pages for line in page.lines
             if line.text.startswith("1. ")]
    assert notes == ["1. הערה קצרה על הזיכרון, מספר 0."]


def test_the_proof_of_a_right_to_left_book_finds_nothing(
    editions: tuple[Path, Path, Path],
) -> None:
    """Both editions are read in reading order and agree word for word, notes and all;
    the paragraphs' shapes are read from the right."""
    manuscript, epub, pdf = editions
    report = check_editions(read_book(manuscript), pdf, epub, tools=False)
    assert [str(f) for f in report.findings if f.check != "page-count"] == []
    assert len(report.checks) == 13  # with the page list's and the index's


def test_a_part_opens_on_a_recto_a_left_hand_page(editions: tuple[Path, Path, Path]) -> None:
    """The pages progress from right to left: the first is a left-hand page, and so is
    every recto, where the title page, the contents and each part open."""
    _, _, pdf = editions
    printed = read_pdf(pdf, rtl=True)
    opening = {name: page for name, (page, _) in printed.destinations.items()
               if name.startswith("part-") or name == "contents"}
    assert opening and all(page % 2 == 1 for page in opening.values()), opening
    heads = {line.text for page in printed.pages[1::2] for line in page.lines
             if printed.is_furniture(page, line)}  # right-hand pages, versos: the book
    assert any("זיכרון" in head for head in heads), heads


def _rule(pdf: Path, number: int) -> tuple[float, float, float]:
    """The notes' short rule on page ``number``: its left and right end, in points, and
    the page's width; found as the longest run of dark pixels in a row of one pixel."""
    document = pypdfium2.PdfDocument(str(pdf))
    page = document[number - 1]
    scale = 2.0
    image = page.render(scale=scale).to_pil().convert("L")
    width = page.get_width()
    document.close()
    best = (0, 0)
    for y in range(image.height // 2, image.height):
        dark = [x for x in range(image.width) if image.getpixel((x, y)) < 128]
        if dark and max(dark) - min(dark) + 1 == len(dark) and len(dark) > best[1] - best[0]:
            best = (min(dark), max(dark) + 1)
    return best[0] / scale, best[1] / scale, width


def test_the_notes_rule_stands_at_the_right(editions: tuple[Path, Path, Path]) -> None:
    """The short rule above the notes stands where their lines begin: at the right."""
    _, _, pdf = editions
    printed = read_pdf(pdf, rtl=True)
    pages = sorted({page for name, (page, _) in printed.destinations.items()
                    if name.startswith("note-")})
    assert pages
    for number in pages[:2]:  # a left-hand page and a right-hand one
        left, right, width = _rule(pdf, number)
        body = printed.body_lines(printed.pages[number - 1])
        assert right - left == pytest.approx(22 / 25.4 * 72, abs=2)  # 22 mm
        assert right == pytest.approx(max(line.x1 for line in body), abs=2), number
        assert left > width / 2


HEADINGS_BOOK = {
    **BOOK,
    "one.md": "# פרק ראשון\n\n" + PARAGRAPH + "[^n0]\n\n## זיכרון של עיר\n\n" + PARAGRAPH
    + "\n\n### הבית ליד הנהר\n\n" + PARAGRAPH + "\n",
    "notes.md": "[^n0]: הערה קצרה על הזיכרון.\n",
}

ALIGNMENT = """
(selector) => Array.from(document.querySelectorAll(selector)).map((element) => {
  const range = document.createRange();
  range.selectNodeContents(element);
  const text = range.getBoundingClientRect();
  const box = element.getBoundingClientRect();
  const style = getComputedStyle(element);
  const right = box.right - parseFloat(style.paddingRight) - parseFloat(style.borderRightWidth);
  const left = box.left + parseFloat(style.paddingLeft) + parseFloat(style.borderLeftWidth);
  return {tag: element.tagName, gapRight: right - text.right, gapLeft: text.left - left};
})
"""


@pytest.mark.skipif(not Path("/usr/bin/chromium").exists(), reason="needs Debian's chromium")
def test_every_heading_and_block_of_the_epub_starts_on_the_right(tmp_path: Path) -> None:
    """In Chromium, each heading (h1 to h3), note and imprint line of a right-to-left EPUB
    is set against the right edge of its box, as a right-to-left reader expects."""
    from playwright.sync_api import sync_playwright

    from preview_support import CHROMIUM, CHROMIUM_ARGS

    manuscript = tmp_path / "book"
    for name, text in HEADINGS_BOOK.items():
        (manuscript / name).parent.mkdir(parents=True, exist_ok=True)
        (manuscript / name).write_text(text, "utf-8")
    (written,) = (o.path for o in build(manuscript, tmp_path / "out", ["epub"]))
    with zipfile.ZipFile(written) as archive:
        archive.extractall(tmp_path / "epub")
    documents = tmp_path / "epub" / "EPUB"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 700, "height": 900})
        page.goto((documents / "one.xhtml").as_uri())
        found = page.evaluate(ALIGNMENT, "h1, h2, h3, aside p")
        assert {item["tag"].lower() for item in found} == {"h1", "h2", "h3", "p"}
        page.goto((documents / "imprint.xhtml").as_uri())
        found += page.evaluate(ALIGNMENT, ".imprint p")
        browser.close()
    for item in found:  # flush right: no gap at the right, the short line's room at the left
        assert abs(item["gapRight"]) < 1.5, item
        assert item["gapLeft"] > 5, item


ARABIC_BOOK = {
    "book.toml": '[book]\ntitle = "ذاكرة البحر"\nlanguage = "ar"\n'
                 'identifier = "urn:uuid:6c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f"\n'
                 'date = "2026-12-05"\n\n[[contributors]]\nname = "ليلى حداد"\n'
                 'roles = ["aut"]\n\n[[sections]]\nkind = "chapter"\nfile = "bahr.md"\n',
    "bahr.md": "# البحر في الصباح\n\n"
               "كان جدي صياداً في مدينة صور، يخرج بقاربه قبل الفجر ويعود عند الظهر.\n\n"
               "## الميناء القديم\n\n"
               "كان الميناء صغيراً، وكانت القوارب تنام فيه متلاصقة.\n\n"
               "### القارب الأزرق\n\n"
               '![قارب أزرق على الرمل](images/qarib.png "القارب الأزرق على رمل الشاطئ")\n\n'
               "| القارب | الطول |\n|---|---|\n| الأزرق الكبير ذو الشراع | سبعة أمتار |\n"
               "| الأبيض | خمسة أمتار |\n\n"
               "Table: قوارب الميناء في ذلك الصيف\n",
}


@pytest.mark.skipif(not Path("/usr/bin/chromium").exists(), reason="needs Debian's chromium")
def test_the_headings_captions_and_tables_of_an_arabic_epub_read_from_the_right(
    tmp_path: Path,
) -> None:
    """In Chromium, the chapter's title and its h2 and h3, and the cells of a table, are
    set from the right edge of their boxes; the table's columns run from right to left,
    the table stands in the middle or on the right, never on the left; the captions of a
    figure and of a table are centred under them, as in a left-to-right book."""
    from PIL import Image
    from playwright.sync_api import sync_playwright

    from preview_support import CHROMIUM, CHROMIUM_ARGS

    manuscript = tmp_path / "book"
    for name, text in ARABIC_BOOK.items():
        (manuscript / name).parent.mkdir(parents=True, exist_ok=True)
        (manuscript / name).write_text(text, "utf-8")
    (manuscript / "images").mkdir()
    Image.new("RGB", (600, 300), (40, 90, 160)).save(manuscript / "images" / "qarib.png")
    (written,) = (o.path for o in build(manuscript, tmp_path / "out", ["epub"]))
    with zipfile.ZipFile(written) as archive:
        archive.extractall(tmp_path / "epub")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 700, "height": 900})
        page.goto((tmp_path / "epub" / "EPUB" / "bahr.xhtml").as_uri())
        assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
        starts = page.evaluate(ALIGNMENT, "h1, h2, h3, th, td")
        captions = page.evaluate(ALIGNMENT, "figcaption, caption")
        aligns = page.evaluate("""() => Array.from(document.querySelectorAll(
            'h1, h2, h3, th, td, figcaption, caption')).map(
            (e) => getComputedStyle(e).textAlign)""")
        columns = page.evaluate("""() => Array.from(document.querySelectorAll('thead th'))
            .map((e) => e.getBoundingClientRect().left)""")
        table, holder = page.evaluate("""() => ['table', 'div.table'].map((s) => {
            const box = document.querySelector(s).getBoundingClientRect();
            return {left: box.left, right: box.right};})""")
        browser.close()
    assert sorted({item["tag"].lower() for item in starts}) == ["h1", "h2", "h3", "td", "th"]
    for item in starts:  # flush right, the short line's room at the left
        assert abs(item["gapRight"]) < 1.5, item
        assert item["gapLeft"] > 2 or item["tag"].lower() == "td", item
    assert any(item["gapLeft"] > 2 for item in starts if item["tag"].lower() == "td")
    assert "left" not in aligns and "end" not in aligns, aligns
    assert sorted(item["tag"].lower() for item in captions) == ["caption", "figcaption"]
    for item in captions:  # centred: as much room on either side
        assert abs(item["gapRight"] - item["gapLeft"]) < 2, item
        assert item["gapRight"] > 5, item
    assert columns[0] > columns[1]  # the first column stands on the right
    assert holder["right"] - table["right"] <= table["left"] - holder["left"] + 1

"""Every script in print: the multi-script book of tests/books/ (Polish, with Russian in
italic, polytonic Greek, Hebrew right to left in an English sentence and on a line of its
own, German) built as a stranger would build it, its glyphs checked before layout, and
each book face of [print] font."""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from functools import cache
from io import BytesIO
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from epub_support import epubcheck
from pdf_support import STYLES, reader
from tarkbook.build import build
from tarkbook.cli import main
from tarkbook.manuscript import read_manuscript
from tarkbook.pdf.fonts import BOOK_FACES, FALLBACKS, faces

BOOK = Path(__file__).resolve().parent / "books" / "multi-script"
TEXT = BOOK / "wspomnienia.md"
HEBREW_IN_ENGLISH = ("שלום", "עליכם")
HEBREW_LINE = ("אין", "כל", "חדש", "תחת", "השמש")
QUOTED = ("Всё проходит", "Πάντα ῥεῖ", "οὐκ ἔστιν ἐμβῆναι δὶς εἰς τὸν αὐτὸν ποταμόν",
          "πάντα χωρεῖ καὶ οὐδὲν μένει", "„Alles fließt, nichts bleibt; Grüße aus Weimar.“",
          "Żółta łódź, gęś i źrebię")


def _copy(tmp_path: Path, print_table: str = "") -> Path:
    folder = tmp_path / "multi-script"
    shutil.copytree(BOOK, folder)
    if print_table:
        with (folder / "book.toml").open("a", encoding="utf-8") as toml:
            toml.write("\n[print]\n" + print_table)
    return folder


@cache
def _built() -> tuple[bytes, bytes]:
    """The book's EPUB and PDF, built once per session."""
    with tempfile.TemporaryDirectory() as out:
        outputs = build(BOOK, Path(out), None, STYLES)
        data = {o.path.suffix: o.path.read_bytes() for o in outputs}
    return data[".epub"], data[".pdf"]


def _postscript_names(families: tuple[str, ...]) -> set[str]:
    names = set()
    for family in families:
        for face in faces(family):
            with TTFont(face.path, lazy=True) as font:
                names.add(font["name"].getDebugName(6))
    return names


def _embedded(pdf: bytes) -> list[str]:
    """The names of the fonts the PDF embeds, without their subset tags."""
    found = set()
    for page in reader(pdf).pages:
        for font in page["/Resources"]["/Font"].values():
            found.add(str(font.get_object()["/BaseFont"]).split("+", 1)[-1])
    return sorted(found)


def _from(name: str, postscript: set[str]) -> bool:
    return any(name == ps or name.startswith(ps + "-") for ps in postscript)


def test_check_finds_nothing_to_report() -> None:
    reading = read_manuscript(BOOK)
    assert reading.book is not None
    assert reading.diagnostics == ()


def test_the_book_builds_and_epubcheck_reports_nothing(tmp_path: Path) -> None:
    epub, _ = _built()
    (tmp_path / "book.epub").write_bytes(epub)
    report = epubcheck(tmp_path / "book.epub", tmp_path / "report.json")
    assert [f"{m['severity']} {m['ID']}: {m['message']}" for m in report["messages"]] == []


def test_the_epub_marks_language_and_direction() -> None:
    import zipfile

    epub, _ = _built()
    with zipfile.ZipFile(BytesIO(epub)) as archive:
        text = "".join(archive.read(n).decode() for n in archive.namelist()
                       if n.endswith(".xhtml"))
    assert '<span lang="he" xml:lang="he" dir="rtl">שלום עליכם</span>' in text
    assert re.search(r'<div class="division" lang="he" xml:lang="he" dir="rtl">\s*'
                     r"<p>אין כל חדש תחת השמש</p>\s*</div>", text)
    assert '<span lang="grc" xml:lang="grc">Πάντα ῥεῖ</span>' in text


def test_the_pdf_embeds_only_the_declared_faces() -> None:
    _, pdf = _built()
    embedded = _embedded(pdf)
    declared = _postscript_names(("Source Serif 4", *FALLBACKS))
    assert [name for name in embedded if not _from(name, declared)] == []
    # each one sets something (but Amiri, for the Arabic script: tests/test_arabic_script.py)
    for family in ("Source Serif 4", *(name for name in FALLBACKS if name != "Amiri")):
        assert any(_from(name, _postscript_names((family,))) for name in embedded), family


def _pdftotext(pdf: bytes, *options: str) -> str:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "book.pdf"
        path.write_bytes(pdf)
        result = subprocess.run(["pdftotext", *options, str(path), "-"], check=True,
                                capture_output=True, timeout=120)
    return result.stdout.decode("utf-8")


def test_every_character_of_the_manuscript_is_in_the_pdfs_text() -> None:
    _, pdf = _built()
    text = _pdftotext(pdf)
    source = TEXT.read_text(encoding="utf-8")
    letters = {c for c in source if c.isalpha()}
    assert sorted(c for c in letters if c not in text) == []
    flat = " ".join(text.replace("\u202b", "").replace("\u202c", "").split())
    for phrase in (*QUOTED, " ".join(HEBREW_LINE)):
        assert phrase in flat, phrase


def _words(pdf: bytes) -> list[tuple[float, float, float, str]]:
    """Each word pdftotext finds, in the order it is drawn: xMin, xMax, yMin and its text
    as drawn from left to right (a Hebrew word drawn right to left reads backwards)."""
    layout = _pdftotext(pdf, "-bbox")
    pattern = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" '
                         r'yMax="[\d.]+">([^<]*)</word>')
    return [(float(a), float(c), float(b), w) for a, b, c, w in pattern.findall(layout)]


def _drawn(words: list[tuple[float, float, float, str]], word: str) -> tuple[float, float, float]:
    (found,) = [(x0, x1, y) for x0, x1, y, w in words if w == word[::-1]]
    return found


def test_the_hebrew_is_laid_out_right_to_left() -> None:
    _, pdf = _built()
    words = _words(pdf)
    # Each word's letters are drawn from right to left ...
    shalom, aleichem = (_drawn(words, w) for w in HEBREW_IN_ENGLISH)
    # ... the phrase's first word to the right of its second ...
    assert shalom[0] > aleichem[1]
    # ... and, isolated, the phrase stays between the English words around it.
    (wrote,) = [w for w in words if w[3] == "wrote"]
    (at,) = [w for w in words if w[3] == "at" and abs(w[2] - shalom[2]) < 2]
    assert wrote[1] < aleichem[0] and shalom[1] < at[0]
    # The line of its own runs from the right margin to the left.
    line = [_drawn(words, w) for w in HEBREW_LINE]
    assert [x0 for x0, _, _ in line] == sorted((x0 for x0, _, _ in line), reverse=True)
    right_margin = max(x1 for _, x1, _, _ in words if x1 < 320)
    assert abs(line[0][1] - right_margin) < 0.5


def test_without_fallbacks_check_names_each_character_and_builds_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _copy(tmp_path, "fallbacks = []\n")
    monkeypatch.chdir(tmp_path)
    assert main(["check", "multi-script"]) == 1
    lines = capsys.readouterr().err.splitlines()
    # What Source Serif 4 lacks here: polytonic Greek and Hebrew, found in the source.
    lacking = re.compile("[\u0590-\u05ff\u1f00-\u1fff]")
    expected = [
        f"multi-script/wspomnienia.md:{number}:{match.start() + 1}"
        for number, line in enumerate(TEXT.read_text(encoding="utf-8").split("\n"), start=1)
        for match in lacking.finditer(line)
    ]
    assert [line.split(": error")[0] for line in lines[:-1]] == expected
    assert len(expected) == 39
    assert lines[0] == (
        "multi-script/wspomnienia.md:7:58: error G001: 'ῥ' (U+1FE5 GREEK SMALL LETTER RHO "
        "WITH DASIA) is in no font of the print edition (Source Serif 4); add a font that "
        "has it")
    assert lines[-1] == "39 error(s), 0 warning(s)"
    out = tmp_path / "out"
    assert main(["build", "multi-script", "--out", str(out), "--styles", str(STYLES)]) == 1
    assert not out.exists() or list(out.iterdir()) == []
    assert (folder / "book.toml").read_text(encoding="utf-8").endswith("fallbacks = []\n")


def test_an_italic_character_is_looked_up_in_the_italics(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _copy(tmp_path, 'font = "Source Serif Pro"\nfallbacks = ["Frank Ruhl Libre"]\n')
    monkeypatch.chdir(tmp_path)
    assert main(["check", folder.name]) == 1
    lines = capsys.readouterr().err.splitlines()
    # Source Serif Pro has Cyrillic in roman only: the italic Russian phrase is reported.
    assert ("multi-script/wspomnienia.md:4:3: error G001: '\u0412' (U+0412 CYRILLIC CAPITAL "
            "LETTER VE) is in no font of the print edition (Source Serif Pro Italic, "
            "Frank Ruhl Libre); add a font that has it") in lines


@pytest.mark.slow
@pytest.mark.parametrize("family", BOOK_FACES)
def test_each_book_face_sets_the_book_with_only_its_own_faces_and_the_fallbacks(
    family: str, tmp_path: Path
) -> None:
    folder = _copy(tmp_path, f'font = "{family}"\n')
    (pdf,) = build(folder, tmp_path / "out", ["pdf"], STYLES)
    embedded = _embedded(pdf.path.read_bytes())
    own = _postscript_names((family,))
    fallbacks = _postscript_names(tuple(f for f in FALLBACKS if f != family))
    assert [name for name in embedded if not _from(name, own | fallbacks)] == []
    body = [name for name in embedded if _from(name, own)]
    assert body, embedded
    # The Latin text is the book face's: the most used face of the PDF is one of its own.
    assert len(body) >= len(embedded) - len([n for n in embedded if _from(n, fallbacks)])


def test_an_epub_only_build_does_not_look_for_glyphs(tmp_path: Path) -> None:
    folder = _copy(tmp_path, "fallbacks = []\n")
    (epub,) = build(folder, tmp_path / "out", ["epub"], STYLES)
    assert epub.path.suffix == ".epub" and epub.path.is_file()


def test_direction_on_spans_and_blocks_reaches_the_model(tmp_path: Path) -> None:
    from tarkbook.model import Division, LanguageSpan, Paragraph

    folder = _copy(tmp_path)
    (folder / "wspomnienia.md").write_text(
        "# Tytuł\n\nZdanie [po polsku]{lang=pl dir=ltr} i [לא]{lang=he}.\n\n"
        "::: {dir=rtl}\nשמש\n:::\n\n::: {lang=de}\nGrüße.\n:::\n", encoding="utf-8")
    reading = read_manuscript(folder)
    assert reading.book is not None, reading.diagnostics
    (paragraph, rtl, german) = reading.book.sections[0].blocks  # type: ignore[union-attr]
    assert isinstance(paragraph, Paragraph)
    spans = [n for n in paragraph.children if isinstance(n, LanguageSpan)]
    assert [(s.lang, s.direction) for s in spans] == [("pl", "ltr"), ("he", "")]
    assert isinstance(rtl, Division) and (rtl.lang, rtl.direction) == ("", "rtl")
    assert isinstance(german, Division) and (german.lang, german.direction) == ("de", "")
    assert rtl.pos.line == 5 and german.pos.line == 9


def test_book_toml_text_is_checked_where_it_stands(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _copy(tmp_path, "fallbacks = []\n")
    toml = folder / "book.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace(
        'title = "Wszystko płynie"', 'title = "Wszystko płynie: ῥεῖ"'), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["check", folder.name]) == 1
    lines = capsys.readouterr().err.splitlines()
    # The title is set in roman (title page) and in italic (imprint, running heads).
    assert lines[:2] == [
        "multi-script/book.toml:2:27: error G001: 'ῥ' (U+1FE5 GREEK SMALL LETTER RHO WITH "
        "DASIA) is in no font of the print edition (Source Serif 4); add a font that has it",
        "multi-script/book.toml:2:27: error G001: 'ῥ' (U+1FE5 GREEK SMALL LETTER RHO WITH "
        "DASIA) is in no font of the print edition (Source Serif 4 Italic); add a font that "
        "has it",
    ]


def test_a_book_in_variable_faces_gives_the_same_bytes_on_every_build(tmp_path: Path) -> None:
    # Faces made static by fontTools carry the book's date, not the clock's time.
    _, first = _built()
    (again,) = build(BOOK, tmp_path / "out", ["pdf"], STYLES)
    assert again.path.read_bytes() == first


def test_the_notes_signature_is_checked_in_book_toml(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _copy(tmp_path, 'font = "Source Serif 4"\n')
    toml = folder / "book.toml"
    toml.write_text(toml.read_text(encoding="utf-8") + '\n[notes]\nsignature = "שמ."\n',
                    encoding="utf-8")
    assert main(["check", str(folder)]) == 0  # Frank Ruhl Libre has it
    toml.write_text(toml.read_text(encoding="utf-8").replace(
        'font = "Source Serif 4"', 'font = "Source Serif 4"\nfallbacks = []'), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    capsys.readouterr()
    assert main(["check", folder.name]) == 1
    lines = capsys.readouterr().err.splitlines()
    number = toml.read_text(encoding="utf-8").split("\n").index('signature = "שמ."') + 1
    assert [line for line in lines if "book.toml" in line] == [
        f"multi-script/book.toml:{number}:14: error G001: 'ש' (U+05E9 HEBREW LETTER SHIN) is "
        "in no font of the print edition (Source Serif 4); add a font that has it",
        f"multi-script/book.toml:{number}:15: error G001: 'מ' (U+05DE HEBREW LETTER MEM) is "
        "in no font of the print edition (Source Serif 4); add a font that has it",
    ]

"""Building the print edition: the print-shop variant, failures, and what is written."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from pdf_support import FIXTURE_MANUSCRIPT, MM, STYLES, build_pdf, fixture_pdf, reader
from tarkbook import cli
from tarkbook.build import EditionFailed, EditionUnavailable, StylesError
from tarkbook.build import pipeline as build_module
from tarkbook.diagnostics import ManuscriptError

TRIM = (129 * MM, 198 * MM)


def _size(box: object) -> tuple[float, float]:
    return float(box.width), float(box.height)  # type: ignore[attr-defined]


def test_print_shop_variant_has_bleed_crop_marks_and_boxes() -> None:
    pdf = reader(fixture_pdf(marks=True))
    plain = reader(fixture_pdf())
    assert len(pdf.pages) == len(plain.pages)
    for page in pdf.pages:
        assert _size(page.trimbox) == pytest.approx(TRIM, abs=0.01)
        assert _size(page.bleedbox) == pytest.approx(
            (TRIM[0] + 6 * MM, TRIM[1] + 6 * MM), abs=0.01)
        # The crop marks sit outside the bleed, in a larger media box.
        assert _size(page.mediabox) == pytest.approx(
            (TRIM[0] + 18 * MM, TRIM[1] + 18 * MM), abs=0.01)
        trim, bleed = page.trimbox, page.bleedbox
        assert float(trim.left) - float(bleed.left) == pytest.approx(3 * MM, abs=0.01)
        assert float(bleed.top) - float(trim.top) == pytest.approx(3 * MM, abs=0.01)
    # The crop marks are drawn: the variant's pages have more content than the plain ones.
    blank = next(i for i, page in enumerate(plain.pages) if not page.extract_text().strip())
    assert len(pdf.pages[blank].get_contents().get_data()) > len(
        plain.pages[blank].get_contents().get_data())


def test_marks_from_book_toml(tmp_path: Path) -> None:
    manuscript = shutil.copytree(FIXTURE_MANUSCRIPT, tmp_path / "ms")
    toml = manuscript / "book.toml"
    toml.write_text(toml.read_text("utf-8").replace(
        'page_size = "129mm 198mm"', 'page_size = "129mm 198mm"\nmarks = true'), "utf-8")
    assert build_pdf(manuscript) == fixture_pdf(marks=True)


def test_cli_marks_flag(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert cli.main(["build", str(FIXTURE_MANUSCRIPT), "--out", str(out), "--format", "pdf",
                     "--styles", str(STYLES), "--marks"]) == 0
    assert (out / "a-conversation-in-print.pdf").read_bytes() == fixture_pdf(marks=True)


def test_page_size_from_book_toml(tmp_path: Path) -> None:
    manuscript = shutil.copytree(FIXTURE_MANUSCRIPT, tmp_path / "ms")
    toml = manuscript / "book.toml"
    toml.write_text(toml.read_text("utf-8").replace(
        'page_size = "129mm 198mm"', 'page_size = "5.5in 8.5in"'), "utf-8")
    pdf = reader(build_pdf(manuscript))
    assert _size(pdf.pages[0].mediabox) == pytest.approx((5.5 * 72, 8.5 * 72), abs=0.01)


def test_fixture_builds_are_byte_identical() -> None:
    assert build_pdf(FIXTURE_MANUSCRIPT) == fixture_pdf()
    assert build_pdf(FIXTURE_MANUSCRIPT, marks=True) == fixture_pdf(marks=True)


def test_the_pdf_does_not_depend_on_where_the_manuscript_lies(tmp_path: Path) -> None:
    manuscript = shutil.copytree(FIXTURE_MANUSCRIPT, tmp_path / "elsewhere" / "ms")
    styles = shutil.copytree(STYLES, tmp_path / "elsewhere" / "styles")
    assert build_pdf(manuscript, styles=styles) == fixture_pdf()


def _styles_with(tmp_path: Path, extra: str) -> Path:
    styles = shutil.copytree(STYLES, tmp_path / "styles")
    with (styles / "print.css").open("a", encoding="utf-8") as css:
        css.write(extra)
    return styles


def test_a_weasyprint_warning_fails_the_build(tmp_path: Path) -> None:
    styles = _styles_with(tmp_path, "\np { colour: red; }\n")
    with pytest.raises(EditionFailed, match=r"WeasyPrint reported a problem: .*colour"):
        build_pdf(FIXTURE_MANUSCRIPT, styles=styles)


@pytest.mark.parametrize("url", [
    "http://example.com/ornament.png",
    "data:image/png;base64,iVBORw0KGgo=",
])
def test_a_remote_or_inline_resource_fails_the_build(tmp_path: Path, url: str) -> None:
    styles = _styles_with(tmp_path, f'\nhr.section-break {{ background: url("{url}"); }}\n')
    with pytest.raises(EditionFailed, match="only local files may be read"):
        build_pdf(FIXTURE_MANUSCRIPT, styles=styles)


def test_a_file_outside_the_allowed_folders_fails_the_build(tmp_path: Path) -> None:
    secret = tmp_path / "secret.png"
    shutil.copy(FIXTURE_MANUSCRIPT / "images" / "harbour.png", secret)
    styles = _styles_with(tmp_path, f'\nbody {{ background: url("{secret.as_uri()}"); }}\n')
    with pytest.raises(EditionFailed, match="outside the manuscript, styles and font folders"):
        build_pdf(FIXTURE_MANUSCRIPT, styles=styles)


def test_a_character_no_face_has_stops_the_build_before_layout(tmp_path: Path) -> None:
    manuscript = shutil.copytree(FIXTURE_MANUSCRIPT, tmp_path / "ms")
    afterword = manuscript / "afterword.md"
    text = afterword.read_text("utf-8") + "\n\u2766\n"
    afterword.write_text(text, "utf-8")
    with pytest.raises(ManuscriptError) as raised:
        build_pdf(manuscript)
    (problem,) = raised.value.diagnostics
    assert problem.code == "G001" and "U+2766 FLORAL HEART" in problem.message
    assert (problem.pos.line, problem.pos.column) == (text.count("\n"), 1)


def test_a_style_sheet_that_sets_another_family_fails_the_build(tmp_path: Path) -> None:
    # The check before layout knows the faces of book.toml; a copied print.css that sets
    # text in a system font is caught after layout, and says where the face is chosen.
    styles = _styles_with(tmp_path, "\n.book-title { font-family: serif; }\n")
    with pytest.raises(EditionFailed, match=r"does not declare: \S+ \(another family\); "
                                            r"choose the face with \[print\] font"):
        build_pdf(FIXTURE_MANUSCRIPT, styles=styles)


def test_a_stylesheet_missing_from_the_styles_folder_fails_the_build(tmp_path: Path) -> None:
    with pytest.raises(StylesError, match=r"^--styles .*: the folder has no print\.css;"):
        build_pdf(FIXTURE_MANUSCRIPT, styles=tmp_path)


def test_a_failed_build_leaves_the_last_good_pdf(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    previous = out / "a-conversation-in-print.pdf"
    previous.write_bytes(b"the last good build")
    styles = _styles_with(tmp_path, "\np { colour: red; }\n")
    code = cli.main(["build", str(FIXTURE_MANUSCRIPT), "--out", str(out), "--format", "pdf",
                     "--styles", str(styles)])
    assert code == 1
    err = capsys.readouterr().err
    assert "the PDF edition failed: WeasyPrint reported a problem" in err
    assert "nothing was written" in err
    assert previous.read_bytes() == b"the last good build"
    assert sorted(p.name for p in out.iterdir()) == ["a-conversation-in-print.pdf"]


def test_missing_pango_is_reported_with_the_packages_to_install(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    def no_pango() -> object:
        raise OSError("cannot load library 'libpango-1.0-0': No such file or directory")

    monkeypatch.setattr(build_module, "import_renderer", no_pango)
    with pytest.raises(EditionUnavailable, match=r"apt-get install libpango-1\.0-0 libpangoft2"):
        build_module.EDITIONS["pdf"].loader()
    code = cli.main(["build", str(FIXTURE_MANUSCRIPT), "--out", str(tmp_path / "out"),
                     "--format", "pdf", "--styles", str(STYLES)])
    assert code == 1
    err = capsys.readouterr().err
    assert "libpango-1.0-0 libpangoft2-1.0-0" in err
    assert "Traceback" not in err
    assert not (tmp_path / "out").exists()


def test_missing_harfbuzz_subset_is_reported_with_the_package_to_install(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from weasyprint.text import ffi

    monkeypatch.setattr(ffi, "harfbuzz_subset", None)
    with pytest.raises(EditionUnavailable, match=r"apt-get install libharfbuzz-subset0$"):
        build_module.EDITIONS["pdf"].loader()
    code = cli.main(["build", str(FIXTURE_MANUSCRIPT), "--out", str(tmp_path / "out"),
                     "--format", "pdf", "--styles", str(STYLES), "--one-process"])
    assert code == 1
    err = capsys.readouterr().err
    assert "apt-get install libharfbuzz-subset0" in err
    assert "Traceback" not in err
    assert not (tmp_path / "out").exists()


def test_a_note_called_more_than_once_builds(tmp_path: Path) -> None:
    # Each call printed the note with the same ids, and WeasyPrint's "Anchor defined
    # twice" failed the build.
    manuscript = shutil.copytree(FIXTURE_MANUSCRIPT, tmp_path / "ms")
    key = re.search(r"\[\^[^\]]+\]", (manuscript / "introduction.md").read_text("utf-8"))
    assert key is not None, "the fixture's introduction calls a note"
    afterword = manuscript / "afterword.md"
    afterword.write_text(afterword.read_text("utf-8") + f"\nCalled again.{key[0]}\n", "utf-8")
    pdf = reader(build_pdf(manuscript))
    assert "Called again." in "".join(page.extract_text() for page in pdf.pages)

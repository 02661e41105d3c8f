"""The faces of the print edition: the @font-face rules of the family "book" made from the
book face and its fallbacks, and the detection of stray fonts after layout."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from tarkbook.pdf.fonts import (
    BOOK_FACES,
    FALLBACKS,
    FAMILIES,
    FAMILY,
    characters,
    face,
    faces,
    folder_name,
    folders,
    font_face_css,
    stray_fonts,
)


@dataclass
class FakeFont:
    name: bytes
    family: str
    style: int


def _url(folder: str, file: str) -> str:
    return f"file:///book/{folder}/{file}"


def test_source_serif_pro_keeps_its_six_static_faces() -> None:
    css = font_face_css(("Source Serif Pro",), _url)
    assert css.count("@font-face") == 6
    for stem in ("Regular", "It", "Semibold", "SemiboldIt", "Bold", "BoldIt"):
        assert f'url("file:///book/font-source-serif-pro/SourceSerifPro-{stem}.otf")' in css
    assert css.count(f'font-family: "{FAMILY}"') == 6
    assert "unicode-range" not in css and "font-stretch" not in css


@pytest.mark.parametrize("name", [family.name for family in FAMILIES])
def test_every_family_has_a_file_for_each_style_and_weight(name: str) -> None:
    found = faces(name)
    assert {(f.style, f.weight) for f in found} == {
        (style, weight) for style in ("normal", "italic") for weight in (400, 600, 700)
    }
    for item in found:
        assert item.path.is_file()
        assert folders((name,))[folder_name(name)] == item.path.parent


def test_at_least_three_serif_book_faces() -> None:
    assert len(BOOK_FACES) >= 3
    assert "Source Serif 4" in BOOK_FACES and "Frank Ruhl Libre" not in BOOK_FACES


def test_fallbacks_cover_only_what_the_faces_before_them_lack() -> None:
    chain = ("Source Serif 4", *FALLBACKS)
    css = font_face_css(chain, _url)
    rules = css.strip().split("\n")
    book_rules = [r for r in rules if "font-source-serif-4/" in r]
    assert len(book_rules) == 6 and not any("unicode-range" in r for r in book_rules)
    hebrew = [r for r in rules if "frank-ruhl-libre" in r]
    assert hebrew and all("font-stretch: expanded;" in r for r in hebrew)
    noto = [r for r in rules if "noto-serif" in r]
    assert noto and all("font-stretch: semi-expanded;" in r for r in noto)
    # Hebrew alef is the Hebrew face's alone; Greek alpha with psili is Noto Serif's.
    roman = next(r for r in hebrew if "font-style: normal" in r)
    ranges = re.search(r"unicode-range: ([^;]+);", roman)
    assert ranges is not None
    assert _in_ranges(0x05D0, ranges[1]) and not _in_ranges(ord("a"), ranges[1])
    noto_roman = next(r for r in noto if "font-style: normal" in r)
    noto_ranges = re.search(r"unicode-range: ([^;]+);", noto_roman)
    assert noto_ranges is not None and _in_ranges(0x1F00, noto_ranges[1])
    assert not _in_ranges(0x03B1, noto_ranges[1])  # plain alpha: Source Serif 4 has it
    assert 0x03B1 in characters(face("Source Serif 4", "normal").path)


def _in_ranges(point: int, ranges: str) -> bool:
    for item in ranges.split(", "):
        low, _, high = item.removeprefix("U+").partition("-")
        if int(low, 16) <= point <= int(high or low, 16):
            return True
    return False


def test_other_families_and_slanted_romans_are_strays() -> None:
    fonts = [
        FakeFont(b"/ABCDEF+SourceSerif4Roman-Regular", FAMILY, 0),
        FakeFont(b"/ABCDEG+SourceSerif4Italic-Italic", FAMILY, 2),
        FakeFont(b"/ABCDEH+SourceSerif4Roman-Regular-Oblique", FAMILY, 1),
        FakeFont(b"/ABCDEI+DejaVu-Sans", "DejaVu Sans", 0),
    ]
    assert stray_fonts(fonts) == [
        "DejaVu-Sans (another family)",
        "SourceSerif4Roman-Regular-Oblique (a slanted roman standing in for the italic)",
    ]
    assert stray_fonts(fonts[:2]) == []


def test_a_book_dated_before_the_fonts_epoch_is_printed(tmp_path: Path) -> None:
    """A font's dates count from 1904: a book dated 1850 gives its static faces (made from
    a variable one: the default, Source Serif 4) the first day of 1904, and its PDF its own date."""
    import shutil
    import subprocess

    from tarkbook.build import build

    manuscript = tmp_path / "ms"
    shutil.copytree(Path(__file__).parent / "fixtures" / "good" / "figure", manuscript)
    toml = (manuscript / "book.toml").read_text(encoding="utf-8")
    toml = re.sub(r'(?m)^date = ".*"$', 'date = "1850-03-01"', toml)
    (manuscript / "book.toml").write_text(toml, encoding="utf-8")
    (output,) = build(manuscript, tmp_path / "out", ["pdf"], processes=False)
    info = subprocess.run(["pdfinfo", str(output.path)], capture_output=True, text=True,
                          check=True).stdout
    assert re.search(r"CreationDate:\s+\w+ Mar\s+1 00:00:00 1850", info), info

"""The book face: its @font-face rules and the detection of stray fonts."""

from __future__ import annotations

from dataclasses import dataclass

from tarkbook.pdf.fonts import FAMILY, font_face_css, font_folder, stray_fonts


@dataclass
class FakeFont:
    name: bytes
    family: str
    style: int


def test_every_face_is_declared_from_the_font_folder() -> None:
    css = font_face_css("file:///book/fonts/")
    assert css.count("@font-face") == 6
    for stem in ("Regular", "It", "Semibold", "SemiboldIt", "Bold", "BoldIt"):
        assert f'url("file:///book/fonts/SourceSerifPro-{stem}.otf")' in css
        assert (font_folder() / f"SourceSerifPro-{stem}.otf").is_file()
    assert css.count(f'font-family: "{FAMILY}"') == 6


def test_other_families_and_slanted_romans_are_strays() -> None:
    fonts = [
        FakeFont(b"/ABCDEF+Source-Serif-Pro", FAMILY, 0),
        FakeFont(b"/ABCDEG+Source-Serif-Pro-Italic", FAMILY, 2),
        FakeFont(b"/ABCDEH+Source-Serif-Pro-Oblique", FAMILY, 1),
        FakeFont(b"/ABCDEI+DejaVu-Sans", "DejaVu Sans", 0),
    ]
    assert stray_fonts(fonts) == [
        "DejaVu-Sans (another family)",
        "Source-Serif-Pro-Oblique (a slanted roman standing in for the italic)",
    ]
    assert stray_fonts(fonts[:2]) == []

"""Images as a stranger brings them: an images/ folder that links elsewhere, names with
spaces, photographs, drawings. Only files of the manuscript's own images/ folder reach
the editions, each typed by its bytes and named by a valid URL."""

from __future__ import annotations

import io
import os
import shutil
from pathlib import Path

import pytest
from PIL import Image

from epub_support import NS, STYLES, Built, epubcheck
from tarkbook.cli import main
from tarkbook.edition import Context, EditionFailed
from tarkbook.manuscript import load_book

BOOK = """\
[book]
title = "Pictures"
language = "en"
identifier = "urn:x-pictures"
date = "2026-11-25"

[[sections]]
kind = "prose"
file = "text.md"
"""

TEXT = """\
# Pictures

A photograph:

![A red square](<images/red square.png> "A name with a space")

![A blue square](images/photo.jpg)

![A green circle](images/drawing.svg "Drawn")
"""

SVG = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40" viewBox="0 0 40 40">'
    '<title>A green circle</title><circle cx="20" cy="20" r="15" fill="#2a2"/></svg>\n'
)


def _image(colour: tuple[int, int, int], kind: str) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 40), colour).save(out, format=kind)
    return out.getvalue()


def _manuscript(folder: Path) -> Path:
    images = folder / "images"
    images.mkdir(parents=True)
    (folder / "book.toml").write_text(BOOK, "utf-8")
    (folder / "text.md").write_text(TEXT, "utf-8")
    (images / "red square.png").write_bytes(_image((200, 20, 20), "PNG"))
    (images / "photo.jpg").write_bytes(_image((20, 20, 200), "JPEG"))
    (images / "drawing.svg").write_text(SVG, "utf-8")
    return folder


def _outside(tmp_path: Path, ms: Path) -> Path:
    """Move the images/ folder out of the manuscript and link it back in."""
    elsewhere = tmp_path / "elsewhere"
    shutil.move(ms / "images", elsewhere)
    os.symlink(elsewhere, ms / "images")
    return elsewhere


def test_an_images_folder_that_links_out_is_refused_by_check_and_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    ms = _manuscript(tmp_path / "ms")
    _outside(tmp_path, ms)
    monkeypatch.chdir(tmp_path)
    expected = [
        "ms/text.md:5:1: error I003: image 'images/red%20square.png' leads outside the "
        "manuscript folder",
        "ms/text.md:7:1: error I003: image 'images/photo.jpg' leads outside the manuscript "
        "folder",
        "ms/text.md:9:1: error I003: image 'images/drawing.svg' leads outside the manuscript "
        "folder",
        "3 error(s), 0 warning(s)",
    ]
    assert main(["check", "ms"]) == 1
    assert capsys.readouterr().err.splitlines() == expected
    assert main(["build", "ms", "--format", "epub", "--out", "out",
                 "--styles", str(STYLES)]) == 1
    assert capsys.readouterr().err.splitlines() == [
        *expected, "tarkbook: the build stopped; nothing was written"]
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_the_editions_read_no_image_from_outside_the_manuscript(tmp_path: Path) -> None:
    """A book read while images/ was the manuscript's own, rendered after it became a link
    to a folder elsewhere: both renderers refuse, neither copies the outside file."""
    from tarkbook.epub.edition import render_epub
    from tarkbook.pdf.edition import render_pdf

    ms = _manuscript(tmp_path / "ms")
    book = load_book(ms)
    _outside(tmp_path, ms)
    context = Context(ms, STYLES)
    with pytest.raises(EditionFailed, match="is not a file of the manuscript's images folder"):
        render_epub(book, context)
    with pytest.raises(EditionFailed, match="outside the manuscript, styles and font folders"):
        render_pdf(book, context)


@pytest.mark.slow
def test_names_and_types_of_images_in_both_editions(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    _manuscript(tmp_path / "ms")
    monkeypatch.chdir(tmp_path)
    assert main(["build", "ms", "--out", "out", "--styles", str(STYLES)]) == 0
    capsys.readouterr()
    epub = Built(tmp_path / "out" / "pictures.epub", load_book(tmp_path / "ms"))
    manifest = {item.get("href"): item.get("media-type")
                for item in epub.xml("package.opf").findall("opf:manifest/opf:item", NS)}
    assert {href: kind for href, kind in manifest.items() if href.startswith("images/")} == {
        "images/red%20square.png": "image/png",
        "images/photo.jpg": "image/jpeg",
        "images/drawing.svg": "image/svg+xml",
    }
    entries = epub.entries()
    assert entries["EPUB/images/red square.png"] == (tmp_path / "ms/images/red square.png"
                                                    ).read_bytes()
    (document,) = [name for name in epub.documents() if name.startswith("text")]
    sources = [img.get("src") for img in epub.xml(document).iter("{*}img")]
    assert sources == ["images/red%20square.png", "images/photo.jpg", "images/drawing.svg"]
    report = epubcheck(epub.path, tmp_path / "report.json")
    messages = [f"{m['severity']} {m['ID']}" for m in report["messages"]]
    # A name with a space is valid once encoded; EPUBCheck still advises against it.
    assert messages == ["WARNING PKG-010"]
    # The PDF has the three figures: three images drawn on the page of the text.
    pdf = (tmp_path / "out" / "pictures.pdf").read_bytes()
    assert pdf.count(b"/Subtype /Image") >= 2  # the PNG and the JPEG; the SVG is drawn


def test_a_name_with_a_hash_and_a_percent_is_found_written_as_a_link(tmp_path: Path) -> None:
    """A file's '#' and '%' are written %23 and %25 in its link (I019 says so)."""
    from tarkbook.manuscript import read_manuscript

    folder = tmp_path / "ms"
    shutil.copytree(Path(__file__).parent / "fixtures" / "good" / "figure", folder)
    figure = next(p for p in (folder / "images").iterdir() if p.suffix == ".png")
    figure.rename(folder / "images" / "r%20ed#1.png")
    text = (folder / "figure.md").read_text(encoding="utf-8")
    (folder / "figure.md").write_text(
        text.replace(f"images/{figure.name}", "images/r%2520ed%231.png"), encoding="utf-8")
    reading = read_manuscript(folder)
    assert reading.diagnostics == ()
    assert reading.book is not None

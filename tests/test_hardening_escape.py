"""No edition embeds or reveals a file outside the manuscript, styles and font folders.

Each test lays out, in a temporary folder, a manuscript ``ms``, a copy of the real
``styles`` folder and, next to them, secret files holding a unique marker. The manuscript
or the styles then try to reach the secrets (or ``/etc/passwd``): images and links with
absolute paths, ``..`` and ``file:`` URLs, symbolic links, SVG images with external
entities and references, and stylesheet rules with ``url(…)`` and ``@import``. A build
must either stop with a clear message (exit 1, no traceback, nothing written) or make
editions in which no trace of a secret is found: not in the bytes of any file, not in any
member of the EPUB, not in any decompressed stream of the PDF, not in its extracted text.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import write_files
from tarkbook import cli
from tarkbook.theme import THEME

ROOT = Path(__file__).resolve().parent.parent
STYLES = THEME
PIXEL = ROOT / "tests" / "fixtures" / "good" / "figure" / "images" / "pixel.png"

MARKER = "TARKBOOK-SECRET-5b1e0c7d9a"
PASSWD = Path("/etc/passwd")

BOOK = """\
[book]
title = "Escape"
language = "en"
identifier = "urn:uuid:00000000-0000-4000-8000-000000000001"
date = "2026-11-25"

[[sections]]
kind = "prose"
file = "text.md"
"""


@dataclass(frozen=True)
class Place:
    """A manuscript, a styles folder and an output folder, with secrets beside them."""

    root: Path

    @property
    def manuscript(self) -> Path:
        return self.root / "ms"

    @property
    def styles(self) -> Path:
        return self.root / "styles"

    @property
    def out(self) -> Path:
        return self.root / "out"

    @property
    def secret_txt(self) -> Path:
        return self.root / "secret.txt"

    @property
    def secret_png(self) -> Path:
        return self.root / "secret.png"

    def fill(self, text: str) -> str:
        """``text`` with {secret_txt}, {secret_png}, {secret_uri} and {png_uri} filled in."""
        return text.format(secret_txt=self.secret_txt, secret_png=self.secret_png,
                           secret_uri=self.secret_txt.as_uri(), png_uri=self.secret_png.as_uri())

    def write_text(self, body: str) -> None:
        (self.manuscript / "text.md").write_text(f"# Escape\n\n{self.fill(body)}\n",
                                                 encoding="utf-8")

    def append_to_stylesheets(self, rule: str) -> None:
        """Add ``rule`` to epub.css and print.css (an ``@import`` goes first, as it must)."""
        rule = self.fill(rule)
        for name in ("epub.css", "print.css"):
            sheet = self.styles / name
            text = sheet.read_text(encoding="utf-8")
            text = f"{rule}\n{text}" if rule.startswith("@import") else f"{text}\n{rule}\n"
            sheet.write_text(text, encoding="utf-8")


@pytest.fixture
def place(tmp_path: Path) -> Place:
    here = Place(tmp_path)
    here.secret_txt.write_text(f"{MARKER}\n", encoding="utf-8")
    # Begins like a PNG, so that nothing refuses it for its type alone.
    here.secret_png.write_bytes(b"\x89PNG\r\n\x1a\n" + MARKER.encode())
    write_files(here.manuscript, {
        "book.toml": BOOK,
        "text.md": "# Escape\n\nOne paragraph.\n",
        "images/pixel.png": PIXEL.read_bytes(),
    })
    shutil.copytree(STYLES, here.styles)
    return here


# ---------------------------------------------------------------- looking for the secrets


def _secret_texts() -> list[str]:
    """The marker, and the first line of /etc/passwd where it can be read."""
    try:
        return [MARKER, PASSWD.read_text(encoding="utf-8").splitlines()[0]]
    except (OSError, IndexError, UnicodeDecodeError):
        return [MARKER]


SECRET_TEXTS = _secret_texts()
NEEDLES = [text.encode(codec) for text in SECRET_TEXTS for codec in ("utf-8", "utf-16-be")]
STREAM = re.compile(rb"stream\r?\n(.*?)endstream", re.DOTALL)


def _pdf_streams(data: bytes) -> Iterator[bytes]:
    """Every stream of a PDF, inflated where it is compressed (object streams included)."""
    for match in STREAM.finditer(data):
        raw = match.group(1)
        yield raw
        try:
            yield zlib.decompressobj().decompress(raw)
        except zlib.error:
            continue


def _pdf_text(path: Path) -> bytes:
    if shutil.which("pdftotext") is None:
        return b""
    result = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"],
                            capture_output=True, timeout=120, check=False)
    return result.stdout


def _forms(path: Path) -> Iterator[tuple[str, bytes]]:
    """The ways a file's content can be read: its bytes, and what its format holds."""
    data = path.read_bytes()
    yield "bytes", data
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for name in archive.namelist():
                yield f"member {name}", archive.read(name)
    if data.startswith(b"%PDF"):
        for number, stream in enumerate(_pdf_streams(data)):
            yield f"stream {number}", stream
        yield "text", _pdf_text(path)


def traces(out: Path) -> list[str]:
    """Where a secret shows in the files under ``out`` (empty: nowhere)."""
    found = []
    files = sorted(p for p in out.rglob("*") if p.is_file()) if out.exists() else []
    for path in files:
        for where, data in _forms(path):
            found += [f"{path.name}: {where}" for needle in NEEDLES if needle in data]
    return found


def editions(out: Path) -> list[str]:
    return sorted(p.name for p in out.glob("*") if p.suffix in (".epub", ".pdf")) \
        if out.exists() else []


def build(place: Place, capsys: pytest.CaptureFixture[str], *formats: str) -> tuple[int, str]:
    """``tarkbook build`` of the place's manuscript and styles: the exit code, and what the
    command printed (stdout and stderr)."""
    args = ["build", str(place.manuscript), "--out", str(place.out),
            "--styles", str(place.styles)]
    for name in formats:
        args += ["--format", name]
    code = cli.main(args)
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def assert_refused_or_clean(place: Place, code: int, output: str) -> None:
    """Either a clear failure that wrote nothing, or editions without a trace of a secret."""
    assert "Traceback" not in output
    assert not any(text in output for text in SECRET_TEXTS)
    if code == 0:
        assert editions(place.out), output
        assert traces(place.out) == []
    else:
        assert code == 1, output
        assert "nothing was written" in output
        assert editions(place.out) == []


def test_the_place_builds_and_the_search_finds_a_planted_secret(
    place: Place, capsys: pytest.CaptureFixture[str]
) -> None:
    """The search is worth something: a secret written into the book is found in both."""
    place.write_text(f"A paragraph with {MARKER}.")
    book = place.manuscript / "book.toml"
    book.write_text(BOOK.replace("[[sections]]", f'description = "{MARKER}"\n\n[[sections]]'),
                    encoding="utf-8")
    code, output = build(place, capsys)
    assert code == 0, output
    assert editions(place.out) == ["escape.epub", "escape.pdf"]
    found = traces(place.out)
    assert any(t.startswith("escape.epub: member EPUB/") for t in found), found
    assert "escape.pdf: text" in found or shutil.which("pdftotext") is None, found
    assert any(t.startswith("escape.pdf: stream") for t in found), found


# ---------------------------------------------------------------- the manuscript

# (markdown, code, message) of each image or link that reaches out; line 3, column 1.
REACHING_OUT = {
    "image-etc-passwd": ("![Secret](/etc/passwd)", "I001",
                         "image '/etc/passwd' must be a relative path inside images/"),
    "image-absolute": ("![Secret]({secret_png})", "I001",
                       "image '{secret_png}' must be a relative path inside images/"),
    "image-dot-dot": ("![Secret](../secret.png)", "I003",
                      "image '../secret.png' leads outside the manuscript folder"),
    "image-images-dot-dot": ("![Secret](images/../../secret.png)", "I003",
                             "image 'images/../../secret.png' leads outside the manuscript "
                             "folder"),
    "image-encoded-dot-dot": ("![Secret](images/%2E%2E/%2E%2E/secret.png)", "I003",
                              "image 'images/%2E%2E/%2E%2E/secret.png' leads outside the "
                              "manuscript folder"),
    "image-host": ("![Secret](//localhost{secret_png})", "I001",
                   "image '//localhost{secret_png}' must be a relative path inside images/"),
    "image-symbolic-link": ("![Secret](images/link.png)", "I003",
                            "image 'images/link.png' leads outside the manuscript folder"),
    "link-dot-dot": ("[Secret](../secret.txt)", "L001",
                     "link to '../secret.txt': only http, https and mailto links are allowed"),
    "link-absolute": ("[Secret](/etc/passwd)", "L001",
                      "link to '/etc/passwd': only http, https and mailto links are allowed"),
    "link-relative": ("[Secret](secret.txt)", "L001",
                      "link to 'secret.txt': only http, https and mailto links are allowed"),
}

FILE_URLS = {
    "image-file-url": ("![Secret](file:///etc/passwd)", "I001",
                       "image 'file:///etc/passwd' must be a relative path inside images/"),
    "image-file-url-secret": ("![Secret]({png_uri})", "I001",
                              "image '{png_uri}' must be a relative path inside images/"),
    "link-file-url": ("[Secret](file:///etc/passwd)", "L001",
                      "link to 'file:///etc/passwd': only http, https and mailto links are "
                      "allowed"),
    "autolink-file-url": ("<file:///etc/passwd>", "L001",
                          "link to 'file:///etc/passwd': only http, https and mailto links "
                          "are allowed"),
}


def _link_images(place: Place) -> None:
    (place.manuscript / "images" / "link.png").symlink_to(Path("..", "..", "secret.png"))


@pytest.mark.parametrize(("markdown", "code", "message"), REACHING_OUT.values(),
                         ids=REACHING_OUT.keys())
def test_check_reports_an_image_or_link_that_reaches_out(
    place: Place, capsys: pytest.CaptureFixture[str], markdown: str, code: str, message: str
) -> None:
    _link_images(place)
    place.write_text(markdown)
    assert cli.main(["check", str(place.manuscript)]) == 1
    assert capsys.readouterr().err.splitlines() == [
        f"ms/text.md:3:1: error {code}: {place.fill(message)}",
        "1 error(s), 0 warning(s)",
    ]


@pytest.mark.parametrize(("markdown", "code", "message"), FILE_URLS.values(),
                         ids=FILE_URLS.keys())
def test_check_reports_a_file_url(
    place: Place, capsys: pytest.CaptureFixture[str], markdown: str, code: str, message: str
) -> None:
    place.write_text(markdown)
    assert cli.main(["check", str(place.manuscript)]) == 1
    assert capsys.readouterr().err.splitlines() == [
        f"ms/text.md:3:1: error {code}: {place.fill(message)}",
        "1 error(s), 0 warning(s)",
    ]


@pytest.mark.parametrize("markdown", [case[0] for case in REACHING_OUT.values()],
                         ids=REACHING_OUT.keys())
def test_a_build_with_an_image_or_link_that_reaches_out_stops(
    place: Place, capsys: pytest.CaptureFixture[str], markdown: str
) -> None:
    _link_images(place)
    place.write_text(markdown)
    code, output = build(place, capsys)
    assert code == 1
    assert output.rstrip().endswith("tarkbook: the build stopped; nothing was written")
    assert not place.out.exists()


@pytest.mark.parametrize("markdown", [case[0] for case in FILE_URLS.values()],
                         ids=FILE_URLS.keys())
def test_a_file_url_in_the_text_brings_nothing_in(
    place: Place, capsys: pytest.CaptureFixture[str], markdown: str
) -> None:
    place.write_text(markdown)
    assert_refused_or_clean(place, *build(place, capsys))


def test_a_section_file_linked_from_outside_is_not_read(
    place: Place, capsys: pytest.CaptureFixture[str]
) -> None:
    outside = place.root / "secret.md"
    outside.write_text(f"# Escape\n\n{MARKER}\n", encoding="utf-8")
    (place.manuscript / "text.md").unlink()
    (place.manuscript / "text.md").symlink_to(Path("..", "secret.md"))
    assert_refused_or_clean(place, *build(place, capsys))


# ---------------------------------------------------------------- SVG images

SVGS = {
    "external-entity": (
        '<?xml version="1.0"?>\n'
        '<!DOCTYPE svg [<!ENTITY secret SYSTEM "{secret_uri}">]>\n'
        '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100">'
        '<text x="10" y="50">&secret;</text></svg>\n'
    ),
    "image-references": (
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        'width="200" height="100">'
        '<image href="../../secret.png" width="10" height="10"/>'
        '<image xlink:href="{png_uri}" width="10" height="10"/>'
        '<rect width="10" height="10" fill="red"/></svg>\n'
    ),
    "style-import": (
        '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100">'
        '<style>@import url("{secret_uri}"); text {{ fill: url("../../secret.txt"); }}</style>'
        '<text x="10" y="50">svg</text></svg>\n'
    ),
}


@pytest.mark.parametrize("edition", ["epub", "pdf"])
@pytest.mark.parametrize("svg", SVGS.values(), ids=SVGS.keys())
def test_an_svg_image_brings_nothing_in(
    place: Place, capsys: pytest.CaptureFixture[str], svg: str, edition: str
) -> None:
    (place.manuscript / "images" / "figure.svg").write_text(place.fill(svg), encoding="utf-8")
    place.write_text("One paragraph.\n\n![A figure](images/figure.svg)")
    assert_refused_or_clean(place, *build(place, capsys, edition))


# ---------------------------------------------------------------- the styles

HOSTILE_RULES = {
    "url-etc-passwd": "body {{ background-image: url(file:///etc/passwd); }}",
    "url-dot-dot": "body {{ background-image: url(../secret.txt); }}",
    "url-dot-dot-dot-dot": "body {{ background-image: url(../../secret.txt); }}",
    "url-file-uri": "h1 {{ background-image: url({png_uri}); }}",
    "url-absolute-path": "h1 {{ background-image: url({secret_png}); }}",
    "url-out-of-manuscript":
        "p {{ background-image: url(file:///book/manuscript/../secret.png); }}",
    "url-out-of-styles":
        "p {{ background-image: url(file:///book/styles/../../secret.png); }}",
    "content-url": "p::before {{ content: url(../secret.txt); }}",
    "font-face": (
        '@font-face {{ font-family: "Leak"; src: url(../../secret.txt); }} '
        'body {{ font-family: "Leak", "Source Serif Pro"; }}'
    ),
    "import-dot-dot": "@import url(../../secret.txt);",
    "import-etc-passwd": '@import "file:///etc/passwd";',
    "import-file-uri": '@import url("{secret_uri}");',
}


@pytest.mark.parametrize("edition", ["epub", "pdf"])
@pytest.mark.parametrize("rule", HOSTILE_RULES.values(), ids=HOSTILE_RULES.keys())
def test_a_stylesheet_brings_nothing_in(
    place: Place, capsys: pytest.CaptureFixture[str], rule: str, edition: str
) -> None:
    place.write_text("One paragraph.\n\n![A figure](images/pixel.png)")
    place.append_to_stylesheets(rule)
    assert_refused_or_clean(place, *build(place, capsys, edition))


@pytest.mark.parametrize(("stylesheet", "edition"), [
    pytest.param("epub.css", "epub"),
    pytest.param("print.css", "pdf"),
])
def test_a_stylesheet_linked_from_outside_brings_nothing_in(
    place: Place, capsys: pytest.CaptureFixture[str], stylesheet: str, edition: str
) -> None:
    (place.styles / stylesheet).unlink()
    (place.styles / stylesheet).symlink_to(Path("..", "secret.txt"))
    assert_refused_or_clean(place, *build(place, capsys, edition))

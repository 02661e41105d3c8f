"""The registry of tarkbook's changes to WeasyPrint's and pydyf's internals.

Each patch declares the versions of the package it was written for, what it replaces,
the upstream issue it works around (where there is one) and, in its module's
``internals()``, how it checks that the internals it touches are the ones it expects.
A patch applies only when both hold: the installed version is one it was written for,
and its check passes. Otherwise it is skipped and the library's own code runs; the
book is still made, only without that patch (``tarkbook --version`` says which and why).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass

from tarkbook.versions import release, version_of


@dataclass(frozen=True, slots=True)
class Versions:
    """The versions of one package that patches were written against: ``lowest`` up to,
    not including, ``below``."""

    package: str
    lowest: tuple[int, ...]
    below: tuple[int, ...]

    def admits(self, version: str | None) -> bool:
        return version is not None and self.lowest <= release(version) < self.below

    def __str__(self) -> str:
        low, high = (".".join(map(str, v)) for v in (self.lowest, self.below))
        return f"{self.package} >={low},<{high}"


WEASYPRINT = Versions("weasyprint", (70, 0), (71,))
PYDYF = Versions("pydyf", (0, 11), (0, 14))


@dataclass(frozen=True, slots=True)
class Patch:
    """One change to a library's internals."""

    name: str
    """The module, in this package, that makes the change."""
    versions: Versions
    replaces: str
    why: str
    upstream: str = ""
    """The upstream issues it works around, or "" when it is a speed-up of our own."""

    def internals(self) -> str | None:
        """None when the internals it touches are as it expects, else why they are not."""
        check: Callable[[], str | None] = importlib.import_module(
            f"{__package__}.{self.name}").internals
        return check()


PATCHES: tuple[Patch, ...] = (
    Patch("keep_notes", WEASYPRINT,
          "weasyprint.layout.block._linebox_layout: recompiled with the condition that "
          "moves notes to the next page to make room for a line always false",
          "notes stay on the page of their call", "Kozea/WeasyPrint#1564, #2502"),
    Patch("split_notes", WEASYPRINT,
          "weasyprint.layout.block._linebox_layout (through keep_notes), block_level_layout, "
          "weasyprint.layout.page.make_page and LayoutContext.layout_footnote and "
          "unlayout_footnote: wrapped to cut a note that does not fit at a line and carry "
          "the rest to the next pages' notes",
          "a note longer than the room on its page runs on at the foot of the next pages"),
    Patch("linebreak", WEASYPRINT,
          "weasyprint.layout.inline.split_first_line: wrapped to measure a run that fits "
          "without its trailing spaces as fitting",
          "no paragraph opens with a one-word line before an inline element"),
    Patch("note_area", WEASYPRINT,
          "weasyprint.layout.LayoutContext._update_footnote_area: the notes' area measured "
          "as the sum of its notes laid out alone, where they stack simply",
          "a third less layout time; identical bytes"),
    Patch("fast_import", WEASYPRINT,
          "ctypes.util.find_library off while WeasyPrint loads its libraries; "
          "fontTools.subset and fontTools.varLib.instancer loaded when first used",
          "half of WeasyPrint's import time"),
    Patch("page_box", WEASYPRINT,
          "reads weasyprint.document.Page._page_box, the laid-out box tree of a page",
          "the notes' pages checked and mended, and each note's share of its page"),
    Patch("font_names", WEASYPRINT,
          "weasyprint.pdf.fonts.Font.__init__: wrapped to name each font after its file's "
          "PostScript name, with a subset tag made from that name",
          "the faces of the one family 'book' keep their own names in the PDF"),
    Patch("page_references", PYDYF,
          "pydyf.PDF.page_references: a property kept until a page is added",
          "a sixth of a long book's writing time; identical bytes"),
    Patch("black_ink", WEASYPRINT,
          "weasyprint.pdf.stream.Stream.set_color: wrapped, while the print-shop PDF is "
          "written, to set pure sRGB black as DeviceCMYK 0 0 0 1",
          "the print-shop PDF's text in black ink alone, as a PDF/X with a CMYK output "
          "intent wants it"),
    Patch("actual_text", WEASYPRINT,
          "weasyprint.draw.text.draw_first_line: recompiled with a hook at each cluster of "
          "glyphs that wraps a cluster its glyphs' text would misread in an /ActualText span",
          "copied or searched text of the Arabic script reads as it is written (Amiri "
          "draws some letters with two glyphs that the one ToUnicode map of the file "
          "cannot give back)"),
    Patch("compression", PYDYF,
          "pydyf.zlib: compressobj at zlib's level 6 instead of 9 while the PDF is written",
          "a quarter of the compression time for a 2% larger file"),
)

BY_NAME = {patch.name: patch for patch in PATCHES}


@dataclass(frozen=True, slots=True)
class Status:
    patch: Patch
    version: str | None
    reason: str | None
    """None when the patch applies, else why it is skipped."""

    @property
    def active(self) -> bool:
        return self.reason is None


def version_reason(patch: Patch, version: str | None) -> str | None:
    """Why the installed version keeps ``patch`` from applying, or None."""
    if version is None:
        return f"{patch.versions.package} is not installed"
    if not patch.versions.admits(version):
        return f"written for {patch.versions}, not {version}"
    return None


def status(patch: Patch) -> Status:
    """Whether ``patch`` applies here, and why not. Checking its internals imports the
    library it patches."""
    version = version_of(patch.versions.package)
    reason = version_reason(patch, version)
    if reason is None:
        reason = patch.internals()
        reason = None if reason is None else f"its internals differ: {reason}"
    return Status(patch, version, reason)


_decided: dict[str, bool] = {}


def applies(name: str) -> bool:
    """Whether the patch ``name`` applies here (decided once per process)."""
    if name not in _decided:
        _decided[name] = status(BY_NAME[name]).active
    return _decided[name]


def skipped_by_version() -> list[tuple[Patch, str]]:
    """The patches the installed versions keep out, each with the reason: what a build
    warns of, without importing the libraries."""
    skipped = []
    for patch in PATCHES:
        reason = version_reason(patch, version_of(patch.versions.package))
        if reason is not None:
            skipped.append((patch, reason))
    return skipped

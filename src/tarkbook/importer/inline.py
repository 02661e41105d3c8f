"""Pieces of formatted text as the manuscript's inline Markdown.

Neighbouring pieces are grouped by format, the outermost first (a link, a language, small
caps, italics, bold), so that ``*a **b***`` is written once and never as two emphases
that touch. Spaces at the edges of an emphasis go outside its asterisks (CommonMark does
not close ``*word *``). Every character Markdown would read as markup is escaped, and at
the start of a line, what would open a block (``#``, ``>``, ``-``, ``1.``, ``:::``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace

from tarkbook.importer.runs import Fmt, Piece
from tarkbook.manuscript.config import is_language_tag

_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<>&~^|])")
_LINE_START = re.compile(r"^([ \t]*)(?:([#>+=:-])|(\d{1,9})([.)]))", re.MULTILINE)
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f\ufffe\uffff]")
_BREAK = "\\\n"


def clean(text: str) -> str:
    """Text as the format takes it: no control characters, tabs and newlines as spaces."""
    return _CONTROLS.sub("", text.replace("\t", " ").replace("\n", " ").replace("\r", " "))


def escape(text: str) -> str:
    return _INLINE_SPECIAL.sub(r"\\\1", clean(text))


def escape_line_starts(markdown: str) -> str:
    """Escape what would open a block at the start of each line of a paragraph."""
    def fix(match: re.Match[str]) -> str:
        if match.group(2):
            return "\\" + match.group(2)
        return f"{match.group(3)}\\{match.group(4)}"

    lines = [line.lstrip(" ") for line in markdown.split("\n")]
    return _LINE_START.sub(fix, "\n".join(lines))


class InlineWriter:
    def __init__(self, book_language: str) -> None:
        self.primary = book_language.split("-")[0].lower()

    def foreign(self, fmt: Fmt) -> str:
        """The language tag of a span for ``fmt``, or "" when it is the book's own."""
        lang = fmt.lang
        if not lang or not is_language_tag(lang) or lang.split("-")[0].lower() == self.primary:
            return ""
        return lang

    def write(self, pieces: Sequence[Piece]) -> str:
        """The Markdown of a paragraph's pieces (images left out: they are blocks)."""
        normal = [self._normal(piece) for piece in pieces if piece.kind != "image"]
        while normal and normal[-1].kind == "break":
            normal.pop()
        while normal and normal[0].kind == "break":
            normal.pop(0)
        text = self._group(normal, 0)
        return escape_line_starts(text.strip()) if text.strip() else ""

    def _normal(self, piece: Piece) -> Piece:
        if piece.kind == "break":
            return replace(piece, fmt=Fmt())
        fmt = piece.fmt
        return replace(piece, fmt=replace(fmt, lang=self.foreign(fmt),
                                          rtl=fmt.rtl and bool(self.foreign(fmt))))

    _LAYERS: tuple[tuple[Callable[[Fmt], object], str], ...] = (
        (lambda f: f.href, "link"),
        (lambda f: (f.lang, f.rtl), "lang"),
        (lambda f: f.small_caps, "caps"),
        (lambda f: f.italic, "italic"),
        (lambda f: f.bold, "bold"),
    )

    def _group(self, pieces: list[Piece], layer: int) -> str:
        if layer == len(self._LAYERS):
            return "".join(self._piece(piece) for piece in pieces)
        key, name = self._LAYERS[layer]
        out: list[str] = []
        start = 0
        for end in range(1, len(pieces) + 1):
            if end == len(pieces) or key(pieces[end].fmt) != key(pieces[start].fmt):
                inner = self._group(pieces[start:end], layer + 1)
                out.append(self._wrap(name, pieces[start].fmt, inner))
                start = end
        return "".join(out)

    @staticmethod
    def _wrap(name: str, fmt: Fmt, inner: str) -> str:
        if not inner.strip():
            return inner
        if name == "link" and fmt.href:
            target = fmt.href.replace("(", "%28").replace(")", "%29").replace(" ", "%20")
            return f"[{inner}](<{target}>)" if "<" not in target else f"[{inner}]({target})"
        if name == "lang" and fmt.lang:
            direction = " dir=rtl" if fmt.rtl else ""
            return f"[{inner}]{{lang={fmt.lang}{direction}}}"
        if name == "caps" and fmt.small_caps:
            return f"[{inner}]{{.smallcaps}}"
        marks = {"italic": "*" if fmt.italic else "", "bold": "**" if fmt.bold else ""}[name] \
            if name in ("italic", "bold") else ""
        if not marks:
            return inner
        core = inner.strip(" ")
        lead = inner[: len(inner) - len(inner.lstrip(" "))]
        trail = inner[len(inner.rstrip(" ")):]
        return f"{lead}{marks}{core}{marks}{trail}"

    @staticmethod
    def _piece(piece: Piece) -> str:
        if piece.kind == "note":
            return f"[^{piece.text}]"
        if piece.kind == "break":
            return _BREAK
        if piece.kind == "raw":
            return piece.text
        return escape(piece.text)

"""Pieces of formatted text as the manuscript's inline Markdown.

Neighbouring pieces are grouped by format, the outermost first (a language, small caps, a
link, italics, bold), so that ``*a **b***`` is written once and never as two emphases
that touch. Spaces at the edges of an emphasis go outside its asterisks (CommonMark does
not close ``*word *``). Every character Markdown would read as markup is escaped, and at
the start of a line, what would open a block (``#``, ``>``, ``-``, ``1.``, ``:::``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace

from tarkbook.importer.report import Place, Report, first_words
from tarkbook.importer.runs import Fmt, Piece
from tarkbook.manuscript.config import is_language_tag
from tarkbook.manuscript.markdown import parser

_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<>&~^|])")
_LINE_START = re.compile(r"^([ \t]*)(?:([#>+=:-])|(\d{1,9})([.)]))", re.MULTILINE)
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f\ufffe\uffff]")
_BREAK = "\\\n"
_Layers = tuple[tuple[Callable[[Fmt], object], str], ...]
"""The formats by which pieces are grouped, the outermost first."""


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


def read_back(markdown: str) -> list[tuple[str, bool, bool]]:
    """Each letter the manuscript's parser reads in ``markdown`` (spaces left out), and
    whether it is in italics and in bold."""
    tokens = parser(smart_punctuation=False).parseInline(markdown, {})
    letters: list[tuple[str, bool, bool]] = []
    italic = bold = 0
    for token in (tokens[0].children or []) if tokens else []:
        if token.type in ("em_open", "em_close"):
            italic += 1 if token.nesting > 0 else -1
        elif token.type in ("strong_open", "strong_close"):
            bold += 1 if token.nesting > 0 else -1
        elif token.type in ("text", "text_special", "code_inline"):
            letters += [(c, italic > 0, bold > 0) for c in token.content if not c.isspace()]
    return letters


def _meant(pieces: Sequence[Piece]) -> list[tuple[str, bool, bool]]:
    return [(c, p.fmt.italic, p.fmt.bold) for p in pieces if p.kind in ("text", "raw")
            for c in clean(p.text) if not c.isspace()]


class InlineWriter:
    def __init__(self, book_language: str, report: Report) -> None:
        self.primary = book_language.split("-")[0].lower()
        self.report = report

    def foreign(self, fmt: Fmt) -> str:
        """The language tag of a span for ``fmt``, or "" when it is the book's own."""
        lang = fmt.lang
        if not lang or not is_language_tag(lang) or lang.split("-")[0].lower() == self.primary:
            return ""
        return lang

    def write(self, pieces: Sequence[Piece], place: Place | None = None) -> str:
        """The Markdown of a paragraph's pieces (images left out: they are blocks).

        The Markdown is read back: an emphasis CommonMark cannot close where Word put it
        (inside a word, against punctuation: ``a*“b”*c``) would print its asterisks, so
        the paragraph is written again without italics and bold, and that is reported."""
        normal = [self._normal(piece) for piece in pieces if piece.kind != "image"]
        while normal and normal[-1].kind == "break":
            normal.pop()
        while normal and normal[0].kind == "break":
            normal.pop(0)
        markdown = self._markdown(normal)
        if read_back(markdown) != _meant(normal):  # bold outside italics, then
            markdown = self._markdown(normal, self._LAYERS_BOLD_OUTSIDE)
        if read_back(markdown) != _meant(normal):
            plain = [replace(p, fmt=replace(p.fmt, italic=False, bold=False)) for p in normal]
            if read_back(self._markdown(plain)) == _meant(plain):
                markdown = self._markdown(plain)
                words = "".join(p.text for p in normal if p.kind == "text")
                self.report.add("other", place or Place("a paragraph", first_words(words)),
                                "italics or bold that Markdown cannot mark where they stand "
                                "(inside a word, against punctuation), left out")
        return markdown

    def _markdown(self, pieces: list[Piece], layers: _Layers | None = None) -> str:
        text = self._group(pieces, 0, layers or self._LAYERS)
        return escape_line_starts(text.strip()) if text.strip() else ""

    def _normal(self, piece: Piece) -> Piece:
        if piece.kind == "break":
            return replace(piece, fmt=Fmt())
        fmt = piece.fmt if piece.kind != "note" else replace(piece.fmt, href="", code=False)
        return replace(piece, fmt=replace(fmt, lang=self.foreign(fmt),
                                          rtl=fmt.rtl and bool(self.foreign(fmt))))

    _LAYERS: _Layers = (  # a link inside a span: a span's brackets in a link are no span
        (lambda f: (f.lang, f.rtl), "lang"),
        (lambda f: f.small_caps, "caps"),
        (lambda f: f.href, "link"),
        (lambda f: f.italic, "italic"),
        (lambda f: f.bold, "bold"),
        (lambda f: f.code, "code"),
    )
    _LAYERS_BOLD_OUTSIDE: _Layers = (*_LAYERS[:3], _LAYERS[4], _LAYERS[3], _LAYERS[5])

    def _group(self, pieces: list[Piece], layer: int, layers: _Layers) -> str:
        if layer == len(layers):
            return "".join(self._piece(piece) for piece in pieces)
        key, name = layers[layer]
        out: list[str] = []
        start = 0
        for end in range(1, len(pieces) + 1):
            if end == len(pieces) or key(pieces[end].fmt) != key(pieces[start].fmt):
                inner = self._group(pieces[start:end], layer + 1, layers)
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
        if name == "code" and fmt.code:
            fence = "`" * (max((len(run) for run in re.findall("`+", inner)), default=0) + 1)
            pad = " " if inner.startswith(("`", " ")) or inner.endswith(("`", " ")) else ""
            return f"{fence}{pad}{inner}{pad}{fence}"
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
        if piece.fmt.code:
            return clean(piece.text)
        return escape(piece.text)

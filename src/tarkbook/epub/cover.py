"""The EPUB's cover image: a PNG drawn from the metadata in the book face (Source Serif Pro)."""

from __future__ import annotations

import io
from collections.abc import Iterator
from functools import cache
from importlib.resources import as_file, files

from PIL import Image, ImageDraw, ImageFont

from tarkbook.model import Book
from tarkbook.render.credits import book_labels, join_names, main_names

WIDTH, HEIGHT = 1600, 2560
"""The size e-book stores ask for (1:1.6)."""

PAPER = (239, 232, 220)
INK = (29, 29, 27)
ACCENT = (122, 46, 31)
MARGIN = 170
MEASURE = WIDTH - 2 * MARGIN

Font = ImageFont.FreeTypeFont


@cache
def _font(style: str, size: int) -> Font:
    """Source Serif Pro in ``style`` (Regular, It, Semibold, Bold …) at ``size`` pixels."""
    resource = files("font_source_serif_pro") / "files" / f"SourceSerifPro-{style}.ttf"
    with as_file(resource) as path:
        return ImageFont.truetype(str(path), size)


def cover_text(book: Book) -> str:
    """What the cover shows, in words: its text alternative."""
    words = [main_names(book), book.metadata.title, book.metadata.subtitle, " ".join(_foot(book))]
    text = ". ".join(" ".join(w.split()) for w in words if w.strip())
    return f"{book_labels(book)('cover')}: {text}."


def cover_png(book: Book) -> bytes:
    """The cover as PNG bytes: the same book always gives the same bytes."""
    image = Image.new("RGB", (WIDTH, HEIGHT), PAPER)
    draw = ImageDraw.Draw(image)
    draw.rectangle((60, 60, WIDTH - 61, HEIGHT - 61), outline=ACCENT, width=6)

    names = main_names(book).upper()
    y = 420
    for line in _wrap(names, _font("Semibold", 68), MEASURE, tracking=10):
        _spaced(draw, line, y, _font("Semibold", 68), tracking=10)
        y += 96
    y += 70
    draw.line((WIDTH // 2 - 160, y, WIDTH // 2 + 160, y), fill=ACCENT, width=5)

    title_font = _fit(book.metadata.title, "Bold", 200, 120, max_lines=3)
    title_lines = _wrap(book.metadata.title, title_font, MEASURE)
    y += 250
    for line in title_lines:
        draw.text((WIDTH // 2, y), line, font=title_font, fill=INK, anchor="ms")
        y += round(title_font.size * 1.12)

    if book.metadata.subtitle:
        y += 90
        subtitle_font = _font("It", 78)
        for line in _wrap(book.metadata.subtitle, subtitle_font, MEASURE):
            draw.text((WIDTH // 2, y), line, font=subtitle_font, fill=INK, anchor="ms")
            y += 106

    credit_font = _font("Regular", 60)
    lines = [line for part in _foot(book) for line in _wrap(part, credit_font, MEASURE)]
    y = HEIGHT - 330 - 84 * (len(lines) - 1)
    for line in lines:
        draw.text((WIDTH // 2, y), line, font=credit_font, fill=INK, anchor="ms")
        y += 84

    out = io.BytesIO()
    image.save(out, format="PNG", compress_level=6)  # optimize=True costs 3x the time for 3%
    return out.getvalue()


def _foot(book: Book) -> list[str]:
    """The lines at the foot: the interviewers of an interview, else the publisher."""
    interviewers = book.contributors_with("ivr")
    if interviewers and book.contributors_with("ive"):
        labels = book_labels(book)
        return [labels("in_conversation_with"), join_names(interviewers, labels)]
    return [book.metadata.publisher] if book.metadata.publisher else []


def _fit(text: str, style: str, largest: int, smallest: int, max_lines: int) -> Font:
    """The largest size (in steps of 10 px) at which ``text`` fits in ``max_lines`` lines."""
    for size in range(largest, smallest - 1, -10):
        font = _font(style, size)
        lines = _wrap(text, font, MEASURE)
        if len(lines) <= max_lines and all(font.getlength(w) <= MEASURE for w in text.split()):
            return font
    return _font(style, smallest)


def _wrap(text: str, font: Font, width: int, tracking: int = 0) -> list[str]:
    """Lines of ``text`` no wider than ``width``, as even in length as the fewest lines allow."""
    count = len(list(_greedy(text, font, width, tracking)))
    low, high = 1, width
    while low < high:  # the narrowest measure that needs no more lines
        middle = (low + high) // 2
        if len(list(_greedy(text, font, middle, tracking))) <= count:
            high = middle
        else:
            low = middle + 1
    return list(_greedy(text, font, low, tracking))


def _greedy(text: str, font: Font, width: int, tracking: int) -> Iterator[str]:
    """Lines of ``text`` no wider than ``width``, broken at spaces (a long word overhangs)."""
    line = ""
    for word in text.split():
        candidate = f"{line} {word}" if line else word
        if line and _width(candidate, font, tracking) > width:
            yield line
            line = word
        else:
            line = candidate
    if line:
        yield line


def _width(text: str, font: Font, tracking: int) -> float:
    return font.getlength(text) + tracking * max(len(text) - 1, 0)


def _spaced(draw: ImageDraw.ImageDraw, text: str, y: int, font: Font, tracking: int) -> None:
    """``text`` centred on the page at baseline ``y``, its letters spaced by ``tracking``."""
    x = (WIDTH - _width(text, font, tracking)) / 2
    for char in text:
        draw.text((x, y), char, font=font, fill=INK, anchor="ls")
        x += font.getlength(char) + tracking

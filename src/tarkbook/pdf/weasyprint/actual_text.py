"""The text of a cluster of glyphs that the PDF's map from glyphs to text cannot give.

WeasyPrint 70 writes one ToUnicode map per font for the whole file: each glyph stands for
the text of the first cluster it was drawn in. Where a face draws one letter with two
glyphs (Amiri's lam before a kaf, a letter and its mark), or draws a glyph for a letter
that stands for another letter elsewhere, the map gives copied text a letter twice or
none: 'للكنه' for 'لكنه'. Such a cluster is wrapped in a marked-content span whose
``/ActualText`` is the cluster's own text, which PDF readers (PDFium, Poppler, Acrobat)
give instead of the glyphs' (PDF 32000-1, 14.9.4). A cluster whose glyphs map to its
text (in Unicode's compatibility form: a space drawn with the glyph of a no-break space
reads as a space), as in nearly every Latin, Greek or Cyrillic book, is written as before.

The change is two lines of ``weasyprint.draw.text.draw_first_line``, compiled again from
its own source: at each glyph, and after a run's last, ``cluster_span`` closes the span
of the cluster before and opens one for the cluster that begins there if it needs one. A
WeasyPrint whose source differs is left as it is.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pydyf
from weasyprint.draw import text as draw_text

from tarkbook.pdf.recompile import recompiled
from tarkbook.pdf.weasyprint.registry import applies

_NAME = "draw_first_line"
_HOOK = "_tarkbook_cluster_span"
_LOOP = ("        for i, glyph_info in enumerate(glyphs_info[0:num_glyphs]):\n"
         "            glyph_id = glyph_info.glyph\n")
_CLOSE = "        # Close the last glyphs list, remove if empty.\n"
_CHANGES = {
    _LOOP: ("        for i, glyph_info in enumerate(glyphs_info[0:num_glyphs]):\n"
            f"            string = {_HOOK}(stream, string, textbox, glyph_item, font, i); "
            "glyph_id = glyph_info.glyph\n"),
    _CLOSE: f"        string = {_HOOK}(stream, string, textbox, glyph_item, font, num_glyphs)\n",
}
_OPEN = "_tarkbook_actual_text"
"""The attribute of a stream that says a span is open in it."""


def _flush(stream: Any, string: str) -> str:
    """Show the glyphs of ``string`` so far (an open TJ array), and begin a new one."""
    shown = string[:-1] if string.endswith("<") else string + ">"
    if shown:
        stream.show_text(shown)
    return "<"


def _cluster_text(glyph_item: Any, text: bytes, start: int, end: int) -> str:
    """The text of the glyphs ``start`` to ``end`` of ``glyph_item``, as WeasyPrint reads
    a glyph's: from its cluster to the next glyph's, in logical order."""
    clusters = glyph_item.glyphs.log_clusters
    count = glyph_item.glyphs.num_glyphs
    offset, length = glyph_item.item.offset, glyph_item.item.length
    first = clusters[start]
    if glyph_item.item.analysis.level % 2:  # right to left: the glyphs in visual order
        last = length if start == 0 else clusters[start - 1]
    else:
        last = length if end == count else clusters[end]
    return text[offset + first:offset + last].decode(errors="replace")


def _same(read: str, own: str) -> bool:
    """Whether text that reads ``read`` is ``own`` for a reader: the same in Unicode's
    compatibility form (a space drawn with the glyph of a no-break space is a space)."""
    return read == own or (unicodedata.normalize("NFKC", read)
                           == unicodedata.normalize("NFKC", own))


def cluster_span(stream: Any, string: str, textbox: Any, glyph_item: Any, font: Any,
                 index: int) -> str:
    """At the glyph ``index`` of ``glyph_item`` (or after its last): the span of the
    cluster before closed, and one opened with the cluster's text when its glyphs would
    read otherwise. Returns the glyphs' string to go on with."""
    glyphs = glyph_item.glyphs
    clusters, count = glyphs.log_clusters, glyphs.num_glyphs
    if index < count and index > 0 and clusters[index] == clusters[index - 1]:
        return string  # inside a cluster
    if getattr(stream, _OPEN, False):
        string = _flush(stream, string)
        pydyf.Stream.end_marked_content(stream)
        setattr(stream, _OPEN, False)
    if index >= count:
        return string
    end = index
    while end < count and clusters[end] == clusters[index]:
        end += 1
    ids = [glyphs.glyphs[k].glyph for k in range(index, end)]
    if any(gid >= 0x0FFFFFFF for gid in ids):  # Pango's empty and unknown glyphs
        return string
    text = textbox.pango_layout.text.encode()
    mapped: dict[int, str] = {}
    for k, gid in zip(range(index, end), ids, strict=True):
        if gid not in mapped:
            mapped[gid] = font.to_unicode.get(gid, _cluster_text(glyph_item, text, k, k + 1))
    read = [mapped[gid] for gid in ids]
    if glyph_item.item.analysis.level % 2:
        read.reverse()
    own = _cluster_text(glyph_item, text, index, end)
    if _same("".join(read), own):
        return string
    string = _flush(stream, string)
    pydyf.Stream.begin_marked_content(
        stream, "Span", pydyf.Dictionary({"ActualText": pydyf.String(own)}))
    setattr(stream, _OPEN, True)
    return string


def _patched(original: Any) -> Any | None:
    return recompiled(original, _CHANGES)


def internals() -> str | None:
    original = getattr(draw_text, _NAME, None)
    if original is None:
        return f"weasyprint.draw.text has no {_NAME}"
    if _patched(original) is None:
        return f"{_NAME} does not hold its loop over a run's glyphs and its close once"
    return None


@contextmanager
def clusters_with_their_text() -> Iterator[bool]:
    """Draw the text with each cluster that its glyphs would misread in a span of its own
    text; WeasyPrint is restored afterwards. Yields whether the change is active."""
    original = getattr(draw_text, _NAME, None)
    patched = _patched(original) if original is not None and applies("actual_text") else None
    if patched is None:
        yield False
        return
    setattr(draw_text, _HOOK, cluster_span)
    setattr(draw_text, _NAME, patched)
    try:
        yield True
    finally:
        setattr(draw_text, _NAME, original)
        delattr(draw_text, _HOOK)

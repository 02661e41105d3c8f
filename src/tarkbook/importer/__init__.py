"""``tarkbook import``: a manuscript folder from a Word file (.docx).

Takes the bytes of a .docx (it is only ever read) and gives a manuscript folder in the
format of docs/manuscript.md, with a report of what could not be brought over. The
document's XML is read with lxml, part by part (``package.py``): the styles and list
numbering (``styles.py``), the runs of a paragraph as inline Markdown (``runs.py``,
``inline.py``), the paragraphs as blocks (``blocks.py``) and the blocks as a section's
Markdown (``compose.py``), the footnotes and endnotes (``notes.py``), the pictures
(``images.py``), the sections, their kinds and the interviews' speakers (``sections.py``),
book.toml (``metadata.py``), the report (``report.py``), and the folder, written whole or
not at all (``write.py``).

The XML is walked by hand rather than through a library: python-docx has no footnotes,
endnotes or comments, and reads the text of a tracked deletion as text; mammoth and
docx2python keep no language tags on runs, nor say where in the document they dropped a
tracked change, a text box or a field. Walking the parts
keeps every run's language, small caps, links and note calls, and lets each thing that
cannot come over be reported at its place.
"""

from __future__ import annotations

from tarkbook.importer.package import ImportFailed
from tarkbook.importer.write import TargetRefused, import_docx

__all__ = ["ImportFailed", "TargetRefused", "import_docx"]

"""The proof: reads the finished editions back and reports what a proofreader and a
print shop would find.

``pages`` reads the typeset PDF itself (its glyphs, page labels, link destinations and
fonts), never the layout's own records, so that a bug in the layout cannot hide itself;
``glyph_calls`` declares the PDFium functions it asks of every glyph to take plain
addresses, which ctypes passes on without converting them.
Each family of checks is a module: ``geometry`` (a glyph outside the text block or the
page), ``notes`` (every note on the page of its call), ``fonts`` (embedded, subset, the
book's faces), ``pagecount``, ``agree`` (the two editions carry the same notes and parts),
``running`` (the same running text, word for word, as ``text`` reads it from each),
``epubtools`` (EPUBCheck and DAISY Ace, when installed). ``findings`` holds what they
find; ``passages`` finds the manuscript block a finding's words come from; ``run`` builds
the editions and runs the checks; ``report_json`` writes the report.
"""

from tarkbook.proof.findings import Finding, Level, Report
from tarkbook.proof.run import prove

__all__ = ["Finding", "Level", "Report", "prove"]

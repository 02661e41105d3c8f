"""The import's inline Markdown: whatever runs of formatted text Word holds, the manuscript's
parser reads back the same letters in the same italics and bold (or, where CommonMark
cannot mark an emphasis, the same letters, and the report says so)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tarkbook.importer.inline import InlineWriter, read_back
from tarkbook.importer.report import Report
from tarkbook.importer.runs import Fmt, Piece

TEXT = st.text(alphabet="ab Z1.*_[]{}()#>-+=:!<&`~^|\\\"'“”—\u00a0", min_size=1, max_size=8)
FMT = st.builds(Fmt, italic=st.booleans(), bold=st.booleans(), small_caps=st.booleans(),
                code=st.booleans(),
                lang=st.sampled_from(["", "", "de", "en-US"]),
                href=st.sampled_from(["", "", "https://example.org/a_(b)"]))
PIECE = st.one_of(
    st.builds(Piece, TEXT, FMT),
    st.builds(Piece, st.just("k1"), FMT, st.just("note")),
    st.builds(Piece, st.just(""), FMT, st.just("break")),
)


def letters(pieces: list[Piece]) -> list[str]:
    return [c for p in pieces if p.kind == "text" for c in p.text
            if not c.isspace() and c != "\u00a0"]


@settings(max_examples=300, deadline=None)
@given(st.lists(PIECE, min_size=1, max_size=8))
def test_the_markdown_reads_back_as_the_runs(pieces: list[Piece]) -> None:
    report = Report("test.docx")
    markdown = InlineWriter("en", report).write(pieces)
    back = read_back(markdown)
    assert [c for c, _, _ in back if c != "\u00a0"] == letters(pieces), markdown
    if not report.findings:
        meant = [(c, p.fmt.italic, p.fmt.bold) for p in pieces if p.kind == "text"
                 for c in p.text if not c.isspace() and c != "\u00a0"]
        assert [b for b in back if b[0] != "\u00a0"] == meant, markdown


def test_an_emphasis_inside_a_word_is_kept_or_reported() -> None:
    report = Report("test.docx")
    writer = InlineWriter("en", report)
    assert writer.write([Piece("un", Fmt()), Piece("believ", Fmt(italic=True)),
                         Piece("able", Fmt())]) == "un*believ*able"
    assert not report.findings
    assert writer.write([Piece("a", Fmt()), Piece("“b”", Fmt(italic=True)),
                         Piece("c", Fmt())]) == "a“b”c"
    assert [f.detail.split(" (")[0] for f in report.findings] == [
        "italics or bold that Markdown cannot mark where they stand"]

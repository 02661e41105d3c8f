"""Bad manuscripts: one case (at least) per diagnostic code of the catalogue.

Each case writes a small manuscript into a temporary folder ``ms`` (a base manuscript with
some files replaced), runs ``tarkbook check ms`` from the folder that holds it and compares
what it prints with the expected lines, literally: file, line, column, code and message.
"""

from __future__ import annotations

import errno
import io
import os
import re
import struct
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from conftest import write_files
from tarkbook.cli import main
from tarkbook.diagnostics import CATALOGUE, Severity
from tarkbook.manuscript import limits
from tarkbook.theme import THEME

# The base manuscript: the lines of book.toml are numbered for the expected positions.
BOOK = """\
[book]
title = "T"
language = "en"
identifier = "urn:x"
date = "2026-11-25"

[speakers.Q]
name = "Interviewer"
role = "interviewer"

[speakers.A]
name = "Answerer"
role = "interviewee"

[[sections]]
kind = "interview"
file = "interview.md"
"""
#  1 [book]            7 [speakers.Q]    11 [speakers.A]    15 [[sections]]
#  2 title             8 name            12 name            16 kind
#  5 date              9 role            13 role            17 file

INTERVIEW = "# Interview\n\nQ: A question?\n\nA: An answer.\n"

# A book.toml with one prose section, text.md, for the cases about book.toml.
PROSE = """\
[book]
title = "T"
language = "en"
identifier = "urn:x"
date = "2026-11-25"

[[sections]]
kind = "prose"
file = "text.md"
"""
TEXT = "# Text\n\nSome text.\n"
CITING = PROSE.replace('date = "2026-11-25"\n',
                       'date = "2026-11-25"\nbibliography = "refs.json"\n')
"""PROSE with a bibliography (line 6); its works are REFS."""
REFS = ('[\n  {"id": "tarkovsky1986", "type": "book", "title": "Sculpting in Time",\n'
        '   "author": [{"family": "Tarkovsky", "given": "Andrei"}],\n'
        '   "issued": {"date-parts": [[1986]]}}\n]\n')
CITES = "# Text\n\nAs [@tarkovsky1986, p. 63] says.\n"
WORKS_CITED = '\n[[sections]]\nkind = "bibliography"\n'

PNG = (Path(__file__).parent / "fixtures" / "good" / "figure" / "images" / "pixel.png").read_bytes()
COVER = '\n[cover]\nimage = "{}"\n'  # appended to BOOK: lines 19 and 20, the value at column 10
ENGLISH_LABELS = (
    "contents, landmarks, page_list, cover, title_page, imprint, by, and, in_conversation_with, "
    "first_published_as, this_edition, published_by, series, isbn_epub, isbn_print, "
    "translated_by, edited_by, notes_by, introduction_by, illustrated_by, written_by, "
    "afterword_by, photographs_by, cover_by, contributions_by, compiled_by, "
    "publisher_credit, chapter, dedication, epigraph, back_to_note, back_to_call, "
    "reference, page_reference, bibliography, "
    "accessibility_summary, summary_notes, summary_interview, summary_languages, "
    "summary_page_list, summary_conforms, images_cover, "
    "images_all, "
    "index, index_see, index_see_also"
)


def _jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (4, 4), (200, 10, 10)).save(out, format="JPEG")
    return out.getvalue()


def _png_of(width: int, height: int) -> bytes:
    """The pixel PNG with its header saying another size (the pixels are not there)."""
    header = PNG.index(b"IHDR")
    fields = struct.pack(">II", width, height) + PNG[header + 12: header + 17]
    chunk = b"IHDR" + fields
    return (PNG[:header] + chunk + struct.pack(">I", zlib.crc32(chunk))
            + PNG[header + 21:])


def _noise_png() -> bytes:
    out = io.BytesIO()
    Image.frombytes("L", (64, 64), bytes(range(256)) * 16).save(out, format="PNG")
    return out.getvalue()


JPEG = _jpeg()
NOISE_PNG = _noise_png()
SVG_OPEN = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" ' \
           'width="10" height="10">'


def svg(body: str) -> str:
    return f"{SVG_OPEN}{body}</svg>\n"


def figure_case(case_id: str, name: str, data: str | bytes, expected: str) -> Case:
    """A case of one figure, ``images/name``, in the interview (at line 5)."""
    return Case(case_id, {**interview("Q: A question?", "", f"![A](images/{name})", "",
                                      "A: Yes."), f"images/{name}": data},
                [f"ms/interview.md:5:1: error {expected}"])


def interview(*lines: str) -> dict[str, str]:
    """The interview file with these lines after its title and a blank line (from line 3)."""
    return {"interview.md": "# Interview\n\n" + "\n".join(lines) + "\n"}


def prose(book: str, text: str = TEXT) -> dict[str, str]:
    return {"book.toml": book, "text.md": text, "interview.md": None}  # type: ignore[dict-item]


@dataclass(frozen=True)
class Case:
    id: str
    files: dict[str, str | bytes | None]
    expected: list[str]
    folder: str = "manuscript"  # "missing": no folder; "file": a file instead of a folder;
    # "loop": a symbolic link to itself
    unreadable: str | None = None  # a file whose reading fails with "Permission denied"
    links: dict[str, str] = field(default_factory=dict)  # symbolic links: name -> target
    limits: dict[str, int] = field(default_factory=dict)  # limits lowered for the case


CASES = [
    # ------------------------------------------------------------ the folder
    Case("M001-no-folder", {}, ["ms:1:1: error M001: manuscript folder not found: ms"],
         folder="missing"),
    Case("M002-a-file", {}, ["ms:1:1: error M002: ms is not a folder"], folder="file"),
    Case("M003-a-loop-of-links", {}, ["ms:1:1: error M003: cannot open the manuscript "
                                      "folder ms: Too many levels of symbolic links"],
         folder="loop"),
    # ------------------------------------------------------------ files
    Case("F001-latin-1", {"interview.md": b"# Interview\n\nQ: A qu\xe9stion?\n\nA: Yes.\n"},
         ["ms/interview.md:3:8: error F001: not valid UTF-8: byte 0xE9 at byte offset 20"]),
    Case("F002-bom", {"interview.md": b"\xef\xbb\xbf" + INTERVIEW.encode()},
         ["ms/interview.md:1:1: error F002: file starts with a byte order mark (BOM); "
          "save it as UTF-8 without BOM"]),
    Case("F002-bom-in-book-toml", {"book.toml": b"\xef\xbb\xbf" + BOOK.encode()},
         ["ms/book.toml:1:1: error F002: file starts with a byte order mark (BOM); "
          "save it as UTF-8 without BOM"]),
    Case("F003-empty", {"interview.md": ""},
         ["ms/interview.md:1:1: error F003: file is empty"]),
    Case("F003-blank", {"interview.md": "\n  \n\t\n"},
         ["ms/interview.md:1:1: error F003: file is empty"]),
    Case("F004-too-big", {"interview.md": "# Interview\n\n" + "Q: Yes!!\n\n" * 420_000},
         ["ms/interview.md:1:1: error F004: file is 4200013 bytes, "
          "over the limit of 4194304 bytes"]),
    Case("F005-line-too-long", interview("Q: " + "x" * 100_000, "", "A: An answer."),
         ["ms/interview.md:3:100001: error F005: line is 100003 characters long, "
          "over the limit of 100000"]),
    Case("F005-line-of-one-megabyte", interview("Q: " + "word " * 209_715, "", "A: An answer."),
         ["ms/interview.md:3:100001: error F005: line is 1048578 characters long, "
          "over the limit of 100000"]),
    Case("F004-twenty-megabytes", {"interview.md": "# Interview\n\n" + "Q: Yes!!\n\n" * 2_097_152},
         ["ms/interview.md:1:1: error F004: file is 20971533 bytes, "
          "over the limit of 4194304 bytes"]),
    Case("F006-control-character", interview("Q: A\x07question?", "", "A: An\x00 answer\x7f."),
         ["ms/interview.md:3:5: error F006: character U+0007 is not allowed in a manuscript",
          "ms/interview.md:5:6: error F006: character U+0000 is not allowed in a manuscript",
          "ms/interview.md:5:14: error F006: character U+007F is not allowed in a manuscript"]),
    Case("F006-xml-non-character", interview("Q: A question?\ufffe", "", "A: Yes."),
         ["ms/interview.md:3:15: error F006: character U+FFFE is not allowed in a manuscript"]),
    Case("F010-section-file-links-out", {"interview.md": None},
         ["ms/interview.md:1:1: error F010: file is a link that leads outside the manuscript "
          "folder; copy the file into the folder instead"], links={"interview.md": "/etc/passwd"}),
    Case("F010-notes-link-out", {"notes.md": None},
         ["ms/notes.md:1:1: error F010: file is a link that leads outside the manuscript "
          "folder; copy the file into the folder instead"], links={"notes.md": "/etc/passwd"}),
    Case("F006-character-reference", interview("Q: A &#12; question &#x7F;?", "", "A: Yes."),
         ["ms/interview.md:3:6: error F006: character U+000C is not allowed in a manuscript",
          "ms/interview.md:3:21: error F006: character U+007F is not allowed in a manuscript"]),
    Case("L001-file-and-javascript", interview(
        "Q: [x](file:///etc/passwd) <javascript:alert(1)>", "", "A: Yes."),
         ["ms/interview.md:3:4: error L001: link to 'file:///etc/passwd': only http, https and "
          "mailto links are allowed",
          "ms/interview.md:3:28: error L001: link to 'javascript:alert(1)': only http, https "
          "and mailto links are allowed"]),
    Case("I001-file-url", {**interview("Q: A question?", "", "![A](file:///etc/passwd)", "",
                                       "A: Yes.")},
         ["ms/interview.md:5:1: error I001: image 'file:///etc/passwd' must be a relative "
          "path inside images/"]),
    Case("S006-empty-title", {"interview.md": "# \n\nQ: A question?\n\nA: An answer.\n"},
         ["ms/interview.md:1:1: error S006: the section's title has no words; write it after "
          "the '# '"]),
    Case("S006-title-of-zero-width-characters",
         {"interview.md": "# \u200b\u200d\u2060\n\nQ: A question?\n\nA: An answer.\n"},
         ["ms/interview.md:1:1: error S006: the section's title has no words; write it after "
          "the '# '"]),
    Case("S006-title-of-an-empty-link", {"interview.md": "# [](https://example.org)\n\n"
                                                        "Q: A question?\n\nA: An answer.\n"},
         ["ms/interview.md:1:1: error S006: the section's title has no words; write it after "
          "the '# '"]),
    Case("F007-unreadable", {}, ["ms/interview.md:1:1: error F007: cannot read file: "
                                 "Permission denied"], unreadable="interview.md"),
    # ------------------------------------------------------------ book.toml
    Case("C001-no-book-toml", {"book.toml": None},
         ["ms/book.toml:1:1: error C001: book.toml not found in the manuscript folder"]),
    Case("C002-invalid-toml", {"book.toml": BOOK.replace('title = "T"', "title = T")},
         ["ms/book.toml:2:9: error C002: invalid TOML: Invalid value"]),
    Case("C002-table-twice", {"book.toml": BOOK + "\n[book]\n"},
         ["ms/book.toml:19:6: error C002: invalid TOML: Cannot declare ('book',) twice"]),
    Case("C003-unknown-key", prose(PROSE.replace('title = "T"', 'titel = "T"')),
         ["ms/book.toml:1:1: error C004: missing required key 'title' in [book]",
          "ms/book.toml:2:1: error C003: unknown key 'titel' in [book]; did you mean 'title'?"]),
    Case("C003-unknown-table", prose(PROSE + '\n[extra]\nkey = "value"\n'),
         ["ms/book.toml:11:1: error C003: unknown key 'extra' in book.toml"]),
    Case("C003-unknown-key-in-sections", prose(PROSE + 'title = "Text"\n'),
         ["ms/book.toml:10:1: error C003: unknown key 'title' in [sections]"]),
    Case("C003-unknown-key-in-speaker", {"book.toml": BOOK.replace(
        'role = "interviewer"', 'role = "interviewer"\nlable = "Q."')},
         ["ms/book.toml:10:1: error C003: unknown key 'lable' in [speakers.Q]; did you mean "
          "'label'?"]),
    Case("C003-did-you-mean", prose(PROSE.replace('title = "T"', 'title = "T"\npublsher = "P"')),
         ["ms/book.toml:3:1: error C003: unknown key 'publsher' in [book]; did you mean "
          "'publisher'?"]),
    Case("C003-author-from-another-tool", prose(PROSE.replace('title = "T"',
                                                              'title = "T"\nauthor = "A"')),
         ["ms/book.toml:3:1: error C003: unknown key 'author' in [book]; tarkbook takes it as "
          'a [[contributors]] table with name = "…" and roles = ["aut"]']),
    Case("C003-cover-from-another-tool", prose(PROSE.replace('title = "T"',
                                                             'title = "T"\ncover = "c.jpg"')),
         ["ms/book.toml:3:1: error C003: unknown key 'cover' in [book]; tarkbook takes it as "
          '[cover] image = "images/…"']),
    Case("C003-unknown-label", prose(PROSE + '\n[labels]\ncontnets = "Inhalt"\n'),
         ["ms/book.toml:12:1: error C003: unknown key 'contnets' in [labels]; did you mean "
          "'contents'?"]),
    Case("C006-label-without-its-placeholder", prose(PROSE + '\n[labels]\nby = "von"\n'),
         ["ms/book.toml:12:1: error C006: invalid value for 'by' in [labels]: it must hold "
          "{names} and nothing else in braces"]),
    Case("C006-credit-without-its-placeholder",
         prose(PROSE + '\n[[contributors]]\nname = "B"\nroles = ["trl"]\n'
               'credit = "Put into Polish"\n'),
         ["ms/book.toml:14:1: error C006: invalid value for 'credit' in [contributors]: it "
          "must hold {names} and nothing else in braces"]),
    Case("C006-label-with-unpaired-brace", prose(PROSE + '\n[labels]\nby = "von {names"\n'),
         ["ms/book.toml:12:1: error C006: invalid value for 'by' in [labels]: its braces { } "
          "do not pair up"]),
    Case("C006-label-with-a-format", prose(PROSE + '\n[labels]\nby = "by {names:>999999999}"\n'),
         ["ms/book.toml:12:1: error C006: invalid value for 'by' in [labels]: a placeholder is "
          "written plain, as {names}, with nothing after its name"]),
    Case("C006-series-number-without-series", prose(PROSE.replace(
        'title = "T"', 'title = "T"\nseries_number = 2')),
         ["ms/book.toml:3:1: error C006: invalid value for 'series_number' in [book]: a series "
          'number needs the name of the series: series = "…"']),
    Case("C005-series-number-as-text", prose(PROSE.replace(
        'title = "T"', 'title = "T"\nseries = "S"\nseries_number = "two"')),
         ["ms/book.toml:4:1: error C005: 'series_number' in [book] must be a whole number, "
          "not str"]),
    Case("C010-isbn-check-digit", prose(PROSE + '\n[epub]\nisbn = "978-0-306-40615-8"\n'),
         ["ms/book.toml:12:25: error C010: '978-0-306-40615-8' in [epub] is not a valid ISBN: "
          "the check digit is 8, but the digits before it give 7; a digit is mistyped"]),
    Case("C010-isbn-10-check-digit", prose(PROSE + '\n[print]\nisbn = "0-306-40615-X"\n'),
         ["ms/book.toml:12:21: error C010: '0-306-40615-X' in [print] is not a valid ISBN: "
          "the check digit is X, but the digits before it give 2; a digit is mistyped"]),
    Case("C010-isbn-letter", prose(PROSE + '\n[print]\nisbn = "978-0-3O6-40615-7"\n'),
         ["ms/book.toml:12:16: error C010: '978-0-3O6-40615-7' in [print] is not a valid ISBN: "
          "'O' is not a digit of an ISBN"]),
    Case("C010-isbn-length", prose(PROSE + '\n[epub]\nisbn = "978030640615"\n'),
         ["ms/book.toml:12:9: error C010: '978030640615' in [epub] is not a valid ISBN: "
          "an ISBN has 13 digits (or 10 in an old ISBN), not 12"]),
    Case("C014-one-isbn-for-both-editions", prose(
        PROSE + '\n[print]\nisbn = "978-0-306-40615-7"\n\n[epub]\nisbn = "9780306406157"\n'),
         ["ms/book.toml:15:1: error C014: the ISBN 9780306406157 of [epub] is also the print "
          "edition's; an ISBN names one edition: give each its own"]),
    Case("C011-no-labels-in-the-language", {"book.toml": BOOK.replace(
        'language = "en"', 'language = "cs"')},
         [f"ms/book.toml:3:1: warning C011: tarkbook has no labels in language 'cs', so the "
          f"editions print these in English: {ENGLISH_LABELS}; give them in [labels]"]),
    Case("C011-some-labels-given", {"book.toml": BOOK.replace(
        'language = "en"', 'language = "cs"') + '\n[labels]\ncontents = "Obsah"\n'},
         [f"ms/book.toml:3:1: warning C011: tarkbook has no labels in language 'cs', so the "
          f"editions print these in English: {ENGLISH_LABELS.replace('contents, ', '')}; "
          "give them in [labels]"]),
    Case("C004-missing-keys", prose('[book]\ntitle = "T"\n\n[[sections]]\nkind = "prose"\n'
                                    'file = "text.md"\n'),
         # Same position: in the order of the keys in the format.
         ["ms/book.toml:1:1: error C004: missing required key 'language' in [book]",
          "ms/book.toml:1:1: error C004: missing required key 'identifier' in [book]",
          "ms/book.toml:1:1: error C004: missing required key 'date' in [book]"]),
    Case("C004-no-sections", prose(PROSE.split("\n[[sections]]")[0] + "\n"),
         ["ms/book.toml:1:1: error C004: missing required key 'sections' in book.toml"]),
    Case("C004-no-book-table", prose('[[sections]]\nkind = "prose"\nfile = "text.md"\n'),
         ["ms/book.toml:1:1: error C004: missing required key 'book' in book.toml"]),
    Case("C004-speaker-without-name", {"book.toml": BOOK.replace('name = "Answerer"\n', "")},
         ["ms/book.toml:11:1: error C004: missing required key 'name' in [speakers.A]"]),
    Case("C005-wrong-types", prose(PROSE.replace('title = "T"', "title = 5")
                                   .replace('file = "text.md"', "file = ['text.md']")),
         ["ms/book.toml:2:1: error C005: 'title' in [book] must be a string, not int",
          "ms/book.toml:9:1: error C005: 'file' in [sections] must be a string, not list"]),
    Case("C005-subjects-not-a-list", prose(PROSE.replace('date = "2026-11-25"',
                                                         'date = "2026-11-25"\nsubjects = "x"')),
         ["ms/book.toml:6:1: error C005: 'subjects' in [book] must be a list of strings, "
          "not str"]),
    Case("C005-sections-not-tables", prose('sections = "text.md"\n' + PROSE.split("\n[[")[0]),
         ["ms/book.toml:1:1: error C005: 'sections' in book.toml must be "
          "a list of tables ([[sections]]), not str"]),
    Case("C006-language", prose(PROSE.replace('"en"', '"English"')),
         ["ms/book.toml:3:1: error C006: invalid value for 'language' in [book]: "
          "'English' is not a BCP 47 language tag such as 'en' or 'en-GB'"]),
    Case("C006-date", prose(PROSE.replace('"2026-11-25"', '"25 November 2026"')),
         ["ms/book.toml:5:1: error C006: invalid value for 'date' in [book]: "
          "'25 November 2026' is not a date such as 2026-11-25"]),
    Case("C006-empty-title", prose(PROSE.replace('title = "T"', 'title = " "')),
         ["ms/book.toml:2:1: error C006: invalid value for 'title' in [book]: it is empty"]),
    Case("C006-section-kind", prose(PROSE.replace('"prose"', '"essay"')),
         ["ms/book.toml:8:1: error C006: invalid value for 'kind' in [sections]: "
          "'essay' is not one of dedication, epigraph, foreword, preface, prologue, "
          "introduction, chapter, interview, prose, acknowledgments, epilogue, conclusion, "
          "afterword, appendix, bibliography, references, index, about-the-author, colophon, "
          "acknowledgements"]),
    Case("C006-speaker-key", prose(PROSE + '\n[speakers.Dr]\nname = "Doctor"\n'),
         ["ms/book.toml:11:1: error C006: invalid value for 'Dr' in [speakers.Dr]: "
          "a speaker key is one word in capitals, such as Q or TARKOVSKY"]),
    Case("C006-speaker-role", {"book.toml": BOOK.replace('"interviewee"', '"guest"')},
         ["ms/book.toml:13:1: error C006: invalid value for 'role' in [speakers.A]: "
          "'guest' is not one of interviewer, interviewee, other"]),
    Case("C006-relator", prose(PROSE + '\n[[contributors]]\nname = "X"\nroles = ["boss"]\n'),
         ["ms/book.toml:13:1: error C006: invalid value for 'roles' in [contributors]: "
          "'boss' is not a MARC relator code tarkbook knows "
          "(aft, ann, aui, aut, com, cov, ctb, edt, ill, ive, ivr, pbl, pht, trl)"]),
    Case("C006-page-size", prose(PROSE + '\n[print]\npage_size = "huge"\n'),
         ["ms/book.toml:12:13: error C006: invalid value for 'page_size' in [print]: "
          "'huge' is not a page size such as A5, '129mm 198mm' or '5.5in 8.5in'"]),
    Case("C006-page-size-of-kilometres",
         prose(PROSE + '\n[print]\npage_size = "99999999in 99999999in"\n'),
         ["ms/book.toml:12:13: error C006: invalid value for 'page_size' in [print]: "
          "the width 99999999in is 2539999975 mm; a page is between 100 mm and 500 mm "
          "each way"]),
    Case("C006-page-size-of-nothing", prose(PROSE + '\n[print]\npage_size = "129mm 0mm"\n'),
         ["ms/book.toml:12:13: error C006: invalid value for 'page_size' in [print]: "
          "the height 0mm is 0 mm; a page is between 100 mm and 500 mm each way"]),
    Case("C006-page-size-of-a-point", prose(PROSE + '\n[print]\npage_size = "1pt 1pt"\n'),
         ["ms/book.toml:12:13: error C006: invalid value for 'page_size' in [print]: "
          "the width 1pt is 0.35 mm; a page is between 100 mm and 500 mm each way"]),
    Case("C006-page-size-in-fullwidth-digits",  # digits that the PDF's CSS does not read
         prose(PROSE + '\n[print]\npage_size = "\uff11\uff12\uff19mm \uff11\uff19\uff18mm"\n'),
         ["ms/book.toml:12:13: error C006: invalid value for 'page_size' in [print]: "
          "'\uff11\uff12\uff19mm \uff11\uff19\uff18mm' is not a page size such as A5, "
          "'129mm 198mm' or '5.5in 8.5in'"]),
    Case("F006-carriage-return-in-a-title", prose(PROSE.replace('title = "T"',
                                                                'title = "T\\rU"')),
         ["ms/book.toml:2:11: error F006: character U+000D is not allowed in a manuscript"]),
    Case("C006-page-size-and-a-newline",
         prose(PROSE + '\n[print]\npage_size = "A5\\n"\n'),
         ["ms/book.toml:12:13: error C006: invalid value for 'page_size' in [print]: "
          "'A5\\x0a' is not a page size such as A5, '129mm 198mm' or '5.5in 8.5in'"]),
    Case("C006-language-and-a-newline", prose(PROSE.replace('"en"', '"en\\n"')),
         ["ms/book.toml:3:1: error C006: invalid value for 'language' in [book]: "
          "'en\\x0a' is not a BCP 47 language tag such as 'en' or 'en-GB'"]),
    Case("C006-speaker-key-and-a-newline", prose(PROSE + '\n[speakers."Q\\n"]\nname = "Q"\n'),
         ["ms/book.toml:1:1: error C006: invalid value for 'Q\\x0a' in [speakers.Q\\x0a]: "
          "a speaker key is one word in capitals, such as Q or TARKOVSKY"]),
    Case("C006-title-of-zero-width-characters",
         prose(PROSE.replace('title = "T"', 'title = "\\u200b\\u200d\\u2060"')),
         ["ms/book.toml:2:1: error C006: invalid value for 'title' in [book]: it is empty"]),
    Case("F006-toml-escapes", prose(
        PROSE.replace('title = "T"', 'title = "A\\u0000B"\n'
                      'subtitle = "\\f\\b\\u001b[2J\\uFFFE\\u0085"')
        .replace('identifier = "urn:x"', "identifier = 'urn:x\\u0000'\n"
                 'description = """\nline\\\\u0007 and\n  \\U00000007."""')),
         ["ms/book.toml:2:11: error F006: character U+0000 is not allowed in a manuscript",
          "ms/book.toml:3:13: error F006: character U+000C is not allowed in a manuscript",
          "ms/book.toml:3:15: error F006: character U+0008 is not allowed in a manuscript",
          "ms/book.toml:3:17: error F006: character U+001B is not allowed in a manuscript",
          "ms/book.toml:3:26: error F006: character U+FFFE is not allowed in a manuscript",
          "ms/book.toml:3:32: error F006: character U+0085 is not allowed in a manuscript",
          "ms/book.toml:8:3: error F006: character U+0007 is not allowed in a manuscript"]),
    Case("F006-escaped-reference-in-citation", {"book.toml": BOOK.replace(
        "\n[speakers.Q]", '\n[source]\ncitation = "In \\u0026#12; X."\n\n[speakers.Q]')},
         ["ms/book.toml:8:1: error F006: character U+000C is not allowed in a manuscript"]),
    Case("F006-escape-in-a-key-is-shown-escaped",
         prose(PROSE.replace('title = "T"', 'title = "T"\n"\\u001b[2J\\u0007" = 1')),
         ["ms/book.toml:1:1: error C003: unknown key '\\x1b[2J\\x07' in [book]",
          "ms/book.toml:3:2: error F006: character U+001B is not allowed in a manuscript",
          "ms/book.toml:3:11: error F006: character U+0007 is not allowed in a manuscript"]),
    Case("C007-file-name-is-shown-escaped",
         prose(PROSE.replace('file = "text.md"', 'file = "\\u001b]0;owned\\u0007.md"')),
         ["ms/book.toml:9:1: error C007: section file '\\x1b]0;owned\\x07.md' not found",
          "ms/book.toml:9:9: error F006: character U+001B is not allowed in a manuscript",
          "ms/book.toml:9:23: error F006: character U+0007 is not allowed in a manuscript"]),
    Case("C002-nested-too-deep", prose(PROSE.replace(
        'date = "2026-11-25"',
        'date = "2026-11-25"\nsubjects = ["a",\n  ' + "[ " * 1000 + "] " * 1000 + "]")),
         ["ms/book.toml:6:12: error C002: invalid TOML: a value is nested more than 32 levels "
          "deep"]),
    Case("C006-style-dir", prose(PROSE + '\n[style]\ndir = "house-style"\n'),
         ["ms/book.toml:12:1: error C006: invalid value for 'dir' in [style]: "
          "there is no folder 'house-style' (relative to the book's folder)"]),
    Case("C006-style-dir-absolute", prose(PROSE + '\n[style]\ndir = "/usr/share"\n'),
         ["ms/book.toml:12:1: error C006: invalid value for 'dir' in [style]: "
          "'/usr/share' is not a path relative to the book's folder"]),
    Case("C006-style-dir-above-the-book", prose(PROSE + '\n[style]\ndir = "../.."\n'),
         ["ms/book.toml:12:1: error C006: invalid value for 'dir' in [style]: "
          "the folder '../..' holds the book's folder; name a folder of style sheets"]),
    Case("C006-style-dir-far-from-the-book",
         prose(PROSE + '\n[style]\ndir = "' + "../" * 40 + 'usr"\n'),
         ["ms/book.toml:12:1: error C006: invalid value for 'dir' in [style]: the folder '"
          + "../" * 40 + "usr' is neither inside the book's folder nor beside it; move it "
          "there, or name it with --styles"]),
    Case("C006-style-dir-name-too-long", prose(PROSE + '\n[style]\ndir = "' + "d" * 300 + '"\n'),
         ["ms/book.toml:12:1: error C006: invalid value for 'dir' in [style]: there is no "
          "folder '" + "d" * 300 + "' (relative to the book's folder)"]),
    Case("C007-section-not-found", prose(PROSE.replace("text.md", "missing.md")),
         ["ms/book.toml:9:1: error C007: section file 'missing.md' not found"]),
    Case("C008-listed-twice", prose(PROSE + '\n[[sections]]\nkind = "prose"\n'
                                            'file = "text.md"\n'),
         ["ms/book.toml:13:1: error C008: section file 'text.md' is listed more than once"]),
    Case("C009-bad-names", prose(PROSE.replace("text.md", "notes.md") + "\n[[sections]]\n"
                                 'kind = "prose"\nfile = "../text.md"\n\n[[sections]]\n'
                                 'kind = "prose"\nfile = "text.txt"\n'),
         ["ms/book.toml:9:1: error C009: section file 'notes.md' must be the name of a .md "
          "file in the manuscript folder, other than notes.md",
          "ms/book.toml:13:1: error C009: section file '../text.md' must be the name of a .md "
          "file in the manuscript folder, other than notes.md",
          "ms/book.toml:17:1: error C009: section file 'text.txt' must be the name of a .md "
          "file in the manuscript folder, other than notes.md"]),
    Case("C009-name-too-long", prose(PROSE.replace("text.md", "t" * 253 + ".md")),
         [f"ms/book.toml:9:1: error C009: section file '{'t' * 253}.md' must be the name of "
          "a .md file in the manuscript folder, other than notes.md"]),
    Case("C012-title-too-long", {"book.toml": BOOK.replace('"T"', '"' + "Long " * 61 + '"')},
         ["ms/book.toml:2:1: error C012: the title is 305 characters long, over the limit "
          "of 300"]),
    Case("C013-out-of-place", {
        "book.toml": PROSE.replace('kind = "prose"', 'kind = "chapter"') + "".join(
            f'\n[[sections]]\nkind = "{kind}"\nfile = "{kind}.md"\n'
            for kind in ("colophon", "dedication", "appendix")),
        "text.md": TEXT, "colophon.md": "# Colophon\n\nSet in type.\n",
        "dedication.md": "For A.\n", "appendix.md": "# Appendix\n\nMore.\n",
        "interview.md": None},
         ["ms/book.toml:16:1: error C013: a section of kind 'dedication' stands after the "
          "body has begun; list it before the first chapter",
          "ms/book.toml:20:1: error C013: a section of kind 'appendix' stands after the "
          "about-the-author or colophon section, which end the book"]),
    # ------------------------------------------------------------ structure of a section
    Case("S001-no-title", {"interview.md": "Q: A question?\n\n# Interview\n"},
         ["ms/interview.md:1:1: error S001: a section file must start with a level-1 heading "
          "('# Title')"]),
    Case("S001-title-level-2", {"interview.md": "## Interview\n\nQ: A question?\n"},
         ["ms/interview.md:1:1: error S001: a section file must start with a level-1 heading "
          "('# Title')"]),
    Case("S002-second-title", interview("Q: A question?", "", "# Part Two", "", "A: Yes."),
         ["ms/interview.md:5:1: error S002: a section has only one level-1 heading; "
          "use '##' for a subheading"]),
    Case("S003-level-4", interview("Q: A question?", "", "#### Deep", "", "A: Yes."),
         ["ms/interview.md:5:1: error S003: heading level 4 is not allowed; use '##' or '###'"]),
    Case("S004-code", interview("Q: A question?", "", "```", "code", "```", "",
                                "A: An answer.", "", "    indented by accident"),
         ["ms/interview.md:5:1: error S004: a fenced code block is not part of the "
          "manuscript format",
          "ms/interview.md:11:5: error S004: an indented code block (a line indented by four "
          "spaces or more) is not part of the manuscript format"]),
    Case("S004-table-in-a-note", interview("Q: A question?[^n]", "", "A: Yes.", "",
                                           "[^n]: A note.", "", "    | a | b |",
                                           "    |---|---|", "    | 1 | 2 |"),
         ["ms/interview.md:9:5: error S004: a table in a note is not part of the manuscript "
          "format"]),
    Case("S005-block-quotes", interview("Q: A question?", "", ">" * 40 + " deep", "", "A: Yes."),
         ["ms/interview.md:5:1: error S005: nesting is 33 levels deep, over the limit of 32"]),
    Case("S005-inline", interview("Q: " + "[" * 33 + "deep" + "]{lang=it}" * 33, "", "A: Yes."),
         ["ms/interview.md:3:1: error S005: nesting is 33 levels deep, over the limit of 32"]),
    Case("S005-emphasis-runaway", interview("Q: " + "*" * 400 + "x" + "*" * 400, "", "A: Yes."),
         ["ms/interview.md:3:1: error S005: nesting is 33 levels deep, over the limit of 32"]),
    Case("S005-10000-block-quotes", interview("Q: A question?", "", "> " * 10_000 + "deep", "",
                                              "A: Yes."),
         ["ms/interview.md:5:1: error S005: nesting is 33 levels deep, over the limit of 32"]),
    Case("S005-10000-list-markers", interview("Q: A question?", "", "* " * 10_000 + "deep", "",
                                              "A: Yes."),
         # "A: Yes." continues the innermost list item (a lazy line), so A never speaks.
         ["ms/book.toml:11:1: warning T003: speaker 'A' is declared but never speaks",
          "ms/interview.md:5:1: error S005: nesting is 33 levels deep, over the limit of 32"]),
    Case("S005-33-lists", interview("Q: A question?", "", "* " * 33 + "deep", "", "A: Yes."),
         ["ms/interview.md:5:1: error S005: nesting is 33 levels deep, over the limit of 32"]),
    Case("S005-17-lists-and-16-quotes",
         interview("Q: A question?", "", "> " * 16 + "* " * 17 + "deep", "", "A: Yes."),
         ["ms/interview.md:5:1: error S005: nesting is 33 levels deep, over the limit of 32"]),
    Case("F008-10000-emphasis-markers",
         interview("Q: " + "*" * 10_000 + "deep" + "*" * 10_000, "", "A: Yes."),
         ["ms/interview.md:3:4: error F008: 20004 characters without a space, over the limit "
          "of 1000; break the run with spaces"]),
    Case("F008-10000-quote-markers", interview("Q: Yes.", "", ">" * 10_000 + " deep", "",
                                               "A: Yes."),
         ["ms/interview.md:5:1: error F008: 10000 characters without a space, over the limit "
          "of 1000; break the run with spaces"]),
    Case("F008-note-calls-without-spaces", interview("Q: " + "[^a" * 400, "", "A: Yes."),
         ["ms/interview.md:3:4: error F008: 1200 characters without a space, over the limit "
          "of 1000; break the run with spaces"]),
    # ------------------------------------------------------------ interview turns
    Case("T001-before-first-key", interview("Before anyone speaks.", "", "Q: A question?", "",
                                            "Still before.", "", "A: Yes."),
         ["ms/interview.md:3:1: error T001: this paragraph comes before the first speaker; "
          "start it with a speaker key (A:, Q:)"]),
    Case("T001-heading-then-paragraph", interview("## Part", "", "Who says this?", "",
                                                  "Q: A question?", "", "A: Yes."),
         ["ms/interview.md:5:1: error T001: this paragraph comes before the first speaker; "
          "start it with a speaker key (A:, Q:)"]),
    Case("T002-typo", interview("Q: A question?", "", "QQ: Typo.", "", "A: Yes.", "",
                                "Go on.", "", "NOTE: not a speaker."),
         ["ms/interview.md:5:1: error T002: 'QQ:' is not a declared speaker (declared: A:, Q:); "
          "write '\\QQ:' to keep it as text",
          "ms/interview.md:11:1: error T002: 'NOTE:' is not a declared speaker "
          "(declared: A:, Q:); write '\\NOTE:' to keep it as text"]),
    Case("T002-closest-key", {"book.toml": BOOK.replace("[speakers.A]", "[speakers.ANSWER]"),
                              **interview("Q: A question?", "", "ANSWR: Yes.", "",
                                          "ANSWER: Yes.")},
         ["ms/interview.md:5:1: error T002: 'ANSWR:' is not a declared speaker (declared: "
          "ANSWER:, Q:); did you mean 'ANSWER:'? Or write '\\ANSWR:' to keep it as text"]),
    Case("T005-key-in-another-case", interview("Q: A question?", "", "A: Yes.", "",
                                               "q: a question in lower case."),
         ["ms/interview.md:7:1: warning T005: 'q:' is not speaker 'Q:' (keys are written in "
          "capitals), so this paragraph continues the turn before it; write 'Q:' to open a "
          "turn"]),
    Case("T003-never-speaks", interview("Q: A question?", "", "Q: Another question?"),
         ["ms/book.toml:11:1: warning T003: speaker 'A' is declared but never speaks"]),
    Case("T004-empty-turn", interview("Q:", "", "A: Yes.", "", "Q:   "),
         ["ms/interview.md:3:1: error T004: speaker key 'Q:' opens a turn but the turn is empty",
          "ms/interview.md:7:1: error T004: speaker key 'Q:' opens a turn but the turn is empty"]),
    # ------------------------------------------------------------ notes
    Case("N001-never-defined", interview("Q: A question?[^why]", "", "A: Yes."),
         ["ms/interview.md:3:15: error N001: note [^why] is called but never defined"]),
    Case("N001-in-citation", {"book.toml": BOOK.replace(
        "\n[speakers.Q]", '\n[source]\ncitation = "In *X*.[^src]"\n\n[speakers.Q]')},
         ["ms/book.toml:8:1: error N001: note [^src] is called but never defined"]),
    Case("N001-N002-closest-note", interview("Q: A question?[^akhmatva]", "", "A: Yes.", "",
                                             "[^akhmatova]: Anna Akhmatova."),
         ["ms/interview.md:3:15: error N001: note [^akhmatva] is called but never defined; "
          "did you mean [^akhmatova], defined but never called?",
          "ms/interview.md:7:1: error N002: note [^akhmatova] is defined but never called; "
          "is it the note called as [^akhmatva]?"]),
    Case("N002-never-called", {**interview("Q: A question?", "", "A: Yes.", "",
                                           "[^unused]: Never called."),
                               "notes.md": "[^akhmatova]: Anna Akhmatova.\n"},
         ["ms/interview.md:7:1: error N002: note [^unused] is defined but never called",
          "ms/notes.md:1:1: error N002: note [^akhmatova] is defined but never called"]),
    Case("N003-defined-twice", {**interview("Q: A question?[^why]", "", "A: Yes.", "",
                                            "[^why]: First."),
                                "notes.md": "[^why]: Second.\n"},
         ["ms/notes.md:1:1: error N003: note [^why] is defined twice "
          "(first at ms/interview.md:7:1)"]),
    Case("N004-note-calls-note", {**interview("Q: A question?[^a]", "", "A: Yes.[^b]"),
                                  "notes.md": "[^a]: See also[^b].\n\n[^b]: B.\n"},
         ["ms/notes.md:1:15: error N004: a note cannot call another note ([^b])"]),
    Case("N005-empty-note", interview("Q: A question?[^why]", "", "A: Yes.", "", "[^why]:"),
         ["ms/interview.md:7:1: error N005: note [^why] is empty"]),
    Case("N006-notes-md-holds-only-notes",
         {**interview("Q: A question?[^why]", "", "A: Yes."),
          "notes.md": "# Notes\n\n[^why]: Because.\n\nA stray paragraph.\n\n- a list\n"},
         ["ms/notes.md:1:1: error N006: notes.md holds only note definitions; "
          "move this heading into a section",
          "ms/notes.md:5:1: error N006: notes.md holds only note definitions; "
          "move this paragraph into a section",
          "ms/notes.md:7:1: error N006: notes.md holds only note definitions; "
          "move this listblock into a section"]),
    # ------------------------------------------------------------ inline content
    Case("H001-raw-html", interview("Q: A <b>bold</b> question?", "", "<div>", "block",
                                    "</div>", "", "A: Yes. <!-- a comment -->", "",
                                    "<!-- a block comment -->"),
         ["ms/interview.md:3:6: error H001: raw HTML is not allowed: <b>",
          "ms/interview.md:3:13: error H001: raw HTML is not allowed: </b>",
          "ms/interview.md:5:1: error H001: raw HTML is not allowed: <div>",
          "ms/interview.md:9:9: error H001: raw HTML is not allowed: <!-- a comment -->",
          "ms/interview.md:11:1: error H001: raw HTML is not allowed: <!-- a block comment -->"]),
    Case("L001-scheme", interview("Q: See [ftp](ftp://example.org) and [page](page.html).", "",
                                  "A: Or <ftp://example.org/x> and [x](https://example.org)."),
         ["ms/interview.md:3:8: error L001: link to 'ftp://example.org': only http, https and "
          "mailto links are allowed",
          "ms/interview.md:3:37: error L001: link to 'page.html': only http, https and "
          "mailto links are allowed",
          "ms/interview.md:5:7: error L001: link to 'ftp://example.org/x': only http, https and "
          "mailto links are allowed"]),
    Case("R001-unknown-id", prose(PROSE, "# Text {#text}\n\nSee [the text](#txet) and "
                                  "[below](#nowhere).\n"),
         ["ms/text.md:3:5: error R001: no heading, figure or table has the id 'txet'; did you "
          "mean 'text'?",
          "ms/text.md:3:27: error R001: no heading, figure or table has the id 'nowhere'"]),
    Case("R002-an-id-twice", prose(PROSE, "# Text {#text}\n\n## More {#text}\n"),
         ["ms/text.md:3:1: error R002: the id 'text' is given twice; the first is at "
          "ms/text.md:1:1"]),
    Case("R003-not-an-id", prose(PROSE, "# Text {#1st tide}\n\n## More {#tide/2}\n"),
         ["ms/text.md:3:9: error R003: 'tide/2' cannot be an id: an id begins with a letter "
          "and holds only letters, digits, '-', '_' and '.'"]),
    Case("R004-image-attribute", {**prose(PROSE, "# Text\n\n![A pixel](images/pixel.png)"
                                                 "{#pixel width=50}\n"), "images/pixel.png": PNG},
         ["ms/text.md:3:1: error R004: unknown attribute 'width' on an image; only {#id} is "
          "allowed"]),
    Case("B001-table-too-wide", prose(PROSE, "# Text\n\n| Term | Comment |\n|---|---|\n"
                                      "| Donaudampfschifffahrtsgesellschaft | "
                                      "Grundstücksverkehrsgenehmigungszuständigkeits"
                                      "übertragungsverordnung |\n"),
         ["ms/text.md:3:1: error B001: the table is 168 mm wide at the least, wider than the "
          "95 mm the text block leaves it; its widest column is column 2, 'Comment', for the word "
          "'Grundstücksverkehrsgenehmigungszuständigkeitsübertragungsverordnung': shorten "
          "the longest words or leave a column out"]),
    Case("A001-unknown-attribute", interview("Q: [Zerkalo]{lang=ru .title}?", "", "A: Yes."),
         ["ms/interview.md:3:4: error A001: unknown attribute 'class'; "
          "only lang=, dir=, index=, see=, seealso= and the classes .smallcaps and .index "
          "are allowed"]),
    Case("A002-bad-language-tag", interview("Q: [Zerkalo]{lang=russian_1}?", "", "A: Yes."),
         ["ms/interview.md:3:4: error A002: invalid language tag 'russian_1'"]),
    Case("A003-no-lang", interview("Q: [Zerkalo]{title=mirror}?", "", "A: Yes."),
         ["ms/interview.md:3:4: error A001: unknown attribute 'title'; "
          "only lang=, dir=, index=, see=, seealso= and the classes .smallcaps and .index "
          "are allowed",
          "ms/interview.md:3:4: error A003: a span needs a lang= attribute"]),
    # ------------------------------------------------------------ index marks
    Case("X001-empty-heading", interview('Q: [Mirror]{index="Tarkovsky, Andrei!"}?', "",
                                         "A: Yes."),
         ["ms/interview.md:3:4: error X001: the index mark 'Tarkovsky, Andrei!' has an empty "
          "sub-entry; write it"]),
    Case("X002-three-levels", interview('Q: [Mosfilm]{index="Film!Soviet!Mosfilm"}?', "",
                                        "A: Yes."),
         ["ms/interview.md:3:4: error X002: the index mark 'Film!Soviet!Mosfilm' has 3 levels; "
          "an index has two at most, a heading and a sub-entry separated by '!' "
          "('Tarkovsky, Andrei!Mirror')"]),
    Case("X003-see-without-mark", interview('Q: [Faro]{see="Fårö"}?', "", "A: Yes."),
         ["ms/interview.md:3:4: error X003: see= is a cross-reference of the index and goes "
          'with an index mark: add index="…" or .index to the span']),
    Case("X004-see-unknown", prose(PROSE + '\n[[sections]]\nkind = "index"\n',
                                   '# Text\n\n[Fårö]{.index} and [Faro]{.index see="Faro"} '
                                   'and [it]{index="Gotland" seealso="Farö"}.\n'),
         ["ms/text.md:3:50: error X004: seealso='Farö' names a heading of the index that no "
          "mark makes; did you mean 'Fårö'?"]),
    Case("X005-mark-in-heading", prose(PROSE + '\n[[sections]]\nkind = "index"\n',
                                       '# Text\n\n[Fårö]{.index}\n\n## On [Fårö]{.index}\n'),
         ["ms/text.md:5:7: error X005: an index mark cannot stand in a title or a heading, "
          "which the contents print again; mark the words in the text"]),
    Case("X006-no-index-section", interview("Q: On [Fårö]{.index}?", "", "A: Yes."),
         ["ms/interview.md:3:7: warning X006: the book has 1 index marks but no section of kind "
          "'index' to list them; add one to [[sections]] in book.toml"]),
    Case("X007-index-without-marks", prose(PROSE + '\n[[sections]]\nkind = "index"\n'),
         ["ms/book.toml:11:1: error X007: a section of kind 'index' lists the index marks, and "
          "the book has none; mark terms in the text with {index=\"…\"} or {.index}"]),
    Case("X008-two-indexes", prose(PROSE + '\n[[sections]]\nkind = "index"\n' * 2,
                                   "# Text\n\nOn [Fårö]{.index}.\n"),
         ["ms/book.toml:14:1: error X008: a book has one index, and this is a second section "
          "of kind 'index'"]),
    # ------------------------------------------------------------ punctuation
    Case("Q001-unpaired-quote",
         interview('Q: He said "yes, and walked out.', "", "A: The \\\"escaped\\\" stay; "
                   "'90s and 1990--1995 are fine.", "", "  It's \"Zone\" and 'ok'."),
         ["ms/interview.md:3:12: warning Q001: straight quote \" has no partner and is left "
          "straight; write the curly quote meant, or \\\" to keep it straight",
          "ms/interview.md:5:26: warning Q001: straight quote ' has no partner and is left "
          "straight; write the curly quote meant, or \\' to keep it straight"]),
    Case("A004-bad-direction",
         interview("Q: [Shalom]{lang=he dir=right}?", "", "::: {dir=up lang=he .x}",
                   "Shalom.", ":::", "", "A: Yes."),
         ["ms/interview.md:3:4: error A004: invalid direction 'right'; write dir=rtl or dir=ltr",
          "ms/interview.md:5:5: error A001: unknown attribute '.x'; "
          "only lang= and dir= are allowed",
          "ms/interview.md:5:5: error A004: invalid direction 'up'; write dir=rtl or dir=ltr"]),
    # ------------------------------------------------------------ glyphs of the print edition
    Case("G001-in-a-line-of-verse",
         prose(PROSE + "\n[print]\nfallbacks = []\n",
               "# Text\n\n::: verse\nA line of verse,\n  and \u1fe5 in the next.\n:::\n"),
         ["ms/text.md:5:7: error G001: '\u1fe5' (U+1FE5 GREEK SMALL LETTER RHO WITH DASIA) is "
          "in no font of the print edition (Source Serif 4); add a font that has it"]),
    Case("G001-no-font-has-it",
         prose(PROSE + "\n[print]\nfallbacks = []\n",
               "# Text\n\nHe wrote *[ῥεῖ]{lang=grc}* and [של]{lang=he dir=rtl}.\n"),
         ["ms/text.md:3:12: error G001: 'ῥ' (U+1FE5 GREEK SMALL LETTER RHO WITH DASIA) is in "
          "no font of the print edition (Source Serif 4 Italic); add a font that has it",
          "ms/text.md:3:14: error G001: 'ῖ' (U+1FD6 GREEK SMALL LETTER IOTA WITH PERISPOMENI) "
          "is in no font of the print edition (Source Serif 4 Italic); add a font that has it",
          "ms/text.md:3:33: error G001: 'ש' (U+05E9 HEBREW LETTER SHIN) is in no font of the "
          "print edition (Source Serif 4); add a font that has it",
          "ms/text.md:3:34: error G001: 'ל' (U+05DC HEBREW LETTER LAMED) is in no font of the "
          "print edition (Source Serif 4); add a font that has it"]),
    # ------------------------------------------------------------ images
    Case("I001-not-in-images", {**interview("Q: A question?", "", "![A](https://x.org/a.png)",
                                            "", "![B](/abs/b.png)", "", "![C](pictures/c.png)",
                                            "", "A: Yes."), "pictures/c.png": PNG},
         ["ms/interview.md:5:1: error I001: image 'https://x.org/a.png' must be a relative "
          "path inside images/",
          "ms/interview.md:7:1: error I001: image '/abs/b.png' must be a relative path "
          "inside images/",
          "ms/interview.md:9:1: error I001: image 'pictures/c.png' must be a relative path "
          "inside images/"]),
    Case("I002-not-found", interview("Q: A question?", "", "![A](images/none.png)", "",
                                     "A: Yes."),
         ["ms/interview.md:5:1: error I002: image 'images/none.png' not found"]),
    Case("I003-dot-dot", {**interview("Q: A question?", "", "![A](images/../cover.png)", "",
                                      "A: Yes."), "cover.png": PNG},
         ["ms/interview.md:5:1: error I003: image 'images/../cover.png' leads outside the "
          "manuscript folder"]),
    Case("I003-symbolic-link", {**interview("Q: A question?", "", "![A](images/link.png)", "",
                                            "A: Yes."), "cover.png": PNG},
         ["ms/interview.md:5:1: error I003: image 'images/link.png' leads outside the "
          "manuscript folder"], links={"images/link.png": "../cover.png"}),
    Case("I004-not-alone", {**interview("Q: Look: ![A](images/a.png)", "",
                                        "## Title ![B](images/a.png)", "", "A: Yes."),
                            "images/a.png": PNG},
         ["ms/interview.md:3:10: error I004: an image must stand alone in its paragraph",
          "ms/interview.md:5:10: error I004: an image must stand alone in its paragraph"]),
    Case("I004-in-citation", {"book.toml": BOOK.replace(
        "\n[speakers.Q]", '\n[source]\ncitation = "![A](images/a.png)"\n\n[speakers.Q]'),
        "images/a.png": PNG},
         ["ms/book.toml:8:1: error I004: an image must stand alone in its paragraph"]),
    Case("I005-not-an-image-type", {**interview("Q: A question?", "", "![A](images/a.bmp)",
                                                "", "A: Yes."), "images/a.bmp": b"BM"},
         ["ms/interview.md:5:1: error I005: image 'images/a.bmp' is not a PNG, JPEG, GIF or "
          "SVG file"]),
    Case("I019-a-name-with-a-hash", {**interview("Q: A question?", "",
                                                 "![A](images/r%20ed#1.png)", "", "A: Yes."),
                                     "images/r%20ed#1.png": PNG},
         ["ms/interview.md:5:1: error I019: image 'images/r%20ed#1.png' has a '#', which "
          "starts the fragment of a link, not part of a file's name; a name that has one is "
          "written %23"]),
    Case("I020-a-name-an-epub-cannot-hold", {
        **interview("Q: A question?", "", "![A](images/r%2520ed%231%3F.png)", "", "A: Yes."),
        "images/r%20ed#1?.png": PNG},
         ["ms/interview.md:5:1: error I020: image 'images/r%2520ed%231%3F.png': the name "
          "'r%20ed#1?.png' has the character '?', which an EPUB may not hold in a file's name; "
          "rename the file"]),
    figure_case("I012-jpeg-named-png", "photo.png", JPEG,
                "I012: image 'images/photo.png' holds JPEG data but its name says PNG; "
                "rename it to end in .jpg"),
    figure_case("I012-png-named-svg", "drawing.svg", PNG,
                "I012: image 'images/drawing.svg' holds PNG data but its name says SVG; "
                "rename it to end in .png"),
    figure_case("I013-truncated-png", "cut.png", NOISE_PNG[: len(NOISE_PNG) // 2],
                "I013: image 'images/cut.png' cannot be read: its data is damaged "
                "(Truncated File Read)"),
    figure_case("I013-not-an-image", "text.jpg", "just some text\n",
                "I013: image 'images/text.jpg' cannot be read: it is not a JPEG image"),
    figure_case("I013-decompression-bomb", "bomb.png", _png_of(50_000, 50_000),
                "I013: image 'images/bomb.png' cannot be read: it is 50000 by 50000 pixels, "
                "over the limit of 40,000,000 pixels"),
    figure_case("I013-too-many-bytes", "huge.png", PNG + b"\0" * (32 * 1024 * 1024),
                "I013: image 'images/huge.png' cannot be read: it is 33,554,499 bytes, over "
                "the limit of 33,554,432 bytes"),
    figure_case("I013-svg-not-xml", "broken.svg", "<svg><g></svg>",
                "I013: image 'images/broken.svg' cannot be read: it is not an SVG document"),
    figure_case("I014-svg-script", "script.svg", svg("<script>alert(1)</script>"),
                "I014: image 'images/script.svg' is an SVG with a <script> element (line 1 of "
                "the SVG); an image may not run scripts or load other files"),
    figure_case("I014-svg-event-handler", "onload.svg",
                svg('<rect width="5" height="5" onload="alert(1)"/>'),
                "I014: image 'images/onload.svg' is an SVG with an event handler (onload=) "
                "(line 1 of the SVG); an image may not run scripts or load other files"),
    figure_case("I014-svg-file-reference", "file.svg",
                svg('<image xlink:href="file:///etc/passwd" width="5" height="5"/>'),
                "I014: image 'images/file.svg' is an SVG with a reference to "
                "'file:///etc/passwd' (line 1 of the SVG); an image may not run scripts or load "
                "other files"),
    figure_case("I014-svg-remote-reference", "remote.svg",
                svg('<image href="https://example.org/a.png" width="5" height="5"/>'),
                "I014: image 'images/remote.svg' is an SVG with a reference to "
                "'https://example.org/a.png' (line 1 of the SVG); an image may not run scripts "
                "or load other files"),
    figure_case("I014-svg-css-import", "css.svg",
                svg("<style>@import url(https://example.org/x.css);</style>"),
                "I014: image 'images/css.svg' is an SVG with a style sheet with an @import rule "
                "(line 1 of the SVG); an image may not run scripts or load other files"),
    figure_case("I014-svg-entities", "entities.svg",
                '<!DOCTYPE svg [<!ENTITY a "aaaaaaaa">]>\n' + svg("<desc>&a;</desc>"),
                "I014: image 'images/entities.svg' is an SVG with a document type declaration "
                "(it may define entities); an image may not run scripts or load other files"),
    Case("I015-image-in-a-note", {**interview("Q: A question?[^fig]", "", "A: Yes.", "",
                                              "[^fig]: See:", "", "    ![A](images/a.png)"),
                                  "images/a.png": PNG},
         ["ms/interview.md:9:5: error I015: an image cannot stand in a note; put it in a "
          "section"]),
    figure_case("I016-svg-text", "words.svg", svg('<text x="1" y="8">Zerkalo</text>'),
                "I016: image 'images/words.svg' is an SVG with text, which print cannot set "
                "in the book face; convert the text to paths"),
    # ------------------------------------------------------------ the cost of a book
    Case("N008-one-note-called-too-often",
         interview("Q: " + "Again.[^n] " * 21, "", "A: Yes.", "", "[^n]: The note."),
         ["ms/interview.md:3:230: error N008: note [^n] is called 21 times, over the limit "
          "of 20 calls of one note; this is the first call over it"]),
    Case("N009-too-many-note-calls",
         interview("Q: One.[^a] Two.[^b]", "", "A: Three.[^a]", "", "[^a]: A.", "", "[^b]: B."),
         ["ms/interview.md:5:10: error N009: the book has 3 note calls, over the limit of 2; "
          "this is the first call over it"], limits={"MAX_NOTE_CALLS": 2}),
    Case("L002-too-many-links",
         interview("Q: [One](https://example.org/1), [two](https://example.org/2).", "",
                   "A: [Three](mailto:a@example.org)."),
         ["ms/interview.md:5:4: error L002: the book has 3 links, over the limit of 2; this "
          "is the first link over it"], limits={"MAX_LINKS": 2}),
    Case("S008-too-much-inline-markup",
         interview("Q: *One* and [two]{lang=it}, `three`.", "", "A: **Four**."),
         ["ms/interview.md:5:4: error S008: the book has 4 pieces of inline markup (emphasis, "
          "strong, spans, code, links and note calls), over the limit of 3; the limit is "
          "crossed here: mark up less, or split the book into volumes"],
         limits={"MAX_INLINE_MARKUP": 3}),
    Case("S007-too-many-pages",
         interview(*["Q: " + "A question of some ten words, more or less. " * 5, ""] * 20,
                   "A: Yes."),
         ["ms/interview.md:17:1: error S007: the book comes to about 10 pages in print, over "
          "the limit of 8; the limit is crossed here: split the book into volumes"],
         limits={"MAX_PAGES": 8}),
    Case("I017-alt-text-to-write", {**interview("Q: A question?", "", "![TODO: describe this "
                                                "image](images/a.png)", "", "A: Yes."),
                                      "images/a.png": PNG},
         ["ms/interview.md:5:1: error I017: image 'images/a.png' has alt text still to write "
          "(TODO); describe what it shows"]),
    Case("I006-no-alt-text", {**interview("Q: A question?", "", "![](images/a.png)", "",
                                          "A: Yes."), "images/a.png": PNG},
         ["ms/interview.md:5:1: error I006: image 'images/a.png' needs alt text"]),
    Case("I001-cover-outside-images", {"book.toml": BOOK + COVER.format("c.png"), "c.png": PNG},
         ["ms/book.toml:20:10: error I001: image 'c.png' must be a relative path inside "
          "images/"]),
    Case("I002-cover-missing", {"book.toml": BOOK + COVER.format("images/c.jpg")},
         ["ms/book.toml:20:10: error I002: image 'images/c.jpg' not found"]),
    Case("I007-cover-svg", {"book.toml": BOOK + COVER.format("images/c.svg"),
                            "images/c.svg": '<svg xmlns="http://www.w3.org/2000/svg">'
                                            '<image href="file:///etc/passwd"/></svg>'},
         ["ms/book.toml:20:10: error I007: cover image 'images/c.svg' must be a JPEG or PNG "
          "file, not an SVG file"]),
    Case("I007-cover-png-named-jpeg", {"book.toml": BOOK + COVER.format("images/c.jpg"),
                                       "images/c.jpg": PNG},
         ["ms/book.toml:20:10: error I007: cover image 'images/c.jpg' must be a JPEG or PNG "
          "file, not a PNG file under a JPEG name"]),
    Case("I007-cover-not-an-image", {"book.toml": BOOK + COVER.format("images/c.png"),
                                     "images/c.png": b"GIF89a not really"},
         ["ms/book.toml:20:10: error I007: cover image 'images/c.png' must be a JPEG or PNG "
          "file, not a file of another kind"]),
    Case("I008-cover-unreadable", {"book.toml": BOOK + COVER.format("images/c.png"),
                                   "images/c.png": PNG},
         ["ms/book.toml:20:10: error I008: cover image 'images/c.png' cannot be read: "
          "Permission denied"], unreadable="images/c.png"),
    Case("I009-cover-too-small", {"book.toml": BOOK + COVER.format("images/c.png"),
                                  "images/c.png": PNG},
         ["ms/book.toml:20:10: warning I009: cover image 'images/c.png' is 1\u00d71 pixels; "
          "Apple Books and Kobo ask for at least 1400 pixels on the short side "
          "(1600\u00d72560 is best)"]),
    # ------------------------------------------------------------ citations
    Case("K001-unknown-key", {**prose(CITING + WORKS_CITED, "# Text\n\nAs [@tarkovski1986, "
                                      "p. 63] says, and @nobody.\n"), "refs.json": REFS},
         ["ms/text.md:3:4: error K001: no work in the bibliography has the key "
          "'@tarkovski1986'; did you mean '@tarkovsky1986'?",
          "ms/text.md:3:38: error K001: no work in the bibliography has the key '@nobody'"]),
    Case("K002-json", {**prose(CITING, CITES),
                       "refs.json": '[\n  {"id": "a", "type": "book"\n  {"id": "b"}\n]\n'},
         ["ms/refs.json:3:3: error K002: the bibliography 'ms/refs.json' is not valid "
          "CSL-JSON: Expecting ',' delimiter"]),
    Case("K002-bibtex", {**prose(CITING.replace("refs.json", "refs.bib"), CITES),
                         "refs.bib": "@book{tarkovsky1986,\n  title = {Sculpting},\n"
                                     "  year = 1986\n}\n\n@book{broken,\n"
                                     "  title = {Not closed,\n"},
         ["ms/refs.bib:6:1: error K002: the bibliography 'ms/refs.bib' is not valid BibTeX: an "
          "entry that does not parse (a brace or a quote not closed, a comma missing): "
          "@book{broken,"]),
    Case("K003-no-style", {**prose(CITING.replace("\n\n[[sections]]",
                                                  '\ncsl = "chicago-author-dat"\n\n'
                                                  '[[sections]]') + WORKS_CITED, CITES),
                           "refs.json": REFS},
         ["ms/book.toml:7:8: error K003: the citation style 'chicago-author-dat' is not a style "
         "tarkbook ships, nor a .csl file of the book; did you mean 'chicago-author-date'?"]),
    Case("K004-not-csl", {**prose(CITING.replace("\n\n[[sections]]",
                                                 '\ncsl = "mine.csl"\n\n[[sections]]'), CITES),
                          "refs.json": REFS, "mine.csl": "<style>\n<citation>\n</style>\n"},
         ["ms/mine.csl:3:9: error K004: the citation style 'ms/mine.csl' is not a CSL style: "
          "Opening and ending tag mismatch: citation line 2 and style"]),
    Case("K005-no-bibliography", interview("Q: As [@tarkovsky1986] says?", "",
                                           "A: Mail me@example.org or @me."),
         ["ms/interview.md:3:7: warning K005: '[@tarkovsky1986]' is written as a citation, but the "
          "book names no bibliography (bibliography = \"references.json\" in [book]); it is "
          "printed as it is"]),
    Case("K006-works-cited-without-bibliography", prose(PROSE + WORKS_CITED),
         ["ms/book.toml:11:1: error K006: a section of kind bibliography without a file lists "
          "the works cited, and the book names no bibliography (bibliography = "
          "\"references.json\" in [book])"]),
    Case("K007-a-key-twice", {**prose(CITING + WORKS_CITED, CITES),
                              "refs.json": REFS.replace("]\n", ',\n  {"id": "Tarkovsky1986", '
                                                        '"type": "book"}\n]\n')},
         ["ms/refs.json:6:4: error K007: the key 'Tarkovsky1986' is given twice in the "
          "bibliography (first at ms/refs.json:2:4); keys are compared without case"]),
    Case("K008-not-a-bibliography", prose(CITING.replace("refs.json", "refs.txt"), CITES),
         ["ms/book.toml:6:17: error K008: the bibliography 'refs.txt' must be a .json "
          "(CSL-JSON) or .bib (BibTeX) file in the manuscript folder",
          "ms/text.md:3:4: warning K005: '[@tarkovsky1986, p. 63]' is written as a citation, "
          "but the book names no bibliography (bibliography = \"references.json\" in [book]); "
          "it is printed as it is"]),
    Case("K009-nowhere-to-list", {"book.toml": BOOK.replace(
        'date = "2026-11-25"\n', 'date = "2026-11-25"\nbibliography = "refs.json"\n'),
        **interview("Q: As [@tarkovsky1986, p. 63] says?", "", "A: Yes."), "refs.json": REFS},
         ["ms/book.toml:6:17: warning K009: the book cites works but has no section of kind "
          "bibliography to list them in; add one ([[sections]] kind = \"bibliography\", with "
          "or without a file)"]),
]


def _setup(tmp_path: Path, case: Case, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "ms"
    if case.folder == "missing":
        return
    if case.folder == "file":
        folder.write_text("not a folder\n", "utf-8")
        return
    for name, value in case.limits.items():
        monkeypatch.setattr(limits, name, value)
    if case.folder == "loop":
        os.symlink("ms", folder)
        return
    files: dict[str, str | bytes | None] = {"book.toml": BOOK, "interview.md": INTERVIEW}
    files.update(case.files)
    write_files(folder, files)
    for name, target in case.links.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        os.symlink(target, folder / name)
    if case.unreadable is not None:
        unreadable = (folder / case.unreadable).resolve()
        open_file = os.open

        def refuse(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
            """Opening the file fails as for a user without the right to read it (root
            may read every file)."""
            if Path(path).resolve() == unreadable:
                raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
            return open_file(path, flags, *args, **kwargs)

        monkeypatch.setattr(os, "open", refuse)


def summary(lines: list[str]) -> str:
    errors = sum(1 for line in lines if ": error " in line)
    return f"{errors} error(s), {len(lines) - errors} warning(s)"


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_check_prints_exact_diagnostics(
    case: Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _setup(tmp_path, case, monkeypatch)
    status = main(["check", "ms"])  # an exception here (a traceback) fails the test
    out, err = capsys.readouterr()
    assert err.splitlines() == [*case.expected, summary(case.expected)]
    warnings_only = all(": warning " in line for line in case.expected)
    assert status == (0 if warnings_only else 1)
    assert out == ("ms: 1 sections, 2 interview turns, 0 notes: ok\n" if warnings_only else "")


BAD_CASES = [case for case in CASES if any(": error " in line for line in case.expected)]
STYLES = THEME


@pytest.mark.parametrize("case", BAD_CASES, ids=[case.id for case in BAD_CASES])
def test_a_build_of_a_bad_manuscript_keeps_the_last_good_editions(
    case: Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _setup(tmp_path, case, monkeypatch)
    out = tmp_path / "build"
    out.mkdir()
    good = {"t.epub": b"the last good EPUB", "t.pdf": b"the last good PDF"}
    for name, data in good.items():
        (out / name).write_bytes(data)
    status = main(["build", "ms", "--out", "build", "--styles", str(STYLES)])
    out_text, err = capsys.readouterr()
    assert status == 1
    assert err.splitlines() == [*case.expected, summary(case.expected),
                                "tarkbook: the build stopped; nothing was written"]
    assert {p.name: p.read_bytes() for p in out.iterdir()} == good
    assert out_text == ""


def test_expected_lines_are_well_formed_and_sorted() -> None:
    shape = re.compile(r"^(ms(/[\w./-]+)?):(\d+):(\d+): (error|warning) ([A-Z]\d{3}): .+$")
    for case in CASES:
        keys = []
        for line in case.expected:
            match = shape.match(line)
            assert match, line
            code = match[6]
            assert CATALOGUE[code].severity.value == match[5], line
            keys.append((match[1], int(match[3]), int(match[4]), code))
        assert keys == sorted(keys), case.id


LAYOUT_CODES = {"N007", "F009", "I018"}
"""Found only when the print edition is laid out (test_editorial_notes.py), only with
a slow reading (test_a_reading_past_its_time_limit_is_stopped), or only when the wrap
cover is made (test_print_shop.py)."""


def test_every_catalogued_code_has_a_case() -> None:
    covered = {line.split(": ")[1].split()[1] for case in CASES for line in case.expected}
    assert sorted(set(CATALOGUE) - covered - LAYOUT_CODES) == []
    assert sorted(covered - set(CATALOGUE)) == []


def test_the_only_warnings_are_these() -> None:
    warnings = [code for code, entry in CATALOGUE.items() if entry.severity is Severity.WARNING]
    assert warnings == ["C011", "T003", "T005", "N007", "Q001", "X006", "I009", "I018", "K005",
                        "K009"]


def test_character_problems_are_capped_per_file(
    make_manuscript, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    folder = make_manuscript({
        "book.toml": BOOK, "interview.md": "# Interview\n\nQ: " + "\x01" * 150 + "\n\nA: Yes.\n",
    })
    monkeypatch.chdir(folder.parent)
    assert main(["check", "ms"]) == 1
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 101
    assert lines[0] == "ms/interview.md:3:4: error F006: character U+0001 is not allowed in a " \
                       "manuscript"
    assert lines[99].startswith("ms/interview.md:3:103: error F006:")
    assert lines[100] == "100 error(s), 0 warning(s)"



def test_a_reading_past_its_time_limit_is_stopped(
    make_manuscript, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    from tarkbook.manuscript import limits

    monkeypatch.setattr(limits, "MAX_READ_SECONDS", 0.05)
    folder = make_manuscript({
        "book.toml": BOOK,
        "interview.md": "# Interview\n\n" + ("Q: " + "[a " * 20_000 + "\n\n") * 20,
    })
    monkeypatch.chdir(folder.parent)
    assert main(["check", folder.name]) == 1
    assert capsys.readouterr().err.splitlines() == [
        f"{folder.name}/interview.md:1:1: error F009: reading this file took more than "
        "0.05 s of processor time and was stopped; look for long runs of brackets, "
        "asterisks or other markup",
        "1 error(s), 0 warning(s)",
    ]

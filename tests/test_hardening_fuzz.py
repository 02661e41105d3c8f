"""Random input through the command line: ``tarkbook check`` and ``tarkbook build --format
epub`` on random bytes, random TOML and random Unicode (every C0 and C1 control, the
bidirectional controls, noncharacters).

Whatever the input: the exit status is 0 or 1, nothing raises (no traceback), stdout and
stderr hold no raw control character, check and build agree, and an EPUB written with
exit status 0 is well-formed and accepted by EPUBCheck (no fatal error, no error).

Profiles: ``hardening-fuzz-ci`` (derandomized) when the environment variable CI is set,
``hardening-fuzz-default`` otherwise; few examples each, since every build starts an
edition process and every EPUB written goes through EPUBCheck (a Java start each).
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import tempfile
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from lxml import etree

from conftest import write_files
from epub_support import STYLES, epubcheck, strict_parser
from tarkbook.cli import main

settings.register_profile(
    "hardening-fuzz-ci", derandomize=True, print_blob=True, max_examples=6, deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
settings.register_profile(
    "hardening-fuzz-default", max_examples=8, deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
PROFILE = settings.get_profile(
    "hardening-fuzz-ci" if "CI" in os.environ else "hardening-fuzz-default"
)
# Random Unicode builds an EPUB most often, and each goes through EPUBCheck: fewer examples.
UNICODE_PROFILE = settings(PROFILE, max_examples=PROFILE.max_examples - 2)

BOOK = """\
[book]
title = {title}
language = "en"
identifier = "urn:x-fuzz"
date = "2026-11-25"
description = {description}

[speakers.Q]
name = "Interviewer"

[[sections]]
kind = "interview"
file = "interview.md"
"""
INTERVIEW = "# Interview\n\nQ: {text}\n"

# Every C0 and C1 control, DEL, the bidirectional controls, noncharacters and the last
# code point, among ordinary letters and marks.
SPECIALS = (
    [chr(c) for c in range(0x20)] + [chr(c) for c in range(0x7F, 0xA0)]
    + [chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x061C, 0x200E,
                        0x200F, 0x2028, 0x2029, 0x200B, 0xFEFF)]
    + [chr(c) for c in (0xFDD0, 0xFDEF, 0xFFFE, 0xFFFF, 0x1FFFE, 0x10FFFF)]
)
CHARACTER = st.one_of(
    st.sampled_from(SPECIALS),
    st.characters(exclude_categories=("Cs",)),
    st.sampled_from(list("aZ é—*[]{}<>&#\\\"'")),
)
UNICODE = st.text(CHARACTER, min_size=1, max_size=30)
# What a manuscript may hold: no C0 or C1 control but tab and newline, no XML
# non-character; the bidirectional controls and the noncharacters of other planes remain.
ALLOWED = re.compile("[^\x00-\x08\x0b-\x1f\x7f-\x9f\ufdd0-\ufdef\ufffe\uffff]")
ALLOWED_UNICODE = st.text(CHARACTER.filter(ALLOWED.fullmatch), min_size=1, max_size=30).filter(
    lambda text: any(c.isalnum() for c in text))

# What a terminal acts on: nothing of this may reach stdout or stderr raw.
RAW_CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029"
                         "\u202a-\u202e\u2066-\u2069]")


def toml_string(text: str) -> str:
    """``text`` as a TOML basic string: every control character written as an escape."""
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


TOML_VALUE = st.recursive(
    st.one_of(UNICODE.map(toml_string), st.integers().map(str), st.booleans().map(
        lambda b: "true" if b else "false"), st.sampled_from(['"A5"', '"1pt 1pt"', '"en\\n"'])),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3).map(lambda items: "[" + ", ".join(items) + "]"),
        st.dictionaries(st.sampled_from(["a", "b", '"\\u001b"']), inner, max_size=2).map(
            lambda table: "{" + ", ".join(f"{k} = {v}" for k, v in table.items()) + "}")),
    max_leaves=6,
)
TOML_KEY = st.sampled_from(["title", "subtitle", "language", "page_size", "publisher",
                            "rights", '"\\u001b[2J"', "subjects", "imprint", "name"])
TOML_TABLE = st.sampled_from(["book", "print", "notes", "source", "speakers.Q", "extra"])


@st.composite
def random_toml(draw: st.DrawFn) -> dict[str, str | bytes]:
    """A valid book.toml with random keys and values added to random tables (TOML allows
    a table to be continued only where it is declared: the additions go in new tables)."""
    book = BOOK.format(title='"T"', description='"D"')
    extra = draw(st.lists(st.tuples(TOML_TABLE, TOML_KEY, TOML_VALUE), max_size=3))
    for table, key, value in extra:
        header = f"[{table}]"
        if header in book:
            book = book.replace(header, f"{header}\n{key} = {value}", 1)
        else:
            book += f"\n{header}\n{key} = {value}\n"
    return {"book.toml": book, "interview.md": INTERVIEW.format(text="Yes.")}


@st.composite
def random_unicode(draw: st.DrawFn) -> dict[str, str | bytes]:
    """Random Unicode in the title and description (as TOML escapes or raw) and in the text:
    any character, or only those a manuscript may hold (so that some books are built)."""
    strings = ALLOWED_UNICODE if draw(st.booleans()) else UNICODE
    title, description, text = draw(strings), draw(strings), draw(strings)
    raw = draw(st.booleans())
    quote = (lambda s: '"' + s.replace("\\", "").replace('"', "") + '"') if raw else toml_string
    return {"book.toml": BOOK.format(title=quote(title), description=quote(description)),
            "interview.md": INTERVIEW.format(text=text)}


@st.composite
def random_bytes(draw: st.DrawFn) -> dict[str, str | bytes]:
    data = draw(st.binary(max_size=200))
    files: dict[str, str | bytes] = {
        "book.toml": BOOK.format(title='"T"', description='"D"'),
        "interview.md": INTERVIEW.format(text="Yes."),
    }
    files[draw(st.sampled_from(["book.toml", "interview.md"]))] = data
    return files


_CHECKED: dict[str, list[str]] = {}


def _epubcheck_problems(epub: Path, report: Path) -> list[str]:
    """EPUBCheck's fatal errors and errors on ``epub`` (once for the same bytes)."""
    digest = hashlib.sha256(epub.read_bytes()).hexdigest()
    if digest not in _CHECKED:
        result = epubcheck(epub, report)
        _CHECKED[digest] = [f"{m['severity']} {m['ID']}: {m['message']}"
                            for m in result["messages"] if m["severity"] in ("FATAL", "ERROR")]
    return _CHECKED[digest]


def _run(argv: list[str], capfd: pytest.CaptureFixture[str]) -> tuple[int, str]:
    status = main(argv)  # an exception here is a traceback: the test fails
    out, err = capfd.readouterr()
    for name, text in (("stdout", out), ("stderr", err)):
        raw = RAW_CONTROL.search(text)
        assert raw is None, f"raw U+{ord(raw.group()):04X} on {name}: {text!r}"
    assert "Traceback" not in out + err
    assert status in (0, 1), (status, err)
    return status, err


def _through_the_cli(files: dict[str, str | bytes], capfd: pytest.CaptureFixture[str]) -> None:
    with tempfile.TemporaryDirectory() as temporary:
        root = Path(temporary)
        write_files(root / "ms", files)
        checked, found = _run(["check", str(root / "ms")], capfd)
        built, err = _run(["build", str(root / "ms"), "--format", "epub", "--out",
                           str(root / "out"), "--styles", str(STYLES)], capfd)
        if checked and not built:  # check also answers for print: a glyph no face has
            errors = [line for line in found.splitlines() if ": error " in line]
            assert errors and all(" error G001: " in line for line in errors), found
        else:
            assert built == checked, err  # what the EPUB refuses, check finds first
        if built != 0:
            assert "nothing was written" in err
            return
        (epub,) = (root / "out").glob("*.epub")
        with zipfile.ZipFile(io.BytesIO(epub.read_bytes())) as archive:
            for name in archive.namelist():
                if name.endswith((".xhtml", ".opf", ".ncx", ".xml")):
                    etree.fromstring(archive.read(name), strict_parser())
        assert _epubcheck_problems(epub, root / "report.json") == []


def _files(book: str = BOOK.format(title='"T"', description='"D"'),
           interview: str | bytes = INTERVIEW.format(text="Yes.")) -> dict[str, str | bytes]:
    return {"book.toml": book, "interview.md": interview}


@PROFILE
@given(files=random_bytes())
@example(files=_files(book="[book]\ntitle = " + "[" * 1000))
@example(files=_files(interview=b"# I\n\nQ: \x1b[2J\x07\xc2\x85\n"))
def test_random_bytes(files: dict[str, str | bytes], capfd: pytest.CaptureFixture[str]) -> None:
    _through_the_cli(files, capfd)


@PROFILE
@given(files=random_toml())
@example(files=_files(book=BOOK.format(title='"T"', description='"D"').replace(
    "[book]", '[book]\n"\\u001b]0;owned\\u0007" = 1')))
@example(files=_files(book=BOOK.format(title='"T"', description='"D"')
                      + '\n[print]\npage_size = "1pt 1pt"\n'))
def test_random_toml(files: dict[str, str | bytes], capfd: pytest.CaptureFixture[str]) -> None:
    _through_the_cli(files, capfd)


@UNICODE_PROFILE
@given(files=random_unicode())
@example(files=_files(book=BOOK.format(title='"A\\u0000B"', description='"D\\f\\u0085"')))
@example(files=_files(book=BOOK.format(title='"\u202eAB\u2066\U0001fffe"',
                                       description='"\\u200f\\U0010FFFF"'),
                      interview=INTERVIEW.format(text="\u202e\u2067ab\U0001fffe")))
def test_random_unicode(files: dict[str, str | bytes],
                        capfd: pytest.CaptureFixture[str]) -> None:
    _through_the_cli(files, capfd)

"""The real book: manuscript/ reads cleanly and says, word for word, what its source says.

The source is sources/tarkovsky-stockholm-1985.txt, the text as published online. The book's
introduction, interview and references, without markup, note calls and speaker keys, must be
the source's words without its speaker labels and without the furniture of the web page.
"""

# The source and the book are typeset: curly quotes and dashes are meant.
# ruff: noqa: RUF001

from __future__ import annotations

import re
from pathlib import Path

import pytest

from plaintext import plain_text, words
from tarkbook.manuscript import read_manuscript
from tarkbook.model import Book, InterviewSection, Turn

ROOT = Path(__file__).resolve().parent.parent
MANUSCRIPT = ROOT / "manuscript"
SOURCE = ROOT / "sources" / "tarkovsky-stockholm-1985.txt"

# The speaker labels of the source, which vary: they open a line.
SOURCE_LABEL = re.compile(r"^(Q:|Q\.|Andrei Tarkovsky:|Andrei Tarkovsky –)(?=\s)")

# Lines of the web page that are not the text: a link, two captions of photographs we do not
# have, and the links to other articles at the end (the references keep their citation).
FURNITURE = (
    "Related Read: Every Andrei Tarkovsky Film Ranked",
    "Maria Tarkovskaya, Andrei Tarkovsky’s mother, 1932.",
    "Margarita Terekhova in Andrei Tarkovsky’s The Mirror (1975)",
    "Reference:",
    "Read More on Andrei Tarkovsky;",
    "ANDREI TARKOVSKY AS AN EXISTENTIALIST CINEMATIC PHILOSOPHER",
    "NOSTALGHIA REVIEW [1983]: A SPIRITUAL SPACE LOOSELY SUSPENDED IN TIME",
)

# The interview's turns: who speaks, and the first words (as in the manuscript).
TURNS = [
    ("Q", "In Mirror you have presented us your biography."),
    ("TARKOVSKY", "Cinema in general always creates a possibility"),
    ("Q", "“Sophisticated”…"),
    ("TARKOVSKY", "Yes. In Italy they say cervellotico,"),
    ("Q", "Just like the structure of dreams or reminiscences."),
    ("TARKOVSKY", "Right. This is not a regular retrospection."),
    ("Q", "Not everything in life is understandable and clear…"),
    ("TARKOVSKY", "No, for me it is — how"),
    ("Q", "When we talked about your heroes we called them"),
    ("TARKOVSKY", "Hmm. It’s difficult to call this a question,"),
    ("Q", "Of course."),
    ("TARKOVSKY", "That’s why I always thought it important"),
    ("Q", "In Stalker, for example…"),
    ("TARKOVSKY", "Always, under all circumstances. And in Stalker?"),
    ("Q", "Salvation."),
    ("TARKOVSKY", "Salvation. This is what Dostoyevsky had been"),
    ("Q", "In Demons…"),
    ("TARKOVSKY", "In Demons and in The Brothers Karamazov."),
    ("Q", "That’s Demons."),
    ("TARKOVSKY", "Yes, that’s Demons. But in The Brothers Karamazov,"),
]


@pytest.fixture(scope="module")
def book() -> Book:
    reading = read_manuscript(MANUSCRIPT)
    assert [str(d) for d in reading.diagnostics] == []
    assert reading.book is not None
    return reading.book


def interview(book: Book) -> InterviewSection:
    (section,) = [s for s in book.sections if isinstance(s, InterviewSection)]
    return section


def book_words(book: Book) -> list[str]:
    kept = [s for s in book.sections if s.kind in ("introduction", "interview", "references")]
    assert [s.kind for s in kept] == ["introduction", "interview", "references"]
    return words(plain_text(tuple(kept), titles=False))


def source_words() -> list[str]:
    lines = SOURCE.read_text("utf-8").split("\n")
    for furniture in FURNITURE:
        assert lines.count(furniture) == 1, furniture  # still there to be taken out
    kept = [SOURCE_LABEL.sub("", line) for line in lines if line not in FURNITURE]
    return words("\n".join(kept))


def first_difference(got: list[str], want: list[str]) -> str:
    index = next(
        (i for i, (a, b) in enumerate(zip(got, want, strict=False)) if a != b),
        min(len(got), len(want)),
    )
    start = max(0, index - 8)
    return (
        f"first difference at word {index}:\n"
        f"  book:   … {' '.join(got[start:index + 8])}\n"
        f"  source: … {' '.join(want[start:index + 8])}\n"
        f"  ({len(got)} words in the book, {len(want)} in the source)"
    )


def test_the_manuscript_has_no_diagnostics(book: Book) -> None:
    assert [s.ident for s in book.sections] == [
        "introduction", "note-on-the-text", "interview", "references", "films", "index",
    ]
    assert len(book.notes) == 46
    assert [n.number for n in book.notes] == list(range(1, 47))


def test_every_turn_has_its_speaker(book: Book) -> None:
    body = interview(book).body
    assert all(isinstance(item, Turn) for item in body)
    turns = [item for item in body if isinstance(item, Turn)]
    assert [turn.speaker for turn in turns] == ["Q", "TARKOVSKY"] * 10
    assert not any(turn.continued for turn in turns)
    got = [
        (turn.speaker, " ".join(words(plain_text(turn))[: len(first.split())]))
        for turn, (_, first) in zip(turns, TURNS, strict=True)
    ]
    assert got == TURNS


def test_speaker_labels_are_declared(book: Book) -> None:
    assert [(s.key, s.label, s.role) for s in book.speakers] == [
        ("Q", "Q", "interviewer"), ("TARKOVSKY", "Tarkovsky", "interviewee"),
    ]


def test_no_speaker_label_is_left_in_the_text(book: Book) -> None:
    text = plain_text(interview(book), titles=False)
    for label in ("Q:", "TARKOVSKY:", "Andrei Tarkovsky:", "Andrei Tarkovsky –"):
        assert label not in text


def test_the_words_are_the_words_of_the_source(book: Book) -> None:
    got, want = book_words(book), source_words()
    assert got == want, first_difference(got, want)


def test_the_source_labels_are_all_recognised() -> None:
    # Every paragraph of the interview in the source that names its speaker uses one of the
    # four label forms; a new form would leave a label among the words.
    lines = SOURCE.read_text("utf-8").split("\n")
    labelled = [line for line in lines if SOURCE_LABEL.match(line)]
    assert len(labelled) == 9
    assert not [line for line in lines if re.match(r"^(Q|Andrei Tarkovsky)\s*[:.–]", line)
                and not SOURCE_LABEL.match(line)]

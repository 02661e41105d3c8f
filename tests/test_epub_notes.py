"""Pop-up footnotes: every call resolves to its note, every note links back to each call."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from epub_support import EPUB_TYPE, FIXTURE_MANUSCRIPT, MANUSCRIPT, NS, Built, built_once

MANUSCRIPTS = pytest.mark.parametrize(
    "manuscript", [MANUSCRIPT, FIXTURE_MANUSCRIPT], ids=["book", "fixture"]
)


def _target(epub: Built, here: str, href: str) -> tuple[str, str]:
    document, _, fragment = href.rpartition("#")
    return (document or here), fragment


def _by_id(epub: Built) -> dict[tuple[str, str], Any]:
    return {(name, element.get("id")): element
            for name in epub.documents() for element in epub.xml(name).iter()
            if element.get("id") is not None}


def _calls(epub: Built) -> list[tuple[str, Any]]:
    return [(name, call) for name in epub.documents()
            for call in epub.xml(name).iterfind(".//x:a[@role='doc-noteref']", NS)]


@MANUSCRIPTS
def test_every_call_resolves_and_every_note_links_back(
    manuscript: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    epub = built_once(manuscript, tmp_path_factory)
    ids = _by_id(epub)
    backlinks_to: dict[tuple[str, str], int] = {}
    for name in epub.documents():
        for note in epub.xml(name).iterfind(".//x:aside[@role='doc-footnote']", NS):
            for link in note.iterfind(".//x:a[@role='doc-backlink']", NS):
                target = _target(epub, name, link.get("href"))
                backlinks_to[target] = backlinks_to.get(target, 0) + 1
    calls = _calls(epub)
    assert len(calls) >= len(epub.book.notes)
    for name, call in calls:
        assert call.get(EPUB_TYPE) == "noteref"
        assert len(call) == 0, "no <sup> or other element inside a call"
        note = ids[_target(epub, name, call.get("href"))]
        assert note.tag == f"{{{NS['x']}}}aside"
        assert (note.get(EPUB_TYPE), note.get("role")) == ("footnote", "doc-footnote")
        assert note.get("id") == f"note-{call.text}"
        assert backlinks_to.pop((name, call.get("id"))) == 1, "one backlink for each call"
    assert backlinks_to == {}, "every backlink leads to a call"


@MANUSCRIPTS
def test_note_numbers_are_the_books(
    manuscript: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    epub = built_once(manuscript, tmp_path_factory)
    first_seen: list[int] = []
    for _, call in _calls(epub):
        if int(call.text) not in first_seen:
            first_seen.append(int(call.text))
    assert first_seen == [note.number for note in epub.book.notes]
    assert first_seen == list(range(1, len(epub.book.notes) + 1))
    notes = [note for name in epub.documents()
             for note in epub.xml(name).iterfind(".//x:aside[@role='doc-footnote']", NS)]
    assert [n.get("id") for n in notes] == [f"note-{k}" for k in first_seen]


@MANUSCRIPTS
def test_notes_stand_at_the_end_of_their_section(
    manuscript: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    epub = built_once(manuscript, tmp_path_factory)
    for name in epub.documents():
        section = epub.xml(name).find(".//x:body/x:section", NS)
        if section is None:  # the navigation document
            continue
        children = [child.tag.split("}")[1] for child in section]
        if "aside" in children:
            first = children.index("aside")
            assert set(children[first:]) == {"aside"}, name


def test_a_note_called_three_times_gets_three_ids_and_three_backlinks(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    epub = built_once(FIXTURE_MANUSCRIPT, tmp_path_factory)
    number = epub.book.note_number("twice")
    ids = sorted(call.get("id") for _, call in _calls(epub) if call.text == str(number))
    assert ids == [f"noteref-{number}", f"noteref-{number}-2", f"noteref-{number}-3"]
    note = epub.xml("introduction.xhtml").find(f".//x:aside[@id='note-{number}']", NS)
    hrefs = [a.get("href") for a in note.iterfind(".//x:a[@role='doc-backlink']", NS)]
    assert hrefs == [f"#noteref-{number}", f"interview.xhtml#noteref-{number}-2",
                     f"afterword.xhtml#noteref-{number}-3"]


def test_a_note_called_from_the_front_matter_stands_in_the_imprint(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    epub = built_once(FIXTURE_MANUSCRIPT, tmp_path_factory)
    imprint = epub.xml("imprint.xhtml")
    assert epub.book.note_number("source") == 1
    assert imprint.find(".//x:aside[@id='note-1']", NS) is not None
    assert imprint.find(".//x:a[@id='noteref-1']", NS).get("href") == "#note-1"

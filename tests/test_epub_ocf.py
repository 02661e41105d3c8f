"""The OCF container byte by byte, reproducible builds and the atomic write of the EPUB."""

from __future__ import annotations

import io
import struct
import zipfile
from pathlib import Path

import pytest

from epub_support import (
    FIXTURE_MANUSCRIPT,
    MANUSCRIPT,
    STYLES,
    Built,
    build_epub,
    built_once,
)
from tarkbook.build import EditionFailed, OutputError, StylesError, build
from tarkbook.epub import content as epub_content
from tarkbook.epub.ocf import pack


@pytest.fixture(scope="session")
def book_epub(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return built_once(MANUSCRIPT, tmp_path_factory)


def test_mimetype_is_the_first_entry_stored_without_extra_field(book_epub: Built) -> None:
    data = book_epub.data
    assert data[:4] == b"PK\x03\x04"
    (_version, flags, method, _time, _date, _crc, compressed, size, name_length,
     extra_length) = struct.unpack("<HHHHHIIIHH", data[4:30])
    assert (flags, method, extra_length) == (0, 0, 0)
    assert compressed == size == 20
    assert data[30:30 + name_length] == b"mimetype"
    assert data[38:58] == b"application/epub+zip"
    assert data[58:62] == b"PK\x03\x04"  # the next entry follows at once


def test_central_directory_lists_mimetype_first_and_stored(book_epub: Built) -> None:
    with zipfile.ZipFile(io.BytesIO(book_epub.data)) as archive:
        infos = archive.infolist()
        assert archive.testzip() is None
    first = infos[0]
    assert (first.filename, first.compress_type, first.extra) == ("mimetype", 0, b"")
    assert first.header_offset == 0
    names = [info.filename for info in infos]
    assert len(names) == len(set(names))
    assert names[1:3] == ["META-INF/container.xml", "EPUB/package.opf"]


def test_every_entry_has_the_edition_date_and_plain_permissions(book_epub: Built) -> None:
    with zipfile.ZipFile(io.BytesIO(book_epub.data)) as archive:
        for info in archive.infolist():
            assert info.date_time == (2026, 11, 30, 0, 0, 0), info.filename
            assert info.external_attr >> 16 == 0o100644, info.filename
            assert info.extra == b"", info.filename
            assert info.flag_bits & 0x08 == 0, info.filename  # no data descriptor


def test_container_points_at_the_package_document(book_epub: Built) -> None:
    container = book_epub.xml("META-INF/container.xml")
    rootfile = container.find(".//{urn:oasis:names:tc:opendocument:xmlns:container}rootfile")
    assert rootfile.get("full-path") == "EPUB/package.opf"
    assert rootfile.get("media-type") == "application/oebps-package+xml"


@pytest.mark.parametrize("manuscript", [MANUSCRIPT, FIXTURE_MANUSCRIPT], ids=["book", "fixture"])
def test_two_builds_are_byte_identical(manuscript: Path, tmp_path: Path) -> None:
    first = build_epub(manuscript, tmp_path / "one").data
    second = build_epub(manuscript, tmp_path / "two").data
    assert first == second


def test_pack_dates_outside_the_zip_range_are_clamped() -> None:
    import datetime

    for date, stamp in [(datetime.date(1970, 5, 1), (1980, 1, 1, 0, 0, 0)),
                        (datetime.date(2200, 5, 1), (2107, 12, 31, 0, 0, 0))]:
        data = pack([("EPUB/a.txt", b"a")], date)
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            assert {info.date_time for info in archive.infolist()} == {stamp}


def test_a_failed_build_leaves_the_previous_epub_untouched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "build"
    previous = build_epub(FIXTURE_MANUSCRIPT, out)
    before = previous.data

    def broken(*_args: object) -> object:
        raise RuntimeError("the renderer broke half way")

    monkeypatch.setattr(epub_content, "_render_page", broken)
    files = sorted(p.name for p in out.iterdir())
    with pytest.raises(EditionFailed, match="the renderer broke half way"):
        build(FIXTURE_MANUSCRIPT, out, ["epub"], STYLES, reuse=False)
    assert previous.path.read_bytes() == before
    assert sorted(p.name for p in out.iterdir()) == files


def test_a_missing_styles_folder_stops_the_build_and_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "build"
    with pytest.raises(StylesError, match=r"^--styles .*no-styles: there is no such folder$"):
        build(FIXTURE_MANUSCRIPT, out, ["epub"], tmp_path / "no-styles")
    assert not out.exists() or not any(out.iterdir())


def test_an_interrupted_write_leaves_the_previous_epub_untouched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "build"
    previous = build_epub(FIXTURE_MANUSCRIPT, out)
    before = previous.data

    def no_room(_src: object, _dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("tarkbook.build.output.os.replace", no_room)
    files = sorted(p.name for p in out.iterdir())
    with pytest.raises(OutputError, match="No space left on device"):
        build(FIXTURE_MANUSCRIPT, out, ["epub"], STYLES, reuse=False)
    assert previous.path.read_bytes() == before
    assert sorted(p.name for p in out.iterdir()) == files

"""The URL fetcher of the print edition reads allowed local files and refuses all else."""

from __future__ import annotations

from pathlib import Path

import pytest

from tarkbook.pdf.fetcher import FetchRefused, FolderFetcher


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    allowed = tmp_path / "manuscript"
    (allowed / "images").mkdir(parents=True)
    (allowed / "images" / "a.png").write_bytes(b"\x89PNG fake")
    (allowed / "style.css").write_text("p { color: black }")
    (tmp_path / "secret.txt").write_text("secret")
    return allowed


@pytest.fixture
def fetcher(folder: Path) -> FolderFetcher:
    return FolderFetcher({"manuscript": folder})


def test_the_folder_is_seen_under_a_url_that_does_not_depend_on_its_place(
    fetcher: FolderFetcher, folder: Path
) -> None:
    url = FolderFetcher.url("manuscript", "images/a.png")
    assert url == "file:///book/manuscript/images/a.png"
    assert str(folder) not in url
    response = fetcher.fetch(url)
    assert response.read() == b"\x89PNG fake"
    assert response.content_type == "image/png"
    assert fetcher.fetch(FolderFetcher.url("manuscript", "style.css")).content_type == "text/css"


@pytest.mark.parametrize("url", [
    "http://example.com/font.otf",
    "https://example.com/style.css",
    "ftp://example.com/file",
    "data:text/css,p%7Bcolor:red%7D",
    "file://otherhost/book/manuscript/style.css",
])
def test_other_schemes_and_hosts_are_refused(fetcher: FolderFetcher, url: str) -> None:
    with pytest.raises(FetchRefused, match="only local files"):
        fetcher.fetch(url)
    assert fetcher.refused


@pytest.mark.parametrize("url", [
    "file:///etc/hostname",
    "file:///book/styles/print.css",
    "file:///book/manuscript/../secret.txt",
    "file:///book/manuscript/images/../../secret.txt",
])
def test_anything_outside_the_named_folders_is_refused(
    fetcher: FolderFetcher, folder: Path, url: str
) -> None:
    with pytest.raises(FetchRefused, match="outside the manuscript"):
        fetcher.fetch(url)


def test_the_real_path_of_an_allowed_file_is_refused(
    fetcher: FolderFetcher, folder: Path
) -> None:
    with pytest.raises(FetchRefused, match="outside the manuscript"):
        fetcher.fetch((folder / "images" / "a.png").as_uri())


def test_a_link_leading_outside_is_refused(fetcher: FolderFetcher, folder: Path) -> None:
    (folder / "images" / "link.png").symlink_to(folder.parent / "secret.txt")
    with pytest.raises(FetchRefused, match="outside the manuscript"):
        fetcher.fetch(FolderFetcher.url("manuscript", "images/link.png"))


def test_a_missing_file_and_a_folder_are_refused(fetcher: FolderFetcher) -> None:
    with pytest.raises(FetchRefused, match="no such file"):
        fetcher.fetch(FolderFetcher.url("manuscript", "images/missing.png"))
    with pytest.raises(FetchRefused, match="no such file"):
        fetcher.fetch(FolderFetcher.url("manuscript", "images"))

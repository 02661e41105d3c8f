"""The preview in a real browser (the system's Chromium): a word edited in a copy of a
book appears on the page, the scroll position is kept, a note pops up, and a broken note
is listed in the problems panel with a link to its passage while the last good text stays."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from preview_support import CHROMIUM, CHROMIUM_ARGS, copy_book, needs_chromium, running_preview

pytestmark = needs_chromium

WAIT_MS = 15_000


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")


def test_a_word_edited_appears_on_the_page_where_the_reader_was(
    browser: Any, tmp_path: Path
) -> None:
    book = copy_book("panel", tmp_path)
    with running_preview(book, "--no-print") as (_, address):
        page = browser.new_page(viewport={"width": 1200, "height": 700})
        page.goto(address)
        text = page.locator("main#book")
        assert "hardest case" in text.inner_text()
        page.evaluate("window.scrollTo(0, 900)")
        scrolled = page.evaluate("window.scrollY")
        assert scrolled > 0
        _edit(book / "panel.md", "the hardest case", "the thorniest case")
        page.wait_for_function(
            "document.querySelector('main#book').innerText.includes('thorniest case')",
            timeout=WAIT_MS)
        assert "hardest case" not in text.inner_text()
        assert page.evaluate("window.scrollY") == scrolled
        page.close()


def test_a_note_pops_up_where_it_is_called(browser: Any, tmp_path: Path) -> None:
    book = copy_book("panel", tmp_path)
    with running_preview(book, "--no-print") as (_, address):
        page = browser.new_page()
        page.goto(address)
        popup = page.locator("#popup")
        assert popup.is_hidden()
        assert page.locator("aside.footnote").first.is_hidden()
        page.locator("a.noteref").first.click()
        assert popup.is_visible()
        assert "The request was sent with the programme" in popup.inner_text()
        page.close()


def test_a_broken_note_is_listed_with_a_link_to_its_passage(
    browser: Any, tmp_path: Path
) -> None:
    book = copy_book("panel", tmp_path)
    with running_preview(book, "--no-print") as (_, address):
        page = browser.new_page()
        page.goto(address)
        assert page.locator("#problems").inner_text().strip().endswith("none")
        _edit(book / "panel.md", "the hardest case.", "the hardest case.[^nowhere]")
        page.wait_for_selector("#problems li.problem.error", timeout=WAIT_MS)
        problem = page.locator("#problems li.problem.error").first
        assert "panel/panel.md:" in problem.inner_text()
        assert "nowhere" in problem.inner_text()
        link = problem.locator("a.where")
        assert link.get_attribute("href") == "#doc-panel"
        assert page.locator("#doc-panel").count() == 1
        # the last good text stays, under a notice
        assert page.locator("main#book .stale").is_visible()
        assert "hardest case" in page.locator("main#book").inner_text()
        _edit(book / "panel.md", "[^nowhere]", "")
        page.wait_for_selector("main#book .stale", state="detached", timeout=WAIT_MS)
        assert page.locator("#problems li").count() == 0
        page.close()


def test_a_saved_style_sheet_restyles_the_page(browser: Any, tmp_path: Path) -> None:
    book = copy_book("panel", tmp_path)
    colour = "document.defaultView.getComputedStyle(document.querySelector('main#book p')).color"
    with running_preview(book, "--no-print") as (_, address):
        page = browser.new_page()
        page.goto(address)
        assert page.evaluate(colour) != "rgb(1, 2, 3)"
        (book / "styles").mkdir()
        (book / "styles" / "epub.css").write_text("p { color: rgb(1, 2, 3); }\n", "utf-8")
        page.wait_for_function(f"{colour} === 'rgb(1, 2, 3)'", timeout=WAIT_MS)
        page.close()

"""The preview in a real browser (the system's Chromium): a word edited in a copy of a
book appears on the page, the scroll position is kept, a note pops up, and a broken note
is listed in the problems panel with a link to its passage while the last good text stays;
a click on the problem brings the passage at its line into view, highlighted."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
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
        assert link.get_attribute("href") == "#src-panel-7"  # the turn on line 7
        assert "the hardest case" in page.locator("#src-panel-7").inner_text()
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


IN_VIEW = """(id) => { const box = document.getElementById(id).getBoundingClientRect();
  return box.top >= 0 && box.bottom <= window.innerHeight; }"""


@contextmanager
def _problem(browser: Any, tmp_path: Path, file: str, old: str, new: str
             ) -> Iterator[tuple[Any, Any]]:
    """The reading view of the panel book in a short window, after an edit of ``file``
    that makes an error: the page, and the link of the first error shown."""
    book = copy_book("panel", tmp_path)
    with running_preview(book, "--no-print") as (_, address):
        page = browser.new_page(viewport={"width": 1100, "height": 450})
        page.goto(address)
        _edit(book / file, old, new)
        page.wait_for_selector("#problems li.problem.error", timeout=WAIT_MS)
        yield page, page.locator("#problems li.problem.error a.where").first
        page.close()


def test_a_problem_clicked_shows_the_passage_at_its_line(browser: Any, tmp_path: Path) -> None:
    # line 27 of panel.md, a turn far down the page: a call of a note never defined
    with _problem(browser, tmp_path, "panel.md", "crossed into English",
                  "crossed[^never] into English") as (page, link):
        assert "panel/panel.md:27:" in link.inner_text()
        assert link.get_attribute("href") == "#src-panel-27"
        assert not page.evaluate(IN_VIEW, "src-panel-27")
        link.click()
        page.wait_for_function(f"({IN_VIEW})('src-panel-27')", timeout=WAIT_MS)
        passage = page.locator("#src-panel-27")
        assert "crossed into English" in passage.inner_text()  # the last good text
        assert "located" in (passage.get_attribute("class") or "")
        assert page.locator("#book .located").count() == 1


def test_a_problem_in_a_note_shows_the_note_at_its_call(browser: Any, tmp_path: Path) -> None:
    # the note [^nic], called on the panel's last page but one, calls another note
    with _problem(browser, tmp_path, "notes.md", '("Nothing Twice"), 1957.',
                  '("Nothing Twice"), 1957.[^goethe]') as (page, link):
        assert "panel/notes.md:" in link.inner_text()
        anchor = (link.get_attribute("href") or "").removeprefix("#")
        call = page.locator(f"#{anchor}")
        assert call.get_attribute("class") == "noteref"
        assert call.evaluate("(a) => a.closest('.document').id") == "doc-panel"
        assert not page.evaluate(IN_VIEW, anchor)
        link.click()
        page.wait_for_function(f"({IN_VIEW})('{anchor}')", timeout=WAIT_MS)
        popup = page.locator("#popup")
        assert popup.is_visible()
        assert "Nothing Twice" in popup.inner_text()


def test_the_page_shows_the_layout_page_by_page(browser: Any, tmp_path: Path) -> None:
    book = copy_book("panel", tmp_path)
    with running_preview(book) as (_, address):
        page = browser.new_page()
        page.goto(address)
        page.evaluate("""() => {
          window.printStates = [];
          new MutationObserver(() => {
            const section = document.getElementById("print");
            if (section) window.printStates.push(section.querySelector("p").textContent);
          }).observe(document.getElementById("root"), {childList: true, subtree: true});
        }""")
        _edit(book / "works.md", "Two more were", "Three more were")
        page.wait_for_function(
            "window.printStates.some((s) => s.startsWith('ready'))", timeout=120_000)
        shown = page.evaluate("window.printStates")
        laying = [s for s in shown if s.startswith("laying out page ")]
        assert len(laying) >= 3 and laying[0].startswith("laying out page 1 of ")
        assert "Three more were" in page.locator("main#book").inner_text()  # text kept
        page.close()


def test_the_page_at_localhost_follows_saves_too(browser: Any, tmp_path: Path) -> None:
    """The preview answers its other name; its event stream takes the page's own origin."""
    book = copy_book("panel", tmp_path)
    with running_preview(book, "--no-print") as (_, address):
        page = browser.new_page()
        page.goto(address.replace("127.0.0.1", "localhost"))
        assert "hardest case" in page.locator("main#book").inner_text()
        _edit(book / "panel.md", "the hardest case", "the thorniest case")
        page.wait_for_function(
            "document.querySelector('main#book').innerText.includes('thorniest case')",
            timeout=WAIT_MS)
        assert page.evaluate("fetch('/state').then((r) => r.status)") == 200
        page.close()

"""The proof's HTML report in a real browser: headless Chromium (the system's, never a
downloaded one) through Playwright, on file://, with no network."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

import pytest

from proof_support import LONG_NUMBER_BOOK
from tarkbook.cli import main

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]

pytestmark = pytest.mark.skipif(CHROMIUM is None,
                                reason="needs Chromium: apt-get install chromium")


def _open(report: Path) -> dict[str, Any]:
    """What the browser shows of ``report``: console errors, requests, images, outlines."""
    sync_api = pytest.importorskip("playwright.sync_api", reason="needs pip install playwright")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = browser.new_page()
            errors: list[str] = []
            requests: list[str] = []
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.on("request", lambda r: requests.append(r.url))
            page.goto(report.as_uri())
            return {
                "errors": errors,
                "requests": requests,
                "images": page.evaluate(
                    "Array.from(document.images, i => i.complete ? i.naturalWidth : 0)"),
                "outlines": page.locator(".outline").count(),
                "findings": page.locator(".finding").count(),
                "links": page.evaluate(
                    "Array.from(document.querySelectorAll('.finding a'), a => a.href)"),
                "verdict": page.locator(".verdict").inner_text(),
            }
        finally:
            browser.close()


def test_the_report_loads_with_every_thumbnail_and_its_outline(
    make_manuscript, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    manuscript = make_manuscript(LONG_NUMBER_BOOK)
    report = tmp_path / "report" / "proof.html"
    report.parent.mkdir()
    assert main(["proof", str(manuscript), "--out", str(tmp_path / "out"), "--no-tools",
                 "--html", str(report)]) == 1
    capsys.readouterr()
    shown = _open(report)
    assert shown["errors"] == []
    assert shown["requests"] == [report.as_uri()]  # self-contained: nothing else is fetched
    # two errors (a line off the page, a line into the margin) and the odd page count
    assert shown["findings"] == 3 and len(shown["images"]) == 3
    assert all(width == 240 for width in shown["images"])
    assert shown["outlines"] == 2
    assert [link.rpartition("/")[2] for link in shown["links"]] == ["pi.md#L3", "e.md#L3"]
    assert all(Path(unquote(urlparse(link).path)).is_file() for link in shown["links"])
    assert shown["verdict"].startswith("Failed: ")

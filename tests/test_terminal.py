"""The status line: silent off a terminal and for its first second, drawn in place after,
cleared for a line of stdout and at the end."""

from __future__ import annotations

import io
import time

from rich.console import Console

from tarkbook.terminal import StatusLine


def _console(terminal: bool) -> tuple[Console, io.StringIO]:
    text = io.StringIO()
    return Console(file=text, force_terminal=terminal, width=60), text


def test_off_a_terminal_the_line_prints_nothing() -> None:
    console, text = _console(terminal=False)
    with StatusLine(delay=0.0, console=console) as status:
        status.update("PDF: laying out page 1")
        assert not status.shown
    assert text.getvalue() == ""


def test_quiet_prints_nothing_on_a_terminal_either() -> None:
    console, text = _console(terminal=True)
    with StatusLine(enabled=False, delay=0.0, console=console) as status:
        status.update("PDF: laying out page 1")
    assert text.getvalue() == ""


def test_the_line_waits_for_its_delay_then_shows_the_latest_text() -> None:
    console, text = _console(terminal=True)
    with StatusLine(delay=0.3, console=console) as status:
        status.update("PDF: laying out page 1")
        assert not status.shown
        time.sleep(0.35)
        status.update("PDF: laying out page 9")
        assert status.shown
    assert "page 9" in text.getvalue()
    assert "page 1\n" not in text.getvalue() and "page 1 " not in text.getvalue()
    assert not status.shown  # gone at the end


def test_clear_takes_the_line_away_until_the_next_update() -> None:
    console, _ = _console(terminal=True)
    with StatusLine(delay=0.0, console=console) as status:
        status.update("PDF: laying out page 1")
        assert status.shown
        status.clear()
        assert not status.shown
        status.update("PDF: writing 9 pages")
        assert status.shown

"""The print pages follow the text: a PDF after a quiet second, in a child process, the
thumbnails of the pages a save changed; the page told how far the layout is, page by
page; and Ctrl-C stops the server and every child process and leaves no temporary file."""

from __future__ import annotations

import os
import re
import signal
import time
from pathlib import Path

import pytest

from preview_support import copy_book, events, get, poll, running_preview, state
from tarkbook.pdf.status import PageLaidOut, page_listener
from tarkbook.preview.print_pages import progress_line


def _children(pid: int) -> set[int]:
    """Every descendant of the process ``pid``."""
    found: set[int] = set()
    todo = [pid]
    while todo:
        parent = todo.pop()
        for task in Path(f"/proc/{parent}/task").glob("*"):
            try:
                children = (task / "children").read_text().split()
            except OSError:
                continue
            for child in map(int, children):
                if child not in found:
                    found.add(child)
                    todo.append(child)
    return found


def _alive(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    return "State:\tZ" not in status


def test_the_pdf_follows_and_ctrl_c_leaves_no_process_and_no_file(tmp_path: Path) -> None:
    book = copy_book("panel", tmp_path)
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    env = {"TMPDIR": str(temporary)}
    with running_preview(book, env=env) as (process, address):
        poll(lambda: state(address)["print"] == "ready", 120, "the first PDF")
        assert get(address + "print/book-1.pdf").startswith(b"%PDF-")
        page = get(address + "view").decode()
        assert "print/book-1.pdf" in page and "Changed since" not in page
        assert list(temporary.iterdir())  # the session's folder, while it runs

        works = book / "works.md"
        works.write_text(works.read_text("utf-8").replace("# ", "# The New ", 1), "utf-8")
        poll(lambda: state(address)["pdf"] == 2, 120, "the second PDF")
        poll(lambda: "Changed since the PDF before" in get(address + "view").decode(), 30,
             "the pages compared")
        page = get(address + "view").decode()
        changed = [n for n in range(1, 40) if f"print/page-{n}.png" in page]
        assert changed and 1 not in changed  # the title page did not change
        assert get(address + f"print/page-{changed[0]}.png").startswith(b"\x89PNG")

        # a manuscript with errors makes no PDF and keeps the last one
        good = works.read_text("utf-8")
        works.write_text(good + "\nA call of no note.[^none]\n", "utf-8")
        poll(lambda: state(address)["print"] == "held", 30, "the PDF held")
        assert "the manuscript has errors; the last PDF is kept" in get(address + "view").decode()
        assert get(address + "print/book-2.pdf").startswith(b"%PDF-")

        # a save starts the PDF again; Ctrl-C comes while it is being made
        works.write_text(good + "\nOne line more.\n", "utf-8")
        poll(lambda: state(address)["print"] in ("starting", "working"), 30, "a new PDF")
        poll(lambda: bool(_children(process.pid)), 30, "the child process")
        children = _children(process.pid)
        os.killpg(process.pid, signal.SIGINT)  # as a terminal's Ctrl-C: to every process
        process.wait(30)
        assert process.returncode == 0
        assert process.stderr is not None
        err = process.stderr.read()
        assert "Traceback" not in err and "the preview stopped" in err
    poll(lambda: not any(_alive(pid) for pid in children), 10, "the children to end")
    assert os.listdir(temporary) == []


@pytest.mark.parametrize("number", [signal.SIGHUP, signal.SIGTERM, signal.SIGKILL],
                         ids=["SIGHUP", "SIGTERM", "SIGKILL"])
def test_a_signal_to_the_preview_alone_leaves_no_worker_and_no_file(
    tmp_path: Path, number: signal.Signals
) -> None:
    book = copy_book("panel", tmp_path)
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    with running_preview(book, env={"TMPDIR": str(temporary)}) as (process, address):
        poll(lambda: state(address)["print"] == "working", 60, "the PDF begun")
        time.sleep(0.5)  # well into the layout, every thread of the server busy
        children = _children(process.pid)
        assert children and list(temporary.iterdir())
        os.kill(process.pid, number)  # the preview alone, not its process group
        process.wait(30)
        poll(lambda: not any(_alive(pid) for pid in children), 15, "the workers to end")
        poll(lambda: os.listdir(temporary) == [], 15, "the session's folder removed")
        assert process.stderr is not None
        err = process.stderr.read()  # once no worker holds the pipe open
        assert "Traceback" not in err
        if number != signal.SIGKILL:
            assert process.returncode == 0 and "the preview stopped" in err


def test_the_progress_line_names_the_page_of_the_pages_expected() -> None:
    assert progress_line(1, 3, False, 27, False) == "laying out page 3 of 27"
    assert progress_line(1, 3, False, 13, True) == "laying out page 3 of about 13"
    assert progress_line(1, 30, False, 27, False) == "laying out page 30 of 30"
    assert (progress_line(1, 5, True, 27, False)
            == "laying out page 5 of 27 again, for the references to pages")
    assert progress_line(2, 4, False, 27, False) == "placing notes, layout 2: page 4 of 27"


def test_the_layout_tells_its_listener_each_page_and_layout(
    monkeypatch: pytest.MonkeyPatch
) -> None:
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration
    from weasyprint.urls import URLFetcher

    from tarkbook.pdf import layout
    from tarkbook.pdf.footnotes import Fixes, Placement

    found = iter([[Placement(1, 1, 2)], [Placement(1, 1, 1)]])
    monkeypatch.setattr(layout, "placements", lambda pages, numbers: next(found))
    monkeypatch.setattr(layout, "mend", lambda fixes, misplaced, *readers: Fixes())
    heard: list[PageLaidOut] = []
    lines: list[str] = []
    token = page_listener.set(heard.append)
    try:
        layout.lay_out(HTML(string="<p>One.</p><p style='break-before: page'>Two.</p>"), [],
                       [1], lambda _: None, lines.append, font_config=FontConfiguration(),
                       url_fetcher=URLFetcher())
    finally:
        page_listener.reset(token)
    assert heard == [PageLaidOut(1, 1), PageLaidOut(1, 2), PageLaidOut(2, 1), PageLaidOut(2, 2)]
    assert lines == []  # the pages go to the listener instead of the status line


def test_the_server_sends_the_layout_page_by_page(tmp_path: Path) -> None:
    book = copy_book("panel", tmp_path)
    with running_preview(book) as (_, address):
        seen: list[str] = []
        for kind, data in events(address, since="1"):
            if kind != "print":
                continue
            found = re.search(r"<p>(.*?)</p>", data)
            assert found and 'id="print"' in data
            seen.append(found.group(1))
            if seen[-1].startswith("ready"):
                break
        laying = [line for line in seen if line.startswith("laying out page ")
                  and not line.endswith("again, for the references to pages")]
        numbers = [int(line.split()[3]) for line in laying]
        assert numbers[:3] == [1, 2, 3] and numbers == sorted(numbers)
        estimate = re.fullmatch(r"laying out page 1 of about (\d+)", laying[0])
        assert estimate, laying[0]
        poll(lambda: state(address)["pages"] > 0, 30, "the pages counted")
        pages = state(address)["pages"]
        assert abs(int(estimate.group(1)) - pages) <= pages // 2  # a fair estimate

        # the next PDF expects the pages of the last one
        works = book / "works.md"
        works.write_text(works.read_text("utf-8") + "\nOne line more.\n", "utf-8")
        for kind, data in events(address, since=str(state(address)["view"])):
            if kind == "print" and "laying out page 1 of" in data:
                assert f"<p>laying out page 1 of {pages} (" in data  # no longer "about"
                break


def test_ctrl_c_ends_a_page_listening_for_events_cleanly(tmp_path: Path) -> None:
    book = copy_book("panel", tmp_path)
    with running_preview(book, "--no-print") as (process, address):
        listening = events(address)
        assert next(listening)[0] == "reload"  # the stream is open
        process.send_signal(signal.SIGINT)
        process.wait(30)
        assert list(listening) == []  # the server ended the stream itself
        assert process.stderr is not None
        assert process.stderr.read() == "tarkbook: the preview stopped\n"

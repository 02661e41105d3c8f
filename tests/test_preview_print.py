"""The print pages follow the text: a PDF after a quiet second, in a child process, the
thumbnails of the pages a save changed; and Ctrl-C stops the server and every child
process and leaves no temporary file."""

from __future__ import annotations

import os
import signal
from pathlib import Path

from preview_support import copy_book, get, poll, running_preview, state


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

"""Both editions at once, a process each: concurrency, the time limit, and editions that
fail, crash or die half way — each leaving the output folder as it was."""

from __future__ import annotations

import os
import shutil
import signal
import tempfile
import time
from pathlib import Path

import pytest

from epub_support import FIXTURE_MANUSCRIPT, STYLES
from tarkbook.build import Edition, EditionFailed, Renderer, build
from tarkbook.build import pipeline as build_module
from tarkbook.diagnostics import SourcePos, make
from tarkbook.edition import Context
from tarkbook.model import Book


def _with_edition(monkeypatch: pytest.MonkeyPatch, render: Renderer) -> None:
    editions = dict(build_module.EDITIONS)
    editions["test"] = Edition("TEST", ".test", lambda: render)
    monkeypatch.setattr(build_module, "EDITIONS", editions)


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.fixture
def out(tmp_path: Path) -> Path:
    """An output folder that holds a good EPUB already."""
    folder = tmp_path / "build"
    build(FIXTURE_MANUSCRIPT, folder, ["epub"], STYLES)
    return folder


def _sleeps(seconds: float) -> Renderer:
    def render(book: Book, context: Context) -> bytes:
        time.sleep(seconds)
        return f"{book.metadata.title} after {seconds} s".encode()

    return render


def test_editions_render_at_the_same_time(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    editions = dict(build_module.EDITIONS)
    editions["one"] = Edition("ONE", ".one", lambda: _sleeps(2.0))
    editions["two"] = Edition("TWO", ".two", lambda: _sleeps(2.0))
    monkeypatch.setattr(build_module, "EDITIONS", editions)
    start = time.monotonic()
    outputs = build(FIXTURE_MANUSCRIPT, tmp_path / "out", ["one", "two"], STYLES)
    elapsed = time.monotonic() - start
    assert [o.path.suffix for o in outputs] == [".one", ".two"]
    assert outputs[0].path.read_bytes() == b"A Small Conversation after 2.0 s"
    assert elapsed < 3.9  # one after the other would take 4 s at the least


def test_an_edition_past_the_time_limit_is_stopped(
    monkeypatch: pytest.MonkeyPatch, out: Path
) -> None:
    _with_edition(monkeypatch, _sleeps(60.0))
    before = _snapshot(out)
    start = time.monotonic()
    # The EPUB, which waits for the print layout (some seconds), is done in time.
    with pytest.raises(EditionFailed, match=r"the TEST edition took longer than the time "
                       r"limit of 20 s and was stopped"):
        build(FIXTURE_MANUSCRIPT, out, ["epub", "test"], STYLES, time_limit=20.0, reuse=False)
    assert time.monotonic() - start < 50
    assert _snapshot(out) == before


def _crashes(book: Book, context: Context) -> bytes:
    raise ZeroDivisionError("a bug half way")


def _dies(book: Book, context: Context) -> bytes:
    os.kill(os.getpid(), signal.SIGKILL)
    return b""


def _fails(book: Book, context: Context) -> bytes:
    raise EditionFailed("the TEST edition failed: a clear reason")


@pytest.mark.parametrize(("render", "message"), [
    (_crashes, r"the TEST edition failed: ZeroDivisionError: a bug half way"),
    (_dies, r"the TEST edition stopped unexpectedly \(its process ended with exit code -9\)"),
    (_fails, r"the TEST edition failed: a clear reason"),
])
def test_an_edition_that_fails_leaves_the_folder_as_it_was(
    monkeypatch: pytest.MonkeyPatch, out: Path, render: Renderer, message: str
) -> None:
    _with_edition(monkeypatch, render)
    before = _snapshot(out)
    with pytest.raises(EditionFailed, match=message):
        build(FIXTURE_MANUSCRIPT, out, ["epub", "test"], STYLES, reuse=False)
    assert _snapshot(out) == before


def test_warnings_and_progress_come_back_from_the_edition_process(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    def render(book: Book, context: Context) -> bytes:
        context.progress("halfway")
        context.warn(make("N007", SourcePos("ms/notes.md", 3, 1), number=1, percent=40))
        return b"done"

    _with_edition(monkeypatch, render)
    warnings: list[object] = []
    lines: list[str] = []
    build(FIXTURE_MANUSCRIPT, tmp_path / "out", ["test"], STYLES, warn=warnings.append,
          progress=lines.append)
    assert [str(w) for w in warnings] == [
        "ms/notes.md:3:1: warning N007: note 1 fills 40% of a page in print; a note should "
        "take at most a third of a page: shorten it or split the call"
    ]
    assert "TEST: halfway" in lines
    assert any(line.startswith("TEST: rendered in ") for line in lines)


def test_stale_temporary_files_of_a_killed_build_are_removed(out: Path) -> None:
    # A killed build leaves its temporary files and the journal that names them.
    stale = out / ".tarkbook-00112233aabbccdd-0.part"
    stale.write_bytes(b"half written")
    (out / ".tarkbook-journal").write_text(
        '{"made": [".tarkbook-00112233aabbccdd-0.part", ".tarkbook-00112233aabbccdd-0.old"]}',
        encoding="utf-8")
    build(FIXTURE_MANUSCRIPT, out, ["epub"], STYLES, reuse=False)
    assert not stale.exists()
    assert not (out / ".tarkbook-journal").exists()


def test_the_command_shows_each_stage_with_verbose(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from tarkbook.cli import main

    manuscript = tmp_path / "ms"
    shutil.copytree(FIXTURE_MANUSCRIPT, manuscript)
    assert main(["build", str(manuscript), "--out", str(tmp_path / "out"), "--styles",
                 str(STYLES), "--format", "epub", "--verbose"]) == 0
    err = capsys.readouterr().err
    for stage in ("inputs hashed in", "manuscript read in", "EPUB: rendered in", "done in"):
        assert stage in err
    with pytest.raises(SystemExit) as stopped:
        main(["build", str(manuscript), "--time-limit", "0"])
    assert stopped.value.code == 2
    assert "'0' is not a positive number of seconds" in capsys.readouterr().err


def test_one_process_renders_in_the_builds_own_process(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    def render(book: Book, context: Context) -> bytes:
        return str(os.getpid()).encode()

    _with_edition(monkeypatch, render)
    (alone,) = build(FIXTURE_MANUSCRIPT, tmp_path / "a", ["test"], STYLES, processes=False)
    (forked,) = build(FIXTURE_MANUSCRIPT, tmp_path / "b", ["test"], STYLES)
    assert alone.path.read_bytes() == str(os.getpid()).encode()
    assert forked.path.read_bytes() != str(os.getpid()).encode()


def test_no_temporary_file_outlives_the_build(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    temp = tmp_path / "temp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))

    def leaves_a_file(book: Book, context: Context) -> bytes:
        Path(tempfile.mkdtemp(prefix="weasyprint-"), "font").write_bytes(b"font")
        if context.marks:
            time.sleep(60)
        return b"done"

    _with_edition(monkeypatch, leaves_a_file)
    build(FIXTURE_MANUSCRIPT, tmp_path / "out", ["test"], STYLES)
    with pytest.raises(EditionFailed, match="time limit"):
        build(FIXTURE_MANUSCRIPT, tmp_path / "out", ["test"], STYLES, marks=True,
              time_limit=1.0)
    build(FIXTURE_MANUSCRIPT, tmp_path / "out2", ["test"], STYLES, processes=False)
    assert list(temp.iterdir()) == []


def test_an_editions_process_loads_its_renderer_while_the_book_is_read(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    def slow_loader() -> Renderer:
        time.sleep(2.0)  # as WeasyPrint's import, only longer
        return _sleeps(0.0)

    real_read = build_module._read

    def slow_read(*args: object) -> object:
        time.sleep(2.0)
        return real_read(*args)  # type: ignore[arg-type]

    editions = dict(build_module.EDITIONS)
    editions["test"] = Edition("TEST", ".test", slow_loader)
    monkeypatch.setattr(build_module, "EDITIONS", editions)
    monkeypatch.setattr(build_module, "_read", slow_read)
    start = time.monotonic()
    (output,) = build(FIXTURE_MANUSCRIPT, tmp_path / "out", ["test"], STYLES)
    assert time.monotonic() - start < 3.9  # one after the other would take 4 s at the least
    assert output.path.read_bytes() == b"A Small Conversation after 0.0 s"


def test_no_editions_process_outlives_a_build_that_stops_early(
    monkeypatch: pytest.MonkeyPatch, out: Path, tmp_path: Path
) -> None:
    import multiprocessing

    _with_edition(monkeypatch, _sleeps(60.0))
    build(FIXTURE_MANUSCRIPT, out, ["epub"], STYLES)  # reused: its process is stopped
    assert multiprocessing.active_children() == []
    broken = tmp_path / "broken"
    shutil.copytree(FIXTURE_MANUSCRIPT, broken)
    (broken / "notes.md").write_text("[^orphan]: A note nobody calls.\n", encoding="utf-8")
    start = time.monotonic()
    with pytest.raises(build_module.ManuscriptError):
        build(broken, tmp_path / "out", ["epub", "test"], STYLES)
    assert time.monotonic() - start < 30
    assert multiprocessing.active_children() == []


def test_a_quick_edition_gives_way_to_a_slow_one(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    def niceness(book: Book, context: Context) -> bytes:
        return str(os.nice(0)).encode()

    editions = dict(build_module.EDITIONS)
    editions["slow"] = Edition("SLOW", ".slow", lambda: niceness)
    editions["quick"] = Edition("QUICK", ".quick", lambda: niceness, niceness=10)
    monkeypatch.setattr(build_module, "EDITIONS", editions)
    slow, quick = build(FIXTURE_MANUSCRIPT, tmp_path / "out", ["slow", "quick"], STYLES)
    ours = os.nice(0)
    assert slow.path.read_bytes() == str(ours).encode()
    assert quick.path.read_bytes() == str(min(ours + 10, 19)).encode()
    assert build_module.EDITIONS["epub"].niceness > build_module.EDITIONS["pdf"].niceness


@pytest.mark.parametrize("processes", [True, False])
def test_what_an_edition_prepares_is_made_in_the_builds_process_and_reaches_its_renderer(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, processes: bool
) -> None:
    def prepare(book: Book) -> str:
        return f"{book.metadata.title} prepared in {os.getpid()}"

    def render(book: Book, context: Context) -> bytes:
        return f"{context.prepared}, rendered in {os.getpid()}".encode()

    editions = dict(build_module.EDITIONS)
    editions["test"] = Edition("TEST", ".test", lambda: render, prepare=prepare)
    monkeypatch.setattr(build_module, "EDITIONS", editions)
    (output,) = build(FIXTURE_MANUSCRIPT, tmp_path / "out", ["test"], STYLES,
                      processes=processes)
    prepared, rendered = output.path.read_text(encoding="utf-8").split(", ")
    assert prepared == f"A Small Conversation prepared in {os.getpid()}"
    assert (rendered == f"rendered in {os.getpid()}") is not processes


def test_the_print_markup_is_made_in_the_builds_process() -> None:
    from tarkbook.manuscript import load_book
    from tarkbook.pdf.markup import book_html

    prepare = build_module.EDITIONS["pdf"].prepare
    assert prepare is not None
    book = load_book(FIXTURE_MANUSCRIPT)
    assert prepare(book) == book_html(book)


def test_an_error_in_what_an_edition_prepares_fails_that_edition_clearly(
    monkeypatch: pytest.MonkeyPatch, out: Path
) -> None:
    def prepare(book: Book) -> str:
        raise KeyError("a template bug")

    editions = dict(build_module.EDITIONS)
    editions["test"] = Edition("TEST", ".test", lambda: _sleeps(0.0), prepare=prepare)
    monkeypatch.setattr(build_module, "EDITIONS", editions)
    before = _snapshot(out)
    with pytest.raises(EditionFailed, match=r"the TEST edition failed: KeyError: 'a template bug'"):
        build(FIXTURE_MANUSCRIPT, out, ["epub", "test"], STYLES, reuse=False)
    assert _snapshot(out) == before


def _niceness() -> Renderer:
    def render(book: Book, context: Context) -> bytes:
        return str(os.nice(0)).encode()
    return render


def test_an_edition_gives_way_only_beside_another(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """An edition with a niceness (the EPUB's) lowers its priority to let another made at
    the same time go first; made alone, it keeps the build's."""
    editions = dict(build_module.EDITIONS)
    editions["kind"] = Edition("KIND", ".kind", _niceness, niceness=10)
    editions["other"] = Edition("OTHER", ".other", _niceness)
    monkeypatch.setattr(build_module, "EDITIONS", editions)
    ours = os.nice(0)
    (alone,) = build(FIXTURE_MANUSCRIPT, tmp_path / "alone", ["kind"], STYLES)
    assert int(alone.path.read_bytes()) == ours
    beside = build(FIXTURE_MANUSCRIPT, tmp_path / "beside", ["kind", "other"], STYLES)
    assert [int(o.path.read_bytes()) for o in beside] == [min(ours + 10, 19), ours]

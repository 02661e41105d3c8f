"""Sessions: `nox -s build` makes the editions, `nox -s tests` runs the tests, `nox -s lint`."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import nox

nox.options.reuse_existing_virtualenvs = True
nox.options.sessions = ["tests", "lint"]
nox.options.error_on_missing_interpreters = True

ROOT = Path(__file__).parent


LOCK = "requirements.lock"
"""Every package the editions are made with, pinned with hashes: the reference bytes."""
DEV_LOCK = "requirements-dev.lock"
"""The same pins, with the test and lint tools."""


def install(session: nox.Session, lock: str = LOCK) -> None:
    """Install the pinned packages of ``lock``, then tarkbook itself (editable), once.

    The environment is reused between runs; it is reinstalled only when pyproject.toml or
    the lock change, so a second `nox -s build` installs nothing.
    """
    digest = hashlib.sha256(
        (ROOT / "pyproject.toml").read_bytes() + (ROOT / lock).read_bytes()
    ).hexdigest()
    stamp = Path(session.virtualenv.location) / ".tarkbook-installed"
    if stamp.is_file() and stamp.read_text() == digest:
        session.log("environment is up to date; nothing to install")
        return
    session.install("--require-hashes", "-r", lock)
    session.install("--no-deps", "-e", ".")
    stamp.write_text(digest)


@nox.session
def build(session: nox.Session) -> None:
    """Build the EPUB and the PDF of manuscript/ into build/."""
    install(session)
    session.run("tarkbook", "build", "manuscript", "--out", "build", *session.posargs)


XDIST = ["-n", "auto", "--dist", "loadfile", "--no-loadscope-reorder"]
"""A process per core; the tests of one file in one process (pytest-xdist), the files in
the order tests/conftest.py gives them (the longest first)."""

ACE = Path("ace") / "node_modules" / ".bin" / "ace-cli"
"""DAISY Ace, as the accessibility session installs it into its folder."""


@nox.session
def tests(session: nox.Session) -> None:
    """Run the test suite, in a process per core (pytest-xdist).

    The tests of a file run in one process, in order, so that a book a file builds once
    is built once (``--dist loadfile``); `nox -s tests -- -n 0` runs them all in this
    process, `nox -s tests -- tests/test_x.py` one file. The proof's tests run DAISY Ace
    when the accessibility session has installed it (a later run reuses it) or when
    TARKBOOK_ACE names it; else they are skipped.
    """
    install(session, DEV_LOCK)
    env = {}
    ace = Path(session.virtualenv.location).parent / "accessibility" / ACE
    if "TARKBOOK_ACE" not in os.environ and ace.exists():
        env["TARKBOOK_ACE"] = str(ace)
    session.run("pytest", *XDIST, *session.posargs, env=env)


@nox.session
def lint(session: nox.Session) -> None:
    """ruff on the code and tests, mypy --strict on src/."""
    install(session, DEV_LOCK)
    session.run("ruff", "check", "src", "tests", "noxfile.py")
    session.run("mypy", "--strict", "src")


@nox.session
def accessibility(session: nox.Session) -> None:
    """The proof with EPUBCheck and DAISY Ace (in headless Chromium) on the clean corpus:
    manuscript/, the two starter books of `tarkbook new` (made in a temporary folder),
    every book of tests/books/, tests/proof_books/ and tests/language_fixtures/ (a Hebrew
    one among them), and the long benchmark book (benchmarks/generate.py); fails on any
    error of the proof, any warning a book has not accepted, any violation Ace reports,
    or when EPUBCheck or Ace could not run.

    Needs Java, Node.js (npm) and Debian's `chromium`; Ace is installed into the
    session's folder without the browser that Puppeteer would download.
    """
    import json
    import shutil

    chromium = shutil.which("chromium")
    if chromium is None or shutil.which("npm") is None:
        session.error("Ace needs npm and Debian's chromium: apt-get install nodejs npm chromium")
    install(session, DEV_LOCK)  # EPUBCheck with the proof's extra
    work = Path(session.virtualenv.location) / "ace"
    ace = Path(session.virtualenv.location) / ACE
    if not ace.exists():
        session.run("npm", "install", "--prefix", str(work), "--no-audit", "--no-fund",
                    "@daisy/ace-cli@1.4.6", external=True,
                    env={"PUPPETEER_SKIP_DOWNLOAD": "1"})
    made = Path(session.create_tmp()) / "books"
    shutil.rmtree(made, ignore_errors=True)
    made.mkdir(parents=True)
    for kind in ("prose", "interview"):  # as a new user gets them, their odd count accepted
        session.run("tarkbook", "new", str(made / f"starter-{kind}"), "--kind", kind,
                    silent=True)
        with (made / f"starter-{kind}" / "book.toml").open("a", encoding="utf-8") as toml:
            toml.write('\n[proof]\naccept = [{check = "page-count"}]\n')
    session.run("python", "benchmarks/generate.py", str(made / "long"), "--repeat", "28",
                silent=True)
    corpus = sorted(str(p.parent) for folder in ("books", "proof_books", "language_fixtures")
                    for p in (ROOT / "tests" / folder).glob("*/book.toml"))
    books = ["manuscript", str(made / "starter-prose"), str(made / "starter-interview"),
             *corpus, str(made / "long")]
    env = {"TARKBOOK_ACE": str(ace), "PUPPETEER_EXECUTABLE_PATH": chromium}
    for manuscript in books:
        editions = work / "book"
        shutil.rmtree(editions, ignore_errors=True)
        # exit status 1 on any error of the proof, Ace's violations among them
        out = session.run("tarkbook", "proof", manuscript, "--out", str(editions), "--json",
                          env=env, silent=True, success_codes=[0, 1])
        lines = str(out).splitlines()  # the build's lines on stderr, then the report
        report = json.loads("\n".join(lines[lines.index("{"):]))
        if not report["passed"] or report["warnings"] or set(report["tools"].values()) \
                != {"ran"}:
            session.error(f"the proof of {manuscript} failed, found warnings, or a tool did "
                          "not run:\n" + "\n".join(
                              f"{f['level']} {f['check']}: {f['message']}"
                              for f in report["findings"] if not f["waived"]))
        session.log(f"proof with EPUBCheck and Ace: {manuscript}: {report['pages']} pages, "
                    f"{len(report['checks'])} checks: {report['errors']} errors, "
                    f"{report['warnings']} warnings, {report['waived']} waived")


@nox.session
def bench(session: nox.Session) -> None:
    """Time both editions against pandoc; `nox -s bench -- --out docs/performance.md`.

    `nox -s bench -- --extremes` measures instead the extreme books and the same books
    at the limits of docs/manuscript.md (benchmarks/extremes.py), once each.
    """
    install(session, DEV_LOCK)
    session.run("python", "benchmarks/bench.py", *session.posargs)


@nox.session
def upgrade(session: nox.Session) -> None:
    """Refresh the locks to the newest versions pyproject.toml admits, then run the tests.

    `nox -s upgrade -- --upgrade-package weasyprint` moves one package only. The editions'
    reference bytes (tests/test_reference_bytes.py) change with a new renderer: look at the
    pages, then record the new hashes with TARKBOOK_REGENERATE=1.
    """
    session.install("uv")
    upgrade = list(session.posargs) or ["--upgrade"]
    common = ["--universal", "--python-version", "3.11", "--generate-hashes", "--no-header"]
    session.run("uv", "pip", "compile", "pyproject.toml", *common, *upgrade, "-o", LOCK)
    session.run("uv", "pip", "compile", "pyproject.toml", "--extra", "test", "--extra",
                "lint", "-c", LOCK, *common, *upgrade, "-o", DEV_LOCK)
    session.notify("tests")

"""Sessions: `nox -s build` makes the editions, `nox -s tests` runs the tests, `nox -s lint`."""

from __future__ import annotations

import hashlib
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


@nox.session
def tests(session: nox.Session) -> None:
    """Run the test suite."""
    install(session, DEV_LOCK)
    session.run("pytest", *session.posargs)


@nox.session
def lint(session: nox.Session) -> None:
    """ruff on the code and tests, mypy --strict on src/."""
    install(session, DEV_LOCK)
    session.run("ruff", "check", "src", "tests", "noxfile.py")
    session.run("mypy", "--strict", "src")


@nox.session
def accessibility(session: nox.Session) -> None:
    """DAISY Ace on the EPUBs of manuscript/ and of every test book in tests/books/, in
    headless Chromium; fails on any violation.

    Needs Node.js (npm) and Debian's `chromium`; Ace is installed into the session's folder
    without the browser that Puppeteer would download.
    """
    import json
    import shutil

    chromium = shutil.which("chromium")
    if chromium is None or shutil.which("npm") is None:
        session.error("Ace needs npm and Debian's chromium: apt-get install nodejs npm chromium")
    install(session)
    work = Path(session.virtualenv.location) / "ace"
    ace = work / "node_modules" / ".bin" / "ace-cli"
    if not ace.exists():
        session.run("npm", "install", "--prefix", str(work), "--no-audit", "--no-fund",
                    "@daisy/ace-cli@1.4.6", external=True,
                    env={"PUPPETEER_SKIP_DOWNLOAD": "1"})
    corpus = sorted(str(p.parent) for p in (ROOT / "tests" / "books").glob("*/book.toml"))
    for manuscript in ("manuscript", *corpus):
        books = work / "book"
        shutil.rmtree(books, ignore_errors=True)
        session.run("tarkbook", "build", manuscript, "--out", str(books), "--format", "epub")
        (epub,) = books.glob("*.epub")
        report = work / "report"
        session.run(str(ace), "--exiterror2", "--force", "--outdir", str(report), str(epub),
                    external=True, env={"PUPPETEER_EXECUTABLE_PATH": chromium})
        result = json.loads((report / "report.json").read_text("utf-8"))
        violations = [
            f"{item['earl:testSubject']['url']}: {found['earl:test']['dct:title']} "
            f"({found['earl:test']['earl:impact']})"
            for item in result["assertions"] for found in item.get("assertions", [])
        ]
        if violations or result["earl:result"]["earl:outcome"] != "pass":
            session.error("Ace found violations:\n" + "\n".join(violations))
        session.log(f"Ace: no violations in {epub.name}")


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

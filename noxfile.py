"""Sessions: `nox -s build` makes the editions, `nox -s tests` runs the tests, `nox -s lint`."""

from __future__ import annotations

import hashlib
from pathlib import Path

import nox

nox.options.reuse_existing_virtualenvs = True
nox.options.sessions = ["tests", "lint"]
nox.options.error_on_missing_interpreters = True

ROOT = Path(__file__).parent


def install(session: nox.Session, *extras: str) -> None:
    """Install tarkbook (editable) and its extras, once.

    The environment is reused between runs; it is reinstalled only when pyproject.toml or
    the extras asked for change, so a second `nox -s build` installs nothing.
    """
    target = f".[{','.join(extras)}]" if extras else "."
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes() + target.encode()).hexdigest()
    stamp = Path(session.virtualenv.location) / ".tarkbook-installed"
    if stamp.is_file() and stamp.read_text() == digest:
        session.log("environment is up to date; nothing to install")
        return
    session.install("-e", target)
    stamp.write_text(digest)


@nox.session
def build(session: nox.Session) -> None:
    """Build the EPUB and the PDF of manuscript/ into build/."""
    install(session)
    session.run("tarkbook", "build", "manuscript", "--out", "build", *session.posargs)


@nox.session
def tests(session: nox.Session) -> None:
    """Run the test suite."""
    install(session, "test")
    session.run("pytest", *session.posargs)


@nox.session
def lint(session: nox.Session) -> None:
    """ruff on the code and tests, mypy --strict on src/."""
    install(session, "lint")
    session.run("ruff", "check", "src", "tests", "noxfile.py")
    session.run("mypy", "--strict", "src")

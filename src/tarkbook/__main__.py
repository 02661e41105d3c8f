"""``python -m tarkbook``: the command-line interface."""

from tarkbook.cli import run

run()

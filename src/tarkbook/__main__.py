"""``python -m tarkbook``: the command-line interface."""

import sys

from tarkbook.cli import main

sys.exit(main())

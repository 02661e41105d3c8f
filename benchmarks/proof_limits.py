"""The proof's limits against the rows ``bench.py`` measured (docs/performance-proof.md):
the proof of the real book, its editions reused, takes less than a quarter of the build of
both editions; the long book's proof less than 5 seconds.

Each run of the proof reads back the editions of the build just before it, so the two
share that moment's load of the machine: their ratio is taken run by run, and the median
of those ratios is the one compared with the limit."""

from __future__ import annotations

import statistics
from collections.abc import Sequence

RATIO = {"real": 0.25}
"""Most the proof may take of the build of both editions, by book."""

SECONDS = {"long": 5.0}
"""Most seconds the proof may take, by book."""

TIMES = "\N{MULTIPLICATION SIGN}"


def paired_ratio(proof: Sequence[float], build: Sequence[float]) -> float:
    """The median, over the runs, of each run's proof time over its build's."""
    return statistics.median(p / b for p, b in zip(proof, build, strict=True))


def against_limits(book: str, proof: Sequence[float], build: Sequence[float]) -> str:
    """What ``book``'s proof times (and its builds', run for run) say of its limits:
    "; run by run 0.17 times (limit 0.25 times: within)"; "" for a book with no limit."""
    said = []
    if book in RATIO:
        ratio = paired_ratio(proof, build)
        said.append(f"run by run {ratio:.2f}{TIMES} (limit {RATIO[book]:.2f}{TIMES}: "
                    f"{_verdict(ratio, RATIO[book])})")
    if book in SECONDS:
        seconds = statistics.median(proof)
        said.append(f"{seconds:.2f} s (limit {SECONDS[book]:.0f} s: "
                    f"{_verdict(seconds, SECONDS[book])})")
    return "".join(f"; {each}" for each in said)


def _verdict(value: float, limit: float) -> str:
    return "within" if value < limit else "OVER"

"""WeasyPrint's warnings and errors, caught so that any of them fails the build."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

LOGGER_NAME = "weasyprint"


class _Collector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = " ".join(record.getMessage().split())
        if message not in self.messages:
            self.messages.append(message)


@contextmanager
def collected_warnings() -> Iterator[list[str]]:
    """Collect the messages WeasyPrint logs at warning level or above, in order, once each.

    The list yielded fills while the block runs; nothing reaches other handlers.
    """
    logger = logging.getLogger(LOGGER_NAME)
    collector = _Collector()
    propagate = logger.propagate
    logger.addHandler(collector)
    logger.propagate = False
    try:
        yield collector.messages
    finally:
        logger.removeHandler(collector)
        logger.propagate = propagate

"""The build stage: takes a manuscript folder, the editions asked for and, if given, a
styles folder; gives the edition files in the output folder: those named with --format
all or nothing, those asked for by default each as soon as it is made.

``pipeline`` reads the book (``tarkbook.manuscript``) and hands it to each edition's
renderer (``tarkbook.epub``, ``tarkbook.pdf``), a process each (``workers``); ``cache``
keeps the fingerprint of the inputs so that an unchanged edition is reused, ``styles``
finds each edition's style sheet, and ``output`` puts the files in place atomically.
"""

from tarkbook.build.pipeline import (
    EDITIONS,
    TIME_LIMIT,
    Context,
    Edition,
    EditionFailed,
    EditionUnavailable,
    Output,
    OutputError,
    PartialBuild,
    Renderer,
    StylesError,
    build,
    slug,
)

__all__ = [
    "EDITIONS", "TIME_LIMIT", "Context", "Edition", "EditionFailed", "EditionUnavailable",
    "Output", "OutputError", "PartialBuild", "Renderer", "StylesError", "build", "slug",
]

"""The build stage: takes a manuscript folder, a styles folder and the editions asked for;
gives the edition files in the output folder, all or nothing.

``pipeline`` reads the book (``tarkbook.manuscript``) and hands it to each edition's
renderer (``tarkbook.epub``, ``tarkbook.pdf``), a process each (``workers``); ``cache``
keeps the fingerprint of the inputs so that an unchanged edition is reused, and
``output`` puts the files in place atomically.
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

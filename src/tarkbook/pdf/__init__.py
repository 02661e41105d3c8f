"""The print edition: takes the book (``tarkbook.model.Book``) and a build ``Context``;
gives the bytes of a typeset PDF.

``markup`` makes the print HTML through the shared templates, without WeasyPrint, so
the build can do it while the edition's process loads WeasyPrint. ``edition.render_pdf``
is the renderer: it lays the HTML out (``layout``, which checks and mends the notes'
pages with ``footnotes`` and ``boxes``), reading only what ``fetcher`` allows and the
fonts of ``fonts``, and writes the PDF (``finish``). Everything that patches WeasyPrint
or pydyf lives in ``tarkbook.pdf.weasyprint``, with its registry.

This package imports nothing heavy: WeasyPrint loads only with ``edition``.
"""

"""The EPUB edition: takes the book (``tarkbook.model.Book``) and a build ``Context``;
gives the bytes of an EPUB 3 file.

``edition.render_epub`` is the renderer the build loads. ``content`` renders the reading
documents through the shared templates, ``notes`` the pop-up notes, ``package`` the
package document, navigation and NCX, ``accessibility`` the schema.org metadata,
``cover`` the generated cover, and ``ocf`` packs the container's zip.
"""

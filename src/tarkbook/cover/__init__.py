"""The wrap cover: back, spine and front on one sheet with bleed, for the print shop.

Takes a ``Book`` and an ``edition.Context`` whose ``pages()`` gives the print layout's
pages (the spine's width follows from their count and the paper); gives the cover's PDF.
"""

"""Every change tarkbook makes to WeasyPrint's or pydyf's internals, and nothing else.

Takes nothing and gives nothing to the pipeline: each module is a context manager (or an
accessor) that the print edition enters around layout or writing, and that leaves the
library as it was. ``registry`` lists them all with the versions they were written for,
what they replace and how each checks the internals it touches; a patch whose version or
internals do not match is skipped, and the library's own code runs instead.

This package imports neither library until a patch is used.
"""

"""Full-text search over the library's passages (Whoosh).

Whoosh is imported through :func:`~trendreader.search.whoosh_import.load_whoosh` before any
module of this package imports it, which keeps its unused standard-library imports out of a
command's start-up.
"""

from trendreader.search.whoosh_import import load_whoosh

load_whoosh()

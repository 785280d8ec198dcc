"""The embedded search engine: a Whoosh directory on disk, scored with numpy.

Every Whoosh import and every reach into Whoosh's internals lives in this package; the rest of the
project talks to it through search.engine. This file imports nothing, so `search.embedded.version`
can be asked whether an index is current without loading Whoosh or numpy.
"""

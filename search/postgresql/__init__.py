"""The PostgreSQL search engine: the index as tables and tsvectors in the archive's own PostgreSQL database.

Chosen with `--search postgresql` or UNIONNEWS_SEARCH=postgresql, for an archive on PostgreSQL
(unionnews.indexing.open_engine). Every psycopg import of the search layer lives in this package.
"""

"""Which index format the embedded engine reads, answerable without importing Whoosh or numpy.

A cron run that stored nothing asks whether the index is behind the archive before deciding to
import the engine at all (unionnews.indexing): the answer needs only this file and two queries.

The format is everything the engine writes: the fields and analyzers (search.embedded.schema) and
the posting blocks (search.embedded.codec), plain bytes that name no module. One module path remains
in it: Whoosh's table of contents records each segment's codec by class, so moving
search.embedded.codec is a format change too. (The schema it also pickles is never read back: the
engine opens the index with the schema of its code.) An index of another format is rebuilt from the
archive, never misread.
"""

from __future__ import annotations

from pathlib import Path

# Bump on any change to the format above, moving a module it names included.
#   3: syllable, folded and bigram fields; posting blocks of packed numbers
#   4: the filter keys of archive.filters
#   5: the engine under search.embedded; no stored copy of the entities
#   6: posting blocks of plain bytes with a header, no pickle
#   7: image captions, three ways, the exact text stored
#   8: terms of at most codec.INLINE_LIMIT postings kept in the term index, without a block
FORMAT_VERSION = 8
VERSION_FILE = "UNIONNEWS_SCHEMA"


def has_current_index(directory: Path) -> bool:
    """An index of this format exists there (Whoosh's table of contents, and our marker beside it)."""
    marker = directory / VERSION_FILE
    try:
        return marker.read_text().strip() == str(FORMAT_VERSION) and any(directory.glob("_MAIN_*.toc"))
    except OSError:
        return False

"""Repeated blocks learnt across pages, kept in the archive: which text blocks each site repeats.

Every article page that is processed adds the fingerprints of its text blocks to its site's counts,
once per distinct article (keyed by headline, so one story served under two URLs is not its own
repeated block). A block is one of the site's repeated blocks once at least `MIN_SEEN` of the site's articles have been
seen and it appears on `MIN_PAGES` of them and on half of all: footers, slogans and banner lines are
on nearly every page, while a "Tin mới" teaser or a lead shown in a related box is on a few for a
while, and must not be cut from its own article. The knowledge grows as pages arrive; an article
stored before a block was learnt loses it when it is re-crawled or re-extracted.

Counting every block of every page cost more than cleaning it, and once a site has a few hundred
articles the shares barely move. So after `WARM_UP` counted articles a site's blocks are counted
only for the articles whose headline falls in one of `SAMPLE` buckets, each with weight `SAMPLE`,
while every article still counts towards the number seen: the weighted count of a block estimates
its true count without bias (every page is counted either exactly or as a weighted sample, whatever
a worker believed about the warm-up), so the share threshold means what it meant. A worker reads a
site's repeated blocks afresh for every page during the warm-up, and then keeps it for `RELOAD_PAGES`
pages or `RELOAD_SECONDS`, whichever ends first: what other workers learn meanwhile reaches it late
by at most that much, while the shares it rests on move by a fraction of a per cent.
"""

from __future__ import annotations

import time
import weakref
from dataclasses import dataclass

from sqlalchemy import ForeignKey, Integer, String, func, select
from sqlalchemy.orm import Mapped, mapped_column

from archive.db import dialect_insert
from archive.models import Base
from archive.store import Archive
from cleaner.repeated import MIN_PAGES, MIN_SEEN, RepeatedBlocks, fingerprint

SHARE_OF_PAGES = 0.5
WARM_UP = 200  # counted articles of a site after which its blocks are sampled
SAMPLE = 8  # then one article in SAMPLE (by headline) counts its blocks, with weight SAMPLE
RELOAD_PAGES = 50  # after the warm-up a worker re-reads a site's repeated blocks every so many pages
RELOAD_SECONDS = 30.0  # or this often, whichever comes first


class RepeatedBlock(Base):
    __tablename__ = "template_blocks"  # the tables keep the names revision 0003 gave them

    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"), primary_key=True)
    fingerprint: Mapped[str] = mapped_column(String(16), primary_key=True)
    pages: Mapped[int] = mapped_column(Integer, default=0)


class RepeatedBlockPage(Base):
    """An article already counted for its site (by headline fingerprint)."""

    __tablename__ = "template_pages"

    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"), primary_key=True)
    key: Mapped[str] = mapped_column(String(16), primary_key=True)


@dataclass
class _Loaded:
    """A site's repeated blocks as one worker last read them."""

    known: frozenset[str]
    seen: int  # articles counted for the site then
    at: float
    uses: int = 0


# Per Archive object, not per engine id: an id may be reused by the next archive a process opens.
_loaded: weakref.WeakKeyDictionary[Archive, dict[int, _Loaded]] = weakref.WeakKeyDictionary()


def _read(archive: Archive, site_id: int) -> _Loaded:
    with archive.session() as session:
        seen_pages = session.scalar(select(func.count()).where(RepeatedBlockPage.site_id == site_id)) or 0
        if seen_pages < MIN_SEEN:
            return _Loaded(frozenset(), seen_pages, time.monotonic())
        threshold = max(MIN_PAGES, SHARE_OF_PAGES * seen_pages)
        known = session.scalars(
            select(RepeatedBlock.fingerprint).where(RepeatedBlock.site_id == site_id, RepeatedBlock.pages >= threshold)
        )
        return _Loaded(frozenset(known), seen_pages, time.monotonic())


def load_repeated_blocks(archive: Archive, site_id: int) -> RepeatedBlocks:
    """What the site is known to repeat, ready to be filled with the next page's blocks."""
    sites = _loaded.setdefault(archive, {})
    loaded = sites.get(site_id)
    if (
        loaded is None
        or loaded.seen < WARM_UP
        or loaded.uses >= RELOAD_PAGES
        or time.monotonic() - loaded.at >= RELOAD_SECONDS
    ):
        loaded = sites[site_id] = _read(archive, site_id)
    loaded.uses += 1
    return RepeatedBlocks(known=loaded.known)


def sampled(key: str) -> bool:
    """Whether an article (by headline fingerprint) counts its blocks once its site is past the warm-up."""
    return int(key, 16) % SAMPLE == 0


def learn_repeated_blocks(archive: Archive, site_id: int, headline: str, repeated: RepeatedBlocks) -> None:
    """Count this article for its site, and its blocks as the warm-up or the sample says, unless counted before.

    Upserts, so that workers cleaning pages of one site at once count each article once and never
    collide on a block's row (ON CONFLICT makes the database decide; blocks go in sorted order).
    """
    key = fingerprint(headline)
    loaded = _loaded.get(archive, {}).get(site_id)
    weight = 1 if loaded is None or loaded.seen < WARM_UP else SAMPLE if sampled(key) else 0
    with archive.sessions.begin() as session:
        insert = dialect_insert(session)
        page = insert(RepeatedBlockPage.__table__).on_conflict_do_nothing().returning(RepeatedBlockPage.key)
        counted = session.execute(page, {"site_id": site_id, "key": key}).first()  # values as parameters: compiled once
        if counted is None or weight == 0:
            return
        rows = [{"site_id": site_id, "fingerprint": digest, "pages": weight} for digest in sorted(repeated.seen)]
        if rows:  # one executemany: compiled once per process, where VALUES of n rows compiled for every page
            blocks = insert(RepeatedBlock.__table__)
            session.execute(
                blocks.on_conflict_do_update(
                    index_elements=[RepeatedBlock.site_id, RepeatedBlock.fingerprint],
                    set_={"pages": RepeatedBlock.pages + blocks.excluded.pages},
                ),
                rows,
            )

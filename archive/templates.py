"""Cross-page template learning, kept in the archive: which text blocks each site repeats.

Every article page that is processed adds the fingerprints of its text blocks to its site's counts,
once per distinct article (keyed by headline, so one story served under two URLs is not its own
template). A block is the site's template once at least `MIN_SEEN` of the site's articles have been
seen and it appears on `MIN_PAGES` of them and on half of all: footers, slogans and banner lines are on nearly every page,
while a "Tin mới" teaser or a lead shown in a related box is on a few for a while, and must not be
cut from its own article. The knowledge grows as pages arrive; an article stored before a block
was learnt loses it when it is re-crawled or re-extracted.
"""

from __future__ import annotations

from sqlalchemy import ForeignKey, Integer, String, func, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Mapped, mapped_column

from archive.db import dialect_insert
from archive.models import Base
from archive.store import Archive
from cleaner.templates import MIN_PAGES, MIN_SEEN, SiteTemplate, fingerprint

SHARE_OF_PAGES = 0.5


class TemplateBlock(Base):
    __tablename__ = "template_blocks"

    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"), primary_key=True)
    fingerprint: Mapped[str] = mapped_column(String(16), primary_key=True)
    pages: Mapped[int] = mapped_column(Integer, default=0)


class TemplatePage(Base):
    """An article already counted for its site (by headline fingerprint)."""

    __tablename__ = "template_pages"

    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"), primary_key=True)
    key: Mapped[str] = mapped_column(String(16), primary_key=True)


_ready: set[int] = set()


def _ensure_tables(engine: Engine) -> None:
    """The archive creates its tables at start-up; these are created on first use if it predates them."""
    if id(engine) not in _ready:
        Base.metadata.create_all(engine, tables=[TemplateBlock.__table__, TemplatePage.__table__])
        _ready.add(id(engine))


def load_template(archive: Archive, site_id: int) -> SiteTemplate:
    """What the site is known to repeat, ready to be filled with the next page's blocks."""
    _ensure_tables(archive.engine)
    with archive.session() as session:
        seen_pages = session.scalar(select(func.count()).where(TemplatePage.site_id == site_id)) or 0
        if seen_pages < MIN_SEEN:
            return SiteTemplate()
        threshold = max(MIN_PAGES, SHARE_OF_PAGES * seen_pages)
        known = session.scalars(
            select(TemplateBlock.fingerprint).where(TemplateBlock.site_id == site_id, TemplateBlock.pages >= threshold)
        )
        return SiteTemplate(known=frozenset(known))


def learn_template(archive: Archive, site_id: int, headline: str, template: SiteTemplate) -> None:
    """Count this article's blocks for its site, unless this article was counted before.

    Upserts, so that workers cleaning pages of one site at once count each article once and never
    collide on a block's row (ON CONFLICT makes the database decide; blocks go in sorted order).
    """
    _ensure_tables(archive.engine)
    key = fingerprint(headline)
    with archive.sessions.begin() as session:
        insert = dialect_insert(session)
        counted = session.execute(
            insert(TemplatePage).values(site_id=site_id, key=key).on_conflict_do_nothing().returning(TemplatePage.key)
        ).first()
        if counted is None:
            return
        rows = [{"site_id": site_id, "fingerprint": digest, "pages": 1} for digest in sorted(template.seen)]
        if rows:  # one executemany: compiled once per process, where VALUES of n rows compiled for every page
            blocks = insert(TemplateBlock.__table__).on_conflict_do_update(
                index_elements=[TemplateBlock.site_id, TemplateBlock.fingerprint],
                set_={"pages": TemplateBlock.pages + 1},
            )
            session.execute(blocks, rows)

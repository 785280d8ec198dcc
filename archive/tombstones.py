"""Deleted articles, remembered until the search index has dropped them.

The index learns about new and changed articles by comparing hashes, but a deleted row leaves
nothing to compare. Every ORM delete of an `Article` in a session of an `Archive` (which registers
this module's listener when it opens) writes a `deleted_articles` row in the same transaction; the
index sync removes those ids from the index and then clears the rows. The table comes from the
migrations (0001), like every other.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, event, select
from sqlalchemy.orm import Mapped, Session, mapped_column, sessionmaker

from archive.models import Article, Base, utcnow

if TYPE_CHECKING:
    from archive.store import Archive


class DeletedArticle(Base):
    __tablename__ = "deleted_articles"

    article_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    url: Mapped[str | None]
    deleted_at: Mapped[datetime] = mapped_column(default=utcnow)


def register(sessions: sessionmaker[Session]) -> None:
    """Remember the articles that sessions made by `sessions` delete (called where an Archive is opened)."""
    event.listen(sessions, "before_flush", _record_deletes)


def _record_deletes(session: Session, _context: Any, _instances: Any) -> None:
    deleted = [obj for obj in session.deleted if isinstance(obj, Article)]
    if not deleted:
        return
    for article in deleted:
        session.merge(DeletedArticle(article_id=article.id, url=article.url))


def delete_articles(archive: Archive, article_ids: Iterable[int]) -> int:
    """Delete articles from the archive (their raw pages stay); the index drops them at its next sync."""
    with archive.sessions.begin() as session:
        rows = list(session.scalars(select(Article).where(Article.id.in_(list(article_ids)))))
        for row in rows:
            session.delete(row)
        return len(rows)


def pending_deletes(archive: Archive) -> list[int]:
    with archive.session() as session:
        return list(session.scalars(select(DeletedArticle.article_id).order_by(DeletedArticle.article_id)))


def clear_deletes(archive: Archive, article_ids: Iterable[int]) -> None:
    ids = list(article_ids)
    if ids:
        with archive.sessions.begin() as session:
            session.execute(delete(DeletedArticle).where(DeletedArticle.article_id.in_(ids)))

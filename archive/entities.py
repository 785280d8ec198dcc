"""Entities as first-class rows: one row per distinct entity, one per mention, linked to the article.

The article's `entities` JSON keeps what export needs in one read; these tables answer the
researcher's questions ("every article where Bế Thị Hòa appears", "all organisations in Chi Lăng")
with an index lookup instead of a scan.
"""

from __future__ import annotations

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint, delete, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from archive.models import Base
from cleaner.article import Entity
from search.vietnamese import fold


class EntityRow(Base):
    __tablename__ = "entities"
    __table_args__ = (UniqueConstraint("type", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    type: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(500))
    key: Mapped[str] = mapped_column(String(500), index=True)  # folded name: "be thi hoa"
    kind: Mapped[str | None] = mapped_column(String(20))
    province: Mapped[str | None] = mapped_column(String(100))
    province_new: Mapped[str | None] = mapped_column(String(100))


class Mention(Base):
    __tablename__ = "mentions"

    id: Mapped[int] = mapped_column(primary_key=True)
    entity_id: Mapped[int] = mapped_column(ForeignKey("entities.id"), index=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    field: Mapped[str] = mapped_column(String(20))
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    role: Mapped[str | None] = mapped_column(Text)


def _entity_id(session: Session, entity: Entity, cache: dict[tuple[str, str], int]) -> int:
    key = (entity.type, entity.name)
    if key in cache:
        return cache[key]
    row = session.scalar(select(EntityRow).where(EntityRow.type == entity.type, EntityRow.name == entity.name))
    if row is None:
        row = EntityRow(type=entity.type, name=entity.name, key=fold(entity.name), kind=entity.kind,
                        province=entity.province, province_new=entity.province_new)  # fmt: skip
        session.add(row)
        session.flush()
    cache[key] = row.id
    return row.id


def replace_mentions(session: Session, article_id: int, entities: tuple[Entity, ...]) -> None:
    """Make the article's mention rows exactly `entities` (re-extraction may find others)."""
    session.execute(delete(Mention).where(Mention.article_id == article_id))
    cache: dict[tuple[str, str], int] = {}
    session.add_all(
        Mention(entity_id=_entity_id(session, e, cache), article_id=article_id, field=e.field, start=e.start,
                end=e.end, text=e.text, role=e.role)  # fmt: skip
        for e in entities
    )

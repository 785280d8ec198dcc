"""Entities as first-class rows: one row per distinct entity, one per mention, linked to the article.

The article's `entities` JSON keeps what export needs in one read; these tables answer the
researcher's questions ("every article where Bế Thị Hòa appears", "all organisations in Chi Lăng")
with an index lookup instead of a scan. `relations` rows (who holds which post at which body, as one
article says, on its day) are what timelines are merged from (archive/timelines.py).
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, ForeignKey, Integer, String, Text, UniqueConstraint, delete, insert, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from archive.db import dialect_insert
from archive.models import Base
from cleaner.article import Entity
from cleaner.entities.relations import Relation
from vnlang.text import fold


class EntityRow(Base):
    __tablename__ = "entities"
    __table_args__ = (UniqueConstraint("type", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    type: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(Text)
    key: Mapped[str] = mapped_column(Text, index=True)  # folded name: "be thi hoa"
    kind: Mapped[str | None] = mapped_column(String(20))
    province: Mapped[str | None] = mapped_column(Text)
    province_new: Mapped[str | None] = mapped_column(Text)


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


class RelationRow(Base):
    """One post of one person at one body, as one article states it on its day."""

    __tablename__ = "relations"

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("entities.id"), index=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("entities.id"), index=True)
    post: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(10))  # current | former | new
    province: Mapped[str | None] = mapped_column(Text)  # the publishing site's province
    province_new: Mapped[str | None] = mapped_column(Text)  # … and its successor after 1 July 2025
    day: Mapped[date | None] = mapped_column(Date)  # the article's publication day


def _entity_ids(session: Session, entities: tuple[Entity, ...]) -> dict[tuple[str, str], int]:
    """Ids of the entities' rows, inserting the new ones.

    Workers storing articles about the same new entity at once must not both insert it: ON CONFLICT
    lets the database keep one. Rows go in sorted order, so two transactions never wait on each other's
    entities in opposite orders (a deadlock on PostgreSQL).
    """
    first: dict[tuple[str, str], Entity] = {}
    for entity in entities:
        first.setdefault((entity.type, entity.name), entity)
    if not first:
        return {}
    rows = [
        {"type": e.type, "name": e.name, "key": fold(e.name), "kind": e.kind, "province": e.province,
         "province_new": e.province_new}
        for _, e in sorted(first.items())
    ]  # fmt: skip
    new = dialect_insert(session)(EntityRow.__table__).on_conflict_do_nothing(index_elements=["type", "name"])
    session.execute(new, rows)  # executemany: compiled once, not once per number of entities
    found = session.execute(
        select(EntityRow.type, EntityRow.name, EntityRow.id).where(EntityRow.name.in_(sorted({name for _, name in first})))
    )
    return {(type_, name): id_ for type_, name, id_ in found if (type_, name) in first}


def replace_mentions(
    session: Session, article_id: int, entities: tuple[Entity, ...], relations: tuple[Relation, ...] = (), new: bool = False
) -> None:
    """Make the article's mention and relation rows exactly `entities` and `relations` (re-extraction may find others).

    A `new` article's row was just inserted: no row can point at it yet, so there is nothing to delete.
    """
    if not new:
        session.execute(delete(Mention).where(Mention.article_id == article_id))
        session.execute(delete(RelationRow).where(RelationRow.article_id == article_id))
    named = [Entity("person", r.person, r.person, 0, 0) for r in relations]  # a relation's body may be printed
    named += [Entity("organization", r.organization, r.organization, 0, 0) for r in relations]  # only in a role
    ids = _entity_ids(session, entities + tuple(named))
    if relations:
        session.execute(insert(RelationRow.__table__), [
            {"article_id": article_id, "person_id": ids["person", r.person], "organization_id": ids["organization", r.organization],
             "post": r.post, "status": r.status, "province": r.province, "province_new": r.province_new,
             "day": date.fromisoformat(r.date) if r.date else None}
            for r in relations
        ])  # fmt: skip
    if entities:  # Core executemany: no ORM object per mention, and pages carry dozens
        session.execute(insert(Mention.__table__), [
            {"entity_id": ids[e.type, e.name], "article_id": article_id, "field": e.field, "start": e.start,
             "end": e.end, "text": e.text, "role": e.role}
            for e in entities
        ])  # fmt: skip

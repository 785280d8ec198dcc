"""Timelines: the posts a person held, and who held the posts of a body, merged from dated relations.

Every `relations` row is one article's word on one day. A timeline of a post (person, post, body) runs
from its first dated mention to its last, with the articles as evidence; "tân"/"được bầu" mentions mark
when it started. A former mention ("nguyên Chủ tịch") on or after the last current one ends it; a current
mention after a former one (a return to the post) opens it again.

One name is not one person: "Nguyễn Văn Thắng" of Bắc Giang and of Long An are two people. Rows are
grouped by the province their article came from, counted after the 2025 merger (Long An and Tây Ninh
became one Tây Ninh, so a Long An chairman reported later from Tây Ninh stays one person), and two groups
join only when the evidence joins them: the same post at the same body.

The entity's profile (articles per month, the names mentioned alongside) also lives here: the web app,
the JSON API and `unionnews entities --show` print the same record.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Row, distinct, func, select
from sqlalchemy.orm import Session, aliased

from archive.entities import EntityRow, Mention, RelationRow
from archive.models import Article
from cleaner.entities.relations import FORMER, NEW

CO_MENTIONED = 10  # names listed beside an entity, per type


@dataclass(frozen=True)
class Evidence:
    article_id: int
    title: str
    url: str
    day: date | None
    status: str
    province: str | None  # the publishing site's province, and its successor after 1 July 2025
    province_new: str | None


@dataclass
class Tenure:
    """One post at one body held by one person, as the articles show it."""

    post: str
    organization: str
    organization_id: int
    person: str
    person_id: int
    evidence: list[Evidence] = field(default_factory=list)

    def _days(self, *statuses: str) -> list[date]:
        return sorted(e.day for e in self.evidence if e.day and e.status in statuses)

    @property
    def first(self) -> date | None:
        days = self._days("current", NEW) or self._days(FORMER)
        return days[0] if days else None

    @property
    def last(self) -> date | None:
        days = self._days("current", NEW)
        return days[-1] if days else None

    @property
    def started(self) -> date | None:
        days = self._days(NEW)
        return days[0] if days else None

    @property
    def ended(self) -> date | None:
        """The first former mention on or after the last current one: the post was left by then."""
        last = self.last
        return next((d for d in self._days(FORMER) if last is None or d >= last), None)

    def record(self) -> dict[str, Any]:
        iso = lambda d: d.isoformat() if d else None  # noqa: E731
        return {
            "post": self.post, "organization": self.organization, "organization_id": self.organization_id,
            "person": self.person, "person_id": self.person_id, "first": iso(self.first), "last": iso(self.last),
            "started": iso(self.started), "ended": iso(self.ended), "open": self.ended is None,
            "evidence": [{"article_id": e.article_id, "title": e.title, "url": e.url, "day": iso(e.day), "status": e.status,
                          "province": e.province, "province_new": e.province_new}
                         for e in sorted(self.evidence, key=lambda e: (e.day or date.min, e.article_id))],
        }  # fmt: skip


@dataclass
class Identity:
    """One person behind a name: the provinces their articles came from and their posts."""

    name: str
    provinces: list[str]
    tenures: list[Tenure]

    def record(self) -> dict[str, Any]:
        return {"name": self.name, "provinces": self.provinces, "posts": [t.record() for t in self.tenures]}


def _relation_rows(session: Session, *where: Any) -> list[Row[Any]]:
    person, body = aliased(EntityRow), aliased(EntityRow)
    query = (
        select(RelationRow, person.name.label("person"), body.name.label("organization"), Article.title, Article.url)
        .join(person, person.id == RelationRow.person_id)
        .join(body, body.id == RelationRow.organization_id)
        .join(Article, Article.id == RelationRow.article_id)
        .where(*where)
    )
    return list(session.execute(query))


def _tenures(rows: list[Row[Any]]) -> list[Tenure]:
    tenures: dict[tuple[int, str, int], Tenure] = {}
    for row in rows:
        r = row.RelationRow
        key = (r.person_id, r.post, r.organization_id)
        tenure = tenures.setdefault(key, Tenure(r.post, row.organization, r.organization_id, row.person, r.person_id))
        tenure.evidence.append(Evidence(r.article_id, row.title, row.url, r.day, r.status, r.province, r.province_new))
    return sorted(tenures.values(), key=lambda t: (t.first or date.max, t.post))


def _identities(name: str, rows: list[Row[Any]]) -> list[Identity]:
    """Rows grouped by province after 2025, groups joined where they share a post at a body."""
    groups: dict[str, list[Row[Any]]] = defaultdict(list)
    for row in rows:
        groups[row.RelationRow.province_new or row.RelationRow.province or ""].append(row)
    merged: list[tuple[set[tuple[str, int]], list[Row[Any]]]] = []
    for group in groups.values():
        posts = {(row.RelationRow.post, row.RelationRow.organization_id) for row in group}
        joined = [m for m in merged if m[0] & posts]
        for m in joined:
            merged.remove(m)
            posts |= m[0]
            group = m[1] + group
        merged.append((posts, group))
    identities = []
    for _, group in merged:
        provinces = sorted({p for row in group for p in (row.RelationRow.province, row.RelationRow.province_new) if p})
        identities.append(Identity(name, provinces, _tenures(group)))
    return sorted(identities, key=lambda i: (-len(i.tenures), i.provinces))


def person_timelines(session: Session, person_id: int) -> list[Identity]:
    entity = session.get(EntityRow, person_id)
    return _identities(entity.name, _relation_rows(session, RelationRow.person_id == person_id)) if entity else []


def organization_timeline(session: Session, organization_id: int) -> list[Tenure]:
    """Who held which post at this body, each post a timeline."""
    return _tenures(_relation_rows(session, RelationRow.organization_id == organization_id))


def articles_per_month(session: Session, entity_id: int) -> list[tuple[str, int]]:
    days = session.scalars(
        select(Article.published_date).join(Mention, Mention.article_id == Article.id).where(Mention.entity_id == entity_id)
        .group_by(Article.id, Article.published_date)
    )  # fmt: skip
    months = Counter(d.strftime("%Y-%m") for d in days if d)
    return sorted(months.items())


def co_mentioned(session: Session, entity_id: int) -> dict[str, list[tuple[int, str, int]]]:
    """The people and organisations most often named in the same articles: {type: [(id, name, articles)]}."""
    articles = select(Mention.article_id).where(Mention.entity_id == entity_id)
    count = func.count(distinct(Mention.article_id)).label("n")
    query = (
        select(EntityRow.id, EntityRow.name, EntityRow.type, count)
        .join(Mention, Mention.entity_id == EntityRow.id)
        .where(Mention.article_id.in_(articles), EntityRow.id != entity_id, EntityRow.type.in_(("person", "organization")))
        .group_by(EntityRow.id, EntityRow.name, EntityRow.type)
        .order_by(count.desc(), EntityRow.name)
    )
    found: dict[str, list[tuple[int, str, int]]] = {"person": [], "organization": []}
    for id_, name, type_, n in session.execute(query):
        if len(found[type_]) < CO_MENTIONED:
            found[type_].append((id_, name, n))
    return found


def find_entity(session: Session, type_: str, name: str) -> EntityRow | None:
    return session.scalar(select(EntityRow).where(EntityRow.type == type_, EntityRow.name == name))


def profile(session: Session, entity: EntityRow) -> dict[str, Any]:
    """Everything the entity's page shows, as JSON-ready data."""
    record: dict[str, Any] = {
        "id": entity.id, "type": entity.type, "name": entity.name, "kind": entity.kind,
        "province": entity.province, "province_new": entity.province_new,
        "articles_per_month": [{"month": m, "articles": n} for m, n in articles_per_month(session, entity.id)],
        "co_mentioned": {t: [{"id": i, "name": name, "articles": n} for i, name, n in rows]
                         for t, rows in co_mentioned(session, entity.id).items()},
    }  # fmt: skip
    if entity.type == "person":
        record["people"] = [identity.record() for identity in person_timelines(session, entity.id)]
    elif entity.type == "organization":
        record["posts"] = [tenure.record() for tenure in organization_timeline(session, entity.id)]
    return record

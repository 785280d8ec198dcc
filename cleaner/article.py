"""The cleaned article: what the archive stores, the index searches and the export writes."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import datetime
from typing import TYPE_CHECKING, Any

from vnlang.dates import iso_local

if TYPE_CHECKING:  # the relation rules import this module's Entity
    from cleaner.entities.relations import Relation


class ExtractionError(ValueError):
    """A page that cannot yield an article (no title, no body): recorded, never fatal to a crawl."""


class NotAnArticle(ExtractionError):
    """A page that was asked to read as an article and reads as something else (a listing, an "about" page).

    Not a failure: where the URL could not say what a page is, most pages a walk opens are not articles.
    """


@dataclass(frozen=True)
class Entity:
    """A named thing mentioned in the body; `start`/`end` are character offsets into the body."""

    type: str  # person | organization | place
    name: str  # canonical form
    text: str  # as printed
    start: int
    end: int
    field: str = "body"  # where the offsets point: body, title, or caption:N
    role: str | None = None  # a person's position, as printed ("Phó Chủ tịch Thường trực LĐLĐ tỉnh")
    kind: str | None = None  # a place's level: province, municipality, city, district, commune, village, country
    province: str | None = None  # a place's province before the 2025 reorganisation
    province_new: str | None = None  # … and after it


@dataclass(frozen=True)
class Figure:
    """A number worth citing: money in đồng, a head count, or a date inside the text resolved to ISO."""

    kind: str  # money | count | date
    text: str
    value: int | str
    unit: str | None
    start: int
    end: int


@dataclass(frozen=True)
class CleanedArticle:
    url: str
    title: str
    body: str
    published: datetime | None = None
    author: str | None = None
    byline: str | None = None
    category: str | None = None
    captions: tuple[str, ...] = ()
    entities: tuple[Entity, ...] = field(default=())
    figures: tuple[Figure, ...] = field(default=())
    relations: tuple[Relation, ...] = field(default=())  # who holds which post, as this article says

    def to_record(self) -> dict[str, Any]:
        """JSON-ready form; dates in Vietnam's time zone because that is how the sites print them."""
        return {
            "url": self.url,
            "title": self.title,
            "published": iso_local(self.published),
            "author": self.author,
            "byline": self.byline,
            "category": self.category,
            "body": self.body,
            "captions": list(self.captions),
            "entities": [{name: getattr(e, name) for name in _ENTITY_FIELDS} for e in self.entities],
            "figures": [{name: getattr(f, name) for name in _FIGURE_FIELDS} for f in self.figures],
        }


# Their values are strings, numbers and None: a shallow dict is what dataclasses.asdict's deep copy gave, faster.
_ENTITY_FIELDS = tuple(f.name for f in fields(Entity))
_FIGURE_FIELDS = tuple(f.name for f in fields(Figure))

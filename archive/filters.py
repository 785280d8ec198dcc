"""The search filters, declared once: one row per filter says what it is called and how it matches.

Every front end is made from `FILTERS`: the options of `unionnews search` and `export`, the query
parameters of the web pages and the API, the search request, the index's masks and the export's SQL.
Adding a filter is adding a row. An article matches a filter by one rule wherever it is answered:
the row's `key` makes the value typed and the value stored comparable ("LĐLĐ tỉnh Bắc Kạn" and the
stored "Liên đoàn Lao động tỉnh Bắc Kạn" meet as one key), and the index stores exactly those keys,
so a search and an export without query text (answered by the archive alone) keep the same articles.
The model is datasette's filters.py: each filter with its SQL and its human text in one place.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from archive.models import Article, Site
from vnlang.abbreviations import expand_name
from vnlang.dates import VIETNAM
from vnlang.text import fold, nfc, nfc_name

YEARS = (1900, 2100)  # the dates a filter accepts: beyond them time-zone arithmetic overflows, and no news exists
ENTITY_TYPES = ("person", "organization", "place")
# The index's syllable pattern (search.analysis): "18.000" is one word, as Vietnamese prints thousands.
_WORD = re.compile(r"\w+(?:[.,]\d+)*")


class FilterError(ValueError):
    """A filter value the user must change; the message names the parameter and is shown as is."""


def name_key(text: str) -> str:
    """A name with diacritics, tone style, case and spacing made irrelevant: "Bế Thị  Hoà" → "be thi hoa".

    Commas become spaces: the index keeps several names in one comma-separated field.
    """
    return " ".join(fold(nfc(text).replace(",", " ")).split())


def organization_key(text: str) -> str:
    """An organisation's key, its abbreviated head spelled out as the entity rules store it (vnlang.abbreviations)."""
    return name_key(expand_name(nfc(text)))


def words(text: str) -> tuple[str, ...]:
    """The folded words of a text, as the index's folded fields hold them."""
    return tuple(_WORD.findall(fold(nfc(text))))


def parse_date(text: str, param: str) -> date:
    """YYYY-MM-DD (what date inputs send) or DD/MM/YYYY (what Vietnamese readers write)."""
    for form in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            parsed = datetime.strptime(text.strip(), form).date()
        except ValueError:
            continue
        if not YEARS[0] <= parsed.year <= YEARS[1]:
            raise FilterError(f"{param}: năm {parsed.year} nằm ngoài {YEARS[0]}–{YEARS[1]} (year out of range)")
        return parsed
    raise FilterError(f"{param}: «{text}» không phải ngày hợp lệ (not a date: use YYYY-MM-DD or DD/MM/YYYY)")


@dataclass(frozen=True)
class Filter:
    """One filter. `match`: "equal" (the key of a stored value equals the key of the value), "words"
    (every word of the value is among the stored value's words), "since" or "until" (dates, in Vietnam time)."""

    name: str  # the attribute of Filters: "persons"
    param: str  # the URL parameter; the CLI option is --param with "-" for "_"
    label: str  # the page's chip: "người"
    help: str  # the CLI's and the API's description
    source: str  # what of an article it tests: a field of the export record, or an entity type
    index_field: str  # the search index's field holding the keys of each article
    key: Callable[[str], Any] = nfc_name  # how a value, typed or stored, becomes comparable
    match: str = "equal"
    repeatable: bool = False
    every: bool = True  # repeated values: an article must match every one (False: any one)

    @property
    def option(self) -> str:
        return "--" + self.param.replace("_", "-")

    @property
    def dated(self) -> bool:
        return self.match in ("since", "until")

    @property
    def on_site(self) -> bool:
        """Answered by choosing sites: the value lives on the site, not on each article."""
        return self.source in ("site", "province")

    def parse(self, text: str) -> Any:
        """A value as typed (URL or command line) → the filter's value."""
        return parse_date(text, self.param) if self.dated else nfc(text).strip()

    def show(self, value: Any) -> str:
        """A value as a URL carries it."""
        return value.isoformat() if isinstance(value, date) else str(value)

    def bound(self, value: date) -> datetime:
        """A date filter's limit: the first or the last instant of that day in Vietnam."""
        return datetime.combine(value, time.min if self.match == "since" else time.max, VIETNAM)

    def stored(self, record: Mapping[str, Any]) -> list[str]:
        """The article's values this filter tests, from its export record."""
        if self.source in ENTITY_TYPES:
            return [str(e.get("name") or e.get("text") or "") for e in record["entities"] if e.get("type") == self.source]
        value = record.get(self.source)
        return [value] if value else []

    def matches(self, stored: list[str], value: Any) -> bool:
        """The one matching rule of this filter (the index applies it through the keys it stores)."""
        if self.match == "words":
            return set(self.key(value)) <= {word for text in stored for word in self.key(text)}
        return self.key(value) in {self.key(text) for text in stored}


FILTERS = (
    Filter("sites", "site", "trang tin", "Only these sites (repeatable).", "site", "site", repeatable=True,
           every=False),
    Filter("province", "province", "tỉnh", "Only this province (diacritics optional).", "province", "province_key",
           key=name_key),
    Filter("author", "author", "tác giả", "Only articles by this author: every word, diacritics optional.",
           "author", "author_key", key=words, match="words"),
    Filter("author_name", "author_name", "tác giả", "Only articles by exactly this author (as the author facet "
           "lists it).", "author", "author"),
    Filter("category", "category", "chuyên mục", "Only articles in this category: every word, diacritics optional.",
           "category", "category_key", key=words, match="words"),
    Filter("persons", "person", "người", "Only articles naming this person (repeatable; diacritics optional).",
           "person", "person", key=name_key, repeatable=True),
    Filter("organizations", "org", "tổ chức", "Only articles naming this organisation (repeatable; diacritics and "
           "abbreviations such as LĐLĐ optional).", "organization", "organization", key=organization_key,
           repeatable=True),
    Filter("places", "place", "địa danh", "Only articles naming this place (repeatable; diacritics optional).",
           "place", "place", key=name_key, repeatable=True),
    Filter("date_from", "from", "từ ngày", "Published on or after this day (YYYY-MM-DD or DD/MM/YYYY).",
           "published", "published", match="since"),
    Filter("date_to", "to", "đến ngày", "Published on or before this day (YYYY-MM-DD or DD/MM/YYYY).",
           "published", "published", match="until"),
)  # fmt: skip
BY_NAME = {f.name: f for f in FILTERS}
BY_PARAM = {f.param: f for f in FILTERS}


def index_key(index_field: str, value: str | None) -> str:
    """The key the index stores in `index_field` for an article's value: the same the filter looks up."""
    return next(f for f in FILTERS if f.index_field == index_field).key(value or "")


class Filters:
    """The filter values of one search or export. Repeatable filters read as tuples, the others as a value or None.

    Text is NFC and stripped, empty values and repeats dropped, so every front end hands the same value here.
    """

    __slots__ = ("_values",)
    _values: dict[str, tuple[Any, ...]]

    def __init__(self, **values: Any) -> None:
        kept: dict[str, tuple[Any, ...]] = {}
        for name, value in values.items():
            if name not in BY_NAME:
                raise TypeError(f"no filter named {name!r}")
            given = value if isinstance(value, tuple | list) else (value,)
            clean = (nfc(v).strip() if isinstance(v, str) else v for v in given)
            found = tuple(dict.fromkeys(v for v in clean if v is not None and v != ""))
            if len(found) > 1 and not BY_NAME[name].repeatable:
                raise FilterError(f"{BY_NAME[name].param}: give one value")
            if found:
                kept[name] = found
        object.__setattr__(self, "_values", {f.name: kept[f.name] for f in FILTERS if f.name in kept})
        start, end = self.published()
        if start and end and start > end:
            since = next(f.param for f in FILTERS if f.match == "since")
            raise FilterError(f"{since}: ngày bắt đầu sau ngày kết thúc (the start date is after the end date)")

    @classmethod
    def parse(cls, values: Mapping[str, str | Iterable[str] | None]) -> Filters:
        """Filters from text as typed, by filter name: one text, several, or None (the CLI and the web app's way)."""
        texts = {name: (given,) if isinstance(given, str) else given or () for name, given in values.items()}
        return cls(**{name: tuple(BY_NAME[name].parse(t) for t in typed if t.strip()) for name, typed in texts.items()})

    def __getattr__(self, name: str) -> Any:
        if name not in BY_NAME:
            raise AttributeError(name)
        values = self._values.get(name, ())
        return values if BY_NAME[name].repeatable else (values[0] if values else None)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("Filters are immutable: use changed()")

    def __bool__(self) -> bool:
        return bool(self._values)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Filters) and self._values == other._values

    def __hash__(self) -> int:
        return hash(tuple(self._values.items()))

    def __repr__(self) -> str:
        return f"Filters({', '.join(f'{name}={values!r}' for name, values in self._values.items())})"

    def items(self) -> Iterator[tuple[Filter, tuple[Any, ...]]]:
        """The filters in force and their values, in table order."""
        for name, values in self._values.items():
            yield BY_NAME[name], values

    def changed(self, **values: Any) -> Filters:
        return Filters(**{**self._values, **values})

    def within(self, first: date | None, last: date | None) -> Filters:
        """These filters with the date range replaced (None: unbounded on that side)."""
        kept = {name: values for name, values in self._values.items() if not BY_NAME[name].dated}
        bounds = {f.name: first if f.match == "since" else last for f in FILTERS if f.dated}
        return Filters(**kept, **bounds)

    def published(self) -> tuple[datetime | None, datetime | None]:
        """The first and last instant a date filter keeps (None: unbounded)."""
        since = [f.bound(v) for f, values in self.items() if f.match == "since" for v in values]
        until = [f.bound(v) for f, values in self.items() if f.match == "until" for v in values]
        return (max(since) if since else None), (min(until) if until else None)

    # Answering from the archive: what an export without query text keeps.

    def select(self, session: Session, *columns: Any) -> Select[Any]:
        """The SQL part: site filters (matched in Python on the few sites) and dates; the rest is `row_matches`."""
        query = select(*columns).select_from(Article).join(Site, Article.site_id == Site.id)
        on_site = [(f, values) for f, values in self.items() if f.on_site]
        if on_site:
            ids = [sid for sid, name, province in session.execute(select(Site.id, Site.name, Site.province))
                   if all(_all_or_any(f, {"site": name, "province": province}, values) for f, values in on_site)]  # fmt: skip
            query = query.where(Article.site_id.in_(ids))
        start, end = self.published()
        if start:
            query = query.where(Article.published >= start)
        if end:
            query = query.where(Article.published <= end)
        return query

    def needs_row_check(self) -> bool:
        return any(not f.on_site and not f.dated for f, _ in self.items())

    def row_matches(self, record: Mapping[str, Any]) -> bool:
        """The filters SQL does not answer, on one export record."""
        return all(_all_or_any(f, record, values) for f, values in self.items() if not f.on_site and not f.dated)


def _all_or_any(field: Filter, record: Mapping[str, Any], values: tuple[Any, ...]) -> bool:
    stored = field.stored(record)
    return (all if field.every else any)(field.matches(stored, v) for v in values)

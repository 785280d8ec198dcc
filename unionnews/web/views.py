"""How archive data looks on a page: Vietnamese dates, safe snippets and links, the body with its entities marked.

Everything here returns plain text for the templates to escape, or Markup built only from escaped
pieces; nothing from a scraped page reaches the browser as markup.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

from markupsafe import Markup, escape

from archive.filters import FILTERS
from vnlang.dates import local_date, local_datetime

_MARK = re.compile(r"<mark>(.*?)</mark>", re.DOTALL)
ENTITY_LABELS = {"person": "Người (person)", "organization": "Tổ chức (organisation)", "place": "Địa danh (place)"}


def vn_datetime(value: datetime | str | None, empty: str = "không rõ ngày") -> str:
    """27/12/2020 19:56, in Vietnam time, as the sites and their readers write it (from a datetime or ISO text)."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return local_datetime(value, empty)


SOURCE_NAMES = {"crawl": "thu thập trực tiếp (live crawl)", "web-archive": "bản lưu web (web archive)",
                "warc": "tệp WARC (WARC file)", "file": "tệp đã lưu (saved file)"}


def cite(record: dict[str, Any], captured: datetime, accessed: datetime, archived_copy: str | None) -> str:
    """"Cite this": title, site, publication date, original URL, the archived copy (and its capture date), access date."""
    site = record["site"] + (f" ({record['province']})" if record.get("province") else "")
    published = local_date(datetime.fromisoformat(record["published"])) if record.get("published") else "không rõ ngày"
    copy = archived_copy or "lưu trữ unionnews"
    return (f"{record['title']}. {site}, {published}. {record['url']}. Bản lưu: {copy} "
            f"(chụp {local_date(captured)}). Truy cập {local_date(accessed)}.")


def vn_date_only(value: date | None, empty: str = "—") -> str:
    return value.strftime("%d/%m/%Y") if value else empty


def snippet_markup(snippet: str) -> Markup:
    """The index's snippet (escaped text, <mark> around matches) rebuilt from its text: only <mark> survives."""
    parts: list[str] = []
    last = 0
    for match in _MARK.finditer(snippet):
        parts.append(escape(html.unescape(snippet[last : match.start()])))
        parts.append(Markup("<mark>%s</mark>") % html.unescape(match.group(1)))
        last = match.end()
    parts.append(escape(html.unescape(snippet[last:])))
    return Markup("").join(parts)


def web_url(url: str | None) -> str | None:
    """The URL if a browser may follow it (http or https); never javascript:, data: or the like."""
    if not url:
        return None
    try:
        scheme = urlsplit(url.strip()).scheme.lower()
    except ValueError:
        return None
    return url.strip() if scheme in ("http", "https") else None


@dataclass(frozen=True)
class Run:
    """A stretch of body text, and the entity it names when it is a mention."""

    text: str
    kind: str | None = None
    name: str | None = None


def body_paragraphs(body: str, entities: list[dict[str, Any]]) -> list[list[Run]]:
    """The body's paragraphs as runs, with each body mention whose offsets still match the text marked."""
    mentions = sorted(
        (e for e in entities if e.get("field", "body") == "body" and isinstance(e.get("start"), int)
         and isinstance(e.get("end"), int) and body[e["start"] : e["end"]] == e.get("text") and e["end"] > e["start"]),
        key=lambda e: (e["start"], -e["end"]),
    )  # fmt: skip
    paragraphs: list[list[Run]] = []
    at = 0
    for text in body.split("\n\n"):
        start, end = at, at + len(text)
        runs: list[Run] = []
        cursor = start
        for mention in mentions:
            if mention["start"] < cursor or mention["end"] > end:
                continue
            if mention["start"] > cursor:
                runs.append(Run(body[cursor : mention["start"]]))
            runs.append(Run(body[mention["start"] : mention["end"]], mention.get("type"), mention.get("name")))
            cursor = mention["end"]
        if cursor < end:
            runs.append(Run(body[cursor:end]))
        if text.strip():
            paragraphs.append(runs)
        at = end + 2
    return paragraphs


def entity_groups(entities: list[dict[str, Any]]) -> list[tuple[str, str, list[tuple[str, int, str | None]]]]:
    """(type, label, [(name, mentions, role)]) per entity type, names in order of first mention."""
    groups: dict[str, dict[str, list[Any]]] = {kind: {} for kind in ENTITY_LABELS}
    for entity in entities:
        kind, name = entity.get("type"), entity.get("name") or entity.get("text")
        if kind not in groups or not name:
            continue
        entry = groups[kind].setdefault(str(name), [0, None])
        entry[0] += 1
        entry[1] = entry[1] or entity.get("role")
    return [(kind, ENTITY_LABELS[kind], [(n, c, r) for n, (c, r) in names.items()])
            for kind, names in groups.items() if names]  # fmt: skip


ENTITY_PATHS = {"person": "people", "organization": "organizations", "place": "places"}
POST_STATUS = {"current": "đương nhiệm", "new": "mới nhận chức", "former": "nguyên, đã thôi"}


def entity_url(kind: str, name: str) -> str:
    """The entity's own page (unionnews.web.entity_pages): its canonical name is its address."""
    return f"/{ENTITY_PATHS[kind]}/{quote(name, safe='')}"


def vn_day(value: str | None) -> str:
    """"2021-05-10" (a day in the JSON record) → "10/05/2021"."""
    return vn_date_only(date.fromisoformat(value)) if value else "—"


def entity_search_url(kind: str, name: str) -> str:
    """A search for the articles naming this entity: its name as the query, the entity as a filter."""
    param = next(f.param for f in FILTERS if f.source == kind)
    return "/search?" + urlencode([("q", name), (param, name)])


def size(nbytes: int) -> str:
    return f"{nbytes / 1024:.0f} kB" if nbytes >= 1024 else f"{nbytes} B"

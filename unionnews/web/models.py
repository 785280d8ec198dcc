"""The JSON API's response shapes: what /openapi.json documents and every /api route returns.

Classes that would share a name with the archive's rows are `…Record` here, titled with the name the
document has always published (`ArticleRecord` is the schema `Article`).
Dates are ISO 8601 in Vietnam time (+07:00), like the export; the pages show the same values as
27/12/2020 19:56.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class Hit(BaseModel):
    id: int
    url: str = Field(description="Canonical URL of the original article")
    title: str
    published: str | None = Field(description="ISO 8601, +07:00; null when the page printed no date")
    site: str
    province: str | None
    author: str | None
    category: str | None
    score: float
    snippet: str = Field(description="HTML: escaped text with <mark> around the query's words")
    article: str = Field(description="This app's page for the article")


class FacetValue(BaseModel):
    value: str
    count: int


class SearchResponse(BaseModel):
    query: str
    filters: dict[str, Any] = Field(description="The filters applied, as given")
    total: int
    page: int
    pages: int
    limit: int
    sort: str
    hits: list[Hit]
    facets: dict[str, list[FacetValue]] = Field(description="Counts over the whole result set: site, province, "
                                                            "year, author, person, organization, place. An author "
                                                            "value filters exactly as author_name=")  # fmt: skip
    suggestion: str | None = Field(description="A respelling of the query that finds something, when nothing matched")
    downloads: dict[str, str] = Field(description="URLs of the whole result set as jsonl, json and csv")


class Provenance(BaseModel):
    """Where the article's bytes came from."""

    source: str = Field(description="crawl (the live site), web-archive (a Wayback capture), warc (a WARC/ARC file) or file")
    captured: str = Field(description="When the bytes were captured (for a live crawl, when they were fetched)")
    accessed: str = Field(description="When this archive got them")
    archived_copy: str | None = Field(description="The web archive's copy, or the WARC file and record id")
    sha256: str = Field(description="SHA-256 of the page's bytes as stored")
    captures: list[dict[str, Any]] = Field(description="Every capture the page was chosen from: at, source, url, sha256, skipped")
    cite: str = Field(description="A citation line: title, site, date, original URL, archived copy, access date")


class ArticleRecord(BaseModel):
    """The export record (archive/schema/article.schema.json), plus when the archive first and last saw it."""

    model_config = ConfigDict(title="Article")  # its name in /openapi.json

    id: int
    url: str
    site: str
    province: str | None
    title: str
    published: str | None
    author: str | None
    byline: str | None
    category: str | None
    body: str
    captions: list[str]
    entities: list[dict[str, Any]]
    figures: list[dict[str, Any]]
    archived: str | None = Field(description="When the archive first stored it (ISO 8601, +07:00, to the second)")
    updated: str | None = Field(description="When the archive last changed its text (as archived)")
    raw_sha256: str | None = Field(description="SHA-256 of the raw page as served")
    first_seen: str
    updated_at: str
    raw: str = Field(description="API URL of the raw page the article was cleaned from")
    provenance: Provenance
    # The export record's provenance fields (archive.export.PROVENANCE), after the fields that were there before
    source: str = Field(description="Where its bytes came from: crawl, web-archive, warc or file")
    captured: str | None = Field(description="When they were captured (ISO 8601, +07:00, to the second)")
    original_url: str = Field(description="The address they were fetched or captured from")
    archived_copy: str | None = Field(description="The web archive's replay URL, or the WARC file and record id")


class RawPage(BaseModel):
    article_id: int
    url: str
    fetched_url: str
    status: int
    content_type: str | None
    fetched_at: str
    sha256: str
    stored_bytes: int = Field(description="Compressed size in the archive")
    html_bytes: int
    error: str | None = Field(description="Why extraction failed, when it did")
    html: str = Field(description="The page as fetched, decoded to text")


class CrawlRunRecord(BaseModel):
    model_config = ConfigDict(title="CrawlRun")  # its name in /openapi.json

    id: int
    started_at: str
    finished_at: str | None
    status: str
    fetched: int
    new: int
    updated: int
    unchanged: int
    failed: int


class Failure(BaseModel):
    url: str
    reason: str
    at: str | None


class Site(BaseModel):
    name: str
    province: str | None
    base_url: str | None
    articles: int
    undated: int = Field(description="Articles whose page printed no date")
    first_published: str | None
    last_published: str | None
    last_crawl: CrawlRunRecord | None
    fetch_failures: int
    extraction_failures: int


class MonthCount(BaseModel):
    month: str = Field(description="YYYY-MM, Vietnam time")
    count: int


class LatestArticle(BaseModel):
    id: int
    title: str
    published: str | None


class SiteOverview(BaseModel):
    site: Site
    months: list[MonthCount] = Field(description="Articles per month, every month from the first to the last")
    crawls: list[CrawlRunRecord] = Field(description="Recent crawl runs, newest first")
    fetch_failures: list[Failure]
    extraction_failures: list[Failure]
    latest: list[LatestArticle]


class Error(BaseModel):
    detail: str

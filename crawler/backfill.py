"""Backfill: a site's articles from before its first crawl, read from a web archive's captures.

1. The CDX index lists the captures of every URL under the site's home that answered 200 with HTML,
   one per URL (collapsed by URL key), within --from/--to.
2. The site's profile keeps the article URLs. A site with no article URL shapes (one that is gone and
   was added with only its home URL, `sites add --no-probe`) has them learnt from the listed URLs
   (crawler.discovery.listed: groups by shape, a few captures of each read by the cleaner); a page of
   a learnt shape must still read as an article.
3. Captures are grouped by the archive's canonical URL (http/https, tracking parameters…), so an article
   captured under several addresses is stored once. Each capture of a group is replayed (`id_`: the
   bytes as the site sent them) and cleaned; a soft 404 (the site's "page not found" served with 200)
   or an error capture is skipped with its reason. When no capture of a group yields an article, the
   other captures of its URLs are looked up and tried, earliest first.
4. The earliest capture the cleaner accepts is stored, through the same path as a crawled page, with
   the earliest publication date the accepted captures show (a later capture may print an edit date);
   every capture tried is recorded with the page (time, source, digest, and why it was not used).

Resumable as a crawl is (archive.runs): the CDX answer is written to the run's ledger, one request per
article with its captures, in the transaction that closes the listing; each article's request is
closed in the transaction that stores it. A backfill killed at any point continues with --resume and
ends with exactly the articles of an uninterrupted one. Backfill runs are kept apart from crawl runs.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from hashlib import sha256
from urllib.parse import urlsplit

from sqlalchemy import select

from archive.ingest import Cleaned, clean_page, store_article
from archive.models import RawPage, utcnow
from archive.runs import BACKFILL, CrawlLedger, LedgerEntry, RunSummary
from archive.store import Archive, FetchedPage
from archive.urls import canonical_url
from cleaner import ExtractionError
from crawler.discovery.clusters import Sample
from crawler.discovery.listed import LearntShapes, learn_article_shapes
from crawler.sites import SiteProfile
from crawler.wayback import ArchiveError, CaptureRef, Replay, WaybackArchive

log = logging.getLogger(__name__)

SOURCE = "web-archive"
MAX_FALLBACK = 5  # other captures of a URL tried when none listed yields an article
# What a site's "page not found" says in its <title> when it is served with status 200 (a soft 404).
_SOFT_404 = re.compile(r"\b404\b|không tìm thấy|không tồn tại|not found|page not found|lỗi trang", re.IGNORECASE)
_TITLE = re.compile(rb"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)
_NOT_PAGES = re.compile(r"(?:/robots\.txt|/sitemap[^/]*\.xml|/feed/?|/rss[^/]*)$", re.IGNORECASE)


@dataclass(frozen=True)
class BackfillOptions:
    archive_url: str
    rate: float = 1.0  # requests per second to the web archive, all kinds together
    date_from: date | None = None
    date_to: date | None = None
    resume: bool = False


def _encode(captures: Iterable[CaptureRef]) -> str:
    """The captures of one article, as its ledger request keeps them (a line per capture)."""
    return "\n".join(f"{c.timestamp} {c.url}" for c in captures)


def _decode(text: str) -> list[CaptureRef]:
    return [CaptureRef(*line.split(" ", 1)) for line in text.splitlines() if line]


def soft_404(body: bytes) -> bool:
    match = _TITLE.search(body[:20000])
    return bool(match and _SOFT_404.search(match.group(1).decode("utf-8", "replace")))


@dataclass
class _Tried:
    capture: CaptureRef
    replay: Replay | None = None
    cleaned: Cleaned | None = None
    reason: str | None = None

    def record(self) -> dict[str, object]:
        """What the page keeps about this capture."""
        at = self.replay.captured_at if self.replay else self.capture.at
        entry: dict[str, object] = {"at": at.isoformat().replace("+00:00", "Z"), "source": SOURCE,
                                    "url": self.replay.archived_copy if self.replay else self.capture.url}  # fmt: skip
        if self.replay is not None:
            entry["sha256"] = sha256(self.replay.body).hexdigest()
        if self.reason:
            entry["skipped"] = self.reason
        return entry


class Backfill:
    """One site's backfill run: the caller holds the site's lock (crawler.lock.SiteLock)."""

    def __init__(self, archive: Archive, profile: SiteProfile, options: BackfillOptions) -> None:
        self.archive = archive
        self.profile = profile
        self.options = options
        self.ledger = CrawlLedger(archive)
        self.site_id = archive.ensure_site(profile.name, profile.province, profile.base_url)
        self.wayback = WaybackArchive(options.archive_url, options.rate)
        self.by_shape = bool(profile.crawl.article)
        self.learnt: LearntShapes | None = None  # the article shapes learnt by this process's listing
        self._replayed: dict[tuple[str, str], Replay | ArchiveError] = {}  # (timestamp, url) read while learning
        self._learning = False

    def run(self) -> RunSummary:
        start = self.ledger.begin(self.site_id, BACKFILL, self.options.resume)
        status = "interrupted"
        try:
            pending = self.ledger.pending(start.run_id) if start.resumed else []
            if not start.resumed or any(e.kind == "listing" for e in pending):
                pending = [e for e in pending if e.kind != "listing"] + self._list(start.run_id)
            for entry in pending:
                self._article(start.run_id, entry)
            status = "finished"
        finally:
            self.ledger.finish(start.run_id, status)
            self.wayback.close()
        return self.ledger.summaries([start.run_id])[0]

    # the listing

    def _index_key(self) -> str:
        return f"cdx:{self.profile.host}"

    def _list(self, run_id: int) -> list[LedgerEntry]:
        """Ask the CDX index, and record one request per article-to-be (with its captures) in one transaction."""
        listing = LedgerEntry(self._index_key(), self.profile.base_url, "listing")
        seen = self.ledger.seen(run_id)
        if listing.key not in seen:
            self.ledger.add(run_id, [listing])
        groups: dict[str, list[CaptureRef]] = {}
        home = canonical_url(self.profile.absolute("/"))
        for capture in self.wayback.captures(f"{self.profile.host}/", prefix=True, collapse="urlkey",
                                             date_from=self.options.date_from, date_to=self.options.date_to):  # fmt: skip
            key = self._key(capture.url)
            if key == home or not self._candidate(capture.url):
                continue
            groups.setdefault(key, []).append(capture)
        if not self.by_shape:
            self._learning = True
            self.learnt = learn_article_shapes(listing.url, sorted(groups), lambda key: self._judge(key, groups[key]))
            self._learning = False
            groups = {key: groups[key] for key in self.learnt.articles(groups)}
        with self.archive.session() as session:  # pages archived before: a backfill adds, it never refetches
            archived = set(session.scalars(select(RawPage.url).where(RawPage.site_id == self.site_id)))
        entries = [LedgerEntry(key, _encode(sorted(group, key=lambda c: c.timestamp)), "article")
                   for key, group in sorted(groups.items())
                   if key not in archived and key not in seen]  # fmt: skip
        wanted = {(c.timestamp, c.url) for entry in entries for c in _decode(entry.url)}
        self._replayed = {k: v for k, v in self._replayed.items() if k in wanted}  # the samples of other pages go
        self.ledger.add(run_id, entries, done=(listing.key, "done"))
        return entries

    def _key(self, url: str) -> str:
        """The article's key: its canonical URL at the site's own scheme and host (archive.urls: a capture by
        http or https, under www. or not, is one page, and tracking parameters are dropped)."""
        return canonical_url(self.profile.canonical(url))

    def _candidate(self, url: str) -> bool:
        """An article by the profile's URL shapes; without shapes, any page of the site's own host (for the
        shapes to be learnt from)."""
        if not self.profile.owns(url):
            return False
        if self.by_shape:
            return self.profile.is_article(self._key(url))
        return not _NOT_PAGES.search(urlsplit(url).path)

    # one article

    def _article(self, run_id: int, entry: LedgerEntry) -> None:
        captures = _decode(entry.url)
        tried = [self._try(c) for c in captures]
        if not any(t.cleaned for t in tried):
            tried += [self._try(c) for c in self._more_captures(captures)]
        accepted = [t for t in tried if t.cleaned is not None]
        if not accepted:  # a page of an article shape (the profile's or learnt) that no capture gives
            reasons = "; ".join(dict.fromkeys(_category(t.reason) for t in tried))
            self.archive.record_failure(self.site_id, captures[0].url, f"no usable capture: {reasons}", run_id,
                                        entry.key)  # fmt: skip
            return
        chosen = min(accepted, key=lambda t: t.replay.captured_at)  # type: ignore[union-attr]
        assert chosen.replay is not None and chosen.cleaned is not None
        dates = [t.cleaned.article.published for t in accepted if t.cleaned and t.cleaned.article.published]
        cleaned = chosen.cleaned
        if dates and min(dates) != cleaned.article.published:
            cleaned = replace(cleaned, article=replace(cleaned.article, published=min(dates)))
        replay = chosen.replay
        # stored under the site's own address of the page it ended at (a capture may redirect to another page)
        page = FetchedPage(self._key(replay.url), replay.body, replay.status, replay.headers, utcnow(), entry.key,
                           requested_url=entry.key if self._key(replay.url) != entry.key else None,
                           source=SOURCE, captured_at=replay.captured_at, archived_copy=replay.archived_copy,
                           captures=tuple(t.record() for t in tried))  # fmt: skip
        store_article(self.archive, self.site_id, page, cleaned, run_id)

    def _judge(self, key: str, captures: list[CaptureRef]) -> Sample | None:
        """What the cleaner makes of a page, from its earliest capture that can be read; None when none can."""
        for capture in sorted(captures, key=lambda c: c.timestamp):
            tried = self._try(capture)
            if tried.cleaned is not None:
                article = tried.cleaned.article
                return Sample(key, article.title, article.published.isoformat() if article.published else None, None)
            if tried.reason and tried.reason.startswith("no article"):
                return Sample(key, "", None, tried.reason)
        return None

    def _replay(self, capture: CaptureRef) -> Replay:
        """The capture's replay. While shapes are learnt each answer is kept, so an article's own turn reads
        its sampled capture again without asking the archive twice."""
        answer = self._replayed.pop((capture.timestamp, capture.url), None)
        if answer is None:
            try:
                answer = self.wayback.replay(capture)
            except ArchiveError as exc:
                answer = exc
        if self._learning:
            self._replayed[capture.timestamp, capture.url] = answer
        if isinstance(answer, ArchiveError):
            raise answer
        return answer

    def _try(self, capture: CaptureRef) -> _Tried:
        tried = _Tried(capture)
        try:
            tried.replay = replay = self._replay(capture)
        except ArchiveError as exc:
            tried.reason = f"replay failed: {exc}"
            return tried
        content_type = replay.header("content-type") or ""
        if replay.status != 200:
            tried.reason = f"error capture (HTTP {replay.status})"
        elif content_type and "html" not in content_type.lower():
            tried.reason = f"not HTML ({content_type.split(';')[0]})"
        elif soft_404(replay.body):
            tried.reason = "soft 404 (the site's 'page not found' served with 200)"
        else:
            page = FetchedPage(replay.url, replay.body, replay.status, replay.headers)
            try:
                # without article URL shapes (or with shapes that cannot tell), the capture must read as an article
                tried.cleaned = clean_page(self.archive, self.site_id, page, self.profile.selectors,
                                           require_article=self.profile.content_decides)  # fmt: skip
            except ExtractionError as exc:
                tried.reason = f"no article: {exc}"
        return tried

    def _more_captures(self, listed: Sequence[CaptureRef]) -> list[CaptureRef]:
        """Captures of the same URLs that the collapsed listing left out, earliest first."""
        known = {(c.timestamp, c.url) for c in listed}
        more: list[CaptureRef] = []
        for url in dict.fromkeys(c.url for c in listed):
            try:
                found = self.wayback.captures(url, prefix=False, collapse="digest", date_from=self.options.date_from,
                                              date_to=self.options.date_to)  # fmt: skip
                more += [c for c in found if (c.timestamp, c.url) not in known]
            except ArchiveError as exc:
                log.info("no more captures of %s: %s", url, exc)
        return sorted(more, key=lambda c: c.timestamp)[:MAX_FALLBACK]


def _category(reason: str | None) -> str:
    """A capture's reason without its details, so a report counts reasons: "soft 404", "no article"…"""
    return (reason or "unknown").split(" (")[0].split(":")[0]

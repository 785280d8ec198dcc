"""Crawl runs and their request ledger: what a run did, and what a killed run has left to do.

A run writes every request to `crawl_requests` before sending it, and closes it in the transaction
that stores its result (`archive.store.mark_request`). So whatever kills the process, the ledger's
pending rows are exactly the remaining work, a resumed run picks up there, and its counts and
failure reasons are read back from the ledger rather than from a counter that died with the process.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, func, insert, select

from archive.models import Article, CrawlRequest, CrawlRun, RawPage, Site, utcnow
from archive.store import Archive, mark_request

UNFINISHED = ("running", "interrupted")
BACKFILL = "backfill"  # the mode of a run that reads a web archive instead of the site (crawler.backfill)
# A page that arrived (error: it yielded no article; not-article: it is a listing or the like, which only
# a walk whose URLs cannot tell articles apart opens)
_FETCHED = ("new", "updated", "unchanged", "error", "not-article")


@dataclass(frozen=True)
class LedgerEntry:
    key: str  # canonical URL
    url: str
    kind: str  # listing | sitemap | feed | article | page (an article or a listing: its content decides)
    depth: int = 0
    stale: int = 0


@dataclass(frozen=True)
class RunStart:
    run_id: int
    mode: str
    resumed: bool
    abandoned: int | None  # an unfinished run that this fresh run replaced


@dataclass(frozen=True)
class RunSummary:
    id: int
    site: str
    status: str
    mode: str | None
    started_at: datetime
    finished_at: datetime | None
    fetched: int
    new: int
    updated: int
    unchanged: int
    not_modified: int
    failed: int
    resumes: int
    reasons: dict[str, int]


class CrawlLedger:
    def __init__(self, archive: Archive) -> None:
        self.archive = archive

    def begin(self, site_id: int, mode: str, resume: bool) -> RunStart:
        """Continue the site's unfinished run when asked to; otherwise close it and start afresh.

        Callers hold the site's crawl lock, so a run still marked "running" belongs to a dead process.
        A backfill and a crawl never continue (or abandon) each other's runs.
        """
        backfill = CrawlRun.mode == BACKFILL
        with self.archive.sessions.begin() as session:
            unfinished = session.scalar(
                select(CrawlRun)
                .where(CrawlRun.site_id == site_id, CrawlRun.status.in_(UNFINISHED),
                       backfill if mode == BACKFILL else ~backfill | CrawlRun.mode.is_(None))
                .order_by(CrawlRun.id.desc())
                .limit(1)
            )
            if unfinished is not None and resume:
                unfinished.status = "running"
                unfinished.resumes += 1
                return RunStart(unfinished.id, unfinished.mode or mode, True, None)
            abandoned = unfinished.id if unfinished is not None else None
            run = CrawlRun(site_id=site_id, mode=mode)
            session.add(run)
            session.flush()
            run_id = run.id
        if abandoned is not None:
            self.finish(abandoned, "abandoned")
        return RunStart(run_id, mode, False, abandoned)

    def add(self, run_id: int, entries: Sequence[LedgerEntry], done: tuple[str, str] | None = None) -> None:
        """Record new requests and, in the same transaction, close the page that led to them."""
        with self.archive.sessions.begin() as session:
            if entries:  # one executemany: a listing page leads to dozens of requests
                rows = [{"run_id": run_id, "key": e.key, "url": e.url, "kind": e.kind, "depth": e.depth,
                         "stale": e.stale} for e in entries]  # fmt: skip
                session.execute(insert(CrawlRequest.__table__), rows)
            if done is not None:
                mark_request(session, run_id, done[0], done[1])

    def pending(self, run_id: int) -> list[LedgerEntry]:
        with self.archive.session() as session:
            rows = session.scalars(
                select(CrawlRequest)
                .where(CrawlRequest.run_id == run_id, CrawlRequest.outcome.is_(None))
                .order_by(CrawlRequest.id)
            )
            return [LedgerEntry(r.key, r.url, r.kind, r.depth, r.stale) for r in rows]

    def seen(self, run_id: int) -> set[str]:
        with self.archive.session() as session:
            return set(session.scalars(select(CrawlRequest.key).where(CrawlRequest.run_id == run_id)))

    def known_before(self, site_id: int, run_id: int) -> set[str]:
        """Pages archived before this run began.

        Outside --refresh a run requests only pages unknown at its start, so the archive's pages minus
        the run's own requests are what was known then, however often the run was killed and resumed.
        That keeps the listing walk's stopping point the same as an uninterrupted run's.
        """
        with self.archive.session() as session:
            archived = set(session.scalars(select(RawPage.url).where(RawPage.site_id == site_id)))
        return archived - self.seen(run_id)

    def articles_before(self, site_id: int, run_id: int) -> set[str]:
        """Pages archived as articles before this run began (as known_before, for articles only)."""
        with self.archive.session() as session:
            archived = set(session.scalars(select(Article.url).where(Article.site_id == site_id)))
        return archived - self.seen(run_id)

    def validators(self, site_id: int) -> dict[str, tuple[str | None, str | None]]:
        """Stored page → (ETag, Last-Modified), for conditional refetches."""
        with self.archive.session() as session:
            rows = session.execute(
                select(RawPage.url, RawPage.etag, RawPage.last_modified).where(
                    RawPage.site_id == site_id, (RawPage.etag.is_not(None)) | (RawPage.last_modified.is_not(None))
                )
            )
            return {url: (etag, modified) for url, etag, modified in rows}

    def tally(self, run_id: int) -> tuple[dict[str, int], dict[str, int]]:
        """(counts, failure reasons) of a run so far, from its ledger."""
        with self.archive.session() as session:
            rows = session.execute(
                select(CrawlRequest.kind, CrawlRequest.outcome, CrawlRequest.reason, func.count())
                .where(CrawlRequest.run_id == run_id, CrawlRequest.outcome.is_not(None))
                .group_by(CrawlRequest.kind, CrawlRequest.outcome, CrawlRequest.reason)
            ).all()
        counts: Counter[str] = Counter()
        reasons: Counter[str] = Counter()
        for kind, outcome, reason, n in rows:
            if kind in ("article", "page") and outcome in _FETCHED:
                counts["fetched"] += n
            if outcome in ("new", "updated", "unchanged"):
                counts[outcome] += n
            elif outcome == "not-modified":
                counts["not_modified"] += n
            elif outcome in ("failed", "error"):
                counts["failed"] += n
                reasons[f"no article: {reason}" if outcome == "error" else reason or "unknown"] += n
        return dict(counts), dict(reasons)

    def finish(self, run_id: int, status: str) -> None:
        """Freeze the run's counts; a finished run's ledger is no longer needed and is dropped."""
        counts, reasons = self.tally(run_id)
        with self.archive.sessions.begin() as session:
            run = session.get_one(CrawlRun, run_id)
            run.finished_at = utcnow()
            run.status = status
            for key in ("fetched", "new", "updated", "unchanged", "not_modified", "failed"):
                setattr(run, key, counts.get(key, 0))
            run.reasons = reasons
            if status not in UNFINISHED:
                session.execute(delete(CrawlRequest).where(CrawlRequest.run_id == run_id))

    def summaries(self, run_ids: Iterable[int] | None = None, per_site: int | None = None,
                  site: str | None = None) -> list[RunSummary]:  # fmt: skip
        """Runs as reports: the given ids, or the last `per_site` runs of every (or one) site.

        An unfinished run is tallied from its ledger, so `status` shows what a running or killed
        crawl has done so far.
        """
        with self.archive.session() as session:
            query = select(CrawlRun, Site.name).join(Site).order_by(Site.name, CrawlRun.id.desc())
            if run_ids is not None:
                query = query.where(CrawlRun.id.in_(list(run_ids)))
            if site:
                query = query.where(Site.name == site)
            rows = session.execute(query).all()
        taken: Counter[str] = Counter()
        summaries = []
        for run, name in rows:
            if per_site is not None and taken[name] >= per_site:
                continue
            taken[name] += 1
            counts = {k: getattr(run, k) for k in ("fetched", "new", "updated", "unchanged", "not_modified", "failed")}
            reasons = dict(run.reasons or {})
            if run.status in UNFINISHED:
                live, reasons = self.tally(run.id)
                counts = {k: live.get(k, 0) for k in counts}
            summaries.append(RunSummary(run.id, name, run.status, run.mode, run.started_at, run.finished_at,
                                        resumes=run.resumes or 0, reasons=reasons, **counts))  # fmt: skip
        return summaries

    def pending_count(self, run_id: int) -> int:
        with self.archive.session() as session:
            return session.scalar(
                select(func.count()).where(CrawlRequest.run_id == run_id, CrawlRequest.outcome.is_(None))
            ) or 0

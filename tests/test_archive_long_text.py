"""Scraped text of any length is stored whole on both backends (issue 8).

SQLite ignores a VARCHAR's length and PostgreSQL enforces it, so a bounded column would lose a page
with a long byline on PostgreSQL only. Every test here runs on both (tests/backends.py).
"""

from __future__ import annotations

import unicodedata
from dataclasses import replace
from pathlib import Path
from urllib.parse import quote

from sqlalchemy import select

from archive.entities import EntityRow, Mention
from archive.models import Article, CrawlRequest, FetchFailure, RawPage, Site
from archive.runs import CrawlLedger, LedgerEntry
from archive.store import Archive, FetchedPage, Outcome
from archive.urls import canonical_url
from cleaner import Selectors, extract_html
from cleaner.article import Entity
from cleaner.entities import annotate
from vnlang.text import nfc

BYLINE = "Tin, ảnh: Đỗ Thị Gấm – Ban Tuyên giáo Liên đoàn Lao động tỉnh Bắc Kạn; " * 8  # 568 characters
CATEGORY = "Hoạt động công đoàn » Chăm lo đời sống đoàn viên » " * 10  # 510
ORGANISATION = "Ban Chấp hành Công đoàn cơ sở Trường Tiểu học và Trung học cơ sở xã Quảng Khê, huyện Ba Bể, " * 7
# A site named after a host name of 120 characters: what `unionnews pages --url` does without --site.
HOST = ".".join(["congdoan-bac-kan-lien-doan-lao-dong-tinh-bac-kan-ban-tuyen-giao"[:60]] * 2) + ".vn"
SLUG = quote("công-đoàn-tỉnh-bắc-kạn-trao-quà-tết-cho-đoàn-viên-người-lao-động-có-hoàn-cảnh-khó-khăn-" * 10)
URL = f"https://{HOST}/tin-tuc/{SLUG}.html"  # about 2,200 characters once percent-encoded
ETAG = '"' + "5f3c9a1b" * 50 + '"'
SELECTORS = Selectors(title="h1", body="div.noi-dung", byline="p.tac-gia", category="div.chuyen-muc", date="time")


def page_html() -> bytes:
    """An article page as some editors save it: decomposed (NFD) Vietnamese, which the archive stores as NFC."""
    html = f"""<html><head><meta charset="utf-8"><title>Công đoàn Bắc Kạn</title></head><body><article>
<div class="chuyen-muc">{CATEGORY}</div>
<h1>Công đoàn tỉnh Bắc Kạn trao quà Tết cho đoàn viên</h1><time>12/01/2025 08:30</time>
<div class="noi-dung"><p>Sáng 12/1, Liên đoàn Lao động tỉnh Bắc Kạn trao 200 suất quà Tết cho đoàn viên,
người lao động có hoàn cảnh khó khăn trên địa bàn tỉnh.</p><p>{ORGANISATION}</p>
<p>Mỗi suất quà trị giá 1 triệu đồng, gồm tiền mặt và nhu yếu phẩm.</p></div>
<p class="tac-gia">{BYLINE}</p></article></body></html>"""
    return unicodedata.normalize("NFD", html).encode()


def test_long_bylines_urls_and_names_are_stored_whole(db_url: str) -> None:
    archive = Archive(db_url)
    key = canonical_url(URL)
    assert len(key) > 2000 and len(HOST) > 100  # beyond the old VARCHAR(2000) and VARCHAR(100)
    site_id = archive.ensure_site(HOST, "Bắc Kạn", f"https://{HOST}")
    page = FetchedPage(URL, page_html(), headers={"Content-Type": "text/html; charset=utf-8", "ETag": ETAG})
    article = annotate(extract_html(page.body, page.url, SELECTORS, page.content_type), "Bắc Kạn")
    organisation = nfc(ORGANISATION).strip(" ,")
    start = article.body.index(organisation)
    long_entity = Entity("organization", organisation, organisation, start, start + len(organisation))
    assert archive.store_page(site_id, page, replace(article, entities=(*article.entities, long_entity))) is Outcome.NEW

    ledger = CrawlLedger(archive)
    run_id = ledger.begin(site_id, "incremental", resume=False).run_id
    failing = URL.replace(".html", "-2.html")
    ledger.add(run_id, [LedgerEntry(canonical_url(failing), failing, "article")])
    assert ledger.pending(run_id) == [LedgerEntry(canonical_url(failing), failing, "article")]
    reason = "HTTP 500 tại " + failing
    archive.record_failure(site_id, failing, reason, run_id, canonical_url(failing))
    archive.close()

    archive = Archive(db_url)  # read back through a new engine: nothing is served from memory
    with archive.session() as session:
        row = session.scalars(select(Article).where(Article.url == key)).one()
        assert row.author == row.byline == nfc(BYLINE).strip() and len(row.author) > 300
        assert row.category == nfc(CATEGORY).strip() and len(row.category) > 300
        assert all(unicodedata.is_normalized("NFC", text) for text in (row.author, row.category, row.title, row.body))
        raw = session.scalars(select(RawPage).where(RawPage.url == key)).one()
        assert (raw.fetched_url, raw.etag) == (URL, ETAG) and len(ETAG) > 300
        assert session.scalars(select(Site.name).where(Site.id == site_id)).one() == HOST
        entity = session.scalars(select(EntityRow).where(EntityRow.name == organisation)).one()
        assert len(entity.name) > 500 and entity.key.startswith("ban chap hanh cong doan co so")
        mention = session.scalars(select(Mention).where(Mention.entity_id == entity.id)).one()
        assert row.body[mention.start : mention.end] == mention.text == organisation
        request = session.scalars(select(CrawlRequest).where(CrawlRequest.run_id == run_id)).one()
        assert (request.key, request.url, request.outcome, request.reason) == (canonical_url(failing), failing,
                                                                               "failed", reason)  # fmt: skip
        assert session.scalars(select(FetchFailure.url)).one() == failing
    archive.close()


def test_a_link_too_long_to_request_is_left_out_of_the_ledger_not_the_listing(db_url: str, tmp_path: Path) -> None:
    """Scrapy drops a request over URLLENGTH_LIMIT unsent; recording it would leave it pending for ever, and
    on PostgreSQL a key past the unique index's row size would fail the listing's whole batch with it."""
    from archive.config import Config
    from crawler.run import URL_LENGTH_LIMIT, SiteRun
    from crawler.sites import load_profiles

    profile = load_profiles().get("demo-portal")
    run = SiteRun(Config(tmp_path, db_url), profile, resume=False, refresh=False)
    try:
        too_long = profile.base_url + "/lich/" + "thang-12-2020/" * 250  # a calendar trap: 3,500 characters
        good = [run.entry(f"{profile.base_url}/tin-tuc/bai-{i}.html", "article") for i in range(3)]
        kept = run.record([good[0], run.entry(too_long, "listing"), *good[1:]])
        assert [e.key for e in kept] == [e.key for e in good] and len(too_long) > URL_LENGTH_LIMIT
        assert {e.key for e in run.ledger.pending(run.run_id)} >= {e.key for e in good}
        assert all(len(e.url) <= URL_LENGTH_LIMIT for e in run.ledger.pending(run.run_id))
    finally:
        run.close("finished")

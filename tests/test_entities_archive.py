"""Entities reach the archive as rows (entity, mention with offsets, article link) and the export."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from archive.entities import EntityRow, Mention
from archive.export import iter_records
from archive.ingest import process_page
from archive.store import Archive, FetchedPage, Outcome
from crawler.sites import load_profiles
from unionnews.demo.content import load_sites
from unionnews.demo.routes import SiteApp

DEMO_JOOMLA = load_profiles().get("demo-joomla")


def _chi_lang_page() -> FetchedPage:
    site = load_sites()["demo-joomla"]
    article = next(a for a in site.articles if "Chi Lăng" in a.title and a.author == "Đỗ Thị Gấm")
    app = SiteApp(site, DEMO_JOOMLA.base_url)
    path = app.urls.article(article)
    response = app.respond(path)
    return FetchedPage(DEMO_JOOMLA.base_url + path, response.body, headers={"Content-Type": response.content_type})


def test_mentions_are_stored_once_per_extraction(tmp_path: Path) -> None:
    archive = Archive(f"sqlite:///{tmp_path / 'a.sqlite3'}")
    site_id = archive.ensure_site(DEMO_JOOMLA.name, DEMO_JOOMLA.province, DEMO_JOOMLA.base_url)
    page = _chi_lang_page()
    assert process_page(archive, site_id, page, DEMO_JOOMLA.selectors) is Outcome.NEW
    with archive.session() as session:
        person = session.scalar(select(EntityRow).where(EntityRow.type == "person", EntityRow.key == "be thi hoa"))
        assert person is not None and person.name == "Bế Thị Hòa"
        mentions = session.scalars(select(Mention).where(Mention.entity_id == person.id)).all()
        roles = {m.role for m in mentions}
        assert "Phó Chủ tịch Thường trực LĐLĐ tỉnh" in roles
        body_mentions = [m for m in mentions if m.field == "body"]
        count = session.query(Mention).count()
    record = next(iter_records(archive))
    assert all(record["body"][m.start : m.end] == m.text for m in body_mentions)
    province = next(e for e in record["entities"] if e["type"] == "organization" and "tỉnh" in e["name"])
    assert province["name"] == "Liên đoàn Lao động tỉnh Lạng Sơn"  # the bare "LĐLĐ tỉnh" of a Lạng Sơn site
    assert any(f["kind"] == "count" for f in record["figures"])
    assert process_page(archive, site_id, page, DEMO_JOOMLA.selectors) is Outcome.UNCHANGED
    with archive.session() as session:
        assert session.query(Mention).count() == count
    archive.close()

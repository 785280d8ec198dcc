from datetime import datetime
from pathlib import Path

from sqlalchemy import select

from archive.models import Article, RawPage
from archive.store import Archive, FetchedPage, Outcome
from archive.urls import canonical_url, on_site, site_host, spellings
from cleaner.article import CleanedArticle
from vnlang.dates import VIETNAM


def test_query_order_tracking_and_session_params_do_not_matter() -> None:
    a = canonical_url("http://127.0.0.1:8473/chitiet.asp?id=5&cat=2&PHPSESSID=abc#top")
    b = canonical_url("HTTP://127.0.0.1:8473/chitiet.asp?cat=2&id=5&utm_source=facebook")
    assert a == b == "http://127.0.0.1:8473/chitiet.asp?cat=2&id=5"


def test_default_port_and_host_case_are_dropped() -> None:
    assert canonical_url("https://CongDoanBacKan.org.vn:443/tin-tuc/a-1.html") == "https://congdoanbackan.org.vn/tin-tuc/a-1.html"


def test_different_articles_stay_different() -> None:
    assert canonical_url("http://h/chitiet.asp?id=5") != canonical_url("http://h/chitiet.asp?id=6")


def test_the_sites_own_address_whatever_scheme_www_or_mirror_named_it() -> None:
    site = ("https://congdoanbackan.org.vn/", "http://backan.congdoan.vn/")  # the home, then a mirror
    for seen in ("http://www.congdoanbackan.org.vn/tin-tuc/a-1.html?utm_source=zalo",
                 "HTTPS://CongDoanBacKan.org.vn:443/tin-tuc/a-1.html#binh-luan",
                 "https://www.backan.congdoan.vn/tin-tuc/a-1.html?fbclid=IwAR0"):  # fmt: skip
        assert canonical_url(seen, site) == "https://congdoanbackan.org.vn/tin-tuc/a-1.html", seen
    assert on_site("http://www.backan.congdoan.vn/a?x=1", site) == "https://congdoanbackan.org.vn/a?x=1"
    assert on_site("https://ldld.langson.gov.vn/a", site) == "https://ldld.langson.gov.vn/a"  # another site
    assert site_host("http://127.0.0.1:8473/") != site_host("http://127.0.0.1:8474/")  # another port: another site


def test_spellings_of_one_address() -> None:
    assert spellings("http://congdoan.vn/a?id=5") == [
        "http://congdoan.vn/a?id=5", "http://www.congdoan.vn/a?id=5",
        "https://congdoan.vn/a?id=5", "https://www.congdoan.vn/a?id=5"]  # fmt: skip


def test_one_article_one_row_whatever_scheme_or_www_reached_it(tmp_path: Path) -> None:
    archive = Archive(f"sqlite:///{tmp_path / 'archive.sqlite3'}")
    site = archive.ensure_site("congdoan-backan", "Bắc Kạn")
    article = CleanedArticle(url="", title="Bàn giao nhà Mái ấm công đoàn", published=datetime(2019, 10, 18, 10, 5, tzinfo=VIETNAM),
                             body="Liên đoàn Lao động tỉnh Bắc Kạn bàn giao nhà Mái ấm công đoàn cho đoàn viên.")  # fmt: skip
    outcomes = [archive.store_page(site, FetchedPage(url, b"<html></html>"), article)
                for url in ("http://congdoanbackan.org.vn/a-1.html", "https://www.congdoanbackan.org.vn/a-1.html",
                            "https://congdoanbackan.org.vn/a-1.html?utm_source=zalo")]  # fmt: skip
    assert outcomes == [Outcome.NEW, Outcome.UNCHANGED, Outcome.UNCHANGED]
    with archive.session() as session:
        assert session.scalars(select(RawPage.url)).all() == ["http://congdoanbackan.org.vn/a-1.html"]
        assert session.scalars(select(Article.url)).all() == ["http://congdoanbackan.org.vn/a-1.html"]
    archive.close()

"""URL shapes and the regexes written from them, on the URL shapes seen on real union sites."""

from __future__ import annotations

import re

import pytest

from crawler.discovery.clusters import Cluster, Sample
from crawler.discovery.rules import article_rules
from crawler.discovery.shapes import shape_of, shape_regex

# (an article URL of the shape, another article of the same site, pages of that site that are not articles)
REAL_SHAPES = [
    ("http://congdoanbinhdinh.org.vn/vi/news/tin-hoat-dong-25/ldld-hoai-an-trao-nha-mai-am-cong-doan-1366.html",
     "http://congdoanbinhdinh.org.vn/vi/news/tin-hoat-dong-25/cong-doan-tinh-tham-hoi-cong-nhan-bi-tai-nan-1402.html",
     ["http://congdoanbinhdinh.org.vn/vi/news/tin-hoat-dong-25/", "http://congdoanbinhdinh.org.vn/vi/news/tin-hoat-dong-25/page-2"]),
    ("http://congdoanquangnam.org.vn/Default.aspx?tabid=656&Group=10&NID=1373&ldld-tinh-trao-3-suat-qua-cho-doan-vien&language=en-US",
     "http://congdoanquangnam.org.vn/Default.aspx?language=en-US&tabid=656&Group=11&NID=1401&hoi-nghi-ban-chap-hanh-lan-thu-hai",
     ["http://congdoanquangnam.org.vn/Default.aspx?tabid=656&Group=10&language=en-US",
      "http://congdoanquangnam.org.vn/Default.aspx?tabid=656&Group=10&Page=2&language=en-US"]),
    ("https://congdoantuyenquang.vn/DetailView/99219/4/Lien-doan-Lao-dong-tinh-to-chuc-Hoi-nghi-tuyen-truyen.html",
     "https://congdoantuyenquang.vn/DetailView/99301/7/Cong-doan-co-so-Truong-THPT-Son-Duong-tham-hoi.html",
     ["https://congdoantuyenquang.vn/ListView/4/Tin-hoat-dong.html"]),
    ("https://congdoan.kiengiang.gov.vn/trang/TinTuc/186/3078/Ban-giao-nha-Mai-am-Cong-doan-cho-2-nu-doan-vien-vung-sau.html",
     "https://congdoan.kiengiang.gov.vn/trang/TinTuc/186/3101/Hoi-thi-an-toan-ve-sinh-vien-gioi.html",
     ["https://congdoan.kiengiang.gov.vn/trang/TinTuc/186/Tin-hoat-dong.html?page=2"]),
    ("https://congdoandanang.org.vn/bai-viet/cong-doan-phuong-lien-chieu-thanh-lap-to-cong-nhan-tu-quan-khu-nha-tro",
     "https://congdoandanang.org.vn/bai-viet/ldld-thanh-pho-trao-qua-tet-cho-doan-vien-kho-khan",
     ["https://congdoandanang.org.vn/bai-viet/lien-he", "https://congdoandanang.org.vn/chuyen-muc/tin-tuc?page=2"]),
    ("http://congdoanninhthuan.org.vn/Tin-tuc---Su-kien/Lien-%C4%91oan-Lao-%C4%91ong-tinh-Ninh-Thuan-ban-giao-nha-Ma.aspx?page=1",
     "http://congdoanninhthuan.org.vn/Tin-tuc---Su-kien/Hoi-nghi-tong-ket-cong-tac-cong-%C4%91oan-nam-2019.aspx?page=1",
     ["http://congdoanninhthuan.org.vn/Tin-tuc---Su-kien.aspx?page=2"]),
    ("https://ldldsoctrang.soctrang.gov.vn/ja/home/-/asset_publisher/J9foJAsdT7AH/content/huong-dan-cong-tac-tuyen-truyen-nam-huu-nghi?cur=40",
     "https://ldldsoctrang.soctrang.gov.vn/ja/home/-/asset_publisher/J9foJAsdT7AH/content/le-ky-niem-ngay-thanh-lap-cong-doan-viet-nam?cur=2",
     ["https://ldldsoctrang.soctrang.gov.vn/ja/home"]),
    ("https://laodong.vn/cong-doan/danh-39ha-dat-de-xay-thiet-che-cong-doan-756980.ldo",
     "https://laodong.vn/cong-doan/ldld-lam-dong-trao-mai-am-cong-doan-745848.ldo",
     ["https://laodong.vn/cong-doan?page=2", "https://laodong.vn/cong-doan"]),
]  # fmt: skip


@pytest.mark.parametrize(("url", "other", "not_articles"), REAL_SHAPES)
def test_a_shape_regex_takes_the_sites_other_articles_and_none_of_its_listings(url, other, not_articles):
    rule = shape_regex(shape_of(url))
    assert re.search(rule, url), (rule, url)
    assert re.search(rule, other), (rule, other)
    for page in not_articles:
        assert not re.search(rule, page), (rule, page)


def test_rules_are_rebased_with_the_profile():
    url = "http://congdoanbinhdinh.org.vn/vi/news/tin-hoat-dong-25/ldld-hoai-an-trao-nha-mai-am-cong-doan-1366.html"
    assert re.search(shape_regex(shape_of(url)), url.replace("congdoanbinhdinh.org.vn", "127.0.0.1:8123"))


def test_slugs_are_long_and_menu_labels_short():
    assert str(shape_of("https://x.vn/bai-viet/cong-doan-phuong-lien-chieu-thanh-lap-to")) == "/bai-viet/{slug}"
    assert str(shape_of("https://x.vn/bai-viet/lien-he")) == "/bai-viet/lien-he"
    assert str(shape_of("https://x.vn/vi/news/tin-hoat-dong-25/page-3")) == "/vi/news/{slug}-{n}/page-{n}"
    assert str(shape_of("https://x.vn/index.php/tin-tuc/12-lang-son-trien-khai")) == "/index.php/tin-tuc/{n}-{slug}"
    assert not shape_of("https://x.vn/gioi-thieu.html").identified
    assert not shape_of("https://x.vn/bai-viet/le-ky-niem-ngay-thanh-lap").has_id


def test_a_bare_slug_in_the_query_is_not_an_identity_parameter():
    shape = shape_of("http://x.vn/Default.aspx?tabid=656&NID=1373&ldld-tinh-trao-3-suat-qua&language=en-US")
    assert "{slug}" in shape.query and "NID={n}" in shape.query


def _cluster(*urls: str, reasons: list[str | None]) -> Cluster:
    cluster = Cluster(shape_of(urls[0]), urls=list(urls))
    cluster.samples = [
        Sample(u, "Tiêu đề", "2024-01-02T08:00:00+07:00", r) for u, r in zip(urls, reasons, strict=False)
    ]
    return cluster


def test_sections_merge_into_one_rule_unless_a_sibling_is_something_else():
    news = _cluster("https://x.vn/tin-tuc/hoi-nghi-ban-chap-hanh-lan-thu-hai-12.html",
                    "https://x.vn/tin-tuc/trao-qua-tet-cho-doan-vien-13.html", reasons=[None, None])  # fmt: skip
    events = _cluster("https://x.vn/su-kien/le-ky-niem-ngay-thanh-lap-cong-doan-14.html",
                      "https://x.vn/su-kien/dai-hoi-cong-doan-co-so-nhiem-ky-moi-15.html", reasons=[None, None])  # fmt: skip
    (rule,) = article_rules([news, events], frozenset())
    assert re.search(rule, "https://x.vn/phong-trao/thi-dua-lao-dong-gioi-nam-2024-16.html")  # an unseen section

    tags = _cluster("https://x.vn/tags/mai-am-cong-doan-tinh-nam-1001.html",
                    "https://x.vn/tags/an-toan-ve-sinh-lao-dong-nam-1002.html",
                    reasons=["not an article: a list of links (5 of 6 lines)"] * 2)  # fmt: skip
    (rule,) = article_rules([news, events, tags], frozenset())
    assert re.search(rule, "https://x.vn/su-kien/le-ky-niem-ngay-thanh-lap-cong-doan-14.html")
    assert not re.search(rule, "https://x.vn/tags/mai-am-cong-doan-tinh-nam-1001.html")
    assert not re.search(rule, "https://x.vn/phong-trao/thi-dua-lao-dong-gioi-nam-2024-16.html")


def test_a_group_whose_pages_are_not_articles_writes_no_rule():
    listing = _cluster("https://x.vn/chuyen-muc/hoat-dong-cong-doan-co-so", "https://x.vn/chuyen-muc/tin-tuc-su-kien-trong-tinh",
                       reasons=["not an article: no date", "not an article: no date"])  # fmt: skip
    assert article_rules([listing], frozenset()) == []

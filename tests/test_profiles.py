"""Site profiles as TOML: every built-in one loads, a broken file is one line and hides nothing else,
the writer's files read back the same, and selectors are versioned by fetch date."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from conftest import run_cli

from cleaner.selectors import Selectors
from crawler.sites import (
    BUILTIN,
    CrawlRules,
    ProfileError,
    SiteProfile,
    UnknownSite,
    load_profile,
    load_profiles,
    profiles_dir,
    save_profile,
)

GOOD = """\
name = "Liên đoàn Lao động tỉnh Điện Biên"
level = "province"
province = "Điện Biên"
province_after_2025 = "Điện Biên"
home = "https://ldld.dienbien.gov.vn/"
evidence = "unverified"

[crawl]
article = ['/vi/news/[^/]+-\\d+/[^/]+-\\d+\\.html$']
"""


def _write(home: Path, key: str, text: str) -> Path:
    path = profiles_dir(home) / f"{key}.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_every_builtin_profile_validates() -> None:
    files = sorted(BUILTIN.glob("*.toml"))
    profiles = load_profiles()
    assert not profiles.errors, "\n".join(map(str, profiles.errors.values()))
    assert len(profiles) == len(files) >= 4
    for path in files:
        profile = load_profile(path)
        assert profile.name == path.stem and profile.home.startswith(("http://", "https://"))
        assert profile.title and profile.level and profile.evidence


def test_demo_sites_are_builtin_but_not_real_sites() -> None:
    profiles = load_profiles()
    demo = {p.name for p in profiles if p.level == "demo"}
    assert demo == {"demo-portal", "demo-joomla", "demo-table", "demo-html5"}
    assert not demo & {p.name for p in profiles.real()}


def test_a_broken_file_is_one_line_naming_file_and_field(tmp_path: Path) -> None:
    _write(tmp_path, "ldld-dienbien", GOOD)
    _write(tmp_path, "hong", GOOD.replace("-\\d+\\.html$", "-(\\d+\\.html$"))
    profiles = load_profiles(tmp_path)
    assert "ldld-dienbien" in profiles and "hong" not in profiles and "demo-table" in profiles
    error = str(profiles.errors["hong"])
    assert error.startswith("sites/hong.toml: crawl.article[0]: bad regex '/vi/news/")
    assert "\n" not in error
    with pytest.raises(ProfileError):
        profiles.get("hong")
    with pytest.raises(UnknownSite):
        profiles.get("khong-co")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda t: t.replace('level = "province"', 'level = "tỉnh"'), "level: 'tỉnh' is not one of province, "),
        (
            lambda t: t.replace('home = "https://ldld.dienbien.gov.vn/"', 'home = "ldld.dienbien.gov.vn"'),
            "home: not an http(s) URL: 'ldld.dienbien.gov.vn'",
        ),
        (lambda t: t + 'sections = "/tin-tuc/"\n', "crawl.sections: expected a list, got '/tin-tuc/'"),
        (lambda t: t + "max_listing_pages = 2.5\n", "crawl.max_listing_pages: expected a whole number, got 2.5"),
        (lambda t: t + "artcle = []\n", "crawl.artcle: unknown field (known: start, article, "),
        (lambda t: t + '[[selectors]]\ntitle = "h1["\n', "selectors[0].title: bad CSS selector 'h1['"),
        (lambda t: t + '[[selectors]]\nparse = "odd.parse"\n', "selectors[0].parse: 'odd.parse' is not "),
        (
            lambda t: t + '[[selectors]]\nvalid_until = "2021-06-30"\n',
            "selectors[0].valid_until: expected a date like 2021-06-30 (no quotes), got '2021-06-30'",
        ),
        (
            lambda t: t + '[[selectors]]\ntitle = "h1"\n[[selectors]]\ntitle = "h2"\n',
            "selectors[0].valid_until: missing: only the newest set may leave it out",
        ),
        (lambda t: t.replace('home = "https://ldld.dienbien.gov.vn/"\n', ""), "home: missing"),
        (lambda t: t.replace("[crawl]", "[crawl"), "not valid TOML: "),
    ],
)
def test_what_each_check_says(tmp_path: Path, change, message: str) -> None:
    path = _write(tmp_path, "ldld-dienbien", change(GOOD))
    with pytest.raises(ProfileError) as raised:
        load_profile(path, "sites/ldld-dienbien.toml")
    assert str(raised.value).startswith(f"sites/ldld-dienbien.toml: {message}"), str(raised.value)


def test_the_key_must_be_a_site_name(tmp_path: Path) -> None:
    _write(tmp_path, "LĐLĐ Điện Biên", GOOD)
    assert "the file name 'LĐLĐ Điện Biên' is not a site key" in str(load_profiles(tmp_path).errors["LĐLĐ Điện Biên"])


def test_the_operators_file_wins_over_a_builtin_one(tmp_path: Path) -> None:
    builtin = load_profiles().get("demo-table")
    save_profile(replace(builtin, title="Bản của tôi", download_delay=3.0), profiles_dir(tmp_path))
    mine = load_profiles(tmp_path).get("demo-table")
    assert (mine.title, mine.download_delay) == ("Bản của tôi", 3.0)
    assert mine.selectors == builtin.selectors


def test_written_profiles_read_back_equal(tmp_path: Path) -> None:
    profile = SiteProfile(
        name="ldld-dienbien",
        title="Liên đoàn Lao động tỉnh Điện Biên",
        province="Điện Biên",
        province_after_2025="Điện Biên",
        home="https://ldld.dienbien.gov.vn/",
        family="nukeviet",
        mirrors=("http://ldld.dienbien.gov.vn/",),
        crawl=CrawlRules(start=("/vi/news/",), article=(r"/vi/news/[^/]+-\d+/[^/]+-\d+\.html$",), incremental_depth=0),
        selector_sets=(
            Selectors(title="h1.title", valid_until=date(2021, 6, 30)),
            Selectors(title="h1.tieu-de", body=".news-content", remove=(".share",), parse="odd.parse:parse"),
        ),
    )
    path = save_profile(profile, profiles_dir(tmp_path))
    assert path == tmp_path / "sites" / "ldld-dienbien.toml"
    assert load_profile(path) == profile
    assert "valid_until = 2021-06-30" in path.read_text(encoding="utf-8")  # a TOML date, not a string


def test_the_writer_refuses_a_profile_that_would_not_load(tmp_path: Path) -> None:
    bad = SiteProfile(name="ldld-dienbien", home="https://ldld.dienbien.gov.vn/", crawl=CrawlRules(article=("(",)))
    with pytest.raises(ProfileError, match=r"crawl\.article\[0\]: bad regex"):
        save_profile(bad, tmp_path)
    assert not list(tmp_path.iterdir())


def test_selectors_are_chosen_by_fetch_date() -> None:
    old, middle, new = Selectors(title="td.tieude", valid_until=date(2019, 12, 31)), \
        Selectors(title="h1.old", valid_until=date(2023, 6, 30)), Selectors(title="h1.new")  # fmt: skip
    profile = SiteProfile(name="x", home="https://x.vn/", selector_sets=(old, middle, new))
    assert profile.selectors is new
    assert profile.selectors_at(date(2019, 12, 31)) is old
    # 30 June 2023 18:00 UTC is already 1 July in Vietnam: the newest set
    assert profile.selectors_at(datetime(2023, 6, 30, 16, 0, tzinfo=UTC)) is middle
    assert profile.selectors_at(datetime(2023, 6, 30, 18, 0, tzinfo=UTC)) is new
    assert profile.selectors_at(None) is new


def test_cli_lists_the_rest_and_names_the_broken_file(tmp_path: Path) -> None:
    _write(tmp_path, "hong", GOOD.replace("\\.html$", "\\.html$)"))
    listing = run_cli("sites", home=tmp_path)
    assert listing.stderr.strip().splitlines() == [
        "unionnews: warning: sites/hong.toml: crawl.article[0]: bad regex "
        "'/vi/news/[^/]+-\\d+/[^/]+-\\d+\\.html$)': unbalanced parenthesis at position 35"
    ]
    assert "demo-table" in listing.stdout and "hong" not in listing.stdout
    crawl = run_cli("crawl", "--site", "hong", home=tmp_path, check=False)
    assert crawl.returncode == 2
    assert crawl.stderr.strip().splitlines() == [
        "unionnews: error: sites/hong.toml: crawl.article[0]: bad regex "
        "'/vi/news/[^/]+-\\d+/[^/]+-\\d+\\.html$)': unbalanced parenthesis at position 35"
    ]


REGISTRY = Path(__file__).resolve().parent.parent / "scripts" / "registry" / "union_sites.csv"


def test_every_registry_row_is_a_builtin_profile() -> None:
    import csv

    with REGISTRY.open(encoding="utf-8", newline="") as file:
        rows = list(csv.DictReader(file))
    profiles = load_profiles()
    assert len(rows) == 28 and {r["key"] for r in rows} == {p.name for p in profiles.real()}
    for row in rows:
        profile = profiles.get(row["key"])
        assert (profile.title, profile.level, profile.province, profile.home, profile.evidence) == (
            row["name"],
            row["level"],
            row["province_before_2025"],
            row["url"],
            row["evidence"],
        )
        assert row["province_after_2025"].startswith(profile.province_after_2025)
    kiengiang = profiles.get("congdoan-kiengiang")
    assert (kiengiang.province, kiengiang.province_after_2025, kiengiang.merged_from) == (
        "Kiên Giang",
        "An Giang",
        ("An Giang", "Kiên Giang"),
    )
    assert profiles.get("congdoan-binhduong").merged_from == ("TP Hồ Chí Minh", "Bình Dương", "Bà Rịa–Vũng Tàu")
    assert profiles.get("ldld-langson").merged_from == ()


def test_the_readme_table_is_the_profiles() -> None:
    import runpy

    script = runpy.run_path(str(REGISTRY.parent.parent / "registry_profiles.py"))
    readme = (REGISTRY.parent.parent.parent / "README.md").read_text(encoding="utf-8")
    assert f"{script['TABLE_START']}\n{script['readme_table']()}\n{script['TABLE_END']}" in readme


# (site, the example the registry saw, another article of the same shape, a page of the site that is not one)
ARTICLE_SHAPES = [
    (
        "congdoan-binhdinh",
        "http://congdoanbinhdinh.org.vn/vi/news/thong-bao-3/dai-hoi-cong-doan-co-so-2041.html",
        "http://congdoanbinhdinh.org.vn/vi/news/tin-hoat-dong-25/",
    ),
    (
        "congdoan-quangnam",
        "http://congdoanquangnam.org.vn/Default.aspx?tabid=656&Group=12&NID=2040&tap-huan&language=vi-VN",
        "http://congdoanquangnam.org.vn/Default.aspx?tabid=656&Group=12",
    ),
    (
        "congdoan-ninhthuan",
        "http://congdoanninhthuan.org.vn/Tin-tuc---Su-kien/Hoi-nghi-Ban-Chap-hanh-lan-thu-5.aspx",
        "http://congdoanninhthuan.org.vn/Tin-tuc---Su-kien.aspx",
    ),
    (
        "congdoan-tuyenquang",
        "https://congdoantuyenquang.vn/DetailView/100001/7/Hoi-nghi-can-bo-cong-chuc.html",
        "https://congdoantuyenquang.vn/CategoryView/4/Tin-tuc.html",
    ),
    (
        "congdoan-kiengiang",
        "https://congdoan.kiengiang.gov.vn/trang/TinTuc/12/4001/Dai-hoi-Cong-doan.html",
        "https://congdoan.kiengiang.gov.vn/trang/TinTuc/186.html",
    ),
    (
        "ldld-soctrang",
        "https://ldldsoctrang.soctrang.gov.vn/vi/home/-/asset_publisher/AbCd12/content/tap-huan-nghiep-vu",
        "https://ldldsoctrang.soctrang.gov.vn/vi/home",
    ),
    (
        "congdoan-danang",
        "https://congdoandanang.org.vn/bai-viet/trao-mai-am-cong-doan-cho-doan-vien",
        "https://congdoandanang.org.vn/danh-muc/tin-tuc",
    ),
    (
        "bao-laodong",
        "https://laodong.vn/ldld-gia-lai/trao-qua-tet-cho-cong-nhan-1234567.ldo",
        "https://laodong.vn/cong-doan/",
    ),
    (
        "bao-nld",
        "https://nld.com.vn/cong-doan-tp-hcm-cham-lo-tet-cho-nguoi-lao-dong-196250101120000123.htm",
        "https://nld.com.vn/print/cong-doan-tp-hcm-cham-lo-tet-196250101120000123.htm",
    ),
    (
        "bao-laodongthudo",
        "https://laodongthudo.vn/cong-doan-ha-noi-trao-qua-cho-cong-nhan-150900.html",
        "https://laodongthudo.vn/tet-sum-vay.media",
    ),
]


@pytest.mark.parametrize(("key", "other", "not_article"), ARTICLE_SHAPES)
def test_article_rules_are_general_for_the_site(key: str, other: str, not_article: str) -> None:
    profile = load_profiles().get(key)
    assert profile.is_article(profile.evidence_url) and profile.may_follow(profile.evidence_url)
    assert profile.is_article(other) and profile.may_follow(other)
    assert not (profile.is_article(not_article) and profile.may_follow(not_article))


def test_the_press_keeps_to_the_union_sections() -> None:
    laodong = load_profiles().get("bao-laodong")
    assert laodong.may_follow("https://laodong.vn/ldld-lam-dong?page=2") and laodong.is_listing(
        "https://laodong.vn/ldld-lam-dong?page=2"
    )
    assert not laodong.may_follow("https://laodong.vn/the-thao/bong-da-viet-nam-thang-lon-1234567.ldo")
    assert not laodong.may_follow("https://laodong.vn/kinh-doanh/")


LAYOUT_CHANGE = """\
name = "Liên đoàn Lao động tỉnh Điện Biên"
level = "province"
province = "Điện Biên"
province_after_2025 = "Điện Biên"
home = "https://ldld.dienbien.gov.vn/"
evidence = "unverified"

[[selectors]]
valid_until = 2020-12-31
title = "td.tieude"

[[selectors]]
title = "h1.moi"
"""

BOTH_LAYOUTS = """<html><head><title>LĐLĐ tỉnh Điện Biên</title></head><body>
<table><tr><td class="tieude">Tiêu đề theo giao diện cũ: Hội nghị Ban Chấp hành</td></tr></table>
<h1 class="moi">Tiêu đề theo giao diện mới: Hội nghị Ban Chấp hành lần thứ 5</h1>
<p class="ngay">Thứ năm, 14/03/2024 08:30</p>
<div class="noi-dung"><p>Sáng 14/3, Ban Chấp hành Liên đoàn Lao động tỉnh Điện Biên tổ chức hội nghị lần thứ 5,
khóa XIV, đánh giá kết quả hoạt động công đoàn quý I và triển khai nhiệm vụ quý II năm 2024.</p></div>
</body></html>"""


def test_reextract_uses_the_selectors_valid_when_a_page_was_fetched(tmp_path: Path) -> None:

    _write(tmp_path, "ldld-dienbien", LAYOUT_CHANGE)
    page = tmp_path / "trang.html"
    page.write_text(BOTH_LAYOUTS, encoding="utf-8")
    old_url, new_url = "https://ldld.dienbien.gov.vn/tin/1.html", "https://ldld.dienbien.gov.vn/tin/2.html"
    run_cli("ingest", str(page), str(page), "--url", old_url, "--url", new_url, home=tmp_path)
    with sqlite3.connect(tmp_path / "archive.sqlite3") as db:  # as if the first page had been fetched in 2019
        db.execute("UPDATE raw_pages SET fetched_at = '2019-05-01 03:00:00.000000' WHERE fetched_url = ?", (old_url,))
    run_cli("reextract", home=tmp_path)
    titles = {
        r["url"]: r["title"] for r in map(json.loads, run_cli("export", "-o", "-", home=tmp_path).stdout.splitlines())
    }
    assert titles == {
        old_url: "Tiêu đề theo giao diện cũ: Hội nghị Ban Chấp hành",
        new_url: "Tiêu đề theo giao diện mới: Hội nghị Ban Chấp hành lần thứ 5",
    }


def test_sites_lists_provinces_evidence_and_last_crawl(tmp_path: Path, demo_urls: dict[str, str]) -> None:
    run_cli("crawl", "--base-url", f"demo-table={demo_urls['demo-table']}", "-s", "DOWNLOAD_DELAY=0", home=tmp_path)
    listing = {line.split()[0]: line for line in run_cli("sites", home=tmp_path).stdout.splitlines()[1:]}
    assert len(listing) == len(load_profiles())
    assert "Kiên Giang → An Giang" in listing["congdoan-kiengiang"] and "article page seen" in listing["congdoan-kiengiang"]
    assert "Cần Thơ (+ Sóc Trăng, Hậu Giang)" in listing["congdoan-cantho"]
    assert listing["congdoan-kiengiang"].endswith("never") and listing["demo-table"].endswith("finished")
    records = {r["key"]: r for r in json.loads(run_cli("sites", "--json", home=tmp_path).stdout)}
    assert records["demo-table"]["last_crawl"]["status"] == "finished" and records["demo-table"]["last_crawl"]["new"] == 7
    assert records["ldld-soctrang"] | {"last_crawl": None} == records["ldld-soctrang"]
    assert (records["ldld-soctrang"]["province"], records["ldld-soctrang"]["province_after_2025"]) == ("Sóc Trăng", "Cần Thơ")
    assert records["bao-laodong"]["family"] == "laodong" and records["tld-congdoan-vn"]["level"] == "national"


# The fixture sites imitate the CMS families the registry saw (tests/sites/); the built-in profile of the
# real site each one imitates must take exactly its union articles, under any of their URLs.
FIXTURE_OF = {"nukeviet": "congdoan-binhdinh", "liferay": "ldld-soctrang", "dnn": "congdoan-quangnam",
              "aspnet": "congdoan-ninhthuan", "tintuc": "congdoan-kiengiang", "slug": "congdoan-danang",
              "laodong": "bao-laodong"}  # fmt: skip
# A slug-only site's "about" page has an article's URL shape: only the cleaner (no date) can tell.
_SAME_SHAPE = {"slug": {"/bai-viet/gioi-thieu-lien-doan-lao-dong-thanh-pho"}}


@pytest.mark.parametrize("family", sorted(FIXTURE_OF))
def test_builtin_article_rules_take_the_fixture_sites_union_articles(family: str) -> None:
    gold = json.loads((Path(__file__).parent / "sites" / family / "gold.json").read_text(encoding="utf-8"))
    base = "http://127.0.0.1:8000"
    profile = load_profiles().get(FIXTURE_OF[family]).rebased(base)

    def taken(path: str) -> bool:
        url = profile.canonical(base + path)
        return profile.may_follow(url) and profile.is_article(url)

    assert gold["articles"] and all(taken(a["path"]) for a in gold["articles"])
    assert all(taken(alternate) for a in gold["articles"] for alternate in a["alternates"])
    assert not [a["path"] for a in gold["other_articles"] if taken(a["path"])]  # Lao Động's sport and politics
    assert {n["path"] for n in gold["non_articles"] if taken(n["path"])} == _SAME_SHAPE.get(family, set())
    assert profile.content_decides or family not in _SAME_SHAPE  # so the cleaner turns that page away


def test_slug_only_article_urls_make_the_content_decide() -> None:
    """Where the article URLs carry no id, an "about" page can share their shape: the page's content decides."""
    slug_only = {"congdoan-danang", "congdoan-cantho", "cd-vienchuc", "congdoan-ninhthuan", "ldld-daklak",
                 "ldld-soctrang"}  # fmt: skip
    assert {p.name for p in load_profiles().real() if p.crawl.confirm} == slug_only

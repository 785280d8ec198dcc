"""Site profiles as TOML: every built-in one loads, a broken file is one line and hides nothing else,
the writer's files read back the same, and selectors are versioned by fetch date."""

from __future__ import annotations

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
        (lambda t: t.replace('home = "https://ldld.dienbien.gov.vn/"', 'home = "ldld.dienbien.gov.vn"'),
         "home: not an http(s) URL: 'ldld.dienbien.gov.vn'"),
        (lambda t: t + 'sections = "/tin-tuc/"\n', "crawl.sections: expected a list, got '/tin-tuc/'"),
        (lambda t: t + "max_listing_pages = 2.5\n", "crawl.max_listing_pages: expected a whole number, got 2.5"),
        (lambda t: t + "artcle = []\n", "crawl.artcle: unknown field (known: start, article, "),
        (lambda t: t + '[[selectors]]\ntitle = "h1["\n', "selectors[0].title: bad CSS selector 'h1['"),
        (lambda t: t + '[[selectors]]\nparse = "odd.parse"\n', "selectors[0].parse: 'odd.parse' is not "),
        (lambda t: t + '[[selectors]]\nvalid_until = "2021-06-30"\n',
         "selectors[0].valid_until: expected a date like 2021-06-30 (no quotes), got '2021-06-30'"),
        (lambda t: t + '[[selectors]]\ntitle = "h1"\n[[selectors]]\ntitle = "h2"\n',
         "selectors[0].valid_until: missing: only the newest set may leave it out"),
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
    save_profile(SiteProfile(**{**builtin.__dict__, "title": "Bản của tôi", "download_delay": 3.0}), profiles_dir(tmp_path))
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

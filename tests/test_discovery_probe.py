"""The probe on sites served for real on 127.0.0.1: the demo sites, and small sites that refuse it."""

from __future__ import annotations

import re

import pytest

from crawler.discovery.fetch import ProbeError
from crawler.discovery.probe import ProbeLimits, probe_site
from unionnews.demo.content import DemoSite
from unionnews.demo.urls import SCHEMES


@pytest.mark.parametrize("name", ["demo-portal", "demo-joomla", "demo-table", "demo-html5"])
def test_the_probe_learns_each_demo_sites_articles_and_pagination(name: str, demo_urls: dict[str, str],
                                                                   demo_sites: dict[str, DemoSite]) -> None:  # fmt: skip
    base = demo_urls[name]
    site, scheme = demo_sites[name], SCHEMES[demo_sites[name].family]
    report = probe_site(base + "/", delay=0)
    articles = [base + scheme.article(a) for a in site.articles]
    listings = [base + scheme.listing(n) for n in range(2, 4)]

    def matches(rules: list[str], url: str) -> bool:
        return any(re.search(rule, url) for rule in rules)

    assert report.article and all(matches(report.article, u) for u in articles), (report.article, articles)
    assert not any(matches(report.article, u) for u in [base + "/", base + scheme.listing(1), *listings])
    assert all(matches(report.listing, u) for u in listings), (report.listing, listings)
    assert scheme.listing(1) in report.start
    assert report.samples and all(s.title and s.published for s in report.samples)
    assert not report.confirm  # every one of these URLs carries an id
    assert 0 < report.requests <= 60


def test_robots_txt_forbidding_the_home_page_stops_the_probe(refusing: str) -> None:
    with pytest.raises(ProbeError, match="robots.txt .* forbids"):
        probe_site(refusing + "/closed/", delay=0)


def test_a_home_page_that_is_not_html_stops_the_probe(refusing: str) -> None:
    with pytest.raises(ProbeError, match="not an HTML page .*application/json"):
        probe_site(refusing + "/data/", delay=0)


def test_an_unreachable_site_stops_the_probe(closed_port: int) -> None:
    with pytest.raises(ProbeError, match="unreachable"):
        probe_site(f"http://127.0.0.1:{closed_port}/", delay=0, limits=ProbeLimits())


def test_a_site_with_no_articles_yields_no_article_rule(refusing: str) -> None:
    report = probe_site(refusing + "/", delay=0)
    assert report.article == [] and report.samples == [] and report.requests == 2  # robots.txt and the home page

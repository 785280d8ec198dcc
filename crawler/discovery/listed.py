"""Article URL shapes learnt from a list of a site's URLs, where no page links to them (a web archive's index).

A backfill of a site that is gone has no home page to probe, only the web archive's list of what was
captured. That list is grouped by URL shape as the probe groups links (clusters.py), and a few pages of
each group are opened and read by the cleaner (cleaner.acceptance): a group is the site's articles only
when its pages are. The groups confirmed become rules (rules.py), so the other pages of a listing shape
(a thousand `?page=N`) are never fetched, and a page that stands alone under a fixed address ("Giới thiệu",
"Liên hệ": no id, no slug, no page number) is never an article, however much it reads like one.

A page that cannot be read at all (a capture the archive cannot play back, a soft 404) says nothing about
its group: the judge returns None and the group's next page is opened instead.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from crawler.discovery.clusters import Cluster, Sample, cluster_links
from crawler.discovery.page import Link
from crawler.discovery.rules import article_rules, matches_any

SAMPLES = 3  # pages judged per group, as the probe opens (ProbeLimits.samples)


@dataclass(frozen=True)
class LearntShapes:
    rules: list[str]  # regexes of article URLs (as a profile's [crawl] article)
    clusters: list[Cluster]

    def articles(self, urls: Iterable[str]) -> list[str]:
        return [url for url in urls if matches_any(self.rules, url)]


def learn_article_shapes(source: str, urls: Iterable[str], judge: Callable[[str], Sample | None]) -> LearntShapes:
    """Group `urls` (listed by `source`) by shape and judge up to SAMPLES pages of each group that can be one
    page of many (its shape carries an id, a slug or a page number)."""
    clusters = cluster_links((source, Link(url, "", in_menu=False)) for url in urls)
    for cluster in clusters.values():
        if not cluster.shape.identified:
            continue
        order = list(dict.fromkeys([*cluster.spread(SAMPLES), *cluster.urls]))
        for url in order:
            if len(cluster.samples) >= SAMPLES or (len(cluster.samples) >= 2 and not cluster.accepted):
                break
            if (sample := judge(url)) is not None:
                cluster.samples.append(sample)
    ordered = sorted(clusters.values(), key=lambda c: c.shape)
    return LearntShapes(article_rules(ordered, frozenset()), ordered)

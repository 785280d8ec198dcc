"""Probing a site never seen before: from its home page to the rules of a profile.

The steps, each bounded so a probe stays a few dozen polite requests:
1. robots.txt (sitemaps, what is forbidden) and the home page (feeds, `<meta name=generator>`, links);
2. the listing pages its menus and section headings lead to;
3. every link seen, grouped by URL shape (shapes.py) and ordered by how much each group looks like
   articles (clusters.py);
4. a few pages of each likely group opened and read by the cleaner, which must find an article
   (cleaner.acceptance): a group is the site's articles only when its pages are;
5. the next page of some listings, to learn how the site paginates;
6. print views, tracking parameters and pages that declare another canonical address, turned into
   `exclude` and `canonical_params` rules;
7. the CMS family's preset (presets.toml), where the site bears it out: its body selector, its listing
   patterns.
Where article URLs carry no id, or a group mixes articles and other pages, the profile asks the crawl
to confirm each page by its content too (`confirm`).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from archive.urls import on_site, site_host
from cleaner import ExtractionError, Selectors, extract_html
from crawler.discovery.clusters import Cluster, Sample, cluster_links
from crawler.discovery.fetch import Fetched, PoliteFetcher
from crawler.discovery.page import Link, Page, is_file, read_page
from crawler.discovery.presets import Family, guess_family, union_sections, variants
from crawler.discovery.rules import article_rules, listing_rules, matches_any
from crawler.discovery.shapes import Shape, is_variable, shape_of, shape_regex

_LABEL_WORDS = 6  # a link with a short text on the home page may lead to a section's listing
_HEADLINE_WORDS = 3  # groups whose links read shorter than this (page numbers, "Xem tiếp") are not articles
_NEXT = re.compile(r"^(?:\d+|»|›|>|>>|sau|tiếp|tiếp theo|trang sau|trang tiếp|next|next\s*»|xem tiếp)$", re.IGNORECASE)
_SAME_BODY = 0.99  # word F1 between two bodies of one page that count as the same text
_PAGE_PARAMS = re.compile(r"^(?:page|cur|p|pg|start|trang|pageindex|pagenum|page_?no|_\w+_cur)$", re.IGNORECASE)


@dataclass(frozen=True)
class ProbeLimits:
    listings: int = 20  # listing pages read beyond the home page
    samples: int = 3  # pages opened per group of URLs
    confirmations: int = 40  # pages opened to confirm groups, in all
    paginations: int = 4  # listings whose next page is read


@dataclass
class ProbeReport:
    home: str
    site_name: str = ""  # the home page's <title>
    generator: str = ""
    family: Family | None = None
    start: list[str] = field(default_factory=list)  # listing pages where a crawl starts (paths)
    next_pages: list[str] = field(default_factory=list)  # next pages of listings that were read
    clusters: list[Cluster] = field(default_factory=list)
    article: list[str] = field(default_factory=list)
    listing: list[str] = field(default_factory=list)
    sections: list[str] = field(default_factory=list)  # a newspaper's union sections (path prefixes)
    exclude: list[str] = field(default_factory=list)
    canonical_params: list[str] = field(default_factory=list)
    confirm: bool = False
    feeds: list[str] = field(default_factory=list)
    sitemaps: list[str] = field(default_factory=list)
    aliases: list[tuple[str, str]] = field(default_factory=list)  # (address read, canonical it declares)
    print_views: list[str] = field(default_factory=list)
    body: str = ""  # the family's body selector, where it gives what the generic rules give on every page read
    requests: int = 0
    seconds: float = 0.0

    @property
    def candidates(self) -> list[str]:
        """Article URLs seen: links of the confirmed groups (or matching the rules)."""
        seen = {u for c in self.clusters for u in c.urls if c.confirmed or matches_any(self.article, u)}
        return sorted(seen)

    @property
    def samples(self) -> list[Sample]:
        return [s for c in self.clusters for s in c.accepted]

    def crawl_table(self) -> dict[str, object]:
        """The profile's [crawl] table (PROFILE_FORMAT), with only what the probe learnt."""
        table: dict[str, object] = {"start": self.start, "article": self.article, "listing": self.listing,
                                    "sections": self.sections, "exclude": self.exclude,
                                    "canonical_params": self.canonical_params}  # fmt: skip
        if self.confirm:
            table["confirm"] = True
        if self.feeds:
            table["feeds"] = self.feeds
        if self.sitemaps:
            table["sitemaps"] = self.sitemaps
        return {k: v for k, v in table.items() if v}


class _Probe:
    def __init__(self, home: str, delay: float, limits: ProbeLimits) -> None:
        self.fetcher = PoliteFetcher(home, delay)
        self.limits = limits
        self.pages: dict[str, Page] = {}
        self.bodies: dict[str, Fetched | None] = {}
        self.sightings: list[tuple[str, Link]] = []
        self.print_links: list[str] = []
        self.tracking: set[str] = set()
        self.budget = limits.confirmations  # pages left to open for confirmation
        self.report = ProbeReport(home)

    # what is ours, and in which form

    def owns(self, url: str) -> bool:
        return site_host(url) == site_host(self.report.home)

    def clean(self, url: str) -> str | None:
        """The link as a crawl would request it, or None for another site, a file, or a print view."""
        if not self.owns(url) or is_file(url):
            return None
        if variants().is_print(url):
            self.print_links.append(url)
            return None
        parts = urlsplit(on_site(url, (self.report.home,)))
        pairs = parse_qsl(parts.query, keep_blank_values=True)
        kept = [(k, v) for k, v in pairs if not variants().tracking.match(k)]
        self.tracking.update(k for k, _ in pairs if variants().tracking.match(k))
        query = urlencode(kept, doseq=True).replace("=&", "&") if kept != pairs else parts.query
        return urlunsplit((parts.scheme, parts.netloc, parts.path, query, ""))

    def path(self, url: str) -> str:
        parts = urlsplit(url)
        return parts.path + (f"?{parts.query}" if parts.query else "")

    # fetching

    def fetch(self, url: str) -> Fetched | None:
        if url not in self.bodies:
            answer = self.fetcher.get(url)
            self.bodies[url] = answer if answer and answer.status < 400 and answer.is_html else None
        return self.bodies[url]

    def read(self, url: str) -> Page | None:
        if url in self.pages:
            return self.pages[url]
        answer = self.fetch(url)
        if answer is None:
            return None
        page = read_page(answer.url, answer.body, answer.content_type)
        self.pages[url] = page
        declared = on_site(page.canonical, (self.report.home,)) if page.canonical else ""
        if declared and self.owns(declared) and declared.rstrip("/") != answer.url.rstrip("/"):
            self.report.aliases.append((answer.url, page.canonical))
        for link in page.links:
            if (clean := self.clean(link.url)) is not None:
                self.sightings.append((url, Link(clean, link.text, link.in_menu)))
        return page

    # the steps

    def run(self) -> ProbeReport:
        first = self.fetcher.home_page()
        home = self.report.home = first.url
        self.bodies[home] = first
        page = self.read(home)
        assert page is not None
        self.report.generator = page.generator
        self.report.site_name = page.title
        self.report.feeds = [f for f in page.feeds if self.owns(f)]
        self.report.sitemaps = [s for s in self.fetcher.sitemaps if self.owns(s)]
        self.report.family = guess_family(page.generator, [link.url for link in page.links])
        self.read_listings(home, page)
        clusters = cluster_links(self.sightings)
        self.confirm(clusters)
        # The pages opened link on (tags, related news, sections the menus did not show): their groups are
        # confirmed too, so a rule that generalises over sections knows what it would take in.
        later = cluster_links(self.sightings)
        for shape, cluster in later.items():
            cluster.samples = clusters[shape].samples if shape in clusters else []
        self.confirm(later)
        clusters = later
        self.report.clusters = sorted(clusters.values(), key=lambda c: (-len(c.accepted), -c.score()))
        self.variants()
        self.report.article = article_rules(self.report.clusters, frozenset(self.report.canonical_params))
        self.report.body = self.family_body()
        self.report.sections = union_sections(
            list(dict.fromkeys(c.shape.path[0] for c in self.confirmed() if len(c.shape.path) > 1))
        )
        self.paginate()
        self.report.confirm = any((c.confirmed and not c.shape.has_id) or c.mixed for c in self.report.clusters)
        self.report.requests, self.report.seconds = self.fetcher.requests, self.fetcher.seconds
        return self.report

    def read_listings(self, home: str, page: Page) -> None:
        """The pages the home page's menus and section headings lead to, and the family's usual ones."""
        wanted: list[str] = []
        for link in page.links:
            clean = self.clean(link.url)
            if clean and clean != home and (link.in_menu or len(link.text.split()) <= _LABEL_WORDS):
                wanted.append(clean)
        if self.report.family:
            wanted += [urljoin(home, path) for path in self.report.family.start]
        for url in list(dict.fromkeys(wanted))[: self.limits.listings]:
            self.read(url)

    def confirm(self, clusters: dict[object, Cluster]) -> None:
        """Open a few pages of each likely group not opened yet, best first, within the probe's budget."""
        family = self.report.family
        likely = [c for c in clusters.values()
                  if not c.samples and c.score() > 0 and _median_words(c) >= _HEADLINE_WORDS]  # fmt: skip
        likely.sort(key=lambda c: (-(family is not None and any(family.article_match(u) for u in c.urls)),
                                   -c.score()))  # fmt: skip
        for cluster in likely:
            for url in cluster.spread(self.limits.samples):
                if self.budget <= 0:
                    return
                self.budget -= url not in self.bodies
                cluster.samples.append(self.sample(url))
                rejected = [s for s in cluster.judged if not s.accepted]
                if len(rejected) >= 2 and not cluster.accepted:
                    break

    def sample(self, url: str) -> Sample:
        answer = self.fetch(url)
        if answer is None:
            return Sample(url, "", None, "not an HTML page that answers")
        page = self.read(url)
        canonical = page.canonical if page and page.canonical and self.owns(page.canonical) else None
        if canonical and urlsplit(canonical).path.rstrip("/") != urlsplit(answer.url).path.rstrip("/"):
            # An alias (the article under another section, an old address): the crawl files it under the
            # canonical address, so its shape is not the articles'. Parameters only are canonical_params.
            return Sample(url, "", None, f"another address of {canonical}", alias_of=canonical)
        try:
            article = extract_html(answer.body, answer.url, content_type=answer.content_type, require_article=True)
        except ExtractionError as exc:
            return Sample(url, "", None, str(exc))
        published = article.published.isoformat() if article.published else None
        return Sample(url, article.title, published, None, article.body)

    def listing_pages(self) -> list[str]:
        """The home page, and the pages read (not articles) that link to two or more confirmed articles.

        An "about" page with a "latest news" box passes too: starting there costs a request, while
        missing a section's listing would lose its older articles.
        """
        articles = {u for c in self.report.clusters if c.confirmed for u in c.urls}
        pairs = {(page, link.url) for page, link in self.sightings if not link.in_menu and link.url in articles}
        counts = Counter(page for page, _ in pairs)
        return [url for url in self.pages
                if url == self.report.home or (counts[url] >= 2 and url not in articles)]  # fmt: skip

    def paginate(self) -> None:
        """Read the next page of some listings: a page with articles the first did not show is pagination."""
        listings = self.listing_pages()
        articles = {u for c in self.report.clusters if c.confirmed for u in c.urls}
        rules: list[str] = []  # of the next pages read
        for url in listings:
            if len(self.report.next_pages) >= self.limits.paginations:
                break
            nxt = self.next_page(url, articles)
            if nxt is None or matches_any(rules, nxt):
                continue
            if self.read(nxt) is None:
                continue
            shown = {link.url for page, link in self.sightings if page == url}
            new = [link.url for page, link in self.sightings
                   if page == nxt and link.url not in shown and matches_any(self.report.article, link.url)]  # fmt: skip
            if new:
                self.report.next_pages.append(nxt)
                rules.append(shape_regex(shape_of(nxt), frozenset(self.report.canonical_params)))
        self.report.start = [self.path(u) for u in listings if not matches_any(rules, u)
                             and (u == self.report.home or not self.report.sections
                                  or self.path(u).startswith(tuple(self.report.sections)))]  # fmt: skip
        # Next pages (those read, and the next links of other listings shaped like them) and first pages,
        # under rules general enough to take the next pages of every section.
        read = [shape_of(u) for u in self.report.next_pages]
        alike = [
            n for u in listings if (n := self.next_page(u, articles)) and any(_alike(shape_of(n), s) for s in read)
        ]
        nexts = [u for u in listings if matches_any(rules, u)] + self.report.next_pages + alike
        rules = listing_rules(nexts, frozenset(self.report.canonical_params))
        rules += [r for r in listing_rules(u for u in listings if u != self.report.home) if r not in rules]
        # The family's own listing patterns, where the site's listings or next pages bear them out.
        family = self.report.family.listing if self.report.family else ()
        seen = [*listings, *self.report.next_pages]
        rules += [p for p in family if p not in rules and any(re.search(p, u) for u in seen)]
        self.report.listing = rules

    def confirmed(self) -> list[Cluster]:
        return [c for c in self.report.clusters if c.confirmed]

    def next_page(self, url: str, articles: set[str]) -> str | None:
        page = self.pages.get(url)
        if page is None:
            return None
        if page.next_page and self.owns(page.next_page):
            return self.clean(page.next_page)
        for link in page.links:
            clean = self.clean(link.url)
            if clean and clean != url and clean not in articles and _NEXT.match(link.text) and link.text != "1":
                if not link.text.isdigit() or link.text == "2":
                    return clean
        return None

    def variants(self) -> None:
        """Print views to exclude; tracking, session and listing-page parameters to drop from article URLs."""
        matched = [p.pattern for p in variants().print if any(p.search(u) for u in self.print_links)]
        self.report.exclude = matched
        self.report.print_views = list(dict.fromkeys(self.print_links))[:3]
        params = set(self.tracking)
        for read, canonical in self.report.aliases:
            got, declared = urlsplit(read), urlsplit(canonical)
            if got.path.rstrip("/") == declared.path.rstrip("/"):
                keep = dict(parse_qsl(declared.query, keep_blank_values=True))
                params.update(k for k, v in parse_qsl(got.query, keep_blank_values=True) if keep.get(k) != v)
        for cluster in self.confirmed():
            if not (cluster.shape.path and is_variable(cluster.shape.path[-1])):
                continue  # the path does not name the page: its parameters may
            for token in cluster.shape.query:
                name = token.partition("=")[0]
                if _PAGE_PARAMS.match(name) and name not in params and self.same_without(cluster, name):
                    params.add(name)
        self.report.canonical_params = sorted(params)

    def family_body(self) -> str:
        """The family's body selector, if on every article read (two at least) it finds the body the generic
        rules find: a guess confirmed, which then spares the crawl the generic search."""
        family, samples = self.report.family, self.report.samples
        if family is None or not family.body or len(samples) < 2:
            return ""
        for sample in samples:
            answer = self.bodies.get(sample.url)
            try:
                found = extract_html(answer.body, answer.url, Selectors(body=family.body), answer.content_type,
                                     require_article=True).body if answer else ""  # fmt: skip
            except ExtractionError:
                return ""
            if word_f1(sample.body, found) < _SAME_BODY:
                return ""
        return family.body

    def same_without(self, cluster: Cluster, name: str) -> bool:
        """The article answers without the parameter, with the same headline: it is not part of its identity."""
        sample = next((s for s in cluster.accepted), None)
        if sample is None:
            return False
        parts = urlsplit(sample.url)
        query = urlencode([(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != name])
        bare = urlunsplit((parts.scheme, parts.netloc, parts.path, query, ""))
        return self.sample(bare).title == sample.title


def _alike(a: Shape, b: Shape) -> bool:
    """Same depth and the same query parameters: two sections' next pages."""
    return len(a.path) == len(b.path) and [t.partition("=")[0] for t in a.query] == [
        t.partition("=")[0] for t in b.query
    ]


def word_f1(a: str, b: str) -> float:
    """Word-bag F1 of two texts."""
    left, right = Counter(a.split()), Counter(b.split())
    common = sum((left & right).values())
    return 2 * common / (sum(left.values()) + sum(right.values())) if common else 0.0


def _median_words(cluster: Cluster) -> int:
    words = sorted(len(t.split()) for t in cluster.texts.values() if t)
    return words[len(words) // 2] if words else 0


def probe_site(home: str, delay: float = 1.0, limits: ProbeLimits | None = None) -> ProbeReport:
    """Probe the site at `home`; ProbeError when it cannot be probed at all."""
    return _Probe(home, delay, limits or ProbeLimits()).run()


__all__ = ["ProbeLimits", "ProbeReport", "probe_site"]

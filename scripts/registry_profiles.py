"""Generate the built-in profiles of the real union sites from the registry, and the README's table of them.

    python scripts/registry_profiles.py [path/to/union_sites.csv]

The registry (scripts/registry/union_sites.csv, a copy of the shared one) says who runs each site, its
province before and after 1 July 2025, its home page and how we know it exists. `RULES` below adds
what its URL shapes tell about crawling it: the CMS family and the article URLs, written general for
the site (a NukeViet site's every article, not the one URL seen); where those URLs carry no id (a slug
only), the profile says `confirm = true`, so a page's content decides too. Where no article URL was seen, a
profile has a home page only and the crawl discovers the rest. Rerunning rewrites every generated
file and the README table; hand edits belong in the rules here, or in an operator's own profile.
"""

from __future__ import annotations

import csv
import re
import sys
import unicodedata
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cleaner.selectors import Selectors  # noqa: E402
from crawler.sites import BUILTIN, CrawlRules, SiteProfile, load_profiles, save_profile  # noqa: E402
from unionnews.commands.sites import province_line  # noqa: E402

REGISTRY = ROOT / "scripts" / "registry" / "union_sites.csv"
README = ROOT / "README.md"
TABLE_START, TABLE_END = "<!-- registry table: scripts/registry_profiles.py -->", "<!-- end of registry table -->"
_ABBREVIATIONS = {"HCM": "TP Hồ Chí Minh"}

_LIFERAY = dict(
    family="liferay",
    crawl=CrawlRules(article=(r"/-/asset_publisher/[^/]+/content/[^/?#]+",), canonical_params=("cur",)),
    selector_sets=(Selectors(body="div.journal-content-article"),),
)

# What each site's URL shape (the registry's url_shape and article_url_example) says about crawling it.
RULES: dict[str, dict] = {
    "ldld-quangbinh": dict(
        family="3cms",
        # 3cms article pages carry a 13-digit `art` id; only the print view was seen, so it is left out
        crawl=CrawlRules(article=(r"/3cms/[^?#]+\.htm\?(?:[^#]*&)?art=\d{13}\b",), exclude=(r"/3cms/Ban-in-\d+\.htm",)),
    ),
    "ldld-daklak": _LIFERAY,
    "ldld-soctrang": _LIFERAY,
    "congdoan-danang": dict(crawl=CrawlRules(article=(r"/bai-viet/[a-z0-9]+(?:-[a-z0-9]+)+/?$",))),
    # slug-only article URLs at the root: a headline-long slug (six words or more) tells them from menus
    "congdoan-cantho": dict(crawl=CrawlRules(article=(r"^https?://[^/]+/[a-z0-9]+(?:-[a-z0-9]+){5,}/?$",))),
    "congdoan-quangnam": dict(
        family="dotnetnuke",
        crawl=CrawlRules(
            article=(r"/Default\.aspx\?(?=[^#]*\bNID=\d+)",),
            listing=(r"/Default\.aspx\?(?![^#]*\bNID=)(?=[^#]*\bGroup=\d+)",),
        ),
    ),
    "congdoan-ninhthuan": dict(
        family="aspnet",
        # /<Category-slug>/<Title-slug>.aspx (the path may hold a raw đ); ?page=1 does not select the page
        crawl=CrawlRules(article=(r"^https?://[^/]+/[^/?#]+/[^/?#]+\.aspx(?:\?[^#]*)?$",), canonical_params=("page",)),
    ),
    "congdoan-tuyenquang": dict(crawl=CrawlRules(article=(r"/DetailView/\d+/\d+/[^/?#]+\.html$",))),
    "congdoan-binhdinh": dict(
        family="nukeviet",
        crawl=CrawlRules(
            start=("/vi/news/",),
            article=(r"/vi/news/[^/]+-\d+/[^/]+-\d+\.html$",),
            listing=(r"/vi/news/[^/]+(?:-\d+)?/(?:page-\d+/?)?$",),
        ),
    ),
    "congdoan-kiengiang": dict(crawl=CrawlRules(article=(r"/trang/TinTuc/\d+/\d+/[^/?#]+\.html$",))),
    "bao-laodong": dict(
        family="laodong",
        crawl=CrawlRules(
            start=("/cong-doan/",),
            article=(r"/(?:cong-doan|ldld-[a-z-]+)/[a-z0-9-]+-\d+\.(?:ldo|bld)$",),
            listing=(r"/(?:cong-doan|ldld-[a-z-]+)/?(?:\?page=\d+)?$",),
            sections=("/cong-doan", "/ldld-"),  # the union section and one section per provincial federation
        ),
    ),
    "bao-nld": dict(
        crawl=CrawlRules(
            start=("/cong-doan.htm",),  # the union section (its print views live under /print/cong-doan/)
            article=(r"^https?://[^/]+/[a-z0-9-]+-\d{18}\.htm$",),
            listing=(r"/cong-doan(?:/trang-\d+)?\.htm$",),
            exclude=(r"/print/",),
        ),
    ),
    "bao-laodongthudo": dict(
        crawl=CrawlRules(article=(r"^https?://[^/]+/[a-z0-9-]+-\d+\.html$",), exclude=(r"\.media$", r"\.tag$")),
    ),
    "congdoanvietnam-vn": dict(crawl=CrawlRules(article=(r"/[a-z0-9-]+/[a-z0-9-]+-\d+\.tld$",))),
    "laodongcongdoan-vn": dict(crawl=CrawlRules(exclude=(r"/tags/[^/]+\.tag$",))),
    "cd-dienluc": dict(crawl=CrawlRules(start=("/tin-tuc.htm",))),
    "cd-vienchuc": dict(crawl=CrawlRules(article=(r"^https?://[^/]+/[a-z0-9]+(?:-[a-z0-9]+){5,}\.html$",))),
    "cd-nganhang": dict(crawl=CrawlRules(listing=(r"/tin-tuc/c\d+/[a-z0-9-]+\.html(?:\?[^#]*)?$",))),
}


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text.strip())


def _after_2025(cell: str) -> tuple[str, tuple[str, ...]]:
    """ "An Giang (An Giang + Kiên Giang)" → ("An Giang", ("An Giang", "Kiên Giang")); "(unchanged)" → no merger."""
    match = re.fullmatch(r"(?P<unit>[^(]+?)\s*(?:\((?P<merged>[^)]*)\))?", cell)
    if not match:
        return cell, ()
    merged = match["merged"] or ""
    parts = tuple(_ABBREVIATIONS.get(p.strip(), p.strip()) for p in merged.split("+")) if "+" in merged else ()
    return match["unit"].strip(), parts


def slug_only(crawl: CrawlRules) -> bool:
    """Article regexes with no number in them: only a slug names the article, and a site's "about" page
    or a static page under the same path looks the same, so each page's content must confirm it."""
    return bool(crawl.article) and not any(r"\d" in regex for regex in crawl.article)


def profile_of(row: dict[str, str]) -> SiteProfile:
    row = {k: _nfc(v or "") for k, v in row.items()}
    unit, merged = _after_2025(row["province_after_2025"])
    notes = " ".join(filter(None, [
        row["notes"],
        f"URL shape (registry): {row['url_shape']}." if row["url_shape"] else "",
        f"Feeds and sitemaps (registry): {row['feed_or_sitemap']}." if row["feed_or_sitemap"] else "",
    ]))  # fmt: skip
    rules = dict(RULES.get(row["key"], {}))
    if slug_only(crawl := rules.get("crawl", CrawlRules())):
        rules["crawl"] = replace(crawl, confirm=True)
    return SiteProfile(
        name=row["key"],
        title=row["name"],
        level=row["level"],
        province=row["province_before_2025"],
        province_after_2025=unit,
        merged_from=merged,
        home=row["url"],
        evidence=row["evidence"],
        evidence_url=row["article_url_example"],
        notes=re.sub(r"\.\.+", ".", notes),
        **rules,
    )


def readme_table() -> str:
    """One row per real built-in profile: the README's registry table."""
    lines = [
        "| key | site | level | province (→ after 1 July 2025) | home | evidence | crawl rules |",
        "|---|---|---|---|---|---|---|",
    ]
    for p in sorted(load_profiles().real(), key=lambda p: (p.level, p.province, p.name)):
        evidence = f"[{p.evidence}]({p.evidence_url})" if p.evidence_url else p.evidence
        rules = ", ".join(
            filter(None, [p.family, "article URLs" if p.crawl.article else "", "sections" if p.crawl.sections else ""])
        )
        lines.append(
            f"| `{p.name}` | {p.title} | {p.level} | {province_line(p)} | {p.home} | {evidence} | {rules or 'home only'} |"
        )
    return "\n".join(lines)


def main() -> None:
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else REGISTRY
    with source.open(encoding="utf-8", newline="") as file:
        rows = list(csv.DictReader(file))
    unknown = set(RULES) - {row["key"] for row in rows}
    if unknown:
        sys.exit(f"registry_profiles: rules for sites not in the registry: {', '.join(sorted(unknown))}")
    for row in rows:
        print(save_profile(profile_of(row), BUILTIN).relative_to(ROOT))
    readme = README.read_text(encoding="utf-8")
    start, end = readme.index(TABLE_START) + len(TABLE_START), readme.index(TABLE_END)
    README.write_text(f"{readme[:start]}\n{readme_table()}\n{readme[end:]}", encoding="utf-8")
    print(f"{README.relative_to(ROOT)}: registry table of {len(rows)} sites")


if __name__ == "__main__":
    main()

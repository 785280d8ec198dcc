"""The gold of each fixture site: what a perfect discovery and extraction would record.

Built from the same records the pages are rendered from (``pool.toml`` + ``site.toml`` through
the family's URL shapes), written to ``<key>/gold.json`` by ``python -m tests.sites.gold`` so it
can be read without this code; a test checks the files still match the data.

Per site: ``articles`` (the union articles a profile must take: canonical ``path``, ``alternates``
reaching the same article, ``title``, ``published`` as printed, ISO 8601 +07:00, ``author`` or
null, ``category``, ``tags``, ``body`` = paragraphs joined by a blank line without captions or
byline, ``captions``), ``other_articles`` (articles of non-union sections, same fields, which a
profile must not take), ``non_articles`` (every other page, with its kind, and category/page for
listings), ``feeds``, ``sitemaps``, ``robots_disallow`` and ``external_links``.
All paths are path + query relative to the served base URL, exactly as the pages print them.
"""

from __future__ import annotations

import json
from typing import Any

from .app import FixtureApp
from .model import KEYS, ROOT, Article


def _article(app: FixtureApp, article: Article) -> dict[str, Any]:
    text = article.text
    return {
        "path": app.family.article(article),
        "alternates": list(app.family.alternates(article)),
        "title": text.title,
        "published": app.family.gold_published(text.published),
        "author": text.author,
        "category": article.category.name,
        "tags": [app.site.tags[t] for t in text.tags if t in app.site.tags],
        "body": "\n\n".join(text.paragraphs),
        "captions": [i.caption for i in text.images if i.caption],
    }


def build(key: str) -> dict[str, Any]:
    app = FixtureApp(key)
    site, family = app.site, app.family
    non_articles = []
    for page in app.pages():
        if page.kind in ("feed", "sitemap", "robots"):
            continue
        entry: dict[str, Any] = {"path": page.path, "kind": page.kind}
        if page.kind == "category":
            entry.update(category=page.context["category"].name, union=page.context["category"].union,
                         page=page.context["page"])
        elif page.kind == "tag":
            entry.update(tag=site.tags[page.context["tag"]], page=page.context["page"])
        non_articles.append(entry)
    non_articles.append({"path": family.search_url(), "kind": "search"})
    return {
        "key": key, "family": site.family, "name": site.name, "host": site.host, "province": site.province,
        "articles": [_article(app, a) for a in site.articles if a.category.union],
        "other_articles": [_article(app, a) for a in site.articles if not a.category.union],
        "non_articles": non_articles,
        "feeds": [family.feed_path] if family.feed_path else [],
        "sitemaps": [family.sitemap_path] if family.sitemap_path else [],
        "robots_disallow": list(site.disallow),
        "external_links": [url for _, url in site.externals],
    }


def render(key: str) -> str:
    return json.dumps(build(key), ensure_ascii=False, indent=1) + "\n"


def load_gold(key: str) -> dict[str, Any]:
    """The committed gold of one site (see the module docstring for its fields)."""
    return json.loads((ROOT / key / "gold.json").read_text(encoding="utf-8"))


def main() -> None:
    for key in KEYS:
        (ROOT / key / "gold.json").write_text(render(key), encoding="utf-8")
        print(f"wrote {key}/gold.json")


if __name__ == "__main__":
    main()

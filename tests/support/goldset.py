"""The project's own gold set: every demo article page plus hand-written pages in other layouts.

Demo pages are rendered by the demo site itself (no server needed) and scored against the demo
content TOML, which is their gold. The other pages live in tests/data/gold/ as the bytes a server
would send (`NN-name.html`) beside a hand-checked `NN-name.json`: title, published, author, byline,
category, body, captions, and `leaks`, strings shown on the page that must never reach the body
(slogans, visitor counters, related-list entries, footers).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import lxml.html

from cleaner.selectors import Selectors
from crawler.sites import load_profiles
from unionnews.demo.content import load_sites
from unionnews.demo.routes import SiteApp
from unionnews.demo.urls import SCHEMES

GOLD_DIR = Path(__file__).resolve().parent.parent / "data" / "gold"

# Furniture every demo family prints somewhere; a leak only counts where the page shows it.
_DEMO_FURNITURE = ("Thống kê truy cập", "Đang truy cập", "Tổng số lượt", "Tin liên quan", "Các tin khác",
                   "Bản quyền", "Cơ quan chủ quản", "Giấy phép")  # fmt: skip


@dataclass(frozen=True)
class GoldPage:
    name: str
    layout: str
    url: str
    page: bytes
    content_type: str | None
    selectors: Selectors | None  # the site profile's, where the site has one
    title: str
    published: datetime | None
    author: str | None
    byline: str | None
    category: str | None
    body: str
    captions: tuple[str, ...]
    leaks: tuple[str, ...]


def _visible_text(page: bytes) -> str:
    tree = lxml.html.document_fromstring(page)
    for el in tree.xpath("//script | //style"):
        el.drop_tree()
    return " ".join(tree.text_content().split())


def demo_pages() -> list[GoldPage]:
    pages = []
    for name, site in load_sites().items():
        profile = load_profiles().get(name)
        app = SiteApp(site, profile.base_url)
        for article in site.articles:
            path = SCHEMES[site.family].article(article)
            response = app.respond(path)
            shown = _visible_text(response.body)
            others = tuple(a.title for a in site.articles if a is not article)
            candidates = (*site.slogans, *_DEMO_FURNITURE, *others)
            leaks = tuple(c for c in candidates if c in shown and c.casefold() not in article.body.casefold())
            pages.append(GoldPage(
                name=f"{name}/{article.id}", layout=f"demo {site.family}", url=profile.base_url + path,
                page=response.body, content_type=response.content_type, selectors=profile.selectors,
                title=article.title, published=article.published, author=article.author, byline=article.byline,
                category=article.category, body=article.body, captions=article.captions, leaks=leaks,
            ))  # fmt: skip
    return pages


def written_pages(directory: Path = GOLD_DIR) -> list[GoldPage]:
    pages = []
    for meta_path in sorted(directory.glob("*.json")):
        gold = json.loads(meta_path.read_text(encoding="utf-8"))
        page = (directory / gold["file"]).read_bytes()
        published = datetime.fromisoformat(gold["published"]) if gold.get("published") else None
        pages.append(GoldPage(
            name=meta_path.stem, layout=gold["layout"], url=gold["url"], page=page,
            content_type=gold.get("content_type"), selectors=None, title=gold["title"], published=published,
            author=gold.get("author"), byline=gold.get("byline"), category=gold.get("category"),
            body="\n\n".join(gold["body"]), captions=tuple(gold.get("captions", ())), leaks=tuple(gold.get("leaks", ())),
        ))  # fmt: skip
    return pages


def gold_pages() -> list[GoldPage]:
    return demo_pages() + written_pages()


def check(pages: list[GoldPage]) -> list[str]:
    """Gold that contradicts itself (a leak string inside the gold body, a caption in the body)."""
    problems = []
    for page in pages:
        body = " ".join(page.body.split())
        problems += [f"{page.name}: leak {leak!r} is in the gold body" for leak in page.leaks if leak in body]
        problems += [f"{page.name}: caption {c!r} is in the gold body" for c in page.captions if c in body]
        if re.search(r"\s{2,}", page.title):
            problems.append(f"{page.name}: title has runs of spaces")
    return problems

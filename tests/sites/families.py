"""Each CMS family's URL shapes and printed dates, as the real union sites show them.

A family builds every link its templates print and names every page the site has; the server
answers exactly those (plus a search path taking any query), so a crawler meets the same URL
shapes the registry of real sites records. Dates are printed in each family's own format and
the gold keeps only the precision printed (seconds where the family shows seconds).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from math import ceil
from urllib.parse import quote_plus

from .model import Article, Category, Site

_WEEKDAYS = ("Thứ hai", "Thứ ba", "Thứ tư", "Thứ năm", "Thứ sáu", "Thứ bảy", "Chủ nhật")
SEARCH_TERM = "mái ấm"  # the query of the one search page each site links or lists in its gold


def _strip_marks(text: str, keep_d: bool = False) -> str:
    if not keep_d:
        text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if unicodedata.category(c) != "Mn"))


def slug(text: str) -> str:
    """``ldld-hoai-an-trao-nha-mai-am-cong-doan``: folded, lower case, one dash per gap."""
    return re.sub(r"[^a-z0-9]+", "-", _strip_marks(text).lower()).strip("-")


def title_slug(text: str) -> str:
    """``Ban-giao-nha-Mai-am-Cong-doan``: folded, case kept (the /trang/TinTuc/ portals)."""
    return re.sub(r"[^A-Za-z0-9]+", "-", _strip_marks(text)).strip("-")


def aspx_slug(text: str, cut: int | None = None) -> str:
    """``Lien-đoan-Lao-đong-tinh-Ninh-Thuan-ban-giao-nha-Ma``: marks dropped but đ kept, every other
    character a dash (so "Tin tức - Sự kiện" gives ``Tin-tuc---Su-kien``), cut to ``cut`` characters."""
    text = "".join(c if c.isalnum() else "-" for c in _strip_marks(text, keep_d=True))
    return text[:cut] if cut else text


@dataclass(frozen=True)
class Search:
    path: str
    param: str
    fixed: tuple[tuple[str, str], ...] = ()

    def url(self, term: str) -> str:
        query = [*(f"{k}={v}" for k, v in self.fixed), f"{self.param}={quote_plus(term)}"]
        return f"{self.path}?{'&'.join(query)}"


class Family:
    """The URL scheme and date format of one CMS family, bound to one site."""

    name = ""
    seconds = False  # does the printed date show seconds?
    feed_path: str | None = None
    sitemap_path: str | None = None
    search: Search
    pages: dict[str, str]  # about / contact / documents / gallery -> path

    def __init__(self, site: Site) -> None:
        self.site = site

    def article(self, article: Article) -> str:
        raise NotImplementedError

    def alternates(self, article: Article) -> tuple[str, ...]:
        return ()

    def category(self, category: Category, page: int = 1) -> str:
        raise NotImplementedError

    def tag(self, tag: str, page: int = 1) -> str:
        raise NotImplementedError(f"{self.name} sites have no tag pages")

    def date(self, moment: datetime) -> str:
        raise NotImplementedError

    # Shared helpers.
    def pages_of(self, count: int) -> int:
        return max(1, ceil(count / self.site.page_size))

    def page_of(self, article: Article, category: Category) -> int:
        """The listing page of ``category`` that shows ``article`` (1-based)."""
        return self.site.in_category(category).index(article) // self.site.page_size + 1

    def gold_published(self, moment: datetime) -> str:
        return (moment if self.seconds else moment.replace(second=0)).isoformat()

    def search_url(self) -> str:
        return self.search.url(SEARCH_TERM)


class NukeViet(Family):
    """``/vi/news/<cat-slug>-<catid>/<slug>-<id>.html``; an article in two categories has two URLs."""

    name = "nukeviet"
    feed_path = "/vi/news/rss/"
    search = Search("/vi/news/search/", "q")
    pages = {"about": "/vi/about/gioi-thieu.html", "contact": "/vi/contact/", "documents": "/vi/laws/",
             "gallery": "/vi/photos/"}

    def _in(self, article: Article, category: Category) -> str:
        return f"/vi/news/{category.key}-{category.id}/{slug(article.title)}-{article.id}.html"

    def article(self, article: Article) -> str:
        return self._in(article, article.category)

    def alternates(self, article: Article) -> tuple[str, ...]:
        return (self._in(article, article.also),) if article.also else ()

    def category(self, category: Category, page: int = 1) -> str:
        base = f"/vi/news/{category.key}-{category.id}/"
        return base if page == 1 else f"{base}page-{page}"

    def tag(self, tag: str, page: int = 1) -> str:
        return f"/vi/news/tag/{tag}" + ("" if page == 1 else f"/page-{page}")

    def date(self, moment: datetime) -> str:
        return f"{_WEEKDAYS[moment.weekday()]} - {moment:%d/%m/%Y %H:%M}"


class Liferay(Family):
    """``/vi/home/-/asset_publisher/<instance>/content/<url-title>?cur=<listing page>``."""

    name = "liferay"
    search = Search("/vi/tim-kiem", "_3_keywords")
    pages = {"about": "/vi/gioi-thieu", "contact": "/vi/lien-he", "documents": "/vi/van-ban",
             "gallery": "/vi/thu-vien-anh"}

    def article(self, article: Article) -> str:
        title = article.url_title or slug(article.title.replace("đ", "").replace("Đ", ""))  # Liferay drops đ
        instance = article.category.extra["instance"]
        return f"/vi/home/-/asset_publisher/{instance}/content/{title}?cur={self.page_of(article, article.category)}"

    def category(self, category: Category, page: int = 1) -> str:
        base = f"/vi/{category.key}"
        if page == 1:
            return base
        portlet = f"101_INSTANCE_{category.extra['instance']}"
        return f"{base}?p_p_id={portlet}&p_p_lifecycle=0&_{portlet}_cur={page}"

    def date(self, moment: datetime) -> str:
        return f"{moment:%d/%m/%Y %H:%M}"


class DotNetNuke(Family):
    """``/Default.aspx?tabid=<tab>&Group=<cat>&NID=<id>&<slug>&language=en-US``."""

    name = "dnn"
    seconds = True
    search = Search("/Default.aspx", "Search", (("tabid", "80"),))
    pages = {"about": "/Default.aspx?tabid=53&language=en-US", "contact": "/Default.aspx?tabid=60&language=en-US",
             "documents": "/Default.aspx?tabid=71&language=en-US", "gallery": "/Default.aspx?tabid=75&language=en-US"}

    def article(self, article: Article) -> str:
        c = article.category
        return f"/Default.aspx?tabid={c.extra['tab']}&Group={c.id}&NID={article.id}&{slug(article.title)}&language=en-US"

    def category(self, category: Category, page: int = 1) -> str:
        paging = "" if page == 1 else f"&Page={page}"
        return f"/Default.aspx?tabid={category.extra['tab']}&Group={category.id}{paging}&language=en-US"

    def date(self, moment: datetime) -> str:
        """``31/12/2019 5:16:43 CH``: .NET's vi-VN general format, 12-hour with SA/CH."""
        hour = moment.hour % 12 or 12
        return f"{moment:%d/%m/%Y} {hour}:{moment:%M:%S} {'SA' if moment.hour < 12 else 'CH'}"


class AspNet(Family):
    """``/<Category-slug>/<Title-slug-cut>.aspx?page=1``: the path keeps a raw ``đ``."""

    name = "aspnet"
    seconds = True
    search = Search("/Tim-kiem.aspx", "key")
    pages = {"about": "/Gioi-thieu.aspx", "contact": "/Lien-he.aspx", "documents": "/Van-ban.aspx",
             "gallery": "/Thu-vien-anh.aspx"}

    def article(self, article: Article) -> str:
        return f"/{aspx_slug(article.category.name)}/{aspx_slug(article.title, 50)}.aspx?page=1"

    def category(self, category: Category, page: int = 1) -> str:
        base = f"/{aspx_slug(category.name)}.aspx"
        return base if page == 1 else f"{base}?page={page}"

    def date(self, moment: datetime) -> str:
        return f"{moment:%Y-%m-%d %H:%M:%S}"


class TinTuc(Family):
    """``/trang/TinTuc/<catid>/<id>/<Slug>.html``; listings ``/trang/TinTuc/<catid>/<Slug>.html``."""

    name = "tintuc"
    search = Search("/trang/TimKiem.html", "tukhoa")
    pages = {"about": "/trang/GioiThieu.html", "contact": "/trang/LienHe.html", "documents": "/trang/VanBan.html",
             "gallery": "/trang/ThuVienAnh.html"}

    def article(self, article: Article) -> str:
        return f"/trang/TinTuc/{article.category.id}/{article.id}/{title_slug(article.title)}.html"

    def category(self, category: Category, page: int = 1) -> str:
        base = f"/trang/TinTuc/{category.id}/{title_slug(category.name)}.html"
        return base if page == 1 else f"{base}?page={page}"

    def date(self, moment: datetime) -> str:
        return f"Cập nhật lúc {moment:%H:%M - %d/%m/%Y} (GMT +07:00)"


class SlugOnly(Family):
    """``/bai-viet/<slug>``: no id anywhere; the about page lives under /bai-viet/ too."""

    name = "slug"
    search = Search("/tim-kiem", "q")
    pages = {"about": "/bai-viet/gioi-thieu-lien-doan-lao-dong-thanh-pho", "contact": "/lien-he",
             "documents": "/van-ban", "gallery": "/thu-vien-anh"}

    def article(self, article: Article) -> str:
        return f"/bai-viet/{slug(article.title)}"

    def category(self, category: Category, page: int = 1) -> str:
        return f"/chuyen-muc/{category.key}" + ("" if page == 1 else f"?page={page}")

    def tag(self, tag: str, page: int = 1) -> str:
        return f"/tag/{tag}" + ("" if page == 1 else f"?page={page}")

    def date(self, moment: datetime) -> str:
        return f"{_WEEKDAYS[moment.weekday()].title()}, {moment:%d/%m/%Y - %H:%M}"


class LaoDong(Family):
    """``/<section>/<slug>-<id>.ldo``; sections ``/cong-doan``, ``/ldld-<tinh>`` beside non-union ones."""

    name = "laodong"
    feed_path = "/rss/cong-doan.rss"
    sitemap_path = "/sitemap.xml"
    search = Search("/tim-kiem", "q")
    pages = {"about": "/gioi-thieu.ldo", "contact": "/lien-he.ldo", "gallery": "/photo"}

    def article(self, article: Article) -> str:
        return f"/{article.category.key}/{slug(article.title)}-{article.id}.ldo"

    def category(self, category: Category, page: int = 1) -> str:
        return f"/{category.key}" + ("" if page == 1 else f"?page={page}")

    def tag(self, tag: str, page: int = 1) -> str:
        number = 1000 + list(self.site.tags).index(tag)
        return f"/tags/{tag}-{number}.ldo" + ("" if page == 1 else f"?page={page}")

    def date(self, moment: datetime) -> str:
        return f"{_WEEKDAYS[moment.weekday()].title()}, {moment:%d/%m/%Y %H:%M} (GMT+7)"


FAMILIES: dict[str, type[Family]] = {f.name: f for f in (NukeViet, Liferay, DotNetNuke, AspNet, TinTuc, SlugOnly, LaoDong)}


def family_of(site: Site) -> Family:
    return FAMILIES[site.family](site)

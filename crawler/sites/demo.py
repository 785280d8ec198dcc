"""Profiles of the four demo sites (`unionnews demo-server`), one per CMS family seen on union sites.

They imitate real provincial federation sites (a portal CMS like Bắc Kạn's, Joomla 3 like Lạng
Sơn's, an old table layout like Sơn La's, a modern HTML5 site with JSON-LD) and are served on
127.0.0.1, so crawls can be tested and demonstrated without the internet.
"""

from __future__ import annotations

from cleaner.selectors import Selectors
from crawler.sites.profile import SiteProfile

DEMO_PORTAL = SiteProfile(
    name="demo-portal",
    province="Bắc Kạn",
    base_url="http://127.0.0.1:8471",
    family="portal",
    listing_urls=("/tin-tuc/hoat-dong-cong-doan.html",),
    article_pattern=r"/tin-tuc/hoat-dong-cong-doan/[a-z0-9-]+-\d+\.html$",
    next_page_pattern=r"/tin-tuc/hoat-dong-cong-doan\.html\?page=\d+$",
    selectors=Selectors(
        title="h1.news-title",
        date=".news-date",
        body=".news-detail",
        category=".breadcrumb a:last-child",
        caption=".image-caption",
        remove=(".share", ".related"),
    ),
    download_delay=0.0,
)

DEMO_JOOMLA = SiteProfile(
    name="demo-joomla",
    province="Lạng Sơn",
    base_url="http://127.0.0.1:8472",
    family="joomla",
    listing_urls=("/index.php/tin-tuc",),
    article_pattern=r"/index\.php/tin-tuc/\d+-[a-z0-9-]+$",
    next_page_pattern=r"/index\.php/tin-tuc\?start=\d+$",
    feed_urls=("/index.php/tin-tuc?format=feed&type=rss",),
    selectors=Selectors(
        title=".item-page [itemprop=headline]",
        date=".item-page time",
        body=".item-page [itemprop=articleBody]",
        category=".item-page .category-name",
    ),
    download_delay=0.0,
)

DEMO_TABLE = SiteProfile(
    name="demo-table",
    province="Sơn La",
    base_url="http://127.0.0.1:8473",
    family="table",
    listing_urls=("/tintuc.asp?cat=2",),
    article_pattern=r"/chitiet\.asp\?(?=.*\bid=\d+)",
    next_page_pattern=r"/tintuc\.asp\?(?=.*\bpage=\d+)",
    selectors=Selectors(title="td.tieude", date="td.ngaydang", body="td.noidung", category="td.cattitle"),
    download_delay=0.0,
)

DEMO_HTML5 = SiteProfile(
    name="demo-html5",
    province="Thái Nguyên",
    base_url="http://127.0.0.1:8474",
    family="html5",
    listing_urls=("/tin-tuc",),
    article_pattern=r"/bai-viet/[a-z0-9-]+-\d+$",
    next_page_pattern=r"/tin-tuc/trang-\d+$",
    sitemap_urls=("/sitemap.xml",),
    selectors=Selectors(title="article.post h1", date="article.post time", body="article.post", byline="p.byline"),
    download_delay=0.0,
)

DEMO_PROFILES = (DEMO_PORTAL, DEMO_JOOMLA, DEMO_TABLE, DEMO_HTML5)

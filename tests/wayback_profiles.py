"""The profile of the fixture site that the test Wayback service holds captures of (named by UNIONNEWS_SITES)."""

from crawler.sites import SiteProfile

KIENGIANG = SiteProfile(
    name="kiengiang-archived",
    province="Kiên Giang",
    base_url="http://congdoan.kiengiang.gov.vn",
    listing_urls=("/",),
    article_pattern=r"/trang/TinTuc/\d+/\d+/[^/]+\.html$",
    download_delay=0.0,
)

PROFILES = (KIENGIANG,)

"""What is not the article: layout furniture by tag and class, and noise lines by their words.

Rules are generic to Vietnamese news CMSs (never tuned to one page): an element is furniture when its
tag is (nav, marquee, footer, …) or its class/id names it (menu, slide, counter, "lienquan", …); a
line is noise when it is a visitor counter, a share/print bar, a copyright footer, a slogan in
capitals, or the heading of a related-news list, after which nothing more belongs to the article.
"""

from __future__ import annotations

import re

from lxml import etree

NOISE_TAGS = (
    "script", "style", "noscript", "iframe", "form", "select", "button", "input", "textarea",
    "marquee", "nav", "footer", "header", "aside", "svg", "canvas", "object", "embed", "template",
)  # fmt: skip

_NOISE_NAMES = (
    "menu navbar nav navigation slides? slider slideshow carousel marquee ticker slogan counter thongke thong-ke "
    "visitor stats? related lien-?quan tinlienquan tin-?khac other-?news more-?news tin-?moi tindadua tin-?da-?dua "
    "tinmoi share sharing social print in-?bai footer copyright banner advert ads quang-?cao qc sidebar widget "
    "moduletable module comments? binh-?luan breadcrumbs? pager paging pagination pagenav tags? rating login search "
    "weather weblinks? lien-?ket popup modal cookie hotline header topbar bottom"
).split()
# The furniture a page from an unknown site loses before the generic path reads it: only names specific
# to Vietnamese CMSs and to slides, tickers and counters, never the broad words ("module", "header",
# "widget") that also name article wrappers on other sites.
_SITE_FURNITURE_NAMES = (
    "marquee ticker slogan counter thongke thong-?ke visitor lien-?quan tinlienquan tin-?khac tinkhac tin-?moi tinmoi "
    "tindadua tin-?da-?dua slides? slider slideshow carousel quang-?cao share sharing social print in-?bai "
    "breadcrumbs? copyright footer menu navbar sidebar banner other-?news tin-?da-?dang toc table-of-contents muc-?luc"
).split()


# Words that only say where or how a piece of furniture is laid out: "menu-wrapper", "share-buttons".
_LAYOUT_WORDS = (
    r"wrap(?:per)?|container|box|area|list|links?|buttons?|btns?|bar|block|inner|outer|holder|section|top|bottom|"
    r"left|right|items?|icons?|content|widget|module|panel|group|row|col|mobile|desktop|main|primary|global|v?\d+"
)


class FurnitureNames:
    """Class and id names that call an element furniture, matched on each name's head, never inside it.

    A compound name is about its head: "site-footer", "main-menu" and "box-tinlienquan" are furniture,
    "slideshow-intro-content" (the slideshow's intro text), "carousel-card" and "js-slideshow__gallery-node"
    are not. A furniture word also counts at the front when only layout words follow ("menu-wrapper",
    "share-buttons"). A BEM modifier ("product--thumbnail_slider") says how a block looks, not what it
    is, and a BEM element ("block__element") is named by its part after the last "__".
    """

    def __init__(self, names: list[str]) -> None:
        words = "|".join(names)
        self._head = re.compile(rf"(?:^|[_-])(?:{words})$", re.IGNORECASE)
        self._front = re.compile(rf"^(?:{words})(?:[_-](?:{_LAYOUT_WORDS}))*$", re.IGNORECASE)

    def search(self, label: str) -> bool:
        for token in label.split():
            token = token.split("--")[0].rsplit("__", 1)[-1]
            if token and (self._head.search(token) or self._front.match(token)):
                return True
        return False


NOISE_CLASS = FurnitureNames(_NOISE_NAMES)
SITE_FURNITURE_CLASS = FurnitureNames(_SITE_FURNITURE_NAMES)
# Only elements that carry a name can be furniture by name: far fewer to test in Python than all.
LABELLED = etree.XPath(".//*[@class or @id or @role or @itemprop or @rel]")

# A block that starts one of these ends the article: what follows is lists of other stories.
RELATED_HEADING = re.compile(
    r"^(?:tin|bài|các tin|các bài|tin tức|bài viết|những tin|những bài)\s+(?:liên quan|khác|cùng chuyên mục|cùng danh mục|đã đưa|mới(?: nhất)?|"
    r"cũ hơn|mới hơn|"
    r"xem nhiều|nổi bật|đọc nhiều|mới đăng|đã đăng|cùng loại|trước|tiếp theo)\b.{0,20}$|^xem thêm\s*:?$|^đọc thêm\s*:?$",
    re.IGNORECASE,
)

_COUNTER = re.compile(
    r"^(?:thống kê truy cập|đang (?:truy cập|online)|hôm nay|hôm qua|tuần này|tuần trước|tháng này|tháng trước|"
    r"năm nay|tổng(?: số)? lượt (?:xem|truy cập)|tổng truy cập|lượt (?:xem|truy cập)|số lượt truy cập|"
    r"lượt truy cập|trực tuyến|khách|thành viên|online)\s*:?\s*[\d.,]*$",
    re.IGNORECASE,
)
_FOOTER = re.compile(
    r"^(?:bản quyền|copyright|©|\(c\)|cơ quan chủ quản|giấy phép|chịu trách nhiệm|ghi rõ nguồn|địa chỉ\s*:|"
    r"điện thoại\s*:|đt\s*:|fax\s*:|email\s*:|e-mail\s*:|thiết kế bởi|phát triển bởi)",
    re.IGNORECASE,
)
# Every word of a share/print bar is one of these: "Chia sẻ: Facebook Twitter | In bài | Gửi email".
_SHARE_WORD = re.compile(
    r"chia sẻ|share|in bài|in trang|bản in|gửi email|gửi bài|gửi cho bạn bè|lưu bài|lưu tin|quay lại|về đầu trang|"
    r"đầu trang|lên đầu trang|facebook|twitter|zalo|tweet|email|e-mail|print|linkedin|pinterest|google\+?|"
    r"phản hồi|bình luận|góp ý|thích|like|[\d.,]+",
    re.IGNORECASE,
)
# A link's call alone on its line: the button under a teaser, never a sentence of the article.
_CALL = re.compile(
    r"^(?:read more|learn more|continue reading|see more|show more|xem tiếp|đọc tiếp)\W*$", re.IGNORECASE
)
_SEPARATORS = re.compile(r"[\s|:·•,/\-–—»«()\[\]]+")
_CAPITAL_SLOGAN = re.compile(r"^(?:nhiệt liệt chào mừng|chào mừng|mừng đảng|mừng xuân|quyết tâm|tất cả vì)", re.IGNORECASE)


def _is_share_bar(text: str) -> bool:
    return len(text) <= 120 and not _SEPARATORS.sub("", _SHARE_WORD.sub(" ", text)) and bool(_SHARE_WORD.search(text))


def is_slogan(text: str) -> bool:
    """Banner slogans: a long line in capitals ("NHIỆT LIỆT CHÀO MỪNG …!") or a "Chào mừng …!" call."""
    if len(text) < 12:
        return False
    capitals = text.isupper()
    called = bool(_CAPITAL_SLOGAN.match(text))
    return (capitals and (len(text.split()) >= 6 or text.endswith("!") or called)) or (called and text.endswith("!"))


def is_noise_line(text: str) -> bool:
    text = text.strip(" ·•|-–»")
    if len(text) > 300:
        return bool(_FOOTER.match(text))
    return bool(
        _COUNTER.match(text) or _FOOTER.match(text) or _CALL.match(text) or _is_share_bar(text) or is_slogan(text)
    )


def is_related_heading(text: str) -> bool:
    return bool(RELATED_HEADING.match(text.strip()))

"""What is not the article: layout furniture by tag and class, and noise lines by their words.

Rules are generic to Vietnamese news CMSs (never tuned to one page): an element is furniture when its
tag is (nav, marquee, footer, …) or its class/id names it (menu, slide, counter, "lienquan", …); a
line is noise when it is a visitor counter, a share/print bar, a copyright footer, or the heading of a
related-news list, after which nothing more belongs to the article.
"""

from __future__ import annotations

import re

NOISE_TAGS = (
    "script", "style", "noscript", "iframe", "form", "select", "button", "input", "textarea",
    "marquee", "nav", "footer", "header", "aside", "svg", "canvas", "object", "embed", "template",
)  # fmt: skip

NOISE_CLASS = re.compile(
    r"(?:^|[\s_-])(?:menu|navbar|nav|navigation|slides?|slider|slideshow|carousel|marquee|ticker|slogan|counter|"
    r"thongke|thong-ke|visitor|stats?|related|lien-?quan|tinlienquan|tin-?khac|other-?news|more-?news|tin-?moi|"
    r"share|sharing|social|print|in-?bai|footer|copyright|banner|advert|ads|quang-?cao|qc|sidebar|widget|"
    r"moduletable|module|comments?|binh-?luan|breadcrumbs?|pager|paging|pagination|pagenav|tags?|rating|login|"
    r"search|weather|weblinks?|lien-?ket|popup|modal|cookie|hotline|header|topbar|bottom)(?:$|[\s_-])",
    re.IGNORECASE,
)

# A block that starts one of these ends the article: what follows is lists of other stories.
RELATED_HEADING = re.compile(
    r"^(?:tin|bài|các tin|các bài|tin tức|bài viết)\s+(?:liên quan|khác|cùng chuyên mục|cùng danh mục|đã đưa|mới(?: nhất)?|"
    r"xem nhiều|nổi bật|đọc nhiều)\b.{0,20}$|^xem thêm\s*:?$|^đọc thêm\s*:?$",
    re.IGNORECASE,
)

NOISE_LINE = re.compile(
    r"^(?:thống kê truy cập|đang (?:truy cập|online)|hôm nay|hôm qua|tuần này|tháng này|tổng(?: số)? lượt (?:xem|truy cập)|"
    r"lượt (?:xem|truy cập)|số lượt truy cập|trực tuyến)\s*:?\s*[\d.,]*$"
    r"|^(?:chia sẻ|share|in bài|gửi email|gửi bài|bản in|lưu bài|facebook|twitter|zalo|tweet)\b.{0,60}$"
    r"|^(?:bản quyền|copyright|©|cơ quan chủ quản|giấy phép|chịu trách nhiệm|địa chỉ\s*:|điện thoại\s*:|email\s*:)",
    re.IGNORECASE,
)


def is_noise_line(text: str) -> bool:
    return bool(NOISE_LINE.match(text.strip()))


def is_related_heading(text: str) -> bool:
    return bool(RELATED_HEADING.match(text.strip()))

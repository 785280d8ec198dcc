"""A slug-only union site whose articles answer at several addresses, served for real on 127.0.0.1.

What discovery must see through: article URLs with no id (`/bai-viet/<slug>`), an "about" page under
the same path, links decorated with tracking and session parameters, print views (`?print=1`), an
alias address (`/tin-tuc/<slug>`) that declares the canonical one, and a robots.txt that forbids the
admin area the menu links to. The server counts every request, so tests can tell what was fetched.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.support.serving import QuietHandler, serving

PAGE_SIZE = 4
ABOUT = "/bai-viet/gioi-thieu-lien-doan-lao-dong-thanh-pho"
TITLES = [
    "Công đoàn phường Liên Chiểu thành lập Tổ công nhân tự quản khu nhà trọ",
    "Liên đoàn Lao động thành phố trao 200 suất quà Tết cho công nhân khó khăn",
    "Đại hội Công đoàn quận Sơn Trà lần thứ IX thành công tốt đẹp",
    "Hỗ trợ tiền thuê nhà trọ cho công nhân bị giảm giờ làm",
    "Phiên chợ Công đoàn năm 2024 thu hút hàng nghìn công nhân",
    "Đối thoại với công nhân Khu công nghiệp Hòa Khánh về nhà ở và nhà trẻ",
    "Khai mạc giải bóng đá công nhân lao động các khu công nghiệp",
    "Bàn giao nhà Mái ấm Công đoàn cho đoàn viên có hoàn cảnh khó khăn",
    "Tập huấn nghiệp vụ công tác nữ công cho cán bộ công đoàn cơ sở",
    "Tuyên truyền pháp luật lao động cho công nhân khu nhà trọ Hòa Minh",
]
_MARKS = str.maketrans("àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ",
                       "aaaaaaaaaaaaaaaaaeeeeeeeeeeeiiiiiooooooooooooooooouuuuuuuuuuuyyyyyd")  # fmt: skip


def slug(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.lower().translate(_MARKS)).strip("-")


@dataclass(frozen=True)
class Story:
    number: int
    title: str

    @property
    def path(self) -> str:
        return f"/bai-viet/{slug(self.title)}"

    @property
    def printed(self) -> str:
        return f"Thứ Hai, {10 + self.number:02d}/10/2024 - 09:{self.number:02d}"

    @property
    def paragraphs(self) -> list[str]:
        return [
            f"Sáng {10 + self.number}/10, {self.title.lower()} với sự tham dự của đại diện Liên đoàn Lao động "
            "thành phố Đà Nẵng, lãnh đạo địa phương và đông đảo đoàn viên, người lao động.",
            "Phát biểu tại buổi lễ, đồng chí Phó Chủ tịch Liên đoàn Lao động thành phố đề nghị các cấp công đoàn "
            "tiếp tục quan tâm chăm lo đời sống vật chất và tinh thần cho công nhân.",
            f"Dịp này, ban tổ chức đã trao {self.number + 2} phần quà cho đoàn viên có hoàn cảnh khó khăn, mỗi phần "
            "trị giá 500.000 đồng.",
        ]


STORIES = [Story(i, title) for i, title in enumerate(TITLES)]


def _menu() -> str:
    return ('<nav class="main-menu"><ul><li><a href="/">Trang chủ</a></li><li><a href="/tin-tuc">Tin tức</a></li>'
            f'<li><a href="{ABOUT}">Giới thiệu</a></li><li><a href="/quan-tri/dang-nhap">Đăng nhập</a></li></ul></nav>')  # fmt: skip


def _page(title: str, main: str, head: str = "", chrome: bool = True) -> bytes:
    top = (
        f"<header><div class='site-name'>Liên đoàn Lao động thành phố Đà Nẵng</div>{_menu()}</header>" if chrome else ""
    )
    foot = "<footer><p>Bản quyền thuộc Liên đoàn Lao động thành phố Đà Nẵng.</p></footer>" if chrome else ""
    return (f'<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>{title}</title>{head}</head>'
            f"<body>{top}<main>{main}</main>{foot}</body></html>").encode()  # fmt: skip


def _card(story: Story, query: str = "") -> str:
    return (f'<div class="card"><h3><a href="{story.path}{query}">{story.title}</a></h3>'
            f'<p class="date">{story.printed}</p><p class="sapo">{story.paragraphs[0]}</p></div>')  # fmt: skip


def _article(story: Story, *, printable: bool, canonical_base: str = "") -> bytes:
    body = "".join(f"<p>{p}</p>" for p in story.paragraphs)
    others = [s for s in STORIES if s != story][:3]
    related = "".join(f'<li><a href="{s.path}?sessionid=8f3a2c">{s.title}</a></li>' for s in others)
    main = (f'<article><h1>{story.title}</h1><p class="date">{story.printed}</p><div class="content">{body}'
            f'<p class="author">Tin, ảnh: Ngọc Hà</p></div></article>')  # fmt: skip
    if not printable:
        return _page(story.title, main)  # the print view: no menus, no canonical
    tools = f'<p class="tools"><a href="{story.path}?print=1">In bài</a></p>'
    return _page(story.title, main + tools + f"<h2>Tin khác</h2><ul>{related}</ul>",
                 f'<link rel="canonical" href="{canonical_base}{story.path}">')  # fmt: skip


class VariantSite:
    def __init__(self) -> None:
        self.hits: Counter[str] = Counter()
        self.canonical_base = ""  # where the canonical links point: this address (""), or another of the site's

    def respond(self, target: str) -> tuple[int, str, bytes]:
        self.hits[target] += 1
        parts = urlsplit(target)
        path, query = parts.path, parse_qs(parts.query)
        html = "text/html; charset=utf-8"
        if path == "/robots.txt":
            return 200, "text/plain", b"User-agent: *\nDisallow: /quan-tri/\n"
        if path == "/":
            cards = "".join(_card(s, "?utm_source=trangchu&utm_medium=web") for s in STORIES[:PAGE_SIZE])
            alias = f'<p class="hot"><a href="/tin-tuc/{slug(STORIES[4].title)}">{STORIES[4].title}</a></p>'
            return 200, html, _page("Liên đoàn Lao động thành phố Đà Nẵng", cards + alias)
        if path == "/tin-tuc":
            page = int(query.get("page", ["1"])[0])
            shown = STORIES[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
            if not shown:
                return 404, html, _page("Không tìm thấy", "<p>Không tìm thấy trang.</p>")
            more = (
                f'<p class="pager"><a href="/tin-tuc?page={page + 1}">Trang sau</a></p>'
                if page * PAGE_SIZE < len(STORIES)
                else ""
            )
            return 200, html, _page("Tin tức", "<h1>Tin tức</h1>" + "".join(map(_card, shown)) + more)
        if path == ABOUT:
            text = ("Liên đoàn Lao động thành phố Đà Nẵng là tổ chức chính trị - xã hội của giai cấp công nhân và "
                    "người lao động, đại diện cho hơn 180.000 đoàn viên công đoàn trên địa bàn thành phố.")  # fmt: skip
            return (
                200,
                html,
                _page("Giới thiệu", f"<h1>Giới thiệu Liên đoàn Lao động thành phố</h1><p>{text}</p><p>{text}</p>"),
            )
        for story in STORIES:
            if path == story.path:
                printable = query.get("print") != ["1"]
                return 200, html, _article(story, printable=printable, canonical_base=self.canonical_base)
            if path == f"/tin-tuc/{slug(story.title)}":  # an alias: the same article, canonical elsewhere
                return 200, html, _article(story, printable=True, canonical_base=self.canonical_base)
        return 404, html, _page("Không tìm thấy", "<p>Không tìm thấy trang.</p>")


class _Handler(QuietHandler):
    def do_GET(self) -> None:
        status, content_type, body = self.server.site.respond(self.path)  # type: ignore[attr-defined]
        self.reply(status, body, content_type)


def served(site: VariantSite) -> AbstractContextManager[str]:
    """The site on 127.0.0.1, on a port of its own; yields its base URL."""
    return serving(_Handler, name="variant-site", site=site)


@pytest.fixture
def variant_site() -> Iterator[tuple[str, VariantSite]]:
    """The site with its request counts fresh for each test."""
    site = VariantSite()
    with served(site) as base:
        yield base, site

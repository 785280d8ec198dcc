"""An odd site no CSS selector can read: the headline only in an image's alt, the date only in a Unix
timestamp (`data-ts`). Its profile (odd.toml) names parse.py's function, the escape hatch for such sites.

`ARTICLES` is the gold: what the crawl must store for each page.
"""

from __future__ import annotations

import html
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from tests.support.serving import QuietHandler, serving

PROFILE = Path(__file__).with_name("odd.toml")


@dataclass(frozen=True)
class OddArticle:
    id: int
    title: str
    published: datetime
    paragraphs: tuple[str, ...]

    @property
    def path(self) -> str:
        return f"/bai/{self.id}.html"


ARTICLES = (
    OddArticle(1, "Công đoàn trao 50 suất quà Tết cho đoàn viên có hoàn cảnh khó khăn",
               datetime(2024, 2, 1, 2, 30, tzinfo=UTC), (
                   "Sáng 1/2, Liên đoàn Lao động tỉnh đã trao 50 suất quà Tết cho đoàn viên, người lao động có hoàn "
                   "cảnh đặc biệt khó khăn tại các khu công nghiệp trên địa bàn.",
                   "Mỗi suất quà gồm tiền mặt và nhu yếu phẩm, trị giá 1.000.000 đồng.",
               )),
    OddArticle(2, "Hội nghị tập huấn nghiệp vụ cho cán bộ công đoàn cơ sở năm 2024",
               datetime(2024, 3, 14, 7, 15, tzinfo=UTC), (
                   "Trong hai ngày 14 và 15/3, hơn 120 cán bộ công đoàn cơ sở đã tham dự lớp tập huấn về kỹ năng "
                   "thương lượng tập thể và đối thoại tại nơi làm việc.",
                   "Các học viên được hướng dẫn cách xây dựng thỏa ước lao động tập thể có lợi hơn cho người lao động.",
               )),
    OddArticle(3, "Phát động Tháng Công nhân với chủ đề an toàn, vệ sinh lao động",
               datetime(2024, 4, 29, 1, 0, tzinfo=UTC), (
                   "Ban Thường vụ Liên đoàn Lao động tỉnh phát động Tháng Công nhân, Tháng hành động về an toàn, vệ "
                   "sinh lao động năm 2024 tới toàn thể đoàn viên.",
                   "Hoạt động trọng tâm là đối thoại giữa lãnh đạo tỉnh với công nhân lao động vào cuối tháng Năm.",
               )),
)  # fmt: skip

_SHELL = """<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>Cổng thông tin Công đoàn</title></head>
<body><div class="menu"><a href="/">Trang chủ</a> <a href="/tin-tuc">Tin tức</a></div>{}</body></html>"""


def _article_page(a: OddArticle) -> str:
    paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in a.paragraphs)
    return _SHELL.format(
        f'<div class="banner"><img class="tieu-de" src="/anh/{a.id}.png" alt="{html.escape(a.title)}"></div>'
        f'<div class="thoi-gian" data-ts="{int(a.published.timestamp())}"></div><div class="nd">{paragraphs}</div>'
    )


def _listing() -> str:
    return _SHELL.format("".join(f'<a href="{a.path}"><img src="/anh/{a.id}.png" alt=""></a>' for a in ARTICLES))


class _Handler(QuietHandler):
    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        pages = {"/tin-tuc": _listing(), **{a.path: _article_page(a) for a in ARTICLES}}
        body = pages.get(self.path.split("?")[0])
        if self.path == "/robots.txt":
            body = "User-agent: *\nAllow: /\n"
        self.reply(200 if body is not None else 404, (body or "không có trang này").encode("utf-8"))


def odd_site() -> AbstractContextManager[str]:
    """Served on 127.0.0.1 in a thread; the context gives its base URL."""
    return serving(_Handler, name="odd-site")

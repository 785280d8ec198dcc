"""Realistic generated articles for the search benchmarks, written straight into an archive.

Sentences are sampled from the demo sites' articles (real provincial-union register, including their
old tone marks, damaged diacritics and abbreviations); titles, provinces, sites, authors, categories,
dates and named people vary per article so that filters, facets and rare terms behave as on a real
archive of many provinces and years.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import insert, select

from archive.models import Article, RawPage, Site, vietnam_columns
from archive.store import Archive
from unionnews.demo.content import load_sites

PROVINCES = (
    "An Giang", "Bà Rịa - Vũng Tàu", "Bạc Liêu", "Bắc Giang", "Bắc Kạn", "Bắc Ninh", "Bến Tre", "Bình Dương",
    "Bình Định", "Bình Phước", "Bình Thuận", "Cà Mau", "Cao Bằng", "Cần Thơ", "Đà Nẵng", "Đắk Lắk", "Đắk Nông",
    "Điện Biên", "Đồng Nai", "Đồng Tháp", "Gia Lai", "Hà Giang", "Hà Nam", "Hà Nội", "Hà Tĩnh", "Hải Dương",
    "Hải Phòng", "Hậu Giang", "Hòa Bình", "Hưng Yên", "Khánh Hòa", "Kiên Giang", "Kon Tum", "Lai Châu",
    "Lâm Đồng", "Lạng Sơn", "Lào Cai", "Long An", "Nam Định", "Nghệ An", "Ninh Bình", "Ninh Thuận", "Phú Thọ",
    "Phú Yên", "Quảng Bình", "Quảng Nam", "Quảng Ngãi", "Quảng Ninh", "Quảng Trị", "Sóc Trăng", "Sơn La",
    "Tây Ninh", "Thái Bình", "Thái Nguyên", "Thanh Hóa", "Thừa Thiên Huế", "Tiền Giang", "TP Hồ Chí Minh",
    "Trà Vinh", "Tuyên Quang", "Vĩnh Long", "Vĩnh Phúc", "Yên Bái",
)  # fmt: skip
SURNAMES = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý",
            "Hà", "Nông", "Lò", "Triệu", "Bế", "Lục", "Quàng")  # fmt: skip
MIDDLE = ("Văn", "Thị", "Đức", "Minh", "Thu", "Ngọc", "Quang", "Thanh", "Hữu", "Xuân")
GIVEN = ("Hòa", "Thủy", "Hương", "Chiến", "Tuấn", "Trang", "Liêm", "Khỏe", "Quý", "Hùng", "Lan", "Mai", "Dũng",
         "Thắng", "Hạnh", "Phương", "Sơn", "Hải", "Yến", "Toàn")  # fmt: skip
CATEGORIES = ("Hoạt động công đoàn", "Tin tức - Sự kiện", "Chính sách - Pháp luật", "Thi đua - Khen thưởng",
              "Văn hóa - Thể thao", "An toàn vệ sinh lao động", "Nữ công", "Tổ chức - Kiểm tra")  # fmt: skip
TITLE_FRAMES = (
    "LĐLĐ tỉnh {p} {s}", "Liên đoàn Lao động tỉnh {p} {s}", "Công đoàn {p} {s}", "{p}: {s}",
    "Các cấp công đoàn {p} {s}", "CĐCS {p} {s}",
)  # fmt: skip
TITLE_ACTIONS = (
    "tổ chức Tháng Công nhân", "trao nhà Mái ấm công đoàn", "tập huấn nghiệp vụ cho cán bộ công đoàn",
    "ký kết giao ước thi đua", "tổng kết công tác năm", "thăm, tặng quà đoàn viên khó khăn",
    "phát động Tháng hành động về an toàn vệ sinh lao động", "đối thoại với người lao động",
    "tuyên truyền pháp luật lao động", "tổ chức hội nghị cán bộ, công chức, viên chức",
    "phát triển đoàn viên, thành lập công đoàn cơ sở", "chăm lo Tết cho công nhân lao động",
    "tổ chức giải bóng đá công nhân viên chức lao động", "kiểm tra, giám sát tại doanh nghiệp",
    "hưởng ứng Tết Sum vầy", "tổ chức Chương trình Phúc lợi đoàn viên",
)  # fmt: skip
_SENTENCE = re.compile(r"(?<=[.!?;])\s+(?=[A-ZĐÀ-Ỹ“\"])")


@dataclass(frozen=True)
class GeneratedArticle:
    site: str
    province: str
    url: str
    title: str
    body: str
    published: datetime
    author: str
    category: str
    entities: list[dict[str, object]]


def demo_sentences() -> list[str]:
    sentences: list[str] = []
    for site in load_sites().values():
        for article in site.articles:
            for paragraph in (article.lead, *article.paragraphs):
                sentences += [s.strip() for s in _SENTENCE.split(paragraph) if len(s.split()) >= 6]
    return sentences


def site_name(province: str) -> str:
    from vnlang.text import fold

    return "ldld-" + re.sub(r"[^a-z0-9]+", "-", fold(province)).strip("-")


class Generator:
    def __init__(self, seed: int = 4) -> None:
        self.random = random.Random(seed)
        self.sentences = demo_sentences()
        self.serial = 0

    def person(self) -> str:
        r = self.random
        return f"{r.choice(SURNAMES)} {r.choice(MIDDLE)} {r.choice(GIVEN)}"

    def article(self) -> GeneratedArticle:
        r = self.random
        self.serial += 1
        province = r.choice(PROVINCES)
        people = [self.person() for _ in range(r.randint(1, 3))]
        sentences = r.sample(self.sentences, r.randint(8, 16))
        sentences.insert(r.randint(0, 2), f"Dự buổi lễ có đồng chí {people[0]}, Chủ tịch LĐLĐ tỉnh {province}.")
        for name in people[1:]:
            sentences.insert(r.randint(1, len(sentences)), f"Đồng chí {name} phát biểu tại hội nghị.")
        paragraphs = [" ".join(sentences[i : i + 3]) for i in range(0, len(sentences), 3)]
        title = r.choice(TITLE_FRAMES).format(p=province, s=r.choice(TITLE_ACTIONS))
        day = datetime(2012, 1, 1, tzinfo=UTC) + timedelta(minutes=r.randint(0, 14 * 365 * 24 * 60))
        entities: list[dict[str, object]] = [{"type": "person", "name": n, "text": n, "start": 0, "end": 0,
                                              "role": None} for n in people]  # fmt: skip
        entities.append({"type": "place", "name": province, "text": province, "start": 0, "end": 0, "role": None})
        entities.append({"type": "organization", "name": f"Liên đoàn Lao động tỉnh {province}",
                         "text": f"LĐLĐ tỉnh {province}", "start": 0, "end": 0, "role": None})  # fmt: skip
        site = site_name(province)
        return GeneratedArticle(
            site=site, province=province, url=f"https://{site}.example.vn/tin-tuc/{self.serial}.html", title=title,
            body="\n\n".join(paragraphs), published=day, author=self.person(), category=r.choice(CATEGORIES),
            entities=entities,
        )  # fmt: skip


def write_articles(archive: Archive, articles: list[GeneratedArticle]) -> None:
    """Insert generated articles (with a stub raw page each) in bulk, unindexed."""
    with archive.sessions.begin() as session:
        sites = {name: sid for sid, name in session.execute(select(Site.id, Site.name))}
        for article in articles:
            if article.site not in sites:
                site = Site(name=article.site, province=article.province, base_url=f"https://{article.site}.example.vn")
                session.add(site)
                session.flush()
                sites[article.site] = site.id
        pages = [{"site_id": sites[a.site], "url": a.url, "fetched_url": a.url, "status": 200, "headers": {},
                  "body": b"", "sha256": ""} for a in articles]  # fmt: skip
        session.execute(insert(RawPage), pages)
        urls = [a.url for a in articles]
        page_ids = {u: i for u, i in session.execute(select(RawPage.url, RawPage.id).where(RawPage.url.in_(urls)))}
        rows = [
            {"site_id": sites[a.site], "raw_page_id": page_ids[a.url], "url": a.url, "title": a.title, "body": a.body,
             "published": a.published, **vietnam_columns(a.published), "author": a.author, "byline": a.author, "category": a.category,
             "captions": [], "entities": a.entities, "content_hash": f"{hash((a.url, a.body)) & (2**64 - 1):064x}"}
            for a in articles
        ]  # fmt: skip
        session.execute(insert(Article), rows)

"""A large archive made quickly for the export benchmark: generated articles bulk-inserted into SQLite.

Bodies are sentences sampled from the demo sites' articles, so records have the size and the
Vietnamese text of real ones (about 2–4 kB of body, captions, a handful of entities). Rows go in with
executemany in one transaction per batch; the crawler's per-page path would take far longer and is not
what the benchmark measures.
"""

from __future__ import annotations

import hashlib
import random
import re
import zlib
from datetime import UTC, datetime, timedelta

from sqlalchemy import insert

from archive.models import Article, RawPage, Site, vietnam_columns
from archive.store import Archive
from unionnews.demo.content import load_sites

PROVINCES = ("Bắc Kạn", "Lạng Sơn", "Sơn La", "Thái Nguyên", "Hòa Bình", "Điện Biên", "Cao Bằng", "Hà Giang",
             "Lào Cai", "Yên Bái", "Tuyên Quang", "Phú Thọ")  # fmt: skip
PEOPLE = ("Bế Thị Hòa", "Hà Văn Chiến", "Lý Thị Hương", "Lộc Văn Hưng", "Trần Thị Minh", "Lò Văn Chung",
          "Nông Văn Tuấn", "Đỗ Thị Gấm", "Quàng Văn Sơn", "Cầm Văn Dũng")  # fmt: skip
CATEGORIES = ("Hoạt động công đoàn", "Tin tức - Sự kiện", "Chính sách - Pháp luật", "Thi đua - Khen thưởng")
_SENTENCE = re.compile(r"(?<=[.!?…])\s+")


def _sentences() -> list[str]:
    found: list[str] = []
    for site in load_sites().values():
        for article in site.articles:
            for paragraph in (article.lead, *article.paragraphs):
                found += [s for s in _SENTENCE.split(paragraph) if len(s.split()) >= 5]
    return found


def fill(archive: Archive, count: int, seed: int = 7, batch: int = 5000) -> None:
    """Add `count` articles (each with its raw page) spread over the provinces' sites and 2012–2025."""
    r = random.Random(seed)
    sentences = _sentences()
    with archive.sessions.begin() as session:
        site_ids = []
        for i, province in enumerate(PROVINCES):
            site = Site(name=f"bench-{i:02d}", province=province, base_url=f"https://ldld{i:02d}.example.vn")
            session.add(site)
            session.flush()
            site_ids.append(site.id)
    start = datetime(2012, 1, 1, tzinfo=UTC)
    page = zlib.compress(b"<html><body>generated</body></html>")
    for first in range(0, count, batch):
        pages, articles = [], []
        for n in range(first, min(first + batch, count)):
            site = r.randrange(len(site_ids))
            url = f"https://ldld{site:02d}.example.vn/tin-tuc/{n}.html"
            body = "\n\n".join(" ".join(r.sample(sentences, 3)) for _ in range(r.randint(4, 8)))
            people = r.sample(PEOPLE, 2)
            entities = [{"type": "person", "name": p, "text": p, "start": 0, "end": 0, "field": "body", "role": None}
                        for p in people] + [{"type": "place", "name": PROVINCES[site], "text": PROVINCES[site],
                                             "start": 0, "end": 0, "field": "body", "role": None}]  # fmt: skip
            digest = hashlib.sha256(body.encode()).hexdigest()
            pages.append({"id": n + 1, "site_id": site_ids[site], "url": url, "fetched_url": url, "status": 200,
                          "headers": {}, "body": page, "sha256": digest})  # fmt: skip
            articles.append({
                "id": n + 1, "site_id": site_ids[site], "raw_page_id": n + 1, "url": url,
                "title": f"LĐLĐ tỉnh {PROVINCES[site]}: {r.choice(sentences)[:90]}", "body": body,
                "published": (published := start + timedelta(minutes=r.randrange(14 * 365 * 24 * 60))),
                **vietnam_columns(published), "author": people[0],
                "byline": f"Tin, ảnh: {people[0]}", "category": r.choice(CATEGORIES),
                "captions": [f"Đồng chí {people[1]} trao quà cho đoàn viên."], "entities": entities, "figures": [],
                "content_hash": digest,
            })  # fmt: skip
        with archive.sessions.begin() as session:
            session.execute(insert(RawPage), pages)
            session.execute(insert(Article), articles)

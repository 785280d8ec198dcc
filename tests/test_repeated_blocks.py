"""Repeated blocks learnt across pages, through the real ingest path and a real SQLite archive file.

The site below prints its own banner line inside the content cell of every article, in words no
generic rule knows; after a few articles the archive has learnt it and the cleaner drops it.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from archive.ingest import process_page
from archive.models import Article
from archive.store import Archive, FetchedPage
from archive.repeated import RepeatedBlock, RepeatedBlockPage, load_repeated_blocks
from cleaner.repeated import fingerprint

BANNER = "Trang thông tin của Công đoàn ngành Giáo dục tỉnh Điện Biên - Đoàn kết, đổi mới, sáng tạo"
TOPICS = ["Mường Nhé", "Tủa Chùa", "Điện Biên Đông", "Mường Ảng", "Nậm Pồ", "Tuần Giáo", "Mường Chà", "Điện Biên Phủ",
          "Mường Lay", "Mường Phăng", "Thanh Nưa", "Na Son"]  # fmt: skip


def _page(i: int, topic: str) -> bytes:
    paragraph = (f"Ngày {i + 1}/5, Công đoàn ngành Giáo dục tỉnh Điện Biên phối hợp với Phòng Giáo dục huyện {topic} tổ chức "
                 f"trao {10 + i} suất quà cho giáo viên cắm bản có hoàn cảnh khó khăn, mỗi suất trị giá một triệu đồng.")  # fmt: skip
    return (f"<html><head><title>Tin hoạt động</title></head><body><div class='top'>CÔNG ĐOÀN NGÀNH GIÁO DỤC</div>"
            f"<div class='noidung'><h1>Trao quà cho giáo viên cắm bản huyện {topic}</h1><p>{i + 1:02}/05/2022 08:30</p>"
            f"<p>{paragraph}</p><p>{paragraph.replace('trao', 'thăm hỏi và trao')}</p><p>{BANNER}</p>"
            f"<p>Lò Thị Hoa</p></div></body></html>").encode()  # fmt: skip


def test_repeated_block_is_learnt_and_dropped(tmp_path: Path) -> None:
    archive = Archive(f"sqlite:///{tmp_path / 'archive.sqlite3'}")
    site_id = archive.ensure_site("cd-giaoduc-dienbien")
    urls = [f"http://cdgd.example.vn/tin/{i}.html" for i in range(len(TOPICS))]
    for i, (url, topic) in enumerate(zip(urls, TOPICS, strict=True)):
        assert process_page(archive, site_id, FetchedPage(url, _page(i, topic))).value == "new"
    with archive.session() as session:
        bodies = {a.url: a.body for a in session.scalars(select(Article))}
        assert session.scalars(select(RepeatedBlock.pages)).all()  # counts are in the archive file
    assert all(BANNER in bodies[u] for u in urls[:10])  # too little evidence while the first ten came in
    assert BANNER not in bodies[urls[-1]]  # learnt by then: on every article so far
    assert "Lò Thị Hoa" not in bodies[urls[-1]]  # the byline, repeated too, is read before it is dropped as repeated
    # Re-processing an early page applies what was learnt since, and counts nothing twice.
    assert process_page(archive, site_id, FetchedPage(urls[0], _page(0, TOPICS[0]))).value == "updated"
    with archive.session() as session:
        assert BANNER not in session.scalar(select(Article.body).where(Article.url == urls[0]))
        author = session.scalar(select(Article.author).where(Article.url == urls[0]))
    assert author == "Lò Thị Hoa"
    assert fingerprint(BANNER) in load_repeated_blocks(archive, site_id).known
    archive.close()


def test_one_story_under_many_urls_is_not_a_repeated_block(tmp_path: Path) -> None:
    archive = Archive(f"sqlite:///{tmp_path / 'archive.sqlite3'}")
    site_id = archive.ensure_site("cd-giaoduc-dienbien")
    page = _page(0, TOPICS[0])
    for i in range(12):  # the same article reached through twelve category paths
        process_page(archive, site_id, FetchedPage(f"http://cdgd.example.vn/cat{i}/0.html", page))
    with archive.session() as session:
        assert session.scalar(select(func.count()).select_from(RepeatedBlockPage)) == 1  # counted once
        assert set(session.scalars(select(RepeatedBlock.pages))) == {1}
        bodies = session.scalars(select(Article.body)).all()
    assert len(bodies) == 1  # one article, whichever address reached it
    assert "giáo viên cắm bản" in bodies[0] and BANNER in bodies[0]
    archive.close()

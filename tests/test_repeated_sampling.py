"""Repeated blocks past a site's warm-up: sampled block counts, and a worker's cached copy.

Real archives on both backends (tests/backends.py); two `Archive` objects on one database stand
for two crawl workers, each with its own cache, as in separate processes.
"""

from __future__ import annotations

from sqlalchemy import func, select

from archive.store import Archive
from archive.repeated import (
    RELOAD_PAGES,
    SAMPLE,
    WARM_UP,
    RepeatedBlock,
    RepeatedBlockPage,
    learn_repeated_blocks,
    load_repeated_blocks,
    sampled,
)
from cleaner.repeated import fingerprint

FOOTER = "Bản quyền thuộc Liên đoàn Lao động tỉnh Bắc Kạn. Địa chỉ: số 2 đường Trường Chinh."
WIDE = "Trang thông tin điện tử của Công đoàn Viên chức tỉnh Bắc Kạn"  # on three articles in four
NARROW = "Tin mới: Công đoàn tặng quà Tết cho đoàn viên khó khăn"  # on one article in four


def _learn(archive: Archive, site_id: int, i: int, extra: list[str] | None = None) -> str:
    """Process article `i` as the ingest path does: load the site's repeated blocks, observe the page's, count them."""
    headline = f"Công đoàn cơ sở số {i} tổ chức hội nghị người lao động"
    blocks = [FOOTER, f"Nội dung riêng của bài số {i}, không trang nào khác có."] + (extra or [])
    blocks += [WIDE] if i % 4 else [NARROW]
    repeated = load_repeated_blocks(archive, site_id)
    repeated.observe(blocks)
    learn_repeated_blocks(archive, site_id, headline, repeated)
    return headline


def _counts(archive: Archive) -> tuple[int, dict[str, int]]:
    with archive.session() as session:
        pages = session.scalar(select(func.count()).select_from(RepeatedBlockPage)) or 0
        return pages, dict(session.execute(select(RepeatedBlock.fingerprint, RepeatedBlock.pages)).all())


def test_blocks_are_sampled_past_the_warm_up_with_unbiased_weights(db_url: str) -> None:
    archive = Archive(db_url)
    site_id = archive.ensure_site("demo-portal")
    total = WARM_UP + 600
    headlines = [_learn(archive, site_id, i) for i in range(total)]
    # Every article counts towards the number seen, and once only (a re-crawl adds nothing).
    _learn(archive, site_id, total - 1)
    pages, counts = _counts(archive)
    assert pages == total
    late = [sampled(fingerprint(h)) for h in headlines[WARM_UP:]]
    assert 0 < sum(late) < len(late) / 2  # a sample, not every article and not none
    # The footer, on every article: counted exactly in the warm-up, then SAMPLE for each sampled article.
    assert counts[fingerprint(FOOTER)] == WARM_UP + SAMPLE * sum(late)
    # A block of one article past the warm-up is stored only if that article was sampled, with its weight.
    for i, is_sampled in enumerate(late, start=WARM_UP):
        own = counts.get(fingerprint(f"Nội dung riêng của bài số {i}, không trang nào khác có."))
        assert own == (SAMPLE if is_sampled else None)
    # The weighted counts estimate the true ones: the shares, and so the repeated, come out as counted fully.
    for block, true_count in ((FOOTER, total), (WIDE, total * 3 // 4), (NARROW, total // 4)):
        assert abs(counts[fingerprint(block)] - true_count) < 0.1 * total
    known = load_repeated_blocks(archive, site_id).known
    assert fingerprint(FOOTER) in known and fingerprint(WIDE) in known and fingerprint(NARROW) not in known
    archive.close()


def test_a_worker_rereads_the_repeated_blocks_only_every_so_many_pages_after_the_warm_up(db_url: str) -> None:
    worker, other = Archive(db_url), Archive(db_url)
    site_id = worker.ensure_site("demo-portal")
    banner = "Chào mừng Đại hội Công đoàn tỉnh Bắc Kạn lần thứ XI, nhiệm kỳ 2023 - 2028"
    # During the warm-up a worker sees what another learnt at once: the banner, on the other's ten articles.
    for i in range(10):
        _learn(other, site_id, i, [banner])
    assert fingerprint(banner) in load_repeated_blocks(worker, site_id).known
    for i in range(10, WARM_UP):
        _learn(other, site_id, i)
    assert fingerprint(banner) not in load_repeated_blocks(worker, site_id).known  # 10 of 200: not the repeated
    slogan = "Người lao động là trung tâm, Công đoàn là chỗ dựa tin cậy"
    for i in range(WARM_UP, 3 * WARM_UP):  # another 400 articles, all with the slogan: two thirds of all
        _learn(other, site_id, i, [slogan])
    # Past the warm-up the worker keeps what it read: the slogan reaches it within RELOAD_PAGES pages.
    stale = [fingerprint(slogan) in load_repeated_blocks(worker, site_id).known for _ in range(RELOAD_PAGES)]
    assert stale == [False] * (RELOAD_PAGES - 1) + [True]
    worker.close()
    other.close()

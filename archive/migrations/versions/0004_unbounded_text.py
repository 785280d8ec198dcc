"""Scraped and user-given text is TEXT, not VARCHAR(n): a long byline no longer fails only on PostgreSQL (issue 8).

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24

PostgreSQL enforces a VARCHAR's length, so a 400-character author line failed the page's whole
transaction there while SQLite stored it. On PostgreSQL, VARCHAR(n) → TEXT is binary-compatible: the
catalog changes, no table or index is rewritten, but each ALTER briefly takes an exclusive lock on
its table, so run `unionnews db upgrade` while no crawl is writing.

SQLite is left alone: it never enforces a length, and VARCHAR(n) and TEXT both have its TEXT
affinity, so the values are stored and compared identically. Changing the declared type would copy
every table (raw pages included) for no behavioural change. `archive.migrations.compare_type` makes
the drift check and autogenerate see the two as equal there.

The downgrade restores the limits on PostgreSQL; it fails, changing nothing, if a longer value has
been stored since.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

# table → column → (old length, nullable)
_COLUMNS = {
    "sites": {"name": (100, False), "province": (100, True), "base_url": (500, True)},
    "crawl_requests": {"key": (2000, False), "url": (2000, False)},
    "raw_pages": {
        "url": (2000, False),
        "fetched_url": (2000, False),
        "content_type": (200, True),
        "etag": (300, True),
        "last_modified": (100, True),
    },
    "articles": {"url": (2000, False), "author": (300, True), "byline": (300, True), "category": (300, True)},
    "fetch_failures": {"url": (2000, False)},
    "entities": {"name": (500, False), "key": (500, False), "province": (100, True), "province_new": (100, True)},
}


def _alter(to_text: bool) -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table, columns in _COLUMNS.items():
        for column, (length, nullable) in columns.items():
            old, new = sa.String(length=length), sa.Text()
            op.alter_column(table, column, type_=new if to_text else old, existing_type=old if to_text else new,
                            existing_nullable=nullable)  # fmt: skip


def upgrade() -> None:
    _alter(to_text=True)


def downgrade() -> None:
    _alter(to_text=False)

"""Provenance of every raw page: its source, capture time, archived copy and the captures it was made from.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03

Pages now come from web archives (`unionnews backfill`) and WARC files (`unionnews ingest-warc`) as
well as from live crawls, and a citation needs to say which, when the bytes were captured, and where
the archived copy is. Existing rows are live crawls: `source` defaults to "crawl", and their capture
time is their fetch time (NULL `captured_at` reads as `fetched_at`). Adding nullable columns and one
with a constant default rewrites no table on either backend.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from archive.types import UTCDateTime

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("raw_pages") as batch:
        batch.add_column(sa.Column("source", sa.String(12), nullable=False, server_default="crawl"))
        batch.add_column(sa.Column("captured_at", UTCDateTime(), nullable=True))
        batch.add_column(sa.Column("archived_copy", sa.Text(), nullable=True))
        batch.add_column(sa.Column("captures", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("raw_pages") as batch:
        for column in ("captures", "archived_copy", "captured_at", "source"):
            batch.drop_column(column)

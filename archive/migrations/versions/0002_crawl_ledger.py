"""Crawl ledger (resumable runs), run counters, and the validators for conditional GET (issue 6).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23

Archives opened by the pre-migration code may have some of these already (it added new columns in
place), so each table and column is added only when missing.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

_COLUMNS = {
    "crawl_runs": [
        sa.Column("not_modified", sa.Integer(), server_default="0", nullable=False),
        sa.Column("mode", sa.String(length=20), nullable=True),
        sa.Column("resumes", sa.Integer(), server_default="0", nullable=False),
        sa.Column("reasons", sa.JSON(), nullable=True),
    ],
    "raw_pages": [
        sa.Column("etag", sa.String(length=300), nullable=True),
        sa.Column("last_modified", sa.String(length=100), nullable=True),
    ],
}


def upgrade() -> None:
    inspector = sa.inspect(op.get_bind())
    if not inspector.has_table("crawl_requests"):
        op.create_table(
            "crawl_requests",
            sa.Column("id", sa.Integer(), nullable=False),
            sa.Column("run_id", sa.Integer(), nullable=False),
            sa.Column("key", sa.String(length=2000), nullable=False),
            sa.Column("url", sa.String(length=2000), nullable=False),
            sa.Column("kind", sa.String(length=10), nullable=False),
            sa.Column("depth", sa.Integer(), nullable=False),
            sa.Column("stale", sa.Integer(), nullable=False),
            sa.Column("outcome", sa.String(length=20), nullable=True),
            sa.Column("reason", sa.Text(), nullable=True),
            sa.ForeignKeyConstraint(["run_id"], ["crawl_runs.id"], ondelete="CASCADE"),
            sa.PrimaryKeyConstraint("id"),
            sa.UniqueConstraint("run_id", "key", name="uq_crawl_requests_run_key"),
        )
        op.create_index("ix_crawl_requests_pending", "crawl_requests", ["run_id", "outcome"])
    for table, columns in _COLUMNS.items():
        present = {column["name"] for column in inspector.get_columns(table)}
        for column in columns:
            if column.name not in present:
                op.add_column(table, column)


def downgrade() -> None:
    for table, columns in _COLUMNS.items():
        with op.batch_alter_table(table) as batch:
            for column in columns:
                batch.drop_column(column.name)
    op.drop_table("crawl_requests")

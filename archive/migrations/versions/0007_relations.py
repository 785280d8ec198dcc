"""Relations: who holds which post at which body, as each article states it on its day (issue 13).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-05

A new table only; existing articles get their rows when `unionnews reextract` runs the cleaner again
(their content hash then includes the relations found, so they count as updated).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "relations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("post", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("province", sa.Text(), nullable=True),
        sa.Column("province_new", sa.Text(), nullable=True),
        sa.Column("day", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["organization_id"], ["entities.id"]),
        sa.ForeignKeyConstraint(["person_id"], ["entities.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    for column in ("article_id", "person_id", "organization_id"):
        op.create_index(f"ix_relations_{column}", "relations", [column])


def downgrade() -> None:
    op.drop_table("relations")

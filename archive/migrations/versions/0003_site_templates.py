"""Site templates: the text blocks each site repeats, learnt across its pages (archive.repeated).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23

The code before migrations created these tables on first use, so each is created only when missing.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    inspector = sa.inspect(op.get_bind())
    if not inspector.has_table("template_blocks"):
        op.create_table(
            "template_blocks",
            sa.Column("site_id", sa.Integer(), nullable=False),
            sa.Column("fingerprint", sa.String(length=16), nullable=False),
            sa.Column("pages", sa.Integer(), nullable=False),
            sa.ForeignKeyConstraint(["site_id"], ["sites.id"]),
            sa.PrimaryKeyConstraint("site_id", "fingerprint"),
        )
    if not inspector.has_table("template_pages"):
        op.create_table(
            "template_pages",
            sa.Column("site_id", sa.Integer(), nullable=False),
            sa.Column("key", sa.String(length=16), nullable=False),
            sa.ForeignKeyConstraint(["site_id"], ["sites.id"]),
            sa.PrimaryKeyConstraint("site_id", "key"),
        )


def downgrade() -> None:
    op.drop_table("template_pages")
    op.drop_table("template_blocks")

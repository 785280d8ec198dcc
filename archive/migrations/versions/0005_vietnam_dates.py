"""Articles also keep their publication time as Vietnam prints it, for tools that read the tables directly.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-04

`published` is UTC. SQLite stores it without an offset, so Datasette, pandas or a SELECT put an
article published at 01:43 on 4 January (+07:00) on 3 January. Two columns say what the page printed:
`published_local`, ISO 8601 at +07:00 (text), and `published_date`, the day in Vietnam (a DATE). The
archive writes them with `published` (archive.models.vietnam_columns); this revision fills them for
the articles already stored, in batches, through the same function on both backends.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from archive.models import vietnam_columns
from archive.types import UTCDateTime

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

_BATCH = 1000


def upgrade() -> None:
    op.add_column("articles", sa.Column("published_local", sa.Text(), nullable=True))
    op.add_column("articles", sa.Column("published_date", sa.Date(), nullable=True))
    articles = sa.table(
        "articles",
        sa.column("id", sa.Integer()),
        sa.column("published", UTCDateTime()),
        sa.column("published_local", sa.Text()),
        sa.column("published_date", sa.Date()),
    )
    connection = op.get_bind()
    fill = (
        sa.update(articles)
        .where(articles.c.id == sa.bindparam("article_id"))
        .values(published_local=sa.bindparam("local"), published_date=sa.bindparam("day"))
    )
    last = 0
    while True:
        rows = connection.execute(
            sa.select(articles.c.id, articles.c.published)
            .where(articles.c.id > last, articles.c.published.is_not(None))
            .order_by(articles.c.id)
            .limit(_BATCH)
        ).all()
        if not rows:
            return
        values = []
        for article_id, published in rows:
            columns = vietnam_columns(published)
            values.append({"article_id": article_id, "local": columns["published_local"],
                           "day": columns["published_date"]})  # fmt: skip
        connection.execute(fill, values)
        last = rows[-1].id


def downgrade() -> None:
    op.drop_column("articles", "published_date")
    op.drop_column("articles", "published_local")

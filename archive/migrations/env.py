"""Alembic's entry point: migrates the connection that `archive.migrations.config` hands over.

Run through `unionnews db …` (or `archive.migrations`), never through an alembic.ini: the archive's
URL comes from `--db` / UNIONNEWS_DB like every other command's.
"""

from __future__ import annotations

from typing import Any

from alembic import context
from sqlalchemy.types import TypeDecorator

from archive.db import load_models
from archive.migrations import compare_type
from archive.models import Base

load_models()
connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through `unionnews db upgrade`, which passes the archive's connection")



def _render_item(kind: str, obj: Any, _autogen_context: Any) -> str | bool:
    """Revisions name plain column types: the archive's Python-side types may change, a revision may not."""
    if kind == "type" and isinstance(obj, TypeDecorator):
        return f"sa.{obj.impl!r}"
    return False


context.configure(
    connection=connection,
    render_item=_render_item,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",  # SQLite alters a table by copying it
    compare_type=compare_type,
)
with context.begin_transaction():
    context.run_migrations()

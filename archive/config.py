"""Where the archive and index live and which engine keeps the index: by flag, then environment, then a default."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


SEARCH_ENGINES = ("embedded", "postgresql")  # the index in files under the data directory, or in the archive's database


@dataclass(frozen=True)
class Config:
    home: Path
    db_url: str
    search: str = "embedded"

    @property
    def index_dir(self) -> Path:
        return self.home / "index"


def default_home() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base) / "unionnews"


def default_db_url(home: Path) -> str:
    """The SQLite file inside the data directory: what a command gets when no --db or UNIONNEWS_DB names one."""
    return f"sqlite:///{home / 'archive.sqlite3'}"


def load_config(data_dir: str | os.PathLike[str] | None = None, db_url: str | None = None,
                search: str | None = None) -> Config:  # fmt: skip
    """`--data-dir` beats UNIONNEWS_HOME beats ~/.local/share/unionnews; likewise `--db` and UNIONNEWS_DB,
    `--search` and UNIONNEWS_SEARCH."""
    home = Path(data_dir or os.environ.get("UNIONNEWS_HOME") or default_home()).expanduser().resolve()
    if home.exists() and not home.is_dir():
        raise NotADirectoryError(f"the data directory {home} is a file (see --data-dir and UNIONNEWS_HOME)")
    url = db_url or os.environ.get("UNIONNEWS_DB")
    backend = "sqlite"
    if url:  # checked now: a command that reads only the index would otherwise never notice a bogus one
        from archive.db import database_url

        backend = database_url(url).get_backend_name()
    engine = (search or os.environ.get("UNIONNEWS_SEARCH") or "embedded").strip().lower()
    if engine not in SEARCH_ENGINES:
        raise ValueError(f"unknown search engine {engine!r} (use {' or '.join(SEARCH_ENGINES)}; see --search)")
    if engine == "postgresql" and backend != "postgresql":
        raise ValueError("the PostgreSQL search engine needs an archive on PostgreSQL: give --db "
                         "postgresql+psycopg://… (or UNIONNEWS_DB), or use --search embedded")  # fmt: skip
    return Config(home=home, db_url=url or default_db_url(home), search=engine)

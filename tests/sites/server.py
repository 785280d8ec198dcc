"""Serve the fixture sites on 127.0.0.1, each on its own port (bound at 0).

    with FixtureSites() as sites:          # or FixtureSites(["nukeviet", "laodong"])
        base = sites.urls["nukeviet"]      # "http://127.0.0.1:41234"
        gold = load_gold("nukeviet")       # paths in the gold are relative to that base

``python -m tests.sites.server`` (from the repository root) serves them all in the foreground.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable

from unionnews.demo.server import SiteServers

from .app import FixtureApp
from .gold import load_gold
from .model import KEYS, Site

__all__ = ["KEYS", "FixtureSites", "load_gold"]


class FixtureSites(SiteServers[FixtureApp]):
    """Context manager serving every site (or the named ones); ``.urls`` maps key -> base URL."""

    def __init__(self, keys: Iterable[str] | None = None) -> None:
        keys = tuple(KEYS if keys is None else keys)
        unknown = sorted(set(keys) - set(KEYS))
        if unknown:
            raise ValueError(f"no fixture site {', '.join(unknown)}; have {', '.join(KEYS)}")
        super().__init__("127.0.0.1", dict.fromkeys(keys, 0))

    @property
    def sites(self) -> dict[str, Site]:
        return {key: app.site for key, app in self._apps.items()}

    def app(self, name: str, base_url: str) -> FixtureApp:
        return FixtureApp(name, base_url)

    def start(self) -> FixtureSites:
        self.serve()
        return self

    def __enter__(self) -> FixtureSites:
        return self.start()


def main() -> None:
    with FixtureSites() as sites:
        for key, site in sites.sites.items():
            print(f"{key:<9} {sites.urls[key]}  ({site.family}: {site.name}, {site.host})", flush=True)
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    main()

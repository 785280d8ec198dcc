"""Serve the fixture sites on 127.0.0.1, each on its own port (bound at 0).

    with FixtureSites() as sites:          # or FixtureSites(["nukeviet", "laodong"])
        base = sites.urls["nukeviet"]      # "http://127.0.0.1:41234"
        gold = load_gold("nukeviet")       # paths in the gold are relative to that base

``python -m tests.sites.server`` (from the repository root) serves them all in the foreground.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType

from unionnews.demo.dates import http_date

from .app import FixtureApp
from .gold import load_gold
from .model import KEYS, Site

__all__ = ["KEYS", "FixtureSites", "load_gold"]


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    app: FixtureApp


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def do_GET(self) -> None:
        self._send(with_body=True)

    def do_HEAD(self) -> None:
        self._send(with_body=False)

    def _send(self, *, with_body: bool) -> None:
        response = self.server.app.respond(self.path)
        self.send_response(response.status)
        self.send_header("Content-Type", response.content_type)
        self.send_header("Content-Length", str(len(response.body)))
        if response.last_modified is not None:
            self.send_header("Last-Modified", http_date(response.last_modified))
        self.end_headers()
        if with_body:
            self.wfile.write(response.body)

    def log_message(self, format: str, *args: object) -> None:  # quiet: tests read responses, not logs
        pass


class FixtureSites:
    """Context manager serving every site (or the named ones); ``.urls`` maps key -> base URL."""

    def __init__(self, keys: Iterable[str] | None = None) -> None:
        self.keys = tuple(KEYS if keys is None else keys)
        unknown = sorted(set(self.keys) - set(KEYS))
        if unknown:
            raise ValueError(f"no fixture site {', '.join(unknown)}; have {', '.join(KEYS)}")
        self._servers: dict[str, _Server] = {}

    @property
    def urls(self) -> dict[str, str]:
        return {key: server.app.base_url for key, server in self._servers.items()}

    @property
    def sites(self) -> dict[str, Site]:
        return {key: server.app.site for key, server in self._servers.items()}

    def start(self) -> FixtureSites:
        try:
            for key in self.keys:
                server = _Server(("127.0.0.1", 0), _Handler)
                server.app = FixtureApp(key, f"http://127.0.0.1:{server.server_address[1]}")
                threading.Thread(target=server.serve_forever, name=f"fixture:{key}", daemon=True).start()
                self._servers[key] = server
        except BaseException:
            self.stop()
            raise
        return self

    def stop(self) -> None:
        servers, self._servers = self._servers, {}
        for server in servers.values():
            server.shutdown()
            server.server_close()

    def __enter__(self) -> FixtureSites:
        return self.start()

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()


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

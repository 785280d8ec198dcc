"""Serves every demo site on its own local port.

Each CMS family lives at the root of its own host in real life, so every
demo site gets its own port rather than a path prefix; absolute URLs in
feeds and sitemaps then name the port actually bound.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType

from .content import DemoSite, load_sites
from .dates import http_date
from .routes import Response, SiteApp

DEFAULT_PORTS = {"demo-portal": 8471, "demo-joomla": 8472, "demo-table": 8473, "demo-html5": 8474}


class _SiteServer(ThreadingHTTPServer):
    app: SiteApp
    verbose: bool


class _Handler(BaseHTTPRequestHandler):
    server: _SiteServer

    def do_GET(self) -> None:
        self._send(self.server.app.respond(self.path), with_body=True)

    def do_HEAD(self) -> None:
        self._send(self.server.app.respond(self.path), with_body=False)

    def _send(self, response: Response, *, with_body: bool) -> None:
        self.send_response(response.status)
        self.send_header("Content-Type", response.content_type)
        self.send_header("Content-Length", str(len(response.body)))
        if response.last_modified is not None:
            self.send_header("Last-Modified", http_date(response.last_modified))
        self.end_headers()
        if with_body:
            self.wfile.write(response.body)

    def log_message(self, format: str, *args: object) -> None:
        if self.server.verbose:
            super().log_message(f"[{self.server.app.site.name}] {format}", *args)


class DemoServer:
    """The demo sites on ``host``, one HTTP server thread per site; port 0 picks a free port."""

    def __init__(self, host: str = "127.0.0.1", ports: Mapping[str, int] | None = None,
                 *, verbose: bool = False) -> None:
        self.host = host
        self.ports = dict(DEFAULT_PORTS if ports is None else ports)
        self.verbose = verbose
        self._servers: dict[str, _SiteServer] = {}

    def start(self) -> dict[str, str]:
        """Bind and serve every requested site; returns {profile name: base URL}."""
        if self._servers:
            raise RuntimeError("DemoServer already started")
        sites = load_sites()
        unknown = sorted(set(self.ports) - set(sites))
        if unknown:
            raise ValueError(f"no demo content for {', '.join(unknown)}; have {', '.join(sorted(sites))}")
        try:
            for name, port in self.ports.items():
                server = _SiteServer((self.host, port), _Handler)
                server.verbose = self.verbose
                server.app = SiteApp(sites[name], f"http://{self.host}:{server.server_address[1]}")
                threading.Thread(target=server.serve_forever, name=f"demo:{name}", daemon=True).start()
                self._servers[name] = server
        except BaseException:
            self.stop()
            raise
        return self.urls

    @property
    def urls(self) -> dict[str, str]:
        return {name: server.app.base_url for name, server in self._servers.items()}

    @property
    def sites(self) -> dict[str, DemoSite]:
        return {name: server.app.site for name, server in self._servers.items()}

    def stop(self) -> None:
        servers, self._servers = self._servers, {}
        for server in servers.values():
            server.shutdown()
            server.server_close()

    def __enter__(self) -> dict[str, str]:
        return self.start()

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()


def serve(host: str = "127.0.0.1", ports: Mapping[str, int] | None = None,
          *, verbose: bool = False) -> None:
    """Serve the demo sites in the foreground until Ctrl-C."""
    demo = DemoServer(host, ports, verbose=verbose)
    try:
        urls = demo.start()
        width = max(map(len, urls), default=0)
        for name, site in demo.sites.items():
            print(f"{name:<{width}}  {urls[name]}  ({site.family}, {site.province})", flush=True)
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        demo.stop()

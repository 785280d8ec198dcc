"""Serves every demo site on its own local port (and, through `SiteServers`, the tests' fixture sites)."""

from __future__ import annotations

import threading
from collections.abc import Mapping
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Generic, Protocol, TypeVar

from .content import DemoSite, load_sites
from .dates import http_date
from .routes import Response, SiteApp

DEFAULT_PORTS = {"demo-portal": 8471, "demo-joomla": 8472, "demo-table": 8473, "demo-html5": 8474}


class ServedApp(Protocol):
    """What one served site answers with: a response for each request target."""

    base_url: str

    def respond(self, target: str) -> Response: ...


App = TypeVar("App", bound=ServedApp)


class _SiteServer(ThreadingHTTPServer):
    app: ServedApp
    label: str
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
            super().log_message(f"[{self.server.label}] {format}", *args)


class SiteServers(Generic[App]):
    """Sites on ``host``, each at the root of its own port (0 picks a free one), one server thread each.

    Real sites live at the root of their own host, so a path prefix would not do; absolute URLs in
    feeds and sitemaps then name the port actually bound. Subclasses say which app answers for a name.
    Also the server of the test suite's fixture sites (tests/sites/server.py).
    """

    def __init__(self, host: str, ports: Mapping[str, int], *, verbose: bool = False) -> None:
        self.host = host
        self.ports = dict(ports)
        self.verbose = verbose
        self._servers: dict[str, _SiteServer] = {}
        self._apps: dict[str, App] = {}

    def app(self, name: str, base_url: str) -> App:
        raise NotImplementedError

    def serve(self) -> None:
        """Bind and serve every site of ``ports``; a failure stops those already serving."""
        if self._servers:
            raise RuntimeError(f"{type(self).__name__} already started")
        try:
            for name, port in self.ports.items():
                server = _SiteServer((self.host, port), _Handler)
                server.label, server.verbose = name, self.verbose
                server.app = self._apps[name] = self.app(name, f"http://{self.host}:{server.server_address[1]}")
                threading.Thread(target=server.serve_forever, name=f"site:{name}", daemon=True).start()
                self._servers[name] = server
        except BaseException:
            self.stop()
            raise

    @property
    def urls(self) -> dict[str, str]:
        return {name: app.base_url for name, app in self._apps.items()}

    def stop(self) -> None:
        servers, self._servers, self._apps = self._servers, {}, {}
        for server in servers.values():
            server.shutdown()
            server.server_close()

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()


class DemoServer(SiteServers[SiteApp]):
    """The demo sites on ``host``."""

    def __init__(self, host: str = "127.0.0.1", ports: Mapping[str, int] | None = None,
                 *, verbose: bool = False) -> None:
        super().__init__(host, DEFAULT_PORTS if ports is None else ports, verbose=verbose)
        self._content: dict[str, DemoSite] = {}

    def app(self, name: str, base_url: str) -> SiteApp:
        return SiteApp(self._content[name], base_url)

    def start(self) -> dict[str, str]:
        """Bind and serve every requested site; returns {profile name: base URL}."""
        self._content = load_sites()
        unknown = sorted(set(self.ports) - set(self._content))
        if unknown:
            raise ValueError(f"no demo content for {', '.join(unknown)}; have {', '.join(sorted(self._content))}")
        self.serve()
        return self.urls

    @property
    def sites(self) -> dict[str, DemoSite]:
        return {name: app.site for name, app in self._apps.items()}

    def __enter__(self) -> dict[str, str]:
        return self.start()


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

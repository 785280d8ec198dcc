"""One way to serve a test site on 127.0.0.1: a threading HTTP server on a daemon thread, stopped on exit.

Every fake site of the tests and benchmarks (the fault site, the big site, the Wayback service, the small
sites of single tests) is a handler and some state; how it is started, how it answers and how it stays quiet
is written here once. Quiet matters: crawlers hang up on purpose (a timeout, a killed crawl), and a
traceback per hang-up would bury the output that matters.

    with serving(Handler, site=my_site) as url:   # the handler reads self.server.site
        crawl(url)
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


class QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a client hanging up mid-answer is what some tests are about, not a server error


class QuietHandler(BaseHTTPRequestHandler):
    """A handler that logs nothing and answers with `reply`."""

    def reply(self, status: int, body: bytes, content_type: str = "text/html; charset=utf-8",
              headers: Mapping[str, str] | None = None) -> None:  # fmt: skip
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        try:
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up first (a timeout page): that is the point

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


def free_port() -> int:
    """A port of 127.0.0.1 that was free a moment ago (bound, then released): for a server started
    elsewhere, or for a test that needs a port where nobody listens."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def serving(handler: type[BaseHTTPRequestHandler], port: int = 0, name: str = "test-site", **state: Any) -> Iterator[str]:
    """Serve `handler` on 127.0.0.1 (a free port unless `port` is given) until the block ends; yields the base
    URL. `state` is set on the server, where the handler finds it as `self.server.<name>`."""
    server = QuietServer(("127.0.0.1", port), handler)
    for key, value in state.items():
        setattr(server, key, value)
    threading.Thread(target=server.serve_forever, name=name, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()

"""Sites that refuse a probe, served for real on 127.0.0.1: robots.txt forbids, the home is JSON, nobody listens."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


class _Refusing(BaseHTTPRequestHandler):
    """`/robots.txt` forbids /closed/; `/data/` serves JSON; everything else a page with no links."""

    def do_GET(self) -> None:
        if self.path == "/robots.txt":
            self._send(b"User-agent: *\nDisallow: /closed/\n", "text/plain")
        elif self.path.startswith("/data/"):
            self._send(b'{"tin": []}', "application/json")
        else:
            self._send("<html><head><title>Trang chủ</title></head><body><p>Xin chào</p></body></html>".encode(),
                       "text/html; charset=utf-8")  # fmt: skip

    def _send(self, body: bytes, content_type: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def refusing() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Refusing)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def closed_port() -> int:
    """A port on 127.0.0.1 where nothing listens (it was bound a moment ago, then released)."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Refusing)
    port = server.server_address[1]
    server.server_close()
    return port

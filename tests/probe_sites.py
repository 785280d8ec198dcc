"""Sites that refuse a probe, served for real on 127.0.0.1: robots.txt forbids, the home is JSON, nobody listens."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.serving import QuietHandler, free_port, serving


class _Refusing(QuietHandler):
    """`/robots.txt` forbids /closed/; `/data/` serves JSON; everything else a page with no links."""

    def do_GET(self) -> None:
        if self.path == "/robots.txt":
            self.reply(200, b"User-agent: *\nDisallow: /closed/\n", "text/plain")
        elif self.path.startswith("/data/"):
            self.reply(200, b'{"tin": []}', "application/json")
        else:
            self.reply(200, "<html><head><title>Trang chủ</title></head><body><p>Xin chào</p></body></html>".encode(),
                       "text/html; charset=utf-8")  # fmt: skip


@pytest.fixture(scope="session")
def refusing() -> Iterator[str]:
    with serving(_Refusing, name="refusing") as url:
        yield url


@pytest.fixture
def closed_port() -> int:
    """A port on 127.0.0.1 where nothing listens."""
    return free_port()

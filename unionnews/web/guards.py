"""What the app checks before any route runs: who a request says it is for, how long its URL is, how long it may take.

The app has no login and is meant for 127.0.0.1, but any page a researcher's browser opens can send it
requests. A DNS-rebinding page reaches it under its own host name, so a request whose Host header
names neither the bound address nor an allowed name is refused. URLs and the time until a response
starts are bounded, so no one request can hold the server (answers stream afterwards: an export of a
whole archive takes as long as it takes).
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterable

from starlette.types import ASGIApp, Message, Receive, Scope, Send

MAX_URL_BYTES = 8192  # path and query string; longer gets 414
TIME_BUDGET = 10.0  # seconds until a response starts; longer gets 503
LOCAL_NAMES = ("127.0.0.1", "localhost", "::1")


def host_name(header: str) -> str:
    """The name part of a Host header: "[::1]:8000" → "::1", "localhost:8000" → "localhost"."""
    header = header.strip().lower()
    if header.startswith("["):
        return header[1 : header.find("]")] if "]" in header else header
    return header.rsplit(":", 1)[0] if header.count(":") == 1 else header


class Guard:
    """ASGI middleware: Host check (400), URL length (414) and the time budget to the first byte (503)."""

    def __init__(self, app: ASGIApp, hosts: Iterable[str] = LOCAL_NAMES, budget: float = TIME_BUDGET) -> None:
        self.app = app
        self.hosts = {host_name(h) for h in hosts}
        self.budget = budget

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers", []))
        host = host_name(headers.get(b"host", b"").decode("latin-1"))
        if "*" not in self.hosts and host not in self.hosts:
            await _refuse(send, 400, f"Host {host!r} is not this server's; start it with --allow-host {host} to allow it")
            return
        if len(scope.get("raw_path") or scope["path"].encode()) + len(scope.get("query_string", b"")) > MAX_URL_BYTES:
            await _refuse(send, 414, f"the URL is longer than {MAX_URL_BYTES} bytes")
            return
        started = asyncio.Event()

        async def watch(message: Message) -> None:
            if message["type"] == "http.response.start":
                started.set()
            await send(message)

        task = asyncio.ensure_future(self.app(scope, receive, watch))
        waiter = asyncio.ensure_future(started.wait())
        done, _ = await asyncio.wait({task, waiter}, timeout=self.budget, return_when=asyncio.FIRST_COMPLETED)
        waiter.cancel()
        if not done:
            task.cancel()
            await _refuse(send, 503, f"the request took more than {self.budget:g} s; narrow it and try again")
            return
        await task


async def _refuse(send: Send, status: int, message: str) -> None:
    body = json.dumps({"detail": message}).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})  # fmt: skip
    await send({"type": "http.response.body", "body": body})

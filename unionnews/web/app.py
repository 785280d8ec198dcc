"""The app factory: routes, static files, error pages and the headers every response carries.

FastAPI (on Starlette) because the issue asks for a JSON API documented by OpenAPI, and FastAPI
derives that document from the same typed parameters and response models the routes use, so the
documentation cannot drift from the code.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from archive.config import Config
from archive.filters import FilterError
from search.engine import IndexUnavailable
from search.query import QueryError
from unionnews.web import api, docs, downloads, entity_pages, feeds, pages
from unionnews.web.guards import LOCAL_NAMES, TIME_BUDGET, Guard
from unionnews.web.params import BadRequest
from unionnews.web.state import WebState
from unionnews.web.templating import templates

logger = logging.getLogger("unionnews.web")

# The pages ship no JavaScript at all, so none may run: an escaping slip could not execute a payload.
PAGE_POLICY = ("default-src 'none'; script-src 'none'; style-src 'self'; img-src 'self' data:; frame-src 'self'; "
               "form-action 'self'; base-uri 'none'; frame-ancestors 'self'")  # fmt: skip
_REFS = "#/components/schemas/"
_HEADERS = [(b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"no-referrer"),
            (b"x-frame-options", b"SAMEORIGIN")]  # fmt: skip


class SecurityHeaders:
    """Adds the page policy and hardening headers to every response that does not set its own policy."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if scope["method"] == "HEAD":  # answered as GET without the body (FastAPI routes take GET only)
            scope = {**scope, "method": "GET"}
            send = _without_body(send)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                names = {name.lower() for name, _ in headers}
                headers += [(n, v) for n, v in _HEADERS if n not in names]
                if b"content-security-policy" not in names:
                    headers.append((b"content-security-policy", PAGE_POLICY.encode()))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _without_body(send: Send) -> Send:
    async def send_headers_only(message: Message) -> None:
        if message["type"] == "http.response.body":
            message = {**message, "body": b""}
        await send(message)

    return send_headers_only


def _error(request: Request, status: int, message: str) -> Response:
    if request.url.path.startswith("/api"):
        return JSONResponse({"detail": message}, status_code=status)
    title = {400: "Yêu cầu không hợp lệ (bad request)", 404: "Không tìm thấy (not found)"}.get(status, "Lỗi (error)")
    return templates.TemplateResponse(request, "error.html", {"title": title, "message": message, "status": status},
                                      status_code=status)  # fmt: skip


def _validation_message(exc: RequestValidationError) -> str:
    parts = []
    for error in exc.errors():
        where = [str(p) for p in error.get("loc", ()) if p not in ("query", "path", "body")]
        parts.append(f"{'.'.join(where) or 'request'}: {error.get('msg', 'invalid value')}")
    return "; ".join(parts) + " (tham số không hợp lệ)"


def _publish_titles(schema: dict[str, Any]) -> None:
    """Each component under its model's title: FastAPI names it after the class, and a class may be named
    apart from the record it publishes (`ArticleRecord`, titled `Article`, beside the archive's `Article`)."""
    schemas = schema.get("components", {}).get("schemas", {})
    renamed = {f"{_REFS}{name}": f"{_REFS}{body['title']}" for name, body in schemas.items()
               if body.get("title", name) != name}  # fmt: skip
    if not renamed:
        return
    schema["components"]["schemas"] = {body.get("title", name): body for name, body in schemas.items()}

    def point(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("$ref") in renamed:
                node["$ref"] = renamed[node["$ref"]]
            for value in node.values():
                point(value)
        elif isinstance(node, list):
            for value in node:
                point(value)

    point(schema)


def create_app(config: Config, hosts: Sequence[str] = LOCAL_NAMES, budget: float = TIME_BUDGET) -> FastAPI:
    """The app over `config`'s archive, answering requests whose Host header names one of `hosts` ("*": any)."""
    state = WebState(config)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        state.warm()
        yield
        state.close()

    app = FastAPI(
        title="unionnews",
        summary="Tin các Liên đoàn Lao động tỉnh: tìm kiếm, bài viết, trang gốc và tải dữ liệu "
                "(search, articles, raw pages and downloads of Vietnam's provincial labour-union news)",
        version="1",
        lifespan=lifespan,
        docs_url=None,  # /docs and /redoc come from unionnews.web.docs, without a CDN
        redoc_url=None,
    )  # fmt: skip
    app.state.web = state
    app.include_router(api.router)
    app.include_router(entity_pages.api_router)
    app.include_router(entity_pages.router)
    app.include_router(feeds.router)
    app.include_router(downloads.router)
    app.include_router(pages.router)
    app.include_router(docs.router)
    app.mount(docs.ASSETS, StaticFiles(packages=[docs.PACKAGE_ASSETS]), name="docs-assets")
    app.mount("/static", StaticFiles(packages=[("unionnews.web", "static")]), name="static")
    app.add_middleware(Guard, hosts=hosts, budget=budget)
    app.add_middleware(SecurityHeaders)

    generate = app.openapi

    def openapi() -> dict[str, Any]:
        """FastAPI's document, less the 422 it lists everywhere: bad parameters get a 400 here."""
        if app.openapi_schema is None:
            schema = generate()
            _publish_titles(schema)
            for operations in schema.get("paths", {}).values():
                for operation in operations.values():
                    operation.get("responses", {}).pop("422", None)
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]

    @app.exception_handler(RequestValidationError)
    async def bad_parameter(request: Request, exc: RequestValidationError) -> Response:
        return _error(request, 400, _validation_message(exc))

    @app.exception_handler(BadRequest)
    @app.exception_handler(FilterError)
    @app.exception_handler(QueryError)
    async def bad_request(request: Request, exc: Exception) -> Response:
        return _error(request, 400, str(exc))

    @app.exception_handler(IndexUnavailable)
    async def index_unavailable(request: Request, exc: IndexUnavailable) -> Response:
        return _error(request, 503, str(exc))

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        detail: Any = exc.detail
        if exc.status_code == 404 and detail == "Not Found":
            detail = "Không có trang này (no such page)."
        return _error(request, exc.status_code, str(detail))

    @app.exception_handler(Exception)
    async def server_error(request: Request, exc: Exception) -> Response:
        logger.error("%s %s failed", request.method, request.url.path, exc_info=exc)
        return _error(request, 500, "Lỗi máy chủ; chi tiết trong nhật ký của unionnews serve (server error; see the log).")

    return app

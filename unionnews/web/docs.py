"""The API's documentation page, Swagger UI at /docs, served from installed files.

FastAPI's own page loads Swagger UI from a CDN, so offline (and on this project's machines, which
reach no CDN) /docs was a blank page. The fastapi-offline package ships the bundle; it is served under
/static/docs, and the page gets a policy of its own: scripts from this server only, plus the one
inline script that starts Swagger UI, allowed by its hash. Inline styles are allowed (Swagger UI styles
elements from script); nothing else is, and no other host is named. ReDoc is not offered: it fetches
its logo from its maker's CDN, and /docs and /openapi.json say the same.
"""

from __future__ import annotations

import base64
import hashlib
import re

from fastapi import APIRouter
from fastapi.openapi.docs import get_swagger_ui_html
from starlette.responses import HTMLResponse

ASSETS = "/static/docs"  # where app.py mounts fastapi_offline/static
PACKAGE_ASSETS = ("fastapi_offline", "static")
TITLE = "unionnews API"
_INLINE_SCRIPT = re.compile(rb"<script>(.*?)</script>", re.DOTALL)

router = APIRouter(include_in_schema=False)


def _with_policy(page: HTMLResponse) -> HTMLResponse:
    hashes = "".join(f" 'sha256-{base64.b64encode(hashlib.sha256(script).digest()).decode()}'"
                     for script in _INLINE_SCRIPT.findall(page.body))  # fmt: skip
    page.headers["content-security-policy"] = (
        f"default-src 'none'; script-src 'self'{hashes}; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
        "font-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; "
        "frame-ancestors 'self'"
    )
    return page


@router.get("/docs")
def swagger_ui() -> HTMLResponse:
    return _with_policy(get_swagger_ui_html(
        openapi_url="/openapi.json", title=TITLE, swagger_js_url=f"{ASSETS}/swagger-ui-bundle.js",
        swagger_css_url=f"{ASSETS}/swagger-ui.css", swagger_favicon_url=f"{ASSETS}/favicon.png"))  # fmt: skip


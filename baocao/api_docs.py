"""Swagger UI for the API, served from our own origin: the page's script and style come from the
``swagger-ui-dist`` npm package installed at set-up (no CDN), started by a script file of ours so the
strict Content-Security-Policy holds (no inline script)."""

from __future__ import annotations

from fastapi import Depends, FastAPI
from fastapi.responses import HTMLResponse

from baocao.access.guard import require
from baocao.access.headers import CONTENT_SECURITY_POLICY
from baocao.access.rules import Permission

# Swagger UI's React components set style attributes; only this page allows inline styles.
DOCS_POLICY = CONTENT_SECURITY_POLICY.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")

PAGE = """<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<title>baocao — API</title>
<link rel="icon" href="/static/favicon.svg">
<link rel="stylesheet" href="/static/vendor/swagger-ui.css">
</head>
<body>
<div id="swagger-ui" data-spec="{spec}"></div>
<script src="/static/vendor/swagger-ui-bundle.js"></script>
<script src="/static/swagger-init.js"></script>
</body>
</html>
"""


def install_api_docs(app: FastAPI, openapi_url: str, docs_url: str) -> None:
    """Add the Swagger UI page at ``docs_url`` reading the spec at ``openapi_url``."""

    @app.get(docs_url, dependencies=[Depends(require(Permission.PUBLIC))], include_in_schema=False)
    def swagger_ui() -> HTMLResponse:
        return HTMLResponse(PAGE.format(spec=openapi_url), headers={"Content-Security-Policy": DOCS_POLICY})

"""Static files: our own (baocao/web/static) and the front-end packages installed by ``npm ci``
(node_modules at the repository root, or ``BAOCAO_NODE_MODULES``). Only the files listed in VENDOR
are served from node_modules: nothing is fetched from a CDN, nothing third-party is in the repository.

Served by one public route (``/static/...``) so that, like every route, it declares its permission.
"""

from __future__ import annotations

import os
from pathlib import Path

from fastapi import APIRouter, Depends
from fastapi.responses import FileResponse

from baocao.access.guard import require
from baocao.access.rules import Permission
from baocao.errors import not_found

OWN = Path(__file__).resolve().parent / "static"
VENDOR = {
    "htmx.min.js": ("htmx.org", "dist/htmx.min.js"),
    "echarts.min.js": ("echarts", "dist/echarts.min.js"),
    "swagger-ui-bundle.js": ("swagger-ui-dist", "swagger-ui-bundle.js"),
    "swagger-ui.css": ("swagger-ui-dist", "swagger-ui.css"),
}
TYPES = {".js": "text/javascript", ".css": "text/css", ".svg": "image/svg+xml", ".png": "image/png"}

router = APIRouter(dependencies=[Depends(require(Permission.PUBLIC))], include_in_schema=False)


def node_modules() -> Path:
    configured = os.environ.get("BAOCAO_NODE_MODULES")
    return Path(configured) if configured else Path(__file__).resolve().parents[2] / "node_modules"


def _file(path: Path) -> FileResponse:
    return FileResponse(
        path,
        media_type=TYPES.get(path.suffix, "application/octet-stream"),
        headers={"Cache-Control": "public, max-age=3600"},
    )


@router.get("/static/vendor/{name}")
def vendor_file(name: str) -> FileResponse:
    if name not in VENDOR:
        raise not_found("tệp", "file", name)
    package, inside = VENDOR[name]
    path = node_modules() / package / inside
    if not path.is_file():
        raise not_found("tệp (chạy 'npm ci')", "file (run 'npm ci')", name)
    return _file(path)


@router.get("/static/{name}")
def own_file(name: str) -> FileResponse:
    path = OWN / name
    if "/" in name or name.startswith(".") or not path.is_file():
        raise not_found("tệp", "file", name)
    return _file(path)

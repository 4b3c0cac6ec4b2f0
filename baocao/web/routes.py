"""The web pages mounted on the application (registered in ``baocao.app.create_app``)."""

from __future__ import annotations

from fastapi import FastAPI

from baocao.web import (
    assets,
    geo,
    views_admin,
    views_admin_meta,
    views_admin_users,
    views_auth,
    views_compliance,
    views_dashboard,
    views_entry,
    views_home,
    views_indicator,
    views_review,
    views_wall,
)
from baocao.web.render import install_error_pages


def install_web(app: FastAPI) -> None:
    modules = (assets, geo, views_auth, views_home, views_compliance, views_entry, views_review,
               views_dashboard, views_indicator, views_wall, views_admin, views_admin_users,
               views_admin_meta)  # fmt: skip
    for module in modules:
        app.include_router(module.router)
    install_error_pages(app)

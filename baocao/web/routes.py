"""The web pages mounted on the application (registered in ``baocao.app.create_app``)."""

from __future__ import annotations

from fastapi import FastAPI

from baocao.web import assets, views_auth, views_compliance, views_entry, views_home, views_review
from baocao.web.render import install_error_pages


def install_web(app: FastAPI) -> None:
    for module in (assets, views_auth, views_home, views_compliance, views_entry, views_review):
        app.include_router(module.router)
    install_error_pages(app)

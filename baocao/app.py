"""The FastAPI application: routers of every capability under /api/v1."""

from __future__ import annotations

from fastapi import FastAPI

from baocao import __version__
from baocao.access.api import router as auth_router
from baocao.access.headers import SecurityHeadersMiddleware
from baocao.access.users_api import router as users_router
from baocao.analytics.api import router as analytics_router
from baocao.api_docs import install_api_docs
from baocao.catalog.api import router as catalog_router
from baocao.config import Settings
from baocao.dhis2.api import router as dhis2_router
from baocao.dhis2.mapping_api import router as dhis2_mapping_router
from baocao.errors import install_error_handlers
from baocao.health import router as health_router
from baocao.indicators.api import router as indicators_router
from baocao.ledger.signatures_api import router as signatures_router
from baocao.opendata.api import router as opendata_router
from baocao.periods.api import router as periods_router
from baocao.regimes.api import router as regimes_router
from baocao.sdmx.api import router as sdmx_router
from baocao.storage.engine import make_engine, make_session_factory
from baocao.submissions.api import router as submissions_router
from baocao.submissions.api_reports import router as submission_reports_router
from baocao.submissions.excel.api import router as excel_router
from baocao.units.api import router as units_router
from baocao.validation.api import router as validation_router
from baocao.web.routes import install_web

API_PREFIX = "/api/v1"

DESCRIPTION = """
**baocao** — Hệ thống thông tin báo cáo quốc gia (National Reporting Information System).

Errors always answer `{"error": {"code", "message", "message_en", "field", "location", "details"}}`;
lists answer `{"items": [...], "total": N, "limit": L, "offset": O}`.
"""


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings.from_env()
    engine = make_engine(settings.database_url)
    app = FastAPI(
        title="baocao",
        version=__version__,
        description=DESCRIPTION,
        openapi_url=f"{API_PREFIX}/openapi.json",
        docs_url=None,  # our own page below: no CDN
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.engine = engine
    app.state.session_factory = make_session_factory(engine)
    install_error_handlers(app)
    app.add_middleware(SecurityHeadersMiddleware, settings=settings)
    routers = (health_router, auth_router, users_router, units_router, catalog_router, periods_router)
    # excel_router before submissions_router: /submissions/template.xlsx is not a submission id.
    capability_routers = (regimes_router, excel_router, submissions_router, submission_reports_router)
    for router in (*routers, *capability_routers, validation_router, signatures_router, analytics_router):
        app.include_router(router, prefix=API_PREFIX)
    app.include_router(dhis2_mapping_router, prefix=API_PREFIX)
    app.include_router(indicators_router, prefix=API_PREFIX)
    app.include_router(dhis2_router, prefix="/dhis2/api")  # DHIS2 clients expect <server>/api/...
    app.include_router(opendata_router)  # /open: no sign-in, public indicators only
    app.include_router(sdmx_router)  # /sdmx/rest: SDMX clients expect the SDMX REST layout
    install_api_docs(app, f"{API_PREFIX}/openapi.json", f"{API_PREFIX}/docs")
    install_web(app)
    return app

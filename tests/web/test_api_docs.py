"""The API's Swagger UI works inside the strict CSP, from our own origin (no CDN)."""

from __future__ import annotations

from tests.conftest import LiveServer
from tests.web.browser import sync_api  # the browser fixture (chromium) is in tests/web/conftest.py


def test_swagger_ui_lists_the_operations_with_no_console_error(
    chromium: sync_api.BrowserContext, web_server: LiveServer
) -> None:
    tab = chromium.new_page()
    errors: list[str] = []
    tab.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    tab.on("pageerror", lambda e: errors.append(str(e)))
    requests: list[str] = []
    tab.on("request", lambda r: requests.append(r.url))
    tab.on("response", lambda r: errors.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    tab.goto(f"{web_server.url}/api/v1/docs")
    sync_api.expect(tab.locator(".opblock-summary-path", has_text="/api/v1/analytics").first).to_be_visible(
        timeout=15000
    )
    tab.close()
    assert not errors, errors
    assert all(url.startswith(web_server.url) for url in requests), requests  # nothing from a CDN

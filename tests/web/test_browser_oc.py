"""The operation-centre pages in a real browser: the wall (rotation, refresh in place, large type at
1920×1080), the administration pages (labels, keyboard, no serious accessibility problem), a province
user refused another province's indicator and admin pages; screenshots of each."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.conftest import FreshDatabase, LiveServer
from tests.submissions.env import LOCKED, Env
from tests.web.browser import shoot, sync_api
from tests.web.figures import report_figures
from tests.web.story_leader import focus_is_visible, sign_in_as
from tests.web.test_admin_http import admins

__all__ = ["admins"]
Page = sync_api.Page
expect = sync_api.expect


@pytest.fixture
def world(admins: Env) -> Iterator[Env]:
    report_figures(admins)
    yield admins


def test_wall_rotates_and_refreshes_in_place(
    page: Page, world: Env, web_server: LiveServer, backend: FreshDatabase
) -> None:
    sign_in_as(page, web_server, "vpcp.leader")
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.goto(
        f"{web_server.url}/wall?panels=overview,map,compliance&seconds=5&regime=T_TINH&period={LOCKED}&code=T_HS"
    )
    expect(page.locator("#panel-overview")).to_be_visible()
    expect(page.locator("#panel-map")).to_be_hidden()
    if backend.backend == "sqlite":
        shoot(page, "wall-overview")
    page.evaluate("window.baocaoWall.show(1)")  # what the rotation does every few seconds
    expect(page.locator("#panel-map")).to_be_visible()
    expect(page.locator("#panel-map #map canvas")).to_have_count(1)
    if backend.backend == "sqlite":
        shoot(page, "wall-map")
    expect(page.locator("#panel-compliance")).to_be_visible(timeout=12000)  # the rotation moves on
    expect(page.locator("#panel-compliance .tile .big").first).to_have_text("50,0 %")
    if backend.backend == "sqlite":
        shoot(page, "wall-compliance")
    with page.expect_response(lambda r: "/wall/panel/" in r.url, timeout=70000) as refreshed:
        pass  # htmx asks each panel again every minute and swaps it in place
    assert refreshed.value.status == 200
    assert page.url.endswith("code=T_HS")  # no reload
    page.keyboard.press("Tab")
    page.focus("#wall-pause")
    page.keyboard.press("Enter")
    expect(page.locator("#wall-pause")).to_have_attribute("aria-pressed", "true")


def test_admin_pages_with_the_keyboard(
    page: Page, world: Env, web_server: LiveServer, backend: FreshDatabase
) -> None:
    screens = backend.backend == "sqlite"
    sign_in_as(page, web_server, "hn.admin")
    page.click("nav.mainnav >> text=Quản trị")
    for name, link in (("units", "Đơn vị hành chính"), ("regimes", "Chế độ báo cáo"),
                       ("indicators", "Chỉ tiêu"), ("targets", "Chỉ tiêu kế hoạch"),
                       ("users", "Tài khoản và vai trò")):  # fmt: skip
        page.goto(f"{web_server.url}/admin/{name}")
        expect(page.locator(".admin-nav a[aria-current=page]")).to_have_text(link)
        if screens:
            shoot(page, f"admin-{name}")
    page.goto(f"{web_server.url}/admin/users")
    page.click("#create summary")
    page.focus("#nu-username")
    page.keyboard.type("web.keyboard")
    page.keyboard.press("Tab")
    expect(page.locator("#nu-name")).to_be_focused()
    assert focus_is_visible(page)
    page.keyboard.type("Bàn Phím")
    page.keyboard.press("Tab")
    page.keyboard.type("00004")
    page.keyboard.press("Enter")  # Enter submits the form
    expect(page.locator(".alert.ok")).to_contain_text("web.keyboard")
    expect(page.locator("#users")).to_contain_text("Bàn Phím")


def test_province_user_is_refused_other_provinces(page: Page, world: Env, web_server: LiveServer) -> None:
    sign_in_as(page, web_server, "hn.viewer")
    for path in ("/indicators/T_HS?unit=79", "/dashboard?unit=79", "/admin/units?parent=79"):
        answer = page.goto(web_server.url + path)
        assert answer is not None and answer.status == 403, path
        expect(page.locator("h1")).to_have_text("Bạn không có quyền xem trang này")
    answer = page.goto(web_server.url + "/admin/users")
    assert answer is not None and answer.status == 403
    page.goto(f"{web_server.url}/indicators/T_HS?period={LOCKED}")  # its own figures: the communes
    expect(page.locator("#ranking")).to_contain_text(f"({world.__dict__['_figures'].commune})")

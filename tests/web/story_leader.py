"""The end of the story in the browser: after the approver accepted, the leader's dashboard, indicator
page and map show the new figure, and the lineage popup names that submission. Also keyboard use of
the indicator page (Tab to the controls, Enter submits, focus visible)."""

from __future__ import annotations

import re

from tests.conftest import LiveServer
from tests.submissions.env import PASSWORD, STORY
from tests.web.browser import shoot, sync_api

Page = sync_api.Page
expect = sync_api.expect


def sign_in_as(page: Page, server: LiveServer, username: str) -> None:
    page.goto(server.url + "/login")
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    page.click("main button[type=submit]")
    expect(page.locator("h1")).to_have_text(re.compile("Việc cần làm|What needs attention"))


def focus_is_visible(page: Page) -> bool:
    style = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    return bool(style) and style != "none"


def leader_sees_the_figure(page: Page, server: LiveServer, submission_id: int, screens: bool) -> None:
    sign_in_as(page, server, "vpcp.leader")
    page.click("nav.mainnav >> text=Tổng quan")
    page.click("#choose summary")  # choose the tiles: pupils first (the choice is kept per account)
    for box in page.locator("#choose input[type=checkbox]").all():
        box.set_checked(box.get_attribute("value") in ("T_HS", "T_TRUONG"))
    page.click("#choose button[type=submit]")
    expect(page.locator(".alert.ok")).to_contain_text("Đã lưu lựa chọn")
    tile = page.locator('li.kpi[data-code="T_HS"]')
    expect(tile.locator(".big")).to_have_text("245")
    expect(tile.locator(".kpi-period")).to_contain_text(STORY)
    expect(tile.locator(".spark canvas")).to_have_count(1)  # the sparkline is drawn
    if screens:
        shoot(page, "dashboard")
    tile.locator("h3 a").click()
    expect(page.locator("h1")).to_contain_text("T_HS")
    hanoi = page.locator("#ranking tr", has_text="(01)")
    expect(hanoi.locator("button.fig")).to_have_text("245")
    expect(page.locator("#map canvas")).to_have_count(1)
    expect(page.locator("#series-chart canvas")).to_have_count(1)
    if screens:
        shoot(page, "indicator")

    hanoi.locator("button.fig").click()  # the lineage popup
    dialog = page.locator("dialog#lineage")
    expect(dialog).to_be_visible()
    expect(dialog.locator("#lineage-table")).to_contain_text(f"#{submission_id}")
    expect(dialog.locator("#lineage-table")).to_contain_text("hn.approver")
    expect(dialog.locator("#lineage-table")).to_contain_text(STORY)
    if screens:
        shoot(page, "lineage")
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()

    # keyboard: Tab through the controls, Enter submits, the focus is visible
    page.focus("#i-kind")
    page.keyboard.press("Tab")
    expect(page.locator("#i-period")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.locator("#i-map")).to_be_focused()
    assert focus_is_visible(page)
    page.select_option("#i-map", "today")
    page.focus("#i-period")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile("map=today"))
    expect(page.locator("#ranking tr", has_text="(01)").locator("button.fig")).to_have_text("245")
    expect(page.locator("#map canvas")).to_have_count(1)
    page.locator("#map").scroll_into_view_if_needed()
    if screens:
        shoot(page, "map")
    page.locator("#ranking a", has_text="Hà Nội").click()  # drill down to the communes
    expect(page.locator("#ranking")).to_contain_text("(00004)")
    button = page.locator("#ranking tr", has_text="(00004)").locator("button.fig")
    button.focus()
    page.keyboard.press("Enter")
    expect(page.locator("#lineage-table")).to_contain_text(f"#{submission_id}")
    page.keyboard.press("Escape")

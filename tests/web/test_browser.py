"""The story in a real browser against a live server: a commune reporter fills and submits; the
province approver returns it with a reason and a note on a cell; the reporter sees both, fixes and
resubmits; the approver sees the difference and accepts. Also: an Excel upload with an error shows it
at its cell; a province user cannot open another province's pages; the English switch works."""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl

from baocao.web.grid import excel_addresses
from tests.conftest import FreshDatabase, LiveServer
from tests.submissions.env import OPEN, PASSWORD, STORY, Env
from tests.web.browser import shoot, sync_api
from tests.web.conftest import open_for
from tests.web.story_leader import leader_sees_the_figure

Page = sync_api.Page
expect = sync_api.expect


def login(page: Page, server: LiveServer, username: str) -> None:
    page.goto(server.url + "/login")
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    page.click("main button[type=submit]")
    expect(page.locator("h1")).to_have_text(re.compile("Việc cần làm|What needs attention"))


def logout(page: Page) -> None:
    page.click("header form button[type=submit]")
    expect(page.locator("#username")).to_be_visible()


def cell(name: str) -> str:
    return f'input[name="c|B01|{name}|C1"]'


def test_report_returned_fixed_and_accepted(
    page: Page, web_server: LiveServer, backend: FreshDatabase
) -> None:
    screens = backend.backend == "sqlite"
    page.goto(web_server.url + "/")
    expect(page).to_have_url(re.compile("/login"))
    if screens:
        shoot(page, "login")
    login(page, web_server, "xa4.reporter")
    if screens:
        shoot(page, "home-reporter")
    page.select_option("#new-regime", "T_XA")
    page.fill("#new-unit", "00004")
    page.fill("#new-period", STORY)
    page.click("section[aria-labelledby=new-h] button[type=submit]")
    expect(page.locator("h1")).to_contain_text("Nhập số liệu")
    report_url = page.url
    page.fill(cell("R02"), "120")
    page.fill(cell("R03"), "130")
    expect(page.locator("#cell-B01-R01-C1")).to_have_text("250")  # the total, live
    page.fill(cell("R05"), "97,5")
    page.fill(cell("R06"), "1.500,25")
    page.click("button[value=save]")
    expect(page.locator(".alert.ok")).to_contain_text("Đã lưu 4 thay đổi")
    expect(page.locator(cell("R06"))).to_have_value("1.500,25")
    page.fill('textarea[name="n|I"]', "Ổn định")
    if screens:
        shoot(page, "entry")
    page.click("button[value=submit]")
    expect(page.locator(".alert.ok")).to_contain_text("Đã gửi báo cáo")
    expect(page.locator(".badge.state-submitted").first).to_be_visible()
    logout(page)

    login(page, web_server, "hn.approver")
    if screens:
        shoot(page, "home-approver")
    page.click("nav.mainnav >> text=Hộp duyệt")
    expect(page.locator("#inbox")).to_contain_text(STORY)
    if screens:
        shoot(page, "inbox")
    page.locator("#inbox tr", has_text="00004").locator("a").click()
    expect(page.locator("h1")).to_contain_text("Duyệt báo cáo")
    page.fill('input[name="r|B01|R03|C1"]', "Kiểm tra lại số nữ")
    page.fill("#reason", "Số học sinh nữ chưa khớp sổ sách")
    if screens:
        shoot(page, "review")
    page.click("button[value=return]")
    expect(page.locator(".alert.ok")).to_contain_text("Đã trả lại báo cáo")
    logout(page)

    login(page, web_server, "xa4.reporter")
    page.goto(report_url)
    expect(page.locator("#return-reason")).to_contain_text("Số học sinh nữ chưa khớp sổ sách")
    expect(page.locator('td[data-address="B01!R03.C1"] .msg-remark')).to_contain_text("Kiểm tra lại số nữ")
    page.fill(cell("R03"), "125")
    expect(page.locator("#cell-B01-R01-C1")).to_have_text("245")
    page.click("button[value=submit]")
    expect(page.locator(".alert.ok")).to_contain_text("Đã gửi báo cáo")
    logout(page)

    login(page, web_server, "hn.approver")
    page.goto(report_url + "/review")
    expect(page.locator("#diff")).to_contain_text("t_gt=nu")
    expect(page.locator("#diff .old")).to_contain_text(["130"])
    expect(page.locator("#diff .new")).to_contain_text(["125"])
    page.click("button[value=accept]")
    expect(page.locator(".alert.ok")).to_contain_text("Đã tiếp nhận báo cáo")
    page.goto(report_url + "/history")
    expect(page.locator("#ledger-status")).to_contain_text("Có")
    expect(page.locator("#changes")).to_contain_text("web")
    if screens:
        shoot(page, "history")
    page.goto(f"{web_server.url}/compliance?regime=T_XA&period={STORY}")
    expect(page.locator("#board")).to_contain_text("00004")
    expect(page.locator("#tiles .status-on_time .big")).to_have_text("1")
    if screens:
        shoot(page, "compliance")
    page.select_option("#f-status", "on_time")  # the filter (htmx swaps the page's main part)
    page.click("form[role=search] button[type=submit]")
    expect(page.locator("#board tbody tr")).to_have_count(1)
    expect(page).to_have_url(re.compile("status=on_time"))

    page.click("a[hreflang=en]")  # the English switch, on the same page
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("h1")).to_have_text("Reporting compliance")
    page.goto(report_url)
    expect(page.locator("#cell-B01-R06-C1")).to_have_text("1,500.25")
    expect(page.locator(".badge.state-accepted").first).to_have_text("Accepted")
    if screens:
        shoot(page, "report-en")
    page.click("a[hreflang=vi]")
    expect(page.locator("#cell-B01-R06-C1")).to_have_text("1.500,25")
    logout(page)
    leader_sees_the_figure(page, web_server, int(report_url.rsplit("/", 1)[1]), screens)


def test_excel_upload_error_is_shown_at_its_cell(
    page: Page, web_env: Env, web_server: LiveServer, tmp_path: Path
) -> None:
    sid = open_for(web_env, "00004", OPEN)
    login(page, web_server, "xa4.reporter")
    page.goto(f"{web_server.url}/reports/{sid}")
    with page.expect_download() as download:
        page.click("a[download]")
    template = tmp_path / "template.xlsx"
    download.value.save_as(template)
    with web_env.session() as db:
        from baocao.submissions.models import Submission

        version_id = db.get(Submission, sid).regime_version_id  # type: ignore[union-attr]
        where = {page_address: sheet for sheet, page_address in excel_addresses(db, version_id).items()}
    sheet, address = where["B01!R02.C1"].split("!")
    book = openpyxl.load_workbook(template)
    book[sheet.strip("'")][address] = "một trăm"
    book[sheet.strip("'")][where["B01!R03.C1"].split("!")[1]] = 40
    book.save(template)
    page.set_input_files("#xlsx", str(template))
    page.click("text=Tải lên Excel")
    expect(page.locator("#excel-problems")).to_contain_text(address)
    bad = page.locator('td[data-address="B01!R02.C1"]')
    expect(bad.locator(".msg-error")).to_be_visible()
    expect(bad.locator("input")).to_have_attribute("aria-invalid", "true")
    expect(page.locator(cell("R03"))).to_have_value("")  # nothing was stored
    shoot(page, "excel-error")


def test_another_province_cannot_open_the_pages(page: Page, web_env: Env, web_server: LiveServer) -> None:
    sid = open_for(web_env, web_env.spare_commune(), OPEN)
    login(page, web_server, "hcm.approver")
    for path in (f"/reports/{sid}", f"/reports/{sid}/review", f"/reports/{sid}/history"):
        answer = page.goto(web_server.url + path)
        assert answer is not None and answer.status == 404, path
        expect(page.locator("h1")).to_have_text("Không tìm thấy trang")
    page.goto(f"{web_server.url}/compliance?regime=T_XA&period={OPEN}")
    expect(page.locator("#board")).to_have_count(0)

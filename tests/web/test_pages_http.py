"""The pages over plain HTTP: sign-in, CSRF refusal, permissions (403/404 as the API answers), the
static files, security headers and the compliance export."""

from __future__ import annotations

import re

import httpx

from tests.conftest import LiveServer
from tests.submissions.env import OPEN, PASSWORD, Env
from tests.web.conftest import login_form, open_for, sign_in


def test_anonymous_pages_lead_to_sign_in(web_server: LiveServer) -> None:
    with web_server.client() as http:
        for path in ("/", "/inbox", "/compliance", "/reports/1", "/reports/1/history"):
            answer = http.get(path)
            assert answer.status_code == 303, path
            assert answer.headers["location"] == f"/login?next={path}"
        login = http.get("/login")
        assert login.status_code == 200
        assert 'lang="vi"' in login.text and "Đăng nhập" in login.text
        assert "default-src 'self'" in login.headers["content-security-policy"]
        assert "<script>" not in login.text and "style=" not in login.text


def test_wrong_password_says_so_and_sets_no_cookie(web_server: LiveServer) -> None:
    with web_server.client() as http:
        answer = http.post("/login", data=login_form(http, "xa4.reporter", "wrong-password-1"))
        assert answer.status_code == 401
        assert "Sai tên đăng nhập hoặc mật khẩu" in answer.text
        assert "baocao_session" not in answer.cookies
        assert http.post("/login", data=login_form(http, "x", "y", "//evil.example")).status_code == 401


def test_sign_in_needs_the_login_page_token(web_server: LiveServer) -> None:
    """Login CSRF: a form posted from elsewhere (no token, or not this browser's) signs nobody in."""
    with web_server.client() as http:
        data = {"username": "hn.viewer", "password": PASSWORD, "next": "/"}
        refused = http.post("/login", data=data)
        assert refused.status_code == 403 and "baocao_session" not in refused.cookies
        form = login_form(http, "hn.viewer", PASSWORD)
        http.cookies.clear()
        http.cookies.set("baocao_login", "another-value")
        assert http.post("/login", data=form).status_code == 403
        assert http.post("/login", data=login_form(http, "hn.viewer", PASSWORD)).status_code == 303


def test_sign_in_redirects_only_within_the_site(web_server: LiveServer) -> None:
    with web_server.client() as http:
        answer = http.post("/login", data=login_form(http, "hn.viewer", PASSWORD, "https://evil.example/x"))
        assert answer.status_code == 303 and answer.headers["location"] == "/"


def test_unsafe_requests_need_the_csrf_token(web_env: Env, web_server: LiveServer) -> None:
    with web_server.client() as http:
        token = sign_in(http, "xa4.reporter")
        body = {"regime": "T_XA", "unit": "00004", "period": OPEN}
        refused = http.post("/reports/open", data=body)
        assert refused.status_code == 403
        assert "CSRF" in refused.text and "<html" in refused.text
        assert http.post("/reports/open", data={**body, "csrf_token": token[:-2] + "xx"}).status_code == 403
        assert http.post("/logout").status_code == 403
        opened = http.post("/reports/open", data={**body, "csrf_token": token})
        assert opened.status_code == 303 and opened.headers["location"].startswith("/reports/")
        page = http.get(opened.headers["location"])
        assert page.status_code == 200 and 'name="c|B01|R02|C1"' in page.text
        assert http.post("/logout", data={"csrf_token": token}).status_code == 303
        assert http.get("/").status_code == 303  # the session is over


def test_pages_answer_like_the_api_outside_the_scope(web_env: Env, web_server: LiveServer) -> None:
    commune = web_env.spare_commune()
    sid = open_for(web_env, commune, OPEN)
    with web_server.client() as http:
        token = sign_in(http, "hcm.approver")
        for path in (f"/reports/{sid}", f"/reports/{sid}/history", f"/reports/{sid}/review"):
            assert http.get(path).status_code == 404, path
        assert (
            http.post(f"/reports/{sid}/decide", data={"csrf_token": token, "action": "accept"}).status_code
            == 404
        )
        assert http.get("/reports/999999").status_code == 404
    with web_server.client() as http:
        token = sign_in(http, "xa4.reporter")
        assert http.get("/inbox").status_code == 403
        assert http.get(f"/reports/{sid}").status_code == 404  # another commune
        home = http.get("/")
        assert 'href="/inbox"' not in home.text  # the nav links only pages the account may open
    with web_server.client() as http:
        token = sign_in(http, "hn.viewer")
        assert http.get(f"/reports/{sid}").status_code == 200  # the province sees its communes
        refused = http.post(f"/reports/{sid}/save", data={"csrf_token": token, "c|B01|R02|C1": "5"})
        assert refused.status_code == 403


def test_static_files_and_language_switch(web_server: LiveServer) -> None:
    with web_server.client() as http:
        css = http.get("/static/app.css")
        assert css.status_code == 200 and css.headers["content-type"].startswith("text/css")
        assert http.get("/static/app.js").status_code == 200
        assert http.get("/static/vendor/htmx.min.js").status_code == 200  # from node_modules (npm ci)
        assert http.get("/static/vendor/left-pad.js").status_code == 404
        assert http.get("/static/..%2Fviews_auth.py").status_code == 404
        switched = http.get("/lang/en?back=/login")
        assert switched.status_code == 303 and switched.headers["location"] == "/login"
        page = http.get("/login")
        assert 'lang="en"' in page.text and "Sign in" in page.text


def test_compliance_board_and_csv(web_env: Env, web_server: LiveServer) -> None:
    with web_server.client() as http:
        sign_in(http, "hn.viewer")
        board = http.get("/compliance", params={"regime": "T_XA", "period": OPEN})
        assert board.status_code == 200 and 'id="tiles"' in board.text
        export = http.get("/compliance.csv", params={"regime": "T_XA", "period": OPEN})
        assert export.status_code == 200 and export.headers["content-type"].startswith("text/csv")
        lines = export.content.decode("utf-8-sig").splitlines()
        assert lines[0].startswith("regime,period,unit")
        assert len(lines) - 1 == len(web_env.hanoi_communes)
        bad = http.get("/compliance", params={"regime": "T_XA", "period": "2025-13"})
        assert bad.status_code == 422
    with web_server.client() as http:
        sign_in(http, "hcm.approver")
        export = http.get("/compliance.csv", params={"regime": "T_XA", "period": OPEN})
        assert export.content.decode("utf-8-sig").splitlines()[1:] == []  # Hà Nội's communes: out of scope


def test_all_pages_render_for_each_role(web_env: Env, web_server: LiveServer) -> None:
    for username in ("xa4.reporter", "hn.approver", "hn.viewer"):
        with web_server.client() as http:
            sign_in(http, username)
            for path in ("/", "/compliance"):
                answer: httpx.Response = http.get(path)
                assert answer.status_code == 200, (username, path, answer.text[:300])


def test_national_board_sums_up_by_receiver(web_server: LiveServer) -> None:
    with web_server.client() as http:
        sign_in(http, "vpcp.leader")
        board = http.get("/compliance", params={"regime": "GD_XA_NAM", "period": "2025"})
        assert board.status_code == 200
        receivers = board.text.split('id="receivers"')[1].split("</table>")[0]
        assert receivers.count("<tr>") == 1 + 34  # the header and the 34 provinces
        total = re.search(r"Đơn vị 1–100 trên (3\.\d{3})", board.text)
        assert total is not None  # pages of 100 units
        assert board.text.split('id="board"')[1].count("<tr><td>") == 100
        pages = -(-int(total.group(1).replace(".", "")) // 100)
        last = http.get("/compliance", params={"regime": "GD_XA_NAM", "period": "2025", "page": pages})
        assert f"Trang {pages} / {pages}" in last.text and 'rel="next"' not in last.text
        assert 'rel="prev"' in last.text
        hanoi = http.get("/compliance", params={"regime": "GD_XA_NAM", "period": "2025", "receiver": "01"})
        shown = hanoi.text.split('id="board"')[1].split("</table>")[0]
        assert shown.count("<tr><td>") == 100 and shown.count("<td>01</td>") == 100
        found = http.get(
            "/compliance", params={"regime": "GD_XA_NAM", "period": "2025", "q": "phuong ba dinh"}
        )
        assert "Ba Đình" in found.text.split('id="board"')[1] and "Đơn vị 1–1 trên 1" in found.text
        export = http.get(
            "/compliance.csv", params={"regime": "GD_XA_NAM", "period": "2025", "q": "phuong ba dinh"}
        )
        assert len(export.content.decode("utf-8-sig").splitlines()) == 2  # the filters apply to the CSV

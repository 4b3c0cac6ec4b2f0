"""A demo regime end to end: Hà Nội's monthly socio-economic report (KTXH_THANG) to the Government.
Validation errors block the submission, a warning needs an explanation, the Government Office's
approver accepts for the Government."""

from __future__ import annotations

from typing import Any

from tests.conftest import LiveServer
from tests.submissions.env import STORY, Env
from tests.submissions.helpers import Client, error, ok

NARRATIVE = {
    "I": "Sản xuất công nghiệp tăng khá.",
    "II": "Năm học mới khai giảng đúng kế hoạch.",
    "III": "An ninh trật tự được giữ vững.",
    "V": "Đề nghị bổ sung vốn đầu tư công.",
}


def _figures(fdi_exports: float = 900, new_capital: float = 40000) -> list[dict[str, Any]]:
    figures = {
        ("THU_NSNN", ""): 52000.5,
        ("CHI_NSDP", ""): 31000,
        ("XUAT_KHAU", ""): 1500,
        ("XUAT_KHAU", "khu_vuc_von=co_von_dtnn"): fdi_exports,
        ("CPI_CUNG_KY", ""): 103.2,
        ("DN_THANH_LAP_MOI", ""): 2500,
        ("VON_DK_MOI", ""): new_capital,
    }
    return [{"element": e, "options": o, "value": v} for (e, o), v in figures.items()]


def test_hanoi_monthly_report_to_the_government(env: Env, server: LiveServer) -> None:
    with server.client() as http:
        reporter, approver = Client(env, http, "hn.reporter"), Client(env, http, "vpcp.approver")
        sid = reporter.open("KTXH_THANG", "01", STORY)["id"]
        written = reporter.write(sid, _figures(fdi_exports=1800), NARRATIVE)
        assert "KT01" in {m["rule_code"] for m in written["messages"]}  # shown while entering
        blocked = error(reporter.post(f"/submissions/{sid}/submit"), 422)
        assert "KT01" in {d["field"] for d in blocked["details"]}

        reporter.write(sid, _figures(new_capital=150000))
        warned = error(reporter.post(f"/submissions/{sid}/submit"), 422)
        assert [d["field"] for d in warned["details"]] == ["KT02"]
        explained = {"warning_comments": {"KT02": "Một dự án lớn đăng ký trong tháng"}}
        sent = ok(reporter.post(f"/submissions/{sid}/submit", json=explained))
        assert (sent["state"], sent["receiver"], sent["timeliness"]) == ("submitted", "CP", "on_time")

        assert Client(env, http, "hn.approver").post(f"/submissions/{sid}/accept").status_code == 403
        accepted = ok(approver.post(f"/submissions/{sid}/accept"))
        assert accepted["state"] == "accepted"
        assert accepted["versions"][0]["content_digest"]

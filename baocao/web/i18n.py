"""The message catalogue of the pages: every visible string has a Vietnamese and an English text.

Templates call ``t("key")`` (or ``t("key", n=3)`` with ``str.format`` fields). The language comes from
the ``baocao_lang`` cookie, set by ``/lang/{code}``; Vietnamese is the default.
"""

from __future__ import annotations

from collections.abc import Callable

LANG_COOKIE = "baocao_lang"
LANGUAGES = ("vi", "en")
DEFAULT = "vi"

# key: (Vietnamese, English)
MESSAGES: dict[str, tuple[str, str]] = {
    "app.name": ("Hệ thống thông tin báo cáo quốc gia", "National Reporting Information System"),
    "app.short": ("baocao", "baocao"),
    "nav.main": ("Điều hướng chính", "Main navigation"),
    "nav.home": ("Trang chủ", "Home"),
    "nav.inbox": ("Hộp duyệt", "Approval inbox"),
    "nav.compliance": ("Tình hình gửi báo cáo", "Compliance"),
    "nav.skip": ("Bỏ qua, đến nội dung chính", "Skip to main content"),
    "lang.switch": ("Ngôn ngữ", "Language"),
    "lang.vi": ("Tiếng Việt", "Tiếng Việt"),
    "lang.en": ("English", "English"),
    "auth.login": ("Đăng nhập", "Sign in"),
    "auth.logout": ("Đăng xuất", "Sign out"),
    "auth.username": ("Tên đăng nhập", "Username"),
    "auth.password": ("Mật khẩu", "Password"),
    "auth.failed": (
        "Sai tên đăng nhập hoặc mật khẩu, hoặc tài khoản đang tạm khóa do đăng nhập sai nhiều lần",
        "Wrong username or password, or the account is locked after repeated failures",
    ),
    "auth.stale": (
        "Trang đăng nhập đã cũ hoặc không hợp lệ; hãy đăng nhập lại",
        "The sign-in page was stale or not valid; please sign in again",
    ),
    "auth.signed_in_as": ("Đang đăng nhập", "Signed in as"),
    "auth.intro": (
        "Dành cho cán bộ các bộ, ngành, địa phương được cấp tài khoản.",
        "For officials of ministries, agencies and localities who hold an account.",
    ),
    "home.title": ("Việc cần làm", "What needs attention"),
    "home.due": ("Báo cáo đến hạn hoặc bị trả lại", "Reports due or returned"),
    "home.receive": ("Báo cáo cấp dưới chưa gửi", "Reports from below not yet sent"),
    "home.none_due": ("Không có báo cáo nào đến hạn.", "No report is due."),
    "home.mine": ("Báo cáo gần đây", "Recent reports"),
    "home.none_mine": ("Chưa có báo cáo nào.", "No reports yet."),
    "home.open": ("Lập báo cáo", "Start a report"),
    "home.waiting": ("Báo cáo chờ duyệt: {n}", "Reports waiting for approval: {n}"),
    "home.roles": ("Vai trò", "Roles"),
    "home.not_sent": ("Chưa gửi", "Not sent"),
    "home.see_board": ("Xem chi tiết", "See the board"),
    "role.reporter": ("Cán bộ báo cáo", "Reporter"),
    "role.approver": ("Cán bộ phê duyệt", "Approver"),
    "role.leader": ("Lãnh đạo", "Leader"),
    "role.viewer": ("Người xem", "Viewer"),
    "role.analyst": ("Chuyên viên phân tích", "Analyst"),
    "role.administrator": ("Quản trị", "Administrator"),
    "role.system": ("Hệ thống kết nối", "Connected system"),
    "history.entries_ok": ("Các mục sổ cái khớp mã băm", "Ledger entries match their hashes"),
    "history.content_ok": ("Nội dung đã niêm phong không bị sửa", "Sealed content unchanged"),
    "col.regime": ("Chế độ báo cáo", "Reporting regime"),
    "col.unit": ("Đơn vị", "Unit"),
    "col.receiver": ("Đơn vị nhận", "Receiver"),
    "col.period": ("Kỳ", "Period"),
    "col.deadline": ("Hạn gửi", "Deadline"),
    "col.days_left": ("Còn (ngày)", "Days left"),
    "col.status": ("Tình trạng", "Status"),
    "col.state": ("Trạng thái", "State"),
    "col.version": ("Phiên bản", "Version"),
    "col.submitted": ("Gửi lúc", "Submitted"),
    "col.action": ("Thao tác", "Action"),
    "col.row": ("Chỉ tiêu", "Item"),
    "col.element": ("Mã chỉ tiêu", "Element"),
    "col.old": ("Giá trị cũ", "Old value"),
    "col.new": ("Giá trị mới", "New value"),
    "col.at": ("Thời điểm", "When"),
    "col.actor": ("Người thực hiện", "By"),
    "col.path": ("Kênh nhập", "Entry path"),
    "col.event": ("Sự kiện", "Event"),
    "col.digest": ("Mã băm nội dung", "Content digest"),
    "col.cell": ("Ô", "Cell"),
    "col.message": ("Nội dung", "Message"),
    "action.open": ("Mở", "Open"),
    "action.continue": ("Tiếp tục nhập", "Continue"),
    "action.view": ("Xem", "View"),
    "action.review": ("Xem và duyệt", "Review"),
    "action.save": ("Lưu nháp", "Save draft"),
    "action.submit": ("Gửi báo cáo", "Submit report"),
    "action.accept": ("Tiếp nhận", "Accept"),
    "action.return": ("Trả lại", "Return"),
    "action.filter": ("Lọc", "Filter"),
    "action.export_csv": ("Xuất CSV", "Export CSV"),
    "action.download_xlsx": ("Tải mẫu Excel", "Download Excel template"),
    "action.upload_xlsx": ("Tải lên Excel", "Upload Excel"),
    "action.history": ("Lịch sử", "History"),
    "state.draft": ("Nháp", "Draft"),
    "state.submitted": ("Đã gửi, chờ duyệt", "Submitted"),
    "state.accepted": ("Đã tiếp nhận", "Accepted"),
    "state.returned": ("Bị trả lại", "Returned"),
    "status.on_time": ("Đúng hạn", "On time"),
    "status.late": ("Muộn", "Late"),
    "status.missing": ("Chưa gửi", "Missing"),
    "status.returned": ("Bị trả lại", "Returned"),
    "status.draft": ("Đang nhập", "Draft"),
    "status.overdue": ("Quá hạn", "Overdue"),
    "entry.title": ("Nhập số liệu", "Data entry"),
    "entry.required": ("bắt buộc", "required"),
    "entry.required_note": ("Ô có dấu * là bắt buộc.", "Cells marked * are required."),
    "entry.computed": ("tự tính", "computed"),
    "entry.outline": ("Đề cương báo cáo", "Report outline"),
    "entry.saved": ("Đã lưu {n} thay đổi.", "Saved {n} change(s)."),
    "entry.submitted": ("Đã gửi báo cáo.", "The report has been submitted."),
    "entry.uploaded": ("Đã đọc tệp Excel: {n} ô.", "Excel file read: {n} cells."),
    "entry.read_only": (
        "Báo cáo đang ở trạng thái không sửa được.",
        "The report cannot be edited in its current state.",
    ),
    "entry.returned_reason": ("Lý do trả lại", "Reason for return"),
    "entry.cell_remarks": ("Ghi chú theo ô", "Notes on cells"),
    "entry.warnings": ("Cảnh báo cần giải trình", "Warnings to explain"),
    "entry.explain": ("Giải trình cho {code}", "Explanation for {code}"),
    "entry.problems": ("Chưa lưu/gửi được: {n} vấn đề", "Not saved or sent: {n} problem(s)"),
    "entry.validation": ("Kiểm tra số liệu", "Checks"),
    "entry.excel": ("Nhập bằng Excel", "Enter with Excel"),
    "entry.excel_file": ("Tệp Excel (.xlsx)", "Excel file (.xlsx)"),
    "entry.excel_errors": (
        "Tệp Excel có lỗi, không có gì được lưu",
        "The Excel file has errors; nothing was stored",
    ),
    "entry.new_title": ("Lập báo cáo mới", "Start a report"),
    "entry.unit_code": ("Mã đơn vị", "Unit code"),
    "entry.period_hint": ("Ví dụ 2025-07, 2025-Q3, 2025", "E.g. 2025-07, 2025-Q3, 2025"),
    "review.title": ("Duyệt báo cáo", "Review the report"),
    "review.reason": ("Lý do trả lại (chung)", "Reason for return (overall)"),
    "review.cell_note": ("Ghi chú cho ô", "Note on the cell"),
    "review.diff": ("Thay đổi so với lần gửi trước", "Changes since the previous sending"),
    "review.no_diff": ("Không có thay đổi so với lần trước.", "No changes since the previous time."),
    "review.accepted": ("Đã tiếp nhận báo cáo.", "The report has been accepted."),
    "review.returned": ("Đã trả lại báo cáo.", "The report has been returned."),
    "inbox.title": ("Báo cáo chờ duyệt", "Reports waiting for approval"),
    "inbox.empty": ("Không có báo cáo nào chờ duyệt.", "No report is waiting."),
    "history.title": ("Lịch sử báo cáo", "Submission history"),
    "history.versions": ("Các phiên bản", "Versions"),
    "history.changes": ("Nhật ký thay đổi số liệu", "Value-change trail"),
    "history.ledger": ("Sổ cái (chuỗi băm)", "Ledger (hash chain)"),
    "history.no_changes": ("Chưa có thay đổi.", "No changes yet."),
    "compliance.title": ("Tình hình gửi báo cáo", "Reporting compliance"),
    "compliance.rate": ("Tỷ lệ gửi báo cáo", "Reporting rate"),
    "compliance.expected": ("Phải gửi", "Expected"),
    "compliance.choose": (
        "Chọn chế độ và kỳ báo cáo rồi bấm Lọc.",
        "Choose a regime and a period, then Filter.",
    ),
    "compliance.all": ("Tất cả", "All"),
    "compliance.by_receiver": ("Theo đơn vị nhận báo cáo", "By receiving unit"),
    "compliance.units": ("Danh sách đơn vị", "Units"),
    "compliance.none": ("Không có đơn vị nào trong phạm vi.", "No unit within your scope."),
    "error.title": ("Có lỗi", "Error"),
    "error.back": ("Về trang chủ", "Back to home"),
    "error.401": ("Cần đăng nhập", "Please sign in"),
    "error.403": ("Bạn không có quyền xem trang này", "You may not open this page"),
    "error.404": ("Không tìm thấy trang", "Page not found"),
    "yes": ("Có", "Yes"),
    "no": ("Không", "No"),
    "footer": (
        "Dữ liệu đơn vị hành chính: giấy phép MIT (xem tệp LICENSE).",
        "Administrative unit data: MIT licence (see the LICENSE file).",
    ),
}


def pick(lang: str | None) -> str:
    return lang if lang in LANGUAGES else DEFAULT


def translator(lang: str) -> Callable[..., str]:
    index = 0 if pick(lang) == "vi" else 1

    def t(key: str, **fields: object) -> str:
        text = MESSAGES[key][index]
        return text.format(**fields) if fields else text

    return t


def bilingual(lang: str, vi: str, en: str) -> str:
    """One of two texts the services give (error messages come in both languages)."""
    return en if pick(lang) == "en" and en else vi


def _merge() -> None:
    from baocao.web.i18n_oc import MORE

    MESSAGES.update(MORE)


_merge()

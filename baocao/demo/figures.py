"""Plausible Vietnamese figures and narrative text for the demo submissions, reproducible.

Every figure comes from a ``random.Random`` seeded with the regime, the unit and the period (string
seeds are stable across runs and machines), so two databases seeded the same day hold the same values.
The figures satisfy the demo regimes' error rules (``baocao/regimes/data/*.yaml``): foreign-invested
exports within total exports (KT01), total revenue equal to its parts (NS01), no more schools than
teachers nor primary teachers than pupils (GD03, GD01), no negative damage (TT01). ``boost`` makes a
figure jump on purpose, so a warning fires and the demo shows its explanation.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from baocao.submissions.actors import CellInput

Figures = dict[tuple[str, str], float | int]


@dataclass(frozen=True)
class Profile:
    """A province's order of magnitude in a month: revenue (tỷ đồng), exports (triệu USD), new firms."""

    revenue: float
    exports: float
    new_firms: int
    fdi_share: float = 0.7


# Rough monthly orders of magnitude of the 34 provinces since 1 July 2025 (others: ``DEFAULT``).
PROFILES: dict[str, Profile] = {
    "79": Profile(60_000, 8_000, 5_500, 0.7),  # TP Hồ Chí Minh
    "01": Profile(55_000, 1_700, 3_000, 0.55),  # Hà Nội
    "31": Profile(11_000, 3_500, 500, 0.85),  # Hải Phòng
    "24": Profile(5_000, 9_000, 350, 0.95),  # Bắc Ninh
    "75": Profile(7_000, 2_500, 400, 0.8),  # Đồng Nai
    "48": Profile(4_000, 350, 350, 0.6),  # Đà Nẵng
    "22": Profile(5_000, 300, 150, 0.6),  # Quảng Ninh
    "38": Profile(5_000, 600, 250, 0.7),  # Thanh Hóa
    "19": Profile(2_500, 3_000, 120, 0.95),  # Thái Nguyên
    "33": Profile(3_500, 900, 250, 0.75),  # Hưng Yên
    "37": Profile(3_000, 700, 200, 0.7),  # Ninh Bình
    "25": Profile(3_000, 1_500, 200, 0.85),  # Phú Thọ
    "40": Profile(2_500, 250, 200, 0.5),  # Nghệ An
    "92": Profile(2_000, 250, 150, 0.4),  # Cần Thơ
    "56": Profile(2_000, 150, 150, 0.5),  # Khánh Hòa
    "46": Profile(1_000, 100, 80, 0.5),  # Huế
}
DEFAULT = Profile(1_200, 150, 100, 0.5)
OIL_PROVINCES = frozenset({"79", "51"})  # thu từ dầu thô: Bà Rịa - Vũng Tàu (now TP HCM), Quảng Ngãi


def rng_for(*parts: str) -> random.Random:
    return random.Random("|".join(("baocao-demo", *parts)))  # noqa: S311 - demo figures, not secrets


def r1(value: float) -> float:
    return round(value, 1)


def profile_of(unit: str) -> Profile:
    if unit in PROFILES:
        return PROFILES[unit]
    rng = rng_for("profile", unit)
    return Profile(
        r1(DEFAULT.revenue * rng.uniform(0.6, 1.8)),
        r1(DEFAULT.exports * rng.uniform(0.4, 2.0)),
        int(DEFAULT.new_firms * rng.uniform(0.5, 1.6)),
        round(rng.uniform(0.3, 0.7), 2),
    )


def cells_of(figures: Figures) -> list[CellInput]:
    return [CellInput(element, key, value) for (element, key), value in figures.items()]


# --- (a) KTXH_THANG: monthly socio-economic report ------------------------------------------------


def monthly(unit: str, period: str, boost: float = 1.0) -> Figures:
    """Key figures of a province's month; ``boost`` multiplies exports (to trigger KT04)."""
    p, rng = profile_of(unit), rng_for("KTXH_THANG", unit, period)
    revenue = p.revenue * rng.uniform(0.85, 1.15)
    spending = revenue * rng.uniform(0.5, 0.8) if revenue > 3_000 else revenue * rng.uniform(1.2, 2.0)
    exports = p.exports * rng.uniform(0.93, 1.07) * boost
    firms = int(p.new_firms * rng.uniform(0.85, 1.15))
    fdi = exports * min(p.fdi_share * rng.uniform(0.95, 1.02), 0.97)
    return {
        ("THU_NSNN", ""): r1(revenue),
        ("CHI_NSDP", ""): r1(spending),
        ("GIAI_NGAN_DTC", ""): r1(spending * rng.uniform(0.25, 0.4)),
        ("XUAT_KHAU", ""): r1(exports),
        ("XUAT_KHAU", "khu_vuc_von=co_von_dtnn"): r1(fdi),
        ("NHAP_KHAU", ""): r1(exports * rng.uniform(0.8, 1.05)),
        ("CPI_CUNG_KY", ""): round(rng.uniform(102.6, 104.1), 2),
        ("DN_THANH_LAP_MOI", ""): firms,
        ("VON_DK_MOI", ""): r1(firms * rng.uniform(6, 14)),
        ("DN_QUAY_LAI", ""): int(firms * rng.uniform(0.35, 0.6)),
        ("FDI_DANG_KY", ""): r1(p.exports * rng.uniform(0.02, 0.1)),
        ("TNGT_SO_VU", ""): int(p.new_firms / 40 + rng.uniform(10, 40)),
    }


def pct(value: float, base: float) -> str:
    return f"{(value / base - 1) * 100:+.1f}".replace(".", ",")


def vn(value: float) -> str:
    """A number the Vietnamese way: 12.345,6."""
    text = f"{value:,.1f}" if value % 1 else f"{value:,.0f}"
    return text.replace(",", " ").replace(".", ",").replace(" ", ".")


def monthly_narrative(unit_name: str, period: str, figures: Figures) -> dict[str, str]:
    rng = rng_for("KTXH_THANG-text", unit_name, period)
    month = period.split("-")[1].lstrip("0")
    revenue, exports = figures[("THU_NSNN", "")], figures[("XUAT_KHAU", "")]
    cpi, firms = figures[("CPI_CUNG_KY", "")], figures[("DN_THANH_LAP_MOI", "")]
    growth = rng.choice(("tăng khá", "tăng trưởng ổn định", "duy trì đà phục hồi"))
    return {
        "I": (
            f"Sản xuất công nghiệp tháng {month} trên địa bàn {unit_name} {growth}. Thu ngân sách nhà nước "
            f"ước đạt {vn(revenue)} tỷ đồng; kim ngạch xuất khẩu ước {vn(exports)} triệu USD. "
            f"Có {vn(firms)} doanh nghiệp đăng ký thành lập mới. Chỉ số giá tiêu dùng bằng "
            f"{vn(cpi)}% so với cùng kỳ."
        ),
        "II": rng.choice(
            (
                "Duy trì tốt công tác khám, chữa bệnh; triển khai tiêm chủng mở rộng đúng kế hoạch. "
                "Chi trả đầy đủ, kịp thời chế độ cho người có công và đối tượng bảo trợ xã hội.",
                "Các trường học tổ chức dạy và học ổn định; giải quyết việc làm cho người lao động đạt kế "
                "hoạch tháng. Hoạt động văn hóa, thể thao, du lịch diễn ra sôi nổi.",
            )
        ),
        "III": (
            "Tình hình an ninh chính trị, trật tự an toàn xã hội cơ bản ổn định. Tai nạn giao thông được "
            f"kiềm chế, trong tháng xảy ra {figures[('TNGT_SO_VU', '')]} vụ."
        ),
        "IV": "Tiếp tục đẩy mạnh cải cách thủ tục hành chính, cung cấp dịch vụ công trực tuyến toàn trình.",
        "V": rng.choice(
            (
                "Tiến độ giải ngân vốn đầu tư công còn chậm do vướng mắc giải phóng mặt bằng; đề nghị "
                "Chính phủ chỉ đạo các bộ, ngành tháo gỡ.",
                "Nguồn cung vật liệu xây dựng cho các công trình trọng điểm còn thiếu; đề nghị hướng dẫn "
                "thủ tục cấp phép khai thác mỏ.",
            )
        ),
        "VI": "Tập trung hoàn thành các chỉ tiêu kế hoạch năm; chuẩn bị hàng hóa phục vụ Tết Nguyên đán.",
    }


# --- (b) NSNN_QUY: quarterly state budget ----------------------------------------------------------


def quarterly(unit: str, period: str) -> Figures:
    p, rng = profile_of(unit), rng_for("NSNN_QUY", unit, period)
    domestic = r1(p.revenue * 3 * rng.uniform(0.75, 0.9))
    oil = r1(p.revenue * 3 * rng.uniform(0.03, 0.06)) if unit in OIL_PROVINCES else 0.0
    trade = r1(p.exports * 3 * rng.uniform(0.4, 0.8))
    grants = r1(rng.uniform(0, 15))
    investment = r1(p.revenue * 3 * rng.uniform(0.25, 0.45))
    return {
        ("THU_NSNN", ""): r1(domestic + oil + trade + grants),  # NS01: the parts added up
        ("THU_NOI_DIA", ""): domestic,
        ("THU_DAU_THO", ""): oil,
        ("THU_XNK", ""): trade,
        ("THU_VIEN_TRO", ""): grants,
        ("CHI_NSDP", "loai_chi=dau_tu_phat_trien"): investment,
        ("CHI_NSDP", "loai_chi=thuong_xuyen"): r1(p.revenue * 3 * rng.uniform(0.45, 0.8)),
        ("CHI_NSDP", "loai_chi=tra_no_lai"): r1(p.revenue * 3 * rng.uniform(0.002, 0.01)),
        ("CHI_NSDP", "loai_chi=khac"): r1(p.revenue * 3 * rng.uniform(0.01, 0.03)),
    }


def quarterly_narrative(unit_name: str, period: str, figures: Figures) -> dict[str, str]:
    quarter = period.split("-Q")[1]
    rate = rng_for("NSNN_QUY-text", unit_name, period).uniform(68, 86)
    return {
        "I": (
            f"Tổng thu ngân sách nhà nước trên địa bàn {unit_name} quý {quarter} đạt "
            f"{vn(figures[('THU_NSNN', '')])} tỷ đồng; lũy kế đạt {vn(round(rate, 1))}% dự toán năm. "
            "Thu từ khu vực doanh nghiệp và thu tiền sử dụng đất tăng so với cùng kỳ."
        ),
        "II": (
            "Chi đầu tư phát triển đạt "
            f"{vn(figures[('CHI_NSDP', 'loai_chi=dau_tu_phat_trien')])} tỷ đồng; chi thường xuyên bảo "
            "đảm các nhiệm vụ chính trị, an sinh xã hội; thực hiện tiết kiệm 10% chi thường xuyên."
        ),
        "III": "Một số dự án chậm giải phóng mặt bằng làm ảnh hưởng đến tiến độ giải ngân vốn đầu tư.",
    }


# --- (c) GD_XA_NAM: commune education statistics -----------------------------------------------------

LEVELS = ("mam_non", "tieu_hoc", "thcs")
# Pupils per teacher and the share of women among teachers, by level.
PUPILS_PER_TEACHER = {"mam_non": (11, 14), "tieu_hoc": (22, 28), "thcs": (17, 22)}
WOMEN_TEACHERS = {"mam_non": (0.97, 0.995), "tieu_hoc": (0.8, 0.9), "thcs": (0.68, 0.78)}


def education(unit: str, period: str, crowded: bool = False) -> Figures:
    """A commune's pupils, schools and teachers; ``crowded`` leaves primary short of teachers (GD02)."""
    rng = rng_for("GD_XA_NAM", unit, period)
    size = rng.uniform(0.6, 1.6)
    figures: Figures = {}
    for level, (low, high) in zip(LEVELS, ((2_000, 3_500), (3_000, 5_000), (2_200, 3_800)), strict=True):
        pupils = rng.uniform(low, high) * size
        boys = int(pupils * rng.uniform(0.505, 0.53))
        girls = int(pupils) - boys
        ratio = rng.uniform(*PUPILS_PER_TEACHER[level])
        if crowded and level == "tieu_hoc":
            ratio = 37.5
        teachers = max(int(pupils / ratio), 1)
        women = int(teachers * rng.uniform(*WOMEN_TEACHERS[level]))
        key = f"cap_hoc={level}"
        figures[("HOC_SINH", f"{key};gioi_tinh=nam")] = boys
        figures[("HOC_SINH", f"{key};gioi_tinh=nu")] = girls
        figures[("GIAO_VIEN", f"{key};gioi_tinh=nam")] = teachers - women
        figures[("GIAO_VIEN", f"{key};gioi_tinh=nu")] = women
        schools = {"mam_non": (4, 12), "tieu_hoc": (2, 5), "thcs": (1, 3)}[level]
        figures[("TRUONG_HOC", key)] = int(rng.randint(*schools) * max(size, 1))
    return figures


def education_narrative(unit_name: str, period: str, figures: Figures) -> dict[str, str]:
    primary = (
        figures[("HOC_SINH", "cap_hoc=tieu_hoc;gioi_tinh=nam")]
        + figures[("HOC_SINH", "cap_hoc=tieu_hoc;gioi_tinh=nu")]
    )
    return {
        "I": (
            f"Số liệu tại thời điểm 31/12/{period} của {unit_name}, gồm cả trường ngoài công lập. "
            f"Học sinh tiểu học {vn(primary)} em; quy mô ổn định so với năm học trước, không có trường "
            "thành lập mới hoặc giải thể."
        )
    }


# --- (d) THIEN_TAI: rapid disaster damage report ---------------------------------------------------


def disaster(unit: str, period: str, severity: float) -> Figures:
    rng = rng_for("THIEN_TAI", unit, period)
    return {
        ("TT_NGUOI_CHET", ""): int(rng.uniform(0, 4) * severity),
        ("TT_NGUOI_MAT_TICH", ""): int(rng.uniform(0, 2) * severity),
        ("TT_NGUOI_BI_THUONG", ""): int(rng.uniform(3, 20) * severity),
        ("TT_NHA_HU_HONG", ""): int(rng.uniform(200, 2_500) * severity),
        ("TT_THIET_HAI_KT", ""): r1(rng.uniform(150, 1_200) * severity),
    }


def disaster_narrative(unit_name: str, period: str, figures: Figures) -> dict[str, str]:
    day = "/".join(reversed(period.split("-")))
    return {
        "I": (
            f"Từ đêm {day}, do ảnh hưởng của bão kết hợp không khí lạnh, {unit_name} có mưa to đến rất to, "
            "lượng mưa phổ biến 300–500 mm; nhiều khu vực ven sông và vùng trũng bị ngập sâu, "
            "một số điểm sạt lở đất ở khu vực miền núi."
        ),
        "II": (
            "Ban Chỉ huy phòng thủ dân sự tỉnh đã sơ tán dân khỏi khu vực nguy hiểm, huy động lực lượng "
            "quân đội, công an và dân quân hỗ trợ người dân; tổ chức tìm kiếm người mất tích."
        ),
        "III": (
            f"Ước tính thiệt hại kinh tế {vn(figures[('TT_THIET_HAI_KT', '')])} tỷ đồng; đề nghị Trung "
            "ương hỗ trợ gạo cứu đói và kinh phí khắc phục hạ tầng giao thông, thủy lợi."
        ),
    }


# Explanations the reporters give for the warnings their figures raise (by rule code).
WARNING_COMMENTS = {
    "KT02": "Trong tháng có dự án khu đô thị quy mô lớn đăng ký thành lập doanh nghiệp dự án; "
    "đã đối chiếu với Hệ thống thông tin quốc gia về đăng ký doanh nghiệp.",
    "KT04": "Các doanh nghiệp FDI ngành điện tử đẩy mạnh giao hàng phục vụ mùa mua sắm cuối năm; "
    "số liệu đã được Thống kê tỉnh xác nhận.",
    "GD02": "Trường tiểu học trên địa bàn thiếu giáo viên do chưa tuyển đủ chỉ tiêu biên chế; "
    "đã đề nghị Sở Giáo dục và Đào tạo điều động bổ sung.",
    "GD04": "Địa bàn thay đổi do sắp xếp đơn vị hành chính cấp xã từ ngày 01/7/2025.",
}
DEFAULT_COMMENT = "Đã kiểm tra lại với đơn vị cung cấp số liệu; số liệu phản ánh đúng thực tế."

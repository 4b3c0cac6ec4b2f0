"""What happens to each demo submission, and the recent periods the demo is about.

A ``Story`` is the life of one submission: left as a draft, sent, accepted, sent back (returned with a
reason and a note on one cell), sent back then corrected and accepted (``revised``), or accepted then
reopened by the receiver and being corrected in version 2 (``reopened``). The plan names which units
live which story for which period of the four demo regimes; units not named stay missing, so the
compliance boards show gaps.

Periods are taken relative to the day of seeding, so the demo always looks current: the monthly
report's current period (deadline not passed yet: reports sent now are on time) and the two before it
(sent now: late), the last quarter that ended, the last calendar year, and a storm yesterday.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from sqlalchemy.orm import Session

from baocao.periods.periods import Period, PeriodType
from baocao.regimes import service as regimes


class Story(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    ACCEPTED = "accepted"
    RETURNED = "returned"
    REVISED = "revised"  # returned, corrected, submitted again and accepted
    REOPENED = "reopened"  # accepted, reopened by the receiver: version 2 is a draft being corrected


@dataclass(frozen=True)
class Planned:
    regime: str
    unit: str
    period: str
    story: Story
    # A figure that raises a warning on purpose (explained by the reporter): KT04, GD02.
    unusual: bool = False


@dataclass(frozen=True)
class Correction:
    """What the receiver says when returning or reopening, and what the reporter then changes."""

    reason: str
    element: str
    option_key: str
    remark: str  # the receiver's note on the cell
    reply: str  # the reporter's comment on the corrected cell
    factor: float = 1.0  # the corrected cell: multiplied by ``factor``, then ``add`` added
    add: int = 0


CORRECTIONS: dict[str, Correction] = {
    "KTXH_THANG": Correction(
        "Số liệu xuất khẩu của khu vực có vốn đầu tư nước ngoài chưa khớp với số liệu của Cục Hải quan; "
        "đề nghị rà soát và gửi lại.",
        "XUAT_KHAU",
        "khu_vuc_von=co_von_dtnn",
        "Chênh lệch khoảng 8% so với số liệu hải quan cùng kỳ.",
        "Đã đối chiếu với số liệu của Cục Hải quan và điều chỉnh.",
        factor=0.92,
    ),
    "NSNN_QUY": Correction(
        "Số chi thường xuyên chưa khớp với báo cáo của Kho bạc Nhà nước; đề nghị đối chiếu và gửi lại.",
        "CHI_NSDP",
        "loai_chi=thuong_xuyen",
        "Đề nghị đối chiếu với số liệu chi của Kho bạc Nhà nước khu vực.",
        "Đã đối chiếu với Kho bạc Nhà nước khu vực và điều chỉnh.",
        factor=0.97,
    ),
    "GD_XA_NAM": Correction(
        "Số giáo viên tiểu học chưa khớp với cơ sở dữ liệu ngành giáo dục; đề nghị rà soát.",
        "GIAO_VIEN",
        "cap_hoc=tieu_hoc;gioi_tinh=nu",
        "Chưa tính giáo viên hợp đồng của các trường tiểu học tư thục trên địa bàn.",
        "Đã bổ sung giáo viên hợp đồng của các trường tiểu học tư thục.",
        add=6,
    ),
    "THIEN_TAI": Correction(
        "Số người mất tích chưa khớp với danh sách của Ban Chỉ huy phòng thủ dân sự; đề nghị xác minh.",
        "TT_NGUOI_MAT_TICH",
        "",
        "Danh sách đã xác minh có thêm 01 người mất tích.",
        "Đã cập nhật theo danh sách xác minh của Ban Chỉ huy phòng thủ dân sự tỉnh.",
        add=1,
    ),
}
REOPEN = Correction(
    "Cập nhật số thu ngân sách nhà nước theo số liệu chính thức của Kho bạc Nhà nước.",
    "THU_NSNN",
    "",
    "Số liệu chính thức của Kho bạc Nhà nước.",
    "Điều chỉnh theo số liệu chính thức của Kho bạc Nhà nước.",
    factor=1.015,
)


@dataclass(frozen=True)
class DemoPeriods:
    months: tuple[str, str, str]  # two past months (late) and the current one (not due yet)
    quarter: str
    year: str
    disaster_day: str


def demo_periods(session: Session, on: date) -> DemoPeriods:
    version = regimes.current_version(regimes.get_regime(session, "KTXH_THANG"), on)
    month = Period.of(on, PeriodType.MONTH)
    if regimes.deadline_for(version, month) < on:
        month = month.next()
    return DemoPeriods(
        months=(str(month.shift(-2)), str(month.previous()), str(month)),
        quarter=str(Period.of(on, PeriodType.QUARTER).previous()),
        year=str(on.year - 1),
        disaster_day=(on - timedelta(days=1)).isoformat(),
    )


def _stories(regime: str, period: str, units: dict[Story, tuple[str, ...]]) -> list[Planned]:
    return [Planned(regime, unit, period, story) for story, codes in units.items() for unit in codes]


S = Story


def monthly_plan(months: tuple[str, str, str]) -> list[Planned]:
    before, last, current = months
    plan = _stories(
        "KTXH_THANG",
        before,
        {
            S.ACCEPTED: ("79", "24", "31", "48", "22", "38", "40", "92", "56", "75", "46"),
            S.REVISED: ("19",),
            S.REOPENED: ("01",),
        },
    )
    plan += _stories(
        "KTXH_THANG",
        last,
        {
            S.ACCEPTED: ("79", "31", "48", "22", "92", "75"),
            S.SUBMITTED: ("38", "40", "46", "56", "01"),
            S.RETURNED: ("19",),
            S.DRAFT: ("33", "37"),
        },
    )
    # Bắc Ninh's exports jump against last month: warning KT04, explained.
    plan.append(Planned("KTXH_THANG", "24", last, S.ACCEPTED, unusual=True))
    plan += _stories(
        "KTXH_THANG",
        current,
        {S.ACCEPTED: ("31",), S.SUBMITTED: ("79", "48", "92", "22", "24"), S.DRAFT: ("01", "38")},
    )
    return plan


def quarterly_plan(quarter: str) -> list[Planned]:
    return _stories(
        "NSNN_QUY",
        quarter,
        {
            S.ACCEPTED: ("01", "79", "31", "48", "92", "22", "24", "75"),
            S.REVISED: ("56",),
            S.SUBMITTED: ("38", "40", "46"),
            S.RETURNED: ("19",),
            S.DRAFT: ("33", "25"),
        },
    )


def education_plan(year: str, communes: list[str], home: str) -> list[Planned]:
    """Every third commune of Hà Nội (from ``home``, Ba Đình, which was sent back) reports; the rest
    are missing."""
    chosen = [home] + [c for c in communes[::3] if c != home]
    stories = [S.RETURNED] + [S.ACCEPTED] * 20 + [S.REVISED] + [S.SUBMITTED] * 12 + [S.RETURNED]
    stories += [S.DRAFT] * 3
    return [
        Planned("GD_XA_NAM", unit, year, story, unusual=i in (6, 27))
        for i, (unit, story) in enumerate(zip(chosen, stories, strict=False))
    ]


# The provinces of the central coast hit by the storm, with how hard (scales the damage).
STORM = {"46": 1.0, "48": 1.6, "51": 2.2, "44": 0.8, "56": 0.5, "52": 0.7}


def disaster_plan(day: str) -> list[Planned]:
    # Khánh Hòa (56) has not reported yet: a gap on the board.
    return _stories(
        "THIEN_TAI",
        day,
        {S.ACCEPTED: ("46",), S.SUBMITTED: ("48", "51"), S.RETURNED: ("44",), S.DRAFT: ("52",)},
    )

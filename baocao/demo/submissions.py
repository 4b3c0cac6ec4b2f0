"""Demo submissions for the four demo regimes, written through the one write path.

Every submission is opened, filled, submitted, accepted, returned or reopened by
``baocao.submissions.service`` with a system actor (``principal=None``, entry path ``demo``) that
carries the demo account's name where the unit has one (``badinh.reporter``, ``hanoi.approver``,
``vpcp.approver`` ...), so the history, the ledger and the validation results are the real ones.
Warnings the figures raise are explained with a comment, as a reporter must.

Seeded once: when the database already holds values written by the demo, the step does nothing (a
later run, even on another day, leaves the demo reports and what users did with them alone).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from baocao.access.models import User
from baocao.demo import figures as fig
from baocao.demo.stories import (
    CORRECTIONS,
    REOPEN,
    STORM,
    Correction,
    Planned,
    Story,
    demo_periods,
    disaster_plan,
    education_plan,
    monthly_plan,
    quarterly_plan,
)
from baocao.regimes import service as regimes
from baocao.submissions import service
from baocao.submissions.actors import Actor, CellInput, CellRemark, WriteReport
from baocao.submissions.models import EntryPath, Submission, ValueChange
from baocao.timeutil import today

SUBMISSIONS_STEP = "submissions"
HOME_COMMUNE = "00004"  # Phường Ba Đình, where badinh.reporter works
# Demo accounts that act for a unit (reporting) or for a receiver (approving).
REPORTERS = {"00004": "badinh.reporter", "01": "hanoi.reporter"}
APPROVERS = {"CP": "vpcp.approver", "01": "hanoi.approver"}
SYSTEM_NAME = "demo"


@dataclass(frozen=True)
class Content:
    figures: fig.Figures
    narrative: dict[str, str]


def already_seeded(session: Session) -> bool:
    found = select(ValueChange.id).where(ValueChange.entry_path == EntryPath.DEMO.value).limit(1)
    return session.scalar(found) is not None


class Seeder:
    def __init__(self, session: Session) -> None:
        self.session = session
        names = set(REPORTERS.values()) | set(APPROVERS.values())
        rows = session.execute(select(User.username, User.id).where(User.username.in_(names)))
        self.user_ids: dict[str, int] = {username: user_id for username, user_id in rows}
        self.unit_names: dict[tuple[str, str, str], str] = {}
        self.receivers: dict[int, str] = {}

    def actor(self, username: str | None) -> Actor:
        if username is None or username not in self.user_ids:
            return Actor(user_id=None, name=SYSTEM_NAME, entry_path=EntryPath.DEMO)
        return Actor(user_id=self.user_ids[username], name=username, entry_path=EntryPath.DEMO)

    def expected_units(self, regime: str, period: str) -> list[tuple[str, str | None]]:
        """(unit code, receiver code) of everyone expected to report, remembering the units' names."""
        expected = regimes.expected_submissions(self.session, regime, period)
        for item in expected.items:
            self.unit_names[(regime, period, item.unit.code)] = item.unit.name
            if item.receiver is not None:
                self.receivers[item.receiver.unit_id] = item.receiver.code
        return [(i.unit.code, i.receiver.code if i.receiver else None) for i in expected.items]

    def content(self, planned: Planned) -> Content:
        regime, unit, period = planned.regime, planned.unit, planned.period
        name = self.unit_names[(regime, period, unit)]
        if regime == "KTXH_THANG":
            boost = 1.0
            if planned.unusual:  # exports jump against last month's accepted figure (KT04)
                before = regimes.as_period(period).previous()
                boost = (
                    1.45
                    * fig.monthly(unit, str(before))[("XUAT_KHAU", "")]
                    / fig.monthly(unit, period)[("XUAT_KHAU", "")]
                )
            figures = fig.monthly(unit, period, boost)
            return Content(figures, fig.monthly_narrative(name, period, figures))
        if regime == "NSNN_QUY":
            figures = fig.quarterly(unit, period)
            return Content(figures, fig.quarterly_narrative(name, period, figures))
        if regime == "GD_XA_NAM":
            figures = fig.education(unit, period, crowded=planned.unusual)
            return Content(figures, fig.education_narrative(name, period, figures))
        figures = fig.disaster(unit, period, STORM.get(unit, 1.0))
        return Content(figures, fig.disaster_narrative(name, period, figures))

    def run(self, planned: Planned) -> Submission:
        session = self.session
        reporter = self.actor(REPORTERS.get(planned.unit))
        submission = service.open_submission(session, planned.regime, planned.unit, planned.period, reporter)
        content = self.content(planned)
        if planned.story is Story.DRAFT:
            # Half the figures typed in, the first section of the outline written.
            cells = fig.cells_of(content.figures)
            first = next(iter(content.narrative))
            service.write_values(
                session, submission, cells[: len(cells) // 2], reporter, {first: content.narrative[first]}
            )
            return submission
        report = service.write_values(
            session,
            submission,
            self.explained_cells(content.figures, planned),
            reporter,
            dict(content.narrative),
        )
        service.submit(session, submission, reporter, warning_comments=explanations(report))
        if planned.story is Story.SUBMITTED:
            return submission
        approver = self.actor(APPROVERS.get(self.receivers[submission.receiver_unit_id]))
        if planned.story in (Story.ACCEPTED, Story.REOPENED):
            service.accept(session, submission, approver)
        correction = CORRECTIONS[planned.regime]
        if planned.story in (Story.RETURNED, Story.REVISED):
            remark = CellRemark(correction.element, correction.option_key, correction.remark)
            service.return_submission(session, submission, approver, correction.reason, [remark])
        if planned.story is Story.REVISED:
            report = self.correct(submission, content, correction, reporter)
            service.submit(session, submission, reporter, warning_comments=explanations(report))
            service.accept(session, submission, approver)
        if planned.story is Story.REOPENED:
            service.reopen(session, submission, approver, REOPEN.reason)
            self.correct(submission, content, REOPEN, reporter)
        return submission

    def explained_cells(self, figures: fig.Figures, planned: Planned) -> list[CellInput]:
        cells = fig.cells_of(figures)
        if not planned.unusual:
            return cells
        # The reporter's note on the cell that looks odd: total exports, or primary teachers.
        monthly = planned.regime == "KTXH_THANG"
        odd = (
            {("XUAT_KHAU", "")}
            if monthly
            else {
                (c.element, c.option_key)
                for c in cells
                if "tieu_hoc" in c.option_key and c.element == "GIAO_VIEN"
            }
        )
        note = fig.WARNING_COMMENTS["KT04" if monthly else "GD02"]
        return [
            CellInput(c.element, c.option_key, c.value, note if (c.element, c.option_key) in odd else None)
            for c in cells
        ]

    def correct(
        self, submission: Submission, content: Content, correction: Correction, reporter: Actor
    ) -> WriteReport:
        value = content.figures[(correction.element, correction.option_key)]
        new = value * correction.factor + correction.add
        new = int(new) if isinstance(value, int) else round(new, 1)
        cell = CellInput(correction.element, correction.option_key, new, correction.reply)
        return service.write_values(self.session, submission, [cell], reporter)


def explanations(report: WriteReport) -> dict[str, str]:
    """A comment for every warning the figures raise (errors would be a bug of the demo data)."""
    return {
        r.rule_code: fig.WARNING_COMMENTS.get(r.rule_code, fig.DEFAULT_COMMENT)
        for r in report.validation
        if not r.passed and r.importance == "warning"
    }


def seed_submissions(
    session: Session, on: date | None = None, progress: Callable[[str, int, int], None] | None = None
) -> int:
    """Create the demo submissions (once); returns how many were created."""
    report = progress or (lambda _step, _done, _total: None)
    if already_seeded(session):
        report(SUBMISSIONS_STEP, 1, 1)
        return 0
    seeder = Seeder(session)
    periods = demo_periods(session, on or today())
    for month in periods.months:
        seeder.expected_units("KTXH_THANG", month)
    seeder.expected_units("NSNN_QUY", periods.quarter)
    seeder.expected_units("THIEN_TAI", periods.disaster_day)
    communes = sorted(c for c, r in seeder.expected_units("GD_XA_NAM", periods.year) if r == "01")
    plan = monthly_plan(periods.months) + quarterly_plan(periods.quarter)
    plan += education_plan(periods.year, communes, HOME_COMMUNE) + disaster_plan(periods.disaster_day)
    plan.sort(key=lambda p: regimes.as_period(p.period).start)  # earlier periods first (cross-period rules)
    for done, planned in enumerate(plan):
        report(SUBMISSIONS_STEP, done, len(plan))
        seeder.run(planned)
    report(SUBMISSIONS_STEP, len(plan), len(plan))
    return len(plan)

"""Authorisation matrix rows (tests/access/matrix.py) of the submissions API, and the world's submissions.

``seed`` gives every unit the matrix aims at (tests.access.world.all_codes) two submissions for this
month under two small regimes sent to the Government (CP): a draft (``T_MT_NHAP``, written by the write
rows) and a submitted one (``T_MT_GUI``, returned and resubmitted by the approve rows). Its ids are in
``world.objects[("submission", code)]`` (the draft) and ``[("submitted", code)]``.

Who may do what: reading follows the view scope (``submissions.read``); writing needs the reporting unit
in the capture scope (the reporter's own unit); approving needs to act for the receiving unit, here the
Government: only the Government Office's approver (national scope). A denied read answers 404 like a
missing submission; a denied write or decision on a visible submission answers 403.
"""

from __future__ import annotations

from datetime import timedelta

import httpx
from sqlalchemy.orm import Session

from baocao.access.rules import Permission, Role
from baocao.catalog.loader import DEMO_CATALOGUE, load_catalogue
from baocao.periods.periods import Period, PeriodType
from baocao.regimes.loader import load_regime
from baocao.submissions import service
from baocao.submissions.actors import CellInput, system_actor
from baocao.submissions.models import Submission
from baocao.timeutil import today
from tests.access.matrix import Case, MatrixRow, Probe
from tests.access.world import World, all_codes

API = "/api/v1"
PERIOD = str(Period.of(today(), PeriodType.MONTH))
DRAFT, SUBMITTED = "T_MT_NHAP", "T_MT_GUI"
MISSING = 999_999_999


def _regime(code: str) -> str:
    units = ", ".join(f'"{c}"' for c in sorted(all_codes()))
    return f"""\
code: {code}
name: Báo cáo thử của ma trận phân quyền
name_en: Authorisation matrix test report
content: Thử nghiệm.
report_type: dinh_ky
legal_basis: Không.
frequency: month
cutoff_convention: statistical
deadline: {{rule: days_after_cutoff, days: 10}}
reporting_units: {{rule: list, units: [{units}]}}
receiver: CP
owner: VPCP
valid_from: 2025-07-01
outline:
  - {{code: I, title: Nội dung, title_en: Content}}
forms:
  - code: B01
    name: Số liệu
    name_en: Figures
    columns:
      - {{code: C1, label: Giá trị, label_en: Value}}
    rows:
      - {{code: R01, label: Thu ngân sách, label_en: Revenue, element: THU_NSNN}}
"""


def seed(db: Session, world: World) -> None:
    load_catalogue(db, DEMO_CATALOGUE)
    seeder = system_actor("matrix")
    for code in (DRAFT, SUBMITTED):
        load_regime(db, _regime(code), name=f"{code}.yaml", actor="test")
    for unit in sorted(all_codes()):
        draft = service.open_submission(db, DRAFT, unit, PERIOD, seeder)
        world.objects[("submission", unit)] = draft.id
        sent = service.open_submission(db, SUBMITTED, unit, PERIOD, seeder)
        service.write_values(db, sent, [CellInput("THU_NSNN", "", 1)], seeder)
        service.submit(db, sent, seeder)
        world.objects[("submitted", unit)] = sent.id


def _target(case: Case) -> str:
    assert case.target is not None
    return case.target


def _draft(case: Case) -> int:
    return int(case.world.objects[("submission", _target(case))])


def _sent(case: Case) -> int:
    return int(case.world.objects[("submitted", _target(case))])


def _missing(path: str) -> Probe:
    return Probe("GET", f"{API}/submissions/{MISSING}{path}")


def _acts_for_cp(case: Case) -> bool:
    """The receiver is the Government: the Government Office's approver acts for it."""
    return case.actor.role == Role.APPROVER and case.actor.home == "national"


def _resubmit(client: httpx.Client, case: Case, response: httpx.Response) -> None:
    with case.world.session() as db, db.begin():
        submission = db.get(Submission, _sent(case))
        assert submission is not None
        service.submit(db, submission, system_actor("matrix"))


def _listed(response: httpx.Response) -> set[str]:
    return {item["unit"] for item in response.json()["items"]}


def _visible_units(case: Case) -> set[str]:
    return {code for code in all_codes() if case.world.sees(case.actor, code)}


def _granted(case: Case) -> Probe:
    body = {
        "regime": DRAFT,
        "unit": _target(case),
        "period": PERIOD,
        "open_until": (today() + timedelta(days=3)).isoformat(),
        "reason": "ma trận",
    }
    return Probe("POST", f"{API}/submissions/exceptions", json=body)


ROWS: list[MatrixRow] = [
    MatrixRow(
        "submissions",
        "read one",
        Permission.SUBMISSIONS_READ,
        "read",
        lambda c: Probe("GET", f"{API}/submissions/{_draft(c)}"),
        missing=lambda c: _missing(""),
    ),
    MatrixRow(
        "submissions",
        "history",
        Permission.SUBMISSIONS_READ,
        "read",
        lambda c: Probe("GET", f"{API}/submissions/{_sent(c)}/history"),
        missing=lambda c: _missing("/history"),
    ),
    MatrixRow(
        "submissions",
        "csv download",
        Permission.SUBMISSIONS_READ,
        "read",
        lambda c: Probe("GET", f"{API}/submissions/{_sent(c)}/values.csv"),
        missing=lambda c: _missing("/values.csv"),
    ),
    MatrixRow(
        "submissions",
        "consolidation preview",
        Permission.SUBMISSIONS_READ,
        "read",
        lambda c: Probe("GET", f"{API}/submissions/{_draft(c)}/consolidation"),
        missing=lambda c: _missing("/consolidation"),
    ),
    MatrixRow(
        "submissions",
        "list",
        Permission.SUBMISSIONS_READ,
        "list",
        lambda c: Probe("GET", f"{API}/submissions", params={"regime": DRAFT, "limit": 1000}),
        per_target=False,
        listed=_listed,
        expected_listing=_visible_units,
    ),
    MatrixRow(
        "submissions",
        "compliance",
        Permission.SUBMISSIONS_READ,
        "list",
        lambda c: Probe("GET", f"{API}/compliance", params={"regime": DRAFT, "period": PERIOD}),
        per_target=False,
        listed=_listed,
        expected_listing=_visible_units,
    ),
    MatrixRow(
        "submissions",
        "reminders",
        Permission.SUBMISSIONS_READ,
        "action",
        lambda c: Probe("GET", f"{API}/reminders", params={"within_days": 3}),
        per_target=False,
    ),
    MatrixRow(
        "submissions",
        "write values",
        Permission.SUBMISSIONS_WRITE,
        "write",
        lambda c: Probe(
            "PUT", f"{API}/submissions/{_draft(c)}/values", json={"narrative": {"I": c.unique("nội dung ")}}
        ),
    ),
    MatrixRow(
        "submissions",
        "return",
        Permission.SUBMISSIONS_APPROVE,
        "write",
        lambda c: Probe("POST", f"{API}/submissions/{_sent(c)}/return", json={"reason": "ma trận"}),
        in_scope=_acts_for_cp,
        cleanup=_resubmit,
    ),
    MatrixRow(
        "submissions",
        "deadline exception",
        Permission.SUBMISSIONS_APPROVE,
        "write",
        _granted,
        ok=frozenset({201}),
        in_scope=_acts_for_cp,
    ),
]

"""The demo submissions: every workflow state in every demo regime, written through the one write path,
reproducible, on time and late, with gaps, and an intact ledger."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from baocao.access.demo import DEMO_PASSWORD
from baocao.catalog.models import DataElement
from baocao.cli import main
from baocao.demo import figures
from baocao.demo.seed import count_rows, seed_demo
from baocao.demo.stories import demo_periods
from baocao.ledger.models import LedgerEntry
from baocao.regimes.demo import DEMO_REGIMES
from baocao.regimes.models import Regime
from baocao.submissions.compliance import compliance, counts
from baocao.submissions.models import (
    CellComment,
    DataValue,
    EntryPath,
    Submission,
    SubmissionState,
    SubmissionVersion,
    ValueChange,
)
from baocao.timeutil import today
from baocao.units.models import UnitVersion
from baocao.validation.models import ValidationResult
from tests.conftest import FreshDatabase, LiveServer, session_factory_for

REGIMES = ("KTXH_THANG", "NSNN_QUY", "GD_XA_NAM", "THIEN_TAI")
STATES = {s.value for s in SubmissionState}
API = "/api/v1"


@pytest.fixture(scope="module")
def demo_url(backend: FreshDatabase) -> str:
    """A database seeded with the whole demo once per engine (tests read it)."""
    url = backend.create()
    factory = session_factory_for(url)
    with factory() as session:
        seed_demo(session)
        session.commit()
    factory.kw["bind"].dispose()
    return url


@pytest.fixture
def db(demo_url: str) -> Iterator[Session]:
    factory = session_factory_for(demo_url)
    with factory() as session:
        yield session
        session.rollback()
    factory.kw["bind"].dispose()


def by_regime(db: Session) -> dict[str, list[Submission]]:
    rows = db.execute(select(Regime.code, Submission).join(Regime, Regime.id == Submission.regime_id))
    found: dict[str, list[Submission]] = {code: [] for code in REGIMES}
    for code, submission in rows:
        if code in found:  # the demo regimes (not the history's statistical regimes)
            found[code].append(submission)
    return found


def unit_code(db: Session, unit_id: int) -> str:
    return str(db.scalar(select(UnitVersion.code).where(UnitVersion.unit_id == unit_id).limit(1)))


def test_every_state_in_every_demo_regime(db: Session) -> None:
    found = by_regime(db)
    assert len(DEMO_REGIMES) == len(REGIMES)
    for code in REGIMES:
        assert {s.state for s in found[code]} == STATES, code
    reopened = [s for subs in found.values() for s in subs if s.current_version == 2]
    assert len(reopened) == 1 and reopened[0].state == SubmissionState.DRAFT
    old = db.scalar(
        select(SubmissionVersion).where(
            SubmissionVersion.submission_id == reopened[0].id, SubmissionVersion.version == 1
        )
    )
    assert old is not None and old.state == SubmissionState.ACCEPTED and old.content_digest
    # The demo reports came through the write path: every value has its trail, entered by the demo.
    # (The history came through the bulk import, audited by one event per import.)
    changes = db.scalar(select(func.count()).select_from(ValueChange)) or 0
    reported = (
        select(func.count())
        .select_from(DataValue)
        .join(SubmissionVersion, SubmissionVersion.id == DataValue.submission_version_id)
        .join(Submission, Submission.id == SubmissionVersion.submission_id)
        .join(Regime, Regime.id == Submission.regime_id)
        .where(Regime.code.in_(REGIMES))
    )
    assert changes >= (db.scalar(reported) or 0) > 0
    assert set(db.scalars(select(ValueChange.entry_path).distinct())) == {EntryPath.DEMO.value}


def test_returned_reports_say_why_and_warnings_are_explained(db: Session) -> None:
    returned = db.scalars(
        select(SubmissionVersion).where(SubmissionVersion.state == SubmissionState.RETURNED)
    )
    for version in returned:
        assert version.return_reason
        notes = db.scalars(select(CellComment.message).where(CellComment.submission_version_id == version.id))
        assert list(notes)
    sent = select(SubmissionVersion.id).where(SubmissionVersion.state != SubmissionState.DRAFT)
    failed = list(
        db.scalars(
            select(ValidationResult).where(
                ValidationResult.submission_version_id.in_(sent), ValidationResult.passed.is_(False)
            )
        )
    )
    assert {r.importance for r in failed} == {"warning"}  # no error rule fails in a sent report
    assert {"KT04", "GD02"} <= {r.rule_code for r in failed}
    assert all(r.comment for r in failed)
    narrative = db.scalars(select(SubmissionVersion.narrative).where(SubmissionVersion.id.in_(sent)))
    assert all(text for n in narrative for text in n.values())


def test_on_time_late_and_missing_on_the_boards(db: Session) -> None:
    periods = demo_periods(db, today())
    seen: dict[str, int] = {}
    for regime, period in (
        ("KTXH_THANG", periods.months[0]),
        ("KTXH_THANG", periods.months[2]),
        ("NSNN_QUY", periods.quarter),
        ("GD_XA_NAM", periods.year),
        ("THIEN_TAI", periods.disaster_day),
    ):
        _, rows = compliance(db, None, regime, period)
        board = counts(rows)
        assert board["missing"] > 0, (regime, period)
        for status in ("on_time", "late", "returned", "draft"):
            seen[status] = seen.get(status, 0) + board[status]
    assert all(seen.values()), seen


def test_the_demo_accounts_find_work(db: Session) -> None:
    found = [s for subs in by_regime(db).values() for s in subs]
    codes = {s.id: (unit_code(db, s.unit_id), unit_code(db, s.receiver_unit_id)) for s in found}
    badinh = [s.state for s in found if codes[s.id][0] == "00004"]
    assert SubmissionState.RETURNED in badinh
    inbox_hanoi = [s for s in found if codes[s.id][1] == "01" and s.state == SubmissionState.SUBMITTED]
    inbox_cp = [s for s in found if codes[s.id][1] == "CP" and s.state == SubmissionState.SUBMITTED]
    assert len(inbox_hanoi) >= 5 and len(inbox_cp) >= 5
    actors = set(db.scalars(select(LedgerEntry.actor_name).distinct()))
    assert {"badinh.reporter", "hanoi.approver", "vpcp.approver"} <= actors


def test_seeding_again_changes_nothing(demo_url: str) -> None:
    factory = session_factory_for(demo_url)
    with factory() as session:
        before = count_rows(session), session.scalar(select(func.count()).select_from(LedgerEntry))
        report = seed_demo(session)
        session.commit()
        after = count_rows(session), session.scalar(select(func.count()).select_from(LedgerEntry))
    factory.kw["bind"].dispose()
    assert not report.changed
    assert after == before and before[0]["submissions"] > 50


def test_audit_verify_passes_on_the_demo(demo_url: str) -> None:
    result = CliRunner().invoke(main, ["audit", "verify"], env={"BAOCAO_DATABASE_URL": demo_url})
    assert result.exit_code == 0, result.output
    assert "intact" in result.output


def test_periods_and_figures_are_reproducible(db: Session) -> None:
    """The periods follow the day of seeding; the figures of a period are always the same."""
    periods = demo_periods(db, date(2026, 11, 21))
    assert periods.months == ("2026-09", "2026-10", "2026-11")  # the 25 November deadline is ahead
    assert (periods.quarter, periods.year, periods.disaster_day) == ("2026-Q3", "2025", "2026-11-20")
    assert demo_periods(db, date(2026, 11, 26)).months[2] == "2026-12"

    quarter = demo_periods(db, today()).quarter
    submission = db.scalar(
        select(Submission)
        .join(Regime, Regime.id == Submission.regime_id)
        .join(UnitVersion, UnitVersion.unit_id == Submission.unit_id)
        .where(Regime.code == "NSNN_QUY", Submission.period == quarter, UnitVersion.code == "01")
    )
    assert submission is not None and submission.state == SubmissionState.ACCEPTED
    stored = {
        (element, key): value
        for element, key, value in db.execute(
            select(DataElement.code, DataValue.option_key, DataValue.value_num)
            .join(DataElement, DataElement.id == DataValue.data_element_id)
            .join(SubmissionVersion, SubmissionVersion.id == DataValue.submission_version_id)
            .where(SubmissionVersion.submission_id == submission.id)
        )
    }
    expected = figures.quarterly("01", quarter)
    assert {k: stored[k] for k in expected} == expected
    assert stored[("CHI_NSDP", "")] == pytest.approx(
        sum(v for (e, k), v in expected.items() if e == "CHI_NSDP")
    )  # the computed total


def test_the_demo_accounts_work_through_the_api(demo_url: str) -> None:
    """Signed in as the printed demo accounts: Ba Đình fixes its returned report and sends it again; Hà
    Nội and the Government Office find reports waiting. (Last in the file: it changes the demo.)"""
    with LiveServer(demo_url) as server, server.client() as http:

        def signed_in(username: str) -> dict[str, str]:
            answer = http.post(f"{API}/auth/token", json={"username": username, "password": DEMO_PASSWORD})
            assert answer.status_code == 200, answer.text
            return {"Authorization": f"Bearer {answer.json()['access_token']}"}

        hanoi, vpcp = signed_in("hanoi.approver"), signed_in("vpcp.approver")
        waiting = http.get(
            f"{API}/submissions", params={"receiver": "01", "state": "submitted"}, headers=hanoi
        )
        assert waiting.status_code == 200 and waiting.json()["total"] >= 5
        assert {s["regime"] for s in waiting.json()["items"]} == {"GD_XA_NAM"}
        waiting = http.get(
            f"{API}/submissions", params={"receiver": "CP", "state": "submitted"}, headers=vpcp
        )
        assert {"KTXH_THANG", "THIEN_TAI"} <= {s["regime"] for s in waiting.json()["items"]}

        badinh = signed_in("badinh.reporter")
        mine = http.get(f"{API}/submissions", params={"state": "returned"}, headers=badinh).json()["items"]
        assert [(s["regime"], s["unit"]) for s in mine] == [("GD_XA_NAM", "00004")]
        detail = http.get(f"{API}/submissions/{mine[0]['id']}", headers=badinh).json()
        assert detail["return_reason"] and detail["comments"]
        note = detail["comments"][0]
        old = next(
            v["value"]
            for v in detail["values"]
            if (v["element"], v["options"]) == (note["element"], note["options"])
        )
        fixed = {"cells": [{"element": note["element"], "options": note["options"], "value": old + 6}]}
        assert (
            http.put(f"{API}/submissions/{detail['id']}/values", json=fixed, headers=badinh).status_code
            == 200
        )
        sent = http.post(f"{API}/submissions/{detail['id']}/submit", json={}, headers=badinh)
        assert sent.status_code == 200, sent.text
        assert sent.json()["state"] == "submitted"


def test_history_runs_across_the_merger(db: Session) -> None:
    """A 2024 figure of Bắc Giang (code 24 until 30/6/2025) appears under today's Bắc Ninh (24)."""
    from baocao.access.scope import Scope
    from baocao.analytics.models import MapView
    from baocao.analytics.service import AnalyticsQuery, run_query
    from baocao.analytics.windows import Window
    from baocao.periods.periods import parse_period

    scope = Scope(db, unlimited=True)

    def value(unit: str, period: str, view: MapView) -> float | None:
        query = AnalyticsQuery(["GRDP_HH"], [Window.of(parse_period(period))], unit=unit, view=view)
        return run_query(db, scope, query)[0].value

    bac_giang = value("24", "2024", MapView.AS_IT_WAS)
    old_bac_ninh = value("27", "2024", MapView.AS_IT_WAS)
    assert bac_giang and old_bac_ninh
    assert value("24", "2024", MapView.TODAY) == pytest.approx(bac_giang + old_bac_ninh)
    assert value("24", "2010", MapView.AS_IT_WAS) is not None  # history from 2010
    assert value("24", "2025", MapView.TODAY) is not None  # and on across the merger

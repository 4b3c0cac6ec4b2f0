"""The one write path, called directly: types per cell, computed cells, all or nothing, the audit trail
of every change, required cells, the workflow's states, reopening into a new version, permissions."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from baocao.access.rules import Role
from baocao.errors import ApiError
from baocao.submissions import queries, service
from baocao.submissions.actors import CellInput, CellRemark
from baocao.submissions.models import DataValue, EntryPath, Submission, SubmissionVersion, ValueChange
from tests.submissions.env import OPEN, Env, actor, add_user


@pytest.fixture
def db(env: Env) -> Iterator[Session]:
    """A session on the shared world whose work is rolled back at the end."""
    session = env.session()
    try:
        yield session
    finally:
        session.rollback()
        session.close()


@pytest.fixture
def commune(env: Env) -> str:
    return env.spare_commune()


def _values(db: Session, submission: Submission) -> dict[tuple[str, str], float | str | None]:
    version = service.current_version(db, submission)
    return {
        (r.element, r.option_key): r.value_num if r.value_num is not None else r.value_text
        for r in queries.values_of(db, version.id)
    }


def _changes(db: Session, submission: Submission) -> list[ValueChange]:
    return list(
        db.scalars(
            select(ValueChange).where(ValueChange.submission_id == submission.id).order_by(ValueChange.id)
        )
    )


def _opened(db: Session, commune: str) -> tuple[Submission, str]:
    reporter = add_user(db, commune, Role.REPORTER)
    return service.open_submission(db, "T_XA", commune, OPEN, actor(db, reporter)), reporter


def test_values_are_typed_and_a_bad_one_stores_nothing(db: Session, commune: str) -> None:
    submission, reporter = _opened(db, commune)
    who = actor(db, reporter)
    service.write_values(db, submission, [CellInput("T_HS", "t_gt=nam", 10)], who)
    bad = [
        CellInput("T_HS", "t_gt=nu", "12,5"),  # not a number (comma)
        CellInput("T_TRUONG", "", 2.5),  # integer element
        CellInput("T_TYLE", "", 97.25),  # one decimal at most
        CellInput("T_HS", "", 30),  # computed cell
        CellInput("KHONG_CO", "", 1),  # no such cell
        CellInput("T_HS", "t_gt=nam;t_gt=nu", 1),  # malformed options
        CellInput("T_HS", "t_gt=nam", 11),  # fine on its own — but not stored either
    ]
    with pytest.raises(ApiError) as caught:
        service.write_values(db, submission, bad, who)
    error = caught.value
    assert (error.status, error.code, len(error.details)) == (422, "invalid_values", 6)
    assert [d.field for d in error.details] == ["value", "value", "value", "element", "element", "options"]
    assert error.details[0].location == "B01!R03.C1"
    assert _values(db, submission)[("T_HS", "t_gt=nam")] == 10
    assert len(_changes(db, submission)) == 1


def test_text_numbers_in_any_form_the_type_allows(db: Session, commune: str) -> None:
    submission, reporter = _opened(db, commune)
    who = actor(db, reporter)
    report = service.write_values(
        db,
        submission,
        [
            CellInput("T_HS", "t_gt=nam", " 12 "),
            CellInput("T_HS", "t_gt=nu", 13.0),
            CellInput("T_KINHPHI", "", "1500.50"),
            CellInput("T_GHICHU", "", "Trường mới"),
        ],
        who,
    )
    assert (report.changed, report.computed_changed) == (4, 1)
    values = _values(db, submission)
    assert values[("T_HS", "")] == 25
    assert values[("T_KINHPHI", "")] == 1500.5
    assert values[("T_GHICHU", "")] == "Trường mới"


def test_every_change_is_audited_with_old_and_new(db: Session, commune: str) -> None:
    submission, reporter = _opened(db, commune)
    who = actor(db, reporter, EntryPath.EXCEL)
    service.write_values(
        db, submission, [CellInput("T_HS", "t_gt=nam", 10), CellInput("T_HS", "t_gt=nu", 5)], who
    )
    again = service.write_values(db, submission, [CellInput("T_HS", "t_gt=nam", 10)], who)
    assert (again.changed, again.unchanged) == (0, 1)
    service.write_values(db, submission, [CellInput("T_HS", "t_gt=nu", None)], who)  # cleared
    trail = [(c.option_key, c.old_value, c.new_value) for c in _changes(db, submission)]
    assert trail == [
        ("t_gt=nam", None, "10"),
        ("t_gt=nu", None, "5"),
        ("", None, "15"),  # the computed total
        ("t_gt=nu", "5", None),
        ("", "15", None),  # a part is missing: no total (an empty cell never counts as 0)
    ]
    first = _changes(db, submission)[0]
    assert (first.actor_name, first.entry_path, first.client_address, first.version) == (
        reporter,
        "excel",
        "127.0.0.1",
        1,
    )


def test_submit_needs_required_cells_and_sections(db: Session, commune: str) -> None:
    submission, reporter = _opened(db, commune)
    who = actor(db, reporter)
    service.write_values(db, submission, [CellInput("T_HS", "t_gt=nam", 10)], who)
    with pytest.raises(ApiError) as caught:
        service.submit(db, submission, who)
    assert caught.value.status == 422
    assert {d.location for d in caught.value.details} == {"B01!R03.C1", "narrative"}
    service.write_values(db, submission, [CellInput("T_HS", "t_gt=nu", 9)], who, narrative={"I": "Đủ"})
    assert service.submit(db, submission, who).state == "submitted"


def test_states_and_lock_versions_are_enforced(db: Session, commune: str) -> None:
    submission, reporter = _opened(db, commune)
    who, approver = actor(db, reporter), actor(db, "hn.approver")
    with pytest.raises(ApiError) as caught:
        service.accept(db, submission, approver)
    assert caught.value.status == 409 and "draft" in caught.value.message_en
    seen = submission.lock_version
    service.write_values(db, submission, [CellInput("T_HS", "t_gt=nam", 1)], who)
    with pytest.raises(ApiError) as caught:
        service.write_values(
            db, submission, [CellInput("T_HS", "t_gt=nam", 2)], who, expected_lock_version=seen
        )
    assert caught.value.status == 409
    service.write_values(db, submission, [CellInput("T_HS", "t_gt=nu", 1)], who, narrative={"I": "x"})
    service.submit(db, submission, who)
    with pytest.raises(ApiError) as caught:
        service.write_values(db, submission, [CellInput("T_HS", "t_gt=nam", 3)], who)
    assert caught.value.status == 409 and "'submitted'" in caught.value.message_en
    with pytest.raises(ApiError) as caught:
        service.reopen(db, submission, approver, "sớm quá")
    assert caught.value.status == 409


def test_return_needs_a_reason_and_notes_name_real_cells(db: Session, commune: str) -> None:
    submission, reporter = _opened(db, commune)
    who, approver = actor(db, reporter), actor(db, "hn.approver")
    service.write_values(
        db, submission, [CellInput("T_HS", "t_gt=nam", 1), CellInput("T_HS", "t_gt=nu", 2)], who, {"I": "x"}
    )
    service.submit(db, submission, who)
    with pytest.raises(ApiError):
        service.return_submission(db, submission, approver, "  ")
    with pytest.raises(ApiError):
        service.return_submission(db, submission, approver, "", [CellRemark("KHONG_CO", "", "?")])
    version = service.return_submission(db, submission, approver, "", [CellRemark("T_HS", "t_gt=nu", "Sai")])
    assert version.state == "returned" and version.return_reason is None


def test_reopen_makes_a_new_version_and_keeps_the_old_one(db: Session, commune: str) -> None:
    submission, reporter = _opened(db, commune)
    who, approver = actor(db, reporter), actor(db, "hn.approver")
    service.write_values(
        db, submission, [CellInput("T_HS", "t_gt=nam", 7), CellInput("T_HS", "t_gt=nu", 8)], who, {"I": "x"}
    )
    service.submit(db, submission, who)
    accepted = service.accept(db, submission, approver)
    new = service.reopen(db, submission, approver, "Điều chỉnh theo số liệu chính thức")
    assert (new.version, new.state, submission.state, submission.current_version) == (2, "draft", "draft", 2)
    assert new.reopen_reason == "Điều chỉnh theo số liệu chính thức"
    assert _values(db, submission)[("T_HS", "t_gt=nam")] == 7  # copied
    service.write_values(db, submission, [CellInput("T_HS", "t_gt=nam", 17)], who)
    old = db.scalar(select(SubmissionVersion).where(SubmissionVersion.id == accepted.id))
    assert old is not None and old.state == "accepted"
    old_values = {(r.element, r.option_key): r.value_num for r in queries.values_of(db, old.id)}
    assert old_values[("T_HS", "t_gt=nam")] == 7
    assert [c.version for c in _changes(db, submission)][-2:] == [2, 2]  # part and total, in v2
    rows = db.scalar(
        select(func.count()).select_from(DataValue).where(DataValue.submission_version_id == new.id)
    )
    assert rows == 3


def test_permissions_follow_the_actors_scope(db: Session, commune: str) -> None:
    submission, reporter = _opened(db, commune)
    who = actor(db, reporter)
    service.write_values(
        db, submission, [CellInput("T_HS", "t_gt=nam", 1), CellInput("T_HS", "t_gt=nu", 2)], who, {"I": "x"}
    )
    for outsider in ("xa4.reporter", "hn.approver", "hn.reporter"):
        with pytest.raises(ApiError) as caught:
            service.write_values(db, submission, [CellInput("T_HS", "t_gt=nam", 5)], actor(db, outsider))
        assert caught.value.status == 403, outsider
    with pytest.raises(ApiError) as caught:
        service.open_submission(db, "T_XA", "00004", OPEN, who)
    assert caught.value.status == 403
    service.submit(db, submission, who)
    for outsider in (reporter, "hcm.approver", "vpcp.approver"):
        with pytest.raises(ApiError) as caught:
            service.accept(db, submission, actor(db, outsider))
        assert caught.value.status == 403, outsider
    assert service.accept(db, submission, actor(db, "hn.approver")).state == "accepted"


def test_a_unit_the_regime_does_not_expect_cannot_open(db: Session) -> None:
    with pytest.raises(ApiError) as caught:
        service.open_submission(db, "T_XA", "79", OPEN, service.system_actor())
    assert (caught.value.status, caught.value.code, caught.value.field) == (
        422,
        "not_a_reporting_unit",
        "unit",
    )
    with pytest.raises(ApiError) as caught:
        service.open_submission(db, "T_XA", "00004", "2026-Q1", service.system_actor())
    assert (caught.value.status, caught.value.field) == (422, "period")


def test_lists_hold_only_what_the_reader_may_see(db: Session, commune: str) -> None:
    submission, _ = _opened(db, commune)
    db.flush()
    everything = queries.Filters(regime="T_XA", period=OPEN)

    def listed(username: str) -> set[int]:
        rows, total = queries.list_submissions(db, actor(db, username).principal, everything, 1000, 0)
        assert total == len(rows)
        return {r.Submission.id for r in rows}

    assert submission.id in listed("hn.viewer")
    assert submission.id in listed("hn.approver")
    assert submission.id in listed("vpcp.leader")
    assert submission.id not in listed("xa4.reporter")
    assert listed("hcm.approver") == set()

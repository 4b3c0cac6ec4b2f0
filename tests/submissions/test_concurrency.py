"""Two people acting on one submission at the same moment: exactly one wins, the other gets 409 naming
the state the winner left. On PostgreSQL (READ COMMITTED, the default) with two real connections in two
threads that both read the submission before either acts."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from baocao.access.rules import Role
from baocao.errors import ApiError
from baocao.submissions import service
from baocao.submissions.actors import Actor, CellInput
from baocao.submissions.models import Submission
from tests.submissions.env import OPEN, Env, actor, add_user

Action = Callable[[Session, Submission, Actor], object]

pytestmark = pytest.mark.postgres_only


@pytest.fixture(autouse=True)
def _postgres_only(env: Env) -> None:
    if not env.url.startswith("postgresql"):
        pytest.skip("needs PostgreSQL: SQLite has no concurrent writers (one write lock per database)")


def _submitted(env: Env) -> tuple[int, str]:
    commune = env.spare_commune()
    with env.session() as db, db.begin():
        reporter = add_user(db, commune, Role.REPORTER)
        who = actor(db, reporter)
        submission = service.open_submission(db, "T_XA", commune, OPEN, who)
        cells = [CellInput("T_HS", "t_gt=nam", 1), CellInput("T_HS", "t_gt=nu", 2)]
        service.write_values(db, submission, cells, who, narrative={"I": "x"})
        service.submit(db, submission, who)
        return submission.id, reporter


def _race(
    env: Env, submission_id: int, first: tuple[str, Action], second: tuple[str, Action]
) -> list[object]:
    """Both threads load the submission, wait for each other, then act and commit."""
    barrier = threading.Barrier(2, timeout=30)
    outcomes: list[object] = [None, None]

    def run(slot: int, username: str, action: Action) -> None:
        with env.session() as db:
            level = db.execute(text("SHOW transaction_isolation")).scalar()
            assert level == "read committed"
            who = actor(db, username)
            submission = db.get(Submission, submission_id)
            assert submission is not None
            db.commit()  # the reads are done: nothing held, like two browsers showing the same page
            barrier.wait()
            try:
                outcomes[slot] = action(db, submission, who)
                db.commit()
            except ApiError as exc:
                db.rollback()
                outcomes[slot] = exc

    threads = [threading.Thread(target=run, args=(i, *pair)) for i, pair in enumerate((first, second))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return outcomes


def _one_wins(outcomes: list[object]) -> ApiError:
    errors = [o for o in outcomes if isinstance(o, ApiError)]
    assert len(errors) == 1, outcomes
    assert errors[0].status == 409 and errors[0].code == "conflict"
    return errors[0]


def test_two_approvers_accept_at_once(env: Env) -> None:
    sid, _ = _submitted(env)
    accept: Action = lambda db, s, a: service.accept(db, s, a)  # noqa: E731
    loser = _one_wins(_race(env, sid, ("hn.approver", accept), ("hn.approver2", accept)))
    assert "'accepted'" in loser.message_en


def test_accept_against_return(env: Env) -> None:
    sid, _ = _submitted(env)
    outcomes = _race(
        env,
        sid,
        ("hn.approver", lambda db, s, a: service.accept(db, s, a)),
        ("hn.approver2", lambda db, s, a: service.return_submission(db, s, a, "Sai")),
    )
    loser = _one_wins(outcomes)
    winner_state = "accepted" if not isinstance(outcomes[0], ApiError) else "returned"
    assert f"'{winner_state}'" in loser.message_en
    with env.session() as db:
        submission = db.get(Submission, sid)
        assert submission is not None and submission.state == winner_state


def test_revise_against_resubmit_with_the_version_each_saw(env: Env) -> None:
    """The same returned version open in two windows: one revises it, the other resubmits it."""
    sid, reporter = _submitted(env)
    with env.session() as db, db.begin():
        submission = db.get(Submission, sid)
        assert submission is not None
        service.return_submission(db, submission, actor(db, "hn.approver"), "Bổ sung")
        db.flush()
        seen = submission.lock_version
    revise: Action = lambda db, s, a: service.write_values(  # noqa: E731
        db, s, [CellInput("T_HS", "t_gt=nam", 5)], a, expected_lock_version=seen
    )
    resubmit: Action = lambda db, s, a: service.submit(db, s, a, expected_lock_version=seen)  # noqa: E731
    _one_wins(_race(env, sid, (reporter, revise), (reporter, resubmit)))


def test_the_version_column_alone_holds_under_read_committed(env: Env) -> None:
    """Without the row lock: the second UPDATE waits for the first, then matches no row (its
    ``lock_version`` is gone) and fails — it never overwrites the first one's change."""
    sid, _ = _submitted(env)
    first, second = env.session(), env.session()
    try:
        a, b = first.get(Submission, sid), second.get(Submission, sid)
        assert a is not None and b is not None and a.lock_version == b.lock_version
        a.state = "accepted"
        first.flush()  # holds the row lock
        b.state = "returned"
        failure: list[BaseException] = []

        def flush_second() -> None:
            try:
                second.flush()
            except BaseException as exc:
                failure.append(exc)

        waiting = threading.Thread(target=flush_second)
        waiting.start()
        waiting.join(1.0)
        assert waiting.is_alive()  # blocked behind the first transaction
        first.commit()
        waiting.join(30)
        assert failure and isinstance(failure[0], StaleDataError)
    finally:
        first.close()
        second.rollback()
        second.close()
    with env.session() as db:
        submission = db.get(Submission, sid)
        assert submission is not None and submission.state == "accepted"

"""``baocao audit verify``: a value changed behind the service's back, an edited or deleted ledger entry,
a state flipped by hand — each is found, named, and makes the command exit non-zero."""

from __future__ import annotations

import threading
from itertools import pairwise

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import select, text

from baocao.cli import main
from baocao.ledger.chain import GENESIS, compute_entry_hash
from baocao.ledger.models import LedgerEntry
from baocao.ledger.service import append_event, verify
from baocao.submissions import service
from baocao.submissions.actors import CellInput, system_actor
from baocao.submissions.models import Submission
from tests.conftest import FreshDatabase
from tests.submissions.env import OPEN, Env, actor


def _accepted(env: Env, commune: str, boys: int = 10) -> int:
    """A commune's report, submitted and accepted through the service."""
    with env.session() as db, db.begin():
        who, approver = system_actor("seed"), actor(db, "hn.approver")
        submission = service.open_submission(db, "T_XA", commune, OPEN, who)
        cells = [CellInput("T_HS", "t_gt=nam", boys), CellInput("T_HS", "t_gt=nu", 20)]
        service.write_values(db, submission, cells, who, narrative={"I": "x"})
        service.submit(db, submission, who)
        service.accept(db, submission, approver)
        return submission.id


def _verify(env: Env) -> Result:
    return CliRunner().invoke(main, ["audit", "verify"], env={"BAOCAO_DATABASE_URL": env.url})


def _raw(env: Env, sql: str, **params: object) -> None:
    with env.session() as db, db.begin():
        db.execute(text(sql), params)


def test_an_intact_ledger_verifies(env: Env) -> None:
    """The shared world: every story the other tests told through the service is intact."""
    _accepted(env, env.spare_commune())
    result = _verify(env)
    assert result.exit_code == 0, result.output
    assert "bút toán / entries" in result.output and "intact" in result.output


def test_a_value_changed_in_the_database_is_found(fresh_env: Env) -> None:
    sid = _accepted(fresh_env, "00004")
    _accepted(fresh_env, "00008")
    # Behind the service's back: "beautify" the figure of the first report.
    _raw(
        fresh_env,
        "UPDATE data_values SET value_num = :v WHERE option_key = :k AND submission_version_id IN "
        "(SELECT id FROM submission_versions WHERE submission_id = :s)",
        v=99,
        k="t_gt=nam",
        s=sid,
    )
    result = _verify(fresh_env)
    assert result.exit_code == 1, result.output
    assert "first broken entry" in result.output and "entry 2" in result.output
    with fresh_env.session() as db:
        report = verify(db)
    assert [(p.code, p.seq, p.submission_id) for p in report.problems] == [("content_mismatch", 2, sid)]


def test_an_edited_or_missing_entry_breaks_the_chain(fresh_env: Env) -> None:
    _accepted(fresh_env, "00004")
    _accepted(fresh_env, "00008")
    _raw(fresh_env, "UPDATE ledger_entries SET actor_name = :n WHERE seq = :s", n="someone else", s=3)
    with fresh_env.session() as db:
        first = verify(db).first_broken
    assert first is not None and (first.code, first.seq) == ("entry_tampered", 3)
    _raw(fresh_env, "DELETE FROM ledger_entries WHERE seq = :s", s=2)
    with fresh_env.session() as db:
        codes = [(p.code, p.seq) for p in verify(db).problems]
    assert ("gap", 3) in codes and ("broken_link", 3) in codes
    assert _verify(fresh_env).exit_code == 1


def test_a_state_flipped_by_hand_is_found(fresh_env: Env) -> None:
    sid = _accepted(fresh_env, "00004")
    _raw(fresh_env, "UPDATE submission_versions SET state = :st WHERE submission_id = :s", st="draft", s=sid)
    with fresh_env.session() as db:
        assert [p.code for p in verify(db).problems] == ["state_mismatch"]
    other = _accepted(fresh_env, "00008")
    _raw(fresh_env, "DELETE FROM ledger_entries WHERE submission_id = :s", s=other)
    with fresh_env.session() as db:
        codes = {p.code for p in verify(db).problems}
    assert "unrecorded_state" in codes


def test_entries_chain_from_genesis(env: Env) -> None:
    sid = _accepted(env, env.spare_commune())
    with env.session() as db:
        entries = list(db.scalars(select(LedgerEntry).order_by(LedgerEntry.seq)))
    assert entries[0].prev_hash == GENESIS
    assert all(later.prev_hash == earlier.entry_hash for earlier, later in pairwise(entries))
    assert all(compute_entry_hash(e) == e.entry_hash for e in entries)
    mine = [e for e in entries if e.submission_id == sid]
    assert [e.event for e in mine] == ["submit", "accept"]
    assert mine[0].content_digest == mine[1].content_digest  # nothing changed in between


@pytest.mark.postgres_only
def test_concurrent_appends_get_distinct_numbers_and_one_chain(
    backend: FreshDatabase, request: pytest.FixtureRequest
) -> None:
    if backend.backend != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises writers, appends cannot race there")
    fresh_env: Env = request.getfixturevalue("fresh_env")
    sids = [_accepted(fresh_env, code) for code in ("00004", "00008")]
    barrier = threading.Barrier(len(sids) * 2, timeout=30)
    failures: list[BaseException] = []

    def append(sid: int) -> None:
        try:
            with fresh_env.session() as db, db.begin():
                submission = db.get(Submission, sid)
                assert submission is not None
                version = service.current_version(db, submission)
                barrier.wait()
                append_event(db, submission, version, "accept", system_actor("race"))
        except BaseException as exc:
            failures.append(exc)

    threads = [threading.Thread(target=append, args=(sid,)) for sid in sids * 2]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not failures, failures
    with fresh_env.session() as db:
        report = verify(db)
        seqs = list(db.scalars(select(LedgerEntry.seq).order_by(LedgerEntry.seq)))
    assert report.ok, report.problems
    assert seqs == list(range(1, 9))

"""Writing a prepared batch: submissions and versions (ids back), values, the audit of replaced cells,
facts, rollups and the ledger — each one set-based statement or ``COPY``, in the caller's transaction.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import cast

from sqlalchemy import Table, bindparam, select, text, update
from sqlalchemy.orm import Session

from baocao.analytics import queries as aq
from baocao.analytics.graph import unit_graph
from baocao.analytics.maintain import element_rules
from baocao.analytics.models import Fact, FactStatus
from baocao.catalog.models import UnitAggregation
from baocao.imports import canon
from baocao.imports.batch import CHUNK, Batch, Pending
from baocao.imports.rollups import TABLES as ROLLUP_TABLES
from baocao.imports.rollups import Trees, carry, load_trees, rolls_of, write
from baocao.imports.temp import TempTables
from baocao.imports.writer import BulkWriter
from baocao.ledger.chain import LedgerEvent, ledger_head
from baocao.ledger.models import LedgerEntry
from baocao.submissions.cells import stored_of
from baocao.submissions.models import DataValue, Submission, SubmissionState, SubmissionVersion, ValueChange
from baocao.timeutil import today

ACCEPTED = SubmissionState.ACCEPTED.value
Key = tuple[int, str, str, int]  # element id, period, option key, unit id
TABLES = {
    **ROLLUP_TABLES,
    "bulk_versions": "version_id INTEGER PRIMARY KEY, submission_id INTEGER, version INTEGER, "
    "unit_id INTEGER, "
    "period VARCHAR(16), type VARCHAR(16), start DATE, stop DATE",
}
FACT_COLUMNS = (
    "data_element_id",
    "unit_id",
    "period",
    "period_type",
    "period_start",
    "period_end",
    "option_key",
    "value",
    "submission_id",
    "version",
    "status",
    "known_from",
)


def _table(model: type) -> Table:
    return cast(Table, model.__table__)  # type: ignore[attr-defined]


def _submissions(batch: Batch, writer: BulkWriter, writing: list[Pending]) -> None:
    now, session = batch.now, batch.session
    new = [p for p in writing if p.submission_id is None]
    table = _table(Submission)
    at = writer.bind(table, "created_at", now)
    day = writer.day_converter(table)
    regime = batch.resolver.regime.id
    rows: list[tuple[object, ...]] = [
        (regime, p.when.version_id, p.unit.unit_id, p.receiver_id, p.when.text, day(p.when.start),
         day(p.when.end), day(p.when.deadline), ACCEPTED, 1, at, 1, at, at)
        for p in new
    ]  # fmt: skip
    columns = (
        "regime_id", "regime_version_id", "unit_id", "receiver_unit_id", "period", "period_start",
        "period_end", "deadline", "state", "current_version", "first_submitted_at", "lock_version",
        "created_at", "updated_at",
    )  # fmt: skip
    for pending, sid in zip(new, writer.insert_ids(table, columns, rows), strict=True):
        pending.submission_id = sid
    replaced = [{"sid": p.submission_id, "number": p.version} for p in writing if p.old_version_id]
    if replaced:
        stmt = (
            update(table)
            .where(table.c.id == bindparam("sid"))
            .values(
                current_version=bindparam("number"),
                state=ACCEPTED,
                updated_at=now,
                lock_version=table.c.lock_version + 1,
            )
        )
        session.execute(stmt, replaced)


def _versions(batch: Batch, writer: BulkWriter, writing: list[Pending]) -> list[int]:
    user, table = batch.actor.user_id, _table(SubmissionVersion)
    at = writer.bind(table, "created_at", batch.now)
    empty = json.dumps({})
    rows: list[tuple[object, ...]] = [
        (p.submission_id, p.version, ACCEPTED,
         json.dumps(p.narrative, ensure_ascii=False) if p.narrative else empty,
         at, user, at, user, at, user, p.digest)
        for p in writing
    ]  # fmt: skip
    columns = (
        "submission_id", "version", "state", "narrative", "created_at", "created_by_id", "submitted_at",
        "submitted_by_id", "decided_at", "decided_by_id", "content_digest",
    )  # fmt: skip
    return writer.insert_ids(table, columns, rows)


def _changes(batch: Batch, writer: BulkWriter, writing: list[Pending]) -> None:
    """``value_changes`` of the replaced submissions: each cell whose value differs, old → new."""
    old_ids = {p.old_version_id: p for p in writing if p.old_version_id}
    if not old_ids:
        return
    old: dict[int, dict[tuple[int, str], str | None]] = {i: {} for i in old_ids}
    ids = sorted(i for i in old_ids if i is not None)
    for first in range(0, len(ids), CHUNK):
        stmt = select(
            DataValue.submission_version_id,
            DataValue.data_element_id,
            DataValue.option_key,
            DataValue.value_num,
            DataValue.value_text,
        ).where(DataValue.submission_version_id.in_(ids[first : first + CHUNK]))
        for vid, e, o, num, words in batch.session.execute(stmt):
            old[vid][(e, o)] = stored_of(num, words).shown()
    table, actor = _table(ValueChange), batch.actor
    at = writer.bind(table, "at", batch.now)
    rows = []
    for vid, pending in old_ids.items():
        before = old[cast(int, vid)]
        after = {k: stored_of(v, None).shown() if type(v) is float else v for k, v in pending.values.items()}
        for key in sorted(before.keys() | after.keys()):
            if before.get(key) != after.get(key):
                rows.append(
                    (
                        at,
                        actor.user_id,
                        actor.name[:120],
                        actor.entry_path.value,
                        actor.client_address,
                        pending.submission_id,
                        pending.version,
                        key[0],
                        key[1],
                        before.get(key),
                        after.get(key),
                    )
                )
    columns = (
        "at",
        "actor_id",
        "actor_name",
        "entry_path",
        "client_address",
        "submission_id",
        "version",
        "data_element_id",
        "option_key",
        "old_value",
        "new_value",
    )
    writer.insert(table, columns, rows)


def _value_rows(
    writing: list[Pending], version_ids: list[int], figures: list[tuple[object, ...]]
) -> Iterator[tuple[object, ...]]:
    """The ``data_values`` rows; the numbers are also collected as own figures (``bulk_figures``)."""
    for pending, vid in zip(writing, version_ids, strict=True):
        u, p, sid, ver = pending.unit.unit_id, pending.when.text, pending.submission_id, pending.version
        for (e, o), value in pending.values.items():
            if type(value) is float:
                figures.append((e, p, o, u, value, sid, ver))
                yield (vid, e, o, value, None)
            else:
                yield (vid, e, o, None, value)


def _stage(batch: Batch, temp: TempTables, writing: list[Pending], version_ids: list[int]) -> None:
    """The batch's versions and periods as temporary tables the set-based statements join."""
    table = _table(Fact)
    dates: dict[object, object] = {}

    def day(value: object) -> object:
        if value not in dates:
            dates[value] = temp.writer.bind(table, "period_start", value)
        return dates[value]

    periods: dict[str, tuple[object, ...]] = {}
    rows = []
    for pending, vid in zip(writing, version_ids, strict=True):
        when = pending.when
        found = periods.get(when.text)
        if found is None:
            found = periods[when.text] = (when.text, when.period.type.value, day(when.start), day(when.end))
        rows.append((vid, pending.submission_id, pending.version, pending.unit.unit_id, *found))
    temp.fill("bulk_versions", rows)
    temp.fill("bulk_periods", periods.values())
    temp.analyze("bulk_versions", "bulk_periods")


def _facts(batch: Batch, temp: TempTables, writing: list[Pending], figures: list[tuple[object, ...]]) -> None:
    """Close the facts of replaced versions; the new versions' numbers (plus the totals over options
    the form did not give, as ``maintain.with_totals``) become accepted facts, in SQL; the new own
    figures go to ``bulk_figures``, with the latest other figure of a value a new version dropped."""
    session, resolver = batch.session, batch.resolver
    replaced = sorted(cast(int, p.submission_id) for p in writing if p.old_version_id)
    removed: set[Key] = set()
    for sid in replaced:
        removed.update(
            (e, p, o, u) for e, u, p, o in session.execute(aq.current_facts_of(sid, FactStatus.ACCEPTED))
        )
        session.execute(aq.supersede(sid, (FactStatus.SUBMITTED, FactStatus.ACCEPTED), batch.now))
    elements = {
        c.element_id for vid in {p.when.version_id for p in writing} for c in resolver.by_key[vid].values()
    }
    missing = sorted(elements - resolver.rules.keys())
    if missing:
        resolver.rules.update(element_rules(session, missing))
    totals = [
        e for e in sorted(elements)
        if (rule := resolver.rules.get(e))
        and rule.categories == 1 and rule.units == UnitAggregation.SUM.value
    ]  # fmt: skip
    known_from = temp.writer.bind(_table(Fact), "known_from", batch.now)
    temp.fill("bulk_figures", figures, ("e", "p", "o", "u", "s", "sid", "ver"))
    if totals:  # per version and element: the sum of the options, unless the form gave the total
        marks = ", ".join(f":t{i}" for i in range(len(totals)))
        session.execute(
            text(
                "INSERT INTO bulk_figures (e, p, o, u, s, sid, ver) "  # noqa: S608 - fixed text
                "SELECT e, p, '', u, sum(CASE WHEN o <> '' THEN s ELSE 0 END), sid, ver FROM bulk_figures "
                f"WHERE e IN ({marks}) GROUP BY sid, ver, e, p, u "
                "HAVING max(CASE WHEN o = '' THEN 1 ELSE 0 END) = 0"
            ),
            {f"t{i}": e for i, e in enumerate(totals)},
        )
    session.execute(
        text(
            f"INSERT INTO analytics_facts ({', '.join(FACT_COLUMNS)}) "  # noqa: S608 - fixed names
            "SELECT f.e, f.u, f.p, bp.type, bp.start, bp.stop, f.o, f.s, f.sid, f.ver, :status, :known_from "
            "FROM bulk_figures f JOIN bulk_periods bp ON bp.p = f.p ORDER BY f.e, f.u"
        ),  # in the order of the (element, unit, ...) index: its pages are visited in turn
        {"status": FactStatus.ACCEPTED.value, "known_from": known_from},
    )
    if removed:  # a value the new version no longer has: the latest other accepted figure, if any
        gone = removed - {tuple(k) for k in session.execute(text("SELECT e, p, o, u FROM bulk_figures"))}
        if gone:
            stmt = aq.current_accepted(
                sorted({k[0] for k in gone}), sorted({k[3] for k in gone}), sorted({k[1] for k in gone})
            )
            latest: dict[Key, tuple[float, float, int, int]] = {}
            for e, u, p, o, value in session.execute(stmt):
                latest.setdefault((e, p, o, u), (float(value), 1.0, 1, 0))
            temp.fill(
                "bulk_figures",
                ((*k, *latest.get(k, (0.0, 0.0, 0, 0)), None, None) for k in sorted(gone)),
                ("e", "p", "o", "u", "s", "w", "n", "a", "sid", "ver"),
            )


def _rollups(batch: Batch, temp: TempTables, writing: list[Pending]) -> None:
    session, rules = batch.session, batch.resolver.rules
    missing = sorted(
        {e for (e,) in session.execute(text("SELECT DISTINCT e FROM bulk_figures"))} - rules.keys()
    )  # elements only an older version had
    if missing:
        rules.update(element_rules(session, missing))
    temp.fill("bulk_rolls", ((e,) for e in rolls_of({e: r.units for e, r in rules.items()})))
    trees = Trees(unit_graph(session), today())
    for pending in writing:
        when = pending.when
        trees.add(pending.unit.unit_id, when.text, when.start, when.end)
    load_trees(temp, trees)
    temp.analyze("bulk_figures", "bulk_tree", "bulk_today", "bulk_targets", "bulk_rolls", "bulk_periods")
    carry(session, trees)
    write(session)


def _ledger(batch: Batch, writer: BulkWriter, writing: list[Pending]) -> None:
    """One ``accept`` entry per version, chained after the current head."""
    session, actor = batch.session, batch.actor
    seq, prev = ledger_head(session)
    table = _table(LedgerEntry)
    at = writer.bind(table, "at", batch.now)
    event = LedgerEvent.ACCEPT.value
    at_json, event_json = canon.at_json(batch.now), canon.js(event)
    name = actor.name[:120]
    actor_json = canon.actor_json(actor.user_id, name)
    rows = []
    for pending in writing:
        seq += 1
        sid = cast(int, pending.submission_id)
        entry_hash = canon.entry_hash(
            seq, at_json, event_json, sid, pending.version, actor_json, pending.digest, prev
        )
        rows.append(
            (seq, at, event, sid, pending.version, actor.user_id, name, pending.digest, prev, entry_hash)
        )
        prev = entry_hash
    writer.insert(
        table,
        (
            "seq",
            "at",
            "event",
            "submission_id",
            "version",
            "actor_id",
            "actor_name",
            "content_digest",
            "prev_hash",
            "entry_hash",
        ),
        rows,
    )


def persist(batch: Batch, writing: list[Pending]) -> None:
    session: Session = batch.session
    writer = BulkWriter(session)
    temp = TempTables(writer, TABLES)
    _submissions(batch, writer, writing)
    version_ids = _versions(batch, writer, writing)
    figures: list[tuple[object, ...]] = []
    writer.insert(
        _table(DataValue),
        ("submission_version_id", "data_element_id", "option_key", "value_num", "value_text"),
        _value_rows(writing, version_ids, figures),
    )
    _changes(batch, writer, writing)
    _stage(batch, temp, writing, version_ids)
    _facts(batch, temp, writing, figures)
    _rollups(batch, temp, writing)
    _ledger(batch, writer, writing)

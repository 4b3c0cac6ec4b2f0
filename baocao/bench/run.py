"""Running the benchmark: load through the public import path, load the same rows raw (the baseline),
ask the five questions three ways, measure freshness and peak memory. Returns one flat result."""

from __future__ import annotations

import csv
import gc
import math
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from functools import partial
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Table, text
from sqlalchemy.orm import Session

from baocao.access.models import ScopeMode
from baocao.access.rules import Role
from baocao.access.scope import Grant, Scope
from baocao.analytics.graph import UnitGraph, unit_graph
from baocao.analytics.service import AnalyticsQuery, run_query
from baocao.analytics.windows import Window
from baocao.bench.generator import Scale, as_import, commune_rows, months, province_rows, units_at
from baocao.bench.indicators import ensure_indicators
from baocao.bench.queries import MAP, RAW, Question, mismatch, questions, rows_mismatch, shout
from baocao.bench.world import COMMUNE_REGIME, PROVINCE_REGIME, build_world, province_elements
from baocao.imports.service import import_values
from baocao.imports.writer import BulkWriter
from baocao.periods.periods import Period, PeriodType
from baocao.storage.engine import make_engine, make_session_factory, transaction
from baocao.storage.migrate import upgrade
from baocao.submissions import service
from baocao.submissions.actors import CellInput, system_actor
from baocao.submissions.models import EntryPath, SubmissionState
from baocao.submissions.resolve import resolve_target
from baocao.timeutil import today
from baocao.units.service import resolve_unit

Say = Callable[[str], None]
ACTOR = system_actor("bench", EntryPath.API)


def peak_rss_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: kilobytes


def p95(timings: list[float]) -> float:
    ordered = sorted(timings)
    return round(ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)] * 1000, 2)


def timed(repeats: int, call: Callable[[], object]) -> float:
    call()  # warm caches (unit graph, prepared statements) once, as a running server has them
    found = []
    for _ in range(repeats):
        started = time.perf_counter()
        call()
        found.append(time.perf_counter() - started)
    return p95(found)


def national_scope(session: Session, government_id: int) -> Scope:
    """What the Government Office's leaders get: a national view."""
    grant = Grant(0, government_id, Role.LEADER, ScopeMode.NONE, ScopeMode.NATIONAL, False)
    return Scope(session, (grant,))


Rows = Callable[[UnitGraph, Scale], Iterator[tuple[str, int, str, str, str, float]]]


def raw_rows(
    graph: UnitGraph, scale: Scale, sources: tuple[Rows, ...] = (commune_rows, province_rows)
) -> Iterator[tuple[object, ...]]:
    """The generated rows as the raw table holds them: (element, unit id, period, options, value)."""
    for rows in sources:
        for element, unit_id, _, period, options, value in rows(graph, scale):
            yield (element, unit_id, period, options, value)


def _map_rows(graph: UnitGraph, scale: Scale) -> list[tuple[object, ...]]:
    """Each commune's province as it was (on its period's last day) and today (weighted)."""
    on = today()

    def province(unit_id: int, day: Any) -> int | None:
        for uid in graph.path_up(unit_id, day):
            found = graph.at(uid, day)
            if found and found.level == "province":
                return uid
        return None

    seen: set[int] = set()
    rows: list[tuple[object, ...]] = []
    for period in months(scale):
        for unit_id, _ in units_at(graph, "commune", period.end):
            if unit_id in seen:
                continue
            seen.add(unit_id)
            rows.append(
                (
                    unit_id,
                    "as_it_was",
                    province(unit_id, graph.last_day_within(unit_id, period.start, period.end)),
                    1.0,
                )
            )
            weights: dict[int, float] = defaultdict(float)
            for target, weight, _ in graph.today_targets(unit_id, on):
                found = province(target, on)
                if found is not None:
                    weights[found] += weight
            rows += [(unit_id, "today", p, w) for p, w in weights.items()]
    return rows


def _progress(say: Say, regime: str, count: int) -> None:
    say(f"  {regime}: {count:,} values")


def load_ours(url: str, scale: Scale, say: Say) -> dict[str, Any]:
    factory = make_session_factory(make_engine(url))
    started = time.perf_counter()
    values = 0
    with transaction(factory) as session:
        graph = unit_graph(session)
        for regime, rows in ((COMMUNE_REGIME, commune_rows), (PROVINCE_REGIME, province_rows)):
            report = import_values(
                session,
                regime,
                as_import(rows(graph, scale)),
                ACTOR,
                source=f"bench:{regime}",
                on_progress=partial(_progress, say, regime),
            )
            values += report.values
    seconds = time.perf_counter() - started
    return {
        "values": values,
        "import_seconds": round(seconds, 1),
        "import_values_per_s": round(values / seconds),
    }


def load_baseline(url: str, scale: Scale) -> dict[str, Any]:
    """The same rows into a plain table (no index while loading), same engine, one transaction."""
    engine = make_engine(url)
    with engine.begin() as conn:
        create_raw_tables(conn)
    factory = make_session_factory(engine)
    with transaction(factory) as session:
        graph = unit_graph(session)
    started = time.perf_counter()
    with transaction(factory) as session:
        count = insert_raw(session, raw_rows(graph, scale))
    seconds = time.perf_counter() - started
    with transaction(factory) as session:
        BulkWriter(session).insert(
            Table(MAP, _metadata()), ("unit_id", "kind", "province_id", "weight"), _map_rows(graph, scale)
        )
        session.execute(text(f"CREATE INDEX ix_{RAW}_element_period ON {RAW} (element, period)"))
        session.execute(text(f"CREATE INDEX ix_{MAP}_unit ON {MAP} (unit_id, kind)"))
    with engine.begin() as conn:
        conn.execute(text(f"ANALYZE {RAW}, {MAP}" if engine.dialect.name == "postgresql" else "ANALYZE"))
    engine.dispose()
    return {"baseline_values": count, "baseline_import_values_per_s": round(count / seconds)}


def create_raw_tables(conn: Connection) -> None:
    """The raw values table and the unit map, new and empty."""
    conn.execute(text(f"DROP TABLE IF EXISTS {RAW}"))
    conn.execute(text(f"DROP TABLE IF EXISTS {MAP}"))
    conn.execute(
        text(
            f"CREATE TABLE {RAW} (element VARCHAR(40), unit_id INTEGER, period VARCHAR(16), "
            "options VARCHAR(200), value FLOAT)"
        )
    )
    conn.execute(
        text(f"CREATE TABLE {MAP} (unit_id INTEGER, kind VARCHAR(12), province_id INTEGER, weight FLOAT)")
    )


def insert_raw(session: Session, rows: Iterable[tuple[object, ...]]) -> int:
    columns = ("element", "unit_id", "period", "options", "value")
    return BulkWriter(session).insert(Table(RAW, _metadata()), columns, rows)


def _metadata() -> Any:
    from sqlalchemy import MetaData

    return MetaData()


def _plain(session: Session, q: Question) -> object:
    return session.execute(text(q.sql), q.params).all()


def ask(
    url: str, scale: Scale, problems: list[str] | None = None
) -> tuple[list[Question], dict[str, float], dict[str, float], dict[str, int]]:
    """Time each question our way and as a plain GROUP BY; what differs goes to stderr and ``problems``."""
    engine = make_engine(url)
    factory = make_session_factory(engine)
    ours: dict[str, float] = {}
    plain: dict[str, float] = {}
    sizes: dict[str, int] = {}
    # The import left a large heap behind: without this, one full garbage collection (~120 ms at the
    # quick scale) lands inside whichever question happens to trigger it and becomes its p95. A
    # long-running server freezes its start-up heap the same way (``gc.freeze``).
    gc.collect()
    gc.freeze()
    postgres = engine.dialect.name == "postgresql"
    with engine.begin() as conn:  # fresh planner statistics for every table asked (autovacuum lags)
        tables = f"analytics_rollups, analytics_facts, {RAW}, {MAP}"
        conn.execute(text(f"ANALYZE {tables}" if postgres else "ANALYZE"))
    with factory() as session:
        if postgres:  # each execution planned for its own values: a generic plan of a repeated
            # statement guessed 34 rows where there are 80,000 and made the GROUP BY look slower
            session.execute(text("SET plan_cache_mode = force_custom_plan"))
        hanoi = resolve_unit(session, "01", today()).unit_id
        scope = national_scope(session, resolve_unit(session, "CP", today()).unit_id)
        asked = questions(scale, hanoi)
        for q in asked:
            answer = q.ours(session, scope)
            sizes[q.name] = len(answer)
            _report(problems, mismatch(q, answer, list(session.execute(text(q.sql), q.params))))
            ours[q.name] = timed(scale.repeats, partial(q.ours, session, scope))
            plain[q.name] = timed(scale.repeats, partial(_plain, session, q))
    engine.dispose()
    gc.unfreeze()
    return asked, ours, plain, sizes


def _report(problems: list[str] | None, problem: str | None) -> None:
    shout(problem)
    if problem and problems is not None:
        problems.append(problem)


def freshness(url: str) -> float:
    """Accept one submission through the normal write path; the next answer has it. A run before this
    one on the same database (``--reuse``) accepted this month's: it is reopened first (not timed) and
    gets a new value, so the answer proves the new one arrived."""
    factory = make_session_factory(make_engine(url))
    month = Period.of(today(), PeriodType.MONTH)
    element = province_elements()[0]
    with transaction(factory) as session:
        existing = service.find_submission(
            session, resolve_target(session, PROVINCE_REGIME, "01", str(month))
        )
        if existing is not None and existing.state == SubmissionState.ACCEPTED.value:
            service.reopen(session, existing, ACTOR, "Đo lại độ tươi / freshness measured again")
        version = existing.current_version if existing is not None else 1
    value = 4321.5 + version - 1
    started = time.perf_counter()
    with transaction(factory) as session:
        submission = service.open_submission(session, PROVINCE_REGIME, "01", str(month), ACTOR)
        service.write_values(session, submission, [CellInput(element, "", value)], ACTOR)
        service.submit(session, submission, ACTOR)
        service.accept(session, submission, ACTOR)
    with factory() as session:
        scope = national_scope(session, resolve_unit(session, "CP", today()).unit_id)
        answer = run_query(session, scope, AnalyticsQuery([element], [Window.of(month)], unit="01"))
    elapsed = time.perf_counter() - started
    assert answer and answer[0].value == value, (value, answer)
    return round(elapsed * 1000, 1)


def _duck(con: Any, sql: str, params: dict[str, Any]) -> object:
    return con.execute(sql, params).fetchall()


def duckdb_timings(
    url: str, asked: list[Question], scale: Scale, problems: list[str] | None = None
) -> dict[str, float]:
    """The same rows and map in DuckDB (fed from the store through a CSV file); the same SQL."""
    import re

    import duckdb

    engine = make_engine(url)
    con = duckdb.connect()
    with tempfile.TemporaryDirectory() as folder, engine.connect() as conn:
        for table, columns in (
            (RAW, "element VARCHAR, unit_id INTEGER, period VARCHAR, options VARCHAR, value DOUBLE"),
            (MAP, "unit_id INTEGER, kind VARCHAR, province_id INTEGER, weight DOUBLE"),
        ):
            path = Path(folder) / f"{table}.csv"
            with path.open("w", newline="", encoding="utf-8") as handle:
                out = csv.writer(handle)
                rows = conn.execution_options(stream_results=True).execute(text(f"SELECT * FROM {table}"))  # noqa: S608
                for row in rows:
                    out.writerow(row)
            con.execute(f"CREATE TABLE {table} ({columns})")
            con.execute(f"COPY {table} FROM '{path}' (HEADER false)")
    engine.dispose()
    found = {}
    with engine.connect() as conn:  # DuckDB answers what the SQL baseline answers
        for q in asked:
            sql = re.sub(r":(\w+)", r"$\1", q.sql)
            plain = list(conn.execute(text(q.sql), q.params))
            duck = con.execute(sql, q.params).fetchall()
            _report(problems, rows_mismatch(f"DuckDB {q.name}", duck, plain, keyed=q.keyed))
    engine.dispose()
    for q in asked:
        sql = re.sub(r":(\w+)", r"$\1", q.sql)
        found[q.name] = timed(scale.repeats, partial(_duck, con, sql, q.params))
    con.close()
    return found


def setup(url: str, scale: Scale) -> None:
    """Migrate, then the world, its indicators and this year's targets (all idempotent)."""
    upgrade(url)
    with transaction(make_session_factory(make_engine(url))) as session:
        build_world(session, scale.commune_elements)
        ensure_indicators(session, months(scale)[-1].start.year)
